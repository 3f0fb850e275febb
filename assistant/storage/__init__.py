"""Storage: durable files and locks (files.py), the PostgreSQL connection and
its migrations (pgdb.py). Imports only `errors`; every wing may import it."""
