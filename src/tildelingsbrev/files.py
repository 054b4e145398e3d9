"""Skriving av filer: hele fila eller ingenting."""

from __future__ import annotations

import errno
import os
import tempfile
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
}


def os_error(e: OSError) -> str:
    """Grunnen til en feil fra operativsystemet, på norsk («mangler tilgang»); ellers
    systemets egen tekst."""
    return _OS_ERRORS.get(e.errno or 0) or e.strerror or str(e)


def write_atomic(path: Path, data: str | bytes, *, overwrite: bool = True) -> None:
    """Skriv hele fila eller ingenting: først en midlertidig fil i samme mappe, så
    `os.replace`. Med `overwrite=False` flyttes fila på plass med en hard lenke, som feiler
    (FileExistsError) om fila finnes – også om en annen prosess lagde den i mellomtiden.

    En ny fil får vanlige rettigheter (0666 minus umask); en fil som skrives over, beholder
    sine.
    """
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
