"""Issue 5: dårlige data får aldri `tb` til å krasje, og ingenting i data kan kjøre eller injisere.

Hvert tilfelle ødelegger én ting i en kopi av data/ og kjører den ekte kommandolinja
(`.venv/bin/tb` i en underprosess, ikke CliRunner, så en ekte traceback vises) med tidsgrense.
For hvert tilfelle gjelder:

- ingen «Traceback» på stdout eller stderr, og prosessen blir ferdig innen tidsgrensen;
- `tb check` gir kode 1 (funn) eller 2 (kan ikke kjøre), slik README sier;
- et problem i en fil meldes som `sti:linje:kolonne:` med regelkode, og meldingen er på norsk;
- `tb frister` hopper over fila med en advarsel med `sti:linje:kolonne:` og skriver gyldig JSON;
- `tb render` gjengir resten med en advarsel på stderr (eller nekter med kode 2 når brevet mangler).

Noen varianter kjøres i prosessen i stedet (`test_bad_file_in_process`), med de samme kravene
til funnene. Resten av fila: godtatte former (BOM, `NO` som tekst), objekt-tagger som aldri
kjøres, stier og lenker ut av data-mappa som aldri leses, filer og mapper som ikke kan leses,
data-mappa som mangler, er tom eller er en fil, og ugyldige valg og verdier på kommandolinja
(kode 2, ingen traceback). Underprosessene kjøres med `TB_DEBUG=1` (en feil i `tb` vises som
traceback, ikke som «intern feil») og `TB_CACHE=0`.

Tilfeller som viser en feil i `src/` merkes `xfail(strict=True)` med årsaken til feilen er
rettet; da fjernes merket (alle feilene denne fila fant, er rettet).
"""

from __future__ import annotations

import enum
import errno
import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from casekit import Run, run_tb

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

OPPDRAG = "oppdrag/2024-01.yaml"
POST = "budsjett/2024/671-60.yaml"
BREV = "brev/2024/brev.yaml"
MÅL = "mål/2024/mål-1.yaml"
SP = "styringsparametere/2024/sp-01.yaml"
KAP = "budsjett/2024/kap-671.yaml"
BASELINE = "baseline.yaml"
PROSA = "brev/2024/tekst/10-fullmakter.md"

CHECK = ("check", "--format", "text")
FRISTER = ("frister", "--fra", "2024-01-01", "--format", "json")
RENDER = ("render",)

FINDING_RE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>feil|advarsel) "
    r"(?P<code>TB\d{3}) (?P<name>[^:\s]+): (?P<message>.*)$"
)
SUMMARY_RE = re.compile(r"^\d+ feil, \d+ (advarsel|advarsler)( \(.*\))?$")

# Engelske ord som ikke hører hjemme i en norsk melding (sitater fra data i «…» fjernes først).
ENGLISH_RE = re.compile(
    r"\b(found|expected|while|could|cannot|not allowed|should|required|scanning|parsing|"
    r"unexpected|mapping|sequence|scalar|token|dict|str|int|float|datetime|NoneType|"
    r"[Ee]rror|Input|Field|[Vv]alue|[Ii]nvalid|valid|Keys?|strings?|exceeds?|limit|"
    r"Usage|Try|[Mm]issing|[Nn]o such|out of range|unable|type)\b"
)


# ---------------------------------------------------------------- hjelpere


@dataclass(frozen=True)
class Hit:
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str


def findings(stdout: str) -> list[Hit]:
    out = []
    for ln in stdout.splitlines():
        m = FINDING_RE.match(ln)
        if m:
            d = m.groupdict()
            out.append(
                Hit(d["file"], int(d["line"]), int(d["column"]), d["severity"], d["code"], d["message"])
            )
    return out


def _unquote(message: str) -> str:
    """Meldingen uten det som er sitert fra data («…», {{ … }}, `…`)."""
    message = re.sub(r"«[^«»]*»", "", message)
    message = re.sub(r"\{\{.*?\}\}", "", message)
    return re.sub(r"`[^`]*`", "", message)


def assert_norwegian(message: str, context: object = "") -> None:
    english = ENGLISH_RE.findall(_unquote(message))
    assert not english, f"meldingen er ikke på norsk ({english}): {message!r}\n{context}"


def line_of(text: str, pattern: str) -> int:
    """Linjenummeret (fra 1) til første linje som matcher `pattern` (regex, fra linjestart)."""
    for i, ln in enumerate(text.splitlines(), 1):
        if re.match(pattern, ln):
            return i
    raise AssertionError(f"fant ikke {pattern!r}")


def set_block(path: Path, key: str, value: str) -> tuple[int, int]:
    """Bytt hele toppnivånøkkelen `key:` (med det som er rykket inn under den) mot `key: value`;
    returnerer (linje, kolonne) for verdien."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(
        rf"(?m)^{re.escape(key)}:[^\n]*\n(?:(?:[ \t][^\n]*|[ \t]*#[^\n]*|[ \t]*)\n)*",
        lambda m: f"{key}: {value}\n",
        text,
        count=1,
    )
    assert n == 1, f"{key} finnes ikke i {path}"
    path.write_text(new, encoding="utf-8")
    return line_of(new, rf"{re.escape(key)}:"), len(key) + 3


def set_value(path: Path, key: str, value: str) -> tuple[int, int]:
    """Bytt verdien til toppnivånøkkelen `key:`; returnerer (linje, kolonne) for verdien."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"(?m)^{re.escape(key)}:[^\n]*$", f"{key}: {value}", text, count=1)
    assert n == 1, f"{key} finnes ikke i {path}"
    path.write_text(new, encoding="utf-8")
    return line_of(new, rf"{re.escape(key)}:"), len(key) + 3


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """En kopi av data/ i tmp_path/data; `tb` kjøres fra tmp_path."""
    shutil.copytree(DATA, tmp_path / "data", symlinks=True)
    return tmp_path


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> dict[str, Run]:
    """Utdataene fra en uendret kopi av data/."""
    base = tmp_path_factory.mktemp("urørt")
    shutil.copytree(DATA, base / "data", symlinks=True)
    runs = run_tb(base, CHECK, FRISTER, RENDER)
    return {"check": runs[0], "frister": runs[1], "render": runs[2]}


# ---------------------------------------------------------------- tilfellene


@dataclass
class Expect:
    """Hva et tilfelle skal gi."""

    file: str
    """Fila (relativt til data/) funnet skal peke på."""
    codes: tuple[str, ...]
    line: int | None = None
    column: int | None = None
    contains: str | None = None
    """En del av meldingen (små/store bokstaver likegyldig)."""
    check_code: int = 1
    render_code: int = 0
    norsk: bool = True


@dataclass
class Case:
    name: str
    setup: Callable[[Path], Expect]
    timeout: float = 60
    marks: list = field(default_factory=list)
    cli: bool = True
    """Kjør den ekte kommandolinja; ellers sjekkes tilfellet i prosessen (raskt: varianter av
    tilfeller som allerede går gjennom kommandolinja)."""
    full: bool = False
    """Kjør også `tb frister` og `tb render` (ellers bare `tb check`: de to andre leser data med
    den samme innlesingen, så et utvalg av tilfellene er nok for dem)."""


