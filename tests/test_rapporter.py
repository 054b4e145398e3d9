"""Rapportformatene på et lite, oppdiktet resultat, sammenlignet byte for byte med gullfiler.

Hvert format i `reporting.check.FORMATS` (tb check) og `reporting.frister.FORMATS` (tb frister)
kjøres på data laget her i testen – ikke på brevet i data/ – så en ny regel eller en rettet
feil i brevet endrer ingen av gullfilene her; bare en endring i et format gjør det. Det som
pinner tallene i det publiserte brevet, er akseptansetesten `test_publisert_brev.py`.

Resultatet for tb check har feil og advarsler, kjente funn (ett med linjeskift i
begrunnelsen), et funn med to «se også»-steder, et med kontrolltegn og linjeskift i meldingen,
et med «%» og komma i meldingen (GitHub koder dem) og en fil med mellomrom og «å» i navnet.
Fristene har en forfalt frist som er flyttet, en frist innen sju dager, en på en helligdag, en
fra rapporteringskalenderen, en tittel som et regneark ville lest som en formel, og tre uten
dato (løpende, gjentakelse, ingen frist).

Gullfilene ligger i tests/golden/rapporter/, én per format (`check-FORMAT.*`,
`frister-FORMAT.*`). Et nytt format i et av registrene får en ny gullfil ved første kjøring
(og testen feiler til den er lest og lagt inn). Oppdater gullfilene etter en tilsiktet
endring i et format med

    TB_OPPDATER_GULL=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_rapporter.py

og les `git diff tests/golden/rapporter/` før du committer: det er det brukeren ser.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import tildelingsbrev.reporting.check as check_reporting
from casekit import assert_golden
from tildelingsbrev.deadlines import Deadline
from tildelingsbrev.findings import Finding, Location, Severity
from tildelingsbrev.pipeline import CheckResult
from tildelingsbrev.reporting.check import FORMATS as CHECK_FORMATS
from tildelingsbrev.reporting.frister import FORMATS as FRISTER_FORMATS
from tildelingsbrev.rule import rule

GOLDEN = Path(__file__).parent / "golden" / "rapporter"

REPO = Path("/repo")
"""Arbeidsmappa rapportene skrives relativt til; filene i funnene ligger under den."""

EXTENSION = {
    "text": "txt",
    "github": "txt",
    "tabell": "txt",
    "json": "json",
    "gitlab": "json",
    "sarif": "json",
}


def file_name(prefix: str, fmt: str) -> str:
    return f"{prefix}-{fmt}.{EXTENSION.get(fmt, fmt)}"


# ---------------------------------------------------------------- tb check


def at(file: str, line: int, column: int) -> Location:
    return Location(REPO / file, line, column)


@rule("TB105", "binding-tittel")
def _binding_title(repo, report):
    """En budsjettbinding gir oppdraget samme tittel som kapittel 3."""


@rule("TB112", "dokumenthenvisning", Severity.WARNING)
def _document_reference(repo, report):
    """Henvisninger til Stortingets dokumenter er skrevet likt overalt."""


@rule("TB201", "kapittelsum")
def _chapter_sum(repo, report):
    """Den trykte «Sum» under et kapittels tabell er
    summen av postenes tildeling.

    Hvorfor: en feil sum i et publisert brev må rettes i et tillegg.
    """


@rule("TB207", "beløp-i-tekst")
def _amount_in_prose(repo, report):
    """Beløp i prosaen stemmer med data."""


@rule("TB309", "frist-fridag", Severity.WARNING)
def _deadline_on_day_off(repo, report):
    """En frist faller ikke på en lørdag, søndag eller helligdag."""


RULES = (_binding_title, _document_reference, _chapter_sum, _amount_in_prose, _deadline_on_day_off)
"""Reglene SARIF-rapporten beskriver i testen (i stedet for alle reglene i `tb`, så gullfila
ikke endres av en ny regel eller en omskrevet dokumentasjon)."""


def check_result() -> CheckResult:
    findings = [
        Finding(
            code="TB105",
            name="binding-tittel",
            severity=Severity.ERROR,
            message="oppdrag 2024-05 heter «Veiledning om foreldreveiledning» i bindingen på 601.21, "
            "men «Informasjonsside i samfunnskunnskap» i kapittel 3",
            location=at("data/budsjett/2024/601-21.yaml", 21, 17),
            subject="601.21 binding 2024-05",
            related=(at("data/oppdrag/2024-05.yaml", 4, 9), at("data/mål/2024/mål-2.yaml", 1, 1)),
        ),
        Finding(
            code="TB201",
            name="kapittelsum",
            severity=Severity.ERROR,
            message="sum for kap. 671: trykt 28 979 866 000, summen av linjene er 25 949 864 000 "
            "(differanse 3 030 002 000)",
            location=at("data/budsjett/2024/kap-671.yaml", 5, 6),
            subject="kap. 671 sum, differanse 3 030 002 000",
            acknowledged="Summen er feil i det publiserte brevet; postbeløpene står slik de er trykt.",
        ),
        Finding(
            code="TB112",
            name="dokumenthenvisning",
            severity=Severity.WARNING,
            message="«Prop.1 S\n(2023-2024)\x1b[2J» skal skrives «Prop. 1 S (2023–2024)»",
            location=at("data/brev/2024/tekst/09 særskilte føringer.md", 3, 81),
            subject="Prop. 1 S (2023–2024)",
        ),
        Finding(
            code="TB207",
            name="beløp-i-tekst",
            severity=Severity.ERROR,
            message="teksten sier 1,5 mill. kroner (100 %), data sier 1 450 000 (differanse 50 000)",
            location=at("data/budsjett/2024/671-60.yaml", 11, 40),
            subject="671.60 beløp 1,5 mill.",
        ),
        Finding(
            code="TB309",
            name="frist-fridag",
            severity=Severity.WARNING,
            message="oppdrag 2023-02: fristen 31.03.2024 faller på en fridag (søndag, første påskedag)",
            location=at("data/oppdrag/2023-02.yaml", 7, 5),
            subject="oppdrag 2023-02 frist 2024-03-31",
            acknowledged="Påsken var kjent da brevet ble skrevet;\nfristen står som trykt.",
        ),
        Finding(
            code="TB309",
            name="frist-fridag",
            severity=Severity.WARNING,
            message="oppdrag 2024-06: fristen 15.12.2024 faller på en fridag (søndag)",
            location=at("data/oppdrag/2024-06.yaml", 9, 5),
            subject="oppdrag 2024-06 frist 2024-12-15",
        ),
    ]
    findings.sort(key=Finding.sort_key)  # som `pipeline.check`
    return CheckResult(findings=findings)


def test_the_synthetic_result_has_what_the_golden_files_should_show():
    result = check_result()
    assert (result.errors, result.warnings, len(result.acknowledged)) == (2, 2, 2)
    assert any(f.related for f in result.active)
    assert any("\n" in f.message and "\x1b" in f.message for f in result.active)
    assert {r.code for r in RULES} == {f.code for f in result.findings}


@pytest.fixture
def sarif_rules(monkeypatch):
    """SARIF-rapporten med reglene i `RULES` og versjonen 0.0.0 (ikke den installerte)."""
    monkeypatch.setattr("tildelingsbrev.rules.ALL_RULES", RULES)
    monkeypatch.setattr(check_reporting, "_version", lambda: "0.0.0")


@pytest.mark.parametrize("fmt", list(CHECK_FORMATS))
def test_check_format_golden(fmt, sarif_rules):
    out = CHECK_FORMATS[fmt](check_result(), False, REPO)
    assert_golden(GOLDEN / file_name("check", fmt), out.encode("utf-8"))


def test_check_text_with_acknowledged_golden():
    """`tb check --vis-kjente`: de kjente funnene med begrunnelsen etter de aktive."""
    out = CHECK_FORMATS["text"](check_result(), True, REPO)
    assert_golden(GOLDEN / "check-text-vis-kjente.txt", out.encode("utf-8"))


def test_check_formats_without_findings_golden(sarif_rules):
    """Ingen funn: bare oppsummeringen, en tom liste eller en kjøring uten resultater."""
    out = "".join(f"--- {fmt}\n{CHECK_FORMATS[fmt](CheckResult(), False, REPO)}" for fmt in CHECK_FORMATS)
    assert_golden(GOLDEN / "check-ingen-funn.txt", out.encode("utf-8"))


# ---------------------------------------------------------------- tb frister

REF = date(2024, 3, 1)
"""Referansedatoen (--fra): dager regnes fra den."""
STAMP = date(2023, 12, 15)
"""DTSTAMP i kalenderen (budsjettvedtaket i brevet)."""


def deadline(dato: date | None, tittel: str, type: str = "levering", **kw) -> Deadline:
    ident = ("test", kw.get("oppdrag"), kw.get("del_"), type, tittel)
    return Deadline(dato=dato, tittel=tittel, type=type, ident=ident, source=(None, ()), **kw)


def deadlines() -> list[Deadline]:
    """Som `deadlines.select` gir dem: daterte i datoorden, så de uten dato."""
    return [
        deadline(
            date(2024, 2, 15),
            "Kartlegge tolkebruk i kommunene",
            "underveisrapport",
            oppdrag="2023-14",
            del_="Del 1",
            mål=5,
            flyttet_fra=(date(2023, 6, 1), date(2023, 12, 1)),
        ),
        deadline(
            date(2024, 3, 5),
            '=HYPERLINK("https://eksempel.no";"Tertialvis analyse")',
            oppdrag="2024-01",
            mål=1,
            gjentas="tertialvis",
            merknad="gjentas til 31.12.2024 (ingen sluttdato i brevet)",
        ),
        deadline(date(2024, 3, 15), "Årsrapport og regnskap for budsjettåret 2023", "rapport"),
        deadline(
            date(2024, 3, 29),
            "Etablering av nasjonalt tilbud om digital norskopplæring",
            oppdrag="2023-26",
            del_="Frist etablering",
            mål=2,
            fridag="langfredag",
        ),
        deadline(None, "Beredskap for økte flyktningankomster", oppdrag="2022-24", mål=4, løpende=True),
        deadline(None, "Månedlig analyse av bosettingsarbeidet", "rapport", gjentas="månedlig"),
        deadline(
            None,
            "Oppfølging av nasjonal plan for mobilisering av ressurser",
            oppdrag="2023-27",
            mål=2,
            merknad="ingen frist i brevet (deloppdrag 2 og 4)",
        ),
    ]


@pytest.mark.parametrize("fmt", list(FRISTER_FORMATS))
def test_frister_format_golden(fmt):
    assert_golden(GOLDEN / file_name("frister", fmt), FRISTER_FORMATS[fmt](deadlines(), REF, STAMP, "IMDi"))


def test_frister_formats_without_deadlines_golden():
    out = b"".join(f"--- {fmt}\n".encode() + FRISTER_FORMATS[fmt]([], REF, STAMP, "IMDi") for fmt in FRISTER_FORMATS)
    assert_golden(GOLDEN / "frister-ingen-frister.txt", out)


def test_frister_json_escapes_direction_and_c1_characters_like_check_json():
    """`tb frister -f json` går gjennom den samme `dumps` som `tb check` og `tb vis`: et tegn som
    snur skriveretningen eller et C1-tegn i en tittel står som \\u-escape, aldri rått."""
    out = FRISTER_FORMATS["json"](
        [deadline(date(2024, 3, 1), "tittel \u202e snudd \x9b c1")], date(2024, 3, 1), date(2024, 1, 1), None
    )
    text = out.decode("utf-8")
    assert "\u202e" not in text and "\x9b" not in text
    assert "\\u202e" in text and "\\u009b" in text
