"""Gjengivelsen: hele brevet fra data, som Markdown, HTML, PDF eller Word.

Alt er rene funksjoner av data og maler: samme data gir samme bytes. Summer i tabellene
regnes ut fra linjene, beløp og datoer i prosaen (`{{ REF: trykt }}`) hentes fra data og
skrives med den presisjonen og formen som er trykt, og tekst fra data blir aldri malkode.

- `view`: visningsmodellen – alt malene trenger, regnet ut fra data (`letter_view`), én
  funksjon per del av brevet;
- `tillegg`: visningsmodellene for et tillegg til brevet (`tillegg_view`, `mal/tillegg.md.j2`)
  og for gjeldende tildeling (`gjeldende_view`, `mal/gjeldende.md.j2`), fra
  `model.snapshot.gjeldende`; brevet selv gjengis likt med og uten tillegg;
- `ord`: ordene brevet skriver selv («Med hilsen», «Tilskudd», «Løpende»), på bokmål og
  nynorsk etter brevets `målform`;
- `formatting`: verdier som tekst i brevet (`md_escape`, beløp, datoer, fristkolonnen) og
  filtrene malene har (`FILTERS`);
- `templates`: malene på disken (`template_dir`), lest bare som vanlige filer i mal/;
- `sandbox`: Jinja-miljøet malene kjøres i, med budsjett (`limits`) og sjekkene før hver
  operasjon (`guards`);
- `template_errors`: malfeil som norske meldinger med fil og linje, uten innhold fra filer;
- `html`: HTML-en etter markdown-it: innholdsfortegnelse, faste id-er på overskriftene,
  navn på tabellene og harde mellomrom i tall;
- `pdf`: HTML → tagget PDF/A-2a (eller PDF/UA-1) med WeasyPrint, uten ligaturer i tekstlaget;
- `docx`: Markdown → Word (python-docx), fra den samme Markdown-en som de andre formatene;
- `metadata`: tittel, forfatter, emne, språk og dato for PDF og Word, fra data;
- `output`: Markdown → HTML → PDF eller Word, og `render` med formatene (`FORMATS`) – brevet, et
  tillegg (`tillegg=N`) eller gjeldende tildeling (`gjeldende=True`, `per=DATO`);
- `errors`: `RenderError`.
"""

from .errors import RenderError
from .formatting import FILTERS, md_escape
from .output import (
    FORMATS,
    check_page,
    check_templates,
    markdown_to_html,
    render,
    render_docx,
    render_html,
    render_markdown,
    render_pdf,
)
from .templates import template_dir
from .tillegg import gjeldende_view, tillegg_view
from .view import letter_view

__all__ = [
    "FILTERS",
    "FORMATS",
    "RenderError",
    "check_page",
    "check_templates",
    "gjeldende_view",
    "letter_view",
    "markdown_to_html",
    "md_escape",
    "render",
    "render_docx",
    "render_html",
    "render_markdown",
    "render_pdf",
    "template_dir",
    "tillegg_view",
]
