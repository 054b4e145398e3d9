"""Gjengivelse: hele brevet fra data, som Markdown, HTML eller PDF.

Gangen er data → visningsmodell (`letter_view`) → Markdown fra malene i data/mal/ (Jinja,
`StrictUndefined`) → HTML (markdown-it-py med rå HTML slått av) → PDF (WeasyPrint, tagget
PDF/UA). Alt er rene funksjoner av data og maler: samme data gir samme bytes.

Summer i tabellene regnes ut fra linjene. Beløp og datoer i prosaen (`{{ REF: trykt }}`)
hentes fra data og skrives med den presisjonen og formen som er trykt. Tekst fra data blir
aldri malkode: prosaen settes inn som verdier, ikke som maler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from . import prose
from .loading import Repo
from .model import Frist, Oppdrag, Post, sum_bindinger
from .norsk import (
    MÅNEDER,
    format_dato,
    format_dato_lang,
    format_kroner,
    format_mill,
    parse_amount,
    parse_date,
)


class RenderError(Exception):
    """Malen kan ikke gjengis. `file` og `line` peker på stedet i malen."""

    def __init__(self, message: str, file: Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = (
            f"{self.file}:{self.line}: "
            if self.file and self.line
            else (f"{self.file}: " if self.file else "")
        )
        return f"{where}{self.message}"


# ---------------------------------------------------------------- formatering

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: object) -> str:
    """Tekst fra data inn i Markdown: tegn med betydning i Markdown får skråstrek foran, så en
    tittel aldri blir lenke, HTML eller tabellskille."""
    s = "" if text is None else str(text)
    return _MD_SPECIAL.sub(r"\\\1", " ".join(s.split()))


def mill(value: int, like: str | None = None) -> str:
    """Beløp i «mill. kroner», med like mange desimaler som en trykt tekst (`like`) har."""
    if like:
        printed = parse_amount(like)
        if printed and printed.precision > 1 and "mill" in like:
            return format_mill(value, _decimals(like))
        if printed and printed.precision == 1:
            return format_kroner(value) + (" kroner" if "kr" in like else "")
    return format_mill(value)


def _decimals(printed: str) -> int | None:
    """Antall desimaler i et trykt beløp i mill. kroner («4,5 mill. kroner» → 1)."""
    if "mill" not in printed:
        return None
    m = re.search(r",(\d+)", printed)
    return len(m.group(1)) if m else 0


def session(text: str) -> str:
    """Tankestrek mellom årene i en sesjon: «Prop. 1 S (2023-2024)» → «… (2023–2024)»."""
    return re.sub(r"\((\d{4})\s*[-–]\s*(\d{4})\)", "(\\1–\\2)", text)


def value_as_printed(value: int | date, printed: str) -> str:
    """Verdien fra data skrevet slik den trykte teksten er skrevet."""
    if isinstance(value, date):
        pd = parse_date(printed)
        long_form = any(m in printed.lower() for m in MÅNEDER)
        if pd is not None and long_form:
            return format_dato_lang(value)
        return format_dato(value)
    return mill(value, printed)


def format_frist(f: Frist, rapporter: dict) -> str:
    """Én frist slik den står i fristkolonnen: «Del 2: 01.08.2024 (årlig)»."""
    parts: list[str] = []
    if f.dato is not None:
        moved = "".join(f"({format_dato(d)}) " for d in f.flyttet_fra)
        parts.append(moved + format_dato(f.dato))
    elif f.datoer is not None:
        ds = [format_dato(d) for d in f.datoer]
        parts.append(", ".join(ds[:-1]) + " og " + ds[-1] if len(ds) > 1 else "".join(ds))
    elif f.løpende:
        parts.append("Løpende")
    elif f.ut is not None:
        parts.append(f"Ut {f.ut}")
    elif f.rapport is not None:
        r = rapporter.get(f.rapport)
        parts.append(f"{r.tittel} ({format_dato(r.frist)})" if r else f.rapport)
    elif f.gjentas is not None:
        if f.fra:
            parts.append(f"F.o.m. {format_dato(f.fra)} ({f.gjentas})")
        else:
            parts.append(f.gjentas.capitalize())
        if f.til:
            parts[-1] += f" t.o.m. {format_dato(f.til)}"
    if f.ved_behov:
        parts[-1] += ", samt ved behov"
    text = " ".join(parts)
    if f.type == "underveisrapport":
        text = f"underveisrapport {text}"
    if f.merknad and f.merknad.lower() not in text.lower():
        text = f"{f.merknad}: {text}"
    if f.del_:
        text = f"{f.del_}: {text}"
    return text


def format_frister(o: Oppdrag, rapporter: dict) -> str:
    return "; ".join(format_frist(f, rapporter) for f in o.frister) if o.frister else "–"


# ---------------------------------------------------------------- visningsmodell


@dataclass
class Part:
    """En bit av et kapittel: prosa (Markdown) eller en blokk som malen setter inn."""

    tekst: str = ""
    blokk: str | None = None


def render_prose(text: str, repo: Repo, år: int, post: Post | None = None) -> list[Part]:
    """Prosa med markørene byttet ut med verdier fra data, delt ved blokkmarkørene."""
    parts: list[Part] = []
    last = 0
    buf: list[str] = []
    for m in prose.MARKER_RE.finditer(text):
        buf.append(text[last : m.start()])
        last = m.end()
        inner = " ".join(m.group(1).split())
        if ":" in inner:
            ref, printed = (s.strip() for s in inner.split(":", 1))
            value = repo.lookup(år, ref, post)
            buf.append(value_as_printed(value, printed) if value is not None else printed)
        elif inner in prose.DIRECTIVES:
            parts.append(Part(tekst="".join(buf).strip("\n")))
            buf = []
            parts.append(Part(blokk=inner))
            if text[last : last + 1] == "\n":
                last += 1
        else:
            buf.append(m.group(0))
    buf.append(text[last:])
    parts.append(Part(tekst="".join(buf).strip("\n")))
    return [p for p in parts if p.blokk or p.tekst.strip()]


def prose_text(text: str, repo: Repo, år: int, post: Post | None = None) -> str:
    return "\n\n".join(p.tekst for p in render_prose(text, repo, år, post) if not p.blokk)


def letter_view(repo: Repo, år: int) -> dict:
    """Alt malene trenger for brevet for `år`, regnet ut fra data."""
    doc = repo.brev_for(år)
    if doc is None:
        raise RenderError(f"fant ikke noe brev for {år} i data")
    brev = doc.model
    rapporter = {r.id: r for b in repo.brev for r in b.model.rapportering}
    listed = repo.oppdrag_i_brev(år)

    def oppdrag_row(o: Oppdrag) -> dict:
        deloppdrag = "; ".join(
            f"Deloppdrag {d.nr}" + (f": {d.tittel}" if d.tittel else "") for d in o.deloppdrag
        )
        return {
            "id": o.id,
            "tittel": o.tittel,
            "deloppdrag": deloppdrag,
            "frist": format_frister(o, rapporter),
            "fou": o.fou or "",
            "mål": o.mål,
        }

    sps = sorted((d.model for d in repo.styringsparametere if d.model.år == år), key=lambda s: s.nr)
    mål = []
    for d in repo.mål_for(år):
        m = d.model
        mine = [x.model for x in listed if x.model.mål == m.nr]
        mål.append(
            {
                "nr": m.nr,
                "tittel": m.tittel,
                "tekst": prose_text(m.tekst, repo, år),
                "styringsparametere": [{"nr": s.nr, "tekst": s.tekst} for s in sps if s.mål == m.nr],
                "nye": [oppdrag_row(o) for o in mine if o.år == år],
                "tidligere": [oppdrag_row(o) for o in mine if o.år < år],
            }
        )

    budsjett = []
    kap_docs = sorted((d for d in repo.kapitler if d.model.år == år), key=lambda d: d.model.kapittel)
    for kd in kap_docs:
        k = kd.model
        poster = [p.model for p in repo.poster_for(år) if p.model.kapittel == k.kapittel]
        budsjett.append(
            {
                "nr": k.kapittel,
                "navn": k.navn,
                "poster": [
                    {
                        "post": f"{p.post:02d}",
                        "betegnelse": ", ".join([p.betegnelse, *p.stikkord]),
                        "tildeling": p.tildeling,
                    }
                    for p in poster
                ],
                "sum": sum(p.tildeling for p in poster),
                "tekst": prose_text(k.tekst, repo, år),
                "avsnitt": [_post_section(p, repo, år) for p in poster if p.overskrift or p.tekst],
            }
        )

    kapitler = []
    for k in brev.kapitler:
        text = ""
        if k.tekst:
            p = repo.prosa.get(doc.file.parent / k.tekst)
            text = p.text if p else ""
        kapitler.append(
            {
                "nr": k.nr,
                "nivå": k.nr.count(".") + 1,
                "tittel": k.tittel,
                "deler": [
                    {"tekst": part.tekst, "blokk": part.blokk} for part in render_prose(text, repo, år)
                ],
            }
        )

    return {
        "år": år,
        "brev": {
            "tittel": brev.tittel,
            "avsender": brev.avsender.navn,
            "avsender_kortnavn": brev.avsender.kortnavn or "",
            "mottaker": brev.mottaker.navn,
            "mottaker_kortnavn": brev.mottaker.kortnavn or "",
            "dato": brev.dato,
            "proposisjon": brev.proposisjon,
            "innstilling": brev.innstilling,
            "budsjettvedtak": brev.budsjettvedtak,
        },
        "kapitler": kapitler,
        "mål": mål,
        "rapportering": [
            {
                "tittel": r.tittel,
                "telletidspunkt": r.telletidspunkt,
                "frist": r.frist,
            }
            for r in brev.rapportering
        ],
        "budsjett": budsjett,
        "signatarer": [{"navn": s.navn, "tittel": s.tittel} for s in brev.signatarer],
        "vedlegg": [{"nr": v.nr, "tittel": v.tittel} for v in brev.vedlegg],
        "oversikt": [oppdrag_row(x.model) for x in sorted(listed, key=lambda x: x.model.id)],
    }


def _post_section(p: Post, repo: Repo, år: int) -> dict:
    fordeling = []
    for f in p.fordeling:
        fordeling.append(
            {
                "beløp": f.beløp,
                "tekst": f.tekst,
                "merknad": f.merknad or "",
                "mottakere_overskrift": f.mottakere_overskrift or "",
                "mottakere": [{"navn": m.navn, "beløp": m.beløp} for m in f.mottakere],
                "sum": sum(m.beløp for m in f.mottakere),
            }
        )
    bindinger = []
    for g in p.bindinger:
        total = sum_bindinger(p, g.id)
        bindinger.append(
            {
                "overskrift": g.overskrift,
                "sum": total,
                "desimaler": _decimals(g.sum.text) if g.sum and g.sum.text else None,
                "linjer": [{"oppdrag": b.oppdrag, "tittel": b.tittel, "beløp": b.beløp} for b in g.linjer],
            }
        )
    return {
        "overskrift": f"Post {p.post:02d} {p.overskrift or ', '.join([p.betegnelse, *p.stikkord])}",
        "tekst": prose_text(p.tekst, repo, år, p),
        "fordeling": fordeling,
        "bindinger": bindinger,
    }


# ---------------------------------------------------------------- maler


def template_dir(repo: Repo) -> Path:
    return repo.root / "mal"


@lru_cache(maxsize=8)
def _environment(folder: Path, autoescape: bool):
    """Jinja-miljøet for malmappa (ett per prosess: malene kompileres én gang; Jinja ser selv
    etter endrede malfiler).

    Malene kjøres i Jinjas sandkasse (`ImmutableSandboxedEnvironment`): en mal kan lese
    verdiene den får og bruke filtrene, men ikke nå interne attributter («__class__»,
    «__globals__») eller endre lister og avbildninger. En mal fra noen du ikke stoler på, kan
    dermed ikke kjøre vilkårlig kode i `tb check` eller `tb render`."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(folder)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    return env


