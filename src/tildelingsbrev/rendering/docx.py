"""Word: brevet som .docx med python-docx, bygd fra den samme Markdown-en som HTML og PDF.

Markdown-en fra malene leses med den samme markdown-it-py-parseren som HTML-en (`html.parser()`:
CommonMark med tabeller, uten rå HTML og uten bilder), og dokumentet bygges fra symbolene: overskriftene
får Words egne stiler (Overskrift 1–6, så navigasjonsruten og innholdsfortegnelsen virker),
avsnitt, punkt- og nummererte lister (hver nummererte liste begynner på sitt eget tall),
tabeller med overskriftsraden gjentatt på hver side og høyrejusterte beløpskolonner (der
Markdown-en har `--:`), og brevhodet slik det står øverst i Markdown-en. Bunnteksten har
«Side X av Y» med feltene PAGE og NUMPAGES. Sidene er A4.

Samme data gir samme bytes: dokumentegenskapene (tittel, forfatter, emne, språk) kommer fra
data, datoene fra brevets dato (eller ingen dato når brevet ikke har en), og zip-fila skrives
på nytt med fast tidspunkt på hver fil. Tegn som ikke kan stå i XML, blir «�» i stedet for å
stoppe gjengivelsen.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING

from .html import enhetslinje, parser
from .metadata import Metadata

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.text.paragraph import Paragraph

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_MM = 25
TEXT_WIDTH_MM = PAGE_WIDTH_MM - 2 * MARGIN_MM
"""A4 med 2,5 cm marg, som PDF-en."""

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Tidspunktet hver fil i zip-fila får (det tidligste zip kan lagre): samme bytes hver gang."""

LINK_SCHEMES = ("http://", "https://", "mailto:")
"""Lenker med disse blir ekte lenker i Word; andre (javascript:, file:) blir bare tekst."""

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
"""HTML inne i teksten som blir et linjeskift; all annen HTML står som tekst."""

APPENDIX = re.compile(r"vedlegg\s+nr\.?\s", re.IGNORECASE)
"""En overskrift på nivå 2 som begynner slik («Vedlegg nr. 1 Oppdrag»), begynner på ny side,
som i PDF-en."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Tegn XML ikke tillater (lxml nekter dem)."""

TABLE_TEXT = "Tabelltekst"
"""Avsnittsstilen i tabellcellene (9,5 pt, uten luft etter), så den kan endres ett sted i Word."""

LIST_STYLES = {"bullet": ("List Bullet", "List Bullet 2", "List Bullet 3"),
               "ordered": ("List Number", "List Number 2", "List Number 3")}
"""Stilen for et listepunkt etter listetype og nivå (dypere nivåer bruker det tredje)."""


def write_docx(md: str, meta: Metadata) -> bytes:
    """Markdown-en `md` (brevet, et tillegg eller gjeldende tildeling) som Word-dokument."""
    from docx import Document

    doc = Document()
    _drop_unused_parts(doc)
    _page_setup(doc)
    _styles(doc, meta.lang)
    _footer(doc)
    _Builder(doc).build(parser().parse(md))
    _core_properties(doc, meta)
    buf = io.BytesIO()
    doc.save(buf)
    return _stable_zip(buf.getvalue())


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


# ---------------------------------------------------------------- dokumentet


STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _drop_unused_parts(doc: DocxDocument) -> None:
    """Malen til python-docx har et miniatyrbilde av et tomt dokument (passer ikke til brevet)
    og en kopi av stilene for Word 2010 (stylesWithEffects.xml, som Word ikke trenger); uten dem
    er fila mindre og raskere å skrive."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rels, kind in ((doc.part.package.rels, RT.THUMBNAIL), (doc.part.rels, STYLES_WITH_EFFECTS)):
        for rid, rel in list(rels.items()):
            if rel.reltype == kind:
                del rels[rid]


def _page_setup(doc: DocxDocument) -> None:
    from docx.shared import Mm

    for section in doc.sections:
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)


def _styles(doc: DocxDocument, lang: str) -> None:
    """Språket for hele dokumentet (stavekontroll og orddeling på norsk) og stilen for lenker."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    parent = doc.styles.element
    for name in ("w:docDefaults", "w:rPrDefault", "w:rPr"):
        child = parent.find(qn(name))
        if child is None:
            child = OxmlElement(name)
            parent.insert(0, child)
        parent = child
    el = parent.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        parent.append(el)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        el.set(qn(attr), f"{lang}-NO")
    doc.styles["Normal"].font.size = Pt(11)
    link = doc.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)  # stil-ID «Hyperlink»
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    cell = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = doc.styles["Normal"]
    cell.font.size = Pt(9.5)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0


