"""The chat's controls as a Swedish official meets them, by mouse and by
keyboard: a page script and styles added to look.HEAD and look.CSS.

- Gradio's own words that no translation covers ("Liked", the toasts'
  "Close", its example buttons) get Swedish names; its built-in words come
  in Swedish because the page says its language is Swedish (pages/head.py).
- The "wrong quote" menu offers only the quotes the answer shows, opens
  upwards in readable text, and opens by keyboard too (Gradio shows it on
  hover only).
- A refusal (personal data, a too long question) gets no feedback buttons:
  there is no answer to judge.
- A question longer than the limit is said to be so while it is typed or
  pasted, instead of being cut without a word.
- "Spara svaret" and "Kopiera svaret" at the end of each answer that quotes,
  kept in view at the bottom of the conversation box while the answer is.
- The Kommun and År lists close when the focus leaves them.
"""

from __future__ import annotations

ACCENT = "#1f4e79"  # as look.ACCENT

MAX_CHARS = 1000

CSS = f"""
.extra-feedback-options {{ top: auto !important; bottom: 100% !important; z-index: 20;
  background: var(--background-fill-primary); box-shadow: 0 2px 8px rgba(0,0,0,.2);
  border-radius: 4px; padding: 0.3rem !important; }}
.extra-feedback:focus-within .extra-feedback-options {{ display: flex !important; }}
.extra-feedback-option {{ font-size: 0.95rem !important; padding: 0.35rem 0.7rem !important;
  color: #1f2937 !important; }}
.extra-feedback-option[hidden] {{ display: none !important; }}
.no-feedback-buttons [aria-label="Gilla"], .no-feedback-buttons [aria-label="Ogilla"],
.no-feedback-buttons [aria-label="Gillad"], .no-feedback-buttons [aria-label="Ogillad"],
.no-feedback-buttons .extra-feedback {{ display: none !important; }}
#length-note {{ color: #8a1c1c; font-weight: 600; margin: 0.2rem 0 0; }}
#length-note:empty {{ display: none; }}
/* inside the answer's bubble, at its end: while the answer is in view its
   tools stay at the bottom of the conversation box instead of under its edge */
.answer-tools {{ display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center;
  position: sticky; bottom: 0; z-index: 1; background: inherit; border-radius: inherit;
  padding: 0.4rem 0.8rem 0.5rem; border-top: 1px solid #e5e7eb; }}
.answer-tools button {{ font: inherit; font-size: 0.9rem; border: 1px solid {ACCENT};
  color: {ACCENT}; background: white; border-radius: 4px; padding: 0.25rem 0.7rem;
  cursor: pointer; }}
.answer-tools button:hover {{ background: #eef3f8; }}
/* Gradio's "scroll to the end" arrow: at the right, above the answer's tools, not over them */
#chatbot .scroll-down-button-container {{ left: auto !important; right: 1rem !important;
  transform: none !important; bottom: 5.5rem !important; }}
.answer-tools .tool-note {{ font-size: 0.9rem; min-width: 0; overflow-wrap: break-word; }}
/* quotes use the whole width of the conversation; words break only at their ends */
#chatbot .bot-row .message, #chatbot .bot-row .bubble, #chatbot .message-row.bot-row {{
  max-width: 100% !important; }}
#chatbot .message {{ overflow-wrap: break-word; word-break: normal !important;
  hyphens: manual; }}
#chatbot blockquote.quote {{ margin-left: 0; margin-right: 0; }}
/* the filter row: its label above, the two menus side by side from the left
   edge (or under each other in a narrow frame), the length note under them */
#filters {{ justify-content: flex-start !important; align-items: flex-start !important;
  row-gap: 0.3rem !important; }}
#filters > #filters-label, #filters > #question-limit {{ flex: 1 0 100% !important;
  min-width: 100% !important; }}
#filters > .form {{ flex: 0 1 36rem !important; min-width: min(100%, 16rem) !important; }}
@media (max-width: 640px) {{
  #chatbot .message-row {{ margin-left: 0 !important; margin-right: 0 !important; }}
  #chatbot .bot-row .message, #chatbot .user-row .message {{ padding: 0.5rem !important; }}
}}
"""

