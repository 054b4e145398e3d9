"""Malene på disken: hvor de ligger (`template_dir`, data/mal/, og de innebygde i pakken,
`BUILTIN_DIR`) og hvordan de leses.

En mal finnes først i data/mal/; finnes den ikke der, brukes den innebygde med samme navn
(`tildelingsbrev/mal/` i pakken). En fil i data/mal/ overstyrer dermed bare den innebygde
med samme navn, også når en innebygd mal tar den inn (`{% include %}`). Et repositorium uten
data/mal/ gjengis med de innebygde. En fil i data/mal/ som ikke kan leses (en lenke, for
stor …), er en feil: den innebygde brukes ikke i stedet.

En mal (og stilarket `brev.css`) leses bare som en vanlig fil inne i mal/: ikke gjennom
symbolske lenker (hver del av stien åpnes uten å følge lenker), ikke med «..» eller et
absolutt navn, ikke over 1 MB og bare som UTF-8 (`read_template_file`). Alt annet er
`TemplateRefused`, med en norsk melding som aldri nevner innholdet i en fil. `make_loader`
gir Jinja-lasteren som serverer malene på denne måten.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..files import os_error
from ..model import Repo
from ..text import has_controls


def template_dir(repo: Repo) -> Path:
    """Malmappa til repositoriet: data/mal/; for en virksomhet blant flere dens egen mal/ når
    den finnes, ellers den felles mal/ øverst (`virksomheter.malmappe`)."""
    from ..virksomheter import malmappe

    return malmappe(repo.root)


BUILTIN_DIR = Path(__file__).resolve().parent.parent / "mal"
"""De innebygde malene og stilarkene, som følger med pakken (kopier av data/mal/)."""

TEMPLATE_FILE_SUFFIXES = (".j2", ".css")
"""Endelsene til filene i malmappene som er maler eller stilark (`builtin_templates`)."""


def builtin_templates() -> list[str]:
    """Navnene på de innebygde malene og stilarkene («brev.md.j2», «deler/x.md.j2»), sortert."""
    if not BUILTIN_DIR.is_dir():  # pragma: no cover - en installasjon uten malene
        return []
    return sorted(
        p.relative_to(BUILTIN_DIR).as_posix()
        for p in BUILTIN_DIR.rglob("*")
        if p.is_file() and not p.is_symlink() and p.name.endswith(TEMPLATE_FILE_SUFFIXES)
    )


def template_origin(folder: Path, name: str) -> str | None:
    """Hvor malen `name` hentes fra: «data» (en fil i `folder`, også en som ikke kan leses),
    «innebygd», eller None når den ikke finnes noen av stedene."""
    from jinja2 import TemplateNotFound

    try:
        fd, path = _locate(folder, name)
    except TemplateNotFound:
        return None
    except TemplateRefused:
        return "data"
    os.close(fd)
    return "innebygd" if _is_builtin(path) else "data"


def _is_builtin(path: Path) -> bool:
    return path.is_relative_to(BUILTIN_DIR)


MAX_TEMPLATE_BYTES = 1_000_000
"""Største mal (og stilark) som leses, i byte."""
MAX_TEMPLATE_NAME = 200
"""Lengste malnavn (i tegn) i `{% include %}`, `{% import %}` og `{% extends %}`."""


class TemplateRefused(Exception):
    """En mal (eller stilarket) som ikke leses: en symbolsk lenke, ikke en vanlig fil, utenfor
    mal/, for stor, ikke UTF-8, eller et navn som ikke er et gyldig malnavn. `path` er stedet i
    mal/ det gjelder (None for et ugyldig navn). Meldingen nevner aldri innholdet i en fil."""

    KINDS = ("lenke", "sti-lenke", "ikke-fil", "utenfor", "stor", "utf8")

    def __init__(self, reason: str, path: Path | None = None):
        """`reason` er en av `KINDS` (teksten lages av `refusal_reason`) eller en ferdig melding."""
        self.kind = reason if reason in self.KINDS else None
        self.reason = refusal_reason(reason) if self.kind else reason
        super().__init__(self.reason)
        self.path = path


def refusal_reason(kind: str, what: str = "malen") -> str:
    """Hvorfor en mal (eller stilarket, `what="stilarket"`) ikke leses, på norsk."""
    rule = (
        "malene må være vanlige filer i mal/"
        if what == "malen"
        else f"{what} må være en vanlig fil i mal/"
    )
    return {
        "lenke": f"{what} er en symbolsk lenke; {rule} (ikke lenker)",
        "sti-lenke": f"en mappe på veien til {what} er en symbolsk lenke; {rule} (ikke bak lenker)",
        "ikke-fil": f"{what} er ikke en vanlig fil; {rule}",
        "utenfor": f"{what} ligger utenfor mal/; {rule}",
        "stor": f"{what} er for stor (over {MAX_TEMPLATE_BYTES // 1_000_000} MB); {rule}, høyst "
        f"{MAX_TEMPLATE_BYTES // 1_000_000} MB store",
        "utf8": f"{what} er ikke UTF-8; {rule}, skrevet i UTF-8",
    }[kind]


def _valid_parts(name: object) -> list[str]:
    """Delene av et malnavn («deler/signatur.md.j2» → ["deler", "signatur.md.j2"]), eller
    TemplateRefused når navnet ikke er et vanlig, relativt navn inne i mal/."""
    bad = TemplateRefused("navnet på malen er ikke et gyldig malnavn (navnet vises ikke)")
    if not isinstance(name, str) or not name or len(name) > MAX_TEMPLATE_NAME:
        raise bad
    if "\\" in name or "\x00" in name or "\n" in name or "\r" in name or has_controls(name):
        raise bad
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise TemplateRefused("malnavnet er en absolutt sti; malene må ligge i mal/")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        if ".." in parts:
            raise TemplateRefused("malnavnet peker ut av mal/ («..»); malene må ligge i mal/")
        raise bad
    return parts


# ---------------------------------------------------------------- å åpne en mal


def _open_template(folder: Path, name: object) -> tuple[int, Path]:
    """Åpne malen `name` i `folder` uten å følge symbolske lenker: hver del av stien åpnes for
    seg (O_NOFOLLOW), og den løste stien må ligge i den løste malmappa. Gir (fd, sti)."""
    parts = _valid_parts(name)
    base = folder.parent.resolve()
    root = base / folder.name
    shown = folder  # stien i meldinger: slik mappa er gitt, ikke løst opp
    if not getattr(os, "O_NOFOLLOW", 0) or os.open not in os.supports_dir_fd:  # pragma: no cover - ikke POSIX
        return _open_template_portable(root, shown, parts)
    fd = _open_nofollow(base, [folder.name, *parts], shown, name)
    try:
        path = shown.joinpath(*parts)
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise TemplateRefused("ikke-fil", path)
        if st.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused("stor", path)
        # Hver del er åpnet uten å følge lenker, så stien kan ikke ha gått ut av mappa; sjekk
        # likevel den løste stien (billig, og en ekstra sikring).
        real = Path(os.path.realpath(root.joinpath(*parts)))
        if not real.is_relative_to(Path(os.path.realpath(root))):
            raise TemplateRefused("utenfor", path)
        out, fd = fd, -1
        return out, path
    finally:
        if fd >= 0:
            os.close(fd)


def _open_nofollow(base: Path, steps: list[str], shown: Path, name: object) -> int:
    """Åpne `steps` (mal/ og delene av malnavnet) ett for ett fra mappa `base`, uten å følge
    symbolske lenker; gir fd til det siste. `shown` er malmappa slik den vises i meldinger."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(str(base), flags | getattr(os, "O_DIRECTORY", 0))
    except OSError as e:
        raise TemplateRefused(f"malmappa kan ikke leses: {os_error(e)}", shown) from None
    try:
        path = shown
        for i, part in enumerate(steps):
            last = i == len(steps) - 1
            if i:
                path = path / part
            mode = flags | os.O_NOFOLLOW | (getattr(os, "O_NONBLOCK", 0) if last else getattr(os, "O_DIRECTORY", 0))
            try:
                nfd = os.open(part, mode, dir_fd=fd)
            except OSError as e:
                if i == 0:  # mal/ selv
                    _refuse_linked_folder(fd, part, shown)
                _refuse(fd, part, path, e, last, name)
            os.close(fd)
            fd = nfd
        out, fd = fd, -1
        return out
    finally:
        if fd >= 0:
            os.close(fd)