FILTERS = {
    "md": md_escape,
    "celle": lambda s: md_escape(s) or " ",
    "kroner": format_kroner,
    "mill": lambda value, desimaler=None: format_mill(value, desimaler),
    "dato": format_dato,
    "dato_lang": format_dato_lang,
    "sesjon": session,
}
"""Filtrene malene har: `md` (tekst fra data inn i Markdown), `celle` (det samme i en
tabellcelle), `kroner` (25 200 000), `mill` (25,2 mill. kroner; antall desimaler kan gis),
`dato` (31.12.2024), `dato_lang` (15. desember 2023) og `sesjon` (2023–2024 med tankestrek)."""


def _template_error(e: Exception, folder: Path) -> RenderError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(e, TemplateSyntaxError):
        return RenderError(f"syntaksfeil i malen: {_explain(e)}", Path(e.filename or folder), e.lineno)
    # feil under gjengivelse (og en mal som ikke finnes): finn linjen i malen fra tracebacken
    tb = e.__traceback__
    file, line = None, None
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".j2"):
            file, line = Path(fname), tb.tb_lineno
        tb = tb.tb_next
    if isinstance(e, TemplateNotFound):
        return RenderError(f"fant ikke malen «{e.name}»", file or folder, line)
    return RenderError(f"feil i malen: {_explain(e)}", file or folder, line)