SCRIPT = r"""<script>
(function () {
  var MAX = %(max)d;
  var names = {"Liked": "Gillad", "Disliked": "Ogillad", "Close": "Stäng",
               "Clear": "Rensa samtalet",
               "Retry": "Fråga igen", "Undo": "Ångra frågan", "Copy": "Kopiera",
               "Copied!": "Kopierat", "Remove": "Ta bort", "Dropdown": "Lista"};
  function swedish(root) {
    root.querySelectorAll("[aria-label], [title]").forEach(function (e) {
      ["aria-label", "title"].forEach(function (a) {
        var v = e.getAttribute(a);
        if (v && names[v]) e.setAttribute(a, names[v]);
      });
    });
  }
  // toasts: Gradio titles them "Info", "Warning", "Error" whatever the title given
  var titles = {"Info": "Meddelande", "Warning": "Obs", "Error": "Fel",
                "Connection Lost": "Anslutningen bröts"};
  function toasts(root) {
    // the header is a button holding the close button (nested controls, which
    // screen readers cannot tell apart): the header is made plain
    root.querySelectorAll(".toast-header[role=button]").forEach(function (h) {
      h.removeAttribute("role"); h.removeAttribute("tabindex");
    });
    root.querySelectorAll(".toast-title").forEach(function (t) {
      var n = t.firstChild;
      if (n && n.nodeType === 3) {
        var word = n.nodeValue.trim();
        if (titles[word]) n.nodeValue = n.nodeValue.replace(word, titles[word]);
      }
    });
  }
  // the message group (one answer and its buttons) that holds `e`
  function group(e) {
    var g = e;
    while (g && g !== document.body) {
      if (g.querySelector && g.querySelector(".bot-row, .message.bot, [data-testid='bot']")) {
        return g;
      }
      g = g.parentElement;
    }
    return null;
  }
  function feedback(root) {
    root.querySelectorAll("#chatbot .message-buttons-left").forEach(function (buttons) {
      var g = group(buttons);
      if (!g) return;
      var refused = !!g.querySelector(".refusal");
      buttons.classList.toggle("no-feedback-buttons", refused);
      var quotes = g.querySelectorAll("blockquote.quote").length;
      buttons.querySelectorAll(".extra-feedback-option").forEach(function (o, i) {
        var hide = i >= quotes;
        if (o.hidden !== hide) o.hidden = hide;
      });
      var flag = buttons.querySelector(".extra-feedback");
      if (flag) flag.style.display = quotes ? "" : "none";
    });
  }
  // a pasted or typed question over the limit: said, not cut
  var lengthCheck = function () {};
  function lengthNote() {
    var box = document.querySelector("#question textarea");
    if (!box || box.dataset.lengthNote) return;
    box.dataset.lengthNote = "1";
    var note = document.createElement("p");
    note.id = "length-note";
    note.setAttribute("role", "status");
    box.closest("#question").appendChild(note);
    box.setAttribute("aria-describedby", "length-note");
    function check() {
      var n = box.value.length;
      note.textContent = n > MAX ? "Frågan är " + n.toLocaleString("sv-SE") + " tecken lång. " +
        "Högst " + MAX.toLocaleString("sv-SE") +
        " tecken tas emot: korta den innan du frågar." : "";
    }
    box.addEventListener("input", check);
    lengthCheck = check;
    box.addEventListener("paste", function () { setTimeout(check, 0); });
  }
  // Kommun and År: Gradio leaves their lists open when Tab moves the focus on
  // (they stayed over the labels and later over the question box); Escape,
  // sent to the menu that lost the focus, closes its list.
  document.addEventListener("focusout", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("#filters input[role=combobox]")) return;
    [0, 120, 400].forEach(function (ms) {  // again, should a late update reopen it
      setTimeout(function () {
        if (document.activeElement === input) return;
        // only a list still open: Escape on a closed menu would undo a choice
        // just made by keyboard (Enter) before Gradio has taken it
        var open = Array.prototype.some.call(document.querySelectorAll("#filters .option-list"),
          function (el) { return el.offsetParent !== null; });
        if (!open) return;
        input.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
      }, ms);
    });
  }, true);
  // "Spara svaret" (a Word document) and "Kopiera svaret" under each answer
  // that quotes: the page sends back the question and the quotes it shows;
  // the server checks them against the articles (routes/saved.py).
  function answerOf(g) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#chatbot .message-row"));
    var bot = g.querySelector(".message-row.bot-row") || g;
    var i = rows.indexOf(bot), question = "";
    for (var j = i - 1; j >= 0; j--) {
      if (rows[j].classList.contains("user-row")) { question = plainText(rows[j]); break; }
    }
    var quotes = [];
    var blocks = g.querySelectorAll("blockquote.quote");
    var links = g.querySelectorAll(".source a.reader");
    for (var k = 0; k < blocks.length && k < links.length; k++) {
      var m = /artiklar\/([^/?#]+)\?start=(\d+)&end=(\d+)/.exec(links[k].getAttribute("href"));
      if (!m) continue;
      quotes.push({article: decodeURIComponent(m[1]), start: +m[2], end: +m[3],
                   text: plainText(blocks[k])});
    }
    return {question: question, quotes: quotes};
  }
  function plainText(e) { return (e.innerText || e.textContent || "").replace(/\s+/g, " ").trim(); }
  function post(path, answer) {
    return fetch(path, {method: "POST", headers: {"content-type": "application/json"},
                        body: JSON.stringify(answer)}).then(function (r) {
      if (r.ok) return r;
      return r.json().catch(function () { return {}; }).then(function (b) {
        throw new Error(b.error || "Svaret kunde inte sparas. Försök igen om en stund.");
      });
    });
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed";
    area.style.opacity = "0"; document.body.appendChild(area); area.select();
    var ok = document.execCommand("copy"); area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("Kopieringen misslyckades."));
  }
  function tools(root) {
    root.querySelectorAll("#chatbot .message-row.bot-row").forEach(function (g) {
      var bubble = g.querySelector(".bot.message");
      if (!bubble || bubble.querySelector(":scope > .answer-tools")
          || !g.querySelector("blockquote.quote")) return;
      var bar = document.createElement("div");
      bar.className = "answer-tools";
      bar.innerHTML = '<button type="button" class="save-answer">Spara svaret</button>' +
        '<button type="button" class="copy-answer">Kopiera svaret</button>' +
        '<span class="tool-note" role="status" aria-live="polite"></span>';
      var note = bar.querySelector(".tool-note");
      bar.querySelector(".save-answer").addEventListener("click", function () {
        note.textContent = "Dokumentet skapas …";
        post("api/answer/document", answerOf(g)).then(function (r) { return r.blob(); })
          .then(function (blob) {
            var a = document.createElement("a");
            a.href = URL.createObjectURL(blob); a.download = "svar-ur-artiklarna.docx";
            document.body.appendChild(a); a.click(); a.remove();
            setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
            note.textContent = "Svaret är sparat som Word-dokument (svar-ur-artiklarna.docx).";
          }).catch(function (e) { note.textContent = e.message; });
      });
      bar.querySelector(".copy-answer").addEventListener("click", function () {
        post("api/answer/text", answerOf(g)).then(function (r) { return r.json(); })
          .then(function (b) { return copyText(b.text); })
          .then(function () { note.textContent = "Svaret med referenser är kopierat."; })
          .catch(function (e) { note.textContent = e.message; });
      });
      bubble.appendChild(bar);  // the end of the answer, above the icons
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false; swedish(document); toasts(document); feedback(document); tools(document);
      lengthNote(); lengthCheck();
    });
  }).observe(document.documentElement, {childList: true, subtree: true, attributes: true,
                                        characterData: true,
                                        attributeFilter: ["aria-label", "title"]});
})();
</script>""" % {"max": MAX_CHARS}
