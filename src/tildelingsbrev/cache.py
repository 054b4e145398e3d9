"""Hurtigbuffer for `tb check`, nøklet på filinnhold.

Nøkkelen er en hash av innholdet i hver fil i data-mappa (med malene), stiene, valgene og
koden til `tb` selv. Er alt likt, gir sjekken de samme funnene, og de hentes fra bufferen i
stedet for å regnes ut på nytt; er én fil endret, leses og sjekkes alt på nytt.

Som i gits indeks brukes størrelse, endringstid og inode som snarvei: en fil der alle tre er
som da bufferen ble skrevet, leses ikke på nytt, og hashen fra bufferen brukes. En fil endret
mindre enn 2 s før bufferen ble skrevet, leses alltid. (En endring som beholder størrelsen og
setter endringstiden tilbake, ser snarveien ikke; `TB_CACHE=0` sjekker alltid alt.)

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


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def key(root: Path, files: list[tuple[str, str | None, str | None, str]], *options: object) -> str:
    """Nøkkelen for én kjøring: kode, valg, data-mappa og hver fils (sti, type, problem,
    hash av innholdet)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(code_version().encode())
    h.update(repr(options).encode())
    h.update(str(root.resolve()).encode())
    for rel, kind, problem, content in files:
        h.update(f"\0{rel}\0{kind}\0{problem}\0{content}".encode())
    return h.hexdigest()


def files_of(entries) -> list[tuple[str, str | None, str | None, str]]:
    """(sti, type, problem, hash) for hver innleste fil."""
    return [(e.rel, e.kind, e.problem, digest(e.raw) if e.kind is not None else "") for e in entries]


RACY_NS = 2_000_000_000
"""En fil endret mindre enn 2 s før bufferen ble skrevet, leses alltid på nytt: endringstiden
alene kan ikke skille to endringer så tett på hverandre (som i gits indeks)."""


def unchanged_files(stored: dict, listed) -> list[tuple[str, str | None, str | None, str]] | None:
    """Hashene fra bufferen når hver fil har samme størrelse, endringstid og inode som da
    bufferen ble skrevet (og ikke ble endret rett før); ellers None, og filene må leses."""
    table = stored.get("filer")
    written = stored.get("skrevet")
    if not isinstance(table, dict) or not isinstance(written, int) or len(table) != len(listed):
        return None
    out = []
    for item in listed:
        row = table.get(item.rel)
        if not isinstance(row, list) or len(row) != 4:
            return None
        stat, kind, problem, content = row
        if kind != item.kind:
            return None
        if item.kind is not None:
            if item.stat is None or stat != list(item.stat) or item.stat[1] >= written - RACY_NS:
                return None
        out.append((item.rel, kind, problem, content))
    return out


def file_table(listed, files) -> dict:
    return {
        item.rel: [list(item.stat) if item.stat else None, kind, problem, content]
        for item, (_, kind, problem, content) in zip(listed, files, strict=True)
    }


def cache_file(root: Path) -> Path:
    base = os.environ.get("TB_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".cache") / "tildelingsbrev"
    name = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=10).hexdigest()
    return folder / f"sjekk-{name}.json"


def load(root: Path) -> dict | None:
    """Bufferen for data-mappa, eller None. Bufferen er JSON: å lese den kan aldri kjøre
    kode, selv om noen har skrevet i den."""
    if not enabled():
        return None
    try:
        with open(cache_file(root), encoding="utf-8") as fh:
            stored = json.load(fh)
    except Exception:  # noqa: BLE001 - en ødelagt buffer er bare en tom buffer
        return None
    return stored if isinstance(stored, dict) else None


def findings_for(stored: dict | None, wanted: str) -> list | None:
    """De lagrede funnene når nøkkelen stemmer."""
    if not stored or stored.get("nøkkel") != wanted:
        return None
    value = stored.get("funn")
    return value if isinstance(value, list) else None


def write(root: Path, stored_key: str, value: list, table: dict) -> None:
    """Lagre resultatet atomisk. Feil ignoreres: bufferen er bare en snarvei."""
    if not enabled():
        return
    import time

    path = cache_file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"nøkkel": stored_key, "skrevet": time.time_ns(), "filer": table, "funn": value}
        write_atomic(path, json.dumps(data, ensure_ascii=False))
    except (OSError, TypeError, ValueError):
        pass
