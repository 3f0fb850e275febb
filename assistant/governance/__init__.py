"""Governance: who may do what (identity.py), personal data (personal_data.py),
the audit log and retention (audit.py, retention.py), metrics (metrics.py),
officials' feedback in SQLite or PostgreSQL (feedback.py, pgfeedback.py) and
the signing of answers (signing.py). Imports only storage, config and errors."""
