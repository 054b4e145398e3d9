"""Alle regler, i én tuppel. En test sjekker at kodene er unike, at hver regel har
dokumentasjon og at hver regel har testtilfeller.

Slik legger du til en regel: skriv en liten funksjon med `@rule("TBnnn", "navn")` i modulen
som passer, med en docstring som forklarer hva den sjekker, hvorfor og et eksempel, og legg
den til i `ALL_RULES` under.
"""

from __future__ import annotations

from ..baseline import STALE_BASELINE
from ..findings import Finding, Location, Severity
from ..loading import LOADER_RULES, Repo
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


def run_rules(repo: Repo, rules: tuple[Rule, ...] = ALL_RULES) -> list[Finding]:
    """Kjør alle regler på repositoriet. En regel som krasjer, blir ett funn (TB900)."""
    findings: list[Finding] = []
    for r in rules:
        if r.check is None:
            continue

        def report(
            location: Location, message: str, subject: str, severity: Severity | None = None, _r=r
        ) -> None:
            findings.append(_r.finding(location, message, subject, severity))

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
