"""Reading real files of each format into article text (no model needed)."""

from __future__ import annotations

import pytest

from assistant.errors import BadArticle
from assistant.corpus.extract import read_input
from assistant.swedish.places import guess_municipality

PARAGRAPHS = [
    "För några veckor sedan var det mycket skriverier om omsorgssektionen i Tranemo kommun, "
    "det var många chefer som slutade samtidigt. Relativt snabbt trädde grannkommunen "
    "Svenljunga in och erbjöd sina tjänster genom att dela med sig av sin socialchef.",
    "I den nya ledningen är det flera enhetschefer från verksamheten som har tagit klivet upp "
    "till att bli verksamhetschef och med det också fått ytterligare lite mer ansvar.",
    "– Det är fantastiskt att vi har så bra enhetschefer med den kompetensen, säger "
    "Sebastian Nyden, sektionschef.",
]
TITLE = "Samverkan i fokus för nya ledningsgruppen inom omsorg"
BOILERPLATE = ["kakor", "Sök på webbplatsen", "Omsorg och hjälp", "Relaterade nyheter",
               "Hemtjänsten får nya bilar", "0325-57 60 00", "Öppettider", "dataLayer",
               "Dela på Facebook", "Foto:", "analytics", "Startsida"]


def news_page(paragraphs=PARAGRAPHS, title=TITLE, site="Tranemo kommun",
              charset="utf-8", dates=True) -> str:
    """A municipal news page as a browser saves it: menus, cookie banner, search
    box, related links, footer and scripts around the article."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<!-- saved from url=(0048)https://www.tranemo.se/nyheter/samverkan-i-fokus -->
<html lang="sv"><head><meta charset="{charset}">
<title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
<script>window.dataLayer=[];function gtag(){{dataLayer.push(arguments)}}</script>
<style>body{{font-family:sans-serif}}</style></head><body>
<div id="cookie-banner" class="cookie-consent"><p>Vi använder kakor (cookies) för att
webbplatsen ska fungera så bra som möjligt. Genom att fortsätta godkänner du kakor.</p>
<button>Jag godkänner</button></div>
<header><a href="/">{site}</a><nav><ul><li><a href="/omsorg">Omsorg och hjälp</a></li>
<li><a href="/skola">Förskola och skola</a></li><li><a href="/bygga">Bygga, bo och miljö</a></li>
</ul></nav><form class="search" action="/sok"><label for="q">Sök på webbplatsen</label>
<input id="q" name="q"><button>Sök</button></form></header>
<div class="breadcrumbs"><a href="/">Startsida</a> / <a href="/nyheter">Nyheter</a></div>
<main><article><h1>{title}</h1>
{'<p class="date">Publicerad 1 april 2019</p>' if dates else ''}
<figure><img src="bild.jpg" alt="Ledningsgruppen"><figcaption>Foto: {site}</figcaption></figure>
{body}
{'<p class="updated">Senast uppdaterad 8 april 2019</p>' if dates else ''}
<div class="share"><a href="#">Dela på Facebook</a> <a href="#">Skriv ut</a></div>
</article>
<aside class="related"><h2>Relaterade nyheter</h2><ul><li><a href="/n1">Nytt äldreboende
invigt</a></li><li><a href="/n2">Hemtjänsten får nya bilar</a></li></ul></aside></main>
<footer><p>{site}, 514 80 Tranemo</p><p>Telefon: 0325-57 60 00</p>
<p>Öppettider: måndag–fredag 8–16</p></footer>
<script src="analytics.js"></script></body></html>
"""


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]], title: str | None = None, author: str | None = None,
             scanned: bool = False) -> bytes:
    """A real PDF, written by hand: one line of Helvetica text per string (an
    empty string is an empty line); `scanned` gives pages with only an image."""
    objects: list[bytes] = []

    def add(obj: bytes) -> int:
        objects.append(obj)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    contents = []
    for lines in pages:
        if scanned:
            pixels = bytes(range(64))
            image = add(b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace "
                        b"/DeviceGray /BitsPerComponent 8 /Length 64 >>\nstream\n" + pixels
                        + b"\nendstream")
            stream = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
        else:
            ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
            ops += [b"T*" if not line else _pdf_string(line) + b" Tj T*" for line in lines]
            stream = b"\n".join(ops + [b"ET"])
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
        contents.append((add(b"<< /Length %d >>\nstream\n" % len(stream) + stream
                             + b"\nendstream"), resources))
    pages_id = len(objects) + len(contents) + 1
    kids = [add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources %s >>" % (pages_id, c, r)) for c, r in contents]
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)

    def utf16(text: str) -> bytes:
        return b"<FEFF" + text.encode("utf-16-be").hex().encode() + b">"

    info = add(b"<< " + (b"/Title " + utf16(title) if title else b"")
               + (b" /Author " + utf16(author) if author else b"") + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, catalog, info, xref))
    return bytes(out)


