"""The ASGI app (app.py): the Gradio chat at / (chat/), a JSON API under
/api (routes/), server-rendered pages (pages/), and the layers around them,
each wired in one place: security headers and limits (edge.py), what a
client may ask of Gradio (guard.py), the frameworks' own errors in Swedish
(framework_errors.py), the queue (gate.py), sign-in and governance
(access.py, access_log.py), the editors' parts (editors.py).
May import every wing below it; nothing imports it."""
