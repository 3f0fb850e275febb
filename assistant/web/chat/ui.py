"""The Gradio chat: Swedish, quotes only, no external resources."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import threading
import time
from collections import OrderedDict

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from ...answering.contract import answer_json  # noqa: E402
from ...answering.pipeline import CROSS_ARTICLE_K, Ask, ask  # noqa: E402
from ...answering.request import check  # noqa: E402
from ...answering.render import answer_html, escape, groups  # noqa: E402
from ...errors import AssistantError, BadQuestion, PersonalData  # noqa: E402
from ...governance.feedback import FeedbackUnavailable, ForgedAnswer  # noqa: E402
from ..limits import RateLimit  # noqa: E402

log = logging.getLogger(__name__)

TITLE = "Fråga artiklarna om ledning och samverkan"
# The corpus page and the accessibility statement (web/pages/site.py), in a new tab so
# that the conversation stays; relative to the app root like every link.
LINKS = ('<a href="artiklar" target="_blank" rel="noopener">Vad artiklarna täcker'
         '<span class="sr-only"> (öppnas i ny flik)</span></a> · '
         '<a href="tillganglighet" target="_blank" rel="noopener">Tillgänglighet'
         '<span class="sr-only"> (öppnas i ny flik)</span></a>')
DESCRIPTION = (
    "Ställ en fråga om hur kommuner organiserar ledning och samverkan i socialtjänst och "
    "äldreomsorg. **Svaren är ordagranna citat ur de listade artiklarna, inte genererad text.** "
    "Varje citat visar vilken artikel det kommer från. Du kan ställa följdfrågor, till exempel "
    "”Och i Tranemo?”. " + LINKS
)
# Shown instead of the title and description in embed mode (?embed=1); the
# title stays there for screen readers.
TRUST = (f'<h1 class="sr-only">{TITLE}</h1>\n\n'
         "Svaren är ordagranna citat ur de listade artiklarna, inte genererad text. " + LINKS)
MAX_QUESTION = "Högst 1 000 tecken per fråga."
EXAMPLES = [
    "Vem är socialchef i Vårgårda?",
    "Hur samverkar Bengtsfors och Mellerud?",
    "Vilka kommuner arbetar med tillitsbaserad styrning?",
    "Hur arbetar hemtjänstgruppen Linden i Söderhamn?",
]
ALL = "Alla"
THANKS = "Tack! Din återkoppling är sparad."
FEEDBACK_PERSONAL = ("Återkopplingen sparades inte: svaret innehåller personuppgifter, och sådana "
                     "sparas aldrig.")
MAX_FLAGGED_QUOTE = CROSS_ARTICLE_K  # the chat shows at most this many quotes
FLAG_OPTIONS = [f"Citat {n} är fel" for n in range(1, MAX_FLAGGED_QUOTE + 1)]
# Words Gradio's own Swedish translation lacks (the page's language is Swedish:
# pages/head.py); "common.complete" is read out to screen readers after an event.
SWEDISH = gr.I18n(sv={"common.complete": "Klart", "common.error": "Fel",
                      "chatbot.liked": "Gillad", "chatbot.disliked": "Ogillad"})


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
    # the chat shows questions escaped (see _Chat); the assistant wants them as typed
    return [html.unescape(_text(m.get("content"))) for m in history or ()
            if isinstance(m, dict) and m.get("role") == "user"]


def chat_request(message, history: list | None, municipality=None, year=None) -> Ask:
    """The pipeline's request for one chat message ("Alla": no filter)."""
    return Ask(_text(message), "chat", history=tuple(earlier_questions(history)),
               municipality=None if municipality in (None, "", ALL) else municipality,
               year=None if year in (None, "", ALL) else year)


def reply_for(assistant, message, history: list, municipality: str | None = None,
              year: str | None = None, observers=()):
    """(chat HTML, answer or None) for one message; problems become gr.Error."""
    try:
        answer = ask(assistant, chat_request(message, history, municipality, year),
                     observers).answer
        placed = municipality not in (None, "", ALL)
        return filter_note(municipality, year) + answer_html(answer, placed), answer
    except BadQuestion as err:  # personal data, too long, empty: no answer to judge
        return refusal(str(err)), None
    except AssistantError as err:
        raise gr.Error(str(err), title="Fel") from None
    except Exception:
        log.exception("chat failed")
        raise gr.Error("Något gick fel. Försök igen om en stund.", title="Fel") from None


def refusal(text: str) -> str:
    """A message that is no answer: the page shows no feedback buttons under it."""
    return f'<p class="refusal">{escape(text)}</p>'


