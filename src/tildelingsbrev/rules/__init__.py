"""Alle regler, samlet fra familiene. En test sjekker at kodene er unike, at hver regel har
dokumentasjon og testtilfeller, og at hver regel står i modulen for sin kodefamilie.

Familiene (`FAMILIES` under) er kodene TB0xx–TB9xx, hver med navnet sitt (bare der) og
modulene reglene står i; hver modul i rules/ har reglene til én familie, og docstringen dens
sier hvilken. `tb regler` viser reglene familie for familie.

Slik legger du til en regel: skriv en liten funksjon med `@rule("TBnnn", "navn")` i modulen
for familien, med en docstring som forklarer hva den sjekker, hvorfor og et eksempel, og
skriv testtilfellene i tests/cases/TBnnn.yaml. `ALL_RULES` samles fra modulene; ingen liste å
oppdatere. Egenskapene (alvorlighet, `heavy`, …) står på regelen.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import ModuleType

from .. import baseline
from ..findings import Finding, Location, Severity
from ..loading import loader
from ..model import Repo
from ..rule import Phase, Rule, reported_rule
from . import datoer, filer, fullmakter, maler, poster, referanser, summer, tillegg, utkast, virksomheter

INTERNAL_ERROR = reported_rule(
    "TB900",
    "intern-feil",
    Severity.ERROR,
    """En regel krasjet. Det er en feil i `tb`, ikke i data; resten av sjekken er kjørt.

    Meld fra med meldingen og fila som utløste den.
    """,
    phase=Phase.INTERNAL,
    acknowledgeable=False,
)


@dataclass(frozen=True)
class Family:
    """En kodefamilie: `TB2xx`, navnet `tb regler` viser over den, og modulene reglene står i."""

    code: str
    name: str
    modules: tuple[ModuleType, ...]

    def rules(self) -> tuple[Rule, ...]:
        """Reglene modulene definerer, modul for modul og i kodeorden i hver modul."""
        return tuple(r for m in self.modules for r in defined_in(m))


def defined_in(module: ModuleType) -> list[Rule]:
    """Reglene en modul definerer (navn på modulnivå), i kodeorden."""
    return sorted(
        {id(v): v for v in vars(module).values() if isinstance(v, Rule)}.values(), key=lambda r: r.code
    )


FAMILIES: tuple[Family, ...] = (
    Family("TB0xx", "Filer og innlesing", (loader, filer, baseline)),
    Family("TB1xx", "Referanser og tekst", (referanser,)),
    Family("TB2xx", "Beløp og summer", (summer,)),
    Family("TB3xx", "Datoer og frister", (datoer,)),
    Family("TB4xx", "Budsjettposter", (poster, fullmakter)),
    Family("TB5xx", "Maler", (maler,)),
    Family("TB6xx", "Utkast", (utkast,)),
    Family("TB7xx", "Tillegg", (tillegg,)),
    Family("TB8xx", "Flere virksomheter", (virksomheter,)),
    Family("TB9xx", "Interne feil", (sys.modules[__name__],)),
)
"""Kodefamiliene i kodeorden. Hver familie har navnet sitt her og bare her."""

FAMILY_BY_CODE = {f.code: f for f in FAMILIES}

ALL_RULES: tuple[Rule, ...] = tuple(r for f in FAMILIES for r in f.rules())
"""Alle regler, familie for familie. Funnene sorteres etterpå (`Finding.sort_key`); rekkefølgen
her avgjør bare rekkefølgen mellom ellers like funn og i SARIF-rapportens regelliste."""

RULES_BY_CODE = {r.code: r for r in ALL_RULES}


PARALLEL_FROM = 2000
"""Fra så mange innleste filer lønner det seg å starte en prosess til (det koster noen
hundredels sekunder). `TB_PARALLELL=0` slår det av, `TB_PARALLELL=1` på uansett størrelse."""


def run_rules(repo: Repo, rules: tuple[Rule, ...] = ALL_RULES) -> list[Finding]:
    """Kjør alle regler på repositoriet. En regel som krasjer, blir ett funn (TB900).

    `rules` kan være et utvalg (`tb render` kjører alle unntatt malregelen); bare reglene over
    modellen (`Phase.MODEL`) kjøres, de andre meldes der funnene oppstår.

    På store repositorier kjøres de tunge reglene (`Rule.heavy`: fristene utvidet med
    helligdager, TB309, og malene, TB501; til sammen omtrent like lang tid som alle de andre på
    10 000 oppdrag, målt med `make bench`) i en kopi av prosessen (fork) på den andre
    CPU-kjernen. Funnene er de samme og kommer i samme rekkefølge som når alt kjøres i én
    prosess."""
    runnable = [r for r in rules if r.phase is Phase.MODEL]
    theirs = [r for r in runnable if r.heavy]
    found: dict[str, list[Finding]] = {}
    if theirs and _parallel(repo):
        mine = [r for r in runnable if r not in theirs]
        if mine:
            # Innholdet i hvert brev (`snapshot.oppdrag_i_brev`) trengs på begge sider (TB102 og
            # TB104 her, TB309 i kopien): regnet ut én gang før kopien lages, ikke i begge.
            from ..model import snapshot

            for år in repo.years():
                snapshot.oppdrag_i_brev(repo, år)
        found = _run_in_child(repo, theirs, mine=mine)
    for r in runnable:
        if r.code not in found:
            found[r.code] = _run_one(repo, r)
    return [f for r in runnable for f in found[r.code]]


def _run_one(repo: Repo, r: Rule) -> list[Finding]:
    findings: list[Finding] = []

    def report(
        location: Location,
        message: str,
        subject: str,
        severity: Severity | None = None,
        related: tuple[Location, ...] = (),
        år: int | None = None,
    ) -> None:
        f = r.finding(location, message, subject, severity, related)
        # `år`: brevet funnet gjelder, når regelen vet det bedre enn stedet (ellers regnes
        # det ut fra stedet etter reglene, `pipeline.letter_year`)
        findings.append(f if år is None else f.for_letter(år))

    try:
        r.check(repo, report)
    except Exception as e:  # noqa: BLE001 - en regel skal aldri stoppe sjekken
        findings.append(
            INTERNAL_ERROR.finding(
                Location(repo.root),
                f"regel {r.code} {r.name} krasjet: {type(e).__name__}: {e}",
                subject=f"{r.code} krasj",
            )
        )
    return findings


def _parallel(repo: Repo) -> bool:
    from ..fork import wanted

    files = len(repo.oppdrag) + len(repo.styringsparametere) + len(repo.poster) + len(repo.mål)
    return wanted(files, PARALLEL_FROM)


def _run_in_child(repo: Repo, theirs: list[Rule], mine: list[Rule]) -> dict[str, list[Finding]]:
    """Kjør `theirs` i en kopi av prosessen og `mine` her, samtidig (`fork.split`). Går noe galt
    med kopien, kjøres reglene her i stedet (resultatet er det samme, bare tregere)."""
    from ..fork import split

    here, there = split(
        lambda: {r.code: _run_one(repo, r) for r in mine},
        lambda: {r.code: _run_one(repo, r) for r in theirs},
    )
    return {**here, **there}
