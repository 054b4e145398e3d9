"""Lese én YAML-fil trygt, med posisjon for hver verdi.

ruamel.yaml bygger nodetreet (YAML 1.2, så `NO`, `yes` og `on` forblir tekst); vi lager
Python-verdiene selv fra nodene. Da kan vi

- huske linje og kolonne for hver nøkkel og verdi (`Positions`),
- gjøre dupliserte nøkler til funn,
- avvise alle objekt-tagger (`!!python/object/apply` kjøres aldri),
- begrense filstørrelse, nesting og alias-utvidelse («billion laughs»).

Nestingen sjekkes før noen parser ser teksten (`_too_deep`): både yaml-rs og libyaml
krasjer på noen titusen nivåer, i blokk-form (`- - - … x`) like gjerne som med klammer.

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
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from ..text import clip, one_line
from .tree import MAX_BYTES, too_large

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
                YamlProblem("syntaks", f"«{clip(v, 40)}» er ikke et heltall", pos.line, pos.column)
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
                YamlProblem("syntaks", f"«{clip(v, 40)}» er ikke et tall", pos.line, pos.column)
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
            # tekst, eller et heltall (`plass_i_brev: {2024: 1}`: året); aldri en liste, null eller ja/nei
            if not isinstance(key, str) and (not isinstance(key, int) or isinstance(key, bool)):
                p = _pos(knode)
                raise _Stop(
                    YamlProblem("syntaks", f"nøkkelen «{clip(str(key), 40)}» må være tekst", p.line, p.column)
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


# ---------------------------------------------------------------- nesting, før parserne ser teksten

_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
"""Linjeskift slik `str.splitlines` ser dem (libyaml ser de fleste av dem slik), utenom «\\n»."""
_EXOTIC_BREAKS = re.compile("\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_LONG_PREFIX: dict[int, tuple[re.Pattern, re.Pattern]] = {}
_PLAIN_END = re.compile(r":(?=[ \t]|$)|[ \t]#")
"""Slutten på en enkel tekst i blokk-kontekst: «: » (nøkkelen slutter) eller « #» (kommentar)."""
_FLOW_PLAIN_END = re.compile(r"[,\[\]{}]|:(?=[ \t,\[\]{}]|$)|[ \t]#")
"""Slutten på en enkel tekst inne i «[ ]»/«{ }»."""
_PROPERTY_END = re.compile(r"[ \t,\[\]{}]|$")
_BLOCK_HEADER = re.compile(r"[|>][+-]?([1-9])?[+-]?")


class _Deep(Exception):
    """Nestingen har passert MAX_DEPTH (linje og kolonne fra 1)."""

    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line, self.column = line, column


def _shallow(text: str, breaks: tuple[str, ...] = _OTHER_BREAKS) -> bool:
    """Sant når teksten umulig kan nestes dypere enn MAX_DEPTH; raskt (bare søk i C), så
    vanlige filer slipper den nøyaktige gjennomgangen (`_NestingScan`).

    Grensen: hver samling i blokk-form begynner i en egen kolonne (en liste uten innrykk
    under en nøkkel deler kolonne med avbildningen), og kolonnen ligger innenfor linjens
    innrykk og indikatorer («- », «? », «: »); med høyst P slike tegn først på hver linje er
    blokk-nestingen høyst 2·(P + 1). Hver samling i flyt-form har sin «[» eller «{» (og
    kanskje et par «a: b» inni): høyst 2 nivåer per klamme. `breaks`: linjeskiftene utenom
    «\\n» som kan finnes i teksten."""
    room = MAX_DEPTH // 2 - text.count("[") - text.count("{")
    if room < 2:
        return False
    patterns = _LONG_PREFIX.get(room)
    if patterns is None:
        patterns = _LONG_PREFIX[room] = (
            re.compile(rf"[ \t?:-]{{{room}}}"),
            re.compile(rf"\n[ \t?:-]{{{room}}}"),
        )
    for brk in breaks:
        if brk in text:
            text = _EXOTIC_BREAKS.sub("\n", text)
            break
    return patterns[0].match(text) is None and patterns[1].search(text) is None


