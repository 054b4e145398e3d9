"""Oppdrag unntatt offentlighet i brevet (issue 17, punkt 5): `tb render` utelater et oppdrag
med `unntatt_offentlighet` fra den offentlige utgaven – målene, vedlegg nr. 1, bindingene på
postene, et tillegg og gjeldende tildeling – i Markdown, HTML, PDF og Word, og sier én gang hvor
mange som er utelatt; summene er de samme. Med `--intern` er alt med, oppdraget merket med
hjemmelen og dokumentet merket «Intern utgave» (også i tittelen og emnet i PDF og Word).

Scenariet er en kopi av data/ der oppdrag 2024-14 er unntatt. Det er bundet på post 601.21 med en
annen tittel enn sin egen («Bosetting av privatboende …», en feil i det publiserte brevet), og
ingen tekst i brevet nevner nummeret, så verken nummeret eller noen av titlene skal stå i den
offentlige utgaven. Det publiserte brevet har ingen unntatte oppdrag og er uendret
(gullfilene i test_render.py).
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from casekit import PUBLISHED, med_tillegg, tb_in_process
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import render
from tildelingsbrev.rendering.ord import bokmålsord

NYNORSK = Path(__file__).resolve().parents[1] / "eksempler" / "nynorsk"

HJEMMEL = "offl. § 15 første ledd"
UNNTATT = f'unntatt_offentlighet:\n  hjemmel: "{HJEMMEL}"\n'
ID = "2024-14"
TITLER = (
    "etterlevelse av tolkeloven gjennom utadrettet",  # oppdragets tittel
    "Bosetting av privatboende",  # tittelen bindingen på 601.21 har
)
MERKNAD = "1 oppdrag er unntatt offentlighet (offentleglova) og er ikke med i denne utgaven."
BINDING = "1 binding til et oppdrag unntatt offentlighet er ikke med; beløpet er med i summen."
INTERN = "Intern utgave – inneholder opplysninger unntatt offentlighet"


def mark(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + UNNTATT, encoding="utf-8")


def md(root: Path, *args: str) -> str:
    res = tb_in_process("render", "--data", str(root), *args)
    assert res.exit_code == 0, res.output
    return res.stdout.replace("\u00a0", " ")


def flat(text: str) -> str:
    """Teksten på én linje, med ett mellomrom der den var brutt (tabellceller i PDF)."""
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def exempt(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("unntatt") / "data"
    shutil.copytree(PUBLISHED, root)
    mark(root / "oppdrag" / f"{ID}.yaml")
    return root


@pytest.fixture(scope="module")
def repo(exempt):
    repo, _ = load(exempt)
    return repo


@pytest.fixture(scope="module")
def published_md() -> str:
    return md(PUBLISHED)


# ---------------------------------------------------------------- Markdown


def test_the_public_letter_has_neither_the_number_nor_a_title(exempt):
    text = md(exempt)
    assert ID not in text
    for title in TITLER:
        assert title not in text
    assert INTERN not in text


def test_the_public_letter_says_once_near_the_start_of_appendix_1_how_many_are_left_out(exempt):
    text = md(exempt)
    assert text.count(MERKNAD) == 1
    appendix = text.index("## Vedlegg nr. 1 Oppdrag")
    first_row = text.index("| Oppdrag | Tittel | Mål | Frist | FoU |", appendix)
    assert appendix < text.index(MERKNAD) < first_row


def test_only_the_lines_of_the_exempt_assignment_go_and_the_sums_stay(exempt, published_md):
    text = md(exempt)
    published = published_md.splitlines()
    public = text.splitlines()
    added = [line for line in public if line not in published]
    assert added == [BINDING, MERKNAD]
    gone = [line for line in published if line not in public]
    # radene med oppdraget (i målet, bindingen og vedlegget) og overskriften over målets
    # tabell, som ikke har andre nye oppdrag
    assert [line for line in gone if line.startswith("| ")] == [
        line for line in published if line.startswith(f"| {ID} |")
    ]
    assert len([line for line in gone if line.startswith("| ")]) == 3
    # summene er regnet fra data, også fra bindingen som ikke vises
    sums = [line for line in published if "**Sum**" in line or "**SUM**" in line or "mill. kroner):" in line]
    assert sums and all(line in public for line in sums)
    assert "Nye prosjekter på post 601.21 (4,5 mill. kroner):" in public
    # linja om bindingen står rett under tabellen med bindingene
    table_end = text.index("| 2024-17 | Digitalisering på tolkefeltet")
    assert text.index(BINDING) > table_end
    assert text.index(BINDING) < text.index("Bindinger på post 601.21 på grunn av oppdrag gitt")


def test_the_internal_letter_has_it_marked_and_says_so_at_the_top(exempt, published_md):
    text = md(exempt, "--intern")
    assert text.startswith(f"**{INTERN}**\n\n")
    assert MERKNAD not in text and BINDING not in text
    row = next(line for line in text.splitlines() if line.startswith(f"| {ID} |") and "| 5 |" in line)
    assert f"<br>Unntatt offentlighet, {HJEMMEL} |" in row
    assert text.count(f"Unntatt offentlighet, {HJEMMEL}") == 1
    # ellers det samme som det publiserte brevet
    assert text.count(f"| {ID} |") == published_md.count(f"| {ID} |") == 3


# ---------------------------------------------------------------- HTML, PDF og Word


def test_the_public_html_leaves_it_out_and_the_internal_says_so_in_the_title(repo):
    public = render(repo, 2024, "html").decode("utf-8")
    intern = render(repo, 2024, "html", intern=True).decode("utf-8")
    assert ID not in public and not any(t in public for t in TITLER)
    assert public.count(MERKNAD) == 1
    assert ID in intern and all(t in intern for t in TITLER)
    assert INTERN in intern and "– Intern utgave</title>" in intern
    assert "Intern utgave" not in public


def _pdf(pdf: bytes) -> tuple[str, dict]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    return text, dict(reader.metadata or {})


def test_the_pdf_text_layer_has_it_only_in_the_internal_edition(repo):
    public, meta = _pdf(render(repo, 2024, "pdf"))
    intern, intern_meta = _pdf(render(repo, 2024, "pdf", intern=True))
    # søket finner oppdraget i den interne utgaven, så det at det ikke finnes, betyr noe
    for needle in (ID, *TITLER):
        assert needle in intern
        assert needle not in public
    assert MERKNAD in public and public.count(MERKNAD) == 1
    assert INTERN in intern and INTERN not in public
    assert "Intern utgave" in str(intern_meta["/Title"]) and INTERN in str(intern_meta["/Subject"])
    assert "Intern" not in str(meta["/Title"]) and "Intern" not in str(meta.get("/Subject", ""))


def _docx(data: bytes):
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return flat("\n".join(parts)), doc.core_properties


def test_the_word_text_has_it_only_in_the_internal_edition(repo):
    public, props = _docx(render(repo, 2024, "docx"))
    intern, intern_props = _docx(render(repo, 2024, "docx", intern=True))
    for needle in (ID, *TITLER):
        assert needle in intern
        assert needle not in public
    assert public.count(MERKNAD) == 1 and BINDING in public
    assert f"Unntatt offentlighet, {HJEMMEL}" in intern
    assert intern_props.title.endswith("– Intern utgave") and INTERN in intern_props.subject
    assert "Intern" not in props.title and "Intern" not in props.subject


# ---------------------------------------------------------------- tillegg og gjeldende tildeling


@pytest.fixture(scope="module")
def supplement(tmp_path_factory) -> Path:
    """Tilleggseksempelet der oppdraget gitt i tillegg nr. 2 (2024-17, også bundet på 601.21)
    er unntatt offentlighet."""
    root = med_tillegg(tmp_path_factory.mktemp("tillegg") / "data")
    mark(root / "oppdrag" / "2024-17.yaml")
    return root


def test_a_supplement_leaves_out_an_exempt_new_assignment(supplement):
    public = md(supplement, "--år", "2024", "--tillegg", "2")
    assert "2024-17" not in public and "DIGITOLK" not in public
    assert "## Nye oppdrag" not in public  # den eneste nye er unntatt
    assert public.count(MERKNAD) == 1
    assert public.index(MERKNAD) < public.index("## Grunnlag")
    intern = md(supplement, "--år", "2024", "--tillegg", "2", "--intern")
    assert intern.startswith(f"**{INTERN}**\n\n")
    assert "- 2024-17 Digitalisering på tolkefeltet (DIGITOLK) (FoU): nytt oppdrag" in intern
    assert f"| 2024-17 | Digitalisering på tolkefeltet (DIGITOLK) (FoU)<br>Unntatt offentlighet, {HJEMMEL} |" in intern
    assert MERKNAD not in intern


def test_the_letter_and_the_current_allocation_leave_it_out_too(supplement):
    letter = md(supplement, "--år", "2024")
    assert "2024-17" not in letter and BINDING in letter
    current = md(supplement, "--år", "2024", "--gjeldende")
    assert "2024-17" not in current and "DIGITOLK" not in current
    assert current.count(MERKNAD) == 1 and current.index("## Oppdrag") < current.index(MERKNAD)
    intern = md(supplement, "--år", "2024", "--gjeldende", "--intern")
    assert "| 2024-17 | Digitalisering på tolkefeltet (DIGITOLK) (FoU) |" in intern
    assert intern.startswith(f"**{INTERN}**\n\n")


# ---------------------------------------------------------------- nynorsk


@pytest.fixture
def nynorsk(tmp_path: Path) -> Path:
    """Det nynorske eksempelet (der TB2025-8 er unntatt) med TB2025-3, som er bundet på post
    331.21, unntatt i tillegg."""
    root = tmp_path / "nnd"
    shutil.copytree(NYNORSK, root)
    mark(root / "oppdrag" / "TB2025-3.yaml")
    return root


def test_one_exempt_assignment_in_nynorsk_is_singular():
    text = md(NYNORSK)
    assert text.count("1 oppdrag er unnateke frå offentlegheit (offentleglova) og er ikkje med i denne utgåva.") == 1
    assert "TB2025-8" not in text


def test_the_nynorsk_letter_says_it_in_nynorsk(nynorsk):
    original = md(NYNORSK).splitlines()
    public = md(nynorsk)
    added = [line for line in public.splitlines() if line not in original]
    assert added == [
        "1 binding til eit oppdrag unnateke frå offentlegheit er ikkje med; beløpet er med i summen.",
        "2 oppdrag er unnatekne frå offentlegheit (offentleglova) og er ikkje med i denne utgåva.",
    ]
    assert "TB2025-3" not in public
    assert not {w.lower() for line in added for w in re.findall(r"[^\W\d_]+", line)} & bokmålsord()
    intern = md(nynorsk, "--intern")
    assert intern.startswith("**Intern utgåve – inneheld opplysningar unnatekne frå offentlegheit**\n\n")
    assert intern.count(f"<br>Unnateke frå offentlegheit, {HJEMMEL} |") == 2


# ---------------------------------------------------------------- tilgjengelighet


def test_the_public_and_internal_html_have_no_serious_violations(repo, tmp_path):
    axe = pytest.importorskip("test_html_axe")
    browser = axe._chromium()
    if browser is None or not axe.AXE.exists():
        pytest.skip("Chromium eller axe-core er ikke installert (se test_html_axe.py)")
    for intern in (False, True):
        page = render(repo, 2024, "html", intern=intern).decode("utf-8")
        folder = tmp_path / ("intern" if intern else "offentlig")
        folder.mkdir()
        assert axe._serious(axe.run_axe(browser, page, folder)) == []