def _refuse_linked_folder(dir_fd: int, part: str, shown: Path) -> None:
    """TemplateRefused når malmappa selv er en symbolsk lenke."""
    try:
        st = os.lstat(part, dir_fd=dir_fd)
    except OSError:
        return
    if stat.S_ISLNK(st.st_mode):
        raise TemplateRefused(
            "malmappa er en symbolsk lenke; mal/ må være en vanlig mappe i data-mappa",
            shown,
        ) from None


def _refuse(dir_fd: int, part: str, path: Path, e: OSError, last: bool, name: object):
    """Hvorfor `part` i mappa `dir_fd` ikke kunne åpnes: en lenke (TemplateRefused), en sti som
    ikke finnes (TemplateNotFound), eller feilen fra systemet (TemplateRefused)."""
    from jinja2 import TemplateNotFound

    try:
        st = os.lstat(part, dir_fd=dir_fd)
    except FileNotFoundError:
        raise TemplateNotFound(name if isinstance(name, str) else "") from None
    except OSError as e2:
        raise TemplateRefused(f"malen kan ikke leses: {os_error(e2)}", path) from None
    if stat.S_ISLNK(st.st_mode):
        raise TemplateRefused("lenke" if last else "sti-lenke", path) from None
    if not last and not stat.S_ISDIR(st.st_mode):
        raise TemplateNotFound(name if isinstance(name, str) else "") from None
    raise TemplateRefused(f"malen kan ikke leses: {os_error(e)}", path) from None


