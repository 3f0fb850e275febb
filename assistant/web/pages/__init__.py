"""Server-rendered HTML pages in Swedish: the template, the corpus page and
the statement (site.py), the reader (reader.py), privacy (privacy.py), the
API docs (docs.py), the editors' pages (editors.py), and the Swedish head
of Gradio's page (head.py). Imports the wings below the web, not routes."""