PDF_PAGE = [
    "Nytt arbetssätt i hemtjänstgruppen Linden",
    "Publicerad 2017-11-13",
    "Söderhamns kommun har under ett par år förberett organisationen inför att",
    "styra och utveckla verksamheter utifrån medborgarens fokus. Hemtjänst-",
    "gruppen Linden är först ut att omforma sitt arbetssätt tillsammans med",
    "dig som är kund.",
    "Under ett par år har vi arbetat med att formulera en förändrad styr- och",
    "ledningsfilosofi för hela kommunkoncernen. Det handlar om att omarbeta",
    "styrprinciper och att rusta ledare och chefer inom vård- och omsorg.",
    "Linden i Bergvik förändrar arbetssätt",
    "Medarbetarna i Linden har tillsammans med kunderna tagit fram ett nytt",
    "sätt att planera besöken i hemtjänsten.",
    "1",
]


def test_news_page_keeps_the_article_and_drops_the_rest(tmp_path):
    path = tmp_path / "nyhet.html"
    path.write_text(news_page(), encoding="utf-8")
    e = read_input(path)
    assert e.title == TITLE
    assert e.body == "\n\n".join(PARAGRAPHS)
    assert (e.published, e.updated) == ("2019-04-01", "2019-04-08")
    assert e.municipality == "Tranemo" and "Tranemo kommun" in e.municipality_reason
    assert e.source.startswith("https://www.tranemo.se/")
    for junk in BOILERPLATE:
        assert junk not in e.body, junk
    assert e.notes == ()


def test_windows_1252_page_is_converted_and_says_so(tmp_path):
    path = tmp_path / "nyhet.html"
    path.write_bytes(news_page(charset="windows-1252").encode("cp1252"))
    e = read_input(path)
    assert e.body == "\n\n".join(PARAGRAPHS) and e.title == TITLE
    assert any("Windows-1252" in note and "konverterats" in note for note in e.notes)


def test_page_without_dates_or_site_name_guesses_nothing_weak(tmp_path):
    page = news_page(site="Nyheter från omsorgen", dates=False).replace(
        "tranemo.se", "example.org").replace("Tranemo kommun", "kommunen")
    path = tmp_path / "nyhet.html"
    path.write_text(page, encoding="utf-8")
    e = read_input(path)
    # the text names two municipalities (Tranemo is gone, Svenljunga stays once)
    assert e.published is None and e.updated is None
    assert e.municipality is None and "Svenljunga" in e.municipality_reason


def test_page_without_article_text_is_refused(tmp_path):
    path = tmp_path / "tom.html"
    path.write_text("<html><head><title>Startsida</title></head><body><nav><a href='/'>Hem"
                    "</a></nav><script>var x = 1;</script></body></html>", encoding="utf-8")
    with pytest.raises(BadArticle, match="ingen artikeltext"):
        read_input(path)


def test_text_pdf_is_read_with_paragraphs_title_and_date(tmp_path):
    path = tmp_path / "linden.pdf"
    path.write_bytes(make_pdf([PDF_PAGE, ["Det handlar om medborgarens behov, säger chefen.",
                                          "2"]],
                              title="Microsoft Word - linden.docx", author="Söderhamns kommun"))
    e = read_input(path)
    assert e.title == "Nytt arbetssätt i hemtjänstgruppen Linden"
    assert e.published == "2017-11-13"
    assert e.municipality == "Söderhamn" and "Söderhamns kommun" in e.municipality_reason
    paragraphs = e.body.split("\n\n")
    assert paragraphs[0].startswith("Söderhamns kommun har under") and paragraphs[0].endswith(
        "dig som är kund.")
    assert "Hemtjänstgruppen Linden är först ut" in paragraphs[0]  # hyphenation undone
    assert "inom vård- och omsorg." in paragraphs[1]  # a real hyphen stays
    assert "Linden i Bergvik förändrar arbetssätt" in paragraphs
    assert paragraphs[-1] == "Det handlar om medborgarens behov, säger chefen."
    assert "\n1\n" not in e.body and not e.body.endswith("2")  # page numbers dropped


