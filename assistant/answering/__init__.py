"""Answering: the question pipeline every entry point calls (pipeline.py:
`ask`, in ordered steps, and the assistant's live index), the request and
its one check (request.py, questions.py), personal-data screening
(screening.py), follow-ups (followup.py), the answer composed (answer.py,
metadata.py, declines.py), cited (citation.py), rendered for the chat
(render.py) and as JSON (contract.py), and the evaluation (evaluation.py).
Imports retrieval, index, corpus, governance, swedish, config and errors;
never web, cli or editors (observers are passed in)."""
