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
import os
import unicodedata
from collections.abc import Callable, Iterator, Sequence
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

    def for_letter(self, år: int) -> CheckResult:
        """Bare funnene som gjelder brevet for `år`, og dem som gjelder alle brev (`år` None):
        det `tb render --år` varsler om."""
        return CheckResult([f for f in self.findings if f.år in (None, år)], self.repo)

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
    ikke for filer som ikke kan leses: de har `problem` satt.

    For en virksomhet blant flere som bruker den felles malmappa (`virksomheter.malmappe`),
    er malene derfra med (som «mal/…»): de avgjør TB501, og dermed hurtigbufferen."""
    from .virksomheter import malmappe

    listed = listing(root)
    shared = malmappe(root)
    if shared != root / "mal":
        from .loading.tree import template_listing

        listed = [item for item in listed if not item.rel.startswith("mal/")] + template_listing(shared)
    return read_all(root, listed)


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
    i `ALL_RULES`); en regel som krasjer, blir ett funn (TB900). For en virksomhet blant flere
    også reglene på tvers av virksomhetene (TB801, TB802) når de er valgt."""
    from .rule import Phase
    from .rules import ALL_RULES, run_rules

    chosen = ALL_RULES if rules is None else tuple(rules)
    with _gc_paused():
        found = run_rules(loaded.repo, chosen)
        across = {r.code for r in chosen if r.phase is Phase.ACROSS}
        if across:
            found = [*found, *(f for f in _across(loaded.repo) if f.code in across)]
    return Loaded(loaded.repo, (*loaded.findings, *found))


def sibling_entries(root: Path) -> list[tuple[str, Entry]]:
    """Budsjettfilene (budsjett/…) til de andre virksomhetene i repositoriet når `root` er en
    virksomhet blant flere, som (kortnavn, fil); ellers ingen. Reglene på tvers leser dem, og
    hurtigbufferen tar dem med i nøkkelen. Innenfor `budgets_read_once` leses de én gang for
    alle virksomhetene (`tb check` av hele repositoriet), ellers her."""
    from .virksomheter import rot_for

    top = rot_for(root)
    if top is None:
        return []
    budgets = _BUDGETS.get(os.path.abspath(top)) or _read_budgets(top)
    me = unicodedata.normalize("NFC", os.path.basename(os.path.abspath(root)))
    return [(name, e) for name, entries in budgets.items() if name != me for e in entries]


_BUDGETS: dict[str, dict[str, list[Entry]]] = {}
"""Budsjettfilene til hver virksomhet, per repositorium, mens `budgets_read_once` gjelder."""


def _read_budgets(top: Path) -> dict[str, list[Entry]]:
    """Budsjettpostene (budsjett/ÅR/KKK-PP.yaml) til hver virksomhet i repositoriet `top`."""
    from .loading.tree import listing_under
    from .virksomheter import finn

    out = {}
    for v in finn(top):
        listed = [item for item in listing_under(v.root / "budsjett", "budsjett") if item.kind == "post"]
        out[v.kortnavn] = read_all(v.root, listed)
    return out


_POSTS: dict[str, dict[str, list]] = {}
"""Postene til hver virksomhet lest som modell (`rules.virksomheter.AnnenPost`), per
repositorium, mens `budgets_read_once` gjelder; lest første gang en sjekk trenger dem (ikke
når alle svarene kommer fra hurtigbufferen)."""


@contextmanager
def budgets_read_once(top: Path) -> Iterator[None]:
    """Les budsjettpostene til alle virksomhetene i `top` én gang (filene og postene), for alle
    sjekkene inni blokken: ellers leser og validerer sjekken av hver virksomhet postene til alle
    de andre (K² filer). Filene leses før `fork.split`, så begge prosessene har dem."""
    key = os.path.abspath(top)
    _BUDGETS[key] = _read_budgets(top)
    try:
        yield
    finally:
        _BUDGETS.pop(key, None)
        _POSTS.pop(key, None)


def check_agencies(top: Path, check_one: Callable[[Path], CheckResult]) -> CheckResult:
    """`tb check` av alle virksomhetene i repositoriet `top`: `check_one` (sjekken med
    hurtigbufferen) for hver, med budsjettpostene lest én gang (`budgets_read_once`), og
    funnene samlet og sortert (et funn i en felles fil én gang, ikke én gang per virksomhet). Med
    flere virksomheter sjekkes annenhver i en kopi av prosessen (`fork.split`) på den andre
    kjernen."""
    from .fork import split, wanted
    from .virksomheter import finn

    agencies = finn(top)

    def findings_of(part) -> list[Finding]:
        return [f for v in part for f in check_one(v.root).findings]

    with budgets_read_once(top):
        if len(agencies) > 1 and wanted(len(agencies), 2):
            mine, theirs = split(lambda: findings_of(agencies[0::2]), lambda: findings_of(agencies[1::2]))
            found = mine + theirs
        else:
            found = findings_of(agencies)
    # en felles fil (mal/ eller innstillinger.yaml øverst) sjekkes av hver virksomhet: ett funn
    unique = {(f.code, os.fspath(f.location.file), f.location.line, f.location.column, f.message): f for f in found}
    return CheckResult(findings=sorted(unique.values(), key=Finding.sort_key))