def test_pdf_paragraph_spacing_and_a_paragraph_over_a_page_break(tmp_path):
    full = "Samverkan mellan kommunerna har gett större möjligheter att driva utvecklingsfrågor."
    pages = [["Gemensam organisation", "", full, full, "", full, "Första meningen i stycket som",
              "fortsätter på nästa sida"],
             ["och slutar här.", "", "Sista stycket."]]
    path = tmp_path / "spacing.pdf"
    path.write_bytes(make_pdf(pages))
    e = read_input(path)
    assert e.title == "Gemensam organisation"
    assert e.body.split("\n\n") == [
        f"{full} {full}",  # a full last line, but the space after ends the paragraph
        f"{full} Första meningen i stycket som fortsätter på nästa sida och slutar här.",
        "Sista stycket."]


def test_scanned_pdf_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "skannad.pdf"
    path.write_bytes(make_pdf([[], []], scanned=True))
    with pytest.raises(BadArticle, match="ingen text.*inskannad"):
        read_input(path)


def test_running_heads_are_dropped_and_become_the_title(tmp_path):
    head = "Äldreomsorgsplan för Vårgårda kommun"
    pages = [[head, f"Sida {i} av 3", f"Avsnitt {i} handlar om samverkan i äldreomsorgen."]
             for i in (1, 2, 3)]
    path = tmp_path / "plan.pdf"
    path.write_bytes(make_pdf(pages))
    e = read_input(path)
    assert e.title == head and head not in e.body and "Sida" not in e.body
    assert e.body.count("handlar om samverkan") == 3


def test_cp1252_text_file_is_converted_and_says_so(tmp_path):
    text = ("Äldreomsorgen i Åre får ny ledning\r\n\r\nÅre kommun inför en ny "
            "ledningsorganisation – ”en nödvändighet”, säger socialchefen.\r\n\r\n"
            "Förändringen gäller i Åre från 1 juni.\r\n")
    path = tmp_path / "are.txt"
    path.write_bytes(text.encode("cp1252"))
    e = read_input(path)
    assert e.title == "Äldreomsorgen i Åre får ny ledning"
    assert e.body == ("Åre kommun inför en ny ledningsorganisation – ”en nödvändighet”, säger "
                      "socialchefen.\n\nFörändringen gäller i Åre från 1 juni.")
    assert e.municipality == "Åre"
    assert any("Windows-1252" in note for note in e.notes)


def test_latin1_text_file_is_converted(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Samverkan i Hörby\n\nHörby kommun och Höör samverkar om "
                     "äldreomsorg.\n".encode("latin-1"))
    e = read_input(path)
    assert "Hörby kommun och Höör samverkar om äldreomsorg." == e.body
    assert e.notes and "konverterats" in e.notes[0]


