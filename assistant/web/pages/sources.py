"""The editors' page's section "Bevaka en källa": watched feeds (add, remove,
trusted or not, check now), the items waiting for review (publish or turn
down) and the articles whose page is gone at the source (404/410; removed
from the list of articles above). Plain forms posted to
routes/sources.py, answered with a redirect back here: no script needed."""

from __future__ import annotations

import html

from ...answering.citation import reader_url
from ...errors import StorageError
from ..routes.sources import SOURCES_FORM


def _button(base: str, action: str, url: str, label: str, hidden: str) -> str:
    e = html.escape
    return (f'<form method="post" action="{e(base)}/{SOURCES_FORM}" class="inline">'
            f'<input type="hidden" name="action" value="{action}">'
            f'<input type="hidden" name="url" value="{e(url)}">'
            f'<button type="submit" class="secondary">{label}'
            f'<span class="sr-only"> {e(hidden)}</span></button></form>')


def sources_section(watched, state, base: str, message: str | None = None) -> str:
    """`watched`: the Editor's list (editors/watchstore.py); `state`: the
    re-check state (editors/refreshstate.py), for the pages gone at the source."""
    e = html.escape
    try:
        sources, pending = watched.sources(), watched.pending()
    except StorageError as err:
        sources, pending, message = [], [], str(err)
    rows = "".join(
        f"<tr><td>{e(s.url)}</td><td>{'ja' if s.trusted else 'nej'}</td>"
        f"<td>{e(s.added_by)}, {e(s.added_at[:10])}</td>"
        f"<td>{e((s.last_checked or 'aldrig')[:16].replace('T', ' '))}"
        f"{'<br><span class=hint>' + e(s.last_result) + '</span>' if s.last_result else ''}</td>"
        f"<td>{_button(base, 'untrust' if s.trusted else 'trust', s.url, 'Granska nya först' if s.trusted else 'Lita på källan', s.url)}"
        f"{_button(base, 'remove', s.url, 'Sluta bevaka', s.url)}</td></tr>"
        for s in sources)
    table = (f"""<div class="scroll"><table><caption>Bevakade källor</caption>
<thead><tr><th scope="col">Adress</th><th scope="col">Betrodd</th><th scope="col">Tillagd av</th>
<th scope="col">Senast kontrollerad</th><th scope="col">Åtgärder</th></tr></thead>
<tbody>{rows}</tbody></table></div>""" if sources else "<p>Inga källor bevakas ännu.</p>")
    items = "".join(
        f'<li><input type="checkbox" name="urls" value="{e(p.url)}" id="w{n}">'
        f'<label for="w{n}">{e(p.title or p.url)} <span class="hint">{e(p.url)}, från '
        f'{e(p.feed)}, hittad {e(p.found_at[:10])}</span></label></li>'
        for n, p in enumerate(pending))
    waiting = (f"""<form method="post" action="{e(base)}/{SOURCES_FORM}">
<fieldset><legend>Nya artiklar som väntar på granskning ({len(pending)})</legend>
<ul class="plain">{items}</ul></fieldset>
<button type="submit" name="action" value="publish">Publicera de valda</button>
<button type="submit" name="action" value="dismiss" class="secondary">Avvisa de valda</button>
</form>""" if pending else "<p>Inga nya artiklar väntar på granskning.</p>")
    gone = state.gone()
    gone_rows = "".join(
        f'<li><a href="{e(base)}/{reader_url(k)}">{e(k)}</a>: källan svarar {v["status"]} '
        f'sedan {e(str(v.get("since", ""))[:10])} ({e(v.get("url") or "")}). Ta bort artikeln '
        "i listan ovan om den inte längre gäller.</li>" for k, v in sorted(gone.items()))
    gone_html = (f'<h3>Borta hos källan</h3><ul>{gone_rows}</ul>' if gone else "")
    status = f'<p role="status" class="note">{e(message)}</p>' if message else ""
    return f"""<section aria-labelledby="watch-heading" id="bevaka">
<h2 id="watch-heading">Bevaka en källa</h2>
<p>Ett RSS- eller Atom-flöde eller en webbplatskarta kontrolleras regelbundet. Nya artiklar
väntar här på granskning, utom från en betrodd källa: de publiceras direkt. Artiklar som
hämtats från en webbadress kontrolleras också mot källan, och ändrad text uppdateras.</p>
{status}
<form method="post" action="{e(base)}/{SOURCES_FORM}">
<input type="hidden" name="action" value="add">
<label for="watch-url">Flödets eller webbplatskartans adress</label>
<input type="url" id="watch-url" name="url" required placeholder="https://www.kommun.se/rss">
<input type="checkbox" id="watch-trusted" name="trusted" value="1">
<label for="watch-trusted">Betrodd källa: publicera nya artiklar direkt</label>
<button type="submit">Bevaka</button></form>
{table}
<form method="post" action="{e(base)}/{SOURCES_FORM}">
<input type="hidden" name="action" value="check">
<button type="submit" class="secondary">Kontrollera källorna nu</button></form>
{waiting}
{gone_html}
</section>"""
