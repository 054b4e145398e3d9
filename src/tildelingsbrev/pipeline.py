"""`tb check`: les data, kjør reglene, bruk grunnlinjen. Ren funksjon av data-mappa."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache
from .findings import Finding, Location, Severity
from .loading.tree import listing, read_all

if TYPE_CHECKING:
    from .model import Repo


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
    (`cache.py`: innholdet i hver fil hashes hver gang); da er `repo` None i resultatet."""
    use_cache = use_cache and cache.enabled()
    entries = read_all(root, listing(root))
    key = cache.key(root, cache.files_of(entries), use_baseline) if use_cache else None
    if key is not None:
        hit = cache.findings_for(cache.load(root), key)
        found = _findings_from(hit, root) if hit is not None else None
        if found is not None:
            return CheckResult(findings=found, repo=None)
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
        cache.write(root, key, [_finding_to(f, root) for f in findings])
    return CheckResult(findings=findings, repo=repo)


# ---- funn i bufferen
#
# Et funn lagres som en liste: [kode, navn, alvorlighet, melding, sti, linje, kolonne,
# subjekt, begrunnelse eller null, [[sti, linje, kolonne], …] (de relaterte stedene)].
# Stiene er relative til data-mappa (eller absolutte for et sted utenfor den) og settes
# sammen med data-mappa slik den er oppgitt ved kjøringen som leser bufferen.

_SEVERITIES = {s.value: s for s in Severity}


def _path_to(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.abspath(path)


def _location_to(loc: Location, root: Path) -> list:
    return [_path_to(loc.file, root), loc.line, loc.column]


def _finding_to(f: Finding, root: Path) -> list:
    loc = f.location
    return [
        f.code,
        f.name,
        f.severity.value,
        f.message,
        _path_to(loc.file, root),
        loc.line,
        loc.column,
        f.subject,
        f.acknowledged,
        [_location_to(r, root) for r in f.related],
    ]


def _is_int(x: object) -> bool:
    return type(x) is int and 0 <= x < 1 << 31


def _findings_from(stored: list, root: Path) -> list[Finding] | None:
    """Alle lagrede funn, eller None når ett av dem ikke har akkurat den formen `_finding_to`
    gir (riktig antall felt og riktig type i hvert): da ses det bort fra hele bufferen, og
    sjekken kjøres på nytt."""
    base = str(root)
    prefix = base if base.endswith(os.sep) else base + os.sep
    paths: dict[str, Path] = {}  # flere funn i samme fil: ett Path-objekt

    def location(file: object, line: object, column: object) -> Location | None:
        if type(file) is not str or not _is_int(line) or not _is_int(column):
            return None
        path = paths.get(file)
        if path is None:
            # Path(tekst) er omtrent dobbelt så raskt som root / tekst
            path = paths[file] = Path(file if os.path.isabs(file) else prefix + file)
        return Location(path, line, column)

    out = []
    for x in stored:
        if type(x) is not list or len(x) != 10:
            return None
        code, name, severity, message, file, line, column, subject, acknowledged, related = x
        if (
            type(code) is not str
            or type(name) is not str
            or type(severity) is not str
            or severity not in _SEVERITIES
            or type(message) is not str
            or type(subject) is not str
            or not (acknowledged is None or type(acknowledged) is str)
            or type(related) is not list
        ):
            return None
        here = location(file, line, column)
        if here is None:
            return None
        others = []
        for r in related:
            other = location(*r) if type(r) is list and len(r) == 3 else None
            if other is None:
                return None
            others.append(other)
        out.append(Finding(code, name, _SEVERITIES[severity], message, here, subject, acknowledged, tuple(others)))
    return out
