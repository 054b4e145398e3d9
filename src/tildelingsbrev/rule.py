"""Hva en regel er: en stabil kode, et lesbart navn, en alvorlighet og en dokumentasjon.

Reglene selv står i `tildelingsbrev.rules` (én liten funksjon per regel), og noen få meldes av
innlesingen (`tildelingsbrev.loading`) fordi de gjelder filer som ikke kunne leses.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .findings import Finding, Location, Severity

if TYPE_CHECKING:
    from .model import Repo

Report = Callable[..., None]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    doc: str
    check: Callable[[Repo, Report], None] | None = None
    """None for regler som innlesingen melder."""

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


def rule(code: str, name: str, severity: Severity = Severity.ERROR):
    """Gjør en funksjon `check(repo, report)` til en regel. Docstringen er dokumentasjonen."""

    def wrap(func: Callable[[Repo, Report], None]) -> Rule:
        return Rule(code, name, severity, inspect.cleandoc(func.__doc__ or ""), func)

    return wrap


def loader_rule(code: str, name: str, severity: Severity, doc: str) -> Rule:
    return Rule(code, name, severity, inspect.cleandoc(doc), None)
