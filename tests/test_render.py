"""`tb render`: hele brevet fra data.

Gullfilene i tests/golden/ sammenlignes byte for byte (Markdown og HTML) og på tekst og tagger
(PDF). At gullfilene selv er riktige, sjekkes mot det publiserte brevet: den gjengitte teksten
skal ha hver linje, hvert beløp, hvert oppdragsnummer, hver styringsparameter og hver dato fra
`shared/seed/…`, bortsett fra det data retter for en trykt feil som `tb check` melder.

Oppdater gullfilene med `TB_OPPDATER_GULL=1 make test` etter en tilsiktet endring, og les
diffen før du committer.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit import assert_golden
from tildelingsbrev.cli import app
from tildelingsbrev.loading import load
from tildelingsbrev.norsk import find_dates, parse_amount
from tildelingsbrev.pipeline import check
from tildelingsbrev.rendering import render

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
GOLDEN = Path(__file__).parent / "golden"
SEED = ROOT.parent / "shared" / "seed" / "000_adf8b79db4bc7635.txt"
runner = CliRunner()


@pytest.fixture(scope="module")
def repo():
    r, findings = load(DATA)
    assert not findings
    return r


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
        for piece in pieces:
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
    levels = [int(n) for n in re.findall(r"<h([1-6])>", html)]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


# ---------------------------------------------------------------- mot det publiserte brevet


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)  # ligaturer i PDF-teksten («ﬂ» → «fl»)
    s = s.replace("\u00a0", " ").replace("\\", "")
    s = re.sub(r"[|*#]", "", s)
    return re.sub(r"\s+", "", s)


# Linjer i det publiserte brevet som den gjengitte teksten skriver annerledes, med grunnen.
# Alle er enten en rettelse som `tb check` melder, eller en frist, et beløp eller en
# tabellcelle som gjengis fra data i vanlig form.
ACCEPTED = {
    # rettelser tb check melder (grunnlinjen)
    "Sum 28 979 866 000": "TB201: summen regnes ut fra postene",
    "På bakgrunn av Stortingets budsjettvedtak av 15. desember 2024 jf. Prop. 1 S (2023-2024)": "TB302",
    "Oppdrag som er gitt tidligere med leveringsfrist i 2023 eller senere som skal bidra til å oppnå": "TB308",
    "31. 12 2024": "TB305: gjengis 31.12.2024",
    "29.03.24": "TB305: gjengis 29.03.2024",
    "15.12.24": "TB305: gjengis 15.12.2024",
    "F.o.m 20.03.24": "TB305: gjengis «F.o.m. 20.03.2024 (tertialvis)»",
    # frister i vanlig form fra data
    "Del 2: 01.08.2024 (årlig)": "gjengis «Del 2: F.o.m. 01.08.2024 (årlig)»",
    "Del II: 15.12.2024 med": "underveisrapporten er en egen frist",
    "15. januar": "datolisten gjengis 15.01.2024, 15.01.2025 og 15.01.2026",
    "2024,2025, 2026,": "datolisten gjengis 15.01.2024, 15.01.2025 og 15.01.2026",
    "2023-27 Oppfølging av nasjonal plan for mobilisering av ressurser Deloppdrag 2": "deloppdrag i parentes",
    # tekst fra malen
    "Oppdrag som skal bidra til å nå mål nr. 3:": "malen skriver «oppnå» under hvert mål",
    "Oppdrag som skal bidra til å nå mål nr. 4:": "malen skriver «oppnå» under hvert mål",
    "9.1. Budsjettrammen": "delkapitler nummereres «9.1»",
    "1,0 mill. kroner": "beløp skrives med så få desimaler som trengs: «1 mill. kroner»",
    "SUM 37 510 000": "summen skrives «Sum»",
    "(i kroner)": "enheten står i kolonneoverskriften",
    # sidetall i PDF-en
    "Side 14": "sidetall",
}


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip("shared/seed finnes ikke ved siden av repositoriet")
    return [" ".join(line.split()) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_line_of_the_published_letter_is_rendered(markdown, seed_lines):
    flat = _norm(markdown)
    missing = [line for line in seed_lines if _norm(line) not in flat and line not in ACCEPTED]
    assert missing == []
    # listen over godtatte avvik holder seg ærlig: hver linje der er virkelig annerledes
    stale = [line for line in ACCEPTED if line in seed_lines and _norm(line) in flat]
    assert stale == []


def test_every_amount_id_sp_and_date_of_the_published_letter_is_rendered(markdown, seed_lines):
    seed = "\n".join(seed_lines)
    text = markdown.replace("\u00a0", " ").replace("\\", "")
    rendered_amounts = _amounts(text)
    corrected = {28_979_866_000}  # TB201
    for amount in _amounts(seed) - corrected:
        assert amount in rendered_amounts, amount
    for oppdrag in set(re.findall(r"(?<![\d-])\d{4}-\d{2}(?![\d-])", seed)):
        assert oppdrag in text, oppdrag
    for sp in set(re.findall(r"SP \d+", seed)):
        assert f"{sp}:" in text
    rendered_dates = {d.value for d in find_dates(text)}
    corrected_dates = {d.value for d in find_dates("15. desember 2024")}  # TB302
    for d in {d.value for d in find_dates(seed)} - corrected_dates:
        assert d in rendered_dates, d


def _amounts(text: str) -> set[int]:
    out = set()
    pattern = r"\d{1,3}(?: \d{3})+(?!\d)|\d+(?:,\d+)? mill\. kroner"
    for m in re.finditer(pattern, text):
        a = parse_amount(m.group(0))
        if a is not None:
            out.add(a.value)
    return out


def test_no_paragraph_is_swallowed_by_a_list_item(html):
    """Et avsnitt rett etter en liste i Markdown blir en del av siste punkt («lat
    fortsettelse»). Hvert punkt i HTML-en er én linje, og teksten etter fordelingslista under
    post 71 er et eget avsnitt."""
    items = re.findall(r"<li>(.*?)</li>", html, flags=re.S)
    assert items
    assert [li for li in items if "\n" in li.strip()] == []
    assert "<p>Tilskudd til nasjonale ressursmiljø har følgende fordeling:</p>" in html


def test_sums_are_computed_from_lines(markdown):
    # kap. 671 trykker 28 979 866 000; gjengivelsen regner ut summen av postene
    assert "**25\u00a0949\u00a0864\u00a0000**" in markdown
    assert "28\u00a0979\u00a0866\u00a0000" not in markdown


def test_corrections_are_exactly_what_check_reports():
    codes = {f.code for f in check(DATA, use_baseline=False).active}
    assert {"TB201", "TB302", "TB305", "TB308"} <= codes


# ---------------------------------------------------------------- kommandolinja


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


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
    assert res.stdout.startswith("# Tildelingsbrev 2024")


def test_unknown_suffix_and_year_exit_2(tmp_path):
    res = runner.invoke(app, ["render", "--data", str(DATA), "-o", str(tmp_path / "brev.docx")])
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