def _footer(doc: DocxDocument) -> None:
    """«Side X av Y» nederst til høyre, med feltene PAGE og NUMPAGES (som PDF-en)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for section in doc.sections:
        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run("Side ")
        _field(p, "PAGE", "1")
        p.add_run(" av ")
        _field(p, "NUMPAGES", "1")
        for run in p.runs:
            run.font.size = Pt(9)


def _field(p: Paragraph, instr: str, shown: str) -> None:
    """Et felt (`w:fldChar` begin/separate/end med `w:instrText`) som Word og LibreOffice
    oppdaterer når dokumentet åpnes og skrives ut."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = p.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    run = p.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} "
    run._r.append(text)
    char("separate")
    p.add_run(shown)
    char("end")


def _core_properties(doc: DocxDocument, meta: Metadata) -> None:
    """Tittel, forfatter (departementet), emne og språk fra data; datoene fra brevets dato, og
    ingen datoer når brevet ikke har en (ikke tidspunktet dokumentet ble laget)."""
    cp = doc.core_properties
    cp.title = _clean(meta.title)
    cp.author = _clean(meta.author)
    cp.last_modified_by = _clean(meta.author)
    cp.subject = _clean(meta.subject)
    cp.language = f"{meta.lang}-NO"
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    if meta.dato is not None:
        when = datetime(meta.dato.year, meta.dato.month, meta.dato.day)
        cp.created = cp.modified = when
        return
    from docx.oxml.ns import qn

    el = cp._element
    for name in ("dcterms:created", "dcterms:modified"):
        for child in el.findall(qn(name)):
            el.remove(child)


