"""Budsjettfullmaktene i brevet (issue 17, punkt 3): budsjett/ÅR/fullmakter.yaml gjengis som
vedlegget «Budsjettfullmakter» – fullmaktene etter bevilgningsreglementet (slaget, teksten,
postene, rammen og grunnlaget) og belastningsfullmaktene (et annet departements kapittel og
beløpet) hver for seg – i Markdown, HTML, PDF og Word, på bokmål og nynorsk. Et brev uten
fullmakter har ikke noe slikt vedlegg (det publiserte brevet for 2024 er uendret, gullfilene i
test_render.py).

Eksemplene: eksempler/naturrestaurering har fullmakter.yaml og vedlegget i brev.yaml
(«Vedlegg nr. 3 Budsjettfullmakter»); det nynorske eksempelet får fullmakter her, uten
vedlegget i brev.yaml, så vedlegget får neste nummer.
"""

from __future__ import annotations

import io
import re
import shutil
import typing
from pathlib import Path

import pytest

from casekit import PUBLISHED, edit_once, tb_in_process
from tildelingsbrev.model.documents import Fullmaktstype
from tildelingsbrev.rendering.ord import ORD, bokmålsord

tb = tb_in_process

EKSEMPLER = Path(__file__).resolve().parents[1] / "eksempler"
NATUR = EKSEMPLER / "naturrestaurering"
NYNORSK = EKSEMPLER / "nynorsk"

NYNORSK_FULLMAKTER = """\
år: 2025
fullmakter:
  - id: bestilling-331-21
    type: bestillingsfullmakt
    tekst: >-
      NND kan bestille kartleggingar ut over løyvinga på kap. 331 post 21, innanfor ei samla
      ramme på 4 mill. kroner.
    grunnlag: Prop. 1 S (2024–2025), romartalsvedtak III
    utgiftspost: {kapittel: 331, post: 21}
    ramme: 4000000
  - id: husleige
    type: annen
    tekst: NND kan inngå leigeavtalar for lokale med ei leigetid på inntil ti år.
belastningsfullmakter:
  - departement: Kunnskapsdepartementet
    kapittel: 226
    tekst: til nynorske læremiddel i vidaregåande skule
"""


def render(root: Path, *args: str) -> str:
    res = tb("render", "--data", str(root), *args)
    assert res.exit_code == 0, res.output
    return res.stdout.replace("\u00a0", " ")


def appendix(md: str) -> str:
    """Vedlegget med budsjettfullmaktene, fra overskriften til slutten."""
    start = md.index("\n## Vedlegg nr. ", md.index("## Vedlegg nr. 1 Oppdrag") + 1)
    return md[start:]


def bokmål_in(text: str) -> list[str]:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return sorted(words & bokmålsord())


@pytest.fixture
def nynorsk(tmp_path: Path) -> Path:
    """Det nynorske eksempelet med en egen fullmakter.yaml i stedet for eksempelets."""
    root = tmp_path / "nnd"
    shutil.copytree(NYNORSK, root)
    (root / "budsjett" / "2025" / "fullmakter.yaml").write_text(NYNORSK_FULLMAKTER, encoding="utf-8")
    return root


def test_every_kind_of_authorisation_has_a_heading_in_both_forms():
    for kind in typing.get_args(Fullmaktstype):
        assert set(ORD[f"fullmakt_{kind}"]) == {"bokmål", "nynorsk"}, kind


def test_the_example_with_authorisations_checks_clean():
    res = tb("check", "--data", str(NATUR))
    assert (res.exit_code, res.stdout) == (0, "0 feil, 0 advarsler\n")


