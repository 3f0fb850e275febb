"""The editors' pages, in Swedish: "Redigera artiklarna" (add files or an
address with a preview, correct, confirm; the corpus list with edit and
remove) and "Vad artiklarna saknar" (the declined questions, editors/gaps.py).

Server-rendered like site.py, in its template; the behaviour is a script
file (assistant/data/redaktion.js) calling the editors' API, so the pages
need no inline script. Links are built from the request's root path, so the
pages work under a sub-path and framed (?embed=1). Editors and admins only.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ...answering.citation import reader_url
from ...answering.declines import LABELS as DECLINE_LABELS
from ...editors.editing import Editor, Listed
from ...editors.gaps import GapStore, Report, bar_chart
from ...editors.refreshstate import open_state
from ...governance.identity import User
from ..roles import require
from .site import ASSETS, page
from .sources import sources_section

log = logging.getLogger(__name__)

EDITORS = "redaktion"
GAPS = "redaktion/saknas"
DATA = Path(__file__).resolve().parents[2] / "data"  # assistant/data


def _with_assets(response: HTMLResponse, base: str) -> HTMLResponse:
    """The shared template with the editors' style and script added."""
    e = html.escape(base)
    extra = (f'<link rel="stylesheet" href="{e}/{ASSETS}/redaktion.css">\n'
             f'<script src="{e}/{ASSETS}/redaktion.js" defer></script>\n</head>')
    text = response.body.decode("utf-8").replace("</head>", extra, 1)
    return HTMLResponse(text, status_code=response.status_code)


def _date_input(name: str, label: str, value: str | None, prefix: str) -> str:
    e = html.escape
    return (f'<label for="{prefix}-{name}">{label}</label>'
            f'<input type="date" id="{prefix}-{name}" name="{name}" value="{e(value or "")}">')


def _row(item: Listed, base: str, n: int) -> str:
    e, a = html.escape, item.article
    who = (f"{e(item.added_by)}, {e(item.added_at[:10])}" if item.added_by and item.added_at
           else "före redigeringssidan")
    if item.changed_by and item.changed_at:
        who += f"<br><span class=\"hint\">ändrad av {e(item.changed_by)}, {e(item.changed_at[:10])}</span>"
    p = f"a{n}"
    partners = e(", " + ", ".join(a.partners)) if a.partners else ""
    return f"""<tr data-id="{e(a.id)}"><td><a href="{e(base)}/{reader_url(a.id)}">{e(a.title)}</a>
<br><span class="hint">{e(a.id)}</span></td>
<td data-label="Kommun">{e(a.municipality or "ingen")}{partners}</td>
<td data-label="Datum">{e(a.published or a.updated or "inget")}</td>
<td data-label="Tillagd av">{who}</td>
<td><details><summary>Ändra <span class="sr-only">{e(a.title)}</span></summary>
<form class="edit" data-id="{e(a.id)}">
<label for="{p}-title">Rubrik</label><input id="{p}-title" name="title" value="{e(a.title)}" required>
<label for="{p}-municipality">Kommun</label>
<input id="{p}-municipality" name="municipality" value="{e(a.municipality or "")}">
<label for="{p}-partners">Samarbetskommuner (komma emellan)</label>
<input id="{p}-partners" name="partners" value="{e(", ".join(a.partners))}">
{_date_input("published", "Publicerad", a.published, p)}
{_date_input("updated", "Uppdaterad", a.updated, p)}
<button type="submit">Spara ändringarna</button></form></details>
<button type="button" class="remove secondary" data-id="{e(a.id)}" data-title="{e(a.title)}">
Ta bort <span class="sr-only">{e(a.title)}</span></button></td></tr>"""


def editors_main(items: list[Listed], base: str) -> str:
    e = html.escape
    rows = "".join(_row(item, base, n) for n, item in enumerate(items))
    return f"""<h1>Redigera artiklarna</h1>
<p>Lägg till nya artiklar från filer eller en webbadress, rätta uppgifter och ta bort artiklar
som inte längre gäller. Ändringarna syns i svaren inom några sekunder.</p>
<section aria-labelledby="add-heading" id="add" data-base="{e(base)}">
<h2 id="add-heading">Lägg till artiklar</h2>
<form id="add-form">
<div class="drop" id="drop">
<label for="files">Välj filer: webbsidor (.html), PDF, text (.txt, .md)</label>
<input type="file" id="files" name="files" multiple accept=".html,.htm,.pdf,.txt,.md"
 class="file-input" aria-describedby="files-chosen">
<span class="file-button" aria-hidden="true">Välj filer</span>
<span id="files-chosen" class="hint">Ingen fil vald</span>
<p class="hint">Du kan också dra filerna hit.</p></div>
<label for="url">Eller klistra in en webbadress</label>
<input type="url" id="url" name="url" placeholder="https://www.kommun.se/nyheter/..." inputmode="url">
<button type="submit">Förhandsgranska</button>
</form>
<p class="hint">En artikel med personuppgifter (personnummer, telefonnummer, e-postadresser)
läggs bara till om du bekräftar att de ska publiceras.</p>
<p id="add-status" role="status" aria-live="polite"></p>
<div id="previews"></div>
</section>
<section aria-labelledby="list-heading" id="corpus-list">
<h2 id="list-heading">Artiklarna ({len(items)})</h2>
<p id="list-status" role="status" aria-live="polite"></p>
<div class="scroll"><table><caption>Alla artiklar, med vem som lade till dem</caption>
<thead><tr><th scope="col">Artikel</th><th scope="col">Kommun</th><th scope="col">Datum</th>
<th scope="col">Tillagd av</th><th scope="col">Åtgärder</th></tr></thead>
<tbody>{rows}</tbody></table></div>
<p class="hint">En borttagen artikel försvinner ur svaren direkt. Filen sparas undan och raderas när
lagringstiden har gått.</p>
</section>
<p><a href="{e(base)}/{GAPS}">Vad artiklarna saknar</a>: frågor som assistenten inte kunde
besvara.</p>"""


