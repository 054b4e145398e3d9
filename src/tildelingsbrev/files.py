"""Skriving av filer: hele fila eller ingenting.

To måter å skrive på:

- `write_atomic` for filer brukeren ber om (`-o FIL`): stien er brukerens
  valg, også når den går gjennom en symbolsk lenke. En enhet eller et rør (`/dev/full`,
  `/dev/stdout`) skrives direkte, aldri byttet ut med en vanlig fil.
- `write_inside` for filer `tb` selv legger i data-mappa (`tb ny`, `tb schema`): hver del av
  stien under data-mappa må være en ekte mappe, ikke en symbolsk lenke, så en lenke i data
  (`styringsparametere/2025 -> /tmp/x`) aldri får `tb` til å skrive utenfor mappa.

Midlertidige filer heter `.tb-XXXXXXXX.tmp` (kort, så også et filnavn på 250 tegn kan skrives)
og ligger i samme mappe som fila. Blir en skriving avbrutt (strømbrudd, `kill -9`), rydder
neste skriving i samme mappe bort slike filer som er eldre enn `STALE_SECONDS`.
"""

from __future__ import annotations

import errno
import os
import random
import re
import stat
import tempfile
import time
from pathlib import Path

_OS_ERRORS = {
    errno.ENOENT: "finnes ikke",
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "ikke tillatt",
    errno.EROFS: "skrivebeskyttet filsystem",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EISDIR: "er en mappe",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EEXIST: "finnes allerede",
    errno.EIO: "lesefeil på disken",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ELOOP: "for mange symbolske lenker",
    errno.EMFILE: "for mange åpne filer",
    errno.EBUSY: "i bruk",
    errno.EXDEV: "på en annen disk",
    errno.EFBIG: "fila er for stor",
    errno.EPIPE: "mottakeren har sluttet å lese",
}


def os_error(e: OSError) -> str:
    """Grunnen til en feil fra operativsystemet, på norsk («mangler tilgang»); ellers
    systemets egen tekst."""
    return _OS_ERRORS.get(e.errno or 0) or e.strerror or str(e)


TMP_PREFIX = ".tb-"
TMP_SUFFIX = ".tmp"
_TMP_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"
_TMP_RE = re.compile(r"\.tb-[a-z0-9_]{8}\.tmp\Z")
STALE_SECONDS = 15 * 60
"""En midlertidig fil fra `tb` som er så gammel (sekunder), er rest etter en avbrutt skriving:
ingen skriving tar så lang tid."""


class UnsafePath(Exception):
    """`tb` skriver ikke hit: en del av stien i data-mappa er en symbolsk lenke eller ikke en
    mappe. Meldingen er norsk."""


