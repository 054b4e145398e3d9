"""JSON Schema for hver filtype i data/, til redigeringsprogrammer (`tb schema`).

Skjemaene lages fra modellene i `tildelingsbrev.model` (pydantic `model_json_schema`), med
modellenes og feltenes docstrings som norske beskrivelser. De skal godta det innlesingen
godtar, med to tilpasninger:

- en trykt sum (`Påstand`: `sum`, `bevilget`) er et heltall *eller* en trykt tekst som
  «4,5 mill. kroner», ikke objektet modellen lager av den;
- en dato er en tekst med `format: date` (YAML-datoen `2024-12-31`). JSON har ingen egen
  datotype, så skjemaet godtar også `'2024-12-31'` i anførselstegn, som `tb check` avviser.

Det innlesingen sjekker utover skjemaet (for eksempel at en frist har nøyaktig én form, at en
dato ligger i 1989–2110, og at tekst ikke har kontrolltegn, eller linjeskift der den skal stå
på én linje), meldes av `tb check`. Skjemaene ligger i data/schema/, og hver YAML-fil i data/
har en første linje

    # yaml-language-server: $schema=../schema/oppdrag.schema.json

som VS Code (YAML-utvidelsen), Neovim og andre med yaml-language-server leser.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from .loading import MODELS
from .loading.tree import file_kind
from .norsk import PrintedAmount

KINDS: dict[str, type[BaseModel]] = MODELS
"""Filtypene og modellene deres; skjemaet for en filtype heter `TYPE.schema.json`."""

SCHEMA_DIR = "schema"
"""Mappa for skjemaene, under data-mappa. Innlesingen leser bare .yaml, .yml og .md."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"

MODELINE_PREFIX = "# yaml-language-server:"
_MODELINE_RE = re.compile(r"^#\s*yaml-language-server\s*:")


def _ci(word: str) -> str:
    """Et ord som mønster uten hensyn til store og små bokstaver (JSON Schema har ingen flagg)."""
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else ("\\." if c == "." else c) for c in word)


AMOUNT_PATTERN = (
    r"^\s*([0-9]{1,3}([ \u00a0\u202f][0-9]{3})+|[0-9]+)(,[0-9]+)?\s*"
    + "("
    + "|".join(_ci(u) for u in ("mill.", "mill", "millioner", "mrd.", "mrd", "milliarder"))
    + r")?\s*("
    + "|".join(_ci(u) for u in ("kroner", "kr.", "kr"))
    + r")?\s*$"
)
"""Trykte beløp slik `norsk.parse_amount` leser dem: «28 979 866 000», «4,5 mill. kroner»."""

AMOUNT_SCHEMA = {
    "title": "Påstand",
    "description": (
        "En trykt sum: hele kroner som heltall (28979866000) eller teksten slik den er trykt "
        "(«4,5 mill. kroner»). `tb check` sammenligner den med summen av linjene, med den "
        "presisjonen som er trykt."
    ),
    "anyOf": [
        {"type": "integer"},
        {"type": "string", "pattern": AMOUNT_PATTERN},
    ],
}


class _Generator(GenerateJsonSchema):
    """pydantic sin skjemagenerator med trykte summer (heltall eller trykt tekst)."""

    def dataclass_schema(self, schema):  # noqa: ANN001
        if schema.get("cls") is PrintedAmount:
            return dict(AMOUNT_SCHEMA)
        return super().dataclass_schema(schema)

    def generate(self, schema, mode="validation"):  # noqa: ANN001
        out = self.sort(super().generate(schema, mode))
        return {"$schema": DIALECT, **out}


def schema_for(kind: str) -> dict:
    """JSON-skjemaet for én filtype (`oppdrag`, `post`, …)."""
    return KINDS[kind].model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)


def schema_texts() -> dict[str, str]:
    """Filnavn → innhold for alle skjemaene. Samme modeller gir samme bytes."""
    return {
        f"{kind}.schema.json": json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in KINDS
    }


