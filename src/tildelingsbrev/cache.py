"""Hurtigbufferen for `tb check`: en innpakning rundt `pipeline.check`, nøklet på filinnhold.

`cached_check(root, use_baseline)` leser filene i data-mappa (`pipeline.read`) og lager
nøkkelen av dem. Ved et treff gir den de lagrede funnene (uten modell: `repo` er None i
resultatet); ellers kjører den `pipeline.check` med filene den alt har lest, og lagrer
funnene. Kjeden selv vet ikke at bufferen finnes (som Beancounts
`pickle_cache_function(_uncached_load_file)`).

Nøkkelen er en hash av innholdet i hver fil i data-mappa (med malene), stiene, valgene,
koden til `tb` selv og versjonene av Python og de installerte pakkene. Er alt likt, gir
sjekken de samme funnene, og de hentes fra bufferen i stedet for å regnes ut på nytt; er én
fil endret, sjekkes alt på nytt.

Hver fil leses og hashes ved hver kjøring, også når størrelse og endringstid er som før: en
fil som er skrevet om med samme størrelse og fått endringstiden satt tilbake (`touch -d`),
gir en ny nøkkel. Å lese og hashe filene koster lite mot å tolke dem (om lag 0,1 s for
10 000 oppdrag). Bufferen skjuler derfor aldri et funn.

Stiene i funnene lagres relativt til data-mappa og settes sammen med data-mappa slik den er
oppgitt denne gangen: et treff fra en annen arbeidsmappe (`--data ../../data`) gir de samme
stiene som en kjøring uten buffer.

Bufferen er JSON (å lese den kjører aldri kode) og ligger i `$TB_CACHE_DIR`, ellers
`$XDG_CACHE_HOME/tildelingsbrev` eller `~/.cache/tildelingsbrev`, én fil per data-mappe.
`TB_CACHE=0` slår den av. Den leses bare når den er en vanlig fil (ikke en lenke, en FIFO
eller en enhet), eid av brukeren, ikke skrivbar for andre, i en mappe andre ikke kan skrive
i, og ikke større enn `MAX_BYTES`; hvert funn i den sjekkes (riktige typer i hvert felt),
ellers ses det bort fra hele bufferen. Den skrives atomisk med rettighetene 0600 uten å
følge lenker, og mappa lages med 0700.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path

from . import pipeline
from .findings import Finding, Location, Severity
from .pipeline import CheckResult

MAX_BYTES = 64 * 1024 * 1024
"""Største buffer som leses eller skrives (64 MiB, omtrent 200 000 funn). En større fil er
ikke en buffer `tb` har skrevet, og leses ikke (en lenke til /dev/zero skal ikke fylle
minnet)."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | _CLOEXEC | getattr(os, "O_BINARY", 0)
"""O_NOFOLLOW: en symbolsk lenke der bufferen skal ligge, åpnes ikke. O_NONBLOCK: en FIFO der
bufferen skal ligge, får ikke `tb` til å henge."""
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | getattr(os, "O_BINARY", 0)


def enabled() -> bool:
    return os.environ.get("TB_CACHE", "1") not in ("0", "nei", "false")


def cached_check(root: Path, use_baseline: bool = True) -> CheckResult:
    """`pipeline.check` med hurtigbuffer: de lagrede funnene når ingen fil (og ingen del av
    nøkkelen) er endret siden sist, ellers en ny sjekk som lagres. Et treff gir de samme
    funnene som sjekken selv, med `repo` None. Med `TB_CACHE=0` er dette bare
    `pipeline.check`."""
    if not enabled():
        return pipeline.check(root, use_baseline)
    entries = pipeline.read(root)
    # en virksomhet blant flere: postene til de andre avgjør reglene på tvers (TB801, TB802)
    siblings = [(f"{name}/{e.rel}", e.kind, e.problem, digest(e.raw)) for name, e in pipeline.sibling_entries(root)]
    wanted = key(root, files_of(entries) + siblings, use_baseline)
    hit = findings_for(read_stored(root), wanted)
    found = _findings_from(hit, root) if hit is not None else None
    if found is not None:
        return CheckResult(findings=found, repo=None)
    result = pipeline.check(root, use_baseline, entries=entries)
    store(root, wanted, [_finding_to(f, root) for f in result.findings])
    return result


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash av kildekoden til `tb` (reglene, modellene, innlesingen …), Python-versjonen og
    versjonene av de installerte pakkene (en ny versjon av `holidays` kan gi andre fridager,
    og dermed andre funn)."""
    import sys

    h = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        h.update(str(path.relative_to(here)).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    h.update(sys.version.encode())
    for folder in sys.path:
        if os.path.basename(folder) in ("site-packages", "dist-packages"):
            try:
                names = sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
            except OSError:
                continue
            h.update(_bytes("\0".join([folder, *names])))
    return h.hexdigest()


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _bytes(text: str) -> bytes:
    """Tekst som bytes for en hash, for enhver streng: et filnavn som ikke er UTF-8, er lest
    med surrogater (`surrogateescape`), og de kan ikke kodes som vanlig UTF-8."""
    return text.encode("utf-8", "surrogatepass")


def key(root: Path, files: list[tuple[str, str | None, str | None, str]], *options: object) -> str:
    """Nøkkelen for én kjøring: kode, valg, data-mappa og hver fils (sti, type, problem,
    hash av innholdet)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(code_version().encode())
    h.update(_bytes(repr(options)))
    h.update(_bytes(str(root.resolve())))
    rows = (f"\0{rel}\0{kind}\0{problem}\0{content}" for rel, kind, problem, content in files)
    h.update(_bytes("".join(rows)))
    return h.hexdigest()