def test_the_appendix_lists_authorisations_and_charges_separately():
    md = render(NATUR)
    part = appendix(md)
    assert part.startswith("\n## Vedlegg nr. 3 Budsjettfullmakter\n")
    own, charges = part.split("### Belastningsfullmakter", 1)
    assert "### Fullmakter etter bevilgningsreglementet" in own
    assert re.findall(r"^#### (.+)$", own, re.M) == ["Merinntektsfullmakt", "Tilsagnsfullmakt"]
    for line in (
        "- Utgiftspost: kap. 1435 post 01 Driftsutgifter",
        "- Inntektspost: kap. 4435 post 02 Oppdragsinntekter",
        "- Grunnlag: Prop. 1 S (2024–2025), romertallsvedtak II",
        "- Utgiftspost: kap. 1435 post 70 Tilskudd til restaurering av natur",
        "- Ramme: 40 mill. kroner",
    ):
        assert line in own
    assert "NRDir kan overskride bevilgningen på kap. 1435 post 01 mot tilsvarende merinntekter" in own
    assert "Landbruks" not in own
    assert "Andre departementer stiller midler til disposisjon for NRDir på sine kapitler:" in charges
    assert (
        "| Landbruks- og matdepartementet | Kap. 1139 post 71 | til restaurering av myr i jordbrukslandskapet "
        "| 2 500 000 |" in charges
    )
    # belastningsfullmakten er ikke med i brevets egne summer
    assert "|  | **Sum** | **276 850 000** |" in md and "279 350 000" not in md


def test_the_appendix_comes_after_the_assignments_and_is_in_the_list():
    md = render(NATUR)
    assert md.index("## Vedlegg nr. 1 Oppdrag") < md.index("## Vedlegg nr. 3 Budsjettfullmakter")
    assert "- Vedlegg nr. 3 Budsjettfullmakter\n" in md
    assert md.count("Budsjettfullmakter\n") == 2  # lista og overskriften, ikke et vedlegg til


def test_a_letter_without_authorisations_has_no_appendix(tmp_path):
    """Uten fullmakter.yaml, eller med en fil uten fullmakter, står det ingenting om dem: brevet
    er det samme som uten fila (også når brev.yaml har vedlegget i lista)."""
    root = tmp_path / "natur"
    shutil.copytree(NATUR, root)
    fil = root / "budsjett" / "2025" / "fullmakter.yaml"
    fil.unlink()
    without = render(root)
    assert "Fullmakter etter" not in without and "Belastningsfullmakter" not in without
    fil.write_text("år: 2025\nfullmakter: []\nbelastningsfullmakter: []\n", encoding="utf-8")
    assert render(root) == without
    assert "Budsjettfullmakter" not in render(PUBLISHED).split("## Vedlegg nr. 1 Oppdrag")[1]


def test_in_nynorsk_and_numbered_after_the_listed_appendices(nynorsk):
    res = tb("check", "--data", str(nynorsk))
    assert (res.exit_code, res.stdout) == (0, "0 feil, 0 advarsler\n")
    md = render(nynorsk)
    assert "- Vedlegg nr. 3 Budsjettfullmakter\n" in md  # brev.yaml har vedlegg 1 og 2
    part = appendix(md)
    assert part.startswith("\n## Vedlegg nr. 3 Budsjettfullmakter\n")
    for expected in (
        "### Fullmakter etter løyvingsreglementet",
        "#### Bestillingsfullmakt",
        "- Utgiftspost: kap. 331 post 21 Spesielle driftsutgifter",
        "- Ramme: 4 mill. kroner",
        "#### Anna fullmakt",
        "NND kan inngå leigeavtalar for lokale med ei leigetid på inntil ti år.",
        "Andre departement stiller midlar til disposisjon for NND på kapitla sine:",
        "| Kunnskapsdepartementet | Kap. 226 | til nynorske læremiddel i vidaregåande skule | – |",  # inga beløp
    ):
        assert expected in part
    assert bokmål_in(md) == []


def test_the_same_authorisations_in_bokmål(nynorsk):
    edit_once(nynorsk / "brev" / "2025" / "brev.yaml", "målform: nynorsk", "målform: bokmål")
    part = appendix(render(nynorsk))
    for expected in ("### Fullmakter etter bevilgningsreglementet", "#### Annen fullmakt", "for NND på sine kapitler:"):
        assert expected in part


def test_a_draft_shows_what_is_not_filled_in(tmp_path):
    """I et utkast (`tb nytt-brev`) er rammen og beløpet `null`: «(ikke utfylt)», ikke 0 og
    ikke borte."""
    root = tmp_path / "natur"
    shutil.copytree(NATUR, root)
    fil = root / "budsjett" / "2025" / "fullmakter.yaml"
    edit_once(fil, "ramme: 40000000", "ramme: null")
    edit_once(fil, "beløp: 2500000", "beløp: null")
    part = appendix(render(root))
    assert "- Ramme: (ikke utfylt)" in part
    assert "| til restaurering av myr i jordbrukslandskapet | (ikke utfylt) |" in part


