"""Hurtigbuffer for innlesingen, nøklet på filinnhold.

For hver fil lagres resultatet av å lese og validere den (modellen, posisjonene og funnene)
sammen med en hash av bytene. Neste gang brukes resultatet bare når bytene er de samme; en
endret fil leses alltid på nytt. Reglene kjøres alltid, så bufferen kan aldri skjule et funn.

Bufferen ligger i `$TB_CACHE_DIR`, ellers `$XDG_CACHE_HOME/tildelingsbrev` eller
`~/.cache/tildelingsbrev`, én fil per data-mappe. `TB_CACHE=0` slår den av. Den er nøklet
også på koden som leser (modellene, YAML-leseren og innlesingen), så en ny versjon av `tb`
aldri bruker resultater fra en gammel.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

_CODE = ("model.py", "yamlfile.py", "loading.py", "norsk.py", "findings.py", "rule.py", "cache.py")


def enabled() -> bool:
    return os.environ.get("TB_CACHE", "1") not in ("0", "nei", "false")


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash av kildekoden som bestemmer hva en innlest fil blir til."""
    h = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    for name in _CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()


def cache_file(root: Path) -> Path:
    base = os.environ.get("TB_CACHE_DIR")
    if base:
        folder = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        folder = (Path(xdg) if xdg else Path.home() / ".cache") / "tildelingsbrev"
    key = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=10).hexdigest()
    return folder / f"innlest-{key}.pickle"


def read(root: Path) -> dict:
    """Bufferen for data-mappa: {relativ sti: (hash, resultat)}. Tom ved alle problemer."""
    if not enabled():
        return {}
    try:
        with open(cache_file(root), "rb") as fh:
            data = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("versjon") != code_version():
        return {}
    entries = data.get("filer")
    return entries if isinstance(entries, dict) else {}


def write(root: Path, entries: dict) -> None:
    """Skriv bufferen atomisk. Feil ignoreres: bufferen er bare en snarvei."""
    if not enabled():
        return
    path = cache_file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".innlest-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump({"versjon": code_version(), "filer": entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