def files_of(entries) -> list[tuple[str, str | None, str | None, str]]:
    """(sti, type, problem, hash) for hver innleste fil."""
    return [(e.rel, e.kind, e.problem, digest(e.raw) if e.kind is not None else "") for e in entries]


def cache_dir() -> Path:
    base = os.environ.get("TB_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "tildelingsbrev"


def cache_file(root: Path) -> Path:
    name = hashlib.blake2b(_bytes(str(root.resolve())), digest_size=10).hexdigest()
    return cache_dir() / f"sjekk-{name}.json"


def _private(st: os.stat_result, folder: bool = False) -> bool:
    """Sant når ingen annen bruker kan ha skrevet her: eid av brukeren (en mappe også av
    root), og ikke skrivbar for gruppe eller andre (en mappe med sticky-bit, som /tmp, er
    godt nok: der kan ingen andre bytte ut fila vår)."""
    euid = os.geteuid() if hasattr(os, "geteuid") else None
    if euid is None:  # pragma: no cover - ikke POSIX
        return True
    if st.st_uid != euid and not (folder and st.st_uid == 0):
        return False
    return not st.st_mode & 0o022 or (folder and bool(st.st_mode & stat.S_ISVTX))


def _read_regular(path: Path, limit: int) -> bytes | None:
    """Innholdet i fila, eller None når den ikke er en vanlig, privat fil på høyst `limit`
    byte (eller ikke kan leses)."""
    try:
        if not _private(os.stat(path.parent), folder=True):
            return None
        fd = os.open(path, _READ_FLAGS)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit or not _private(st):
            return None
        parts = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - size))):
            parts.append(chunk)
            size += len(chunk)
        return None if size > limit else b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)


def read_stored(root: Path) -> dict | None:
    """Bufferen for data-mappa, eller None. Bufferen er JSON: å lese den kan aldri kjøre
    kode, selv om noen har skrevet i den. Innholdet sjekkes av den som bruker det
    (`findings_for`, og `_findings_from` for hvert funn)."""
    if not enabled():
        return None
    raw = _read_regular(cache_file(root), MAX_BYTES)
    if raw is None:
        return None
    try:
        stored = json.loads(raw)
    except Exception:  # noqa: BLE001 - en ødelagt buffer er bare en tom buffer
        return None
    return stored if isinstance(stored, dict) else None


def findings_for(stored: dict | None, wanted: str) -> list | None:
    """De lagrede funnene når nøkkelen stemmer."""
    if not stored or stored.get("nøkkel") != wanted:
        return None
    value = stored.get("funn")
    return value if isinstance(value, list) else None


def store(root: Path, stored_key: str, value: list) -> None:
    """Lagre resultatet atomisk, privat (0600) og uten å følge lenker. Feil ignoreres:
    bufferen er bare en snarvei."""
    if not enabled():
        return
    path = cache_file(root)
    try:
        # ensure_ascii: også stier med bytes som ikke er UTF-8 (surrogater) kan skrives og
        # leses tilbake uendret
        data = json.dumps({"nøkkel": stored_key, "funn": value}, ensure_ascii=True, separators=(",", ":"))
        raw = data.encode("ascii")
        if len(raw) > MAX_BYTES:
            return  # den ville ikke blitt lest
        folder = path.parent
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(folder)
        if not _private(st, folder=True) and not os.environ.get("TB_CACHE_DIR"):
            # standardmappa laget av en eldre `tb` med umask 002: gjør den privat
            if hasattr(os, "geteuid") and st.st_uid == os.geteuid():
                os.chmod(folder, 0o700)
                st = os.stat(folder)
        if not _private(st, folder=True):
            return  # den ville ikke blitt lest
        _write_private(path, raw)
    except (OSError, TypeError, ValueError, RecursionError):
        pass


def _write_private(path: Path, raw: bytes) -> None:
    """Skriv en ny fil med rettighetene 0600 (O_EXCL og O_NOFOLLOW: aldri gjennom en lenke
    eller inn i en fil som finnes) og flytt den på plass med `os.replace` (som bytter ut en
    lenke eller FIFO på stedet, ikke det den peker på)."""
    from .files import remove_stale_temp, temp_name

    remove_stale_temp(path.parent)  # rester etter en avbrutt skriving, som for -o
    tmp = path.with_name(temp_name())
    fd = os.open(tmp, _WRITE_FLAGS, 0o600)
    try:
        try:
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---- funn i bufferen
#
# Et funn lagres som en liste: [kode, navn, alvorlighet, melding, sti, linje, kolonne,
# subjekt, begrunnelse eller null, [[sti, linje, kolonne], …] (de relaterte stedene), brevets
# år eller null (funnet gjelder alle brev)].
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
        f.år,
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
        if type(x) is not list or len(x) != 11:
            return None
        code, name, severity, message, file, line, column, subject, acknowledged, related, år = x
        if (
            type(code) is not str
            or type(name) is not str
            or type(severity) is not str
            or severity not in _SEVERITIES
            or type(message) is not str
            or type(subject) is not str
            or not (acknowledged is None or type(acknowledged) is str)
            or type(related) is not list
            or not (år is None or _is_int(år))
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
        out.append(
            Finding(code, name, _SEVERITIES[severity], message, here, subject, acknowledged, tuple(others), år)
        )
    return out