def _explain(e: Exception) -> str:
    """Jinjas feilmeldinger på norsk der vi kjenner dem."""
    text = str(e)
    if type(e).__name__ == "SecurityError":
        m = re.search(r"attribute '([^']+)'", text)
        what = f"«{m.group(1)}»" if m else "noe"
        return f"malen prøver å nå {what}, som malene ikke har tilgang til (sandkassen)"
    text = getattr(e, "message", None) or text
    m = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    if m:
        return f"«{m.group(1)}» finnes ikke i dataene malen får"
    m = re.search(r"No (filter|test) named '([^']+)'", text)
    if m:
        kind = "filteret" if m.group(1) == "filter" else "testen"
        known = f" (tb har {', '.join(sorted(FILTERS))} i tillegg til Jinjas egne)" if m.group(1) == "filter" else ""
        return f"{kind} «{m.group(2)}» finnes ikke{known}"
    m = re.search(r"Encountered unknown tag '([^']+)'", text)
    if m:
        return f"ukjent tagg «{{% {m.group(1)} %}}»"
    m = re.search(r"[Uu]nexpected end of template", text)
    if m:
        return "malen slutter før en blokk er lukket (mangler det en {% end… %}?)"
    if type(e).__name__ == "TemplateSyntaxError":
        return text
    return f"{type(e).__name__}: {text}"


