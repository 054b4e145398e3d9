"""Hurtigbuffer for `tb check`, nøklet på filinnhold.

Nøkkelen er en hash av innholdet i hver fil i data-mappa (med malene), stiene, valgene og
koden til `tb` selv. Er alt likt, gir sjekken de samme funnene, og de hentes fra bufferen i
stedet for å regnes ut på nytt; er én fil endret, leses og sjekkes alt på nytt. Bufferen
kan derfor aldri skjule et funn.

Bufferen er JSON (å lese den kjører aldri kode) og ligger i `$TB_CACHE_DIR`, ellers `$XDG_CACHE_HOME/tildelingsbrev` eller
`~/.cache/tildelingsbrev`, én fil per data-mappe. `TB_CACHE=0` slår den av.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .files import write_atomic


def enabled() -> bool:
    return os.environ.get("TB_CACHE", "1") not in ("0", "nei", "false")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash av kildekoden til `tb` (reglene, modellene, innlesingen …)."""
    h = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for path in sorted(here.rglob("*.py")):
        h.update(str(path.relative_to(here)).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()


def key(root: Path, entries, *options: object) -> str:
    """Nøkkelen for én kjøring: kode, valg, data-mappa og hver fils sti, type og innhold."""
    h = hashlib.blake2b(digest_size=20)
    h.update(code_version().encode())
    h.update(repr(options).encode())
    h.update(str(root.resolve()).encode())
    for e in entries:
        h.update(f"\0{e.rel}\0{e.kind}\0{e.problem}\0".encode())
        h.update(hashlib.blake2b(e.raw, digest_size=16).digest())
    return h.hexdigest()


def cache_file(root: Path) -> Path:
    base = os.environ.get("TB_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".cache") / "tildelingsbrev"
    name = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=10).hexdigest()
    return folder / f"sjekk-{name}.json"


def read(root: Path, wanted: str) -> list | None:
    """Det lagrede resultatet for nøkkelen `wanted`, eller None. Bufferen er JSON: å lese
    den kan aldri kjøre kode, selv om noen har skrevet i den."""
    if not enabled():
        return None
    try:
        with open(cache_file(root), encoding="utf-8") as fh:
            stored = json.load(fh)
    except Exception:  # noqa: BLE001 - en ødelagt buffer er bare en tom buffer
        return None
    if not isinstance(stored, dict) or stored.get("nøkkel") != wanted:
        return None
    value = stored.get("funn")
    return value if isinstance(value, list) else None


def write(root: Path, stored_key: str, value: list) -> None:
    """Lagre resultatet atomisk. Feil ignoreres: bufferen er bare en snarvei."""
    if not enabled():
        return
    path = cache_file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps({"nøkkel": stored_key, "funn": value}, ensure_ascii=False))
    except (OSError, TypeError, ValueError):
        pass
