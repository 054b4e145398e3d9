"""Filene i en data-mappe: hvilken type hver fil er, og innholdet, lest én gang.

Lett å importere (ingen modeller): `tb check` med hurtigbuffer trenger bare dette for å se
at ingenting er endret.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .files import os_error


def file_kind(rel: Path | str) -> str | None:
    """Filtypen til en fil i data/, ut fra stien: `brev`, `mål`, `styringsparameter`,
    `oppdrag`, `kapittel`, `post`, `baseline`, `prosa` (Markdown) eller None."""
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
    top = parts[0]
    if top == "oppdrag":
        return "oppdrag"
    if top == "brev" and len(parts) == 3 and parts[2] in ("brev.yaml", "brev.yml"):
        return "brev"
    if top == "mål" and len(parts) == 3:
        return "mål"
    if top == "styringsparametere" and len(parts) == 3:
        return "styringsparameter"
    if top == "budsjett" and len(parts) == 3:
        return "kapittel" if parts[2].startswith("kap-") else "post"
    return None


IGNORED_FOLDERS = ("mal", "schema")
"""Mapper i data/ som innlesingen ikke leser: malene og de eksporterte JSON-skjemaene."""


def _walk(root: Path, include_templates: bool = False) -> Iterator[tuple[str, str, os.DirEntry]]:
    """(sti, relativ sti med «/», DirEntry) for hver fil, sortert, uten skjulte filer og mapper og uten
    mappene innlesingen ikke leser. Symbolske lenker følges ikke (de vurderes av `_read`)."""

    def scan(folder: str, rel: tuple[str, ...]):
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError as e:
            if rel:  # en mappe som ikke kan leses: én melding, ikke stille borte
                yield folder, "/".join(rel), _Unreadable(f"mappa kan ikke leses ({os_error(e)})")
            return
        for entry in items:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir and os.path.splitext(entry.name)[1].lower() in (".yaml", ".yml", ".md"):
                # en mappe med navn som en datafil: fila som skulle vært der, mangler
                yield (
                    entry.path,
                    "/".join((*rel, entry.name)),
                    _Unreadable("ikke en vanlig fil, men en mappe"),
                )
                continue
            if is_dir:
                if (
                    not rel
                    and entry.name in IGNORED_FOLDERS
                    and not (include_templates and entry.name == "mal")
                ):
                    continue
                yield from scan(entry.path, (*rel, entry.name))
            else:
                yield entry.path, "/".join((*rel, entry.name)), entry

    yield from scan(str(root), ())


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

    @property
    def path(self) -> Path:
        return Path(self.fspath)


@dataclass(frozen=True)
class Listed:
    """En fil funnet i data-mappa, før den er lest: sti, type og stat (størrelse,
    endringstid, inode), eller None når stat ikke går."""

    fspath: str
    rel: str
    kind: str | None
    dirent: object
    stat: tuple[int, int, int] | None


def listing(root: Path) -> list[Listed]:
    """Alle filer under `root` i fast rekkefølge, uten å lese dem. Malene tas med (de
    påvirker TB501), JSON-skjemaene ikke."""
    out = []
    for fspath, rel, dirent in _walk(root, include_templates=True):
        if isinstance(dirent, _Unreadable):
            kind = "uleselig"
        else:
            kind = "mal" if rel.startswith("mal/") else file_kind(rel)
        st = None
        if kind is not None and not isinstance(dirent, _Unreadable):
            try:
                s = os.stat(fspath)
                st = (s.st_size, s.st_mtime_ns, s.st_ino)
            except OSError:
                st = None
        out.append(Listed(fspath, rel, kind, dirent, st))
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
    pending: deque[tuple[int | None, str | None]] = deque()
    contents: list[tuple[bytes, str | None]] = []
    ahead = 0
    try:
        for i, item in enumerate(wanted):
            while ahead < len(wanted) and ahead - i < READ_AHEAD:
                pending.append(_open(wanted[ahead], root_resolved))
                ahead += 1
            fd, problem = pending.popleft()
            contents.append(_read(fd, item.stat[0] if item.stat else 0) if fd is not None else (b"", problem))
    finally:  # avbrutt (Ctrl-C): lukk filene som ble åpnet på forskudd
        for fd, _ in pending:
            if fd is not None:
                os.close(fd)
    read = iter(contents)
    out = []
    for item in listed:
        if item.kind is None:
            out.append(Entry(item.fspath, item.rel, None))
        else:
            raw, problem = next(read)
            out.append(Entry(item.fspath, item.rel, item.kind, raw, problem))
    return out


def snapshot(root: Path) -> list[Entry]:
    """Alle filer under `root` med innholdet (`listing` + `read_all`)."""
    return read_all(root, listing(root))


READ_AHEAD = 128
"""Så mange filer åpnes og meldes til kjernen før de leses (se `read_all`)."""

_WILLNEED = getattr(os, "POSIX_FADV_WILLNEED", None)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
"""O_NONBLOCK: en FIFO som dukker opp i stedet for en fil, skal ikke få `tb` til å henge."""


class _Unreadable:
    """I stedet for en DirEntry: noe som ikke kan leses, med grunnen."""

    def __init__(self, why: str):
        self.why = why


def _open(item: Listed, root_resolved) -> tuple[int | None, str | None]:
    """Åpne fila og be kjernen hente innholdet; (fd, None) eller (None, hvorfor ikke)."""
    dirent = item.dirent
    if isinstance(dirent, _Unreadable):
        return None, dirent.why
    try:
        if dirent.is_symlink():
            path = Path(item.fspath)
            try:
                path.resolve().relative_to(root_resolved())
            except ValueError:
                return None, "symbolsk lenke som peker ut av data-mappa; den leses ikke"
            if not path.is_file():
                return None, "ikke en vanlig fil"
        elif not dirent.is_file(follow_symlinks=False):
            return None, "ikke en vanlig fil"
        fd = os.open(item.fspath, _OPEN_FLAGS)
    except OSError as e:
        return None, _why(e)
    if _WILLNEED is not None:
        try:
            os.posix_fadvise(fd, 0, 0, _WILLNEED)
        except OSError:  # pragma: no cover - bare et hint
            pass
    return fd, None


def _read(fd: int, size: int) -> tuple[bytes, str | None]:
    """Les hele fila (størrelsen fra stat er bare et anslag: fila kan ha vokst) og lukk den."""
    try:
        data = os.read(fd, size + 1)
        if len(data) > size:
            parts = [data]
            while chunk := os.read(fd, 1 << 16):
                parts.append(chunk)
            data = b"".join(parts)
        return data, None
    except OSError as e:
        return b"", _why(e)
    finally:
        os.close(fd)


def _why(e: OSError) -> str:
    return f"fila kan ikke leses ({os_error(e)})"
