"""The Gradio chat: Swedish, quotes only, no external resources."""

from __future__ import annotations

import logging
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from .errors import AssistantError, BadQuestion  # noqa: E402
from .render import answer_html, escape  # noqa: E402

log = logging.getLogger(__name__)

TITLE = "Fråga artiklarna om ledning och samverkan"
DESCRIPTION = (
    "Ställ en fråga om hur kommuner organiserar ledning och samverkan i socialtjänst och "
    "äldreomsorg. **Svaren är ordagranna citat ur de listade artiklarna, inte genererad text.** "
    "Varje citat visar vilken artikel det kommer från."
)
EXAMPLES = [
    "Vem är socialchef i Vårgårda?",
    "Hur samverkar Bengtsfors och Mellerud?",
    "Vad är tillitsbaserad ledning och styrning?",
    "Hur arbetar hemtjänstgruppen Linden i Söderhamn?",
]
# System fonts only: nothing is fetched from outside the intranet.
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
)
CSS = """
.quote { border-left: 4px solid #1f4e79; margin: 0.6em 0 0.2em; padding: 0.2em 0.8em;
         font-style: normal; color: inherit; }
.source { font-size: 0.9em; margin: 0 0 0.8em; color: inherit; opacity: 0.85; }
"""


def make_respond(assistant):
    def respond(message: str, history: list) -> str:
        try:
            return answer_html(assistant.ask(message))
        except BadQuestion as err:
            return escape(str(err))
        except AssistantError as err:
            raise gr.Error(str(err)) from None
        except Exception:
            log.exception("chat failed")
            raise gr.Error("Något gick fel. Försök igen om en stund.") from None

    return respond


def build_ui(assistant) -> gr.Blocks:
    with gr.Blocks(title=TITLE) as ui:
        gr.Markdown(f"# {TITLE}\n{DESCRIPTION}")
        chatbot = gr.Chatbot(
            label="Samtal", height=520, sanitize_html=True, render_markdown=True,
            placeholder="Skriv din fråga i rutan nedan.", buttons=["copy"],
            feedback_options=None)
        gr.ChatInterface(
            make_respond(assistant),
            chatbot=chatbot,
            textbox=gr.Textbox(placeholder="Skriv en fråga …", label="Din fråga", max_length=1000,
                               submit_btn="Fråga", stop_btn=False),
            examples=EXAMPLES,
            examples_label="Exempel på frågor",
            fill_height=False,
            api_name="ask",
        )
    return ui
