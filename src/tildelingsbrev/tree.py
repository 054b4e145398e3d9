"""Filene i en data-mappe: hvilken type hver fil er, og innholdet, lest én gang.

Lett å importere (ingen modeller): `tb check` med hurtigbuffer trenger bare dette for å se
at ingenting er endret.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


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
                yield folder, "/".join(rel), _Unreadable(f"mappa kan ikke leses ({e.strerror or e})")
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
    """Les filene i lista. Filene leses av flere tråder samtidig: når de ikke ligger i
    operativsystemets sidebuffer, venter lesingen mest på disken, og ventetiden kan
    overlappe."""
    resolved_root = root.resolve()
    wanted = [item for item in listed if item.kind is not None]

    def read_chunk(chunk: list[Listed]) -> list[tuple[bytes, str | None]]:
        return [_read(it.fspath, it.dirent, resolved_root) for it in chunk]

    if len(wanted) > 256:
        from concurrent.futures import ThreadPoolExecutor

        # én bit per tråd (ikke én oppgave per fil: det koster mer enn lesingen)
        size = -(-len(wanted) // READ_THREADS)
        chunks = [wanted[i : i + size] for i in range(0, len(wanted), size)]
        with ThreadPoolExecutor(max_workers=READ_THREADS) as pool:
            contents = [c for part in pool.map(read_chunk, chunks) for c in part]
    else:
        contents = read_chunk(wanted)
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


READ_THREADS = 4


class _Unreadable:
    """I stedet for en DirEntry: noe som ikke kan leses, med grunnen."""

    def __init__(self, why: str):
        self.why = why


def _read(fspath: str, dirent: os.DirEntry, resolved_root: Path) -> tuple[bytes, str | None]:
    if isinstance(dirent, _Unreadable):
        return b"", dirent.why
    try:
        if dirent.is_symlink():
            path = Path(fspath)
            try:
                path.resolve().relative_to(resolved_root)
            except ValueError:
                return b"", "symbolsk lenke som peker ut av data-mappa; den leses ikke"
            if not path.is_file():
                return b"", "ikke en vanlig fil"
        elif not dirent.is_file(follow_symlinks=False):
            return b"", "ikke en vanlig fil"
        with open(dirent.path, "rb") as fh:
            return fh.read(), None
    except PermissionError:
        return b"", "fila kan ikke leses (mangler tilgang)"
    except OSError as e:
        return b"", f"fila kan ikke leses ({e.strerror or e})"
