"""The Gradio chat: the interface and its handlers (ui.py) and its look
(look.py). Imports the web's limits and the wings below the web."""
