"""Brevet som HTML: Markdown gjort om med markdown-it-py, og det en leser, en skjermleser og
utskriften trenger i tillegg (`markdown_to_html` i output.py kaller `body`).

- **Ingen rå HTML fra data.** HTML i Markdown blir synlig tekst; det eneste som slipper
  gjennom, er linjeskiftet `<br>` (i en tabellcelle, der Markdown ikke har noe annet
  linjeskift). Tekst fra data går gjennom filteret `md`, som escaper `<`, så `<br>` kan bare
  komme fra malene eller prosaen. Bilder blir lenker (ingen forespørsel når siden åpnes).
- **Brevhodet**: alt før overskriften (`<h1>`) er brevhodet, `<header class="brevhode">`:
  avsenderen (første avsnitt), mottakeren (andre) og referansene (tabellen).
- **Overskriftene** får faste id-er laget av teksten («3. Mål, styringsparametere og oppdrag»
  → `3-mal-styringsparametere-og-oppdrag`; æ → ae, ø → o, å → a, som filnavnene i data), med
  -2, -3 … når samme tekst kommer igjen. Samme brev gir samme id-er.
- **Innholdsfortegnelsen** (`<nav class="innhold">`, med lenker til overskriftene på nivå 2
  og 3) står rett etter overskriften når dokumentet har minst tre kapitler; på papir er den
  skjult (brev.css). Overskriften («Innhold» / «Innhald») og navnet på referansetabellen i
  brevhodet følger brevets målform (`målform`, ordene i `ord.py`).
- **Tabellene** får et navn for skjermlesere (`aria-labelledby`: innledningen rett foran,
  ellers overskriften), smale kolonner med tall (alle cellene korte: post, oppdragsnummer,
  beløp, dato) brytes ikke (`class="smal"`), og tabeller med de samme kolonneoverskriftene deler
  kolonnebredder (`<colgroup>`, regnet fra alle tabellene med de overskriftene), så
  budsjettabellene står likt under hverandre. Sumraden (første celle «Sum») får
  `class="sum"`.
- **Et avsnitt rett foran en tabell eller liste** (innledningen, «… ber om følgende
  rapportering:») får `class="innleder"`, så utskriften holder dem sammen.
- **Enheten over en tabell** («(i kroner)», et avsnitt i parentes rett foran tabellen, slik
  brevet trykker den over budsjettabellene) får `class="enhet"`: høyrestilt over
  beløpskolonnen og på samme side som tabellen (`enhetslinje`; Word gjør det samme).
- **Tall brytes ikke**: mellomrommet i «20 000» og mellom et tall og «mill.»/«mrd.» blir hardt
  (U+00A0) i all tekst.

`parser()` er markdown-it med valgene over; Word (`docx.py`) leser Markdown-en med den samme.
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from .ord import tekst

NBSP = "\u00a0"

_BR = re.compile(r"<br\s*/?>", re.I)
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,])")
_UNIT = re.compile(r"(\d) (mill\.|mrd\.)")
_SLUG_MAP = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})

TOC_MIN_CHAPTERS = 3
"""Innholdsfortegnelsen kommer med når dokumentet har minst så mange overskrifter på nivå 2."""
TOC_LEVELS = (2, 3)
"""Overskriftsnivåene innholdsfortegnelsen viser."""
NARROW_CHARS = 20
"""En kolonne er smal (brytes ikke) når ingen celle under overskriften har flere tegn enn dette."""
LONG_WORD_CHARS = 24
"""Et ord så langt gir en middels kolonne bredden sin; et lengre ord brytes i kolonnen."""
MEDIUM_CHARS = 45
"""En kolonne med cellene i snitt høyst så lange (og ikke den bredeste) får fast bredde."""


def parser():
    """markdown-it slik brevet leses, i HTML og i Word: CommonMark med tabeller, uten
    HTML-blokker (en linje med <div> blir tekst i et avsnitt) og uten bilder (et bilde i prosaen
    ville blitt en forespørsel ut når HTML-en åpnes). HTML inne i et avsnitt gjengis som synlig
    tekst (`_html_inline`), bortsett fra <br>; Word gjør det samme med symbolene."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.enable("table").disable(["image", "html_block"])
    md.add_render_rule("html_inline", _html_inline)
    return md