def test_utf8_with_bom_and_decomposed_letters_becomes_nfc(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Rubrik\n\nA\u030ange kommun.\n".encode("utf-8"))
    e = read_input(path)
    assert e.body == "\u00c5nge kommun." and e.notes == ()


def test_markdown_without_front_matter(tmp_path):
    path = tmp_path / "amal.md"
    path.write_text("# Ny nämnd i Åmål\n\nPublicerad 2020-05-04\n\nÅmåls kommun inrättar en "
                    "**äldreomsorgsnämnd**, läs [beslutet](https://amal.se/x).\n\n## Bakgrund\n"
                    "Nämnden ska samverka med Åmåls kommuns socialtjänst.\n", encoding="utf-8")
    e = read_input(path)
    assert e.title == "Ny nämnd i Åmål" and e.published == "2020-05-04"
    assert e.body == ("Åmåls kommun inrättar en äldreomsorgsnämnd, läs beslutet.\n\nBakgrund\n\n"
                      "Nämnden ska samverka med Åmåls kommuns socialtjänst.")
    assert e.municipality == "Åmål"


def test_markdown_with_front_matter_keeps_its_metadata(tmp_path):
    path = tmp_path / "fm.md"
    path.write_text('---\ntitle: "Goda resultat"\nmunicipality: Bengtsfors\npartners: [Mellerud]'
                    "\nupdated: 2023-09-19\n---\n\nSedan två år har Bengtsfors och Mellerud en "
                    "gemensam organisation.\n", encoding="utf-8")
    e = read_input(path)
    assert (e.title, e.municipality, e.partners, e.updated) == (
        "Goda resultat", "Bengtsfors", ("Mellerud",), "2023-09-19")
    assert e.body == "Sedan två år har Bengtsfors och Mellerud en gemensam organisation."


@pytest.mark.parametrize("name, content, reason", [
    ("tom.txt", b"", "tom"),
    ("blank.md", b" \n\n \n", "tom"),
    ("skrap.txt", bytes(range(256)) * 20, "binär"),
    ("skrap.html", b"\x89PNG\r\n\x1a\n" + bytes(range(1, 256)) * 20, "binär"),
    ("skrap.pdf", b"GIF89a" + bytes(range(256)) * 4, "ingen PDF"),
    ("trasig.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "skadad"),
    ("brev.docx", b"PK\x03\x04", "stöds inte"),
    ("sida.mhtml", b"MIME-Version: 1.0", "endast HTML"),
])
def test_bad_files_get_a_clear_swedish_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(BadArticle, match=reason):
        read_input(path)


def test_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "stor.pdf"
    with path.open("wb") as fh:  # 50 MB, sparse: nothing to read if it were read
        fh.truncate(50_000_000)
    with pytest.raises(BadArticle, match="för stor"):
        read_input(path)
    text = tmp_path / "stor.txt"
    text.write_bytes(b"ord " * 600_000)
    with pytest.raises(BadArticle, match="för stor"):
        read_input(text)


@pytest.mark.parametrize("text, site, host, expected", [
    ("Text om samverkan.", "Vårgårda kommun", None, "Vårgårda"),
    ("Text om samverkan.", "Göteborgs Stad", None, "Göteborg"),
    ("Text om samverkan.", None, "www.vargarda.se", "Vårgårda"),
    ("Text om samverkan.", None, "habokommun.se", "Habo"),
    ("I Tranemo kommun är samverkan i fokus.", None, None, "Tranemo"),
    ("Tranemo satsar. Omsorgen i Tranemo växer.", None, None, "Tranemo"),
    ("Tranemo satsar på äldreomsorgen.", None, None, None),  # once, without "kommun"
    ("Vara med och påverka. Vara delaktig.", None, None, None),  # a word, not the place
    ("Bengtsfors kommun och Melleruds kommun samverkar.", None, None, None),
    ("Region Stockholm och Stockholms län planerar.", None, None, None),
    ("Text om samverkan.", "Region Västra Götaland", "vgregion.se", None),
])
def test_municipality_only_from_strong_evidence(text, site, host, expected):
    assert guess_municipality(text, site, host)[0] == expected


def test_markdown_marks_become_plain_text(tmp_path):
    """Emphasis, inline code, reference links, link definitions and `>` quotes
    are Markdown, not the article's words (README: they become plain text)."""
    path = tmp_path / "md.md"
    path.write_text(
        "# Samverkan i Åmål\n\n"
        "Åmåls kommun har en *gemensam* _ledningsgrupp_ med `Säffle` och läser "
        "[protokollet][p] och [beslutet].\n\n"
        "> Vi samverkar om äldreomsorgen,\n> säger socialchefen.\n\n"
        "- hemtjänst\n- särskilt boende\n\n"
        "[p]: https://amal.se/protokoll \"Protokoll\"\n"
        "[beslutet]: https://amal.se/beslut\n", encoding="utf-8")
    e = read_input(path)
    assert e.title == "Samverkan i Åmål"
    assert e.body == (
        "Åmåls kommun har en gemensam ledningsgrupp med Säffle och läser protokollet och "
        "beslutet.\n\nVi samverkar om äldreomsorgen,\nsäger socialchefen.\n\n"
        "- hemtjänst\n- särskilt boende")
    for mark in ("*", "_", "`", "[", "]", ">", "https://"):
        assert mark not in e.body, mark


def test_one_list_of_municipalities_with_canonical_names():
    from assistant.swedish.places import canonical_municipality, closest_municipality, municipalities
    from assistant.swedish.places import named_places

    assert len(municipalities()) == 290 and "Upplands Väsby" in municipalities()
    assert canonical_municipality("göteborgs stad") == "Göteborg"
    assert canonical_municipality("VÅRGÅRDA kommun") == "Vårgårda"
    assert closest_municipality("Vargarda") == "Vårgårda"
    assert named_places("Vem är socialchef i borås?") == set()
    assert named_places("Vem är socialchef i borås?", ignore_case=True) == {"Borås"}
    assert named_places("Vårgårdas och Tranemo kommuns chefer") == {"Vårgårda", "Tranemo"}


# --- reading within a budget, in a process of its own (corpus/extract/process.py)

def shared_stream_pdf(content: bytes, pages: int) -> bytes:
    """A PDF whose `pages` pages all draw one compressed content stream."""
    import zlib

    data = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
               + b"\nendstream"]
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>")
    objects += [page] * pages
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % (5 + n) for n in range(pages)), pages)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


