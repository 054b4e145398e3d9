"""Data-mappa slik den var i en git-revisjon (`tb diff v2024-sendt:2024 2024`), som `Entry`-er
for `pipeline.load_model`: filene fra git leses og valideres nøyaktig som filene på disk.

Bare lesing, med git-kommandolinja (en liste av argumenter, aldri et skall):

- `git rev-parse --show-prefix` i data-mappa: hvor i repositoriet mappa ligger (den kan være en
  undermappe), eller at den ikke er i et git-repositorium;
- `git rev-parse --verify REV^{commit}`: revisjonen (gren, tagg, `HEAD~3`, en SHA);
- `git ls-tree --full-tree -r -t -l -z REV:./`: filene under data-mappa i revisjonen, med størrelsen;
- `git cat-file --batch`: innholdet, bare for filene som skal leses.

Et git-tre er fiendtlig input som alt annet, og går gjennom de samme grensene som på disk
(`tree`): en fil over `MAX_BYTES` leses ikke (størrelsen står i treet), en symbolsk lenke eller
en undermodul er ikke en vanlig fil, en mappe med navn som en datafil er en feil, skjulte filer
og `schema/` leses ikke, og et filnavn som ikke er UTF-8, leses ikke. I tillegg kan et tre i git
gjenbruke de samme undertrærne og filene uten å koste plass («git-bombe»): høyst `MAX_FILES`
filer og `MAX_TOTAL_BYTES` byte leses, ellers stopper `tb` med en melding.

En fil fra revisjonen har stien `REV:STI` (`HEAD~1:data/oppdrag/2024-01.yaml`, stien fra roten
av repositoriet, som `git show` tar den), så et funn sier hvor den kommer fra.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .tree import IGNORED_FOLDERS, MAX_BYTES, Entry, _not_utf8, file_kind, too_large

MAX_FILES = 500_000
"""Flest filer og mapper under data-mappa i en revisjon (benchmarktreet med 50 000 oppdrag har
litt over 50 000)."""

MAX_TOTAL_BYTES = 1_000_000_000
"""Mest innhold (summen av de ulike filene som skal leses) fra én revisjon."""

MAX_LISTING_BYTES = 200_000_000
"""Mest utdata fra `git ls-tree` (lange stier i et dypt tre)."""

_REPO_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
"""Miljøvariabler som ville fått git til å lese et annet repositorium enn det data-mappa ligger i
(de er satt når `tb` kjøres fra en git-krok)."""

_DATA_SUFFIXES = (".yaml", ".yml", ".md")


class GitError(Exception):
    """Revisjonen kan ikke leses: meldingen er på norsk og kan vises som den er."""


@dataclass(frozen=True)
class Revision:
    """Data-mappa i en revisjon: filene og hva de heter."""

    rev: str
    """Revisjonen slik brukeren skrev den (`v2024-sendt`, `HEAD~3`)."""
    commit: str
    """Commiten revisjonen er (full SHA)."""
    root: Path
    """Roten filene har (`REV:DATA`), for stiene i funnene."""
    entries: list[Entry]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "GIT_NO_LAZY_FETCH": "1",
            "GIT_NO_REPLACE_OBJECTS": "1",
            "LC_ALL": "C",
        }
    )
    return env


def _git(data: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            ["git", *args],
            cwd=data,
            env=_env(),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("fant ikke programmet git; REV:ÅR trenger git installert") from None
    except OSError as e:
        raise GitError(f"kunne ikke kjøre git ({e.strerror or e})") from None


def _first_line(stderr: bytes) -> str:
    """Feilen fra git: den første linja som begynner med «fatal:» eller «error:» (etter den
    kommer ofte forslag, «hint: …» eller en kommando å kjøre), ellers den første linja."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    line = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    return line.removeprefix("fatal: ").removeprefix("error: ").strip()


def valid_rev(rev: str) -> str | None:
    """Hvorfor `rev` ikke kan være en revisjon, eller None. Git ville lest «-…» som et valg."""
    if not rev:
        return "revisjonen er tom"
    if rev.startswith("-"):
        return f"«{rev}» er ikke en revisjon (begynner med «-»)"
    if len(rev) > 1000 or any(ord(c) < 32 or ord(c) == 127 for c in rev):
        return "revisjonen har tegn git ikke godtar"
    return None


