"""PDF-en: HTML-siden satt med WeasyPrint som tagget PDF/A-2a (standard) eller PDF/UA-1.

PDF/A-2a er både et arkivformat (Arkivverket tar imot PDF/A, ikke PDF/UA) og tagget for
skjermlesere (nivå «a»: strukturtre, språk, tekst som kan søkes og kopieres); derfor er den
standard. PDF/UA-1 (`--pdf-variant pdfua`) er for den som vil ha den.

Begge får metadataene fra data (`metadata.Metadata`), ikke fra malen: tittelen, forfatteren
(departementet), emnet og språket (`nb`, eller `nn` når `Brev.målform` er nynorsk), både i
dokumentinformasjonen og i XMP-metadataene. Teksten settes uten ligaturer (et eget stilark
lagt etter malens), så «fl» og «fi» er to tegn i tekstlaget og et søk på «flyktning» finner
ordet. Fontene bygges inn; samme data gir samme bytes.
"""

from __future__ import annotations

from .errors import RenderError
from .metadata import Metadata

VARIANTS = {"pdfa": "pdf/a-2a", "pdfua": "pdf/ua-1"}
"""Valgene til `--pdf-variant` og WeasyPrint-navnet for hvert."""

STANDARD = "pdfa"
"""PDF-varianten når ingen er valgt: tagget PDF/A-2a."""

NO_LIGATURES = "* { font-variant-ligatures: none !important; }"
"""Stilarket som legges etter malens: ingen ligaturer (ﬁ ﬂ ﬀ ﬃ ﬄ) i teksten, så tekstlaget har
bokstavene hver for seg."""


def write_pdf(html: str, meta: Metadata, variant: str = STANDARD) -> bytes:
    """HTML-siden som tagget PDF (`variant`: `pdfa` eller `pdfua`), uten eksterne forespørsler."""
    import logging

    if variant not in VARIANTS:
        raise RenderError(f"ukjent PDF-variant «{variant}»; bruk {' eller '.join(VARIANTS)}")
    try:
        from weasyprint import CSS, HTML
    except OSError as e:  # et systembibliotek (Pango, HarfBuzz) mangler
        raise RenderError(
            "PDF krever systembibliotekene Pango og HarfBuzz, som ikke er installert her "
            f"({e}). På Debian/Ubuntu: apt install libpango-1.0-0 libpangoft2-1.0-0 "
            "libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core; se README. Markdown og HTML virker uten dem."
        ) from None

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    options = {
        "pdf_variant": VARIANTS[variant],
        "pdf_tags": True,
        "pdf_identifier": meta.ident.encode(),
        "full_fonts": not _stable_subsets(),
    }
    fetcher = _no_fetcher()
    no_ligatures = CSS(string=NO_LIGATURES, url_fetcher=fetcher, base_url=None)
    doc = HTML(string=html, url_fetcher=fetcher, base_url=None).render(stylesheets=[no_ligatures], **options)
    # fra data, ikke fra malen: en mal uten <title> eller lang gir likevel en gyldig PDF/A
    doc.metadata.title = meta.title or None
    doc.metadata.authors = [meta.author] if meta.author else []
    doc.metadata.description = meta.subject or None
    doc.metadata.lang = meta.lang
    return doc.write_pdf(**options)


def _stable_subsets() -> bool:
    """Om fontene kan bygges inn som delsett uten at bytene endrer seg fra kjøring til
    kjøring: ja med HarfBuzz' subsetter (4.1 eller nyere, som WeasyPrint da bruker). Uten den
    bruker WeasyPrint fontTools, som skriver klokkeslettet i hvert delsett; da bygges hele
    fontene inn (PDF-en blir om lag 1,3 MB i stedet for 130 kB)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except (ImportError, OSError):  # pragma: no cover - en annen WeasyPrint
        return False
    try:
        return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:  # pragma: no cover
        return False


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
