"""Utdataene: brevet som Markdown, HTML eller PDF.

Gangen er visningsmodellen (`view.letter_view`) → Markdown fra `mal/brev.md.j2`
(`render_markdown`) → HTML med markdown-it-py, uten rå HTML og bilder (`markdown_to_html`),
satt inn i `mal/brev.html.j2` med stilarket `mal/brev.css` (`render_html`) → tagget PDF/A-2a
(eller PDF/UA-1) med WeasyPrint, uten forespørsler ut (`render_pdf`, koden i `pdf.py`). Word
(`render_docx`, koden i `docx.py`) lages fra den samme Markdown-en. `render` velger formatet fra
`FORMATS`.

Et tillegg til brevet (`mal/tillegg.md.j2`, `tillegg.tillegg_view`) og gjeldende tildeling
(`mal/gjeldende.md.j2`, `tillegg.gjeldende_view`) går samme vei, med samme HTML-ramme og
stilark: `render(repo, år, fmt, tillegg=N)` og `render(repo, år, fmt, gjeldende=True, per=…)`.
Brevet selv lages som før, uavhengig av tilleggene.

Uten `intern` er utgaven offentlig: oppdrag unntatt offentlighet er utelatt (visningsmodellene,
`view.unntatt`); med `intern=True` er alt med, og tittelen og emnet i PDF og Word sier at det
er en intern utgave (`metadata`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Repo
from .errors import RenderError
from .metadata import Metadata, metadata
from .pdf import STANDARD as PDF_STANDARD
from .template_errors import template_error
from .templates import TemplateRefused, read_template_file, refusal_reason, template_dir
from .view import letter_view


def render_markdown(repo: Repo, år: int, view: dict | None = None, intern: bool = False) -> str:
    """Brevet som Markdown, fra `mal/brev.md.j2`."""
    view = view if view is not None else letter_view(repo, år, intern)
    return _markdown(repo, "brev.md.j2", view)


def _markdown(repo: Repo, template: str, view: dict) -> str:
    """Markdown fra malen `template` i mal/ med visningsmodellen `view`."""
    folder = template_dir(repo)
    try:
        from .sandbox import environment, render_template

        env = environment(folder, autoescape=False)
        return render_template(env, template, view)
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001 - malfeil blir en melding med fil og linje
        raise template_error(e, folder) from None


@dataclass(frozen=True)
class Document:
    """Det som gjengis: malen, visningsmodellen og identiteten PDF-en får."""

    mal: str
    view: dict
    ident: str


def document(
    repo: Repo,
    år: int,
    tillegg: int | None = None,
    gjeldende: bool = False,
    per: date | None = None,
    intern: bool = False,
) -> Document:
    """Brevet for `år`, tillegg nr. `tillegg` til det, eller gjeldende tildeling per `per`; den
    offentlige utgaven, eller den interne med `intern`."""
    from .tillegg import gjeldende_view, tillegg_view

    if tillegg is not None:
        return Document(
            "tillegg.md.j2", tillegg_view(repo, år, tillegg, intern), f"tildelingsbrev-{år}-tillegg-{tillegg}"
        )
    if gjeldende:
        suffix = f"-per-{per.isoformat()}" if per else ""
        return Document(
            "gjeldende.md.j2", gjeldende_view(repo, år, per, intern), f"tildelingsbrev-{år}-gjeldende{suffix}"
        )
    return Document("brev.md.j2", letter_view(repo, år, intern), f"tildelingsbrev-{år}")


def markdown_to_html(md: str, målform: str = "bokmål") -> str:
    """Markdown til HTML uten rå HTML og uten bilder: `<script>` i data blir synlig tekst, og
    `![x](https://…)` blir en lenke, ikke en forespørsel. Med brevhode, id-er på
    overskriftene, innholdsfortegnelse, navn på tabellene og harde mellomrom i tall
    (`html.body`); ordene HTML-en selv har («Innhold»), på brevets målform."""
    from .html import body

    return body(md, målform)


def _stylesheet(folder: Path, name: str = "brev.css") -> str:
    """Stilarket `mal/brev.css` (eller `name`; tomt når det ikke finnes), lest som malene: bare
    en vanlig fil inne i mal/."""
    from jinja2 import TemplateNotFound

    try:
        css, _, _ = read_template_file(folder, name)
    except TemplateNotFound:
        return ""
    except TemplateRefused as e:
        reason = refusal_reason(e.kind, "stilarket") if e.kind else f"stilarket: {e.reason}"
        raise RenderError(reason, e.path or folder) from None
    return css


EXTRA_STYLESHEET = "tillegg.css"
"""Stilarket som legges etter `brev.css` for et tillegg og gjeldende tildeling (flere
beløpskolonner i tabellene); brevet selv bruker det ikke."""


def _html_page(repo: Repo, body: str, view: dict, extra_css: str | None = None) -> str:
    """HTML-siden fra `mal/brev.html.j2`, med `body` (brevet som HTML) og stilarket satt inn
    (og stilarket `extra_css` etter det, når det er gitt og finnes)."""
    folder = template_dir(repo)
    try:
        from markupsafe import Markup

        from .sandbox import environment, render_template

        env = environment(folder, autoescape=True)
        css = _stylesheet(folder)
        if extra_css:
            extra = _stylesheet(folder, extra_css)
            css = f"{css}\n{extra}" if extra else css
        return render_template(
            env, "brev.html.j2", {**view, "innhold": Markup(body), "stil": Markup(css.replace("</", "<\\/"))}
        )
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001
        raise template_error(e, folder) from None


def render_html(repo: Repo, år: int, intern: bool = False) -> str:
    """Brevet som én frittstående HTML-side fra `mal/brev.html.j2`."""
    view = letter_view(repo, år, intern)
    return _html_page(repo, markdown_to_html(render_markdown(repo, år, view), view["målform"]), view)


def check_page(repo: Repo, år: int) -> None:
    """Gjengi HTML-rammen (`brev.html.j2`) uten innhold; kaster RenderError ved malfeil. Brukes
    når brevet lages som Markdown, som ikke går gjennom rammen, men som TB501 også sjekker."""
    _html_page(repo, "", letter_view(repo, år))


def check_templates(repo: Repo, år: int) -> None:
    """Gjengi malene uten å lage HTML av Markdown-en; kaster RenderError ved malfeil."""
    view = letter_view(repo, år)
    render_markdown(repo, år, view)
    _html_page(repo, "", view)


def check_document(repo: Repo, doc: Document) -> None:
    """Gjengi malen for et tillegg eller gjeldende tildeling, og HTML-rammen med den samme
    visningsmodellen, uten å lage HTML av Markdown-en; kaster RenderError ved malfeil."""
    _markdown(repo, doc.mal, doc.view)
    _html_page(repo, "", doc.view, EXTRA_STYLESHEET)


def supplement_documents(repo: Repo, år: int) -> list[tuple[str, Document]]:
    """Det TB501 sjekker i tillegg til brevet for `år`: hvert tillegg til brevet
    (`tillegg.md.j2`), og gjeldende tildeling med alle tilleggene (`gjeldende.md.j2`) når brevet
    har tillegg eller malen finnes. Hver med det som gjengis («tillegg nr. 2 til brevet for
    2024»). Et repositorium uten tillegg og uten de nye malene (laget før tilleggene) får ingen
    nye funn. Kaster RenderError når en visningsmodell ikke kan lages."""
    from jinja2 import TemplateNotFound

    out = [
        (f"tillegg nr. {t.model.nr} til brevet for {år}", document(repo, år, tillegg=t.model.nr))
        for t in repo.tillegg_for(år)
    ]
    has_template = True
    try:
        read_template_file(template_dir(repo), "gjeldende.md.j2")
    except TemplateNotFound:
        has_template = False
    except TemplateRefused:
        pass  # gjengivelsen melder hvorfor malen ikke leses
    if out or has_template:
        out.append((f"gjeldende tildeling for {år}", document(repo, år, gjeldende=True)))
    return out


def render_pdf(repo: Repo, år: int, variant: str = PDF_STANDARD, intern: bool = False) -> bytes:
    """Brevet som tagget PDF/A-2a (eller `variant` `pdfua`: PDF/UA-1) fra HTML-en, uten
    eksterne forespørsler."""
    doc = document(repo, år, intern=intern)
    page = _html_page(repo, markdown_to_html(render_markdown(repo, år, doc.view), doc.view["målform"]), doc.view)
    return _pdf(page, _metadata(repo, år, doc), variant)


def render_docx(repo: Repo, år: int, intern: bool = False) -> bytes:
    """Brevet som Word-dokument fra den samme Markdown-en som de andre formatene."""
    doc = document(repo, år, intern=intern)
    return _docx(render_markdown(repo, år, doc.view), _metadata(repo, år, doc))


def _metadata(repo: Repo, år: int, doc: Document) -> Metadata:
    """Tittel, forfatter, språk og dato for dokumentet `doc` (fra data, ikke fra malen)."""
    return metadata(repo, år, doc.ident, doc.view)


def _pdf(html: str, meta: Metadata, variant: str = PDF_STANDARD) -> bytes:
    from .pdf import write_pdf

    return write_pdf(html, meta, variant)


def _docx(md: str, meta: Metadata) -> bytes:
    from .docx import write_docx

    return write_docx(md, meta)


FORMATS = {
    "md": lambda repo, år, intern=False: render_markdown(repo, år, intern=intern).encode("utf-8"),
    "html": lambda repo, år, intern=False: render_html(repo, år, intern).encode("utf-8"),
    "pdf": lambda repo, år, intern=False: render_pdf(repo, år, intern=intern),
    "docx": render_docx,
}
"""Formatene `render` kan lage, etter filendelsen: hvert gir brevet som bytes (`intern`: den
interne utgaven)."""


def render(
    repo: Repo,
    år: int,
    fmt: str,
    *,
    tillegg: int | None = None,
    gjeldende: bool = False,
    per: date | None = None,
    pdf_variant: str = PDF_STANDARD,
    intern: bool = False,
) -> bytes:
    """Gjengi i formatet `md`, `html`, `pdf` (`pdf_variant` `pdfa` eller `pdfua`) eller `docx`:
    brevet for `år`, tillegg nr. `tillegg` til det, eller gjeldende tildeling (`gjeldende`, med
    tilleggene datert til og med `per`). Uten `intern` den offentlige utgaven, uten oppdrag
    unntatt offentlighet; med `intern` den interne, med alt."""
    make = FORMATS.get(fmt)
    if make is None:
        *first, last = (f".{name}" for name in FORMATS)
        raise RenderError(f"ukjent format «{fmt}»; bruk {', '.join(first)} eller {last}")
    if tillegg is None and not gjeldende:
        return render_pdf(repo, år, pdf_variant, intern) if fmt == "pdf" else make(repo, år, intern)
    doc = document(repo, år, tillegg, gjeldende, per, intern)
    md = _markdown(repo, doc.mal, doc.view)
    if fmt == "md":
        return md.encode("utf-8")
    if fmt == "docx":
        return _docx(md, _metadata(repo, år, doc))
    page = _html_page(repo, markdown_to_html(md, doc.view["målform"]), doc.view, EXTRA_STYLESHEET)
    if fmt == "html":
        return page.encode("utf-8")
    return _pdf(page, _metadata(repo, år, doc), pdf_variant)