def _stable_zip(data: bytes) -> bytes:
    """Zip-fila skrevet på nytt med fast tidspunkt og faste filattributter på hver fil, i
    samme rekkefølge ([Content_Types].xml først)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- innholdet


class _Builder:
    """Går gjennom symbolene fra markdown-it og legger til avsnitt, lister og tabeller."""

    def __init__(self, doc: DocxDocument):
        self.doc = doc
        self.style_ids: dict[str, str] = {}  # stilnavn → stil-ID (å slå opp på navn er tregt)
        self.lists: list[str] = []  # "bullet" / "ordered" for hver åpen liste
        self.list_num: list[int | None] = []  # nummereringen hver åpne nummererte liste har
        self.first_in_item = False
        self.quote = 0
        self.last: Paragraph | None = None  # siste avsnitt utenfor tabeller
        self.last_heading = False
        self.groups: dict[tuple, tuple[list, int]] = {}  # overskriftsraden → radene, antall overskriftsrader
        self.widths: dict[tuple, list] = {}

    def build(self, tokens: list) -> None:
        # tabellene med samme overskriftsrad, så de kan få samme kolonnebredder
        for n, t in enumerate(tokens):
            if t.type == "table_open":
                rows, header_rows, _ = _read_table(tokens, n)
                if rows:
                    group = self.groups.setdefault(_table_key(rows, header_rows), ([], header_rows))
                    group[0].extend(rows[header_rows:] if group[0] else rows)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            kind = t.type
            if kind == "heading_open":
                level = min(int(t.tag[1:]), 9)
                children = tokens[i + 1].children or []
                self._paragraph(children, style=f"Heading {level}")
                if level == 2 and APPENDIX.match(_plain(children)):
                    self.last.paragraph_format.page_break_before = True
                i += 3
                continue
            if kind == "paragraph_open":
                self._paragraph(tokens[i + 1].children or [], style=self._paragraph_style())
                i += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                self._keep_lead_in()
                ordered = kind == "ordered_list_open"
                self.lists.append("ordered" if ordered else "bullet")
                start = int(t.attrGet("start") or 1) if ordered else None
                self.list_num.append(self._restart_numbering(start) if ordered else None)
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                self.list_num.pop()
            elif kind == "list_item_open":
                self.first_in_item = True
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind in ("code_block", "fence"):
                for line in t.content.rstrip("\n").split("\n"):
                    p = self._add_paragraph("Macro Text")
                    p.add_run(_clean(line))
                    self.last = p
            elif kind == "hr":
                self._rule()
            elif kind == "table_open":
                self._keep_lead_in(table=True)
                i = self._collect_table(tokens, i)
                continue
            i += 1

    # ---------------------------------------------------------------- avsnitt

    def _paragraph_style(self) -> str | None:
        if self.lists:
            depth = min(len(self.lists), 3) - 1
            if self.first_in_item:
                return LIST_STYLES[self.lists[-1]][depth]
            return ("List Continue", "List Continue 2", "List Continue 3")[depth]
        if self.quote:
            return "Quote"
        return None

    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def _add_paragraph(self, style: str | None = None) -> Paragraph:
        p = self.doc.add_paragraph()
        if style is not None:
            p._p.style = self._style_id(style)
        return p

    def _paragraph(self, children: list, style: str | None) -> None:
        p = self._add_paragraph(style)
        self.last_heading = style is not None and style.startswith("Heading")
        if self.lists and self.first_in_item and self.lists[-1] == "ordered" and self.list_num[-1] is not None:
            self._number(p, self.list_num[-1])
        self.first_in_item = False
        _inline(p, children)
        self.last = p

    def _keep_lead_in(self, table: bool = False) -> None:
        """Et innledende avsnitt («… ber om følgende rapportering:») holdes sammen med
        tabellen eller lista etter det; enheten over en tabell («(i kroner)», `enhetslinje`)
        står høyrestilt over beløpskolonnen, som i HTML og PDF."""
        if self.last is not None and not self.lists and not self.last_heading:
            self.last.paragraph_format.keep_with_next = True
            if table and enhetslinje(self.last.text):
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                self.last.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _rule(self) -> None:
        """En tematisk pause (`---`): en tynn linje under et tomt avsnitt."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = self.doc.add_paragraph()
        border = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
            bottom.set(qn(k), v)
        border.append(bottom)
        p._p.get_or_add_pPr().append(border)
        self.last = p

    # ---------------------------------------------------------------- nummererte lister

    def _restart_numbering(self, start: int) -> int | None:
        """En ny nummerering for en nummerert liste, som begynner på `start`: en egen
        `w:num` over stilens nummereringsdefinisjon, så hver liste teller fra sitt eget tall
        (ellers fortsetter alle lister med samme stil tellingen)."""
        depth = min(len(self.lists), 3) - 1
        style = self.doc.styles[LIST_STYLES["ordered"][depth]]
        ppr = style.element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            return None
        numbering = self.doc.part.numbering_part.element
        current = numbering.num_having_numId(num_pr.numId.val)
        num = numbering.add_num(current.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(max(0, min(start, 32767)))
        return num.numId

    @staticmethod
    def _number(p: Paragraph, num_id: int) -> None:
        num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    # ---------------------------------------------------------------- tabeller

    def _collect_table(self, tokens: list, i: int) -> int:
        """Lag tabellen fra `table_open` ved `i`; gir indeksen etter `table_close`."""
        rows, header_rows, after = _read_table(tokens, i)
        self._table(rows, header_rows)
        return after

    def _table(self, rows: list, header_rows: int) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Pt

        if not rows:
            return
        cols = max(len(r) for r in rows)
        key = _table_key(rows, header_rows)
        group, group_header_rows = self.groups.get(key, (rows, header_rows))
        cols = max(cols, max(len(r) for r in group))
        aligns = [None] * cols
        for r in group:
            for c, (_, _, align) in enumerate(r):
                aligns[c] = aligns[c] or align
        if key not in self.widths:
            self.widths[key] = _column_widths(group, cols, aligns, group_header_rows)
        widths = self.widths[key]
        table_text = self._style_id(TABLE_TEXT)
        table = self.doc.add_table(rows=len(rows), cols=cols)
        table._tbl.tblPr.style = self._style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for c, w in enumerate(widths):
            table.columns[c].width = w
        # hele tabellens bredde står også i tblW, så LibreOffice følger kolonnebreddene
        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
        for r, (row, cells) in enumerate(zip(table.rows, rows)):
            header = r < header_rows
            _row_properties(row, header=header)
            for c, cell in enumerate(row.cells):
                cell.width = widths[c]
                p = cell.paragraphs[0]
                p._p.style = table_text
                if aligns[c] == "right":
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif aligns[c] == "center":
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if c < len(cells):
                    _inline(p, cells[c][1], bold=header)
                # overskriftsraden og raden før summen holdes sammen med raden etter
                if header or r == len(rows) - 2:
                    p.paragraph_format.keep_with_next = True
        # et tomt avsnitt etter tabellen, så to tabeller etter hverandre ikke smelter sammen
        self.last = None
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)


