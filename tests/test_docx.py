"""Word (issue 18, punkt 5): `tb render -o brev.docx`, lest tilbake med python-docx.

Dokumentet bygges fra den samme Markdown-en som HTML og PDF, så teksten kan ikke gli fra de
andre formatene: hver overskrift, hvert avsnitt og hver tabellcelle står i samme rekkefølge.
Overskriftene har Words egne stiler, tabellene en overskriftsrad som gjentas på hver side og
høyrejusterte beløp, bunnteksten et PAGE-felt, og dokumentegenskapene tittel, forfatter og språk
fra data. Samme data gir samme bytes. Der LibreOffice finnes, gjøres fila om til PDF uten feil.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from casekit import med_tillegg, tb_in_process
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import render

docx = pytest.importorskip("docx")
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.table import Table  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="module")
def data_docx(repo) -> bytes:
    return render(repo, 2024, "docx")


@pytest.fixture(scope="module")
def doc(data_docx):
    return docx.Document(io.BytesIO(data_docx))


@pytest.fixture(scope="module")
def markdown(repo) -> str:
    return render(repo, 2024, "md").decode("utf-8")


def _md_tokens(md: str) -> list:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").disable(["image", "html_block"]).parse(md)


def _inline_text(tok) -> str:
    out = []
    for c in tok.children or []:
        if c.type in ("text", "code_inline"):
            out.append(c.content)
        elif c.type == "softbreak":
            out.append(" ")
        elif c.type == "hardbreak" or (c.type == "html_inline" and c.content.lower().startswith("<br")):
            out.append("\n")
        elif c.type == "html_inline":
            out.append(c.content)
    return "".join(out)


def _md_blocks(md: str) -> list[str]:
    """Teksten i Markdown-en, blokk for blokk og celle for celle, i rekkefølge."""
    return [t for t in (_inline_text(tok) for tok in _md_tokens(md) if tok.type == "inline") if t.strip()]


def _docx_blocks(document) -> list[str]:
    """Teksten i dokumentet, avsnitt for avsnitt og celle for celle, i rekkefølge."""
    out = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                out.extend(cell.text for cell in row.cells)
        else:
            out.append(block.text)
    return [t for t in out if t.strip()]


def _headings_md(md: str) -> list[tuple[int, str]]:
    toks = _md_tokens(md)
    return [(int(t.tag[1]), _inline_text(toks[i + 1])) for i, t in enumerate(toks) if t.type == "heading_open"]


def _headings_docx(document) -> list[tuple[int, str]]:
    return [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading ")
    ]


# ---------------------------------------------------------------- innholdet


def test_the_text_is_the_same_as_the_markdown_in_the_same_order(doc, markdown):
    """Alt i Markdown-en (brevhodet øverst, avsnittene, listene, tabellene, signaturene og
    vedlegget) står i Word-fila, i samme rekkefølge, og ikke noe mer."""
    assert _docx_blocks(doc) == _md_blocks(markdown)


def test_headings_have_words_heading_styles(doc, markdown):
    headings = _headings_docx(doc)
    assert headings == _headings_md(markdown)
    levels = {level for level, _ in headings}
    assert {1, 2, 3} <= levels
    assert (2, "1. Innledning") in headings and (3, "Mål 1: Flere innvandrere deltar i arbeidslivet") in headings


def test_lists_are_word_lists(doc):
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "Vedlegg nr. 1 Oppdrag" in bullets
    assert any(t.startswith("SP 1: ") for t in bullets)


def test_tables_repeat_the_header_row_and_right_align_amounts(doc, markdown):
    tables = doc.tables
    assert len(tables) == sum(1 for t in _md_tokens(markdown) if t.type == "table_open")
    for table in tables:
        first = table.rows[0]._tr
        header = first.trPr.find(qn("w:tblHeader")) if first.trPr is not None else None
        assert header is not None, [c.text for c in table.rows[0].cells]
        for row in table.rows[1:]:
            assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None
    budget = next(t for t in tables if t.rows[0].cells[-1].text.startswith("Tildeling 2024"))
    for row in budget.rows:
        amount, post = row.cells[-1].paragraphs[0], row.cells[0].paragraphs[0]
        assert amount.alignment == WD_ALIGN_PARAGRAPH.RIGHT, row.cells[-1].text
        assert post.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
    assert budget.rows[-1].cells[1].text == "Sum"
    # summen står aldri alene: raden før holdes sammen med den
    assert all(p.paragraph_format.keep_with_next for c in budget.rows[-2].cells for p in c.paragraphs)


def test_narrow_columns_get_room_for_their_content(doc):
    """Post-, oppdrags- og beløpskolonnene er brede nok til det lengste innholdet på én linje
    («Post 45», «2024-04», «25 949 864 000»): minst 2 mm per tegn. Alle kolonnene er til sammen
    tekstbredden (16 cm)."""
    Mm = docx.shared.Mm
    checked = 0
    for table in doc.tables:
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - Mm(160)) < Mm(1)
        for c, width in enumerate(widths):
            body = [row.cells[c] for row in table.rows[1:]]
            longest = max((len(cell.text) for cell in body), default=0)
            right = all(cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT for cell in body)
            if right or 0 < longest <= 8:
                assert width >= Mm(2 * longest), (table.rows[0].cells[c].text, longest, width.mm)
                checked += 1
    assert checked >= len(doc.tables)


def test_tables_with_the_same_header_share_column_widths(doc):
    """Budsjettabellene (Post | Betegnelse | Tildeling) står likt under hverandre, og det
    gjør oppdragstabellene også."""
    widths: dict[tuple, set] = {}
    for table in doc.tables:
        header = tuple(c.text for c in table.rows[0].cells)
        widths.setdefault(header, set()).add(tuple(c.width for c in table.columns))
    budget = [h for h in widths if h[-1].startswith("Tildeling 2024")]
    assert budget and sum(1 for t in doc.tables if t.rows[0].cells[-1].text.startswith("Tildeling 2024")) >= 4
    assert all(len(w) == 1 for w in widths.values()), widths


def test_a_lead_in_is_kept_with_its_table(doc):
    """«Oppdrag som skal bidra til å oppnå mål nr. 1:» skilles ikke fra tabellen under."""
    lead = next(p for p in doc.paragraphs if p.text == "Oppdrag som skal bidra til å oppnå mål nr. 1:")
    assert lead.paragraph_format.keep_with_next


def test_appendices_start_on_a_new_page(doc):
    appendix = [p for p in doc.paragraphs if p.style.name == "Heading 2" and p.text.startswith("Vedlegg nr.")]
    assert appendix and all(p.paragraph_format.page_break_before for p in appendix)
    first = {p._p for p in appendix}
    others = [p for p in doc.paragraphs if p.style.name.startswith("Heading") and p._p not in first]
    assert not any(p.paragraph_format.page_break_before for p in others)


def test_the_footer_numbers_the_pages(doc):
    footer = doc.sections[0].footer
    xml = footer._element.xml
    instr = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.paragraphs[0].text.startswith("Side ")


def test_a4_and_norwegian(doc):
    s = doc.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    lang = doc.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "nb-NO"


def test_core_properties_come_from_data(doc, repo):
    brev = repo.brev_for(2024).model
    cp = doc.core_properties
    assert cp.title == brev.tittel
    assert cp.author == brev.avsender.navn
    assert cp.language == "nb-NO"
    assert "python-docx" not in (cp.author + cp.comments + cp.last_modified_by)
    # brevet for 2024 har ingen dato: ingen dato i dokumentet heller, ikke klokkeslettet det ble laget
    assert brev.dato is None and cp.created is None and cp.modified is None


def test_same_data_same_bytes(repo, data_docx):
    assert render(repo, 2024, "docx") == data_docx
    with zipfile.ZipFile(io.BytesIO(data_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert not any("thumbnail" in n for n in z.namelist())


# ---------------------------------------------------------------- tillegg og fiendtlig tekst


@pytest.fixture(scope="module")
def tillegg_repo(tmp_path_factory):
    r, findings = load(med_tillegg(tmp_path_factory.mktemp("tillegg") / "data"))
    assert not findings
    return r


@pytest.mark.parametrize("what", [{"tillegg": 2}, {"gjeldende": True}])
def test_supplements_and_current_allocation_in_word(tillegg_repo, what):
    md = render(tillegg_repo, 2024, "md", **what).decode("utf-8")
    data = render(tillegg_repo, 2024, "docx", **what)
    d = docx.Document(io.BytesIO(data))
    assert _docx_blocks(d) == _md_blocks(md)
    assert _headings_docx(d) == _headings_md(md)
    assert d.core_properties.title == _headings_md(md)[0][1]
    if "tillegg" in what:
        t = next(t.model for t in tillegg_repo.tillegg_for(2024) if t.model.nr == 2)
        assert d.core_properties.created.date() == t.dato
    assert render(tillegg_repo, 2024, "docx", **what) == data


def test_prose_links_html_numbered_lists_and_control_characters(tmp_path):
    """En lenke til https blir en ekte lenke, en til ftp: bare teksten (som javascript:, som
    markdown-it ikke gjør til lenke i noe format), `<br>` et linjeskift og annen HTML tekst,
    nummererte lister Word-lister som teller fra sitt eget tall, og et kontrolltegn i prosaen
    stopper ikke Word-fila (lxml nekter dem i XML)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    p = data / "brev" / "2024" / "tekst" / "10-fullmakter.md"
    p.write_text(
        p.read_text(encoding="utf-8")
        + "\nSe [regelverket](https://lovdata.no/), [arkivet](ftp://example.org/) og"
        " [dette](javascript:alert(1)), og \x01 *kursiv* `kode`.\n\nlinje<br>to <b>fet</b>\n"
        "\nFørste liste:\n\n1. en\n2. to\n\nAndre liste:\n\n3. tre\n4. fire\n",
        encoding="utf-8",
    )
    out = tmp_path / "brev.docx"
    res = tb_in_process("render", "--data", str(data), "-o", str(out))
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    para = next(p for p in d.paragraphs if p.text.startswith("Se regelverket"))
    assert para.text == "Se regelverket, arkivet og [dette](javascript:alert(1)), og \ufffd kursiv kode."
    links = [h.url for h in para.hyperlinks]
    assert links == ["https://lovdata.no/"]
    assert any(r.italic and r.text == "kursiv" for r in para.runs)
    # <br> er et linjeskift, annen HTML står som tekst (som i HTML-en)
    assert any(p.text == "linje\nto <b>fet</b>" for p in d.paragraphs)
    # hver nummererte liste er en Word-liste med sin egen nummerering, fra sitt eget tall
    items = {p.text: p for p in d.paragraphs if p.style.name == "List Number"}
    assert set(items) == {"en", "to", "tre", "fire"}

    def num_id(p):
        return p._p.pPr.numPr.numId.val

    assert num_id(items["en"]) == num_id(items["to"]) != num_id(items["tre"]) == num_id(items["fire"])
    numbering = d.part.numbering_part.element
    starts = {
        text: numbering.num_having_numId(num_id(items[text])).find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        for text in ("en", "tre")
    }
    assert starts["en"].get(qn("w:val")) == "1" and starts["tre"].get(qn("w:val")) == "3"


def test_cli_writes_the_same_bytes(tmp_path, data_docx):
    out = tmp_path / "brev.docx"
    res = tb_in_process("render", "--data", str(DATA), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert out.read_bytes() == data_docx


# ---------------------------------------------------------------- LibreOffice


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) er ikke installert; apt install libreoffice-writer-nogui")
def test_libreoffice_opens_and_converts_it(tmp_path, data_docx):
    src = tmp_path / "brev.docx"
    src.write_bytes(data_docx)
    profile = tmp_path / "lo-profil"
    env = {**os.environ, "HOME": str(tmp_path)}
    res = subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    out = tmp_path / "brev.pdf"
    assert res.returncode == 0 and out.exists(), res.stderr
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(out))
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    assert len(reader.pages) > 10
    assert "Tildelingsbrev 2024" in text and "25 949 864 000" in text
    assert "Side 1 av" in text
