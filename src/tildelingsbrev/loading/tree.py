"""Filene i en data-mappe: hvilken type hver fil er, og innholdet, lest én gang.

Lett å importere (ingen modeller): `tb check` med hurtigbuffer trenger bare dette for å se
at ingenting er endret.
"""

from __future__ import annotations

import errno
import os
import stat as stat_
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..files import os_error

MAX_BYTES = 2_000_000
"""Største fil som leses (YAML og Markdown). En større fil leses ikke i det hele tatt:
størrelsen sjekkes før lesingen, og det leses aldri mer enn grensen + 1 byte (fila kan vokse
mens den leses)."""


def too_large(size: int) -> str:
    """Meldingen for en fil over `MAX_BYTES`, med tallene skrevet på norsk."""
    from ..norsk import format_kroner

    return f"fila er {format_kroner(size)} byte; største tillatte er {format_kroner(MAX_BYTES)} byte"


def file_kind(rel: Path | str) -> str | None:
    """Filtypen til en fil i data/, ut fra stien: `brev`, `mål`, `styringsparameter`,
    `oppdrag`, `kapittel`, `post`, `fullmakter` (budsjett/ÅR/fullmakter.yaml), `tillegg`,
    `baseline`, `innstillinger` (innstillinger.yaml øverst), `prosa` (Markdown) eller None."""
    parts = tuple(rel.split("/")) if isinstance(rel, str) else rel.parts
    suffix = os.path.splitext(parts[-1])[1].lower()
    if suffix == ".md":
        if len(parts) >= 3 and parts[0] in ("brev",):
            return "prosa"
        return None
    if suffix not in (".yaml", ".yml"):
        return None
    if parts == ("baseline.yaml",):
        return "baseline"
    if parts in (("innstillinger.yaml",), ("innstillinger.yml",)):
        return "innstillinger"
    top = parts[0]
    if top == "oppdrag":
        return "oppdrag"
    if top == "brev" and len(parts) == 3 and parts[2] in ("brev.yaml", "brev.yml"):
        return "brev"
    if top == "brev" and len(parts) == 4 and parts[2] == "tillegg":
        return "tillegg"
    if top == "mål" and len(parts) == 3:
        return "mål"
    if top == "styringsparametere" and len(parts) == 3:
        return "styringsparameter"
    if top == "budsjett" and len(parts) == 3:
        if parts[2] in ("fullmakter.yaml", "fullmakter.yml"):
            return "fullmakter"
        return "kapittel" if parts[2].startswith("kap-") else "post"
    return None


IGNORED_FOLDERS = ("mal", "schema")
"""Mapper i data/ som innlesingen ikke leser: malene og de eksporterte JSON-skjemaene."""


_DATA_SUFFIXES = (".yaml", ".yml", ".md")


def _scan(folder: str) -> list[os.DirEntry] | OSError:
    """Innholdet i mappa sortert på navn, eller feilen fra operativsystemet."""
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as e:
        return e


def _walk(root: Path, include_templates: bool = False) -> Iterator[tuple[str, str, os.DirEntry | _Unreadable]]:
    """(sti, relativ sti med «/», DirEntry) for hver fil, sortert, uten skjulte filer og mapper og uten
    mappene innlesingen ikke leser. Symbolske lenker følges ikke (de vurderes av `_open`).

    Uten rekursjon: et tre med tusenvis av mapper inni hverandre gir ikke RecursionError."""
    top = _scan(str(root))
    if isinstance(top, OSError):
        return
    stack: list[tuple[tuple[str, ...], Iterator[os.DirEntry]]] = [((), iter(top))]
    while stack:
        rel, items = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        sub = (*rel, entry.name)
        if is_dir and os.path.splitext(entry.name)[1].lower() in _DATA_SUFFIXES:
            # en mappe med navn som en datafil: fila som skulle vært der, mangler
            yield entry.path, "/".join(sub), _Unreadable("ikke en vanlig fil, men en mappe")
            continue
        if is_dir:
            if not rel and entry.name in IGNORED_FOLDERS and not (include_templates and entry.name == "mal"):
                continue
            inner = _scan(entry.path)
            if isinstance(inner, OSError):  # en mappe som ikke kan leses: én melding, ikke stille borte
                yield entry.path, "/".join(sub), _Unreadable(f"mappa kan ikke leses ({os_error(inner)})")
                continue
            stack.append((sub, iter(inner)))
            continue
        yield entry.path, "/".join(sub), entry