def _read_table(tokens: list, i: int) -> tuple[list, int, int]:
    """Radene i tabellen fra `table_open` ved `i` (hver celle som tekst, symboler og
    justering), antall overskriftsrader og indeksen etter `table_close`."""
    rows: list[list[tuple[str, list, str | None]]] = []
    header_rows = 0
    in_head = False
    i += 1
    while i < len(tokens) and tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            rows.append([])
            if in_head:
                header_rows += 1
        elif t.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            style = t.attrGet("style") or ""
            align = "right" if "right" in style else ("center" if "center" in style else None)
            rows[-1].append((_plain(inline.children or []), inline.children or [], align))
        i += 1
    return rows, header_rows, i + 1


def _table_key(rows: list, header_rows: int) -> tuple:
    """Tabeller med samme overskriftsrad (budsjettabellene, oppdragstabellene) får samme
    kolonnebredder. Overskriften over en høyrestilt kolonne (beløp: «Tildeling 2024»,
    «Inntektskrav 2025») teller ikke, så utgifts- og inntektskapitlene står likt, som i HTML."""
    return tuple(
        tuple("" if align == "right" else text for text, _, align in r) for r in rows[:header_rows]
    ) or (len(rows[0]),)


def _row_properties(row, header: bool) -> None:
    """En rad deles ikke over to sider (`w:cantSplit`); overskriftsraden gjentas øverst på hver
    side (`w:tblHeader`)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    names = ["w:cantSplit"] + (["w:tblHeader"] if header else [])
    for name in names:
        el = OxmlElement(name)
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


def _column_widths(rows: list, cols: int, aligns: list, header_rows: int) -> list:
    """Kolonnebredder som summerer til tekstbredden, slik en nettleser fordeler en tabell:
    hver kolonne får minst plass til det lengste ordet sitt (et beløp, en dato, «Post 45» og
    hele innholdet i en høyrejustert kolonne under overskriften brytes aldri), og plassen som
    er igjen, fordeles etter hvor mye lenger innholdet er enn det. Er det ikke plass til alle
    de lengste ordene, beholder de smale kolonnene sin bredde, og de brede deler resten."""
    from docx.shared import Mm

    least = [0.0] * cols
    most = [0.0] * cols
    for n, r in enumerate(rows):
        header = n < header_rows
        char_mm = HEADER_CHAR_MM if header else CHAR_MM
        for c, (text, _, _) in enumerate(r):
            # harde mellomrom (i «25 949 864 000») binder, bare vanlige mellomrom bryter
            whole = not header and (aligns[c] == "right" or len(text) <= SHORT)
            unbreakable = len(text) if whole else max(map(len, _BREAKS.split(text)), default=0)
            least[c] = max(least[c], unbreakable * char_mm + PAD_MM)
            most[c] = max(most[c], len(text) * char_mm + PAD_MM)
    if sum(most) <= TEXT_WIDTH_MM:
        # alt får plass på én linje: det som er igjen, går til tekstkolonnene (ikke beløpene)
        text = [c for c in range(cols) if aligns[c] != "right"] or list(range(cols))
        spare = TEXT_WIDTH_MM - sum(most)
        weight = sum(most[c] for c in text)
        mm = [most[c] + (spare * most[c] / weight if c in text else 0) for c in range(cols)]
    elif sum(least) <= TEXT_WIDTH_MM:
        spare = TEXT_WIDTH_MM - sum(least)
        extra = [h - lo for h, lo in zip(most, least)]
        mm = [lo + spare * e / sum(extra) for lo, e in zip(least, extra)]
    else:
        narrow = [c for c in range(cols) if least[c] <= SHORT * HEADER_CHAR_MM + PAD_MM]
        room = TEXT_WIDTH_MM - sum(least[c] for c in narrow)
        wide = sum(least[c] for c in range(cols) if c not in narrow)
        if room <= 0 or not wide:
            mm = [TEXT_WIDTH_MM * lo / sum(least) for lo in least]
        else:
            mm = [least[c] if c in narrow else least[c] * room / wide for c in range(cols)]
    return [Mm(x) for x in mm]


CHAR_MM = 2.0
"""Om lag bredden av et tegn i 9,5 pt, med margin for en bredere erstatningsfont."""
HEADER_CHAR_MM = 2.4
"""Det samme i halvfet (overskriftsraden)."""
PAD_MM = 5.5
"""Cellemargene (2 × 1,9 mm) og litt luft."""
SHORT = 8
"""En celle med så mange tegn eller færre brytes ikke («Post 45», «2024-04»)."""

_BREAKS = re.compile(r"[ \t\n]+")


# ---------------------------------------------------------------- tekst i avsnitt


def _plain(children: list) -> str:
    return "".join(t.content for t in children if t.type in ("text", "code_inline", "html_inline"))


def _inline(p: Paragraph, children: list, bold: bool = False, size=None) -> None:
    """Tekst med fet, kursiv, kode, lenker og linjeskift fra de innebygde symbolene."""
    strong = em = 0
    link: str | None = None
    hyper = None
    for t in children:
        kind = t.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            em += 1
        elif kind == "em_close":
            em -= 1
        elif kind == "link_open":
            href = t.attrGet("href") or ""
            link = href if href.startswith(LINK_SCHEMES) else None
            hyper = _hyperlink(p, link) if link else None
        elif kind == "link_close":
            link, hyper = None, None
        elif kind == "softbreak":
            _run(p, " ", hyper, bold or strong > 0, em > 0, size)
        elif kind == "hardbreak" or (kind == "html_inline" and _BR.fullmatch(t.content.strip())):
            p.add_run().add_break()
        elif kind in ("text", "code_inline", "html_inline"):
            run = _run(p, t.content, hyper, bold or strong > 0, em > 0, size)
            if kind == "code_inline":
                run.font.name = "Courier New"


def _run(p: Paragraph, text: str, hyper, bold: bool, italic: bool, size):
    from docx.text.run import Run

    if hyper is not None:
        from docx.oxml import OxmlElement

        r = OxmlElement("w:r")
        hyper.append(r)
        run = Run(r, p)
        run._r.style = "Hyperlink"
        run.text = _clean(text)
    else:
        run = p.add_run(_clean(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if size is not None:
        run.font.size = size
    return run


def _hyperlink(p: Paragraph, url: str):
    """Et `w:hyperlink`-element i avsnittet med en ekstern relasjon til `url`."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rid = p.part.relate_to(_clean(url), RT.HYPERLINK, is_external=True)
    el = OxmlElement("w:hyperlink")
    el.set(qn("r:id"), rid)
    p._p.append(el)
    return el
