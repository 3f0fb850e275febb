"""The app's own HTML pages beside the chat: the article reader, what the
corpus covers, and the accessibility statement (tillgänglighetsredogörelse).

Plain server-rendered Swedish HTML, every piece of article text escaped.
Their style and script are files served from here: no inline script or
event handler, nothing loaded from another host, so the pages keep working
under a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval'.
Links are built from the request's root path, so they work under a sub-path.
"""

from __future__ import annotations

import html
from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ...answering.citation import READER, date_text, place_text, reader_url
from ...answering.pipeline import loaded_articles
from ...corpus.articles import Article
from .reader import reader_body, valid_span

SERVICE = "Samverkansassistenten"
DESCRIPTION = ("Ordagranna citat ur kommunala artiklar om ledning och samverkan i socialtjänst "
               "och äldreomsorg.")
ASSETS = "sidor"
STATEMENT = "tillganglighet"
REVIEWED = "2026-12-01"  # when the statement's figures were last measured (README)

CSS = """
:root { color-scheme: light; --accent: #1f4e79; --text: #1f2937; --muted: #4b5563; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--text);
       background: #fff; margin: 0; line-height: 1.6; font-size: 1.0625rem; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 2; }
.skip:focus { left: 1rem; }
header.site { background: var(--accent); color: #fff; padding: .6rem 1rem; font-weight: 600; }
header.site a { color: #fff; }
body.embed header.site { display: none; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .6rem 0 .8rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .5rem; }
a { color: var(--accent); text-underline-offset: .15em; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.crumbs { margin: 0; font-size: .95rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 30rem) { dl.meta { grid-template-columns: 1fr; } dl.meta dd { margin-bottom: .4rem; } }
.hint { color: var(--muted); font-size: .9rem; }
.reference { border: 1px solid #9ca3af; border-radius: 6px; padding: .6rem .8rem; margin: 0 0 1rem; }
.reference p { margin: 0 0 .5rem; overflow-wrap: anywhere; }
button { font: inherit; color: #fff; background: var(--accent); border: 0; border-radius: 6px;
         padding: .45rem 1rem; min-height: 44px; cursor: pointer; }
button:hover { background: #163a5c; }
#copy-status { margin-left: .6rem; }
.note { background: #eef4fa; border-left: 4px solid var(--accent); padding: .5rem .8rem; }
article.body p { margin: 0 0 1rem; }
mark { background: #ffe58a; color: #000; padding: .05em .1em; box-shadow: 0 0 0 2px #b38600; }
mark#citat { scroll-margin-top: 30vh; }  /* the lines before the quote stay in view */
mark:focus { outline: 3px solid var(--accent); outline-offset: 3px; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #9ca3af; padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #f3f4f6; }
/* a narrow screen: tighter cells; a word longer than its cell breaks only as a last resort */
@media (max-width: 30rem) { th, td { padding: .3rem .35rem; overflow-wrap: break-word; } }
footer.site { max-width: 46rem; margin: 2rem auto 1rem; padding: .8rem 1rem 0; border-top: 1px solid #d1d5db;
              font-size: .95rem; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
           clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
"""

# The reader's behaviour: the marked quote gets focus (a screen reader starts
# there) and sits in the middle of the view; "Kopiera referens" copies the
# reference, with the Clipboard API where the browser allows it (a secure
# context) and by a selected text otherwise, and says which in a live region.
JS = """(function () {
  var mark = document.getElementById("citat");
  var moved = false;  // the reader scrolled: never pull the page back
  function toMark() {
    var top = mark.getBoundingClientRect().top;
    if (!moved && (top < 0 || top >= innerHeight)) mark.scrollIntoView({block: "start"});
  }
  if (mark) {
    mark.focus({preventScroll: true});
    mark.scrollIntoView({block: "start"});
    ["wheel", "touchstart", "keydown", "mousedown"].forEach(function (kind) {
      addEventListener(kind, function () { moved = true; }, {once: true, passive: true});
    });
    // a frame can be laid out again before it has loaded: bring the quote back
    if (document.readyState === "complete") toMark();
    else addEventListener("load", toMark, {once: true});
  }
  var button = document.getElementById("copy-ref");
  if (!button) return;
  var status = document.getElementById("copy-status");
  function say(ok) {
    status.textContent = ok ? "Referensen är kopierad."
      : "Kunde inte kopiera. Markera referensen ovan och kopiera den själv.";
  }
  function bySelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    button.focus();
    return ok;
  }
  button.addEventListener("click", function () {
    var text = document.getElementById("referens").textContent;
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { say(true); },
                                               function () { say(bySelection(text)); });
    } else {
      say(bySelection(text));
    }
  });
})();
"""