def _across(repo: Repo) -> list[Finding]:
    """Funnene på tvers av virksomhetene for virksomheten i `repo` (ingen når den er alene)."""
    from .rules.virksomheter import andre_poster, på_tvers
    from .virksomheter import rot_for

    top = rot_for(repo.root)
    if top is None:
        return []
    key = os.path.abspath(top)
    budgets = _BUDGETS.get(key)
    if budgets is not None:
        read = _POSTS.get(key)
        if read is None:
            read = _POSTS[key] = {
                name: andre_poster([(name, e) for e in entries]) for name, entries in budgets.items()
            }
        me = unicodedata.normalize("NFC", os.path.basename(os.path.abspath(repo.root)))
        return på_tvers(repo, [p for name, posts in read.items() if name != me for p in posts])
    siblings = sibling_entries(repo.root)
    return på_tvers(repo, andre_poster(siblings)) if siblings else []


YEAR_FOLDERS = frozenset({"brev", "mål", "styringsparametere", "budsjett"})
"""Mappene med én undermappe per brev (`mål/2024/…`): et funn i en fil der gjelder det året."""


def letter_year(repo: Repo) -> Callable[[Path], int | None]:
    """Brevet et funn på et sted gjelder, regnet ut fra stien (ett sted, for alle regler):

    - en fil under `brev/`, `mål/`, `styringsparametere/` eller `budsjett/` `ÅR/`: ÅR;
    - `oppdrag/ID.yaml`: det første brevet i data oppdraget er med i
      (`snapshot.første_brev`), ellers året oppdraget ble gitt (`{år}` i nummeret, i hvilket
      som helst mønster: 2024-05, TB2024-5, 5-2024; også for en oppdragsfil som ikke kunne
      leses, fra filnavnet);
    - alt annet (malene, grunnlinjen, data-mappa selv, en fil `tb` ikke kjenner): None, funnet
      gjelder alle brev.

    En regel som vet bedre (TB102 per brev), setter `år` på funnet selv."""
    import re
    import unicodedata

    from .model import nummer, snapshot

    root = os.fspath(repo.root)
    oppdrag = {os.fspath(d.file): d for d in repo.oppdrag}
    memo: dict[str, int | None] = {}

    def year(path: Path) -> int | None:
        key = os.fspath(path)
        if key in memo:
            return memo[key]
        found = None
        try:
            rel = os.path.relpath(key, root)
        except ValueError:  # en annen disk (Windows): ikke i data-mappa
            rel = ""
        parts = [unicodedata.normalize("NFC", p) for p in rel.replace(os.sep, "/").split("/")]
        if len(parts) >= 3 and parts[0] in YEAR_FOLDERS and re.fullmatch(r"\d{4}", parts[1]):
            found = int(parts[1])
        elif len(parts) == 2 and parts[0] == "oppdrag":
            doc = oppdrag.get(key)
            if doc is not None:
                found = snapshot.første_brev(repo, doc) or doc.model.år
            else:
                # en fil som ikke kunne leses: året i filnavnet, uansett mønster (13-2024.yaml)
                stem, ext = os.path.splitext(parts[1])
                numbers = nummer.del_opp(stem) if ext.lower() in (".yaml", ".yml") else None
                found = numbers[0] if numbers is not None else None
        memo[key] = found
        return found

    return year


def with_letter_years(repo: Repo, findings: Sequence[Finding]) -> list[Finding]:
    """Funnene med brevet hvert gjelder (`Finding.år`), regnet ut fra stedet for dem som ikke
    har det fra regelen (`letter_year`)."""
    year = None
    out = []
    for f in findings:
        if f.år is None:
            if year is None:
                year = letter_year(repo)
            y = year(f.location.file)
            if y is not None:
                f = f.for_letter(y)
        out.append(f)
    return out


def conclude(loaded: Loaded, use_baseline: bool = True) -> CheckResult:
    """Brevet hvert funn gjelder regnet ut (`with_letter_years`), grunnlinjen brukt (kjente
    funn merkes som aksepterte, oppføringer som ikke treffer noe, meldes) og funnene sortert
    etter sted."""
    findings = with_letter_years(loaded.repo, loaded.findings)
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
