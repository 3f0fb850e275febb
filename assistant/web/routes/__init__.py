"""The JSON API, one module per concern: questions, feedback and /healthz
(ask.py), the articles (articles.py), admin (admin.py), the editors (editors.py).
Imports the web's own gate and limits, its pages (the /docs page) and the
wings below the web."""
