"""Kjeden fra data-mappa til funnene: les → modell → regler → grunnlinje.

Hvert ledd er en liten, ren funksjon med et typet resultat, og hver kommando henter modellen
herfra på samme måte:

- `read(root)`: filene i data-mappa med innholdet (`Entry`), lest trygt;
- `load_model(root)`: modellen (`Repo`) og funnene fra innlesingen, som data (`Loaded`);
- `apply_rules(loaded, rules)`: funnene fra reglene lagt til (alle, eller et utvalg);
- `conclude(loaded)`: grunnlinjen brukt og funnene sortert (`CheckResult`);
- `run_checks(loaded, rules)` = `conclude(apply_rules(…))`, og `check(root)` hele kjeden.

Her er ingen hurtigbuffer og ingen utskrift: `cache.cached_check` pakker `check` inn (`tb
check`), `tb frister` og `tb ny` bruker bare `load_model`, `tb render` kjører reglene uten
malregelen og gjengir malene én gang, og `tb vis` kjører hele kjeden.

Modellene, innlesingen og reglene importeres først når de trengs: et treff i hurtigbufferen
trenger bare `read` og `CheckResult`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .findings import Finding, Severity
from .loading.tree import Entry, listing, read_all

if TYPE_CHECKING:
    from pydantic import BaseModel

    from .model import Doc, Repo
    from .rule import Rule

    M = TypeVar("M", bound=BaseModel)


@dataclass
class CheckResult:
    """Resultatet av en sjekk: alle funn (også de grunnlinjen har akseptert) og modellen de
    gjelder (None når funnene kom fra hurtigbufferen)."""

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


@dataclass(frozen=True)
class Loaded:
    """Modellen og funnene så langt: fra innlesingen (`load_model`), og fra reglene når
    `apply_rules` har lagt dem til. Grunnlinjen er ikke brukt ennå."""

    repo: Repo
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        """Funnene med alvorligheten feil (for innlesingen: filene som er hoppet over)."""
        return [f for f in self.findings if f.severity is Severity.ERROR]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Innlesingen og reglene lager mange små objekter og ingen sykluser som må ryddes
    underveis; søppelinnsamleren slås av så lenge (det sparer en god del tid på store
    repositorier). Nøstet: den slås på igjen bare av den ytterste."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read(root: Path) -> list[Entry]:
    """Alle filer under data-mappa med innholdet, i fast rekkefølge (malene med). Kaster
    ikke for filer som ikke kan leses: de har `problem` satt."""
    return read_all(root, listing(root))


def load_model(root: Path, entries: list[Entry] | None = None) -> Loaded:
    """Modellen for data-mappa og funnene fra innlesingen (TB001–TB005, TB008) som data.
    `entries` er filene fra `read` (leses her når de ikke er gitt). Kaster aldri for dårlige
    data: en fil som ikke kan leses, er et funn, og resten leses likevel."""
    from .loading.loader import load

    with _gc_paused():
        repo, findings = load(root, entries if entries is not None else read(root))
    return Loaded(repo, tuple(findings))


def load_document(
    path: Path | str, raw: bytes, model: type[M], subject: str
) -> tuple[Doc[M] | None, list[Finding]]:
    """Én fil lest og validert slik `load_model` leser den (for en fil som ennå ikke er
    skrevet, `tb ny`): dokumentet eller None, og funnene."""
    from .loading.loader import load_doc

    return load_doc(path, raw, model, subject)


def apply_rules(loaded: Loaded, rules: Sequence[Rule] | None = None) -> Loaded:
    """Funnene fra reglene lagt til etter funnene så langt. `rules` er et utvalg (None: alle
    i `ALL_RULES`); en regel som krasjer, blir ett funn (TB900)."""
    from .rules import ALL_RULES, run_rules

    chosen = ALL_RULES if rules is None else tuple(rules)
    with _gc_paused():
        found = run_rules(loaded.repo, chosen)
    return Loaded(loaded.repo, (*loaded.findings, *found))


def conclude(loaded: Loaded, use_baseline: bool = True) -> CheckResult:
    """Grunnlinjen brukt (kjente funn merkes som aksepterte, oppføringer som ikke treffer noe,
    meldes) og funnene sortert etter sted."""
    findings = list(loaded.findings)
    if use_baseline:
        from .baseline import apply_baseline

        findings = apply_baseline(loaded.repo, findings)
    findings.sort(key=Finding.sort_key)
    return CheckResult(findings=findings, repo=loaded.repo)


def run_checks(loaded: Loaded, rules: Sequence[Rule] | None = None, use_baseline: bool = True) -> CheckResult:
    """Reglene (alle, eller utvalget `rules`) på modellen, så grunnlinjen."""
    with _gc_paused():
        return conclude(apply_rules(loaded, rules), use_baseline)


def check(root: Path, use_baseline: bool = True, entries: list[Entry] | None = None) -> CheckResult:
    """`tb check` uten hurtigbuffer: les data-mappa, kjør alle regler og bruk grunnlinjen.
    `entries` er filene fra `read` når de alt er lest (hurtigbufferen har lest dem for å lage
    nøkkelen)."""
    with _gc_paused():
        return run_checks(load_model(root, entries), use_baseline=use_baseline)
