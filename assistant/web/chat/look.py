"""How the chat looks and reads: the theme, the styles and the page script
(Swedish names for Gradio's English labels, the start of a new answer in
view, embed mode). System fonts only: nothing is fetched from outside."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import controls  # noqa: E402

ACCENT = "#1f4e79"  # 9:1 against white
# System fonts only: nothing is fetched from outside the intranet. Colours are
# set where Gradio's defaults fall under WCAG AA contrast (orange buttons,
# light grey hints and placeholders).
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
).set(
    button_primary_background_fill=ACCENT,
    button_primary_background_fill_dark=ACCENT,
    button_primary_background_fill_hover="#163a5c",
    button_primary_background_fill_hover_dark="#163a5c",
    button_primary_text_color="white",
    button_primary_text_color_dark="white",
    color_accent=ACCENT,
    input_placeholder_color="*neutral_500",
    body_text_color_subdued="*neutral_600",
    block_title_text_color="*neutral_700",
    block_label_text_color="*neutral_700",
)
CSS = f"""
.quote {{ border-left: 4px solid {ACCENT}; margin: 0.6em 0 0.2em; padding: 0.2em 0.8em;
         font-style: normal; color: inherit; }}
.source {{ font-size: 0.9em; margin: 0 0 0.8em; color: inherit; }}
:focus-visible {{ outline: 3px solid {ACCENT} !important; outline-offset: 2px; }}
#trust {{ display: none; }}
html.embed #intro {{ display: none !important; }}
html.embed #trust {{ display: block !important; }}
html.embed footer {{ display: none !important; }}
html.embed .gradio-container {{ padding-top: 0.25rem !important; }}
.sr-only {{ position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }}
.source a {{ color: {ACCENT}; text-underline-offset: 0.15em; }}
.filter-note {{ font-size: 0.9em; margin: 0 0 0.4em; }}
#filters {{ align-items: end; gap: 0.5rem; }}
#filters > * {{ min-width: 9rem !important; }}
#filters-label p, #question-limit p {{ margin: 0; font-size: 0.9em; }}
/* the conversation leaves room for the question box and the filters in a
   720 px frame or a short window, instead of pushing them below the fold */
#chatbot {{ height: clamp(16rem, calc(100vh - 19rem), 520px) !important; }}
#filters {{ flex-wrap: wrap; }}
"""
# Runs before the app renders: the page is Swedish (Gradio's template says
# "en"), and ?embed=1 hides the title and description for small frames.
# In a frame on another site, a browser that blocks third-party storage throws
# on any use of localStorage. Gradio's BrowserState (which ChatInterface always
# makes) reads it unguarded when it mounts, and the error can stop the rest of
# the page from mounting: "Laddar..." for good (32 of 83 framed loads before,
# 0 of 150 after). Such a page gets a localStorage that lasts as long as it.
HEAD = """<script>
(function () {
  var d = document.documentElement;
  d.lang = "sv";
  if (new URLSearchParams(location.search).get("embed") === "1") d.classList.add("embed");
  try { window.localStorage.length; } catch (e) {
    var items = new Map();
    Object.defineProperty(window, "localStorage", {configurable: true, value: {
      getItem: function (k) { k = String(k); return items.has(k) ? items.get(k) : null; },
      setItem: function (k, v) { items.set(String(k), String(v)); },
      removeItem: function (k) { items.delete(String(k)); },
      clear: function () { items.clear(); },
      key: function (i) { var keys = Array.from(items.keys()); return i < keys.length ? keys[i] : null; },
      get length() { return items.size; }
    }});
  }
})();
(function () {
  // Gradio names chat parts in English and each message by its raw HTML
  // ("bot's message: <p>Det här står ..."): plain Swedish text instead.
  var names = {"chatbot conversation": "Samtal", "Copy message": "Kopiera meddelandet",
               "Feedback": "Markera ett citat som fel", "Like": "Gilla", "Dislike": "Ogilla",
               "Scroll down": "Rulla till slutet av samtalet", "undo": "Ångra",
               "Copied message": "Kopierat", "Loading response": "Svaret hämtas"};
  function plain(e) { return (e.innerText || e.textContent || "").replace(/\\s+/g, " ").trim(); }
  function rename(root) {
    root.querySelectorAll("[aria-label]").forEach(function (e) {
      var label = e.getAttribute("aria-label"), want = names[label];
      if (/^Select example \\d+: /.test(label)) { e.removeAttribute("aria-label"); return; }
      if (/^user's message: /.test(label)) want = "Din fråga: " + plain(e);
      else if (/^bot's message: /.test(label)) want = "Svar: " + plain(e);
      if (want && want !== label) e.setAttribute("aria-label", want);
      if (names[e.getAttribute("title")]) e.setAttribute("title", names[e.getAttribute("title")]);
    });
  }
  // The start of a new answer in view, not its end (Gradio's autoscroll is off).
  var answers = 0;
  function showNewAnswer() {
    var wrap = document.querySelector("#chatbot .bubble-wrap");
    if (!wrap) return;
    var rows = Array.prototype.filter.call(wrap.querySelectorAll(".message-row.bot-row"),
      function (r) { return r.querySelector("p, blockquote"); });
    if (rows.length === answers) return;
    var grew = rows.length > answers;
    answers = rows.length;
    if (!grew) return;
    var row = rows[rows.length - 1];
    wrap.scrollTop += row.getBoundingClientRect().top - wrap.getBoundingClientRect().top - 8;
    var box = wrap.getBoundingClientRect();
    if (box.top < 0 || box.top > window.innerHeight - 80) row.scrollIntoView({block: "start"});
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; rename(document); showNewAnswer(); });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                        attributeFilter: ["aria-label", "title"]});
})();
</script>"""
CSS += controls.CSS
HEAD += controls.SCRIPT