def _too_deep(text: str, breaks: tuple[str, ...] = _OTHER_BREAKS) -> tuple[int, int] | None:
    """(linje, kolonne) der teksten nestes dypere enn MAX_DEPTH nivåer, eller None.

    Kjøres før både yaml-rs og libyaml ser teksten: ingen av dem har en grense for nesting,
    og begge krasjer (segmenteringsfeil, kode 139) på noen titusen nivåer. Nesting telles
    både i blokk-form (innrykk, og «- »/«? »/«: » etter hverandre på én linje: `- - - x`) og
    i flyt-form («[», «{»), i én gjennomgang i lineær tid. Tekst i anførselstegn, blokk-tekst
    (`|`, `>`), enkel tekst over flere linjer og kommentarer telles ikke; der gjennomgangen
    er i tvil, teller den heller for mye enn for lite. `breaks` som i `_shallow`."""
    global _last_scan
    if _shallow(text, breaks):
        return None
    last = _last_scan
    if last is not None and last[0] == text:
        return last[1]  # den samme fila fra den raske veien, nå på den grundige
    where = None
    try:
        _NestingScan().run(text.splitlines())
    except _Deep as deep:
        where = deep.line, deep.column
    _last_scan = (text, where)
    return where


_last_scan: tuple[str, tuple[int, int] | None] | None = None
"""Den siste teksten som ble gått gjennom linje for linje, og svaret."""