def gaps_main(report: Report | None, base: str) -> str:
    e = html.escape
    intro = """<h1>Vad artiklarna saknar</h1>
<p>Frågor som assistenten inte kunde besvara med artiklarna, så att ni ser vilka artiklar som
behövs. Bara frågornas text sparas, aldrig vem som frågade. Frågor med personuppgifter tas
aldrig emot.</p>"""
    if report is None:
        return intro + """<p class="note">Rapporten är avstängd av en administratör
(ASSISTANT_GAPS=0). Inga frågor sparas.</p>"""
    weeks = "".join(f'<tr><th scope="row">{e(w)}</th><td>{n}</td></tr>' for w, n in report.weeks)
    places = "".join(
        f'<tr><th scope="row">{e(p)}</th><td>{n}</td><td><ul>'
        + "".join(f"<li>{e(q)}</li>" for q in qs[:10]) + "</ul></td></tr>"
        for p, n, qs in report.places)
    subjects = "".join(f'<tr><th scope="row">{e(s)}</th><td>{n}</td></tr>'
                       for s, n in report.subjects[:30])
    reasons = "".join(
        f'<tr><th scope="row">{e(DECLINE_LABELS.get(r, "Orsak inte sparad"))}</th><td>{n}</td>'
        f'<td><ul>' + "".join(f"<li>{e(q)}</li>" for q in qs[:10]) + "</ul></td></tr>"
        for r, n, qs in report.reasons)
    empty = "" if report.total else '<p class="note">Inga obesvarade frågor under perioden.</p>'
    return f"""{intro}{empty}
<h2>Per vecka</h2>
<figure class="chart">{bar_chart(report.weeks)}
<figcaption>Obesvarade frågor per vecka, de senaste {len(report.weeks)} veckorna
(totalt {report.total} under lagringstiden).</figcaption></figure>
<details><summary>Siffrorna som tabell</summary>
<table><caption>Obesvarade frågor per vecka</caption>
<thead><tr><th scope="col">Vecka</th><th scope="col">Frågor</th></tr></thead>
<tbody>{weeks}</tbody></table></details>
<h2>Per orsak</h2>
<table><caption>Obesvarade frågor per orsak till att assistenten avböjde</caption>
<thead><tr><th scope="col">Orsak</th><th scope="col">Frågor</th><th scope="col">Exempel</th></tr>
</thead><tbody>{reasons}</tbody></table>
<h2>Per kommun</h2>
<table><caption>Obesvarade frågor per kommun som frågan nämner</caption>
<thead><tr><th scope="col">Kommun</th><th scope="col">Frågor</th><th scope="col">Exempel</th></tr>
</thead><tbody>{places}</tbody></table>
<h2>Per ämne</h2>
<table><caption>Obesvarade frågor per ämne (frågans innehållsord)</caption>
<thead><tr><th scope="col">Ämne</th><th scope="col">Frågor</th></tr></thead>
<tbody>{subjects}</tbody></table>
<p><a href="{e(base)}/{EDITORS}">Lägg till artiklar</a></p>"""


def editor_pages(editor: Editor, store: GapStore) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def base_of(request: Request) -> str:
        return request.scope.get("root_path", "") or ""

    for name, kind in (("redaktion.css", "text/css"), ("redaktion.js", "text/javascript")):
        text = (DATA / name).read_text(encoding="utf-8")

        def asset(text=text, kind=kind) -> Response:
            return Response(text, media_type=f"{kind}; charset=utf-8",
                            headers={"Cache-Control": "max-age=3600"})

        router.add_api_route(f"/{ASSETS}/{name}", asset, methods=["GET"])

    @router.get(f"/{EDITORS}")
    def editors(request: Request, embed: str | None = None,
               user: User = Depends(require("editor"))) -> HTMLResponse:
        base = base_of(request)
        editor.purge_removed()
        main = editors_main(editor.listed(), base) + sources_section(
            editor.watched, open_state(editor.corpus, editor.db), base,
            request.query_params.get("kallor"))
        return _with_assets(page("Redigera artiklarna", main, base, embed == "1"), base)

    @router.get(f"/{GAPS}")
    def gaps(request: Request, embed: str | None = None,
            user: User = Depends(require("editor"))) -> HTMLResponse:
        base = base_of(request)
        report = store.report() if store.enabled else None
        return _with_assets(page("Vad artiklarna saknar", gaps_main(report, base), base,
                                 embed == "1"), base)

    return router
