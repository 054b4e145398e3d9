"""Brevet på nynorsk (issue 17, punkt 1): `målform: nynorsk` i brev.yaml gjør at ordene `tb`
skriver i brevet – malene, fristkolonnen, brevhodet og avslutningen, tillegg og gjeldende
tildeling, «(ikkje utfylt)» i et utkast, HTML, PDF og Word – er på nynorsk. Det oppfunne brevet
i eksempler/nynorsk sjekkes uten funn og gjengis mot gullfiler, og ingen av ordene som bare
finnes i bokmålsformene i ordtabellen (`rendering.ord.bokmålsord`), står i det. Meldingene fra
`tb` selv er på bokmål.

Eksempelet har alle konvensjonene fra issue 17 samtidig («Done when»): nynorsk, oppdragsnumre
etter mønsteret `TB{år}-{nr}` (innstillinger.yaml), et inntektskapittel ved siden av
utgiftskapitlet, fullmakter.yaml med en merinntekts- og en belastningsfullmakt, et oppdrag
unntatt offentlighet (TB2025-8) og frister uten dato; `test_alle_konvensjonane_i_eitt_brev`
prøver dem sammen, i den offentlige og den interne utgaven.
"""

from __future__ import annotations

import io
import re
import shutil
import typing
import zipfile
from pathlib import Path

import pytest

from casekit import GOLDEN_DIR, assert_golden, edit_once, tb_in_process
from tildelingsbrev.model.documents import Gjentakelse, UtenDato
from tildelingsbrev.rendering.html import body
from tildelingsbrev.rendering.ord import ORD, bokmålsord

tb = tb_in_process

EKSEMPEL = Path(__file__).resolve().parents[1] / "eksempler" / "nynorsk"
GOLDEN = GOLDEN_DIR / "nynorsk"