def _not_utf8(rel: str) -> str | None:
    """Grunnen når stien har et navn som ikke er UTF-8 (lest med surrogater), ellers None."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        name = rel.rsplit("/", 1)[-1]
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return "filnavnet er ikke UTF-8, så fila leses ikke (gi den et navn i UTF-8)"
        return "navnet på en mappe i stien er ikke UTF-8, så fila leses ikke (gi mappa et navn i UTF-8)"
    return None


@dataclass(frozen=True)
class Entry:
    """Én fil i data-mappa slik den ble funnet: sti, type og innhold (eller hvorfor den ikke
    kunne leses)."""

    fspath: str
    """Stien som tekst (Path-objekter lages først når noen trenger dem, se `path`)."""
    rel: str
    """Stien relativt til data-mappa, med «/» («oppdrag/2024-01.yaml»)."""
    kind: str | None
    """Filtypen (`file_kind`), «mal» for en mal, «uleselig» for en mappe som ikke kan leses
    (eller en mappe med navn som en datafil), None for en fil `tb` ikke leser."""
    raw: bytes = b""
    problem: str | None = None
    oversize: bool = False
    """Fila er større enn `MAX_BYTES` og er ikke lest; `problem` sier hvor stor den er."""

    @property
    def path(self) -> Path:
        return Path(self.fspath)


@dataclass(frozen=True)
class Listed:
    """En fil funnet i data-mappa, før den er lest: sti og type. Størrelsen og om det er en
    vanlig fil, sjekkes på den åpne fila (`_open`)."""

    fspath: str
    rel: str
    kind: str | None
    dirent: object


def listing(root: Path) -> list[Listed]:
    """Alle filer under `root` i fast rekkefølge, uten å lese dem. Malene tas med (de
    påvirker TB501), JSON-skjemaene ikke. Kaster ikke for rare navn (ikke UTF-8, linjeskift,
    svært lange) eller filer som forsvinner underveis.

    For en virksomhet blant flere uten sin egen `innstillinger.yaml` er den felles øverst i
    repositoriet med (`shared_settings`): den gjelder virksomheten, og den er dermed også med i
    nøkkelen til hurtigbufferen."""
    out = []
    for fspath, rel, dirent in _walk(root, include_templates=True):
        if isinstance(dirent, _Unreadable):
            kind = "uleselig"
        else:
            kind = "mal" if rel.startswith("mal/") else file_kind(rel)
            if kind is not None:
                why = _not_utf8(rel)
                if why is not None:
                    kind, dirent = "uleselig", _Unreadable(why)
        out.append(Listed(fspath, rel, kind, dirent))
    return out + shared_settings(root)


def shared_settings(root: Path) -> list[Listed]:
    """Den felles `innstillinger.yaml` (`virksomheter.innstillinger_fil`) som en fil i
    virksomhetens liste, med stien «innstillinger.yaml»; ingen når virksomheten har sin egen
    eller ikke er en av flere. En symbolsk lenke eller noe som ikke er en vanlig fil, leses ikke
    (`_open` sier hvorfor), som alt annet."""
    from ..virksomheter import innstillinger_fil

    path = innstillinger_fil(root)
    if path is None:
        return []
    try:
        with os.scandir(path.parent) as it:
            dirent = next((e for e in it if e.name == path.name), None)
    except OSError:
        return []
    if dirent is None:  # borte siden den ble funnet
        return []
    return [Listed(os.fspath(path), path.name, "innstillinger", dirent)]


def template_listing(folder: Path) -> list[Listed]:
    """Filene i en malmappe utenfor data-mappa (den felles `mal/` for en virksomhet blant
    flere, se `virksomheter.malmappe`), med stier «mal/…» som i `listing`."""
    return listing_under(folder, "mal", kind="mal")


def listing_under(folder: Path, prefix: str, kind: str | None = None) -> list[Listed]:
    """Filene under `folder` som i `listing`, med stier «PREFIX/…» og typen `kind` (ellers
    `file_kind` av stien). En mappe som er en symbolsk lenke eller ikke finnes, gir ingen filer
    (den sjekkes der den hører hjemme)."""
    try:
        if not stat_.S_ISDIR(os.lstat(folder).st_mode):
            return []
    except OSError:
        return []
    out = []
    for fspath, rel, dirent in _walk(folder, include_templates=True):
        rel = f"{prefix}/{rel}"
        found = "uleselig" if isinstance(dirent, _Unreadable) else (kind or file_kind(rel))
        out.append(Listed(fspath, rel, found, dirent))
    return out


def read_all(root: Path, listed: list[Listed]) -> list[Entry]:
    """Les filene i lista, i rekkefølge.

    Når filene ikke ligger i operativsystemets sidebuffer, venter lesingen mest på disken.
    Derfor åpnes filene et stykke foran den som leses (`READ_AHEAD`), og kjernen får beskjed
    om å hente dem (posix_fadvise WILLNEED): disken henter mange filer samtidig, og når en fil
    skal leses, ligger den som regel klar. Det er raskere enn tråder, som slåss om GIL."""
    resolved: list[Path] = []  # data-mappa løst opp, bare når det finnes symbolske lenker

    def root_resolved() -> Path:
        if not resolved:
            resolved.append(root.resolve())
        return resolved[0]

    wanted = [item for item in listed if item.kind is not None]
    pending: deque[_Opened] = deque()
    contents: list[tuple[bytes, str | None, bool]] = []
    ahead = 0
    try:
        for i in range(len(wanted)):
            while ahead < len(wanted) and ahead - i < READ_AHEAD:
                pending.append(_open(wanted[ahead], root_resolved))
                ahead += 1
            fd, size, problem, oversize = pending.popleft()
            contents.append(_read(fd, size) if fd is not None else (b"", problem, oversize))
    finally:  # avbrutt (Ctrl-C): lukk filene som ble åpnet på forskudd
        for fd, *_ in pending:
            if fd is not None:
                os.close(fd)
    read = iter(contents)
    out = []
    for item in listed:
        if item.kind is None:
            out.append(Entry(item.fspath, item.rel, None))
        else:
            raw, problem, oversize = next(read)
            out.append(Entry(item.fspath, item.rel, item.kind, raw, problem, oversize))
    return out


def snapshot(root: Path) -> list[Entry]:
    """Alle filer under `root` med innholdet (`listing` + `read_all`)."""
    return read_all(root, listing(root))


READ_AHEAD = 128
"""Så mange filer åpnes og meldes til kjernen før de leses (se `read_all`)."""

_WILLNEED = getattr(os, "POSIX_FADV_WILLNEED", None)
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""O_NONBLOCK: en FIFO som dukker opp i stedet for en fil, skal ikke få `tb` til å henge.
O_NOFOLLOW: en fil som er byttet ut med en symbolsk lenke etter at mappa ble lest, følges
ikke (en lenke åpnes som stien den er sjekket å peke på)."""