def filter_note(municipality: str | None, year: str | None) -> str:
    """A line naming the active filters, so an answer says what it was limited to."""
    active = [f"{label} {value}" for label, value in (("kommun", municipality), ("år", year))
              if value not in (None, "", ALL)]
    if not active:
        return ""
    return f'<p class="filter-note">Avgränsat till {escape(" och ".join(active))}.</p>\n'


def filter_choices(assistant) -> tuple[list[str], list[str]]:
    """The municipality and year menus' choices for the index loaded now, so
    an article added while the app runs is offered at the next page load."""
    assistant.maybe_reload()
    return [ALL] + assistant.municipalities(), [ALL] + [str(y) for y in assistant.years()]


def make_respond(assistant, observers=()):
    def respond(message: str, history: list, municipality: str | None = None,
                year: str | None = None) -> str:
        return reply_for(assistant, message, history, municipality, year, observers)[0]

    return respond


class AnswerMemory:
    """The latest answers per chat session, so that feedback on a message can
    be stored with its question and passages. Bounded; oldest forgotten."""

    def __init__(self, size: int = 5000, sign=None):
        self.size = size
        self.sign = sign  # answer_json object -> answer id (FeedbackStore.sign)
        self._items: OrderedDict[str, tuple[dict, list[int], str | None]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(session: str, message) -> str:
        text = " ".join(_text(message).split())
        return hashlib.sha256(f"{session}\0{text}".encode("utf-8")).hexdigest()

    def put(self, key: str, answer) -> None:
        """Remember `answer` (an Answer) as its JSON object, the order its
        passages are shown in (cross-article answers are grouped by place)
        and the id the server gives it."""
        shown = list(answer.passages or answer.nearest)
        order = [next(i for i, q in enumerate(shown) if q is p)
                 for _, passages in groups(answer) for p in passages]
        obj = answer_json(answer)
        given = self.sign(obj) if self.sign else None
        with self._lock:
            self._items[key] = (obj, order, given)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, key: str) -> tuple[dict, list[int], str | None] | None:
        with self._lock:
            return self._items.get(key)


def warn(text: str) -> None:
    """A toast titled in Swedish (Gradio's default title is "Warning")."""
    gr.Warning(text, title="Obs")


