"""`tb check`: les data, kjør reglene, bruk grunnlinjen. Ren funksjon av data-mappa."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .findings import Finding, Location, Severity
from .tree import listing, read_all

if TYPE_CHECKING:
    from .loading import Repo


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


def check(root: Path, use_baseline: bool = True, use_cache: bool = False) -> CheckResult:
    """Les data-mappa, kjør alle regler og bruk grunnlinjen.

    Med `use_cache` hentes funnene fra hurtigbufferen når ingen fil er endret siden sist
    (`cache.py`); da er `repo` None i resultatet."""
    listed = listing(root)
    stored = cache.load(root) if use_cache else None
    if stored is not None:
        # uendret størrelse, endringstid og inode for hver fil: innholdet er det samme
        files = cache.unchanged_files(stored, listed)
        hit = cache.findings_for(stored, cache.key(root, files, use_baseline)) if files else None
        if hit is not None:
            try:
                return CheckResult(findings=[_finding_from(x) for x in hit], repo=None)
            except (KeyError, TypeError, ValueError):
                pass  # en buffer i feil form: sjekk på nytt
    entries = read_all(root, listed)
    files = cache.files_of(entries) if use_cache else []
    key = cache.key(root, files, use_baseline) if use_cache else None
    if key is not None:
        hit = cache.findings_for(stored, key)
        if hit is not None:
            try:
                result = CheckResult(findings=[_finding_from(x) for x in hit], repo=None)
                cache.write(root, key, hit, cache.file_table(listed, files))  # nye endringstider
                return result
            except (KeyError, TypeError, ValueError):
                pass
    # modellene og reglene importeres først her: et treff i bufferen trenger dem ikke
    import gc

    from .baseline import apply_baseline
    from .loading import load
    from .rules import run_rules

    # Innlesingen lager mange små objekter og ingen sykluser som må ryddes underveis;
    # søppelinnsamleren slås av så lenge (det sparer en god del tid på store repositorier).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        repo, findings = load(root, entries)
        findings += run_rules(repo)
    finally:
        if gc_was_enabled:
            gc.enable()
    if use_baseline:
        findings = apply_baseline(repo, findings)
    findings.sort(key=Finding.sort_key)
    if key is not None:
        cache.write(root, key, [_finding_to(f) for f in findings], cache.file_table(listed, files))
    return CheckResult(findings=findings, repo=repo)


def _finding_to(f: Finding) -> list:
    loc = f.location
    return [
        f.code,
        f.name,
        f.severity.value,
        f.message,
        str(loc.file),
        loc.line,
        loc.column,
        f.subject,
        f.acknowledged,
    ]


def _finding_from(x: list) -> Finding:
    code, name, severity, message, file, line, column, subject, acknowledged = x
    return Finding(
        code,
        name,
        Severity(severity),
        message,
        Location(Path(file), int(line), int(column)),
        subject,
        acknowledged,
    )
