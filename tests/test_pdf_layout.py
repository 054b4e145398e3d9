"""Sidene i PDF-en av brevet for 2024, lest tilbake med tekstens plass på hver side (pypdf):
brevhodet på side 1, en innledning står på samme side som tabellen eller lista den innleder,
en sumrad står aldri alene øverst på en side, postnummer og beløp brytes ikke, budsjettabellene
har de samme kolonnene, vedlegg nr. 1 begynner øverst på en ny side med en tittelkolonne det
går an å lese, og hver side har sidetallet.

Se sidene selv med `tb render -o brev.pdf && pdftoppm -png -r 60 brev.pdf side`.
"""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from casekit import edit_once
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import render

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NB = "\u00a0"
AMOUNT = r"\d{1,3}(?:[ \u00a0]\d{3})+"


@dataclass(frozen=True)
class Cell:
    """En tekstbit på en side: x og y (punkter fra nede til venstre) og teksten."""

    x: float
    y: float
    text: str


@dataclass
class Line:
    page: int
    y: float
    cells: list[Cell]

    @property
    def text(self) -> str:
        return " ".join(c.text.strip() for c in self.cells).replace(NB, " ")


def _pages(pdf: bytes) -> list[list[Line]]:
    """Linjene på hver side ovenfra og ned, hver med tekstbitene fra venstre mot høyre."""
    from pypdf import PdfReader

    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        cells: list[Cell] = []

        def visit(text, cm, tm, font, size, cells=cells):
            if text.strip():
                cells.append(Cell(round(tm[4] * cm[0] + cm[4], 1), round(tm[5] * cm[3] + cm[5], 1), text))

        page.extract_text(visitor_text=visit)
        rows: dict[float, list[Cell]] = {}
        for c in cells:
            rows.setdefault(c.y, []).append(c)
        out.append([Line(n, y, sorted(rows[y], key=lambda c: c.x)) for y in sorted(rows, reverse=True)])
    return out


@pytest.fixture(scope="module")
def pages() -> list[list[Line]]:
    pytest.importorskip("weasyprint")
    repo, findings = load(DATA)
    assert not findings
    return _pages(render(repo, 2024, "pdf"))


def _body(page: list[Line]) -> list[Line]:
    """Linjene på siden uten sidetallet nederst."""
    return [line for line in page if not re.fullmatch(r"Side \d+ av \d+", line.text)]


def _lines(pages) -> list[Line]:
    return [line for page in pages for line in _body(page)]


def _find(pages, pattern: str) -> list[Line]:
    return [line for line in _lines(pages) if re.search(pattern, line.text)]


# ---------------------------------------------------------------- side 1


def test_the_first_page_is_a_letter(pages):
    first = [line.text for line in _body(pages[0])]
    assert first[:4] == [
        "Arbeids- og inkluderingsdepartementet",
        "Integrerings- og mangfoldsdirektoratet",
        "Tildelingsbrev 2024 – Integrerings- og",
        "mangfoldsdirektoratet",
    ]
    assert first[4] == "1. Innledning"
    assert not any(t.startswith(("Fra:", "Til:", "Budsjettår:", "Grunnlag:")) for t in first)


def test_a_full_letterhead_on_the_first_page(tmp_path):
    """Med adresser, referanser, dato og kopimottakere: avsenderen øverst, så mottakeren, så
    raden «Deres ref / Vår ref / Dato» over verdiene, og så overskriften; kopimottakerne etter
    signaturene."""
    pytest.importorskip("weasyprint")
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    brev = data / "brev" / "2024" / "brev.yaml"
    edit_once(brev, "  kortnavn: AID\n", "  kortnavn: AID\n  adresse: [Postboks 8019 Dep, 0030 Oslo]\n")
    edit_once(brev, "  kortnavn: IMDi\n", "  kortnavn: IMDi\n  adresse: [Postboks 2832 Tøyen, 0608 Oslo]\n")
    edit_once(
        brev,
        "dato: null\n",
        "dato: 2023-12-21\nderes_ref: 23/987\nvår_ref: 23/4512-3\nkopi: [Riksrevisjonen]\nelektronisk_godkjent: true\n",
    )
    repo, _ = load(data)
    pages = _pages(render(repo, 2024, "pdf"))
    first = [line.text for line in _body(pages[0])]
    assert first[:9] == [
        "Arbeids- og inkluderingsdepartementet",
        "Postboks 8019 Dep",
        "0030 Oslo",
        "Integrerings- og mangfoldsdirektoratet",
        "Postboks 2832 Tøyen",
        "0608 Oslo",
        "Deres ref Vår ref Dato",
        "23/987 23/4512-3 21. desember 2023",
        "Tildelingsbrev 2024 – Integrerings- og",
    ]
    heads, values = _body(pages[0])[6:8]
    assert [c.x for c in heads.cells] == [c.x for c in values.cells], "referansene står under hver sin overskrift"
    closing = [line.text for line in _lines(pages)]
    i = closing.index("ekspedisjonssjef")
    assert closing[i + 1 : i + 4] == [
        "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.",
        "Kopi til:",
        "Riksrevisjonen",
    ]