def page(title: str, main: str, base: str, embed: bool = False, status: int = 200) -> HTMLResponse:
    """The shared template: Swedish, a skip link, the service's own link
    preview, style and script from this app only."""
    e = html.escape
    body_class = ' class="embed"' if embed else ""
    text = f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8">
<title>{e(title)} – {SERVICE}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{e(DESCRIPTION)}">
<meta property="og:title" content="{e(title)} – {SERVICE}">
<meta property="og:description" content="{e(DESCRIPTION)}">
<meta property="og:type" content="website"><meta property="og:locale" content="sv_SE">
<link rel="stylesheet" href="{e(base)}/{ASSETS}/sida.css">
<script src="{e(base)}/{ASSETS}/sida.js" defer></script>
</head><body{body_class}>
<a class="skip" href="#main">Hoppa till innehållet</a>
<header class="site"><a href="{e(base)}/">{SERVICE}</a></header>
<main id="main" tabindex="-1">
{main}
</main>
<footer class="site"><nav aria-label="Sidfot"><a href="{e(base)}/">Samtalet</a> ·
<a href="{e(base)}/{READER}">Vad artiklarna täcker</a> ·
<a href="{e(base)}/{STATEMENT}">Tillgänglighet</a></nav></footer>
</body></html>"""
    return HTMLResponse(text, status_code=status)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def corpus_main(articles: tuple[Article, ...], base: str) -> str:
    """Articles by municipality (partners included) and year, newest first."""
    e = html.escape
    by_place: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        for place in a.municipalities or ("Kommun anges inte",):
            by_place[place].append(a)
    places = sorted(by_place, key=lambda p: (p == "Kommun anges inte", p.lower()))
    years = sorted({int(a.date[:4]) for a in articles if a.date})
    named = [p for p in places if p != "Kommun anges inte"]
    span = f", från {years[0]} till {years[-1]}" if years else ""
    rows = []
    for place in places:
        for a in sorted(by_place[place], key=lambda a: a.date or "", reverse=True):
            year = a.date[:4] if a.date else "anges inte"
            rows.append(f'<tr><th scope="row">{e(place)}</th><td>{e(year)}</td>'
                        f'<td><a href="{e(base)}/{reader_url(a.id)}">{e(a.title)}</a><br>'
                        f'<span class="hint">{e(place_text(a))}, {e(date_text(a))}</span>'
                        '</td></tr>')
    return f"""<h1>Vad artiklarna täcker</h1>
<p>Assistenten svarar bara med ordagranna citat ur de här {len(articles)} artiklarna, om
{len(named)} kommuner{span}. Det som inte står i dem kan den inte svara på.</p>
<table><caption>Artiklar per kommun och år</caption>
<thead><tr><th scope="col">Kommun</th><th scope="col">År</th><th scope="col">Artikel</th></tr>
</thead>
<tbody>{''.join(rows)}</tbody></table>
<p>En artikel om flera kommuner i en gemensam organisation står under var och en av dem.
Samma lista för system: <a href="{e(base)}/api/articles"><code>api/articles</code></a>
(JSON).</p>"""


def statement_main(base: str) -> str:
    e = html.escape
    return f"""<h1>Tillgänglighetsredogörelse</h1>
