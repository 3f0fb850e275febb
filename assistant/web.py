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
    "Varje citat visar vilken artikel det kommer från. Du kan ställa följdfrågor, till exempel "
    "”Och i Tranemo?”."
)
EXAMPLES = [
    "Vem är socialchef i Vårgårda?",
    "Hur samverkar Bengtsfors och Mellerud?",
    "Vilka kommuner arbetar med tillitsbaserad styrning?",
    "Hur arbetar hemtjänstgruppen Linden i Söderhamn?",
]
ALL = "Alla"
# System fonts only: nothing is fetched from outside the intranet.
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
)
CSS = """
.quote { border-left: 4px solid #1f4e79; margin: 0.6em 0 0.2em; padding: 0.2em 0.8em;
         font-style: normal; color: inherit; }
.source { font-size: 0.9em; margin: 0 0 0.8em; color: inherit; }
"""


def _text(content) -> str:
    """A chat message's text: Gradio 6 sends a list of parts, older a string."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return content.get("text") or ""
    if isinstance(content, (list, tuple)):
        return " ".join(_text(part) for part in content)
    return ""


def earlier_questions(history: list | None) -> list[str]:
    return [_text(m.get("content")) for m in history or ()
            if isinstance(m, dict) and m.get("role") == "user"]


def make_respond(assistant):
    def respond(message: str, history: list, municipality: str | None = None,
                year: str | None = None) -> str:
        try:
            answer = assistant.ask(
                _text(message), history=earlier_questions(history),
                municipality=None if municipality in (None, "", ALL) else municipality,
                year=None if year in (None, "", ALL) else year)
            return answer_html(answer)
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
        with gr.Accordion("Avgränsa sökningen", open=False, render=False) as filters:
            municipality = gr.Dropdown([ALL] + assistant.municipalities(), value=ALL,
                                       label="Kommun", allow_custom_value=True)
            year = gr.Dropdown([ALL] + [str(y) for y in assistant.years()], value=ALL,
                               label="År", allow_custom_value=True)
        gr.ChatInterface(
            make_respond(assistant),
            chatbot=chatbot,
            textbox=gr.Textbox(placeholder="Skriv en fråga …", label="Din fråga", max_length=1000,
                               submit_btn="Fråga", stop_btn=False),
            additional_inputs=[municipality, year],
            additional_inputs_accordion=filters,
            examples=[[e, ALL, ALL] for e in EXAMPLES],
            examples_label="Exempel på frågor",
            fill_height=False,
            api_name="ask",
        )
    return ui