# ---------------------------------------------------------------- tabeller over sideskift


def test_a_lead_in_line_is_on_the_page_of_what_it_introduces(pages):
    """Hver linje som slutter med kolon («… ber om følgende rapportering:», «Oppdrag som skal
    bidra til å oppnå mål nr. 1:»), står på samme side som linja etter den."""
    lines = _lines(pages)
    lead_ins = [(a, b) for a, b in zip(lines, lines[1:]) if a.text.endswith(":")]
    assert len(lead_ins) > 15
    assert [(a.page, a.text) for a, b in lead_ins if a.page != b.page] == []
    report = _find(pages, r"ber om følgende rapportering:$")
    assert len(report) == 1 and _find(pages, r"^Type rapportering")[0].page == report[0].page
    goal = _find(pages, r"^Oppdrag som skal bidra til å oppnå mål nr\. 1:$")[0]
    assert _find(pages, r"^2024-01 ")[0].page == goal.page


def test_a_sum_row_is_never_alone_at_the_top_of_a_page(pages):
    """Over hver sumrad på samme side står en rad med et beløp (ikke bare kolonneoverskriftene
    som gjentas øverst på siden)."""
    sums = 0
    for page in pages:
        body = _body(page)
        for i, line in enumerate(body):
            if re.fullmatch(rf"(?:Sum|SUM) {AMOUNT}", line.text):
                sums += 1
                above = body[i - 1].text if i else ""
                assert re.search(rf"{AMOUNT}$", above), (line.page, line.text, above)
    assert sums == 5  # kap. 601, 670, 671, 672 og mottakerne på post 71
    kap672 = _find(pages, r"^Sum 2 263 256 000$")[0]
    assert _find(pages, r"^Post 61 Kompetansekartlegging")[0].page == kap672.page


def test_post_numbers_and_amounts_never_wrap(pages):
    """«Post 45» står på én linje i hver rad (aldri «Post» over «45»), og hvert beløp er helt."""
    lines = _lines(pages)
    # i tabellene er posten den første av flere celler på linja (en overskrift er én celle)
    posts = [
        line.cells[0].text
        for line in lines
        if len(line.cells) > 1 and line.cells[0].text.startswith("Post") and line.text != "Post Betegnelse Tildeling 2024"
    ]
    assert len(posts) == 12  # 601: 1, 670: 1, 671: 8, 672: 2
    assert all(re.fullmatch(r"Post \d\d", p) for p in posts), posts
    # og ingen linje begynner med et postnummer alene (resten av en brutt «Post 45»)
    assert not [line.text for line in lines if re.fullmatch(r"\d\d", line.cells[0].text.strip())]
    amounts = {c.text.replace(NB, " ") for line in lines for c in line.cells}
    for amount in ("23 627 135 000", "1 788 725 000", "25 949 864 000", "2 262 211 000", "37 510 000"):
        assert amount in amounts


def test_budget_tables_share_their_columns(pages):
    heads = [line for line in _lines(pages) if line.text == "Post Betegnelse Tildeling 2024"]
    assert len(heads) >= 4
    assert len({tuple(c.x for c in line.cells) for line in heads}) == 1


# ---------------------------------------------------------------- vedlegget og sidetallene


def test_appendix_1_starts_at_the_top_of_a_new_page_with_a_readable_title_column(pages):
    starts = [p for p in pages if _body(p) and _body(p)[0].text == "Vedlegg nr. 1 Oppdrag"]
    assert len(starts) == 1
    n = _body(starts[0])[0].page
    assert _find(pages, r"^Med hilsen$")[0].page < n
    head = next(line for line in _body(starts[0]) if line.text == "Oppdrag Tittel Mål Frist FoU")
    x = {c.text: c.x for c in head.cells}
    # tittelkolonnen er minst 40 % av tabellen, og bredere enn fristkolonnen
    assert x["Mål"] - x["Tittel"] >= 0.4 * (533 - x["Oppdrag"])
    assert x["Mål"] - x["Tittel"] > 1.5 * (x["FoU"] - x["Frist"])


def test_every_page_has_its_number(pages):
    numbers = [next((line.text for line in p if re.fullmatch(r"Side \d+ av \d+", line.text)), None) for p in pages]
    assert numbers == [f"Side {n} av {len(pages)}" for n in range(1, len(pages) + 1)]