<p>Den här redogörelsen gäller {SERVICE}: samtalet där man frågar artiklarna, artikelvisningen
och sidan om vad artiklarna täcker. Den som driver tjänsten i sin organisation ansvarar för den.
Vi vill att så många som möjligt ska kunna använda tjänsten.</p>
<h2>Hur tillgänglig är tjänsten?</h2>
<p>Tjänsten ska uppfylla WCAG 2.1 på nivå AA, som lagen (2018:1937) om tillgänglighet till digital
offentlig service (DOS-lagen) kräver. Vi bedömer att den i huvudsak gör det:</p>
<ul>
<li>Sidorna är på svenska och anger det, så att skärmläsare läser med svensk röst.</li>
<li>Allt går att använda med tangentbordet; fokus syns tydligt.</li>
<li>Knappar och fält har svenska namn; varje svar läses som text, inte som kod.</li>
<li>Varje citat länkar till hela artikeln, där citatet är markerat och får fokus.</li>
<li>Texten har minst kontrasten 4,5:1 mot bakgrunden.</li>
<li>Sidorna fungerar från 320 pixlars bredd och i förstoring utan att text försvinner.</li>
<li>Inget hämtas från andra webbplatser.</li>
</ul>
<h2>Kända brister</h2>
<ul>
<li>Samtalet bygger på ramverket Gradio. Delar av dess gränssnitt, till exempel
rullgardinsmenyernas listor, är inte granskade med alla skärmläsare.</li>
<li>Artiklarnas text visas som kommunerna publicerade den; rubrikstrukturen i originalet
finns inte kvar.</li>
<li>Länkar till originalsidor leder till andra webbplatser, som har egna redogörelser.</li>
</ul>
<h2>Hur vi har testat</h2>
<p>Varje version testas automatiskt i webbläsaren Chromium med verktyget axe-core, på samtalet,
artikelvisningen och sidan om artiklarna, både direkt och inbäddade i en intranätsida, i 390 och
1280 pixlars bredd. Testerna godkänns bara utan allvarliga eller kritiska brister. Tangentbordet
och kontrasterna testas också. Senaste bedömning: {REVIEWED}.</p>
<h2>Om något inte fungerar</h2>
<p>Kontakta den som har gjort tjänsten tillgänglig för dig, till exempel via intranätets
kontaktuppgifter, och berätta vad som inte fungerade. Du kan också få innehållet i en artikel på
annat sätt: varje artikelsida anger kommunen och originalsidan.</p>
<h2>Tillsyn</h2>
<p>Myndigheten för digital förvaltning (Digg) har tillsyn över lagen om tillgänglighet till
digital offentlig service. Är du inte nöjd med hur vi hanterar dina synpunkter kan du
<a href="https://www.digg.se/tdosanmalan" rel="noopener noreferrer">anmäla det till Digg</a>
(annan webbplats).</p>
<p><a href="{e(base)}/">Tillbaka till samtalet</a></p>"""


def pages_router(assistant) -> APIRouter:
    """The reader, the corpus page, the statement and their style and script."""
    router = APIRouter(include_in_schema=False)

    def base_of(request: Request) -> str:
        return request.scope.get("root_path", "") or ""

    @router.get(f"/{ASSETS}/sida.css")
    def css() -> Response:
        return Response(CSS, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "max-age=3600"})

    @router.get(f"/{ASSETS}/sida.js")
    def js() -> Response:
        return Response(JS, media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "max-age=3600"})

    @router.get(f"/{READER}")
    @router.get(f"/{READER}/")
    def corpus(request: Request, embed: str | None = None) -> HTMLResponse:
        base = base_of(request)
        return page("Vad artiklarna täcker", corpus_main(loaded_articles(assistant), base), base,
                    embed == "1")

    @router.get(f"/{READER}/{{article_id}}")
    def read(request: Request, article_id: str, start: str | None = None, end: str | None = None,
             embed: str | None = None, q: str | None = None) -> HTMLResponse:
        base = base_of(request)
        found = next((a for a in loaded_articles(assistant) if a.id == article_id), None)
        if found is None:
            return page("Artikeln finns inte", f"""<h1>Artikeln finns inte</h1>
<p>Det finns ingen artikel med id <code>{html.escape(article_id)}</code>.
Den kan ha tagits bort.</p>
<p><a href="{html.escape(base)}/{READER}">Se alla artiklar</a></p>""", base, embed == "1", 404)
        span = valid_span(found, _int(start), _int(end))
        main = reader_body(found, span, asked=start is not None or end is not None,
                           base=base, quoted=(q or "")[:20] or None)
        return page(found.title, main, base, embed == "1")

    @router.get(f"/{STATEMENT}")
    def statement(request: Request, embed: str | None = None) -> HTMLResponse:
        base = base_of(request)
        return page("Tillgänglighetsredogörelse", statement_main(base), base, embed == "1")

    return router