def render_markdown(repo: Repo, år: int, view: dict | None = None) -> str:
    """Brevet som Markdown, fra `mal/brev.md.j2`."""
    folder = template_dir(repo)
    view = view if view is not None else letter_view(repo, år)
    try:
        env = _environment(folder, autoescape=False)
        return env.get_template("brev.md.j2").render(**view)
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001 - malfeil blir en melding med fil og linje
        raise _template_error(e, folder) from None


def markdown_to_html(md: str) -> str:
    """Markdown til HTML uten rå HTML og uten bilder: `<script>` i data blir synlig tekst, og
    `![x](https://…)` blir en lenke, ikke en forespørsel."""
    from markdown_it import MarkdownIt

    # Bilder slås av: et bilde i prosaen ville blitt en forespørsel ut når HTML-en åpnes.
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").disable("image")
    return parser.render(md)


def _html_page(repo: Repo, body: str, view: dict) -> str:
    folder = template_dir(repo)
    try:
        from markupsafe import Markup

        env = _environment(folder, autoescape=True)
        css_file = folder / "brev.css"
        css = css_file.read_text(encoding="utf-8") if css_file.exists() else ""
        return env.get_template("brev.html.j2").render(
            innhold=Markup(body), stil=Markup(css.replace("</", "<\\/")), **view
        )
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001
        raise _template_error(e, folder) from None


def render_html(repo: Repo, år: int) -> str:
    """Brevet som én frittstående HTML-side fra `mal/brev.html.j2`."""
    view = letter_view(repo, år)
    return _html_page(repo, markdown_to_html(render_markdown(repo, år, view)), view)


def check_templates(repo: Repo, år: int) -> None:
    """Gjengi malene uten å lage HTML av Markdown-en; kaster RenderError ved malfeil."""
    view = letter_view(repo, år)
    render_markdown(repo, år, view)
    _html_page(repo, "", view)


def render_pdf(repo: Repo, år: int) -> bytes:
    """Brevet som tagget PDF (PDF/UA-1) fra HTML-en, uten eksterne forespørsler."""
    import logging

    try:
        from weasyprint import HTML
    except OSError as e:  # et systembibliotek (Pango, HarfBuzz) mangler
        raise RenderError(
            "PDF krever systembibliotekene Pango og HarfBuzz, som ikke er installert her "
            f"({e}). På Debian/Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz0b fonts-dejavu-core; se README. Markdown og HTML virker uten dem."
        ) from None

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    html = render_html(repo, år)

    doc = HTML(string=html, url_fetcher=_no_fetcher(), base_url=None)
    ident = f"tildelingsbrev-{år}".encode()
    # Hele fonter bygges inn: delsett av fonter varierer mellom kjøringer, og samme data skal gi
    # samme bytes.
    return doc.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=ident, full_fonts=True)


def _no_fetcher():
    """En «henter» for WeasyPrint som aldri henter noe: brevet skal ikke gjøre forespørsler
    ut (bilder, stilark, fonter fra nettet eller fra disken). WeasyPrint 70 og nyere vil ha en
    `URLFetcher`, eldre utgaver en funksjon."""

    def refuse(url: str, *args, **kwargs):
        raise ValueError(f"eksterne ressurser hentes ikke ({url})")

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint før 70
        return refuse

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            refuse(url)

    return NoFetch()


def render(repo: Repo, år: int, fmt: str) -> bytes:
    """Gjengi i formatet `md`, `html` eller `pdf`."""
    if fmt == "md":
        return render_markdown(repo, år).encode("utf-8")
    if fmt == "html":
        return render_html(repo, år).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(repo, år)
    raise RenderError(f"ukjent format «{fmt}»; bruk .md, .html eller .pdf")