def read_revision(data: Path, rev: str, keep: Callable[[str, str | None], bool] | None = None) -> Revision:
    """Filene under data-mappa slik de var i revisjonen `rev`. Kaster `GitError` når mappa
    ikke er i et git-repositorium, revisjonen ikke finnes, mappa ikke fantes i revisjonen
    eller treet er for stort. `keep(rel, kind)` velger filene som trengs (som et utvalg av
    `tree.listing` på disk); de andre leses ikke."""
    why = valid_rev(rev)
    if why is not None:
        raise GitError(why)
    where = _git(data, "rev-parse", "--show-prefix")
    if where.returncode != 0:
        message = _first_line(where.stderr)
        if "not a git repository" in message.lower():
            raise GitError(
                f"data-mappa «{data}» er ikke i et git-repositorium, så «{rev}» kan ikke leses "
                "(et år uten revisjon sammenligner brevene slik de er i mappa)"
            )
        if "dubious ownership" in message:
            raise GitError(
                "git nekter å lese repositoriet data-mappa ligger i, fordi det eies av en annen bruker "
                f"(se safe.directory i git config): {message}"
            )
        raise GitError(f"git kan ikke lese repositoriet data-mappa ligger i: {message}")
    found = _git(data, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    commit = found.stdout.decode("ascii", "replace").strip()
    if found.returncode != 0 or not commit:
        raise GitError(
            f"fant ikke revisjonen «{rev}» i git-repositoriet (en gren, en tagg, HEAD~N eller en "
            "commit; `git log --oneline` viser commitene)"
        )
    prefix = where.stdout.decode("utf-8", "surrogateescape").strip().rstrip("/")
    root = Path(f"{rev}:{prefix or '.'}")
    entries = _list(data, rev, commit, root, keep)
    return Revision(rev, commit, root, entries)


@dataclass
class _Blob:
    rel: str
    kind: str
    oid: str
    size: int


def _list(data: Path, rev: str, commit: str, root: Path, keep=None) -> list[Entry]:
    """Filene under data-mappa i commiten, som `Entry`-er i samme rekkefølge og med de samme
    grensene som `tree.listing` + `tree.read_all` gir på disk."""
    proc_args = ["git", "ls-tree", "--full-tree", "-r", "-t", "-l", "-z", "--end-of-options", f"{commit}:./"]
    try:
        proc = subprocess.Popen(
            proc_args,
            cwd=data,
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except FileNotFoundError:
        raise GitError("fant ikke programmet git; REV:ÅR trenger git installert") from None
    except OSError as e:
        raise GitError(f"kunne ikke kjøre git ({e.strerror or e})") from None
    records: list[bytes] = []
    too_big = None
    total = 0
    rest = b""
    assert proc.stdout is not None and proc.stderr is not None
    try:
        while True:
            chunk = proc.stdout.read(1 << 16)
            if not chunk:
                break
            total += len(chunk)
            parts = (rest + chunk).split(b"\0")
            rest = parts.pop()
            records.extend(parts)
            if len(records) > MAX_FILES:
                too_big = f"mer enn {_n(MAX_FILES)} filer og mapper"
                break
            if total > MAX_LISTING_BYTES:
                too_big = f"mer enn {_n(MAX_LISTING_BYTES)} byte med filnavn"
                break
    finally:
        if too_big is not None:
            proc.kill()
        stderr = proc.stderr.read() if too_big is None else b""
        proc.stdout.close()
        proc.stderr.close()
        code = proc.wait()
    if too_big is not None:
        raise GitError(f"data-mappa i revisjonen «{rev}» har {too_big}; tb leser ikke så store trær")
    if code != 0:
        message = _first_line(stderr)
        if "not a valid object name" in message.lower() or "not a tree object" in message.lower():
            raise GitError(f"data-mappa «{data}» fantes ikke i revisjonen «{rev}»")
        raise GitError(f"git kunne ikke lese revisjonen «{rev}»: {message}")
    if rest:
        records.append(rest)

    listed: list[tuple[list[str], Entry | _Blob]] = []
    skipped: set[str] = set()  # mapper som ikke leses (skjulte, schema/, mapper med navn som en datafil)
    for record in records:
        meta, _, raw_path = record.partition(b"\t")
        fields = meta.split()
        if len(fields) != 4 or not raw_path:
            continue
        mode, kind_git, oid, size_text = (f.decode("ascii", "replace") for f in fields)
        rel = os.fsdecode(raw_path)
        parts = rel.split("/")
        parent = "/".join(parts[:-1])
        if parent in skipped or any(p.startswith(".") for p in parts[:-1]):
            if kind_git == "tree":
                skipped.add(rel)
            continue
        name = parts[-1]
        fspath = f"{root}/{rel}"
        if name.startswith("."):
            if kind_git == "tree":
                skipped.add(rel)
            continue
        if kind_git == "tree" or mode == "160000":
            if len(parts) == 1 and name in IGNORED_FOLDERS and name != "mal":
                skipped.add(rel)
                continue
            if os.path.splitext(name)[1].lower() in _DATA_SUFFIXES:
                # en mappe med navn som en datafil: fila som skulle vært der, mangler
                what = "en undermodul" if mode == "160000" else "en mappe"
                listed.append(
                    (parts, Entry(fspath, rel, "uleselig", problem=f"ikke en vanlig fil, men {what}"))
                )
                skipped.add(rel)
            elif kind_git == "tree":
                pass  # innholdet kommer som egne linjer
            continue
        kind = "mal" if rel.startswith("mal/") else file_kind(rel)
        if kind is not None:
            bad_name = _not_utf8(rel)
            if bad_name is not None:
                listed.append((parts, Entry(fspath, rel, "uleselig", problem=bad_name)))
                continue
        if kind is None or kind == "mal":
            listed.append((parts, Entry(fspath, rel, kind)))  # ikke lest (som på disk for andre filer)
            continue
        if mode == "120000":
            listed.append(
                (
                    parts,
                    Entry(
                        fspath, rel, kind, problem="ikke en vanlig fil, men en symbolsk lenke i revisjonen"
                    ),
                )
            )
            continue
        if kind_git != "blob" or mode not in ("100644", "100755"):
            listed.append((parts, Entry(fspath, rel, kind, problem="ikke en vanlig fil")))
            continue
        try:
            size = int(size_text)
        except ValueError:
            size = MAX_BYTES + 1
        if size > MAX_BYTES:
            listed.append((parts, Entry(fspath, rel, kind, problem=too_large(size), oversize=True)))
            continue
        listed.append((parts, _Blob(rel, kind, oid, size)))

    if keep is not None:
        listed = [(parts, item) for parts, item in listed if keep(item.rel, item.kind)]
    wanted: dict[str, int] = {}
    for _, item in listed:
        if isinstance(item, _Blob):
            wanted.setdefault(item.oid, item.size)
    if sum(wanted.values()) > MAX_TOTAL_BYTES:
        raise GitError(
            f"data-mappa i revisjonen «{rev}» har mer enn {_n(MAX_TOTAL_BYTES)} byte å lese; "
            "tb leser ikke så store trær"
        )
    contents = _cat(data, rev, list(wanted))
    listed.sort(key=lambda t: t[0])  # som `tree._walk`: navnene sortert i hver mappe, dybde først
    out: list[Entry] = []
    for _, item in listed:
        if isinstance(item, _Blob):
            raw = contents.get(item.oid)
            fspath = f"{root}/{item.rel}"
            if raw is None:
                out.append(Entry(fspath, item.rel, item.kind, problem="fila finnes ikke blant git-objektene"))
            else:
                out.append(Entry(fspath, item.rel, item.kind, raw))
        else:
            out.append(item)
    return out


def _cat(data: Path, rev: str, oids: list[str]) -> dict[str, bytes]:
    """Innholdet i filene (`git cat-file --batch`), etter objekt-ID."""
    if not oids:
        return {}
    done = _git(data, "cat-file", "--batch", input=("\n".join(oids) + "\n").encode("ascii"))
    if done.returncode != 0:
        raise GitError(f"git kunne ikke lese filene i revisjonen «{rev}»: {_first_line(done.stderr)}")
    out: dict[str, bytes] = {}
    buf = done.stdout
    pos = 0
    for oid in oids:
        end = buf.find(b"\n", pos)
        if end < 0:
            break
        header = buf[pos:end].split()
        pos = end + 1
        if len(header) == 2 and header[1] == b"missing":
            continue
        if len(header) != 3:
            break
        size = int(header[2])
        if header[1] == b"blob":
            out[oid] = buf[pos : pos + size]
        pos += size + 1
    return out


def _n(value: int) -> str:
    from ..norsk import format_kroner

    return format_kroner(value)
