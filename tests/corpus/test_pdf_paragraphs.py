"""PDF import keeps paragraphs: PDFs made here with reportlab (as a word
processor lays them out: paragraph spacing, first-line indents, two
columns, words hyphenated at line ends), read by the real extractor."""

from __future__ import annotations

import io
import time

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, SimpleDocTemplate

from assistant.corpus.extract.pdf import from_pdf

PARAGRAPHS = [
    "Socialtjänsten i kommunen har under året arbetat med att stärka samverkan mellan "
    "äldreomsorgen och hälso- och sjukvården. Arbetet har letts av en gemensam ledningsgrupp "
    "som träffas varje månad och som följer upp de mål som nämnden har beslutat om.",
    "Ledningsgruppen består av socialchefen, verksamhetscheferna och medicinskt ansvarig "
    "sjuksköterska. Gruppen ansvarar för att planera gemensamma utbildningar och för att "
    "rutinerna vid utskrivning från sjukhuset följs av alla enheter i kommunen.",
    "Under hösten genomfördes en uppföljning där medarbetare i hemtjänsten intervjuades om hur "
    "samarbetet fungerar i vardagen. Resultaten visade att de flesta upplever att kontakterna "
    "med distriktssköterskorna har blivit enklare och snabbare än tidigare år.",
    "Nästa steg är att utveckla arbetet med individuella planer så att den enskilde får en "
    "sammanhållen vård och omsorg. Kommunen kommer också att se över hur tillitsbaserad "
    "styrning kan ge medarbetarna större handlingsutrymme i mötet med brukarna.",
]


def _style(space: float, indent: float) -> ParagraphStyle:
    return ParagraphStyle("brödtext", fontName="Helvetica", fontSize=11, leading=14,
                          spaceAfter=space, firstLineIndent=indent, alignment=4)  # justified


def laid_out(space: float = 0, indent: float = 0, columns: int = 1) -> bytes:
    out = io.BytesIO()
    story = [Paragraph(t, _style(space, indent)) for t in PARAGRAPHS]
    if columns == 1:
        SimpleDocTemplate(out, pagesize=A4, title="Samverkan i omsorgen").build(story)
    else:
        doc = BaseDocTemplate(out, pagesize=A4, title="Samverkan i omsorgen")
        width = (doc.width - 20) / 2
        doc.addPageTemplates([PageTemplate(frames=[
            Frame(doc.leftMargin, doc.bottomMargin, width, 300, id="vänster"),
            Frame(doc.leftMargin + width + 20, doc.bottomMargin, width, 300, id="höger")])])
        doc.build(story)
    return out.getvalue()


def _words(text: str) -> list[str]:
    return text.split()


def _paragraphs(raw: bytes) -> list[str]:
    extracted = from_pdf(raw, "omsorg.pdf")
    assert extracted.title == "Samverkan i omsorgen"
    return extracted.body.split("\n\n")


@pytest.mark.parametrize("layout", [
    {"space": 8},                       # space after each paragraph
    {"indent": 20},                     # first-line indent, no space
    {"indent": 15, "columns": 2},       # two columns, indented
    {"space": 6, "columns": 2},         # two columns, spaced
])
def test_four_paragraphs_stay_four(layout):
    paragraphs = _paragraphs(laid_out(**layout))
    assert len(paragraphs) == 4, [p[:40] for p in paragraphs]
    for got, want in zip(paragraphs, PARAGRAPHS):
        assert _words(got) == _words(want)  # the same words, in order, nothing joined across


def hyphenated_two_columns() -> bytes:
    """Two columns drawn line by line, as a typesetter hyphenates: "social-"
    at a line end and "tjänsten" at the start of the next; a paragraph goes on
    from the foot of the left column to the top of the right one."""
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setTitle("Samverkan i omsorgen")
    c.setFont("Helvetica", 11)
    left = ["Samverkan mellan kommunerna har gett social-",
            "tjänsten bättre underlag för sina beslut om",
            "placeringar av barn och unga. Politikerna",
            "ser en tydlig kvalitetsökning i de under-",
            "lag som de får till sig från förvaltningen.",
            "",
            "Den gemensamma organisationen delar på",
            "ledning och specialister, och vård- och",
            "omsorgsnämnden följer upp arbetet varje"]
    right = ["år. Effektiviserings-",
             "vinsterna uppstår eftersom mycket arbete",
             "är likartat i kommunerna.",
             "",
             "Medarbetarna har också fått större möjlig-",
             "heter att utvecklas i sina yrkesroller."]
    for column, x in ((left, 60), (right, 310)):
        y = 780
        for line in column:
            if line:
                c.drawString(x, y, line)
            y -= 14 if line else 10
    c.save()
    return out.getvalue()


def test_hyphenation_and_columns():
    paragraphs = _paragraphs(hyphenated_two_columns())
    assert len(paragraphs) == 3, [p[:40] for p in paragraphs]
    first, second, third = paragraphs
    assert "gett socialtjänsten bättre" in first and "i de underlag som" in first
    assert "vård- och omsorgsnämnden" in second  # a real hyphen keeps its space
    assert "arbetet varje år. Effektiviseringsvinsterna uppstår eftersom mycket" in second
    assert third == ("Medarbetarna har också fått större möjligheter att utvecklas i sina "
                     "yrkesroller.")


def test_paragraph_reading_stays_linear():
    """Twice the pages take about twice the time, not four times (the caps
    in bench/bounds.py assume linear extraction)."""
    def many(n):
        out = io.BytesIO()
        story = [Paragraph(PARAGRAPHS[i % 4], _style(0, 20)) for i in range(n)]
        SimpleDocTemplate(out, pagesize=A4, title="Samverkan i omsorgen").build(story)
        return out.getvalue()

    timings = []
    for n in (150, 600):
        raw = many(n)
        start = time.perf_counter()
        paragraphs = _paragraphs(raw)
        timings.append(time.perf_counter() - start)
        assert len(paragraphs) == n
    assert timings[1] < 8 * timings[0], timings  # 4x the text; quadratic would be 16x
