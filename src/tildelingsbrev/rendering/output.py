"""Utdataene: brevet som Markdown, HTML eller PDF.

Gangen er visningsmodellen (`view.letter_view`) → Markdown fra `mal/brev.md.j2`
(`render_markdown`) → HTML med markdown-it-py, uten rå HTML og bilder (`markdown_to_html`),
satt inn i `mal/brev.html.j2` med stilarket `mal/brev.css` (`render_html`) → tagget PDF/UA
med WeasyPrint, uten forespørsler ut (`render_pdf`). `render` velger formatet fra `FORMATS`.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Repo
from .errors import RenderError
from .template_errors import template_error
from .templates import TemplateRefused, read_template_file, refusal_reason, template_dir
from .view import letter_view


def render_markdown(repo: Repo, år: int, view: dict | None = None) -> str:
    """Brevet som Markdown, fra `mal/brev.md.j2`."""
    folder = template_dir(repo)
    view = view if view is not None else letter_view(repo, år)
    try:
        from .sandbox import environment, render_template

        env = environment(folder, autoescape=False)
        return render_template(env, "brev.md.j2", view)
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001 - malfeil blir en melding med fil og linje
        raise template_error(e, folder) from None


def markdown_to_html(md: str) -> str:
    """Markdown til HTML uten rå HTML og uten bilder: `<script>` i data blir synlig tekst, og
    `![x](https://…)` blir en lenke, ikke en forespørsel."""
    from markdown_it import MarkdownIt

    # Bilder slås av: et bilde i prosaen ville blitt en forespørsel ut når HTML-en åpnes.
    parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table").disable("image")
    return parser.render(md)


def _stylesheet(folder: Path) -> str:
    """Stilarket `mal/brev.css` (tomt når det ikke finnes), lest som malene: bare en vanlig fil
    inne i mal/."""
    from jinja2 import TemplateNotFound

    try:
        css, _, _ = read_template_file(folder, "brev.css")
    except TemplateNotFound:
        return ""
    except TemplateRefused as e:
        reason = refusal_reason(e.kind, "stilarket") if e.kind else f"stilarket: {e.reason}"
        raise RenderError(reason, e.path or folder) from None
    return css


def _html_page(repo: Repo, body: str, view: dict) -> str:
    """HTML-siden fra `mal/brev.html.j2`, med `body` (brevet som HTML) og stilarket satt inn."""
    folder = template_dir(repo)
    try:
        from markupsafe import Markup

        from .sandbox import environment, render_template

        env = environment(folder, autoescape=True)
        css = _stylesheet(folder)
        return render_template(
            env, "brev.html.j2", {**view, "innhold": Markup(body), "stil": Markup(css.replace("</", "<\\/"))}
        )
    except RenderError:
        raise
    except Exception as e:  # noqa: BLE001
        raise template_error(e, folder) from None


def render_html(repo: Repo, år: int) -> str:
    """Brevet som én frittstående HTML-side fra `mal/brev.html.j2`."""
    view = letter_view(repo, år)
    return _html_page(repo, markdown_to_html(render_markdown(repo, år, view)), view)


def check_page(repo: Repo, år: int) -> None:
    """Gjengi HTML-rammen (`brev.html.j2`) uten innhold; kaster RenderError ved malfeil. Brukes
    når brevet lages som Markdown, som ikke går gjennom rammen, men som TB501 også sjekker."""
    _html_page(repo, "", letter_view(repo, år))


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
            "libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core; se README. Markdown og HTML virker uten dem."
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


FORMATS = {
    "md": lambda repo, år: render_markdown(repo, år).encode("utf-8"),
    "html": lambda repo, år: render_html(repo, år).encode("utf-8"),
    "pdf": render_pdf,
}
"""Formatene `render` kan lage, etter filendelsen: hvert gir brevet som bytes."""


def render(repo: Repo, år: int, fmt: str) -> bytes:
    """Gjengi i formatet `md`, `html` eller `pdf`."""
    make = FORMATS.get(fmt)
    if make is None:
        raise RenderError(f"ukjent format «{fmt}»; bruk .md, .html eller .pdf")
    return make(repo, år)
