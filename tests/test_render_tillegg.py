"""`tb render --tillegg N` og `tb render --gjeldende [--per DATO]` (issue 15 punkt 4).

Eksempelet er eksempler/tillegg-2024 lagt over det publiserte brevet (`med_tillegg`): tillegg
nr. 1 (overføring på 670.01), nr. 2 (revidert budsjett +5,0 mill. på 671.62 med to linjer, nytt
oppdrag 2024-17, presisering av 2023-26, fristen for 2024-13 del II flyttet) og nr. 3 (retting
−1,0 mill. på 671.62 og 2024-08 trukket).

Gullfilene i tests/golden/tillegg/ sammenlignes byte for byte; oppdater dem med
`TB_OPPDATER_GULL=1 make test` etter en tilsiktet endring, og les diffen før du committer.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from casekit import assert_golden, edit_once, med_tillegg, tb_in_process
from tildelingsbrev.loading import load
from tildelingsbrev.pipeline import check
from tildelingsbrev.rendering import render

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
NB = "\u00a0"
MINUS = "\u2212"


def kr(text: str) -> str:
    """«235 693 000» med harde mellomrom, slik brevet skriver beløp."""
    return text.replace(" ", NB)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return med_tillegg(tmp_path_factory.mktemp("tillegg") / "data")


@pytest.fixture(scope="module")
def repo(data):
    r, findings = load(data)
    assert not findings
    return r


@pytest.fixture(scope="module")
def tillegg2(repo) -> str:
    return render(repo, 2024, "md", tillegg=2).decode("utf-8")


@pytest.fixture(scope="module")
def gjeldende(repo) -> str:
    return render(repo, 2024, "md", gjeldende=True).decode("utf-8")


def _row(md: str, start: str) -> list[str]:
    """Cellene i tabellraden som begynner med `start`."""
    for line in md.splitlines():
        if line.startswith(f"| {start}"):
            return [c.strip() for c in line.strip("|").split(" | ")]
    raise AssertionError(f"fant ingen rad som begynner med «{start}»")


# ---------------------------------------------------------------- tillegget som eget brev


def test_supplement_has_header_summary_ground_and_signatures(tillegg2):
    head = tillegg2.split("## Grunnlag")[0]
    # brevhodet: avsender, mottaker, «Vår ref» og «Dato» fra tillegget, så overskriften
    assert tillegg2.startswith(
        "**Arbeids- og inkluderingsdepartementet**\n\nIntegrerings- og mangfoldsdirektoratet\n\n"
        "| Vår ref | Dato |\n|---|---|\n| 23/4512-21 | 28. juni 2024 |\n\n"
        "# Tillegg nr. 2 til tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet\n"
    )
    assert "**Tidligere tillegg:** nr. 1 av 15. mars 2024" in head
    # oversikten øverst: sammendraget, med hva tillegget gjør
    assert f"- Kap. 671 post 62 Kommunale integreringstiltak: økes med {kr('5 000 000')} kroner" in head
    assert "- 2024-17 Digitalisering på tolkefeltet (DIGITOLK) (FoU): nytt oppdrag" in head
    assert "- 2023-26 Felles oppdrag om oppfølging av forslag fra hurtigarbeidende gruppe: presisert" in head
    assert "- 2024-13 Foreslå tiltak for mer treffsikker bosetting" in head and ": ny frist" in head
    assert "Stortingets behandling av Prop. 104 S (2023–2024), jf. Innst. 447 S (2023–2024)." in tillegg2
    tail = tillegg2.split("Med hilsen")[1]
    assert "Eli Telhaug  \ndepartementsråd" in tail and "Lisbeth Fransplass Røren  \nekspedisjonssjef" in tail
    assert tail.rstrip().endswith("Kopi til:  \nRiksrevisjonen")
    # rekkefølgen: oversikt, grunnlag, tekst, beløp, oppdrag, signaturer
    order = ["## Oversikt", "## Grunnlag", "## Innledning", "## Endringer i tildelingen", "## Nye oppdrag",
             "## Presiseringer av oppdrag", "## Flyttede frister", "Med hilsen", "Kopi til:"]
    assert [tillegg2.index(h) for h in order] == sorted(tillegg2.index(h) for h in order)


def test_supplement_table_before_change_after_in_kroner(tillegg2):
    assert "| Post | Tildeling før (kroner) | Endring (kroner) | Ny tildeling (kroner) |" in tillegg2
    assert _row(tillegg2, "Kap. 671 post 62") == [
        "Kap. 671 post 62", kr("235 693 000"), kr("+5 000 000"), f"**{kr('240 693 000')}**"
    ]
    assert _row(tillegg2, "herav kommunale tiltak for fordrevne fra Ukraina")[2] == kr("+3 000 000")
    assert _row(tillegg2, "herav utprøving av nye kvalifiseringstiltak i kommunene")[2] == kr("+2 000 000")


def test_supplement_assignments_clarifications_and_moved_deadlines(tillegg2):
    assert _row(tillegg2, "2024-17") == [
        "2024-17",
        "Digitalisering på tolkefeltet (DIGITOLK) (FoU)",
        "5 Offentlig sektor har tilstrekkelig tilgang på, og bruker, kvalifiserte tolker",
        "29.11.2024",
    ]
    clarified = tillegg2.split("### 2023-26")[1].split("##")[0]
    assert "IMDi skal i tillegg gi en kort statusrapport" in clarified
    assert "- Statusrapport: underveisrapport 01.10.2024" in clarified
    assert _row(tillegg2, "2024-13")[2:] == ["Del II", "30.09.2024", "**31.10.2024**"]


def test_the_correction_and_the_withdrawn_assignment(repo):
    md = render(repo, 2024, "md", tillegg=3).decode("utf-8")
    assert _row(md, "Kap. 671 post 62") == [
        "Kap. 671 post 62", kr("240 693 000"), f"{MINUS}{kr('1 000 000')}", f"**{kr('239 693 000')}**"
    ]
    assert "**Tidligere tillegg:** nr. 1 av 15. mars 2024 og nr. 2 av 28. juni 2024" in md
    assert "- 2024-08 Dialog mellom nasjonale myndigheter" in md and ": trukket" in md
    withdrawn = md.split("## Trukne oppdrag")[1]
    assert "### 2024-08 Dialog mellom nasjonale myndigheter og innvandrerorganisasjoner" in withdrawn
    assert "Oppdraget trekkes fra 15. oktober 2024." in withdrawn
    assert "Arbeidet følges opp i departementets egen dialog med organisasjonene." in withdrawn
    assert "## Nye oppdrag" not in md and "## Presiseringer" not in md


def test_amounts_come_from_data_not_from_the_printed_claims(tmp_path):
    """`tidligere` og `ny` i fila er påstander (tb check sammenligner); tabellen regnes fra
    brevet og tilleggene før."""
    root = med_tillegg(tmp_path / "data")
    f = root / "brev" / "2024" / "tillegg" / "tillegg-2.yaml"
    edit_once(f, 'tidligere: "235,7 mill. kroner"', 'tidligere: "199,9 mill. kroner"')
    edit_once(f, 'ny: "240,7 mill. kroner"', 'ny: "204,9 mill. kroner"')
    r, _ = load(root)
    md = render(r, 2024, "md", tillegg=2).decode("utf-8")
    assert _row(md, "Kap. 671 post 62")[1:3] == [kr("235 693 000"), kr("+5 000 000")]
    assert "199" not in md and "204" not in md


def test_a_new_post_and_a_later_change_to_it(tmp_path):
    """En ny post i tillegg nr. 1, endret i nr. 3: «–» før i nr. 1, 2 000 000 før i nr. 3, og
    egen rad i gjeldende tildeling."""
    root = med_tillegg(tmp_path / "data")
    t1 = root / "brev" / "2024" / "tillegg" / "tillegg-1.yaml"
    edit_once(
        t1,
        "signatarer:",
        "nye_poster:\n  - kapittel: 671\n    post: 74\n    betegnelse: Tilskudd til <b>tolkeutdanning</b>\n"
        "    stikkord: [kan overføres]\n    tildeling: 2000000\nsignatarer:",
    )
    t3 = root / "brev" / "2024" / "tillegg" / "tillegg-3.yaml"
    edit_once(t3, "trukket:", "  - kapittel: 671\n    post: 74\n    endring: 500000\ntrukket:")
    r, _ = load(root)
    one = render(r, 2024, "md", tillegg=1).decode("utf-8")
    assert "## Nye poster" in one
    assert _row(one, "Kap. 671 post 74") == [
        "Kap. 671 post 74", "– (ny post)", kr("+2 000 000"), f"**{kr('2 000 000')}**"
    ]
    assert "Tilskudd til \\<b\\>tolkeutdanning\\</b\\>, kan overføres" in one
    three = render(r, 2024, "md", tillegg=3).decode("utf-8")
    assert _row(three, "Kap. 671 post 74")[1:] == [kr("2 000 000"), kr("+500 000"), f"**{kr('2 500 000')}**"]
    current = render(r, 2024, "md", gjeldende=True).decode("utf-8")
    row = _row(current, "Post 74")
    assert row[0].endswith("(ny post)") and row[1] == "–" and row[-1] == kr("2 500 000")
    kap671 = current.split("### Kap. 671")[1].split("### Kap. 672")[0]
    assert f"Tillegg nr.{NB}1 | Tillegg nr.{NB}2 | Tillegg nr.{NB}3 |" in kap671
    assert _row(kap671, "**Sum**") == [
        "**Sum**", f"**{kr('25 949 864 000')}**", f"**{kr('+2 000 000')}**", f"**{kr('+5 000 000')}**",
        f"**{MINUS}{kr('500 000')}**",
        f"**{kr('25 956 364 000')}**",
    ]


def test_supplement_golden(repo, tillegg2):
    assert_golden(GOLDEN / "tillegg" / "tillegg-2.md", tillegg2.encode("utf-8"))
    assert_golden(GOLDEN / "tillegg" / "tillegg-3.md", render(repo, 2024, "md", tillegg=3))
    assert_golden(GOLDEN / "tillegg" / "tillegg-2.html", render(repo, 2024, "html", tillegg=2))


# ---------------------------------------------------------------- gjeldende tildeling


def test_current_allocation_budget_with_each_supplement(gjeldende):
    assert gjeldende.startswith(
        "**Arbeids- og inkluderingsdepartementet**\n\nIntegrerings- og mangfoldsdirektoratet\n\n"
        "# Gjeldende tildeling 2024 – Integrerings- og mangfoldsdirektoratet\n"
    )
    assert ("**Grunnlag:** Tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet, tillegg nr. 1 av "
            "15. mars 2024, tillegg nr. 2 av 28. juni 2024 og tillegg nr. 3 av 15. oktober 2024") in gjeldende
    kap670 = gjeldende.split("### Kap. 670")[1].split("### Kap. 671")[0]
    assert f"| Post | Tildelingsbrevet | Tillegg nr.{NB}1 | Gjeldende tildeling |" in kap670
    assert _row(kap670, "Post 01") == ["Post 01 Driftsutgifter", kr("377 140 000"), kr("+8 500 000"), kr("385 640 000")]
    kap671 = gjeldende.split("### Kap. 671")[1].split("### Kap. 672")[0]
    assert f"| Post | Tildelingsbrevet | Tillegg nr.{NB}2 | Tillegg nr.{NB}3 | Gjeldende tildeling |" in kap671
    assert _row(kap671, "Post 62") == [
        "Post 62 Kommunale integreringstiltak", kr("235 693 000"), kr("+5 000 000"), f"{MINUS}{kr('1 000 000')}",
        kr("239 693 000"),
    ]
    # en post ingen tillegg endrer: tomme kolonner, samme sum
    assert _row(kap671, "Post 45")[1:] == [kr("48 940 000"), "", "", kr("48 940 000")]
    # summen regnes fra postene
    assert _row(kap671, "**Sum**")[-1] == f"**{kr('25 953 864 000')}**"
    kap601 = gjeldende.split("### Kap. 601")[1].split("### Kap. 670")[0]
    assert "Tillegg nr." not in kap601


def test_current_allocation_marks_each_source(gjeldende):
    goal5 = gjeldende.split("### Mål 5")[1].split("### Mål 6")[0]
    assert _row(goal5, "2024-17") == ["2024-17", "Digitalisering på tolkefeltet (DIGITOLK) (FoU)", "29.11.2024",
                                     "gitt i tillegg nr. 2"]
    assert _row(gjeldende, "2024-13")[2:] == [
        "Del I: 30.06.2024; Del II: 31.10.2024 (flyttet fra 30.09.2024 i tillegg nr. 2)",
        "frist flyttet i tillegg nr. 2",
    ]
    row = _row(gjeldende, "2023-26")
    assert row[2].endswith("Statusrapport: underveisrapport 01.10.2024 (presisert i tillegg nr. 2)")
    assert row[3] == "presisert i tillegg nr. 2"
    # et trukket oppdrag står der, merket, ikke tatt bort i stillhet
    assert _row(gjeldende, "2024-08")[2:] == ["30.10.2024", "**trukket i tillegg nr. 3 (15.10.2024)**"]
    # et oppdrag tilleggene ikke rører, står som i brevet
    assert _row(gjeldende, "2024-02")[2:] == ["31.12.2024", ""]


def test_current_allocation_per_date_has_only_the_supplements_up_to_it(repo):
    md = render(repo, 2024, "md", gjeldende=True, per=__import__("datetime").date(2024, 5, 1)).decode("utf-8")
    assert "**Per:** 1. mai 2024" in md
    assert "og tillegg nr. 1 av 15. mars 2024\n" in md
    assert "Tillegg datert etter 1. mai 2024 er ikke med (nr. 2 av 28.06.2024, nr. 3 av 15.10.2024)." in md
    assert f"Tillegg nr.{NB}1" in md and f"Tillegg nr.{NB}2" not in md and f"Tillegg nr.{NB}3" not in md
    assert _row(md, "Post 62")[1:] == [kr("235 693 000"), kr("235 693 000")]
    assert "2024-17" not in md and "tillegg nr. 2" not in md and "tillegg nr. 3" not in md
    assert _row(md, "2024-13")[2:] == ["Del I: 30.06.2024; Del II: 30.09.2024", ""]
    assert _row(md, "2024-08")[2:] == ["30.10.2024", ""]
    assert_golden(GOLDEN / "tillegg" / "gjeldende-per-2024-05-01.md", md.encode("utf-8"))


def test_current_allocation_golden(repo, gjeldende):
    assert_golden(GOLDEN / "tillegg" / "gjeldende.md", gjeldende.encode("utf-8"))
    assert_golden(GOLDEN / "tillegg" / "gjeldende.html", render(repo, 2024, "html", gjeldende=True))


def test_current_allocation_without_supplements_is_the_letter(tmp_path):
    """Brevet uten tillegg: gjeldende tildeling er tildelingen i brevet, uten tilleggskolonner."""
    r, _ = load(ROOT / "data")
    md = render(r, 2024, "md", gjeldende=True).decode("utf-8")
    assert "Tildelingsbrevet uten tillegg, satt sammen fra dataene" in md and "## Tilleggene" not in md
    assert "Tillegg nr." not in md
    assert _row(md, "Post 62")[1:] == [kr("235 693 000"), kr("235 693 000")]


# ---------------------------------------------------------------- brevet selv er urørt


def test_the_letter_itself_is_byte_identical_with_and_without_supplements(repo):
    assert render(repo, 2024, "md") == (GOLDEN / "brev-2024.md").read_bytes()
    assert render(repo, 2024, "html") == (GOLDEN / "brev-2024.html").read_bytes()


def test_the_letter_pdf_is_byte_identical_with_and_without_supplements(repo):
    pytest.importorskip("weasyprint")
    published, _ = load(ROOT / "data")
    assert render(repo, 2024, "pdf") == render(published, 2024, "pdf")


# ---------------------------------------------------------------- HTML og PDF


class _Page(HTMLParser):
    """Elementene på siden, og om hver start-tagg har en slutt (de som skal ha det)."""

    VOID = {"meta", "br", "hr", "img", "input", "link"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return  # <br /> kommer som start og slutt
        assert self.stack and self.stack[-1] == tag, f"</{tag}> lukker {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    assert page.stack == [], page.stack
    return page


@pytest.mark.parametrize("what", [{"tillegg": 2}, {"gjeldende": True}])
def test_html_parses_and_is_standalone(repo, what):
    html = render(repo, 2024, "html", **what).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nb">' in html
    page = _parse(html)
    assert page.tags.count("h1") == 1 and "table" in page.tags and "th" in page.tags
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html) and "url(" not in html
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    # stilarket for tabellene med flere beløpskolonner kommer etter brevets
    assert html.index("@page") < html.index("hyphens: auto")
    what_text = "Tillegg nr. 2 til tildelingsbrevet for 2024" if "tillegg" in what else "Gjeldende tildeling for 2024"
    assert f'<meta name="description" content="{what_text}' in html


def test_html_escapes_text_from_data(tmp_path):
    root = med_tillegg(tmp_path / "data")
    f = root / "brev" / "2024" / "tillegg" / "tillegg-2.yaml"
    edit_once(f, 'referanse: "23/4512-21"', 'referanse: "<script>alert(1)</script>"')
    edit_once(f, "- tekst: kommunale tiltak for fordrevne fra Ukraina",
              '- tekst: "kommunale | tiltak <img src=x onerror=alert(2)> &lt;b&gt;"')
    edit_once(f, "IMDi skal i tillegg gi en kort statusrapport",
              "IMDi skal <script>alert(3)</script> i tillegg gi en kort statusrapport")
    o = root / "oppdrag" / "2024-17.yaml"
    edit_once(o, "tittel: Digitalisering på tolkefeltet (DIGITOLK) (FoU)",
              'tittel: "Digitalisering [lenke](javascript:alert(4)) <b>fet</b> (FoU)"')
    r, _ = load(root)
    for what in ({"tillegg": 2}, {"gjeldende": True}):
        html = render(r, 2024, "html", **what).decode("utf-8")
        page = _parse(html)
        assert "script" not in page.tags and "img" not in page.tags and "b" not in page.tags
        assert 'href="javascript:' not in html
        text = "".join(page.text)
        assert "[lenke](javascript:alert(4)) <b>fet</b>" in text
    html = render(r, 2024, "html", tillegg=2).decode("utf-8")
    text = "".join(_parse(html).text)
    assert "<script>alert(1)</script>" in text and "<script>alert(3)</script>" in text
    # tabellskillet i en linje blir ikke en ny celle, og «&lt;b&gt;» står som skrevet
    assert "herav kommunale | tiltak <img src=x onerror=alert(2)> &lt;b&gt;" in text


def _pdf_text(pdf: bytes) -> tuple[str, object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader.trailer["/Root"]


@pytest.mark.parametrize(
    "what, expect",
    [
        ({"tillegg": 2}, ["Tillegg nr. 2 til tildelingsbrev 2024", "235 693 000", "+5 000 000", "240 693 000",
                          "2024-17", "Kopi til: Riksrevisjonen"]),
        ({"gjeldende": True}, ["Gjeldende tildeling 2024", "239 693 000", "gitt i tillegg nr. 2",
                               "trukket i tillegg nr. 3"]),
    ],
)
def test_pdf_is_made_tagged_and_has_the_content(repo, what, expect):
    pytest.importorskip("weasyprint")
    pdf = render(repo, 2024, "pdf", **what)
    assert pdf.startswith(b"%PDF")
    text, root = _pdf_text(pdf)
    flat = re.sub(r"\s+", " ", text.replace(NB, " "))
    for piece in expect:
        assert piece.replace(MINUS, "−") in flat, piece
    assert bool(root["/MarkInfo"]["/Marked"]) and str(root["/Lang"]) == "nb"
    # samme data, samme bytes
    assert render(repo, 2024, "pdf", **what) == pdf


# ---------------------------------------------------------------- kommandolinja


def test_cli_writes_each_format(data, tmp_path):
    for suffix in ("md", "html"):
        for args, name in ((["--tillegg", "2"], "tillegg-2"), (["--gjeldende", "--per", "01.07.2024"], "gjeldende")):
            out = tmp_path / f"{name}.{suffix}"
            res = tb_in_process("render", "--data", str(data), "--år", "2024", *args, "-o", str(out))
            assert res.exit_code == 0, res.output
            assert f"Skrev {out}" in res.stderr
            assert out.read_bytes().startswith(b"**Arbeids-" if suffix == "md" else b"<!DOCTYPE html>")
    res = tb_in_process("render", "--data", str(data), "--tillegg", "2")
    assert res.exit_code == 0 and "\n# Tillegg nr. 2 til tildelingsbrev 2024" in res.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--tillegg", "7"], "fant ikke tillegg nr. 7 til brevet for 2024: brevet for 2024 har tillegg nr. 1, 2 og 3"),
        (["--tillegg", "2", "--gjeldende"], "--tillegg og --gjeldende kan ikke brukes sammen"),
        (["--per", "2024-05-01"], "--per gjelder bare gjeldende tildeling; bruk --gjeldende --per DATO"),
        (["--tillegg", "2", "--per", "2024-05-01"], "--per gjelder bare gjeldende tildeling"),
        (["--gjeldende", "--per", "2024-02-30"], "ugyldig dato for --per: «2024-02-30»: februar 2024 har 29 dager"),
        (["--år", "2023", "--tillegg", "1"], "fant ikke noe brev for 2023"),
    ],
)
def test_cli_refuses_with_code_2(data, tmp_path, args, message):
    out = tmp_path / "ut.md"
    res = tb_in_process("render", "--data", str(data), *args, "-o", str(out))
    assert res.exit_code == 2, res.output
    assert message in res.stderr
    assert not out.exists()


def test_cli_letter_without_supplements_says_so():
    res = tb_in_process("render", "--data", str(ROOT / "data"), "--tillegg", "1")
    assert res.exit_code == 2
    assert "fant ikke tillegg nr. 1 til brevet for 2024: brevet for 2024 har ingen tillegg" in res.stderr


def test_cli_names_a_supplement_file_that_cannot_be_read(tmp_path):
    root = med_tillegg(tmp_path / "data")
    edit_once(root / "brev" / "2024" / "tillegg" / "tillegg-3.yaml", "nr: 3", "nr: tre")
    res = tb_in_process("render", "--data", str(root), "--tillegg", "3")
    assert res.exit_code == 2
    assert "brevet for 2024 har tillegg nr. 1 og 2" in res.stderr
    assert "tillegg-3.yaml kan ikke leses (kjør tb check)" in res.stderr


# ---------------------------------------------------------------- malene (TB501)


def test_template_error_in_the_supplement_template_is_TB501(tmp_path):
    root = med_tillegg(tmp_path / "data")
    mal = root / "mal" / "tillegg.md.j2"
    edit_once(mal, "**Tillegg til:** {{ hovedbrev.tittel | md }}", "**Tillegg til:** {{ hovedbrev.tittel | kronr }}")
    line = next(i for i, t in enumerate(mal.read_text(encoding="utf-8").splitlines(), 1) if "kronr" in t)
    found = [f for f in check(root).active if f.code == "TB501"]
    assert len(found) == 1, found
    assert found[0].location.file.name == "tillegg.md.j2" and found[0].location.line == line
    assert found[0].message.startswith("tillegg nr. 1 til brevet for 2024 kan ikke gjengis:")
    # tb render --tillegg sier fila og linja (kode 2); brevet selv og gjeldende tildeling lages
    res = tb_in_process("render", "--data", str(root), "--tillegg", "2")
    assert res.exit_code == 2 and f"tillegg.md.j2:{line}" in res.stderr
    assert tb_in_process("render", "--data", str(root)).exit_code == 0
    assert tb_in_process("render", "--data", str(root), "--gjeldende").exit_code == 0


def test_template_error_in_the_current_allocation_template_is_TB501_also_without_supplements(tmp_path):
    import shutil

    root = tmp_path / "data"
    shutil.copytree(ROOT / "data", root)
    edit_once(root / "mal" / "gjeldende.md.j2", "{% for k in budsjett %}", "{% for k in budsjet %}")
    found = [f for f in check(root).active if f.code == "TB501"]
    assert [(f.location.file.name, f.message.split(":")[0]) for f in found] == [
        ("gjeldende.md.j2", "gjeldende tildeling for 2024 kan ikke gjengis")
    ]


def test_old_repositories_without_the_new_templates(tmp_path):
    """Et repositorium med egne maler fra før tilleggene: uten tillegg ingen nye funn; med
    tillegg brukes de innebygde tillegg.md.j2 og gjeldende.md.j2 (issue 16), så TB501 har
    heller ingenting å melde."""
    root = tmp_path / "data"
    import shutil

    shutil.copytree(ROOT / "data", root)
    for name in ("tillegg.md.j2", "gjeldende.md.j2", "tillegg.css"):
        (root / "mal" / name).unlink()
    assert not [f for f in check(root).active if f.code == "TB501"]
    shutil.copytree(ROOT / "eksempler" / "tillegg-2024" / "brev", root / "brev", dirs_exist_ok=True)
    shutil.copytree(ROOT / "eksempler" / "tillegg-2024" / "oppdrag", root / "oppdrag", dirs_exist_ok=True)
    messages = sorted(f.message for f in check(root).active if f.code == "TB501")
    assert messages == []