def test_text_from_the_authorisations_is_text(tmp_path):
    """Teksten er data: Markdown og HTML i den blir stående som skrevet."""
    root = tmp_path / "natur"
    shutil.copytree(NATUR, root)
    edit_once(
        root / "budsjett" / "2025" / "fullmakter.yaml",
        "til restaurering av myr i jordbrukslandskapet",
        "<b>myr</b> | [lenke](javascript:x)",
    )
    out = tmp_path / "natur.html"
    assert tb("render", "--data", str(root), "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;b&gt;myr&lt;/b&gt; | [lenke](javascript:x)" in page
    assert "<b>myr" not in page and 'href="javascript' not in page


@pytest.mark.parametrize("målform", ["bokmål", "nynorsk"])
def test_html_pdf_and_word(tmp_path, nynorsk, målform):
    from docx import Document
    from pypdf import PdfReader

    if målform == "bokmål":
        root, heading, charge = NATUR, "Merinntektsfullmakt", "Landbruks- og matdepartementet"
    else:
        root, heading, charge = nynorsk, "Fullmakter etter løyvingsreglementet", "Kunnskapsdepartementet"

    html = tmp_path / "brev.html"
    assert tb("render", "--data", str(root), "-o", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert re.search(r'<h2 id="vedlegg-nr-3-budsjettfullmakter">Vedlegg nr\. 3 Budsjettfullmakter</h2>', page)
    assert f">{heading}</h" in page and charge in page

    pdf = tmp_path / "brev.pdf"
    assert tb("render", "--data", str(root), "-o", str(pdf)).exit_code == 0
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages]
    last = max(i for i, text in enumerate(pages) if "Vedlegg nr. 3 Budsjettfullmakter" in text)
    assert pages[last].startswith("Vedlegg nr. 3 Budsjettfullmakter")  # vedlegget begynner på en ny side
    assert "Vedlegg nr. 1 Oppdrag" in pages[last - 1]
    text = " ".join(pages[last:])
    assert heading in text
    # avdelingsnavnet kan brytes mellom ordene, men ikke inne i et ord
    assert re.search(r"\s+".join(map(re.escape, charge.split())), text), charge

    docx = tmp_path / "brev.docx"
    assert tb("render", "--data", str(root), "-o", str(docx)).exit_code == 0
    doc = Document(str(docx))
    headings = {p.text: p for p in doc.paragraphs if p.style.name.startswith("Heading")}
    assert headings["Vedlegg nr. 3 Budsjettfullmakter"].style.name == "Heading 2"
    assert headings["Vedlegg nr. 3 Budsjettfullmakter"].paragraph_format.page_break_before
    assert headings[heading].style.name in ("Heading 3", "Heading 4")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert charge in cells


@pytest.fixture(scope="module")
def chromium() -> str:
    """Chromium med axe-core, som i tests/test_html_axe.py, ellers hoppes testen over."""
    from test_html_axe import AXE, _chromium

    path = _chromium()
    if path is None or not AXE.exists():
        pytest.skip("Chromium eller axe-core mangler her (se tests/test_html_axe.py); .ci/run installerer dem")
    return path


def test_no_serious_accessibility_violations_in_a_browser(tmp_path, nynorsk, chromium):
    """Inntektskapitlet og vedlegget med fullmaktene (bokmål) og det nynorske brevet med
    fullmaktene i Chromium med axe-core: ingen alvorlige eller kritiske brudd (hoppes over uten
    nettleseren, som tests/test_html_axe.py)."""
    from test_html_axe import _serious, run_axe

    for root in (NATUR, nynorsk):
        out = tmp_path / f"{root.name}.html"
        assert tb("render", "--data", str(root), "-o", str(out)).exit_code == 0
        assert _serious(run_axe(chromium, out.read_text(encoding="utf-8"), tmp_path)) == [], root.name
