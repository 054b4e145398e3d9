"""`tb render`: hele brevet fra data.

Gullfilene i tests/golden/ sammenlignes byte for byte (Markdown og HTML) og på tekst og tagger
(PDF). At gullfilene selv er riktige, sjekkes mot det publiserte brevet ord for ord i
tests/test_publisert_brev.py; sidene i PDF-en i tests/test_pdf_layout.py, og HTML-en i en
nettleser i tests/test_html_axe.py.

Oppdater gullfilene med `TB_OPPDATER_GULL=1 make test` etter en tilsiktet endring, og les
diffen før du committer.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit import assert_golden, edit_once
from tildelingsbrev.cli import app
from tildelingsbrev.loading import load
from tildelingsbrev.pipeline import check
from tildelingsbrev.rendering import render

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GOLDEN = Path(__file__).parent / "golden"
runner = CliRunner()


@pytest.fixture(scope="module")
def markdown(repo) -> str:
    return render(repo, 2024, "md").decode("utf-8")


@pytest.fixture(scope="module")
def html(repo) -> str:
    return render(repo, 2024, "html").decode("utf-8")


@pytest.fixture(scope="module")
def pdf(repo) -> bytes:
    return render(repo, 2024, "pdf")


def test_markdown_golden(markdown):
    assert_golden(GOLDEN / "brev-2024.md", markdown.encode("utf-8"))


def test_html_golden(html):
    assert_golden(GOLDEN / "brev-2024.html", html.encode("utf-8"))


def _pdf_text_and_tags(pdf: bytes) -> tuple[str, Counter, object]:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    root = reader.trailer["/Root"]
    tags: Counter = Counter()

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                tags[str(node["/S"])] += 1
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
                walk(kid)

    walk(root["/StructTreeRoot"])
    return text, tags, root


def test_pdf_golden_text_and_tags(pdf):
    text, tags, root = _pdf_text_and_tags(pdf)
    assert_golden(GOLDEN / "brev-2024.pdf.txt", text.encode("utf-8"))
    structure = "\n".join(f"{k} {v}" for k, v in sorted(tags.items()) if k != "/Span") + "\n"
    assert_golden(GOLDEN / "brev-2024.pdf.tagger", structure.encode("utf-8"))
    # tagget og på norsk, så en skjermleser kan følge den
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) == "nb"
    assert tags["/H1"] == 1 and tags["/H2"] >= 10 and tags["/TH"] > 0 and tags["/Table"] > 0


def test_pdf_has_every_line_of_the_markdown(markdown, pdf):
    text, _, _ = _pdf_text_and_tags(pdf)
    flat = _norm(re.sub(r"Side \d+ av \d+", "", text).replace("•", ""))
    for line in markdown.splitlines():
        if not line.strip() or set(line) <= set("|-: "):
            continue
        # tabellrader sjekkes celle for celle, punktlister uten punkttegnet
        pieces = line.strip("|").split(" | ") if line.startswith("|") else [line.lstrip("- ")]
        for piece in (p for cell in pieces for p in cell.split("<br>")):
            assert _norm(piece) in flat, piece


def test_output_is_deterministic(repo, markdown, html, pdf):
    assert render(repo, 2024, "md").decode() == markdown
    assert render(repo, 2024, "html").decode() == html
    assert render(repo, 2024, "pdf") == pdf


def test_html_is_standalone_and_accessible(html):
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in html
    assert "<th>" in html or "<th " in html
    assert "@media print" in html and "@page" in html
    # ingen eksterne forespørsler
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    # overskriftene kommer i rekkefølge: aldri et hopp på mer enn ett nivå ned
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


# ---------------------------------------------------------------- mot det publiserte brevet


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)  # ligaturer i PDF-teksten («ﬂ» → «fl»)
    s = s.replace("\u00a0", " ").replace("\\", "")
    s = re.sub(r"[|*#]", "", s)
    return re.sub(r"\s+", "", s)


def test_no_paragraph_is_swallowed_by_a_list_item(html):
    """Et avsnitt rett etter en liste i Markdown blir en del av siste punkt («lat
    fortsettelse»). Hvert punkt i HTML-en er én linje, og teksten etter fordelingslista under
    post 71 er et eget avsnitt."""
    items = re.findall(r"<li>(.*?)</li>", html.split("</nav>", 1)[1], flags=re.S)
    assert items
    assert [li for li in items if "\n" in li.strip()] == []
    assert (
        '<p class="innleder" id="tabell-tilskudd-til-nasjonale-ressursmiljo-har-folgende-fordeling">'
        "Tilskudd til nasjonale ressursmiljø har følgende fordeling:</p>"
    ) in html


def test_sums_are_computed_from_lines(markdown):
    # kap. 671 trykker 28 979 866 000; gjengivelsen regner ut summen av postene
    assert "**25\u00a0949\u00a0864\u00a0000**" in markdown
    assert "28\u00a0979\u00a0866\u00a0000" not in markdown


# ---------------------------------------------------------------- brevhodet

LETTERHEAD = {
    "  kortnavn: AID\n": "  kortnavn: AID\n  adresse: [Postboks 8019 Dep, 0030 Oslo]\n",
    "  kortnavn: IMDi\n": "  kortnavn: IMDi\n  adresse: [Postboks 2832 Tøyen, 0608 Oslo]\n",
    "dato: null\n": (
        "dato: 2023-12-21\nderes_ref: 23/987\nvår_ref: 23/4512-3\n"
        "kopi: [Riksrevisjonen, Finansdepartementet]\nelektronisk_godkjent: true\n"
    ),
}


def _with_letterhead(tmp_path: Path, fields: dict[str, str]):
    data = _copy(tmp_path)
    for old, new in fields.items():
        edit_once(data / "brev" / "2024" / "brev.yaml", old, new)
    r, findings = load(data)
    assert not findings
    return r


def test_letterhead_as_a_ministry_letter_sets_it(tmp_path):
    """Avsenderen øverst, mottakeren med adresse, raden «Deres ref / Vår ref / Dato», så
    overskriften; etter signaturene linja om elektronisk godkjenning og «Kopi til»."""
    md = render(_with_letterhead(tmp_path, LETTERHEAD), 2024, "md").decode("utf-8")
    assert md.startswith(
        "**Arbeids- og inkluderingsdepartementet**  \nPostboks 8019 Dep  \n0030 Oslo\n\n"
        "Integrerings- og mangfoldsdirektoratet  \nPostboks 2832 Tøyen  \n0608 Oslo\n\n"
        "| Deres ref | Vår ref | Dato |\n|---|---|---|\n| 23/987 | 23/4512-3 | 21. desember 2023 |\n\n"
        "# Tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet\n\n## 1. Innledning\n"
    )
    assert (
        "Lisbeth Fransplass Røren  \nekspedisjonssjef\n\n"
        "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.\n\n"
        "Kopi til:  \nRiksrevisjonen  \nFinansdepartementet\n\n## Vedlegg nr. 1 Oppdrag\n"
    ) in md
    assert "**Fra:**" not in md and "**Budsjettår:**" not in md and "**Grunnlag:**" not in md


def test_letterhead_leaves_out_what_data_does_not_have(tmp_path, markdown):
    """Det publiserte brevet har verken adresser, referanser, dato eller kopimottakere: bare
    navnene står i brevhodet. Med bare «Vår ref» og egen tekst om godkjenningen står bare de."""
    head = markdown.split("# Tildelingsbrev 2024")[0]
    assert head == "**Arbeids- og inkluderingsdepartementet**\n\nIntegrerings- og mangfoldsdirektoratet\n\n"
    assert "Kopi til" not in markdown and "elektronisk godkjent" not in markdown
    r = _with_letterhead(
        tmp_path, {"dato: null\n": 'dato: null\nvår_ref: "23/4512-3"\nelektronisk_godkjent: "Godkjent elektronisk."\n'}
    )
    md = render(r, 2024, "md").decode("utf-8")
    assert "\n| Vår ref |\n|---|\n| 23/4512-3 |\n\n# Tildelingsbrev" in md
    assert "Deres ref" not in md and "Dato" not in md.split("# Tildelingsbrev")[0]
    assert "ekspedisjonssjef\n\nGodkjent elektronisk.\n\n## Vedlegg nr. 1" in md


def test_letterhead_in_html_is_a_header_before_the_heading(tmp_path):
    html = render(_with_letterhead(tmp_path, LETTERHEAD), 2024, "html").decode("utf-8")
    header = html.split('<header class="brevhode">', 1)[1].split("</header>", 1)[0]
    assert '<p class="avsender"><strong>Arbeids- og inkluderingsdepartementet</strong><br />' in header
    assert '<p class="mottaker">Integrerings- og mangfoldsdirektoratet<br />\nPostboks 2832 Tøyen' in header
    assert '<table class="referanser" aria-label="Referanser og dato">' in header
    assert "<td>21. desember 2023</td>" in header
    assert html.split("</header>\n", 1)[1].startswith('<h1 id="tildelingsbrev-2024-integrerings-og-mangfoldsdirektoratet">')


def test_text_from_data_in_the_letterhead_is_text(tmp_path):
    r = _with_letterhead(
        tmp_path,
        {
            "  kortnavn: IMDi\n": '  kortnavn: IMDi\n  adresse: ["<br>Postboks | 1 **x**", "<script>alert(1)</script>"]\n',
            "dato: null\n": 'dato: null\nvår_ref: "<b>23</b> | 4"\nkopi: ["<br>"]\n',
        },
    )
    html = render(r, 2024, "html").decode("utf-8")
    assert "&lt;br&gt;Postboks | 1 **x**" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<td>&lt;b&gt;23&lt;/b&gt; | 4</td>" in html
    assert "<script>" not in html and "<b>" not in html
    assert "Kopi til:<br />\n&lt;br&gt;</p>" in html


# ---------------------------------------------------------------- HTML: innhold, id-er og tabeller


def test_html_has_a_table_of_contents_with_anchors_that_exist(html):
    nav = html.split('<nav class="innhold" aria-labelledby="innhold">', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'<a href="#([^"]+)">', nav)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "id-ene er unike"
    assert targets[:3] == ["1-innledning", "2-overordnede-prioriteringer-for-2024", "3-mal-styringsparametere-og-oppdrag"]
    assert "mal-2-kvalifiseringen-for-nyankomne-er-malrettet-og-har-hoy-kvalitet" in targets
    assert "tildeling-av-midler" in targets and "9-1-budsjettrammen" in targets
    assert set(targets) <= set(ids)
    # nivå 4 og 5 (budsjettkapitlene og postene) er ikke med
    assert "kap-601-utredningsvirksomhet-forskning-mv" in ids and "kap-601-utredningsvirksomhet-forskning-mv" not in targets


def test_the_table_of_contents_nests_also_when_a_level_is_skipped():
    """Et dokument som begynner på nivå 3, får gyldig nesting (ingen liste rett i en liste);
    med færre enn tre kapitler er det ingen innholdsfortegnelse."""
    from html.parser import HTMLParser

    from tildelingsbrev.rendering.html import body

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag, attrs):
            assert not (tag == "ul" and self.stack and self.stack[-1] == "ul"), "<ul> rett i <ul>"
            self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack.pop() == tag

    page = body("# T\n\n### a\n\n## b\n\n### c\n\n### d\n\n## e\n\n## f\n\n#### g\n")
    nav = page.split("<nav", 1)[1].split("</nav>", 1)[0]
    parser = Nesting()
    parser.feed("<nav" + nav + "</nav>")
    assert parser.stack == []
    assert re.findall(r'href="#([^"]+)"', nav) == ["a", "b", "c", "d", "e", "f"]
    assert "<nav" not in body("# T\n\n## a\n\n## b\n\n### c\n")


def test_every_table_has_a_name_and_numbers_do_not_break(html):
    tables = re.findall(r"<table([^>]*)>", html)
    ids = set(re.findall(r' id="([^"]+)"', html))
    assert len(tables) > 20
    for attrs in tables:
        label = re.search(r'aria-labelledby="([^"]+)"', attrs)
        assert label and label.group(1) in ids, attrs
    lead = '<p class="innleder" id="tabell-arbeids-og-inkluderingsdepartementet-ber-om-folgende-rappor">'
    assert lead + "Arbeids- og inkluderingsdepartementet ber om følgende rapportering:</p>" in html
    assert "mellom 20\u00a0000 og 50\u00a0000 fordrevne" in html
    assert "25,2\u00a0mill. kroner" in html
    assert not re.search(r"\d \d{3}(?!\d)", html.split("<main>", 1)[1]), "et tall med vanlig mellomrom"


def test_budget_tables_share_column_widths_and_sum_rows_are_marked(html):
    budget = re.findall(r'<table aria-labelledby="kap-[^"]+" class="fast">\n(<colgroup>.*?</colgroup>)', html)
    assert len(budget) == 4 and len(set(budget)) == 1
    assert html.count('<tr class="sum">') == 5  # fire kapitler og mottakerne på post 71
    assert '<td class="smal">Post 45</td>' in html


def test_the_unit_over_a_budget_table_stands_right_above_it(html):
    """«(i kroner)» står over tabellene for kap. 671 og 672, som i det publiserte brevet, og
    ikke over 601 og 670: høyrestilt (klassen enhet) og rett foran tabellen."""
    units = re.findall(r'<h4 id="(kap-\d+)[^"]*">[^<]*</h4>\n<p class="enhet">\(i kroner\)</p>\n<table', html)
    assert units == ["kap-671", "kap-672"]
    assert html.split("<main>", 1)[1].count("(i kroner)") == 2
    assert re.search(r"p\.enhet \{[^}]*text-align: right", html)


def test_the_unit_stands_right_above_the_table_in_word_too(repo):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document(io.BytesIO(render(repo, 2024, "docx")))
    units = [p for p in doc.paragraphs if p.text == "(i kroner)"]
    assert len(units) == 2
    for p in units:
        assert p.alignment == WD_ALIGN_PARAGRAPH.RIGHT and p.paragraph_format.keep_with_next
        assert p._p.getnext().tag.endswith("}tbl")  # rett foran tabellen


def test_a_line_break_is_the_only_html_a_template_can_write(tmp_path):
    """`<br>` fra en mal blir et linjeskift; all annen HTML (også fra prosaen) er tekst."""
    data = _copy(tmp_path)
    p = data / "brev" / "2024" / "tekst" / "10-fullmakter.md"
    p.write_text("Linje<br>to <BR/> <br onclick=x> <div>x</div>\n\n<div>\nblokk\n</div>\n", encoding="utf-8")
    r, _ = load(data)
    html = render(r, 2024, "html").decode("utf-8")
    part = html.split('id="fullmakter"', 1)[1].split("<h2", 1)[0]
    assert "<p>Linje<br>to <br> &lt;br onclick=x&gt; &lt;div&gt;x&lt;/div&gt;</p>" in part
    assert "<p>&lt;div&gt;\nblokk\n&lt;/div&gt;</p>" in part


# ---------------------------------------------------------------- teksten som trykt


def test_the_deadline_column_is_the_printed_one(markdown):
    chapter3 = markdown.split("## 4. ")[0]
    rows = {line.split(" | ")[0].strip("| "): line for line in chapter3.splitlines() if re.match(r"^\| 20\d\d-\d", line)}
    assert rows["2023-28"].endswith("| IMDis halvårsrapport 2024 |")
    assert rows["2024-06"].endswith("| Del I: Løpende<br>Del II: 15.12.2024 med underveisrapport 15.06.2024 |")
    assert rows["2023-13"].endswith("| Halvårsrapportering 01.08.2027 |")
    assert rows["2024-04"].endswith("| Del 1: 31.12.2026<br>Del 2: 01.08.2024 (årlig)<br>Del 3: 31.12.2024 |")
    # deloppdragene uten tittel står i den trykte fristkolonnen, ikke under tittelen
    assert rows["2023-27"].endswith("| Oppfølging av nasjonal plan for mobilisering av ressurser | Deloppdrag 2<br>Deloppdrag 4 |")


def test_a_letter_with_other_deadlines_writes_them_from_data(tmp_path):
    """Den trykte fristkolonnen gjelder bare så lenge datoene i den er datoene i fristene: er
    en frist endret (og TB306 melder det), skrives kolonnen fra data."""
    data = _copy(tmp_path)
    edit_once(data / "oppdrag" / "2024-06.yaml", "    dato: 2024-12-15\n", "    dato: 2024-12-16\n")
    r, _ = load(data)
    md = render(r, 2024, "md").decode("utf-8")
    row = next(line for line in md.splitlines() if line.startswith("| 2024-06 |"))
    assert row.endswith("| Del I: Løpende; Del II: 16.12.2024; Del II: underveisrapport 15.06.2024 |")


def test_the_printed_deadline_column_belongs_to_the_first_letter(tmp_path):
    """Et senere brev (2025 i scenariet der tiden har gått) skriver fristkolonnen fra data, også
    for et oppdrag med de samme fristene: den trykte kolonnen hører til brevet for 2024."""
    from casekit import over_tid

    data = over_tid(tmp_path / "data")
    f = data / "oppdrag" / "2023-27.yaml"
    if "frist_trykt" not in f.read_text(encoding="utf-8"):  # scenariets kopi av fila
        edit_once(f, "  - nr: 4\n", "  - nr: 4\nfrist_trykt: |-\n  Deloppdrag 2\n  Deloppdrag 4\n")
    r, _ = load(data)

    def row(år: int) -> str:
        md = render(r, år, "md").decode("utf-8").split("## Vedlegg")[0]
        return next(line for line in md.splitlines() if line.startswith("| 2023-27 |"))

    assert row(2024).endswith("| Deloppdrag 2<br>Deloppdrag 4 |")
    assert row(2025).endswith("| Oppfølging av nasjonal plan for mobilisering av ressurser<br>Deloppdrag 2<br>Deloppdrag 4 | – |")


def test_goal_2_lists_the_earlier_assignments_in_the_printed_order(markdown):
    goal2 = markdown.split("### Mål 2:")[1].split("### Mål 3:")[0]
    earlier = goal2.split("Oppdrag som er gitt tidligere")[1]
    assert re.findall(r"^\| (20\d\d-\d\d) \|", earlier, flags=re.M) == ["2021-07", "2023-26", "2023-27"]


# ---------------------------------------------------------------- kommandolinja


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _appendix_1(md: str) -> str:
    return md.split("## Vedlegg nr. 1 Oppdrag", 1)[1]


def test_the_overview_is_in_number_order_whatever_the_pattern(tmp_path):
    """Vedlegg nr. 1 står i nummerrekkefølge også når numrene ikke sorteres som tekst:
    «5/2029», «1/2030», «2/2030» … «13/2030» (som tekst: 1/2030, 10/2030 … 2/2030, 5/2029)."""
    from casekit import copy_valid

    root = copy_valid(tmp_path / "repo")
    (root / "innstillinger.yaml").write_text('oppdragsnummer: "{nr}/{år}"\n', encoding="utf-8")
    new = {"2029-05": "5/2029", "2030-01": "1/2030", "2030-02": "2/2030"}
    for old, ny in new.items():
        path = root / "oppdrag" / f"{old}.yaml"
        text = path.read_text(encoding="utf-8").replace(f"id: {old}", f'id: "{ny}"')
        path.unlink()
        (root / "oppdrag" / f"{ny.replace('/', '-')}.yaml").write_text(text, encoding="utf-8")
    for rel in ("budsjett/2030/100-21.yaml", "brev/2030/tekst/03-mål.md"):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, ny in new.items():
            text = text.replace(old, ny)
        path.write_text(text, encoding="utf-8")
    for nr in range(3, 14):  # uten hull i nummerrekka (TB109)
        (root / "oppdrag" / f"{nr}-2030.yaml").write_text(
            f'id: "{nr}/2030"\ntittel: Oppdrag nummer {nr}\nmål: 1\nfrister:\n  - dato: 2030-11-29\n',
            encoding="utf-8",
        )
    assert [f.code for f in check(root).active] == []
    repo, _ = load(root)
    rows = re.findall(r"^\| (\S+/\d{4}) \|", _appendix_1(render(repo, 2030, "md").decode("utf-8")), re.M)
    assert rows == ["5/2029", *(f"{nr}/2030" for nr in range(1, 14))]


def test_the_overview_names_the_responsible_department_and_deadlines_without_a_date(tmp_path):
    """`ansvarlig` står på en egen linje under tittelen i vedlegg nr. 1 (og ikke i listene under
    målene), bare for oppdraget som har den; en frist uten dato står med ordene sine både der og
    under målet."""
    from casekit import copy_valid

    root = copy_valid(tmp_path / "repo")
    edit_once(root / "oppdrag" / "2030-01.yaml", "mål: 1\n", "mål: 1\nansvarlig: Integreringsavdelingen\n")
    edit_once(
        root / "oppdrag" / "2030-01.yaml",
        "  - dato: 2030-06-03\nfrist_trykt: |-\n  03.06.2030\n",
        "  - dato: 2030-06-03\n  - del: Oppfølging\n    uten_dato: avtales nærmere\n",
    )
    repo, _ = load(root)
    md = render(repo, 2030, "md").decode("utf-8")
    appendix = _appendix_1(md)
    row = next(line for line in appendix.splitlines() if line.startswith("| 2030-01 |"))
    assert "<br>Ansvarlig: Integreringsavdelingen |" in row
    assert "| 03.06.2030; Oppfølging: Avtales nærmere |" in row
    assert appendix.count("Ansvarlig:") == 1
    assert "Integreringsavdelingen" not in md.split("## Vedlegg nr. 1 Oppdrag", 1)[0]
    goal = next(line for line in md.split("## Vedlegg nr. 1 Oppdrag", 1)[0].splitlines() if line.startswith("| 2030-01 |"))
    assert goal.endswith("| 03.06.2030; Oppfølging: Avtales nærmere |")


def test_cli_writes_each_format_atomically(tmp_path):
    for name in ("brev.md", "brev.html", "brev.pdf"):
        out = tmp_path / name
        res = runner.invoke(app, ["render", "--data", str(DATA), "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.stat().st_size > 1000
    assert (tmp_path / "brev.pdf").read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brev.html", "brev.md", "brev.pdf"]


def test_cli_markdown_to_stdout_by_default():
    res = runner.invoke(app, ["render", "--data", str(DATA)])
    assert res.exit_code == 0
    assert res.stdout.startswith("**Arbeids- og inkluderingsdepartementet**\n")
    assert "\n# Tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet\n" in res.stdout


def test_unknown_suffix_and_year_exit_2(tmp_path):
    res = runner.invoke(app, ["render", "--data", str(DATA), "-o", str(tmp_path / "brev.odt")])
    assert res.exit_code == 2 and "endelse" in res.output
    res = runner.invoke(app, ["render", "--data", str(DATA), "--år", "2031"])
    assert res.exit_code == 2 and "2031" in res.output


def test_letter_with_errors_warns_and_strict_refuses(tmp_path):
    data = _copy(tmp_path)
    (data / "baseline.yaml").unlink()
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 0
    assert "advarsel" in res.stderr and "TB201" in res.stderr
    # de første feilene vises med fil og linje, så de kan rettes uten å kjøre tb check først
    shown = [ln for ln in res.stderr.splitlines() if re.match(r"^  \S+:\d+:\d+: feil TB\d{3} ", ln)]
    assert len(shown) == 5 and "… og 7 til" in res.stderr
    res = runner.invoke(app, ["render", "--data", str(data), "--strict", "-o", str(tmp_path / "brev.md")])
    assert res.exit_code == 1
    assert not (tmp_path / "brev.md").exists()


def test_template_error_names_file_and_line_and_keeps_old_output(tmp_path):
    data = _copy(tmp_path)
    mal = data / "mal" / "rapportering.md.j2"
    lines = mal.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "{{ r.finnes_ikke }}")  # inne i løkka over rapportene
    mal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "brev.md"
    out.write_text("gammel versjon\n", encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data), "-o", str(out)])
    assert res.exit_code == 2
    assert "rapportering.md.j2:5" in res.stderr and "finnes_ikke" in res.stderr
    assert out.read_text(encoding="utf-8") == "gammel versjon\n"
    # og tb check melder den samme malfeilen
    found = [f for f in check(data).active if f.code == "TB501"]
    assert [(f.location.file.name, f.location.line) for f in found] == [("rapportering.md.j2", 5)]


@pytest.mark.parametrize(
    "code",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ cycler.__init__.__globals__.os.environ }}",
        "{% set x = brev.kapitler.append(1) %}",
    ],
    ids=["subclasses", "globals-os", "environ", "endre-data"],
)
def test_templates_run_in_a_sandbox(tmp_path, code):
    """En mal kan ikke nå Python-interne objekter og ikke endre dataene: `tb render` stopper
    med en norsk melding med fil og linje, og `tb check` melder TB501."""
    data = _copy(tmp_path)
    mal = data / "mal" / "rapportering.md.j2"
    mal.write_text(code + "\n" + mal.read_text(encoding="utf-8"), encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 2, res.output
    assert "rapportering.md.j2:1" in res.stderr
    assert "uid=" not in res.output and "Traceback" not in res.output
    found = [f for f in check(data).active if f.code == "TB501"]
    assert [(f.location.file.name, f.location.line) for f in found] == [("rapportering.md.j2", 1)]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("{{ 5 | finnesikke }}", "filteret «finnesikke» finnes ikke (tb har celle, dato"),
        ("{% frobnicate %}", "ukjent tagg «{% frobnicate %}»"),
        ("{% if x %}", "malen slutter før en blokk er lukket"),
    ],
    ids=["filter", "tagg", "ulukket"],
)
def test_template_errors_are_explained_in_norwegian(tmp_path, code, message):
    data = _copy(tmp_path)
    mal = data / "mal" / "vedlegg1.md.j2"
    mal.write_text(mal.read_text(encoding="utf-8") + code + "\n", encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 2
    assert message in res.stderr, res.stderr
    assert "No filter" not in res.stderr and "Encountered" not in res.stderr


def test_template_syntax_error(tmp_path):
    data = _copy(tmp_path)
    (data / "mal" / "vedlegg1.md.j2").write_text("{% for o in %}\n", encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 2
    assert "vedlegg1.md.j2:1" in res.stderr and "Traceback" not in res.output


def test_script_in_data_is_visible_text_in_html(tmp_path):
    data = _copy(tmp_path)
    f = data / "oppdrag" / "2024-16.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(text.replace("tittel: Videreutvikle nettstedet Ny i Norge",
                              'tittel: "Videreutvikle <script>alert(1)</script> [lenke](javascript:alert(2))"'),
                 encoding="utf-8")
    p = data / "brev" / "2024" / "tekst" / "10-fullmakter.md"
    p.write_text(p.read_text(encoding="utf-8") + "\n<img src=x onerror=alert(3)>\n", encoding="utf-8")
    out = tmp_path / "brev.html"
    res = runner.invoke(app, ["render", "--data", str(data), "-o", str(out)])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(3)&gt;" in html


def test_missing_system_libraries_for_pdf_give_a_norwegian_message(tmp_path, monkeypatch):
    """Uten Pango kan WeasyPrint ikke importeres (OSError). Det er ikke en feil i tb: en norsk
    melding som sier hva som mangler, kode 2, og ingen halvskrevet fil."""
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pango)
    out = tmp_path / "brev.pdf"
    res = runner.invoke(app, ["render", "--data", str(DATA), "-o", str(out)])
    assert res.exit_code == 2
    assert "Pango" in res.stderr and "apt install" in res.stderr and "intern feil" not in res.stderr
    assert not out.exists()


def test_image_in_prose_is_never_fetched_and_the_pdf_still_renders(tmp_path):
    """Et bilde i prosaen blir en lenke i HTML (ingen forespørsel når siden åpnes), og PDF-en
    lages uten å hente noe og uten å krasje."""
    data = _copy(tmp_path)
    p = data / "brev" / "2024" / "tekst" / "10-fullmakter.md"
    p.write_text(
        p.read_text(encoding="utf-8")
        + "\n![kart](http://127.0.0.1:9/kart.png) ![hemmelig](file:///etc/passwd)\n",
        encoding="utf-8",
    )
    html_out, pdf_out = tmp_path / "brev.html", tmp_path / "brev.pdf"
    for out in (html_out, pdf_out):
        res = runner.invoke(app, ["render", "--data", str(data), "-o", str(out)])
        assert res.exit_code == 0, res.output
    html = html_out.read_text(encoding="utf-8")
    assert "<img" not in html and 'href="file:' not in html and "src=" not in html
    assert '<a href="http://127.0.0.1:9/kart.png">kart</a>' in html
    assert pdf_out.read_bytes().startswith(b"%PDF")


def test_prose_cannot_become_template_code(tmp_path):
    data = _copy(tmp_path)
    p = data / "brev" / "2024" / "tekst" / "10-fullmakter.md"
    p.write_text("{% for x in range(3) %}X{% endfor %} {{ 7*7 }} {{ brev.tittel }}\n", encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert "{% for x in range(3) %}X{% endfor %}" in res.stdout.replace("\\", "")
    assert "49" not in res.stdout.split("Fullmakter", 1)[1].split("Vedlegg", 1)[0]