def bokmål_in(text: str) -> list[str]:
    """Ordene fra `bokmålsord()` som står i `text` (hele ord, uten hensyn til store og små
    bokstaver)."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return sorted(words & bokmålsord())


def render(*args: str) -> str:
    res = tb("render", "--data", str(EKSEMPEL), *args)
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    return res.stdout


@pytest.fixture
def bokmål_copy(tmp_path: Path) -> Path:
    """Eksempelet med `målform: bokmål`: de samme dataene, brevet på bokmål."""
    root = tmp_path / "nnd"
    shutil.copytree(EKSEMPEL, root)
    edit_once(root / "brev" / "2025" / "brev.yaml", "målform: nynorsk", "målform: bokmål")
    return root


# ---------------------------------------------------------------- ordtabellen


def test_the_list_of_bokmål_words_is_derived_from_the_table():
    words = bokmålsord()
    for word in ("hilsen", "ikke", "løpende", "tidligere", "betegnelse", "innen", "fra"):
        assert word in words
    # et ord som også står i en nynorskform, er ikke et bokmålsord
    assert not words & {"tildeling", "oppdrag", "kroner", "mål", "frist"}


def test_every_repeat_and_every_deadline_without_a_date_has_both_forms():
    """Fristkolonnen slår opp verdien i `gjentas` og `uten_dato`: hver verdi modellen godtar,
    har et ord på begge målformene."""
    for value in (*typing.get_args(Gjentakelse), *typing.get_args(UtenDato)):
        assert set(ORD[value]) == {"bokmål", "nynorsk"}, value


# ---------------------------------------------------------------- eksempelet


def test_the_example_checks_clean():
    res = tb("check", "--data", str(EKSEMPEL))
    assert (res.exit_code, res.stdout) == (0, "0 feil, 0 advarsler\n")


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("brev-2025.md", ()),
        ("brev-2025-intern.md", ("--intern",)),
        ("tillegg-1.md", ("--tillegg", "1")),
        ("gjeldende.md", ("--gjeldende",)),
    ],
    ids=["brevet", "intern", "tillegget", "gjeldende"],
)
def test_the_example_renders_entirely_in_nynorsk(name, args):
    md = render(*args)
    assert_golden(GOLDEN / name, md.encode("utf-8"))
    assert bokmål_in(md) == []


UNNTATT_ID = "TB2025-8"
UNNTATT_TITTEL = "Vurdere kva for oppgåver i NND som kan leggjast til Språkrådet"
UTELATT = "1 oppdrag er unnateke frå offentlegheit (offentleglova) og er ikkje med i denne utgåva."


def test_alle_konvensjonane_i_eitt_brev():
    """Issue 17, «Done when»: eitt brev på nynorsk med inntektskapittel, fullmakter,
    oppdragsnummer som «TB2025-1», eit oppdrag unnateke frå offentlegheit og fristar utan dato
    sjekkar reint og blir gjengitt rett i den offentlege og den interne utgåva."""
    res = tb("check", "--data", str(EKSEMPEL))
    assert (res.exit_code, res.stdout) == (0, "0 feil, 0 advarsler\n")

    public = render().replace("\u00a0", " ")
    intern = render("--intern").replace("\u00a0", " ")
    for md in (public, intern):
        assert bokmål_in(md) == []
        # oppdragsnummera i mønsteret frå innstillinger.yaml, ingen i standardmønsteret
        ids = re.findall(r"^\| ((?:TB)?\d{4}-\d+) \|", md, flags=re.M)
        assert ids and all(i.startswith("TB") for i in ids), ids
        assert "| TB2024-5 | Lage ei ordliste for statleg fagspråk på nynorsk |" in md
        # inntektskapitlet i eigen tabell med eigen sum, etter utgiftskapitlet
        income = md.index("### Kap. 3331 Nynorskdirektoratet")
        assert md.index("### Kap. 331 Nynorskdirektoratet") < income
        assert md[income:].startswith(
            "### Kap. 3331 Nynorskdirektoratet\n\n"
            "| Post | Nemning | Inntektskrav 2025 |\n|---|---|--:|\n"
            "| Post 01 | Driftsinntekter | 1 200 000 |\n| Post 02 | Oppdragsinntekter | 2 300 000 |\n"
            "|  | **Sum** | **3 500 000** |\n"
        )
        # fullmaktene: vedlegget, nemnt i vedleggslista og i teksten
        assert "- Vedlegg nr. 3 Budsjettfullmakter\n" in md
        appendix = md[md.index("\n## Vedlegg nr. 3 Budsjettfullmakter\n") :]
        for expected in (
            "#### Meirinntektsfullmakt",
            "- Utgiftspost: kap. 331 post 01 Driftsutgifter",
            "- Inntektspost: kap. 3331 post 02 Oppdragsinntekter",
            "| Kunnskapsdepartementet | Kap. 226 post 21 | til nynorske læremiddel i vidaregåande skule | 1 500 000 |",
        ):
            assert expected in appendix
        assert "Budsjettfullmaktene for 2025 står i vedlegg nr. 3." in md
        # fristar utan dato, på nynorsk
        assert "| Etter at høyringa er avslutta; Rettleiing: Blir avtalt nærare |" in md

    # den offentlege utgåva utelèt oppdraget og seier det; den interne har det, merkt
    assert UNNTATT_ID not in public and UNNTATT_TITTEL not in public
    assert UTELATT in public
    assert UTELATT not in intern
    assert intern.startswith("**Intern utgåve – inneheld opplysningar unnatekne frå offentlegheit**\n")
    assert f"| {UNNTATT_ID} | {UNNTATT_TITTEL} | 01.09.2025 |" in intern  # under mål 1
    assert f"| {UNNTATT_ID} | {UNNTATT_TITTEL}<br>Ansvarleg: Kulturavdelinga<br>Unnateke frå offentlegheit, offl. § 15 første ledd |" in intern

    # tb frister: fristane utan dato står med, det unnatekne oppdraget berre med --intern
    frister = tb("frister", "--data", str(EKSEMPEL), "--fra", "2025-01-01")
    assert frister.exit_code == 0, frister.output
    assert "TB2025-6 Følgje opp høyringa om endringar i mållova – Etter at høyringa er avslutta" in frister.stdout
    assert "TB2025-6 Følgje opp høyringa om endringar i mållova – Rettleiing, avtales nærmere" in frister.stdout
    assert UNNTATT_ID not in frister.stdout
    frister = tb("frister", "--data", str(EKSEMPEL), "--fra", "2025-01-01", "--intern")
    assert f"{UNNTATT_ID} {UNNTATT_TITTEL} (unntatt offentlighet, offl. § 15 første ledd)" in frister.stdout


def test_the_generated_words_are_nynorsk():
    md = render().replace("\u00a0", " ")
    for expected in (
        "| Post | Nemning | Tildeling 2025 |",
        "| Organisasjon | Tilskot 2025 |",
        "| Type rapportering | Teljetidspunkt | Rapporteringsfrist |",
        "| Budsjettinnspel for 2027 | – | Innan 15. januar 2026 |",  # ingen teljetidspunkt
        "Oppdrag som skal bidra til å nå mål nr. 1:",
        "Oppdrag som er gitt tidlegare med leveringsfrist i 2025 eller seinare som skal bidra til å nå mål nr. 1:",
        "| Løpande |",
        "F.o.m. 31.03.2025 (kvartalsvis) t.o.m. 31.12.2025",
        "F.o.m. 16.06.2025 (halvårleg) t.o.m. 15.06.2026, og elles ved behov",
        "Del 1: undervegsrapport 02.06.2025",
        "Etter at høyringa er avslutta; Rettleiing: Blir avtalt nærare",
        "\nMed helsing\n",
        "Dokumentet er elektronisk godkjent og har difor ikkje handskrivne signaturar.",
        "Oversikt over alle oppdrag i tildelingsbrevet for 2025, nye og gitt tidlegare.",
    ):
        assert expected in md


def test_the_same_data_in_bokmål_gives_the_bokmål_words(bokmål_copy):
    """Bare målformen er byttet: ordene `tb` skriver, er på bokmål, teksten fra data er den
    samme, og brevet har like mange linjer."""
    nn = render()
    res = tb("render", "--data", str(bokmål_copy))
    assert res.exit_code == 0, res.output
    nb = res.stdout
    assert len(nb.splitlines()) == len(nn.splitlines())
    for expected in ("| Post | Betegnelse |", "| Telletidspunkt |", "| Løpende |", "(halvårlig)", "Avtales nærmere", "\nMed hilsen\n"):
        assert expected in nb
    assert "kan overførast" in nb  # stikkordet er data (TB405 sier fra om målformen)
    assert {"hilsen", "betegnelse", "løpende", "tidligere"} <= set(bokmål_in(nb))


def test_a_reference_from_the_recipient_is_dykkar_ref(tmp_path):
    root = tmp_path / "nnd"
    shutil.copytree(EKSEMPEL, root)
    edit_once(root / "brev" / "2025" / "brev.yaml", "vår_ref: 24/4711-12", "deres_ref: 2024/77\nvår_ref: 24/4711-12")
    res = tb("render", "--data", str(root))
    assert res.exit_code == 0, res.output
    assert "| Dykkar ref | Vår ref | Dato |\n|---|---|---|\n| 2024/77 | 24/4711-12 | 19. desember 2024 |" in res.stdout


def test_a_nynorsk_draft_says_ikkje_utfylt(tmp_path):
    """Et utkast fra `tb init --målform nynorsk`: beløpene og datoene som ikke er fylt inn, står
    som «(ikkje utfylt)» (filtrene i malene og markørene i prosaen)."""
    root = tmp_path / "utkast"
    res = tb(
        "init", str(root), "--departement", "Kulturdepartementet", "--virksomhet", "NND",
        "--år", "2027", "--kapittel", "331", "--målform", "nynorsk",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    res = tb("render", "--data", str(root))
    assert res.exit_code == 0, res.output
    md = res.stdout
    assert "| Post 01 | Driftsutgifter | (ikkje utfylt) |" in md  # filteret kroner
    assert "budsjettvedtak av (ikkje utfylt)" in md  # markøren i prosaen
    assert "ikke utfylt" not in md


# ---------------------------------------------------------------- HTML, PDF og Word


def test_html_is_marked_as_nynorsk(tmp_path):
    out = tmp_path / "nnd.html"
    res = tb("render", "--data", str(EKSEMPEL), "-o", str(out))
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="nn">' in page
    assert "<th>Nemning</th>" in page


def test_the_html_body_writes_its_own_words_in_the_målform():
    md = render()
    html = body(md, "nynorsk")
    assert '<h2 id="innhold">Innhald</h2>' in html
    assert 'aria-label="Referansar og dato"' in html
    assert bokmål_in(re.sub(r"<[^>]+>", " ", html)) == []
    assert '<h2 id="innhold">Innhold</h2>' in body(md)  # standard: bokmål


def test_the_whole_html_page_is_nynorsk(tmp_path):
    out = tmp_path / "nnd.html"
    assert tb("render", "--data", str(EKSEMPEL), "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
    assert bokmål_in(text + " ".join(re.findall(r'aria-label="([^"]*)"', page))) == []


def test_pdf_in_nynorsk(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "nnd.pdf"
    res = tb("render", "--data", str(EKSEMPEL), "-o", str(out))
    assert res.exit_code == 0, res.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert reader.trailer["/Root"]["/Lang"] == "nn"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Med helsing" in text and "Teljetidspunkt" in text
    assert bokmål_in(text) == []


def test_word_in_nynorsk(tmp_path):
    from docx import Document

    out = tmp_path / "nnd.docx"
    res = tb("render", "--data", str(EKSEMPEL), "-o", str(out))
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join(parts)
    assert "Med helsing" in text and "Nemning" in text and "Løpande" in text
    assert bokmål_in(text) == []
    with zipfile.ZipFile(out) as z:
        assert 'w:val="nn-NO"' in z.read("word/styles.xml").decode("utf-8")


def test_tb_vis_siterer_fristkolonnen_på_målforma_til_brevet():
    """`tb vis` er på bokmål, men fristkolonnen den siterer frå brevet, er på nynorsk."""
    res = tb_in_process("vis", "TB2025-6", "--data", str(EKSEMPEL))
    assert res.exit_code == 0, res.output
    assert "Blir avtalt nærare" in res.output and "Blir avtalt nærmere" not in res.output
