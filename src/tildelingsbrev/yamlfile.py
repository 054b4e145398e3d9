"""Lese én YAML-fil trygt, med posisjon for hver verdi.

ruamel.yaml bygger nodetreet (YAML 1.2, så `NO`, `yes` og `on` forblir tekst); vi lager
Python-verdiene selv fra nodene. Da kan vi

- huske linje og kolonne for hver nøkkel og verdi (`Positions`),
- gjøre dupliserte nøkler til funn,
- avvise alle objekt-tagger (`!!python/object/apply` kjøres aldri),
- begrense filstørrelse, nesting og alias-utvidelse («billion laughs»).

Ingenting her kaster unntak for dårlige data: alt blir `YamlProblem`.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

try:  # den raske veien
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover
    _yaml_rs = None

try:  # libyaml via ruamel.yaml.clib
    from ruamel.yaml.cyaml import CParser

    class _CLoader(CParser, VersionedResolver):  # type: ignore[misc]
        """CParser med YAML 1.2-oppløsning av skalarer (`NO` er tekst)."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            VersionedResolver.__init__(self, version=(1, 2), loader=self)

except ImportError:  # pragma: no cover - ren Python når C-utvidelsen mangler
    _CLoader = None  # type: ignore[assignment,misc]

MAX_BYTES = 2_000_000
MAX_DEPTH = 50
MAX_NODES = 200_000
"""Største antall verdier etter at alias er utvidet."""

Path_ = tuple  # en sti inn i dokumentet: ("frister", 0, "dato")

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass(frozen=True)
class Pos:
    line: int  # fra 1
    column: int  # fra 1
    block_indent: int | None = None
    """For blokk-tekst (`|`, `>`): innrykket til innholdet, som begynner på linjen etter."""


@dataclass
class Positions:
    """Posisjonen til hver verdi og hver nøkkel, etter sti."""

    values: dict[Path_, Pos] = field(default_factory=dict)
    keys: dict[Path_, Pos] = field(default_factory=dict)
    invalid: set[Path_] = field(default_factory=set)
    """Verdiene som alt er meldt som ugyldige (umulige datoer); skjemaet melder dem ikke igjen."""

    def value(self, path: Path_) -> Pos:
        """Posisjonen til verdien på `path`, eller den nærmeste forelderen som finnes."""
        p = tuple(path)
        while p:
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), Pos(1, 1))

    def key(self, path: Path_) -> Pos:
        p = tuple(path)
        if p in self.keys:
            return self.keys[p]
        return self.value(p)

    def in_text(self, path: Path_, line_offset: int, col: int) -> Pos:
        """Posisjonen til et tegn inne i en tekstverdi (linje `line_offset` i teksten)."""
        base = self.value(path)
        if base.block_indent is not None:
            return Pos(base.line + 1 + line_offset, base.block_indent + 1 + col)
        if line_offset == 0:
            return Pos(base.line, base.column + col)
        return Pos(base.line + line_offset, col + 1)


@dataclass(frozen=True)
class YamlProblem:
    kind: str  # "syntaks", "duplikat", "tagg", "grense", "verdi" (en umulig dato)
    message: str
    line: int
    column: int


class _BadValue(Exception):
    """En verdi som er gyldig YAML, men ikke en gyldig verdi (en dato som ikke finnes). Fila
    leses videre med teksten i stedet, så resten av fila også sjekkes."""

    def __init__(self, problem: YamlProblem, text: str):
        super().__init__(problem.message)
        self.problem = problem
        self.text = text


class _TooDeep(Exception):
    def __init__(self, line: int = 1, column: int = 1):
        super().__init__(line, column)
        self.line, self.column = line, column


class _Stop(Exception):
    def __init__(self, problem: YamlProblem):
        self.problem = problem


