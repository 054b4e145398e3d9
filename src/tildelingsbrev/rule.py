"""Hva en regel er: en stabil kode, et lesbart navn, en alvorlighet, en dokumentasjon og alle
egenskapene som styrer hvordan den kjøres og meldes.

Alt om en regel står på regelen selv (`Rule`): når funnene oppstår (`phase`), om et funn kan
aksepteres i grunnlinjen (`acknowledgeable`) og om regelen er tung nok til å kjøres i en egen
prosess på store repositorier (`heavy`). Ingen lister ved siden av, nøklet på koder.

Reglene over modellen står i `tildelingsbrev.rules` (én liten funksjon per regel, `@rule`);
noen få meldes der funnene oppstår (`reported_rule`): av innlesingen
(`tildelingsbrev.loading.loader`) fordi de gjelder filer som ikke kunne leses, av grunnlinjen
(`tildelingsbrev.baseline`) og av kjøringen av reglene (`tildelingsbrev.rules`, TB900).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .findings import Finding, Location, Severity

if TYPE_CHECKING:
    from .model import Repo

Report = Callable[..., None]


class Phase(str, Enum):
    """Når i `tb check` en regels funn oppstår."""

    READING = "innlesing"
    """Meldes av innlesingen: en fil som ikke kan leses eller valideres (`loading.loader`)."""
    MODEL = "modell"
    """En funksjon `check(repo, report)` over modellen (`rules/`)."""
    BASELINE = "grunnlinje"
    """Meldes når grunnlinjen legges på (`baseline`)."""
    ACROSS = "på tvers"
    """Meldes når en virksomhet blant flere sjekkes, med postene i brevene til de andre
    (`rules.virksomheter.på_tvers`, kjørt av `pipeline.apply_rules`)."""
    INTERNAL = "intern"
    """Meldes av maskineriet selv: en regel krasjet (`rules`)."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[[Repo, Report], None] | None = None
    """Funksjonen over modellen; bare for `Phase.MODEL` (de andre meldes der de oppstår)."""
    phase: Phase = Phase.MODEL
    acknowledgeable: bool = True
    """Kan et funn stå i grunnlinjen? Nei for en fil som ikke kan leses (den mangler i brevet
    og må rettes), for grunnlinjen selv og for en regel som krasjet."""
    heavy: bool = False
    """Tung regel (målt med `make bench`): på store repositorier kjøres den i en egen prosess,
    samtidig med de andre (se `rules.run_rules`)."""

    def __post_init__(self) -> None:
        if (self.check is not None) != (self.phase is Phase.MODEL):
            raise ValueError(f"{self.code}: bare regler over modellen har en funksjon (check)")

    @property
    def reported_by_loader(self) -> bool:
        """Sant for reglene innlesingen melder (TB001–TB005, TB008)."""
        return self.phase is Phase.READING

    @property
    def family(self) -> str:
        """Kodefamilien: `TB2xx` for TB201. Navnet på hver familie står i `rules.FAMILIES`."""
        return self.code[:3] + "xx"

    def finding(
        self,
        location: Location,
        message: str,
        subject: str,
        severity: Severity | None = None,
        related: tuple[Location, ...] = (),
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            location=location,
            subject=subject,
            related=tuple(related),
        )

    @property
    def summary(self) -> str:
        """Første avsnitt av dokumentasjonen som én linje (det går ofte over flere linjer i
        kildekoden)."""
        first = self.doc.strip().split("\n\n")[0]
        out = ""
        for line in first.splitlines():
            line = line.strip()
            out += line if not out or out.endswith("-") else " " + line
        return out


def rule(code: str, name: str, severity: Severity = Severity.ERROR, *, heavy: bool = False):
    """Gjør en funksjon `check(repo, report)` til en regel. Docstringen er dokumentasjonen.

    `heavy=True` for en regel som koster like mye som mange av de andre til sammen."""

    def wrap(func: Callable[[Repo, Report], None]) -> Rule:
        return Rule(code, name, severity, inspect.cleandoc(func.__doc__ or ""), func, heavy=heavy)

    return wrap


def reported_rule(
    code: str, name: str, severity: Severity, doc: str, *, phase: Phase, acknowledgeable: bool = True
) -> Rule:
    """En regel som meldes der funnene oppstår (innlesingen, grunnlinjen, kjøringen av
    reglene), ikke av en funksjon over modellen."""
    return Rule(
        code, name, severity, inspect.cleandoc(doc), None, phase=phase, acknowledgeable=acknowledgeable
    )