class _NestingScan:
    """Den nøyaktige gjennomgangen bak `_too_deep`: en liten YAML-leser som bare holder
    rede på hvilke samlinger som er åpne.

    `stack` har (kolonne, «m»/«s») for hver åpen avbildning og liste i blokk-form; `flow` er
    antall åpne «[»/«{». Mellom linjene huskes det om vi er inne i tekst i anførselstegn
    (`quote`), i blokk-tekst (linjer med innrykk over `block_parent`), i enkel tekst som kan
    fortsette (`plain_parent`) eller i flyt-form (`flow` > 0)."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.flow = 0
        self.expect_node = False  # i flyt-form: neste tegn begynner en verdi
        self.after_json = False  # i flyt-form: rett etter "…", '…', ] eller } (da er «:» alltid en indikator)
        self.quote: str | None = None
        self.block_parent: int | None = None
        self.block_indent: int | None = None
        self.block_explicit = 0
        self.plain_parent: int | None = None
        self.n = 0  # linjenummeret (fra 1)

    # -- hjelpere

    def deep(self, col: int) -> None:
        if len(self.stack) + self.flow > MAX_DEPTH:
            raise _Deep(self.n, col + 1)

    def open(self, col: int, kind: str) -> None:
        """En samling i blokk-form begynner i kolonne `col`."""
        stack = self.stack
        if stack and stack[-1][0] == col:
            top = stack[-1][1]
            if top == kind:
                return  # et nytt element i samme samling
            if top == "m":
                stack.append((col, "s"))  # en liste uten innrykk under en nøkkel
            else:
                stack.pop()  # lista uten innrykk slutter; tilbake i avbildningen
                if not (stack and stack[-1] == (col, "m")):
                    stack.append((col, "m"))
        else:
            stack.append((col, kind))
        self.deep(col)

    @staticmethod
    def blanks(line: str, i: int) -> int:
        n = len(line)
        while i < n and line[i] in " \t":
            i += 1
        return i

    def end_quote(self, line: str, i: int, q: str) -> int:
        """Indeksen etter anførselstegnet som lukker teksten (som begynner før `i`), eller -1
        når teksten fortsetter på neste linje."""
        while True:
            j = line.find(q, i)
            if j < 0:
                return -1
            if q == "'":
                if line.startswith("''", j):
                    i = j + 2
                    continue
                return j + 1
            k = j
            while k > 0 and line[k - 1] == "\\":
                k -= 1
            if (j - k) % 2 == 0:
                return j + 1
            i = j + 1

    @staticmethod
    def properties(line: str, i: int) -> int:
        """Hopp over anker («&a») og tagger («!t», «!<…>») der en verdi begynner."""
        n = len(line)
        while i < n and line[i] in "&!":
            if line.startswith("!<", i):
                j = line.find(">", i)
                i = n if j < 0 else j + 1
            else:
                m = _PROPERTY_END.search(line, i + 1)
                i = m.start() if m else n
            while i < n and line[i] in " \t":
                i += 1
        return i

    # -- gjennomgangen

    def run(self, lines: list[str]) -> None:
        for self.n, line in enumerate(lines, 1):
            if self.quote is not None:
                end = self.end_quote(line, 0, self.quote)
                if end < 0:
                    continue
                self.quote = None
                if self.flow:
                    end = self.scan_flow(line, end)
                    if end < 0:
                        continue
                self.after_node(line, end)
                continue
            if self.flow:
                end = self.scan_flow(line, 0)
                if end >= 0:
                    self.after_node(line, end)
                continue
            body = line.lstrip(" ")
            if not body or body.isspace():
                continue  # tom linje: endrer ingenting (heller ikke tekst som fortsetter)
            ind = len(line) - len(body)
            if self.block_parent is not None:
                if self.block_indent is None:
                    if ind > self.block_parent and ind >= self.block_explicit:
                        self.block_indent = ind if not self.block_explicit else self.block_explicit
                        continue
                elif ind >= self.block_indent:
                    continue
                self.block_parent = self.block_indent = None
            if body[0] == "#":
                self.plain_parent = None  # en kommentar avslutter enkel tekst
                continue
            if self.plain_parent is not None:
                if ind > self.plain_parent:
                    continue  # enkel tekst som fortsetter
                self.plain_parent = None
            self.block_line(line, ind)

    def block_line(self, line: str, ind: int) -> None:
        stack = self.stack
        if ind == 0 and line.startswith(("---", "...")) and (len(line) == 3 or line[3] in " \t"):
            stack.clear()  # et nytt dokument (flere dokumenter er en feil, men tell likevel)
            i = self.blanks(line, 3)
            if i >= len(line) or line[i] == "#":
                return
            ind = i
        while stack and stack[-1][0] > ind:
            stack.pop()
        n = len(line)
        i = self.blanks(line, ind)  # tabulator i innrykket er en feil, men tell likevel
        parent = ind
        # «- », «? » og «: » etter hverandre: hver åpner et nytt nivå
        while i < n and line[i] in "-?:" and (i + 1 == n or line[i + 1] in " \t"):
            self.open(i, "s" if line[i] == "-" else "m")
            parent = i
            i = self.blanks(line, i + 1)
            if i >= n or line[i] == "#":
                return
        self.node(line, i, parent, key=True)

    def node(self, line: str, i: int, parent: int, key: bool) -> None:
        """En verdi begynner i `line[i]` (blokk-form). `parent`: kolonnen til samlingen den
        hører til (eller mer: da regnes for lite som blokk-tekst og fortsettelse, aldri for
        mye). Med `key` kan verdien være en nøkkel («a: …»)."""
        n = len(line)
        start = i
        i = self.properties(line, i)
        if i >= n or line[i] == "#":
            return
        c = line[i]
        if c in "|>":
            m = _BLOCK_HEADER.match(line, i)
            digit = m.group(1) if m else None
            self.block_parent = parent
            self.block_indent = None
            self.block_explicit = parent + int(digit) if digit else 0
            return
        if c in "\"'":
            end = self.end_quote(line, i + 1, c)
            if end < 0:
                self.quote = c
                return
            i = end
        elif c in "[{":
            self.expect_node = False
            end = self.scan_flow(line, i)
            if end < 0:
                return
            i = end
        else:  # enkel tekst eller alias
            m = _PLAIN_END.search(line, i)
            if m is None:
                self.plain_parent = parent  # kan fortsette på neste linje
                return
            if m.group() != ":":
                return  # en kommentar
            i = m.start()
        # etter en verdi: er det en nøkkel?
        i = self.blanks(line, i)
        if key and i < n and line[i] == ":" and (i + 1 == n or line[i + 1] in " \t"):
            self.open(start, "m")
            i = self.blanks(line, i + 1)
            if i < n and line[i] != "#":
                self.node(line, i, start, key=False)

    def after_node(self, line: str, i: int) -> None:
        """Resten av linjen etter tekst i anførselstegn eller flyt-form over flere linjer."""
        n = len(line)
        i = self.blanks(line, i)
        if i < n and line[i] == ":" and (i + 1 == n or line[i + 1] in " \t"):
            i = self.blanks(line, i + 1)
            if i < n and line[i] != "#":
                self.node(line, i, i, key=False)

    def scan_flow(self, line: str, i: int) -> int:
        """Gå gjennom flyt-form fra `line[i]`; indeksen etter klammen som lukker den
        ytterste, eller -1 når den fortsetter på neste linje."""
        n = len(line)
        while i < n:
            c = line[i]
            if c in " \t":
                i += 1
                continue
            if c == "#" and (i == 0 or line[i - 1] in " \t"):
                return -1  # kommentar resten av linjen
            if self.expect_node:
                if c in "&!":
                    i = self.properties(line, i)
                    continue
                if c in "\"'":
                    end = self.end_quote(line, i + 1, c)
                    self.expect_node = False
                    self.after_json = True
                    if end < 0:
                        self.quote = c
                        return -1
                    i = end
                    continue
            if c in "[{":
                self.flow += 1
                self.deep(i)
                self.expect_node = True
                self.after_json = False
                i += 1
                continue
            if c in "]}":
                self.flow -= 1
                i += 1
                self.expect_node = False
                self.after_json = True
                if self.flow == 0:
                    return i
                continue
            if c == ",":
                self.expect_node = True
                self.after_json = False
                i += 1
                continue
            if c in "?:" and (
                (c == ":" and self.after_json) or i + 1 == n or line[i + 1] in " \t,[]{}"
            ):
                self.expect_node = True
                self.after_json = False
                i += 1
                continue
            m = _FLOW_PLAIN_END.search(line, i + 1)
            i = m.start() if m else n
            self.expect_node = False
            self.after_json = False
        return -1


def _compose(text: str) -> Node | None:
    """Nodetreet for én YAML 1.2-fil: libyaml-parseren fra ruamel.yaml.clib når den finnes
    (mange ganger raskere), ellers ruamel sin rene Python-parser."""
    where = _too_deep(text)
    if where is not None:
        raise _Deep(*where)
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
_CONTROL_BYTES = bytes([*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1 = re.compile(rb"\xc2[\x80-\x9f]")
_LINE_SEPARATORS = re.compile(rb"\xe2\x80[\xa8\xa9]")
_NONCHARACTERS = re.compile(rb"\xef\xbf[\xbe\xbf]")


def _careful_chars(raw: bytes) -> bool:
    """Sant når fila har tegn yaml-rs og libyaml ikke er enige om: kontrolltegn (ESC, BEL,
    DEL, C1; libyaml sier «control characters are not allowed», yaml-rs godtar dem), NEL,
    linje- og avsnittsskille (linjeskift for libyaml, ikke for yaml-rs) og U+FFFE/U+FFFF.
    Slike filer leses på den grundige veien, så begge veiene gir det samme svaret. (Hvert
    søk begynner med en fast byte og er derfor raskt.)"""
    return (
        len(raw.translate(None, _CONTROL_BYTES)) != len(raw)
        or _C1.search(raw) is not None
        or _LINE_SEPARATORS.search(raw) is not None
        or _NONCHARACTERS.search(raw) is not None
    )


def parse_fast(raw: bytes) -> object | None:
    """Den raske veien: yaml-rs (YAML 1.2, i Rust) uten posisjoner.

    Returnerer data, eller None når fila skal leses på den grundige veien (`parse_yaml`):
    når yaml-rs mangler eller gir feil, og for alt der de to kunne gitt ulikt svar eller der
    vi vil ha våre egne meldinger – tagger («!»), ankre og alias («&», «*»),
    sammenslåingsnøkler («<<»), tekst i anførselstegn som ser ut som en dato, umulige datoer,
    kontrolltegn (`_careful_chars`), nesting dypere enn MAX_DEPTH (`_too_deep`, før yaml-rs
    ser teksten), store filer og binært innhold.
    """
    if _yaml_rs is None or len(raw) > MAX_BYTES or b"\x00" in raw:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"!" in raw or b"&" in raw or b"*" in raw or b"<<" in raw or b"\t" in raw:
        return None
    if _careful_chars(raw):
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
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _too_deep(text, ("\r",)) is not None:  # de andre linjeskiftene er utelukket over
        return None  # yaml-rs krasjer på dyp nesting; den grundige veien melder den
    try:
        return _yaml_rs.loads(text)
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
    except ReaderError as e:  # et tegn YAML ikke tillater (kontrolltegn), før noe er tolket
        line, col = _reader_position(raw, text, e.position)
        code = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        what = "kontrolltegn" if code < 0x20 or 0x7F <= code <= 0x9F else "tegnet"
        msg = f"YAML-syntaksfeil: {what} (U+{code:04X}) er ikke lov i YAML"
        return None, Positions(), [YamlProblem("syntaks", msg, line, col)]
    except YAMLError as e:  # pragma: no cover - ruamel gir nesten alltid et merke
        detail = one_line(e)
        return None, Positions(), [YamlProblem("syntaks", f"YAML-syntaksfeil (fra parseren: «{detail}»)", 1, 1)]
    except _Deep as deep:
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


def _reader_position(raw: bytes, text: str, position: int) -> tuple[int, int]:
    """(linje, kolonne) for posisjonen i en ReaderError: libyaml oppgir byte i UTF-8, ruamel
    sin rene Python-leser tegn."""
    if _CLoader is None:  # pragma: no cover - uten C-utvidelsen
        before = text[:position]
    else:
        before = raw[:position].decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


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
    detail = one_line(e.problem or e.context or "ukjent feil")
    return f"YAML-syntaksfeil (fra parseren: «{detail}»)"