def _pos(node: Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar(node: ScalarNode, lines: list[str]) -> tuple[object, Pos]:
    tag, v = node.tag, node.value
    pos = _pos(node)
    if node.style in ("|", ">"):
        indent = None
        for ln in lines[node.start_mark.line + 1 :]:
            if ln.strip():
                indent = len(ln) - len(ln.lstrip(" "))
                break
        pos = Pos(pos.line, pos.column, indent if indent is not None else pos.column)
    if tag == _STD + "str":
        return v, pos
    if tag == _STD + "null":
        return None, pos
    if tag == _STD + "bool":
        if v.lower() not in ("true", "false"):
            raise _Stop(YamlProblem("syntaks", f"«{v}» er ikke true eller false", pos.line, pos.column))
        return v.lower() == "true", pos
    if tag == _STD + "int":
        s = v.replace("_", "")
        sign = -1 if s.startswith("-") else 1
        s = s.lstrip("+-")
        base = 10
        if s[:2] in ("0o", "0O"):
            s, base = s[2:], 8
        elif s[:2] in ("0x", "0X"):
            s, base = s[2:], 16
        if len(s) > 30:
            raise _Stop(YamlProblem("grense", f"tallet har for mange sifre ({len(s)})", pos.line, pos.column))
        try:
            return sign * int(s, base), pos
        except ValueError:
            raise _Stop(
                YamlProblem("syntaks", f"«{_clip(v)}» er ikke et heltall", pos.line, pos.column)
            ) from None
    if tag == _STD + "float":
        s = v.lower().replace("_", "")
        if s in (".nan",):
            return math.nan, pos
        if s in (".inf", "+.inf"):
            return math.inf, pos
        if s == "-.inf":
            return -math.inf, pos
        try:
            return float(s), pos
        except ValueError:
            raise _Stop(
                YamlProblem("syntaks", f"«{_clip(v)}» er ikke et tall", pos.line, pos.column)
            ) from None
    if tag == _STD + "timestamp":
        try:
            if len(v) == 10:
                return date.fromisoformat(v), pos
            return datetime.fromisoformat(v.replace("t", "T").replace(" ", "T", 1)), pos
        except ValueError:
            raise _BadValue(
                YamlProblem("verdi", f"«{v}» er ingen gyldig dato", pos.line, pos.column), v
            ) from None
    return v, pos


def _clip(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


class _Builder:
    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.positions = Positions()
        self.count = 0
        self.problems: list[YamlProblem] = []

    def build(self, node: Node, path: Path_, depth: int, active: frozenset[int]) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            p = _pos(node)
            raise _Stop(
                YamlProblem(
                    "grense",
                    f"fila utvides til mer enn {MAX_NODES} verdier (alias-bombe?)",
                    p.line,
                    p.column,
                )
            )
        if depth > MAX_DEPTH:
            p = _pos(node)
            raise _Stop(YamlProblem("grense", f"nestet dypere enn {MAX_DEPTH} nivåer", p.line, p.column))
        if node.tag not in _ALLOWED_TAGS:
            p = _pos(node)
            raise _Stop(
                YamlProblem(
                    "tagg", f"taggen «{node.tag.replace(_STD, '!!')}» er ikke tillatt", p.line, p.column
                )
            )
        if id(node) in active:
            p = _pos(node)
            raise _Stop(YamlProblem("grense", "aliaset peker på seg selv (syklus)", p.line, p.column))
        if isinstance(node, ScalarNode):
            try:
                value, pos = _scalar(node, self.lines)
            except _BadValue as bad:
                self.problems.append(bad.problem)
                self.positions.invalid.add(path)
                value, pos = bad.text, Pos(bad.problem.line, bad.problem.column)
            self.positions.values.setdefault(path, pos)
            return value
        self.positions.values.setdefault(path, _pos(node))
        inner = active | {id(node)}
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1, inner) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        out: dict = {}
        for knode, vnode in node.value:
            if knode.tag == _STD + "merge":
                p = _pos(knode)
                raise _Stop(
                    YamlProblem("tagg", "sammenslåingsnøkkel («<<») er ikke tillatt", p.line, p.column)
                )
            key = self.build(knode, path + ("<nøkkel>",), depth + 1, inner)
            if not isinstance(key, str):
                p = _pos(knode)
                raise _Stop(
                    YamlProblem("syntaks", f"nøkkelen «{_clip(str(key))}» må være tekst", p.line, p.column)
                )
            kpos = _pos(knode)
            if key in out:
                first = self.positions.keys.get(path + (key,))
                where = f" (første gang på linje {first.line})" if first else ""
                self.problems.append(
                    YamlProblem("duplikat", f"nøkkelen «{key}» står to ganger{where}", kpos.line, kpos.column)
                )
                continue
            self.positions.keys[path + (key,)] = kpos
            out[key] = self.build(vnode, path + (key,), depth + 1, inner)
        return out


def _too_deep(text: str) -> tuple[int, int] | None:
    """(linje, kolonne) der «[»/«{» nestes dypere enn MAX_DEPTH, eller None (grovt: tegn i
    tekst telles også). libyaml har ingen grense for nesting og krasjer på svært dyp nesting,
    så vi sjekker før den får teksten."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i)
                return line + 1, i - (text.rfind("\n", 0, i) + 1) + 1
        elif ch in "]}":
            depth = max(0, depth - 1)
    return None


def _compose(text: str) -> Node | None:
    """Nodetreet for én YAML 1.2-fil: libyaml-parseren fra ruamel.yaml.clib når den finnes
    (mange ganger raskere), ellers ruamel sin rene Python-parser."""
    if "[" in text or "{" in text:
        where = _too_deep(text)
        if where is not None:
            raise _TooDeep(*where)
    if _CLoader is not None:
        return _CLoader(text).get_single_node()
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml.compose(io.StringIO(text))


_DATE_LIKE = re.compile(rb"(?<![\w.-])(\d{4})-(\d{2})-(\d{2})(?![\w.-])")
_MAYBE_IMPOSSIBLE = re.compile(
    rb"-(?:00|1[3-9]|[2-9]\d)-\d\d|-\d\d-(?:00|3[2-9]|[4-9]\d)|-(?:0[2469]|11)-31|-02-(?:29|30)"
)
"""Det som kan være en umulig dato: måned 00 eller 13–99, dag 00 eller over 31, 31. i en
måned med 30 dager, 29. og 30. februar. Bare når dette finnes, må datoene sjekkes én for én
(29. februar avhenger av året); alle andre datoer i formen ÅÅÅÅ-MM-DD finnes. Mønsteret
begynner med et fast tegn og er derfor raskt å søke med."""
_QUOTED_DATE = re.compile(rb"[\"'](\d{4})-(\d{2})-(\d{2})")


def too_large(size: int) -> str:
    """Meldingen for en fil over `MAX_BYTES`, med tallene skrevet på norsk."""
    from .norsk import format_kroner

    return f"fila er {format_kroner(size)} byte; største tillatte er {format_kroner(MAX_BYTES)} byte"


def parse_fast(raw: bytes) -> object | None:
    """Den raske veien: yaml-rs (YAML 1.2, i Rust) uten posisjoner.

    Returnerer data, eller None når fila skal leses på den grundige veien (`parse_yaml`):
    når yaml-rs mangler eller gir feil, og for alt der de to kunne gitt ulikt svar eller der
    vi vil ha våre egne meldinger – tagger («!»), ankre og alias («&», «*»),
    sammenslåingsnøkler («<<»), tekst i anførselstegn som ser ut som en dato, umulige datoer,
    store filer og binært innhold.
    """
    if _yaml_rs is None or len(raw) > MAX_BYTES or b"\x00" in raw:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"!" in raw or b"&" in raw or b"*" in raw or b"<<" in raw or b"\t" in raw:
        return None
    if _QUOTED_DATE.search(raw):
        return None
    if _MAYBE_IMPOSSIBLE.search(raw):
        for m in _DATE_LIKE.finditer(raw):
            try:
                date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    try:
        return _yaml_rs.loads(raw.decode("utf-8"))
    except Exception:  # noqa: BLE001 - alt som ikke går på den raske veien, tas på den grundige
        return None


def parse_yaml(raw: bytes) -> tuple[object, Positions, list[YamlProblem]]:
    """Les YAML fra bytes. Returnerer (data, posisjoner, problemer); data er None ved feil."""
    if len(raw) > MAX_BYTES:
        return (
            None,
            Positions(),
            [YamlProblem("grense", too_large(len(raw)), 1, 1)],
        )
    if b"\x00" in raw:
        return None, Positions(), [YamlProblem("syntaks", "fila er binær (inneholder NUL-byte)", 1, 1)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return (
            None,
            Positions(),
            [YamlProblem("syntaks", "fila er ikke UTF-8 (lagre den som UTF-8)", line, col)],
        )
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, Positions(), [YamlProblem("syntaks", "fila er tom", 1, 1)]
    try:
        node = _compose(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context and "quoted scalar" in e.context and e.context_mark is not None:
            mark = e.context_mark  # der anførselstegnet åpnes
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        msg = _syntax_message(e)
        return None, Positions(), [YamlProblem("syntaks", msg, line, col)]
    except YAMLError as e:  # pragma: no cover - ruamel gir nesten alltid et merke
        return None, Positions(), [YamlProblem("syntaks", f"YAML-feil: {e}", 1, 1)]
    except _TooDeep as deep:
        return (
            None,
            Positions(),
            [YamlProblem("grense", f"nestet dypere enn {MAX_DEPTH} nivåer", deep.line, deep.column)],
        )
    except RecursionError:
        return None, Positions(), [YamlProblem("grense", f"nestet dypere enn {MAX_DEPTH} nivåer", 1, 1)]
    if node is None:
        return None, Positions(), [YamlProblem("syntaks", "fila er tom", 1, 1)]
    builder = _Builder(text)
    try:
        data = builder.build(node, (), 0, frozenset())
    except _Stop as stop:
        return None, builder.positions, builder.problems + [stop.problem]
    except RecursionError:
        return None, builder.positions, [YamlProblem("grense", f"nestet dypere enn {MAX_DEPTH} nivåer", 1, 1)]
    return data, builder.positions, builder.problems


_TRANSLATIONS = {
    "found character '\\t' that cannot start any token": "tabulator er ikke lov i YAML; bruk mellomrom",
    "mapping values are not allowed here": "kolon på feil sted (mangler det anførselstegn rundt teksten?)",
    "could not find expected ':'": "fant ikke forventet «:»",
    "found undefined alias": "ukjent alias",
    "expected <block end>, but found": "feil innrykk",
    "found unexpected end of stream": "fila slutter midt i en verdi (avkortet?)",
    "found unexpected ':'": "uventet «:»",
    "while scanning a quoted scalar": "anførselstegn som ikke er lukket",
    "found duplicate anchor": "ankeret er definert to ganger",
    # libyaml (ruamel.yaml.clib) sine meldinger
    "found a tab character that violates indentation": "tabulator er ikke lov i YAML; bruk mellomrom",
    "found character that cannot start any token": "et tegn som ikke kan starte en verdi (tabulator, «@» eller «`»?)",
    "did not find expected ',' or ']'": "fant ikke «,» eller «]» (mangler en lukkende klamme?)",
    "did not find expected ',' or '}'": "fant ikke «,» eller «}» (mangler en lukkende krøllparentes?)",
    "mapping values are not allowed in this context": "kolon på feil sted (mangler det anførselstegn rundt teksten?)",
    "did not find expected key": "fant ikke forventet nøkkel (feil innrykk?)",
    "did not find expected '-' indicator": "feil innrykk i en liste",
    "did not find expected node content": "mangler en verdi",
    "block sequence entries are not allowed in this context": "et listepunkt («- ») på feil sted",
    "found undefined tag handle": "ukjent tagg",
    "found unknown escape character": "ukjent escape-tegn i tekst med anførselstegn",
    "control characters are not allowed": "kontrolltegn er ikke lov i YAML",
    "did not find URI escaped octet": "ugyldig tagg",
    "found unexpected document indicator": "uventet dokumentskille («---» eller «...»)",
    "found incomplete explicit key": "ufullstendig nøkkel",
    "but found another document": "fila har mer enn ett YAML-dokument («---»); én fil er ett dokument",
    "expected a single document": "fila har mer enn ett YAML-dokument («---»); én fil er ett dokument",
}


def _syntax_message(e: MarkedYAMLError) -> str:
    if e.context and "quoted scalar" in e.context:
        return "YAML-syntaksfeil: anførselstegn som ikke er lukket"
    problem = (e.problem or "") + " " + (e.context or "")
    for needle, norsk in _TRANSLATIONS.items():
        if needle in problem:
            return f"YAML-syntaksfeil: {norsk}"
    detail = " ".join((e.problem or e.context or "ukjent feil").split())
    return f"YAML-syntaksfeil (fra parseren: «{detail}»)"