def _html_inline(self, tokens, idx, options, env) -> str:
    content = tokens[idx].content
    return "<br>" if _BR.fullmatch(content) else escape(content, quote=False)


def body(md_text: str, målform: str = "bokmål") -> str:
    """Markdown til HTML-innholdet i `<main>`: brevhode, id-er, innholdsfortegnelse, tabeller
    og harde mellomrom som beskrevet øverst; ordene html.py selv skriver, på `målform`."""
    md = parser()
    env: dict = {}
    tokens = md.parse(md_text, env)
    _no_breaks_in_numbers(tokens)
    headings = _heading_ids(tokens)
    _tables(tokens)
    tokens = _letterhead(tokens, målform)
    tokens = _toc(tokens, headings, målform)
    return md.renderer.render(tokens, md.options, env)


# ---------------------------------------------------------------- tekst


def _text(inline) -> str:
    """Teksten i en inline-token (uten markering), med linjeskift som mellomrom."""
    out = []
    for c in inline.children or ():
        if c.type in ("text", "code_inline", "text_special"):
            out.append(c.content)
        elif c.type in ("softbreak", "hardbreak") or (c.type == "html_inline" and _BR.fullmatch(c.content)):
            out.append(" ")
    return "".join(out).strip()


def _no_breaks_in_numbers(tokens) -> None:
    for t in tokens:
        for c in t.children or ():
            if c.type == "text":
                s = _THOUSANDS.sub(lambda m: m.group(0).replace(" ", NBSP), c.content)
                c.content = _UNIT.sub(lambda m: m.group(1) + NBSP + m.group(2), s)


def slug(text: str) -> str:
    """En id av en overskrift: små bokstaver, æ/ø/å som ae/o/a, andre tegn med aksent uten
    aksenten, og bindestrek mellom ordene («Mål 1: Flere …» → `mal-1-flere-…`)."""
    s = unicodedata.normalize("NFKD", text.translate(_SLUG_MAP).lower())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:80].rstrip("-") or "del"


