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
    from .loading import Repo

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
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            location=location,
            subject=subject,
        )

    @property
    def summary(self) -> str:
        """Første linje av dokumentasjonen."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


def rule(code: str, name: str, severity: Severity = Severity.ERROR):
    """Gjør en funksjon `check(repo, report)` til en regel. Docstringen er dokumentasjonen."""

    def wrap(func: Callable[[Repo, Report], None]) -> Rule:
        return Rule(code, name, severity, inspect.cleandoc(func.__doc__ or ""), func)

    return wrap


def loader_rule(code: str, name: str, severity: Severity, doc: str) -> Rule:
    return Rule(code, name, severity, inspect.cleandoc(doc), None)