def _session(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or ""


def _client(request: gr.Request | None) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or ""


class Repeats:
    """The same verdict on the same message again within `seconds`: one click
    that Gradio's wrong-quote menu sends twice. Bounded; oldest forgotten."""

    def __init__(self, seconds: float = 3.0, size: int = 5000):
        self.seconds, self.size = seconds, size
        self._last: OrderedDict[str, tuple[str, float]] = OrderedDict()  # key -> last verdict
        self._lock = threading.Lock()

    def seen(self, key: str, liked) -> bool:
        now, verdict = time.monotonic(), repr(liked)
        with self._lock:
            before = self._last.get(key)
            self._last[key] = (verdict, now)
            self._last.move_to_end(key)
            while len(self._last) > self.size:
                self._last.popitem(last=False)
        return before is not None and before[0] == verdict and now - before[1] < self.seconds


def make_feedback(store, memory: AnswerMemory, limit: RateLimit | None = None):
    """The chatbot's like/dislike/flag handler: one verdict per message, only
    on answers this server gave (the memory holds them with their ids)."""
    limit = limit or RateLimit()
    repeats = Repeats()

    def on_feedback(data: gr.LikeData, request: gr.Request):
        key = AnswerMemory.key(_session(request), data.value)
        if repeats.seen(key, data.liked):  # Gradio sends a menu choice twice per click
            return
        remembered = memory.get(key)
        if remembered is None:
            warn("Återkopplingen kunde inte sparas för det här svaret.")
            return
        if not limit.allow(_client(request)):
            warn("För många återkopplingar på kort tid. Försök igen om en stund.")
            return
        answer, order, given = remembered
        liked = data.liked
        try:
            if liked == "":
                store.withdraw(key)
                return
        except FeedbackUnavailable as err:
            warn(str(err))
            return
        quote = None
        if liked is True:
            verdict = "helpful"
        elif liked is False:
            verdict = "not_helpful"
        else:
            verdict = "wrong_quote"
            digits = "".join(c for c in str(liked) if c.isdigit())
            shown = int(digits) if digits else 0
            if not 1 <= shown <= len(order):  # the menu offers more quotes than this answer has
                n = len(order)
                warn(f"Svaret har {n} citat; citat {shown} finns inte. "
                           "Inget sparades.")
                return
            # the number shown -> the passage's place in the answer object
            quote = order[shown - 1] + 1
        try:
            store.record(answer, verdict, quote, source="chat", key=key, answer_id=given)
        except FeedbackUnavailable as err:
            warn(str(err))
            return
        except PersonalData:  # the store's own screen (feedback.Verdicts.checked)
            warn(FEEDBACK_PERSONAL)
            return
        except (ForgedAnswer, ValueError):
            warn("Återkopplingen kunde inte sparas för det här svaret.")
            return
        gr.Info(THANKS, title="Tack")

    return on_feedback


class _Chat(gr.ChatInterface):
    """Questions are shown as typed: escaped, so HTML or markdown in them is
    text in the conversation and never runs. The filters sit in a row under
    the question box, not folded away in an accordion below the examples."""

    def _render_footer(self):
        if self.additional_inputs:
            with gr.Row(elem_id="filters", equal_height=True):
                gr.Markdown("Avgränsa sökningen:", elem_id="filters-label")
                for component in self.additional_inputs:
                    if not component.is_rendered:
                        component.render()
                gr.Markdown(MAX_QUESTION, elem_id="question-limit")
        super()._render_footer()

    def _append_message_to_history(self, message, history, role="user"):
        if role == "user":
            if isinstance(message, str):
                message = escape(message)
            elif isinstance(message, dict) and "content" not in message and message.get("text"):
                message = {**message, "text": escape(message["text"])}
        return super()._append_message_to_history(message, history, role)


async def _in_thread(fn, *args):
    import anyio

    return await anyio.to_thread.run_sync(fn, *args)


def build_ui(assistant, run=None, feedback=None, limit: RateLimit | None = None,
             observers=()) -> gr.Blocks:
    """The chat. `run(fn, *args)` runs a question's work (web/app.py passes its
    bounded queue); `feedback` (a FeedbackStore) adds helpful / not helpful /
    wrong-quote buttons to every answer; `observers` are told about each
    question (answering/pipeline.py)."""
    run = run or _in_thread
    memory = AnswerMemory(sign=feedback.sign if feedback is not None else None)

    async def chat(message: str, history: list, municipality: str | None = None,
                   year: str | None = None, request: gr.Request = None) -> str:
        try:  # before the queue: an over-long question never waits for a worker
            check(chat_request(message, history, municipality, year),
                  assistant.settings.max_question_chars)
        except BadQuestion as err:
            return refusal(str(err))
        reply, answer = await run(reply_for, assistant, message, history, municipality, year,
                                  observers)
        if answer is not None:
            memory.put(AnswerMemory.key(_session(request), reply), answer)
        return reply

    with gr.Blocks(title=TITLE) as ui:
        ui.i18n_instance = SWEDISH
        gr.Markdown(f"# {TITLE}\n{DESCRIPTION}", elem_id="intro")
        gr.Markdown(TRUST, elem_id="trust")
        chatbot = gr.Chatbot(
            # no label over the conversation: it covered the first words of the top line
            label="Samtal", show_label=False, autoscroll=False, height=520,
            sanitize_html=True, render_markdown=True,
            placeholder="Skriv din fråga i rutan nedan.", buttons=["copy"],
            feedback_options=["Like", "Dislike", *FLAG_OPTIONS] if feedback else None,
            elem_id="chatbot")
        # Filters made unrendered and handed to ChatInterface, which renders
        # them in a row under the question box (_Chat._render_footer).
        places, years = filter_choices(assistant)
        municipality = gr.Dropdown(places, value=ALL, label="Kommun", allow_custom_value=True,
                                   render=False)
        year = gr.Dropdown(years, value=ALL, label="År", allow_custom_value=True, render=False)
        _Chat(
            chat,
            chatbot=chatbot,
            textbox=gr.Textbox(placeholder="Skriv en fråga (högst 1 000 tecken) …",
                               label="Din fråga",  # no max_length: it cut pasted text silently
                               submit_btn="Fråga", stop_btn=False, elem_id="question"),
            additional_inputs=[municipality, year],
            # examples without filter values: shown as buttons in the chat, not as a table
            examples=[[e, None, None] for e in EXAMPLES],
            examples_label="Exempel på frågor",
            fill_height=False,
            api_name="ask",
        )

        gr.Markdown("[Så hanteras dina uppgifter](integritet)", elem_id="privacy")  # privacy_page
        ui.load(lambda: tuple(gr.Dropdown(choices=c) for c in filter_choices(assistant)),
                None, [municipality, year], queue=False, api_visibility="private")
        if feedback is not None:
            # queued: gr.Info / gr.Warning reach the page only through the queue
            # (with queue=False the "Tack!" was never shown)
            chatbot.like(make_feedback(feedback, memory, limit), None, None,
                         api_visibility="private")
    return ui