def _open_template_portable(root: Path, shown: Path, parts: list[str]) -> tuple[int, Path]:  # pragma: no cover
    """Det samme som `_open_template` der `O_NOFOLLOW` og `dir_fd` mangler (Windows): hver del
    sjekkes med lstat, den løste stien må ligge i mappa, og fila som åpnes må være den samme
    (inode) som ble sjekket."""
    from jinja2 import TemplateNotFound

    path, real_path, st = shown, root, None
    for i, part in enumerate(["", *parts]):
        if i:
            path, real_path = path / part, real_path / part
        try:
            st = os.lstat(real_path)
        except FileNotFoundError:
            raise TemplateNotFound("/".join(parts)) from None
        except OSError as e:
            raise TemplateRefused(f"malen kan ikke leses: {os_error(e)}", path) from None
        if stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0):
            raise TemplateRefused("lenke" if i == len(parts) else "sti-lenke", path)
    if not stat.S_ISREG(st.st_mode):
        raise TemplateRefused("ikke-fil", path)
    if not Path(os.path.realpath(real_path)).is_relative_to(Path(os.path.realpath(root))):
        raise TemplateRefused("utenfor", path)
    fd = os.open(real_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    now = os.fstat(fd)
    if (now.st_ino, now.st_dev) != (st.st_ino, st.st_dev) or now.st_size > MAX_TEMPLATE_BYTES:
        os.close(fd)
        raise TemplateRefused("ikke-fil" if now.st_size <= MAX_TEMPLATE_BYTES else "stor", path)
    return fd, path


def _locate(folder: Path, name: object) -> tuple[int, Path]:
    """Åpne malen `name`: i `folder` (data/mal/) når den finnes der, ellers den innebygde med
    samme navn. En fil i `folder` som ikke kan leses, er TemplateRefused (den innebygde brukes
    ikke da); TemplateNotFound når malen ikke finnes noen av stedene."""
    from jinja2 import TemplateNotFound

    try:
        return _open_template(folder, name)
    except TemplateNotFound:
        if Path(folder) == BUILTIN_DIR:
            raise
    try:
        return _open_template(BUILTIN_DIR, name)
    except TemplateRefused:  # pragma: no cover - pakken selv er endret
        raise TemplateNotFound(name if isinstance(name, str) else "") from None


# ---------------------------------------------------------------- å lese en mal


def read_template_file(folder: Path, name: str) -> tuple[str, Path, tuple]:
    """Teksten i malen (eller stilarket) `name` i `folder` (ellers den innebygde med samme
    navn, se `_locate`), med stien og et stempel (enhet, inode, størrelse, endringstid) som
    viser om fila er endret. Bare vanlige filer inne i mappa leses; alt annet er
    TemplateRefused (eller TemplateNotFound når den ikke finnes noen av stedene)."""
    fd, path = _locate(folder, name)
    try:
        st = os.fstat(fd)
        chunks, size = [], 0
        while size <= MAX_TEMPLATE_BYTES:
            chunk = os.read(fd, MAX_TEMPLATE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused("stor", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateRefused("utf8", path) from None
    return text, path, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _template_stamp(folder: Path, name: str) -> tuple | None:
    """Stempelet til malen nå (som i `read_template_file`), eller None når den ikke kan åpnes."""
    try:
        fd, _ = _locate(folder, name)
    except Exception:  # noqa: BLE001 - alt som ikke kan åpnes nå, lastes (og meldes) på nytt
        return None
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def make_loader(folder: Path):
    """Jinja-lasteren for malmappa: serverer bare vanlige filer inne i mappa, ellers den
    innebygde malen med samme navn (se `read_template_file`). En mal Jinja har kompilert,
    brukes bare så lenge fila er den samme (samme inode, størrelse og endringstid, fortsatt
    uten lenker på veien; en ny fil i data/mal/ erstatter en innebygd mal)."""
    from jinja2 import BaseLoader

    class FolderLoader(BaseLoader):
        def get_source(self, environment, template):
            text, path, stamp = read_template_file(folder, template)
            return text, str(path), lambda: _template_stamp(folder, template) == stamp

        def list_templates(self):  # pragma: no cover - brukes ikke av tb
            return []

    return FolderLoader()
