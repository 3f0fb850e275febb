"""The chat's smaller fixes, without a browser: one verdict per click, the
decline's advice, Gradio's page without the iframeResizer loader and with a
Swedish browser language, the page script's Swedish words."""

from __future__ import annotations

import time

from assistant.answering.render import NO_ANSWER, NO_ANSWER_PLACED, answer_html, answer_text
from assistant.web.chat.controls import SCRIPT
from assistant.web.chat.ui import Repeats, reply_for
from assistant.web.pages.head import rewrite


def test_a_menu_choice_sent_twice_counts_once():
    seen = Repeats(seconds=3)
    assert not seen.seen("m1", "Citat 2 är fel")
    assert seen.seen("m1", "Citat 2 är fel")          # Gradio's second send of one click
    assert not seen.seen("m1", "")                     # taken back: a new verdict
    assert not seen.seen("m1", "Citat 2 är fel")       # and given again
    assert not seen.seen("m2", "Citat 2 är fel")       # another message
    late = Repeats(seconds=0.05)
    late.seen("m1", True)
    time.sleep(0.1)
    assert not late.seen("m1", True)


def test_decline_advice_names_no_municipality_when_one_is_given(shipped):
    named = shipped.ask("Hur arbetar Kiruna med kvalitet i hemtjänsten?")
    assert named.no_answer and named.query.places
    assert NO_ANSWER_PLACED in answer_text(named) and NO_ANSWER not in answer_text(named)
    vague = shipped.ask("Qwertyuiop asdfghjkl zxcvbnm?")
    assert vague.no_answer and not vague.query.places
    assert NO_ANSWER in answer_text(vague)
    # the filter names one
    assert "nämna en kommun" not in answer_html(vague, placed=True)
    html, _ = reply_for(shipped, "Qwertyuiop asdfghjkl zxcvbnm?", [], "Vårgårda", None)
    assert "nämna en kommun" not in html


def test_a_refusal_is_marked_so_it_gets_no_feedback_buttons(shipped):
    for question, municipality in (("   ", None), ("Vem är socialchef?", "x" * 200)):
        html, answer = reply_for(shipped, question, [], municipality)
        assert answer is None and html.startswith('<p class="refusal">')


PAGE = b"""<!doctype html><html lang="en"><head>
<script>window.iFrameResizer = {};</script>
<script>
(() => { const script = document.createElement("script");
script.src = new URL(`${rootPath}/static/js/iframeResizer.contentWindow.min.js`, origin).toString();
document.head.appendChild(script); })();
</script>
<link rel="manifest" href="/manifest.json" />
<script type="module" src="./assets/index.js"></script></head><body></body></html>"""


def test_gradio_page_loads_nothing_that_fails_and_speaks_swedish():
    page = rewrite(PAGE)
    assert b"iframeResizer.contentWindow" not in page and b"manifest" not in page
    assert b'<html lang="sv"' in page
    assert page.index(b'"sv-SE"') < page.index(b"./assets/index.js")  # before Gradio's code
    assert b"window.iFrameResizer = {}" in page and b"./assets/index.js" in page
    other = b"<!doctype html><html lang=\"sv\"><head></head><body>x</body></html>"
    assert rewrite(other) == other  # our own pages are left alone


def test_page_script_names_gradio_words_in_swedish():
    for english, swedish in (("Liked", "Gillad"), ("Close", "Stäng"), ("Info", "Meddelande"),
                             ("Warning", "Obs")):
        assert f'"{english}": "{swedish}"' in SCRIPT
    assert "Spara svaret" in SCRIPT and "Kopiera svaret" in SCRIPT