class _Ids:
    """Id-ene som er brukt i dokumentet: samme tekst to ganger gir -2, -3 …"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, text: str) -> str:
        base = slug(text)
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident


# ---------------------------------------------------------------- overskrifter og innhold


def _heading_ids(tokens) -> list[tuple[int, str, str]]:
    """Id på hver overskrift og hvert avsnitt rett foran en tabell (navnet på tabellen).
    Gir overskriftene som (nivå, id, tekst)."""
    ids = _Ids()
    out = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            text = _text(tokens[i + 1])
            ident = ids.new(text)
            t.attrSet("id", ident)
            out.append((int(t.tag[1]), ident, text))
    for i, t in enumerate(tokens):
        if t.type == "paragraph_open" and _unit_line(tokens, i):
            t.attrSet("class", "enhet")
        elif t.type == "paragraph_open" and _lead_in(tokens, i):
            t.attrSet("class", "innleder")
            if tokens[i + 3].type == "table_open":
                t.attrSet("id", ids.new("tabell " + _text(tokens[i + 1])[:60]))
    return out


def _lead_in(tokens, i: int) -> bool:
    """Avsnittet som begynner ved `i`, innleder tabellen eller lista rett etter: det slutter
    med kolon («… ber om følgende rapportering:»)."""
    return (
        i + 3 < len(tokens)
        and tokens[i + 3].type in ("table_open", "bullet_list_open", "ordered_list_open")
        and _text(tokens[i + 1]).endswith(":")
    )


_UNIT_LINE = re.compile(r"\([^()\n]{1,40}\)")


def enhetslinje(text: str) -> bool:
    """Om et avsnitt rett foran en tabell er enheten tabellen er i, i parentes: «(i kroner)»,
    «(i 1 000 kroner)»."""
    return bool(_UNIT_LINE.fullmatch(text.strip()))


def _unit_line(tokens, i: int) -> bool:
    """Avsnittet som begynner ved `i`, er enheten til tabellen rett etter («(i kroner)»)."""
    return i + 3 < len(tokens) and tokens[i + 3].type == "table_open" and enhetslinje(_text(tokens[i + 1]))


def _html(content: str, level: int = 0):
    from markdown_it.token import Token

    tok = Token("html_block", "", 0)
    tok.content = content
    tok.block = True
    tok.level = level
    return tok


def _toc(tokens, headings: list[tuple[int, str, str]], målform: str = "bokmål") -> list:
    """Innholdsfortegnelsen rett etter den første `<h1>`, når det er nok kapitler."""
    if sum(1 for level, _, _ in headings if level == 2) < TOC_MIN_CHAPTERS:
        return tokens
    first = next((i for i, t in enumerate(tokens) if t.type == "heading_close" and t.tag == "h1"), None)
    if first is None:
        return tokens
    label = escape(tekst("innhold", målform), quote=False)
    lines = ['<nav class="innhold" aria-labelledby="innhold">', f'<h2 id="innhold">{label}</h2>', "<ul>"]
    top = TOC_LEVELS[0]
    depth, open_item = 1, False  # lister som er åpne, og om det siste punktet er åpent
    for level, ident, text in headings:
        if level not in TOC_LEVELS:
            continue
        want = level - top + 1
        while depth < want:  # et nivå ned: en ny liste i punktet over (et tomt punkt om det mangler)
            lines.extend(["<ul>"] if open_item else ["<li>", "<ul>"])
            depth, open_item = depth + 1, False
        while depth > want:
            lines.append("</li>\n</ul>" if open_item else "</ul>")
            depth, open_item = depth - 1, True
        if open_item:
            lines.append("</li>")
        lines.append(f'<li><a href="#{ident}">{escape(text, quote=False)}</a>')
        open_item = True
    while depth > 0:
        lines.append("</li>\n</ul>" if open_item else "</ul>")
        depth, open_item = depth - 1, True
    lines.append("</nav>")
    return [*tokens[: first + 1], _html("\n".join(lines) + "\n"), *tokens[first + 1 :]]


def _letterhead(tokens, målform: str = "bokmål") -> list:
    """Alt før den første `<h1>` i `<header class="brevhode">`: avsender, mottaker og
    referansetabellen."""
    first = next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"), None)
    if not first:
        return tokens
    roles = iter(("avsender", "mottaker"))
    for t in tokens[:first]:
        if t.type == "paragraph_open" and t.level == 0:
            role = next(roles, None)
            t.attrs.pop("id", None)
            if role:
                t.attrSet("class", role)
            else:
                t.attrs.pop("class", None)
        elif t.type == "table_open":
            t.attrSet("class", "referanser")
            t.attrs.pop("aria-labelledby", None)
            t.attrSet("aria-label", tekst("referanser_og_dato", målform))
    return [_html('<header class="brevhode">\n'), *tokens[:first], _html("</header>\n"), *tokens[first:]]


# ---------------------------------------------------------------- tabeller


class _Table:
    def __init__(self, start: int) -> None:
        self.start = start
        self.header: list[str] = []
        self.amount: list[bool] = []  # høyrestilte kolonner (beløp)
        self.rows: list[list[str]] = []
        self.cells: list[list] = []  # th_open/td_open-tokenene per kolonne
        self.last_row: list = []  # td_open-tokenene i siste rad
        self.last_tr = None

    @property
    def signature(self) -> tuple[str, ...]:
        """Tabellene med samme signatur deler kolonnebredder: de samme kolonneoverskriftene, der
        overskriften over en høyrestilt kolonne (beløp: «Tildeling 2024», «Inntektskrav 2025»)
        ikke teller, så utgifts- og inntektskapitlene står likt under hverandre."""
        return tuple("" if amount else text for text, amount in zip(self.header, self.amount, strict=True))


def _tables(tokens) -> None:
    tables: list[_Table] = []
    current: _Table | None = None
    in_head = False
    col = 0
    h1 = next((i for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"), 0)
    for i, t in enumerate(tokens):
        if t.type == "table_open" and i > h1:
            current = _Table(i)
            tables.append(current)
        elif current is None:
            continue
        elif t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            col = 0
            if not in_head:
                current.rows.append([])
                current.last_row = []
                current.last_tr = t
        elif t.type in ("th_open", "td_open"):
            text = _text(tokens[i + 1])
            while len(current.cells) <= col:
                current.cells.append([])
            current.cells[col].append(t)
            if in_head:
                current.header.append(text)
                current.amount.append("right" in (t.attrGet("style") or ""))
            else:
                current.rows[-1].append(text)
                current.last_row.append(t)
            col += 1
        elif t.type == "table_close":
            current = None
    widths = _shared_widths(tables)
    for table in tables:
        _label(tokens, table)
        spec = widths.get(table.signature)
        if spec is None:
            continue
        narrow, cols = spec
        for c, cells in enumerate(table.cells):
            if c < len(narrow) and narrow[c]:
                for cell in cells:
                    cell.attrSet("class", "smal")
        tokens[table.start].attrSet("class", "fast")
        if table.rows and table.rows[-1] and _is_sum(table.rows[-1]):
            table.last_tr.attrSet("class", "sum")
    # colgroup settes inn bakfra, så indeksene foran ikke flytter seg
    for table in reversed(tables):
        spec = widths.get(table.signature)
        if spec is not None:
            tokens.insert(table.start + 1, _html(spec[1], tokens[table.start].level + 1))


def _is_sum(row: list[str]) -> bool:
    first = next((c for c in row if c.strip()), "")
    return first.strip().lower() == "sum"


def _label(tokens, table: _Table) -> None:
    """Navnet på tabellen for en skjermleser: innledningen rett foran («Oppdrag som skal bidra
    til å oppnå mål nr. 1:»), ellers den nærmeste overskriften foran («Kap. 601 …»)."""
    i = table.start
    ident = tokens[i - 3].attrGet("id") if i >= 3 and tokens[i - 1].type == "paragraph_close" else None
    if not ident:
        ident = next(
            (tokens[j].attrGet("id") for j in range(i - 1, -1, -1) if tokens[j].type == "heading_open"), None
        )
    if ident:
        tokens[i].attrSet("aria-labelledby", str(ident))


def _length(text: str) -> int:
    return len(text)


def _shared_widths(tables: list[_Table]) -> dict[tuple[str, ...], tuple[list[bool], str]]:
    """Kolonnebreddene for hver gruppe tabeller med de samme kolonneoverskriftene: en smal
    kolonne (alle cellene korte) får bredden til den lengste cellen, en middels (cellene i
    snitt korte, og ikke den bredeste) en fast bredde, resten deler det som er igjen."""
    groups: dict[tuple[str, ...], list[_Table]] = {}
    for t in tables:
        if t.header and t.rows:
            groups.setdefault(t.signature, []).append(t)
    out = {}
    for signature, members in groups.items():
        n = len(signature)
        columns: list[list[str]] = [[] for _ in range(n)]
        for t in members:
            for row in t.rows:
                if _is_sum(row):
                    continue
                for c, text in enumerate(row[:n]):
                    columns[c].append(text)
        narrow = []
        specs: list[str | None] = []
        for c in range(n):
            cells = [x for x in columns[c] if x] or [""]
            longest = max(_length(x) for x in cells)
            head_word = max((len(w) for t in members for w in t.header[c].split()), default=0)
            if longest <= NARROW_CHARS:
                # tall (post, oppdragsnummer, beløp, dato) brytes ikke; kort tekst kan brytes
                # mellom ordene («herunder FoU»)
                numeric = any(ch.isdigit() for x in cells for ch in x)
                word = longest if numeric else max(len(w) for x in cells for w in (x.split() or [""]))
                narrow.append(numeric)
                # overskriften er halvfet og litt bredere per tegn
                specs.append(f"{max(word * 0.62, head_word * 0.72) + 1.2:.1f}em")
            else:
                narrow.append(False)
                specs.append(None)
        wide = [c for c in range(n) if specs[c] is None]
        if len(wide) > 1:
            averages = {c: sum(map(_length, columns[c])) / max(len(columns[c]), 1) for c in wide}
            widest = max(wide, key=lambda c: averages[c])
            for c in wide:
                if c != widest and averages[c] <= MEDIUM_CHARS:
                    # et langt ord (over NARROW_CHARS tegn, «Kunnskapsdepartementet») får plass,
                    # så det ikke brytes midt i; kortere ord får plass i bredden uansett, og et
                    # ord over LONG_WORD_CHARS tegn brytes heller enn at den bredeste kolonnen
                    # blir borte
                    word = max((len(w) for x in columns[c] for w in x.split()), default=0)
                    least = min(word, LONG_WORD_CHARS) * 0.62 if word > NARROW_CHARS else 0
                    specs[c] = f"{max(min(max(averages[c], 14), 22) * 0.5, least) + 1.2:.1f}em"
        cols = "".join(f'<col style="width:{w}" />' if w else "<col />" for w in specs)
        out[signature] = (narrow, f"<colgroup>{cols}</colgroup>\n")
    return out