def read_inside(root: Path, rel: Path | str) -> bytes:
    """Fila `rel` under data-mappa, lest uten å følge symbolske lenker: en lenke på veien eller
    noe annet enn en vanlig fil gir UnsafePath (norsk melding); andre feil er OSError. Brukes
    før en fil i data-mappa redigeres (`tb levert`, `tb grunnlinje --migrer`)."""
    where = Path(root)
    st = None
    for part in Path(rel).parts:
        where = where / part
        st = os.lstat(where)
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePath(f"{where} er en symbolsk lenke; tb redigerer ikke filer gjennom lenker i data-mappa")
    if st is None or not stat.S_ISREG(st.st_mode):
        raise UnsafePath(f"{where} er ikke en vanlig fil")
    fd = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def write_atomic(path: Path, data: str | bytes, *, overwrite: bool = True) -> None:
    """Skriv hele fila eller ingenting: først en midlertidig fil i samme mappe, så
    `os.replace`. Med `overwrite=False` flyttes fila på plass med en hard lenke, som feiler
    (FileExistsError) om fila finnes – også om en annen prosess lagde den i mellomtiden.

    Er stien en symbolsk lenke til en fil, skrives fila lenken viser til (lenken blir stående).
    En enhet, et rør eller en socket (`/dev/full`, `/dev/stdout`) skrives direkte; en full
    disk gir da OSError med ENOSPC.

    En ny fil får vanlige rettigheter (0666 minus umask); en fil som skrives over, beholder
    sine.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if overwrite:
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            _write_stream(path, raw)
            return
        if st is not None and stat.S_ISREG(st.st_mode) and os.path.islink(path):
            path = Path(os.path.realpath(path))
    mode = _mode_for(path)
    remove_stale_temp(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=TMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # filsystem uten harde lenker
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _write_stream(path: Path, raw: bytes) -> None:
    """Skriv til en enhet eller et rør som det er (ingen midlertidig fil, ingen fsync)."""
    fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        view = memoryview(raw)
        while view:
            n = os.write(fd, view)
            view = view[n:]
    finally:
        os.close(fd)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return _new_file_mode()


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def remove_stale_temp(folder: Path | int) -> int:
    """Fjern midlertidige filer fra `tb` (`.tb-XXXXXXXX.tmp`) som er eldre enn
    `STALE_SECONDS`, i mappa (sti eller åpen mappe). Bare vanlige filer, aldri lenker; feil
    ignoreres. Returnerer antall filer fjernet."""
    dir_fd = folder if isinstance(folder, int) else None
    removed = 0
    limit = time.time() - STALE_SECONDS
    try:
        with os.scandir(folder if dir_fd is not None else os.fspath(folder)) as it:
            names = [e.name for e in it if _TMP_RE.match(e.name)]
    except (OSError, TypeError, NotImplementedError):
        return 0
    for name in names:
        target = name if dir_fd is not None else os.path.join(os.fspath(folder), name)
        try:
            st = os.stat(target, dir_fd=dir_fd, follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_mtime < limit:
                os.unlink(target, dir_fd=dir_fd)
                removed += 1
        except (OSError, NotImplementedError):
            continue
    return removed


# ---------------------------------------------------------------- skriving i data-mappa

_DIR_FD_OK = {os.open, os.mkdir, os.link, os.rename, os.unlink, os.stat} <= os.supports_dir_fd and hasattr(
    os, "O_NOFOLLOW"
)


def write_inside(
    root: Path, rel: Path | str, data: str | bytes, *, overwrite: bool = False, if_changed: bool = False
) -> bool:
    """Skriv `root/rel` atomært uten å følge symbolske lenker under `root`.

    Hver mappe i `rel` må være en ekte mappe (ikke en lenke); mapper som mangler, lages.
    Fila selv må ikke være en lenke. Mappene åpnes én for én med O_NOFOLLOW og fila skrives
    relativt til den åpne mappa, så en lenke som dukker opp underveis, følges heller ikke.
    `root` selv er brukerens valg (`--data`) og kan gjerne være en lenke.

    Uten `overwrite` skrives aldri over en fil som finnes (FileExistsError). Med `if_changed`
    skrives fila bare når innholdet er nytt. Returnerer om fila ble skrevet. Kaster
    UnsafePath (norsk melding) for en lenke eller noe som ikke er en mappe, og OSError ellers.
    """
    rel = Path(rel)
    parts = rel.parts
    if not parts or rel.is_absolute() or any(p in ("", ".", "..") for p in parts):
        raise UnsafePath(f"{rel} er ikke en sti inne i data-mappa")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if not _DIR_FD_OK:  # pragma: no cover - plattform uten *at-kall (Windows)
        return _write_inside_by_path(Path(root), parts, raw, overwrite, if_changed)
    dfd = os.open(root, os.O_RDONLY | _O_DIRECTORY | os.O_CLOEXEC)
    try:
        where = Path(root)
        for part in parts[:-1]:
            where = where / part
            sub = _enter(dfd, part, where)
            os.close(dfd)
            dfd = sub
        name = parts[-1]
        old = _existing(dfd, name, Path(root) / rel)
        if old is not None:
            if not overwrite:
                raise FileExistsError(errno.EEXIST, "finnes allerede", str(Path(root) / rel))
            if if_changed and _read_at(dfd, name) == raw:
                return False
        remove_stale_temp(dfd)
        mode = stat.S_IMODE(old.st_mode) if old is not None else _new_file_mode()
        tmp = _create_temp(dfd)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
            with os.fdopen(fd, "wb") as fh:
                fh.write(raw)
                fh.flush()
                os.fchmod(fh.fileno(), mode)
                os.fsync(fh.fileno())
            if overwrite:
                os.replace(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
            else:
                try:
                    os.link(tmp, name, src_dir_fd=dfd, dst_dir_fd=dfd)
                except FileExistsError:
                    raise
                except OSError:  # filsystem uten harde lenker: opprett med O_EXCL
                    _write_excl(dfd, name, raw, mode)
        finally:
            try:
                os.unlink(tmp, dir_fd=dfd)
            except FileNotFoundError:
                pass
        return True
    finally:
        os.close(dfd)


_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _enter(dfd: int, part: str, shown: Path) -> int:
    """Åpne undermappa `part` av `dfd` (lages om den mangler) uten å følge en lenke."""
    flags = os.O_RDONLY | _O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        st = os.stat(part, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        try:
            os.mkdir(part, 0o777, dir_fd=dfd)
        except FileExistsError:
            pass
        st = os.stat(part, dir_fd=dfd, follow_symlinks=False)
    _require_dir(st, shown)
    try:
        return os.open(part, flags, dir_fd=dfd)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.ENOTDIR):  # byttet ut med en lenke underveis
            _require_dir(os.stat(part, dir_fd=dfd, follow_symlinks=False), shown)
        raise


def _require_dir(st: os.stat_result, shown: Path) -> None:
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePath(f"{shown} er en symbolsk lenke; tb skriver ikke gjennom lenker i data-mappa")
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafePath(f"{shown} er ikke en mappe")


def _existing(dfd: int, name: str, shown: Path) -> os.stat_result | None:
    try:
        st = os.stat(name, dir_fd=dfd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePath(f"{shown} er en symbolsk lenke; tb skriver ikke gjennom lenker i data-mappa")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafePath(f"{shown} er ikke en vanlig fil")
    return st


def _read_at(dfd: int, name: str) -> bytes | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        return fh.read()


def temp_name() -> str:
    """Et nytt navn på en midlertidig fil av våre egne (`.tb-XXXXXXXX.tmp`): kort, og kjent igjen
    av `remove_stale_temp` om skrivingen blir avbrutt."""
    return TMP_PREFIX + "".join(random.SystemRandom().choices(_TMP_CHARS, k=8)) + TMP_SUFFIX


def _create_temp(dfd: int) -> str:
    """Lag en tom, ny midlertidig fil (O_EXCL, O_NOFOLLOW) i mappa og gi navnet."""
    for _ in range(100):
        name = temp_name()
        try:
            fd = os.open(
                name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dfd
            )
        except FileExistsError:
            continue
        os.close(fd)
        return name
    raise FileExistsError(errno.EEXIST, "fant ikke et ledig midlertidig filnavn")


def _write_excl(dfd: int, name: str, raw: bytes, mode: int) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=dfd)
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)
        fh.flush()
        os.fsync(fh.fileno())


def _write_inside_by_path(
    root: Path, parts: tuple[str, ...], raw: bytes, overwrite: bool, if_changed: bool
) -> bool:  # pragma: no cover - bare der *at-kallene mangler
    where = root
    for part in parts[:-1]:
        where = where / part
        if not os.path.lexists(where):
            where.mkdir()
        _require_dir(os.lstat(where), where)
    path = where / parts[-1]
    if os.path.lexists(path):
        st = os.lstat(path)
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePath(f"{path} er en symbolsk lenke; tb skriver ikke gjennom lenker i data-mappa")
        if not overwrite:
            raise FileExistsError(errno.EEXIST, "finnes allerede", str(path))
        if if_changed and path.read_bytes() == raw:
            return False
    write_atomic(path, raw, overwrite=overwrite)
    return True


class NotWritten(Exception):
    """`write_all_new` skrev ingenting: meldingen sier hvorfor (på norsk, én linje)."""


def write_all_new(root: Path, files: list[tuple[str, bytes]]) -> list[str]:
    """Skriv alle filene (sti relativt til `root`, innhold) eller ingen: hver atomært med
    `write_inside`, aldri over en fil som finnes og aldri gjennom en lenke. Går en skriving galt
    underveis (en fil som har dukket opp, full disk), fjernes filene som alt er skrevet og
    mappene som ble laget for dem, og `NotWritten` sier hva som gikk galt. Gir stiene som ble
    skrevet (`tb init`, `tb nytt-brev`)."""
    from .text import safe_line

    written: list[str] = []
    made: set[str] = set()
    try:
        for rel, data in files:
            parts = rel.split("/")[:-1]
            made.update(
                "/".join(parts[:i])
                for i in range(1, len(parts) + 1)
                if not os.path.lexists(Path(root).joinpath(*parts[:i]))
            )
            write_inside(root, rel, data, overwrite=False)
            written.append(rel)
    except (OSError, UnsafePath) as e:
        _remove_written(Path(root), written, made)
        if isinstance(e, FileExistsError):
            why = f"{safe_line(e.filename or '')} finnes fra før"
        elif isinstance(e, UnsafePath):
            why = safe_line(e)
        else:
            why = f"{safe_line(getattr(e, 'filename', '') or '')}: {os_error(e)}"
        raise NotWritten(why) from None
    return written


def _remove_written(root: Path, written: list[str], made: set[str]) -> None:
    """Fjern filene som ble skrevet (bare vanlige filer) og mappene som ble laget, innerst først."""
    for rel in written:
        path = root / rel
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)
        except OSError:
            continue
    for rel in sorted(made, key=lambda r: -r.count("/")):
        try:
            os.rmdir(root / rel)
        except OSError:
            pass