def _orig(rel: str) -> str:
    return (DATA / rel).read_text(encoding="utf-8")


def _write(data: Path, rel: str, content: str | bytes) -> None:
    p = data / rel
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")


def c_unclosed_quote(data: Path) -> Expect:
    _write(data, OPPDRAG, re.sub(r"(?m)^tittel: (.*)$", r'tittel: "\1', _orig(OPPDRAG), count=1))
    return Expect(OPPDRAG, ("TB001",), contains="YAML")


def c_bad_indent(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: 2024-01\ntittel: Noe\n   mål: 1\n  frister: []\n")
    return Expect(OPPDRAG, ("TB001",), line=3)


def c_tab(data: Path) -> Expect:
    text = _orig(OPPDRAG)
    line = line_of(text, r"  - ")
    lines = text.splitlines(keepends=True)
    lines[line - 1] = "\t" + lines[line - 1].lstrip(" ")
    _write(data, OPPDRAG, "".join(lines))
    return Expect(OPPDRAG, ("TB001",), line=line, column=1, contains="tabulator")


def c_duplicate_key(data: Path) -> Expect:
    text = _orig(OPPDRAG)
    _write(data, OPPDRAG, text.rstrip("\n") + "\nmål: 2\n")
    return Expect(OPPDRAG, ("TB002",), line=len(text.rstrip("\n").splitlines()) + 1, column=1, contains="mål")


def c_wrong_type(data: Path) -> Expect:
    line, col = set_value(data / OPPDRAG, "mål", "en")
    return Expect(OPPDRAG, ("TB004",), line=line, column=col, contains="heltall")


def c_missing_field(data: Path) -> Expect:
    text = _orig(OPPDRAG)
    _write(data, OPPDRAG, re.sub(r"(?m)^mål:[^\n]*\n", "", text, count=1))
    return Expect(OPPDRAG, ("TB004",), contains="«mål» mangler")


def c_unknown_field(data: Path) -> Expect:
    text = _orig(OPPDRAG).rstrip("\n") + "\ntittle: Skrivefeil\n"
    _write(data, OPPDRAG, text)
    return Expect(OPPDRAG, ("TB004",), line=len(text.splitlines()), column=1, contains="ukjent felt")


def c_empty(data: Path) -> Expect:
    _write(data, OPPDRAG, b"")
    return Expect(OPPDRAG, ("TB001",), line=1, column=1, contains="tom")


def c_only_comments(data: Path) -> Expect:
    _write(data, OPPDRAG, "# bare en kommentar\n\n   \n")
    return Expect(OPPDRAG, ("TB001",), line=1, column=1, contains="tom")


def c_latin1(data: Path) -> Expect:
    raw = _orig(OPPDRAG).encode("utf-8").rstrip(b"\n") + b"\nmerknad: bl\xe5b\xe6r\n"
    _write(data, OPPDRAG, raw)
    line = raw.count(b"\n")
    return Expect(OPPDRAG, ("TB001",), line=line, column=len("merknad: bl") + 1, contains="UTF-8")


def c_latin1_prose(data: Path) -> Expect:
    _write(data, PROSA, "Fullmakter for blåbær og ærfugl\n".encode("latin-1"))
    return Expect(PROSA, ("TB008",), contains="UTF-8")


def c_utf16(data: Path) -> Expect:
    _write(data, OPPDRAG, _orig(OPPDRAG).encode("utf-16"))
    return Expect(OPPDRAG, ("TB001",), line=1, column=1)


def c_binary(data: Path) -> Expect:
    _write(data, OPPDRAG, bytes(range(256)) * 4)
    return Expect(OPPDRAG, ("TB001",), line=1, column=1, contains="binær")


def c_binary_no_nul(data: Path) -> Expect:
    _write(data, POST, bytes(range(0x80, 0x100)) * 8)
    return Expect(POST, ("TB001",), line=1, column=1)


def c_binary_prose(data: Path) -> Expect:
    _write(data, PROSA, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return Expect(PROSA, ("TB008",), line=1, column=1)


def _truncate(rel: str, codes=("TB001", "TB004"), render_code: int = 0) -> Callable[[Path], Expect]:
    """Kutt en ekte fil på midten. (Noen filer er gyldige også da – en avkortet tekst er fortsatt
    tekst – så tilfellene bruker filer der halvparten mangler et påkrevd felt.)"""

    def setup(data: Path) -> Expect:
        raw = (DATA / rel).read_bytes()
        _write(data, rel, raw[: len(raw) // 2])
        return Expect(rel, codes, render_code=render_code)

    return setup


def c_truncated_mid_character(data: Path) -> Expect:
    """Kuttet midt i et norsk tegn (to byte i UTF-8): fila slutter med en halv bokstav."""
    raw = (DATA / MÅL).read_bytes()
    at = next(i for i in range(len(raw) // 2, len(raw)) if raw[i] >= 0xC0)
    _write(data, MÅL, raw[: at + 1])
    line = raw[:at].count(b"\n") + 1
    return Expect(MÅL, ("TB001",), line=line, contains="UTF-8")


def c_mapping_for_list(data: Path) -> Expect:
    line, _ = set_block(data / OPPDRAG, "frister", "\n  dato: 2024-12-31\n  merknad: en avbildning")
    # norsk=False: meldingen sier «fikk dict» (se test_schema_messages_are_norwegian)
    return Expect(OPPDRAG, ("TB004",), line=line + 1, column=3, contains="liste", norsk=False)


def c_list_for_mapping(data: Path) -> Expect:
    _write(data, OPPDRAG, "- id: 2024-01\n- mål: 1\n")
    return Expect(OPPDRAG, ("TB004",), line=1, column=1, contains="avbildning")


def c_list_for_mapping_field(data: Path) -> Expect:
    line, col = set_block(data / BREV, "avsender", "[Arbeids- og inkluderingsdepartementet, AID]")
    return Expect(BREV, ("TB004",), line=line, column=col, contains="avbildning", render_code=2)


def c_impossible_date(data: Path) -> Expect:
    line, col = set_value(data / BREV, "budsjettvedtak", "2024-02-31")
    return Expect(BREV, ("TB001", "TB004"), line=line, column=col, contains="2024-02-31", render_code=2)


def c_negative_amount(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "-5")
    return Expect(POST, ("TB004",), line=line, column=col, contains="-5")


def c_absurd_amount(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", str(10**20))
    return Expect(POST, ("TB004",), line=line, column=col, contains="for stor")


def c_absurd_amount_digits(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "9" * 10_000)
    return Expect(POST, ("TB003", "TB004"), line=line, column=col)


def c_absurd_amount_hex(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "0x" + "F" * 10_000)
    return Expect(POST, ("TB003", "TB004"), line=line, column=col)


def c_float_amount(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "2.5e10")
    return Expect(POST, ("TB004",), line=line, column=col, contains="heltall")


def c_nan_amount(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", ".nan")
    return Expect(POST, ("TB004",), line=line, column=col)


def c_amount_as_text(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", '"25 200 000"')
    return Expect(POST, ("TB004",), line=line, column=col, contains="25 200 000")


def c_amount_as_unquoted_text(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "25,2 mill. kroner")
    return Expect(POST, ("TB004",), line=line, column=col)


def c_yes_as_bool(data: Path) -> Expect:
    line, _ = set_block(data / OPPDRAG, "frister", "\n  - løpende: yes")
    return Expect(OPPDRAG, ("TB004",), line=line + 1, column=len("  - løpende: ") + 1, contains="yes")


def c_on_as_bool(data: Path) -> Expect:
    line, col = set_block(data / BREV, "kapitler", "on")
    # kapitler er en liste; «on» er tekst (YAML 1.2), ikke true
    return Expect(BREV, ("TB004",), line=line, column=col, contains="liste", render_code=2)


def c_huge_title(data: Path) -> Expect:
    line, col = set_value(data / OPPDRAG, "tittel", "x" * 1_000_000)
    return Expect(OPPDRAG, ("TB004",), line=line, column=col, contains="for lang")


def c_huge_file(data: Path) -> Expect:
    _write(data, OPPDRAG, _orig(OPPDRAG) + "# " + "x" * 3_000_000 + "\n")
    return Expect(OPPDRAG, ("TB003",), line=1, column=1, contains="byte")


def c_huge_prose(data: Path) -> Expect:
    _write(data, PROSA, "Fullmakter.\n" + ("blablabla " * 100 + "\n") * 3_000)
    return Expect(PROSA, ("TB008",), line=1, column=1, contains="byte; største tillatte er")


def c_deep_flow_unclosed(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: " + "[" * 10_000 + "\n")
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_deep_flow(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: " + "[" * 10_000 + "]" * 10_000 + "\n")
    return Expect(OPPDRAG, ("TB003",), contains="nivåer")


def c_deeper_flow_unclosed(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: " + "[" * 50_000 + "\n")
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_deeper_flow(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n")
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_deep_flow_mapping(data: Path) -> Expect:
    _write(data, OPPDRAG, "id: " + "{a: " * 10_000 + "1" + "}" * 10_000 + "\n")
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_deep_block(data: Path) -> Expect:
    _write(data, OPPDRAG, "id:\n" + "".join(" " * i + "- \n" for i in range(0, 4_000, 1)))
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_deep_prose(data: Path) -> Expect:
    _write(
        data,
        PROSA,
        "Fullmakter.\n\n" + "> " * 10_000 + "sitat\n\n" + "[" * 10_000 + "\n\n" + "- " * 5_000 + "x\n",
    )
    # dyp Markdown er lov (markdown-it har egen grense); kravet er at alt blir ferdig
    return Expect(PROSA, (), check_code=0)


_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(9)
)


def c_billion_laughs(data: Path) -> Expect:
    _write(data, OPPDRAG, _LAUGHS)
    return Expect(OPPDRAG, ("TB003",), contains="alias")


def c_billion_laughs_mapping(data: Path) -> Expect:
    text = "a: &a {x: lol, y: lol, z: lol, w: lol}\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} {{" + ", ".join(f"k{j}: *{chr(97 + i)}" for j in range(10)) + "}\n"
        for i in range(9)
    )
    _write(data, OPPDRAG, text)
    return Expect(OPPDRAG, ("TB003",), contains="alias")


def c_alias_cycle(data: Path) -> Expect:
    _write(data, OPPDRAG, "a: &a [1, *a]\n")
    return Expect(OPPDRAG, ("TB001", "TB003"), line=1)


def c_alias_cycle_mapping(data: Path) -> Expect:
    _write(data, OPPDRAG, "a: &a\n  b: *a\n")
    return Expect(OPPDRAG, ("TB001", "TB003"))


def c_undefined_alias(data: Path) -> Expect:
    line, col = set_value(data / OPPDRAG, "tittel", "*finnes_ikke")
    return Expect(OPPDRAG, ("TB001",), line=line, contains="alias")


def c_merge_key(data: Path) -> Expect:
    _write(data, OPPDRAG, "felles: &f {mål: 1}\n<<: *f\nid: 2024-01\ntittel: X\n")
    return Expect(OPPDRAG, ("TB003",), line=2, column=1)


def c_yaml_directive_11(data: Path) -> Expect:
    _write(data, OPPDRAG, "%YAML 1.1\n---\n" + _orig(OPPDRAG).replace("mål: 1", "mål: yes", 1))
    return Expect(OPPDRAG, ("TB001", "TB004"))


def c_multiple_documents(data: Path) -> Expect:
    _write(data, OPPDRAG, _orig(OPPDRAG) + "---\nid: 2024-99\n")
    return Expect(OPPDRAG, ("TB001",))


def c_only_null(data: Path) -> Expect:
    _write(data, OPPDRAG, "~\n")
    return Expect(OPPDRAG, ("TB001", "TB004"), line=1, column=1)


def c_only_anchor(data: Path) -> Expect:
    _write(data, BASELINE, "&a\n")
    return Expect(BASELINE, ("TB001", "TB004"), line=1, column=1)


def c_int_tag_on_text(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "!!int tjuefem millioner")
    return Expect(POST, ("TB001", "TB003", "TB004"), line=line, column=col)


def c_float_tag_on_text(data: Path) -> Expect:
    line, col = set_value(data / POST, "tildeling", "!!float mye")
    return Expect(POST, ("TB001", "TB003", "TB004"), line=line, column=col)


def c_bool_tag_on_text(data: Path) -> Expect:
    text = _orig(OPPDRAG).rstrip("\n") + "\nstatus: åpen\n"
    _write(
        data,
        OPPDRAG,
        re.sub(r"(?ms)^frister:\n(  [^\n]*\n)*", "frister:\n  - løpende: !!bool kanskje\n", text, count=1),
    )
    line = line_of((data / OPPDRAG).read_text(encoding="utf-8"), "  - løpende:")
    return Expect(OPPDRAG, ("TB001", "TB003", "TB004"), line=line, column=len("  - løpende: ") + 1)


def c_fifo(data: Path) -> Expect:
    (data / OPPDRAG).unlink()
    os.mkfifo(data / OPPDRAG)
    return Expect(OPPDRAG, ("TB008",), line=1, column=1)


def c_dangling_symlink(data: Path) -> Expect:
    (data / OPPDRAG).unlink()
    (data / OPPDRAG).symlink_to("2024-99-finnes-ikke.yaml")
    return Expect(OPPDRAG, ("TB008",), line=1, column=1)


def c_dangling_symlink_outside(data: Path) -> Expect:
    (data / OPPDRAG).unlink()
    (data / OPPDRAG).symlink_to("/finnes/ikke/2024-01.yaml")
    return Expect(OPPDRAG, ("TB008",), line=1, column=1)


def c_symlink_passwd(data: Path) -> Expect:
    (data / OPPDRAG).unlink()
    (data / OPPDRAG).symlink_to("/etc/passwd")
    return Expect(OPPDRAG, ("TB008",), line=1, column=1, contains="symbolsk lenke")


def c_symlink_out_of_repo(data: Path) -> Expect:
    outside = data.parent / "utenfor.yaml"
    outside.write_text(_orig(OPPDRAG), encoding="utf-8")
    (data / OPPDRAG).unlink()
    (data / OPPDRAG).symlink_to(Path("..") / ".." / "utenfor.yaml")
    return Expect(OPPDRAG, ("TB008",), line=1, column=1, contains="symbolsk lenke")


def c_symlink_prose_passwd(data: Path) -> Expect:
    (data / PROSA).unlink()
    (data / PROSA).symlink_to("/etc/passwd")
    return Expect(PROSA, ("TB008",), line=1, column=1, contains="symbolsk lenke")


def c_brev_missing_file(data: Path) -> Expect:
    _write(data, BREV, "år: [\n")
    return Expect(BREV, ("TB001",), render_code=2)


def c_baseline_broken(data: Path) -> Expect:
    _write(data, BASELINE, "akseptert:\n  - kode: TB201\n    gjelder: [\n")
    return Expect(BASELINE, ("TB001",))


def c_baseline_wrong_shape(data: Path) -> Expect:
    _write(data, BASELINE, "akseptert: ja\n")
    return Expect(BASELINE, ("TB004",), line=1, column=len("akseptert: ") + 1)


def c_object_tag_in_mål(data: Path) -> Expect:
    line, col = set_value(data / MÅL, "tittel", "!!python/name:os.system")
    return Expect(MÅL, ("TB003",), line=line, column=col, contains="tagg")


def c_custom_tag(data: Path) -> Expect:
    line, col = set_value(data / SP, "tekst", "!lokal annen tekst")
    return Expect(SP, ("TB003",), line=line, column=col, contains="tagg")


def c_set_tag(data: Path) -> Expect:
    line, col = set_value(data / KAP, "navn", "!!set {a, b}")
    return Expect(KAP, ("TB003",), line=line, column=col, contains="tagg")


def c_binary_tag(data: Path) -> Expect:
    line, col = set_value(data / KAP, "navn", "!!binary aGVp")
    return Expect(KAP, ("TB003",), line=line, column=col, contains="tagg")


CASES = [
    Case("yaml-anførselstegn-ikke-lukket", c_unclosed_quote),
    Case("yaml-innrykk", c_bad_indent, cli=False),
    Case("tabulator", c_tab, full=True),
    Case("duplikatnøkkel", c_duplicate_key, full=True),
    Case("feil-type", c_wrong_type),
    Case("manglende-felt", c_missing_field),
    Case("ukjent-felt", c_unknown_field),
    Case("tom-fil", c_empty),
    Case("bare-kommentarer", c_only_comments, cli=False),
    Case("ikke-utf8", c_latin1),
    Case("ikke-utf8-prosa", c_latin1_prose, full=True),
    Case("utf16", c_utf16, cli=False),
    Case("binær", c_binary, full=True),
    Case("binær-uten-nul", c_binary_no_nul, cli=False),
    Case("binær-prosa", c_binary_prose, cli=False),
    Case("avkortet-post", _truncate("budsjett/2024/671-62.yaml"), cli=False),
    Case("avkortet-brev", _truncate(BREV, render_code=2), full=True),
    Case("avkortet-oppdrag-2024-04", _truncate("oppdrag/2024-04.yaml"), cli=False),
    Case("avkortet-midt-i-et-tegn", c_truncated_mid_character, cli=False),
    Case("avbildning-for-liste", c_mapping_for_list, full=True),
    Case("liste-for-avbildning", c_list_for_mapping),
    Case("liste-for-avbildning-felt", c_list_for_mapping_field, cli=False),
    Case("umulig-dato", c_impossible_date, full=True),
    Case("negativt-beløp", c_negative_amount),
    Case("absurd-beløp", c_absurd_amount),
    Case("beløp-10000-sifre", c_absurd_amount_digits, cli=False),
    Case(
        "beløp-heksadesimal-10000-sifre",
        c_absurd_amount_hex,
    ),
    Case("desimaltall-beløp", c_float_amount, cli=False),
    Case("nan-beløp", c_nan_amount, cli=False),
    Case("beløp-som-tekst", c_amount_as_text, full=True),
    Case("beløp-som-trykt-tekst", c_amount_as_unquoted_text, cli=False),
    Case("yes-som-sannhetsverdi", c_yes_as_bool, full=True),
    Case("on-er-tekst", c_on_as_bool, cli=False),
    Case("tittel-1MB", c_huge_title),
    Case("fil-3MB", c_huge_file, full=True),
    Case(
        "prosa-3MB",
        c_huge_prose,
    ),
    Case("dyp-nesting-ulukket", c_deep_flow_unclosed, timeout=120),
    Case("dyp-nesting", c_deep_flow, timeout=120, full=True),
    Case("dyp-nesting-avbildning", c_deep_flow_mapping, timeout=120, cli=False),
    Case(
        "dyp-nesting-50000-ulukket",
        c_deeper_flow_unclosed,
        timeout=120,
    ),
    Case(
        "dyp-nesting-100000-avbildning",
        c_deeper_flow,
        timeout=120,
    ),
    Case("dyp-nesting-blokk", c_deep_block, timeout=120),
    Case("dyp-nesting-prosa", c_deep_prose, timeout=120, full=True),
    Case("billion-laughs", c_billion_laughs, timeout=120, full=True),
    Case("billion-laughs-avbildning", c_billion_laughs_mapping, timeout=120, cli=False),
    Case("alias-syklus", c_alias_cycle, timeout=120),
    Case("alias-syklus-avbildning", c_alias_cycle_mapping, timeout=120, cli=False),
    Case("ukjent-alias", c_undefined_alias, cli=False),
    Case("sammenslåingsnøkkel", c_merge_key, full=True),
    Case("yaml-1.1-direktiv", c_yaml_directive_11, cli=False),
    Case(
        "flere-dokumenter",
        c_multiple_documents,
    ),
    Case("bare-null", c_only_null, full=True),
    Case("bare-anker", c_only_anchor, cli=False),
    Case(
        "int-tagg-på-tekst",
        c_int_tag_on_text,
        full=True,
    ),
    Case(
        "float-tagg-på-tekst",
        c_float_tag_on_text,
        cli=False,
    ),
    Case(
        "bool-tagg-på-tekst",
        c_bool_tag_on_text,
        cli=False,
    ),
    Case("fifo", c_fifo, timeout=120, full=True),
    Case("lenke-til-ingenting", c_dangling_symlink),
    Case("lenke-til-ingenting-utenfor", c_dangling_symlink_outside, cli=False),
    Case("lenke-til-etc-passwd", c_symlink_passwd, full=True),
    Case("lenke-ut-av-repositoriet", c_symlink_out_of_repo),
    Case("prosa-lenke-til-etc-passwd", c_symlink_prose_passwd, cli=False),
    Case("brev-ødelagt", c_brev_missing_file, full=True),
    Case("grunnlinje-ødelagt", c_baseline_broken, full=True),
    Case("grunnlinje-feil-form", c_baseline_wrong_shape, cli=False),
    Case("objekt-tagg-python-name", c_object_tag_in_mål, cli=False),
    Case("lokal-tagg", c_custom_tag, cli=False),
    Case("set-tagg", c_set_tag, cli=False),
    Case("binary-tagg", c_binary_tag, cli=False),
]


def _assert_check_output(exp: Expect, code: int, stdout: str, context: object) -> None:
    """`tb check` i tekstformat: kode, fil:linje:kolonne, regelkode og norsk melding."""
    rel = f"data/{exp.file}"
    assert code == exp.check_code, str(context)
    assert stdout.strip(), str(context)
    assert SUMMARY_RE.match(stdout.strip().splitlines()[-1]), str(context)
    hits = [h for h in findings(stdout) if h.file == rel]
    if exp.codes:
        wanted = [
            h
            for h in hits
            if h.code in exp.codes
            and (exp.line is None or h.line == exp.line)
            and (exp.column is None or h.column == exp.column)
            and (exp.contains is None or exp.contains.lower() in h.message.lower())
        ]
        assert wanted, (
            f"ventet {'/'.join(exp.codes)} på {rel}:{exp.line or '*'}:{exp.column or '*'}"
            f"{' med «' + exp.contains + '»' if exp.contains else ''}\n{context}"
        )
    else:
        assert not [h for h in hits if h.severity == "feil"], str(context)
    assert not [h for h in findings(stdout) if h.code == "TB900"], str(context)
    if exp.norsk:
        for h in findings(stdout):
            assert_norwegian(h.message, context)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=c.marks) for c in CASES if c.cli])
def test_bad_file(case: Case, work: Path) -> None:
    exp = case.setup(work / "data")
    commands = (CHECK, FRISTER, RENDER) if case.full else (CHECK,)
    check, *others = run_tb(work, *commands, timeout=case.timeout)
    rel = f"data/{exp.file}"
    _assert_check_output(exp, check.code, check.stdout, check)

    if not case.full:
        return
    frister, render = others

    # tb frister: fila hoppes over med en advarsel som peker på den; utdataene er gyldig JSON
    assert frister.code == 0, str(frister)
    assert isinstance(json.loads(frister.stdout), list), str(frister)
    if exp.codes:
        assert re.search(rf"^tb: advarsel: {re.escape(rel)}:\d+:\d+: ", frister.stderr, re.M), str(frister)
    if exp.norsk:
        for ln in frister.stderr.splitlines():
            assert_norwegian(ln.split(": ", 3)[-1], frister)

    # tb render: gjengir resten med en advarsel, eller nekter (kode 2) når brevet mangler
    assert render.code == exp.render_code, str(render)
    if exp.render_code == 0:
        assert "\n# " in render.stdout, str(render)  # overskriften etter brevhodet
        if exp.check_code:
            assert "feil fra tb check" in render.stderr, str(render)
    else:
        assert render.stderr.startswith("tb: "), str(render)
        if exp.norsk:
            assert_norwegian(render.stderr, render)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=c.marks) for c in CASES if not c.cli])
def test_bad_file_in_process(case: Case, work: Path, monkeypatch) -> None:
    """Variantene i prosessen: de samme kravene til funnene, og frister og gjengivelse krasjer ikke."""
    from tildelingsbrev import deadlines
    from tildelingsbrev import rendering as render
    from tildelingsbrev.pipeline import check
    from tildelingsbrev.reporting import check as report

    monkeypatch.chdir(work)
    exp = case.setup(work / "data")
    started = time.monotonic()
    result = check(Path("data"))
    text = report.render_check(result, "text")
    _assert_check_output(exp, result.exit_code(), text, text)
    for fmt in ("json", "github", "gitlab", "sarif"):
        out = report.render_check(result, fmt)
        if fmt != "github":
            json.loads(out)
    deadlines.expand(result.repo)
    for år in result.repo.years():
        try:
            render.render_markdown(result.repo, år)
        except render.RenderError as e:
            # en mal som ikke kan gjengi dataene, er også et funn i tb check
            assert any(f.code == "TB501" for f in result.findings), str(e)
    assert time.monotonic() - started < case.timeout


# ---------------------------------------------------------------- godtatt: BOM og YAML 1.2-tekst


def test_utf8_bom_is_accepted(work: Path, pristine: dict[str, Run]) -> None:
    data = work / "data"
    for rel in (OPPDRAG, POST, BREV, MÅL, PROSA, BASELINE):
        (data / rel).write_bytes(b"\xef\xbb\xbf" + (DATA / rel).read_bytes())
    check, frister, render = run_tb(work, CHECK, FRISTER, RENDER)
    assert check.code == 0 == pristine["check"].code, str(check)
    assert check.stdout == pristine["check"].stdout
    assert frister.stdout == pristine["frister"].stdout
    assert render.stdout == pristine["render"].stdout
    assert "\ufeff" not in render.stdout


def test_no_as_title_is_the_text_no(work: Path, pristine: dict[str, Run]) -> None:
    """YAML 1.2: `tittel: NO` er teksten «NO» (ikke false, ikke Norge), og godtas."""
    set_value(work / "data" / OPPDRAG, "tittel", "NO")
    check, frister, render = run_tb(work, CHECK, FRISTER, RENDER)
    assert check.code == pristine["check"].code == 0, str(check)
    assert not [h for h in findings(check.stdout) if h.file == f"data/{OPPDRAG}"], str(check)
    assert "| 2024-01 | NO |" in render.stdout, str(render)
    titles = {d["tittel"] for d in json.loads(frister.stdout) if d["oppdrag"] == "2024-01"}
    assert titles == {"NO"}


@pytest.mark.parametrize("word", ["NO", "No", "yes", "Yes", "on", "off", "y", "n", "~x", "0o17x"])
def test_yaml11_words_stay_text(word: str) -> None:
    """I YAML 1.2 er `yes`, `on`, `NO` og `y` tekst; en tittel kan være ett av dem."""
    from tildelingsbrev.loading import load_doc
    from tildelingsbrev.model import Oppdrag

    raw = re.sub(r"(?m)^tittel:[^\n]*$", f"tittel: {word}", _orig(OPPDRAG), count=1).encode("utf-8")
    doc, problems = load_doc(Path(OPPDRAG), raw, Oppdrag, OPPDRAG)
    assert problems == [] and doc is not None
    assert doc.model.tittel == word


@pytest.mark.parametrize("word", ["yes", "on", "NO", "y", "1", '"true"'])
def test_yaml11_booleans_are_not_booleans(word: str) -> None:
    from tildelingsbrev.loading import load_doc
    from tildelingsbrev.model import Oppdrag

    raw = (_orig(OPPDRAG).rstrip("\n") + f"\nfrister:\n  - løpende: {word}\n").encode("utf-8")
    raw = re.sub(rb"(?ms)^frister:\n(  [^\n]*\n)*", b"", raw, count=1)  # den opprinnelige lista
    doc, problems = load_doc(Path(OPPDRAG), raw, Oppdrag, OPPDRAG)
    assert doc is None
    assert [p.code for p in problems] == ["TB004"], problems
    assert_norwegian(problems[0].message)


# ---------------------------------------------------------------- ingenting i data kjøres


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        '!!python/object/apply:subprocess.check_output [["touch", "{marker}"]]',
        '!!python/object/new:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        "!!python/module:os",
        '!ruby/object:Gem::Installer {{i: "touch {marker}"}}',
    ],
)
def test_object_tags_never_run(tag: str, work: Path) -> None:
    marker = work / "PWNED"
    value = tag.format(marker=marker)
    line, col = set_value(work / "data" / OPPDRAG, "tittel", value)
    # også inne i en liste i en annen fil
    set_value(work / "data" / POST, "betegnelse", f"[Integreringstilskudd, {value} ]")
    full = tag.startswith("!!python/object/apply:os.system")
    check, *others = run_tb(work, *((CHECK, FRISTER, RENDER) if full else (CHECK,)))
    assert not marker.exists(), "en objekt-tagg i data ble kjørt"
    hits = [h for h in findings(check.stdout) if h.file == f"data/{OPPDRAG}" and h.code == "TB003"]
    assert [(h.line, h.column) for h in hits] == [(line, col)], str(check)
    assert any(h.file == f"data/{POST}" and h.code == "TB003" for h in findings(check.stdout)), str(check)
    for h in findings(check.stdout):
        assert_norwegian(h.message, check)
    assert check.code == 1
    if full:
        frister, render = others
        assert frister.code == 0 and render.code == 0, (str(frister), str(render))
        assert f"data/{OPPDRAG}:{line}:{col}:" in frister.stderr


def test_os_system_tag_does_not_touch_tmp_pwned(work: Path) -> None:
    """Tilfellet fra saken, ordrett: `!!python/object/apply:os.system ["touch /tmp/PWNED"]`."""
    pwned = Path("/tmp/PWNED")
    existed = pwned.exists()
    set_value(work / "data" / OPPDRAG, "tittel", '!!python/object/apply:os.system ["touch /tmp/PWNED"]')
    (check,) = run_tb(work, CHECK)
    assert check.code == 1, str(check)
    if not existed:
        assert not pwned.exists(), "en objekt-tagg i data ble kjørt"


def test_template_syntax_in_yaml_is_text(work: Path) -> None:
    """Jinja i en tittel blir aldri malkode: den gjengis som tekst."""
    set_value(
        work / "data" / OPPDRAG,
        "tittel",
        '"{% for x in range(3) %}X{% endfor %} {{ 7*7 }} {{ brev.tittel }}"',
    )
    check, render = run_tb(work, CHECK, RENDER)
    rows = [ln for ln in render.stdout.splitlines() if ln.startswith("| 2024-01 |")]
    assert rows, str(render)
    for row in rows:
        assert "{% for x in range(3) %}X{% endfor %}" in row.replace("\\", "")
        assert "XXX" not in row and "49" not in row and "Tildelingsbrev 2024" not in row
    assert check.code in (0, 1)


@pytest.mark.parametrize("target", ["../../../../../../../../../../etc/passwd", "/etc/passwd"])
def test_chapter_text_outside_the_data_folder_is_never_read(target: str, work: Path) -> None:
    brev = work / "data" / BREV
    text = brev.read_text(encoding="utf-8")
    first = re.search(r"(?m)^    tekst: (\S+)$", text)
    assert first
    brev.write_text(text.replace(first.group(0), f"    tekst: {target}", 1), encoding="utf-8")
    check, frister, render = run_tb(work, CHECK, FRISTER, RENDER)
    for r in (check, frister, render):
        assert "root:" not in r.out, str(r)
    line = line_of(brev.read_text(encoding="utf-8"), rf"    tekst: {re.escape(target)}$")
    assert any(h.file == f"data/{BREV}" and h.line == line for h in findings(check.stdout)), str(check)
    assert check.code == 1 and render.code == 0


def test_symlinked_files_outside_are_never_read(work: Path) -> None:
    """Lenker ut av data-mappa (til /etc/passwd, ut av repositoriet, en lenket mappe) leses aldri."""
    data = work / "data"
    secret = "HEMMELIG-7f3a9c"
    outside = work / "utenfor"
    outside.mkdir()
    (outside / "2024-98.yaml").write_text(
        f"id: 2024-98\ntittel: {secret}\nmål: 1\nfrister:\n  - dato: 2024-06-03\n", encoding="utf-8"
    )
    (outside / "tekst.md").write_text(f"{secret}\n", encoding="utf-8")
    (data / "oppdrag" / "2024-98.yaml").symlink_to(outside / "2024-98.yaml")
    (data / "oppdrag" / "lenket-mappe").symlink_to(outside, target_is_directory=True)
    (data / "oppdrag" / "2024-97.yaml").symlink_to("/etc/passwd")
    (data / PROSA).unlink()
    (data / PROSA).symlink_to(outside / "tekst.md")
    check, frister, render = run_tb(work, CHECK, FRISTER, RENDER)
    for r in (check, frister, render):
        assert secret not in r.out and "root:" not in r.out, str(r)
    named = {h.file for h in findings(check.stdout) if h.code == "TB008"}
    assert {"data/oppdrag/2024-98.yaml", "data/oppdrag/2024-97.yaml", f"data/{PROSA}"} <= named, str(check)
    assert check.code == 1


# ---------------------------------------------------------------- filer som ikke kan leses


def _unprivileged_prefix() -> tuple[str, ...] | None:
    """Et prefiks som kjører `tb` uten rettigheten til å lese andres filer (vi kjører som root)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    prefix = (setpriv, "--bounding-set=-dac_override,-dac_read_search", "--")
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / f"tb-robust-{os.getpid()}"
    try:
        probe.write_text("x")
        probe.chmod(0)
        res = subprocess.run([*prefix, "cat", str(probe)], capture_output=True, timeout=10)
        return prefix if res.returncode != 0 else None
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        probe.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def unprivileged() -> tuple[str, ...]:
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("kan ikke lage en fil som ikke kan leses (root uten setpriv)")
    return prefix


def test_unreadable_file(work: Path, unprivileged: tuple[str, ...]) -> None:
    p = work / "data" / OPPDRAG
    p.chmod(0)
    try:
        check, frister, render = run_tb(work, CHECK, FRISTER, RENDER, prefix=unprivileged)
    finally:
        p.chmod(0o644)
    hits = [h for h in findings(check.stdout) if h.file == f"data/{OPPDRAG}"]
    assert [(h.code, h.line, h.column) for h in hits] == [("TB008", 1, 1)], str(check)
    assert "kan ikke leses" in hits[0].message
    assert_norwegian(hits[0].message)
    assert check.code == 1 and frister.code == 0 and render.code == 0
    assert f"data/{OPPDRAG}:1:1:" in frister.stderr


def test_unreadable_folder_is_a_finding(work: Path, unprivileged: tuple[str, ...]) -> None:
    folder = work / "data" / "oppdrag"
    folder.chmod(0)
    try:
        (check,) = run_tb(work, CHECK, prefix=unprivileged)
    finally:
        folder.chmod(0o755)
    assert check.code == 1, str(check)
    hits = [h for h in findings(check.stdout) if h.code == "TB008" and h.file.startswith("data/oppdrag")]
    assert hits, str(check)
    assert_norwegian(hits[0].message)


def test_folder_named_like_a_data_file_is_a_finding(work: Path) -> None:
    p = work / "data" / OPPDRAG
    p.unlink()
    p.mkdir()
    (check,) = run_tb(work, CHECK)
    assert check.code == 1, str(check)
    assert any(
        h.file == f"data/{OPPDRAG}" and h.code in ("TB008", "TB005") for h in findings(check.stdout)
    ), str(check)


def test_schema_mark_skips_fifo(work: Path) -> None:
    p = work / "data" / OPPDRAG
    p.unlink()
    os.mkfifo(p)
    (r,) = run_tb(work, ("schema", "--merk", "-o", "skjema"), timeout=60)
    assert r.code in (0, 1, 2), str(r)


def test_read_error_becomes_a_finding(tmp_path: Path, monkeypatch) -> None:
    """En I/O-feil under lesing blir et funn. (I prosessen: `open`, `io.open` og
    `Path.read_bytes` kaster OSError(EIO) for én fil, uansett hvilken av dem innlesingen bruker.)"""
    import builtins
    import io

    from tildelingsbrev.pipeline import check

    shutil.copytree(DATA, tmp_path / "data")
    target = str((tmp_path / "data" / OPPDRAG).resolve())
    real_open, real_read_bytes = builtins.open, Path.read_bytes

    def is_target(file: object) -> bool:
        try:
            return isinstance(file, (str, os.PathLike)) and os.path.realpath(file) == target
        except (TypeError, ValueError):
            return False

    def fake_open(file, *args, **kwargs):
        if is_target(file):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(file))
        return real_open(file, *args, **kwargs)

    def fake_read_bytes(self: Path) -> bytes:
        if is_target(self):
            raise OSError(errno.EIO, os.strerror(errno.EIO), str(self))
        return real_read_bytes(self)

    # fila åpnes, men lesingen feiler (en dårlig sektor, en nettverksdisk som forsvant)
    real_os_open, real_os_read = os.open, os.read
    bad_fds: set[int] = set()

    def fake_os_open(path, *args, **kwargs):
        fd = real_os_open(path, *args, **kwargs)
        if is_target(path):
            bad_fds.add(fd)
        return fd

    def fake_os_read(fd: int, n: int) -> bytes:
        if fd in bad_fds:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_os_read(fd, n)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(Path, "read_bytes", fake_read_bytes)
    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(os, "read", fake_os_read)
    result = check(tmp_path / "data")
    assert bad_fds, "fila ble ikke lest med os.open/os.read"
    hits = [f for f in result.active if str(f.location.file.resolve()) == target]
    assert [(f.code, f.location.line, f.location.column) for f in hits] == [("TB008", 1, 1)]
    assert hits[0].message.startswith("fila kan ikke leses")
    assert result.exit_code() == 1


# ---------------------------------------------------------------- data-mappa


@pytest.mark.parametrize("kind", ["mangler", "fil", "fifo"])
def test_data_folder_missing_or_not_a_folder(kind: str, tmp_path: Path) -> None:
    target = tmp_path / "data"
    if kind == "fil":
        target.write_text("ikke en mappe\n")
    elif kind == "fifo":
        os.mkfifo(target)
    runs = run_tb(tmp_path, CHECK, FRISTER, RENDER, timeout=120)
    for r in runs:
        assert r.code == 2, str(r)
        assert r.stdout == "", str(r)
        assert r.stderr.startswith("tb: ") and "data" in r.stderr, str(r)
        assert_norwegian(r.stderr, r)


def test_data_folder_empty(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    check, frister, render = run_tb(tmp_path, CHECK, FRISTER, RENDER)
    assert check.code == 1, str(check)
    assert [h.code for h in findings(check.stdout)] == ["TB007"]
    assert findings(check.stdout)[0].file == "data"
    assert frister.code == 0 and json.loads(frister.stdout) == []
    assert render.code == 2 and render.stderr.startswith("tb: ")
    for r in (check, render):
        assert_norwegian(r.out, r)


def test_data_folder_with_only_junk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "oppdrag").mkdir(parents=True)
    (data / "oppdrag" / "notat.txt").write_bytes(b"\x00\xff")
    (data / "løs.yaml").write_text(": : :\n")
    (data / ".skjult.yaml").write_text("a: [\n")
    check, frister, render = run_tb(tmp_path, CHECK, FRISTER, RENDER)
    codes = {(h.file, h.code) for h in findings(check.stdout)}
    assert ("data/løs.yaml", "TB005") in codes, str(check)
    assert check.code == 1 and frister.code == 0 and render.code == 2


def test_data_folder_unreadable_files_everywhere(work: Path) -> None:
    """Alle YAML-filene ødelagt på en gang: ett funn per fil, ingen krasj, ingen regel krasjer."""
    data = work / "data"
    files = sorted(p for p in data.rglob("*.yaml") if "mal" not in p.relative_to(data).parts)
    for i, p in enumerate(files):
        p.write_bytes([b"", b"a: [\n", b"\x00", b"- 1\n", b"\xff\xfe"][i % 5])
    check, frister, render = run_tb(work, CHECK, FRISTER, RENDER)
    hits = findings(check.stdout)
    named = {h.file for h in hits}
    for p in files:
        assert f"data/{p.relative_to(data).as_posix()}" in named, p
    assert not [h for h in hits if h.code == "TB900"], str(check)
    assert check.code == 1 and frister.code == 0 and render.code == 2


# ---------------------------------------------------------------- data som gir store mengder arbeid


def test_absurd_recurrence_finishes(work: Path) -> None:
    """En månedlig frist fra år 1 til år 9999: datoene ligger utenfor det et brev kan ha, og
    det er en verdifeil (TB004) på fila; alt skal likevel bli ferdig."""
    p = work / "data" / OPPDRAG
    text = re.sub(
        r"(?ms)^frister:\n(  [^\n]*\n)*",
        "frister:\n  - gjentas: månedlig\n    fra: 0001-01-31\n    til: 9999-12-31\n",
        p.read_text(encoding="utf-8"),
        count=1,
    )
    p.write_text(text, encoding="utf-8")
    (check,) = run_tb(work, CHECK, timeout=60)
    assert check.code == 1
    assert any(h.file == f"data/{OPPDRAG}" and h.code == "TB004" for h in findings(check.stdout))


def test_many_unclosed_markers_do_not_hang(work: Path) -> None:
    """En prosafil med 40 000 «{{» uten «}}» (120 KB) skal ikke få tb check til å henge.
    Tidsgrensen er et vern mot heng, ikke et ytelsesmål (det måles av make bench)."""
    p = work / "data" / PROSA
    p.write_text(p.read_text(encoding="utf-8") + "Slutt " + "{{ " * 40_000 + "\n", encoding="utf-8")
    (check,) = run_tb(work, CHECK, timeout=120)
    assert check.code in (0, 1), str(check)


def test_many_markers_do_not_hang(work: Path) -> None:
    p = work / "data" / PROSA
    p.write_text(
        p.read_text(encoding="utf-8") + "{{ tildeling: 1 mill. kroner }}\n" * 30_000, encoding="utf-8"
    )
    (check,) = run_tb(work, CHECK, timeout=120)
    assert check.code == 1, str(check)
    assert len(findings(check.stdout)) >= 30_000


# ---------------------------------------------------------------- utdataformatet


def test_every_text_line_names_file_line_column(work: Path) -> None:
    data = work / "data"
    p = data / PROSA
    p.write_text(p.read_text(encoding="utf-8") + "\n{{ budsjett\nmer tekst }}\n", encoding="utf-8")
    o = data / OPPDRAG
    o.write_text(o.read_text(encoding="utf-8") + '"ukjent\\nnøkkel": 1\n', encoding="utf-8")
    (check,) = run_tb(work, CHECK)
    lines = check.stdout.strip().splitlines()
    assert SUMMARY_RE.match(lines[-1]), str(check)
    for ln in lines[:-1]:
        assert FINDING_RE.match(ln), f"linja mangler fil:linje:kolonne: {ln!r}\n{check}"


# ---------------------------------------------------------------- norske meldinger


def _messages_for(tmp_path: Path, rel: str, content: str) -> list[str]:
    from tildelingsbrev.pipeline import check

    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / rel).write_text(content, encoding="utf-8")
    result = check(tmp_path / "data")
    return [f.message for f in result.active if f.location.file.name == Path(rel).name]


@pytest.mark.parametrize(
    "name,replace",
    [
        pytest.param(
            "avbildning-der-liste",
            ("frister:", "frister: {dato: 2024-12-31}\nx_frister:"),
        ),
        pytest.param(
            "tidspunkt-der-dato",
            ("mål: 1", "mål: 1\nlevert: 2024-03-20T10:00:00"),
        ),
        pytest.param(
            "tall-som-nøkkel",
            ("mål: 1", "mål: 1\n1: en"),
        ),
        pytest.param(
            "sannhetsverdi-som-nøkkel",
            ("mål: 1", "mål: 1\ntrue: en"),
        ),
        ("liste-der-tekst", ("mål: 1", "mål: 1\nmerknad: [a, b]")),
        ("tekst-der-dato", ("mål: 1", "mål: 1\nlevert: i går")),
        ("null-der-tekst", ("mål: 1", "mål: 1\nmerknad:\ntittel_: x")),
        ("ukjent-status", ("mål: 1", "mål: 1\nstatus: ferdig")),
    ],
)
def test_schema_messages_are_norwegian(name: str, replace: tuple[str, str], tmp_path: Path) -> None:
    text = _orig(OPPDRAG)
    assert replace[0] in text
    messages = _messages_for(tmp_path, OPPDRAG, text.replace(replace[0], replace[1], 1))
    assert messages, name
    for m in messages:
        assert_norwegian(m)


# ---------------------------------------------------------------- valg og verdier på kommandolinja


# (argumenter, om meldingen er tb sin egen «tb: …» – de andre kommer fra click, se
# test_usage_errors_are_norwegian)
BAD_VALUES: list[tuple[tuple[str, ...], bool]] = [
    (("check", "--format", "xml"), False),
    (("check", "--data", "finnes-ikke"), True),
    (("check", "-o", "finnes-ikke/rapport.txt"), True),
    (("check", "-o", "."), True),
    (("frister", "--fra", "2024-02-31"), True),
    (("frister", "--fra", "i går"), True),
    (("frister", "--til", "31.13.2024"), True),
    (("frister", "--neste", "30x"), True),
    (("frister", "--neste", "-3d"), True),
    (("frister", "--fra", "2024-03-01", "--til", "2024-01-01"), True),
    (("frister", "--format", "pdf"), False),
    (("frister", "--mål", "x"), False),
    (("frister", "--data", "finnes-ikke"), True),
    (("render", "--år", "abc"), False),
    (("render", "--år", "1999"), True),
    (("render", "-o", "brev.odt"), True),
    (("render", "-o", "finnes-ikke/brev.md"), True),
    (("render", "-o", "data"), True),
    (("render", "--data", "finnes-ikke"), True),
    (("finnes-ikke",), False),
]


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("cli")
    shutil.copytree(DATA, base / "data")
    return base


@pytest.mark.parametrize("args,own", BAD_VALUES, ids=[" ".join(a) for a, _ in BAD_VALUES])
def test_bad_value_exits_2(args: tuple[str, ...], own: bool, cli_dir: Path) -> None:
    (r,) = run_tb(cli_dir, args, timeout=30)
    assert r.code == 2, str(r)
    assert r.stdout == "", str(r)
    assert r.stderr.strip(), str(r)
    if own:
        assert r.stderr.startswith("tb: ") and len(r.stderr.strip().splitlines()) == 1, str(r)
        assert_norwegian(r.stderr, r)
    assert not (cli_dir / "brev.odt").exists()


def _leaf_commands() -> list[tuple[tuple[str, ...], object]]:
    """Alle kommandoene i `tb` (med underkommandoer som `tb ny oppdrag`), fra Typer-appen selv, så
    nye kommandoer kommer med. (Typer har sin egen kopi av click, så vi ser på formen, ikke klassen.)"""
    import typer

    from tildelingsbrev.cli import app

    out = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in sorted(subs.items()):
                walk(sub, (*path, name))
        else:
            out.append((path, cmd))

    walk(typer.main.get_command(app), ())
    return out


def _annotation(param: object) -> object:
    """Typen et valg tar: fra Typer (`type_descriptor.annotation`) eller click (`type`)."""
    td = getattr(param, "type_descriptor", None)
    if td is not None and getattr(td, "annotation", None) is not None:
        ann = td.annotation
        args = [a for a in getattr(ann, "__args__", ()) if a is not type(None)]
        return args[0] if len(args) == 1 else ann
    t = getattr(param, "type", None)
    if t is not None and hasattr(t, "choices"):
        return enum.Enum
    return {"integer": int, "integer range": int}.get(getattr(t, "name", ""), t)


def _bad_invocations() -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for path, cmd in _leaf_commands():
        out.append((*path, "--finnes-ikke"))
        for p in cmd.params:
            if p.param_type_name != "option" or not p.opts or getattr(p, "is_flag", False):
                continue
            opt = max(p.opts, key=len)
            kind = _annotation(p)
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                out.append((*path, opt, "finnes-ikke"))
            elif kind is int:
                out.append((*path, opt, "abc"))
            elif opt == "--data":
                out.append((*path, opt, "finnes-ikke"))
    return out


@pytest.mark.parametrize("args", _bad_invocations(), ids=lambda a: " ".join(a))
def test_bad_option_exits_2(args: tuple[str, ...], cli_dir: Path) -> None:
    before = sorted(p.relative_to(cli_dir) for p in cli_dir.rglob("*"))
    (r,) = run_tb(cli_dir, args, timeout=30)
    assert r.code == 2, str(r)
    assert r.stderr.strip(), str(r)
    assert sorted(p.relative_to(cli_dir) for p in cli_dir.rglob("*")) == before, "et ugyldig kall skrev filer"


@pytest.mark.parametrize(
    "args",
    [
        ("frister", "--fra", "9999-12-31", "--neste", "1d"),
        ("frister", "--fra", "9999-12-31", "--neste", "1m"),
        ("frister", "--fra", "2024-01-01", "--neste", "9999å"),
    ],
    ids=lambda a: " ".join(a),
)
def test_window_past_year_9999(args: tuple[str, ...], cli_dir: Path) -> None:
    (r,) = run_tb(cli_dir, args, timeout=30)
    assert r.code == 2, str(r)
    assert r.stderr.startswith("tb: "), str(r)
    assert_norwegian(r.stderr, r)


@pytest.mark.parametrize(
    "args",
    [("check", "--finnes-ikke"), ("check", "--format", "xml"), ("frister", "--mål", "x"), ("finnes-ikke",)],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_are_norwegian(args: tuple[str, ...], cli_dir: Path) -> None:
    (r,) = run_tb(cli_dir, args, timeout=30)
    assert r.code == 2
    assert_norwegian(r.stderr, r)
