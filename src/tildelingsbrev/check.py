"""`tb check`: les data, kjør reglene, bruk grunnlinjen. Ren funksjon av data-mappa."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .baseline import apply_baseline
from .findings import Finding, Severity
from .loading import Repo, load
from .rules import run_rules


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    repo: Repo | None = None

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.acknowledged is None]

    @property
    def acknowledged(self) -> list[Finding]:
        return [f for f in self.findings if f.acknowledged is not None]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.active if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.active if f.severity is Severity.WARNING)

    def exit_code(self, strict: bool = False) -> int:
        if self.errors or (strict and self.warnings):
            return 1
        return 0


def check(root: Path, use_baseline: bool = True) -> CheckResult:
    repo, findings = load(root)
    findings += run_rules(repo)
    if use_baseline:
        findings = apply_baseline(repo, findings)
    findings.sort(key=Finding.sort_key)
    return CheckResult(findings=findings, repo=repo)
