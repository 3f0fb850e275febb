"""Answering: the assistant and its question pipeline (pipeline.py), the
question checked (questions.py) and resolved (followup.py), the answer
composed (answer.py, metadata.py), cited (citation.py), rendered for the
chat (render.py) and as JSON (contract.py); personal-data screening
(screening.py) and the evaluation (evaluation.py). Imports retrieval,
index, corpus, governance, swedish, config and errors."""
