"""Alle regler, i én tuppel. En test sjekker at kodene er unike, at hver regel har
dokumentasjon og at hver regel har testtilfeller.

Slik legger du til en regel: skriv en liten funksjon med `@rule("TBnnn", "navn")` i modulen
som passer, med en docstring som forklarer hva den sjekker, hvorfor og et eksempel, og legg
den til i `ALL_RULES` under.
"""

from __future__ import annotations

from ..baseline import STALE_BASELINE
from ..findings import Finding, Location, Severity
from ..loading import LOADER_RULES
from ..model import Repo
from ..rule import Rule, loader_rule
from . import budsjett, datoer, filer, frister, maler, referanser, summer, tekst

INTERNAL_ERROR = loader_rule(
    "TB900",
    "intern-feil",
    Severity.ERROR,
    """En regel krasjet. Det er en feil i `tb`, ikke i data; resten av sjekken er kjørt.

    Meld fra med meldingen og fila som utløste den.
    """,
)

ALL_RULES: tuple[Rule, ...] = (
    *LOADER_RULES,
    filer.file_names,
    filer.letter_present,
    STALE_BASELINE,
    referanser.unique_ids,
    referanser.oppdrag_goal,
    referanser.sp_goal,
    referanser.binding_oppdrag,
    referanser.binding_title,
    referanser.oppdrag_mentions,
    referanser.report_refs,
    referanser.prose_files,
    referanser.numbering,
    tekst.marker_syntax,
    tekst.html_in_prose,
    tekst.document_references,
    summer.chapter_sum,
    summer.binding_sum,
    summer.recipient_sum,
    summer.allocation_sum,
    summer.share_within_appropriation,
    summer.bound_within_share,
    tekst.amounts_in_prose,
    tekst.announced_list_missing,
    datoer.budget_decision_date,
    tekst.dates_in_prose,
    datoer.plausible_deadlines,
    datoer.missing_deadline,
    datoer.date_format,
    datoer.printed_deadlines_agree,
    datoer.reporting_calendar,
    datoer.earlier_assignments_heading,
    frister.deadline_on_day_off,
    budsjett.post_group_agrees,
    budsjett.known_stikkord,
    budsjett.post_heading,
    budsjett.post_has_chapter,
    maler.templates_render,
    INTERNAL_ERROR,
)

RULES_BY_CODE = {r.code: r for r in ALL_RULES}


IN_SECOND_PROCESS = ("TB309", "TB501")
"""Reglene som kjøres i en egen prosess på store repositorier, samtidig med de andre: de to
tyngste (fristene utvidet med helligdager, og malene), til sammen omtrent like lang tid som
alle de andre på 10 000 oppdrag (målt med `make bench`)."""

PARALLEL_FROM = 2000
"""Fra så mange innleste filer lønner det seg å starte en prosess til (det koster noen
hundredels sekunder). `TB_PARALLELL=0` slår det av, `TB_PARALLELL=1` på uansett størrelse."""


def run_rules(repo: Repo, rules: tuple[Rule, ...] = ALL_RULES) -> list[Finding]:
    """Kjør alle regler på repositoriet. En regel som krasjer, blir ett funn (TB900).

    På store repositorier kjøres noen regler (`IN_SECOND_PROCESS`) i en kopi av prosessen
    (fork) på den andre CPU-kjernen. Funnene er de samme og kommer i samme rekkefølge som når
    alt kjøres i én prosess."""
    runnable = [r for r in rules if r.check is not None]
    theirs = [r for r in runnable if r.code in IN_SECOND_PROCESS]
    found: dict[str, list[Finding]] = {}
    if theirs and _parallel(repo):
        found = _run_in_child(repo, theirs, mine=[r for r in runnable if r not in theirs])
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
    ) -> None:
        findings.append(r.finding(location, message, subject, severity, related))

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
    import os
    import sys

    wanted = os.environ.get("TB_PARALLELL", "")
    if wanted == "0" or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    if wanted == "1":
        return True
    if len(os.sched_getaffinity(0)) < 2:
        return False
    files = len(repo.oppdrag) + len(repo.styringsparametere) + len(repo.poster) + len(repo.mål)
    return files >= PARALLEL_FROM


def _run_in_child(repo: Repo, theirs: list[Rule], mine: list[Rule]) -> dict[str, list[Finding]]:
    """Kjør `theirs` i en kopi av prosessen og `mine` her, samtidig. Funnene fra kopien kommer
    tilbake som pickle gjennom et rør. Går noe galt med kopien, kjøres reglene her i stedet
    (resultatet er det samme, bare tregere)."""
    import os
    import pickle

    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return {}
    if pid == 0:  # pragma: no cover - kjører i kopien; dekkes av testene gjennom resultatet
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps({r.code: _run_one(repo, r) for r in theirs}, pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # ingen opprydding, ingen utskrift: det gjør foreldreprosessen
    os.close(write_end)
    found = {r.code: _run_one(repo, r) for r in mine}
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            found.update(pickle.loads(data))
        except Exception:  # noqa: BLE001 - et avbrutt resultat: reglene kjøres her
            pass
    return found