DRAWN_LINE = b"BT /F1 10 Tf 40 800 Td (Samverkan om hemtjanst och aldreomsorg i kommunen) Tj ET\n"


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """20,000 lines of text on one page (1.2 MB): joining them into paragraphs
    took minutes, a search over the paragraph so far for every line."""
    words = "Samverkan mellan kommunerna om hemtjänst och äldreomsorg fungerar väl".split()
    lines = [" ".join(words[(n + i) % len(words)] for i in range(7)) + f" rad {n}"
             for n in range(20_000)]
    path = tmp_path_factory.mktemp("lang") / "lang.pdf"
    path.write_bytes(make_pdf([lines]))
    return path


def test_a_yaml_alias_bomb_is_refused_for_what_it_is(tmp_path):
    """Refused by the front matter check, well within a small budget (before:
    memory grew by 80-130 MB/s, 4 GB in 33 s)."""
    from test_articles import ALIAS_BOMB

    from assistant.corpus.extract.process import Budget, read_bounded

    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    with pytest.raises(BadArticle, match="alias"):
        read_bounded(path, Budget(seconds=10, memory_mb=256))


@pytest.mark.slow  # measured: seconds of its own
def test_a_pdf_of_20000_lines_is_read(long_pdf):
    from assistant.corpus.extract.process import Budget, read_bounded

    e = read_bounded(long_pdf, Budget(seconds=120))
    assert e.body.startswith("Samverkan mellan kommunerna") and e.body.endswith("rad 19999")
    assert len(e.body.split()) == 20_000 * 9


def test_reading_stops_at_the_deadline_with_a_swedish_message(long_pdf):
    from assistant.corpus.extract.process import Budget, read_bounded

    with pytest.raises(BadArticle, match="tog för lång tid att läsa \\(mer än 0.5 sekunder\\)"):
        read_bounded(long_pdf, Budget(seconds=0.5))


def test_pages_sharing_one_huge_stream_are_refused_before_parsing(tmp_path):
    """Three pages drawing one 12 MB stream: 36 MB to parse, minutes of pypdf."""
    from assistant.corpus.extract.process import Budget, read_bounded

    path = tmp_path / "delad.pdf"
    path.write_bytes(shared_stream_pdf(DRAWN_LINE * (12_000_000 // len(DRAWN_LINE)), pages=3))
    with pytest.raises(BadArticle, match="för stora att läsa"):
        read_bounded(path, Budget(seconds=10))


@pytest.mark.slow  # measured: seconds of its own
def test_reading_that_needs_too_much_memory_is_stopped(tmp_path):
    """One 60 MB stream is refused as too large within 512 MB; with 100 MB the
    reader runs out of memory decompressing it, and says so."""
    from assistant.corpus.extract.process import Budget, read_bounded

    path = tmp_path / "stor.pdf"
    path.write_bytes(shared_stream_pdf(DRAWN_LINE * (60_000_000 // len(DRAWN_LINE)), pages=1))
    with pytest.raises(BadArticle, match="för stora att läsa"):
        read_bounded(path, Budget(seconds=10, memory_mb=512))
    with pytest.raises(BadArticle, match="för mycket minne.*mer än 100 MB"):
        read_bounded(path, Budget(seconds=10, memory_mb=100))


def test_a_reader_that_fails_gets_a_swedish_message(tmp_path, monkeypatch):
    import sys

    from assistant.corpus.extract import process as extract_process

    path = tmp_path / "a.txt"
    path.write_text("Rubrik\n\nText om samverkan mellan kommunerna i länet.", encoding="utf-8")
    assert extract_process.read_bounded(path).title == "Rubrik"
    monkeypatch.setattr(extract_process, "_spare", None)  # the waiting reader is not used
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with pytest.raises(BadArticle, match="avbröts oväntat"):
        extract_process.read_bounded(path)