def _inside(root: Path, folder: Path) -> Path | None:
    """`folder` relativt til data-mappa når den ligger i den (etter stien slik den er skrevet),
    ellers None."""
    rel = os.path.relpath(os.path.abspath(folder), os.path.abspath(root))
    if rel == os.curdir:
        return Path()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return Path(rel)


def write_schemas(root: Path, outdir: Path) -> list[tuple[Path, bool]]:
    """Skriv skjemaene til `outdir` (atomært). Returnerer hver fil og om den ble endret.

    I data-mappa følges ingen symbolske lenker (`files.write_inside`): en lenke
    `data/schema -> et annet sted` får ikke `tb` til å skrive utenfor data-mappa. En mappe
    brukeren selv gir med -o utenfor data, er brukerens valg."""
    from .files import write_inside

    sub = _inside(root, outdir)
    if sub is None:
        outdir.mkdir(parents=True, exist_ok=True)
        base, sub = outdir, Path()
    else:
        base = root
    return [
        (outdir / name, write_inside(base, sub / name, text, overwrite=True, if_changed=True))
        for name, text in schema_texts().items()
    ]


# ---------------------------------------------------------------- merking av datafilene


def kind_of(root: Path, path: Path) -> str | None:
    """Filtypen til en fil i data-mappa, ut fra stien (som innlesingen), eller None."""
    try:
        rel = Path(os.path.relpath(path, root))
    except ValueError:
        return None
    if rel.parts[:1] == ("..",):
        return None
    found = file_kind(rel)
    return found if found in KINDS else None


def modeline(root: Path, path: Path, schema_dir: Path | None = None) -> str:
    """Første linje for en datafil: `# yaml-language-server: $schema=RELATIV STI`."""
    kind = kind_of(root, path)
    if kind is None:
        raise ValueError(f"{path} er ingen datafil `tb` leser")
    target = Path(schema_dir) if schema_dir is not None else Path(root) / SCHEMA_DIR
    rel = os.path.relpath(os.path.abspath(target / f"{kind}.schema.json"), os.path.abspath(path.parent))
    return f"{MODELINE_PREFIX} $schema={rel.replace(os.sep, '/')}"


def with_modeline(raw: bytes, line: str) -> bytes | None:
    """Fila med `line` som første linje: en eksisterende yaml-language-server-linje byttes ut,
    ellers settes linja inn først. Alt annet (kommentarer, rekkefølge, anførselstegn,
    linjeskift, BOM) er urørt. None når fila ikke er UTF-8."""
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return None
    first, sep, rest = text.partition("\n")
    newline = "\r\n" if first.endswith("\r") else "\n"
    if _MODELINE_RE.match(first):
        text = line + (newline if sep else "") + rest
    else:
        text = line + newline + text
    return bom + text.encode("utf-8")


def data_files(root: Path) -> list[Path]:
    """YAML-filene i data-mappa som `tb` leser (ikke mal/, skjulte mapper eller lenker)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.is_symlink() or path.suffix.lower() not in (".yaml", ".yml"):
                continue
            if not path.is_file():  # FIFO, enhet o.l.: aldri les den
                continue
            if kind_of(root, path) is not None:
                out.append(path)
    return out


def mark(root: Path, schema_dir: Path | None = None) -> list[tuple[Path, str]]:
    """Sett eller oppdater yaml-language-server-linja i alle datafilene. Returnerer hver fil
    med «endret», «uendret» eller «ikke UTF-8» (fila er ikke rørt). Hver fil skrives med
    `files.write_inside`: ingen lenker følges."""
    from .files import write_inside

    out = []
    for path in data_files(root):  # lenker er alt hoppet over
        raw = path.read_bytes()
        new = with_modeline(raw, modeline(root, path, schema_dir))
        if new is None:
            out.append((path, "ikke UTF-8"))
        elif new == raw:
            out.append((path, "uendret"))
        else:
            write_inside(root, path.relative_to(root), new, overwrite=True)
            out.append((path, "endret"))
    return out