class _Unreadable:
    """I stedet for en DirEntry: noe som ikke kan leses, med grunnen."""

    def __init__(self, why: str):
        self.why = why


_Opened = tuple[int | None, int, str | None, bool]
"""(fd, størrelse, hvorfor ikke, for stor) fra `_open`."""


def _open(item: Listed, root_resolved) -> _Opened:
    """Åpne fila og be kjernen hente innholdet; (fd, størrelse, None, False), eller
    (None, 0, hvorfor ikke, for stor). Kaster ikke: en lenke i en løkke, en lenke ut av
    data-mappa, noe som ikke er en vanlig fil og en fil over `MAX_BYTES` gir en grunn."""
    dirent = item.dirent
    if isinstance(dirent, _Unreadable):
        return None, 0, dirent.why, False
    try:
        if dirent.is_symlink():
            path, why = _link_target(item.fspath, root_resolved)
            if path is None:
                return None, 0, why, False
        elif not dirent.is_file(follow_symlinks=False):
            return None, 0, "ikke en vanlig fil", False
        else:
            path = item.fspath
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, RuntimeError, ValueError) as e:
        return None, 0, _why(e), False
    try:
        st = os.fstat(fd)
    except OSError as e:
        os.close(fd)
        return None, 0, _why(e), False
    if not stat_.S_ISREG(st.st_mode):
        os.close(fd)
        return None, 0, "ikke en vanlig fil", False
    if st.st_size > MAX_BYTES:  # leses ikke: en fil på 1 GB skal ikke bruke 1 GB minne
        os.close(fd)
        return None, 0, too_large(st.st_size), True
    if _WILLNEED is not None:
        try:
            os.posix_fadvise(fd, 0, 0, _WILLNEED)
        except OSError:  # pragma: no cover - bare et hint
            pass
    return fd, st.st_size, None, False


def _link_target(fspath: str, root_resolved) -> tuple[str | None, str | None]:
    """Stien en symbolsk lenke peker på, når den er en vanlig fil i data-mappa; ellers
    (None, hvorfor ikke). Om lenken peker ut av data-mappa, sjekkes før noe annet: da sier
    meldingen ingenting om hva som finnes der ute."""
    real = os.path.realpath(fspath)  # kaster ikke for en løkke; stat under gjør det
    root = str(root_resolved())
    if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
        return None, "symbolsk lenke som peker ut av data-mappa; den leses ikke"
    try:
        st = os.stat(real)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return None, "symbolsk lenke i en løkke; den leses ikke"
        if e.errno == errno.ENOENT:
            return None, "symbolsk lenke til noe som ikke finnes"
        return None, _why(e)
    if not stat_.S_ISREG(st.st_mode):
        return None, "ikke en vanlig fil"
    return real, None


def _read(fd: int, size: int) -> tuple[bytes, str | None, bool]:
    """Les fila og lukk den: (innhold, None, False), eller (b"", hvorfor ikke, for stor).
    Størrelsen fra stat er bare et anslag (fila kan ha vokst), men det leses aldri mer enn
    `MAX_BYTES` + 1 byte."""
    try:
        data = os.read(fd, size + 1)
        if len(data) > size:
            parts, total = [data], len(data)
            while total <= MAX_BYTES and (chunk := os.read(fd, min(1 << 16, MAX_BYTES + 1 - total))):
                parts.append(chunk)
                total += len(chunk)
            if total > MAX_BYTES:
                try:
                    total = max(total, os.fstat(fd).st_size)
                except OSError:
                    pass
                return b"", too_large(total), True
            data = b"".join(parts)
        return data, None, False
    except OSError as e:
        return b"", _why(e), False
    finally:
        os.close(fd)


def _why(e: Exception) -> str:
    if isinstance(e, OSError):
        return f"fila kan ikke leses ({os_error(e)})"
    return "fila kan ikke leses"
