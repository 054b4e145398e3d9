"""Malfeil som meldinger: fra en feil i Jinja eller Python til en `RenderError` på norsk, med
fila og linjen i malen.

En melding siterer aldri innhold fra en fil eller en verdi: et navn vises bare når det står
i malen der feilen skjedde (`_quoted_name`, `_shown_name`), og det Python siterer ellers,
byttes mot «…» (`_scrub`). En mal kan dermed ikke lese en fil utenfor mal/ inn i en
feilmelding.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..text import clip, escape_controls
from .errors import RenderError
from .formatting import FILTERS
from .limits import TemplateLimit
from .templates import TemplateRefused, read_template_file

TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".md", ".html", ".css", ".txt")
"""Endelsene et malnavn må ha for å bli vist i en feilmelding (se `_shown_name`)."""

_NAME = re.compile(r"_{0,2}[^\W\d]\w{0,39}")
"""Et navn som kan stå i en melding: som et variabel- eller attributtnavn i malen."""

_PYTHON_TYPES = frozenset(
    "int str float bool list tuple dict set NoneType Markup Undefined StrictUndefined date "
    "datetime range Namespace LoopContext Macro object".split()
)
"""Typenavn Python siterer i feilmeldinger («can only concatenate str (not "int")»)."""


def template_error(e: Exception, folder: Path) -> RenderError:
    """Malfeilen som RenderError med fil og linje i malen. Meldingen siterer bare navn som står
    i malen der feilen skjedde (et navn regnet ut av innholdet i en fil, vises ikke)."""
    from jinja2 import TemplateNotFound, TemplatesNotFound, TemplateSyntaxError

    if isinstance(e, TemplateSyntaxError):
        file = Path(e.filename) if e.filename else None
        return RenderError(
            f"syntaksfeil i malen: {_explain(e, _source_of(file, folder))}", file or folder, e.lineno
        )
    # feil under gjengivelse (og en mal som ikke finnes): finn linjen i malen fra tracebacken
    file, line = _template_site(e, folder)
    source = _source_of(file, folder)
    if isinstance(e, TemplateRefused):
        if e.path is None:  # et ugyldig navn: pek på stedet som ba om malen
            return RenderError(e.reason, file or folder, line)
        if file is None:
            return RenderError(e.reason, e.path)
        return RenderError(e.reason, e.path, None, related=((file, line),))
    if isinstance(e, TemplateLimit):
        return RenderError(str(e), file or folder, line)
    if isinstance(e, TemplatesNotFound):
        shown = [_shown_name(n, source) for n in e.templates]
        names = f" ({', '.join(f'«{n}»' for n in shown)})" if shown and all(shown) else ""
        return RenderError(f"fant ingen av malene{names}", file or folder, line)
    if isinstance(e, TemplateNotFound):
        name = _shown_name(e.name, source)
        if name is None:
            return RenderError(
                "fant ikke malen (navnet er ikke et vanlig malnavn skrevet i malen, og vises ikke)",
                file or folder,
                line,
            )
        return RenderError(f"fant ikke malen «{name}»", file or folder, line)
    return RenderError(f"feil i malen: {_explain(e, source)}", file or folder, line)


def _template_site(e: Exception, folder: Path) -> tuple[Path | None, int | None]:
    """Fila og linjen i malen der feilen skjedde, fra tracebacken (den innerste malen)."""
    prefix = str(folder) + os.sep
    tb = e.__traceback__
    file, line = None, None
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".j2") or fname.startswith(prefix):
            file, line = Path(fname), tb.tb_lineno
        tb = tb.tb_next
    return file, line


def _source_of(file: Path | None, folder: Path) -> str | None:
    """Teksten i malen `file` (lest like trygt som malene ellers), «» når den ikke kan leses,
    og None når feilen ikke skjedde i en mal (navnet kom fra tb selv)."""
    if file is None:
        return None
    try:
        return read_template_file(folder, file.relative_to(folder).as_posix())[0]
    except Exception:  # noqa: BLE001 - da siteres ingenting fra malen
        return ""


def _shown_name(name: object, source: str | None) -> str | None:
    """Malnavnet slik det kan stå i en melding, eller None. Det vises bare når det er et vanlig
    malnavn (bokstaver, tall, «.», «-», «_», «/» og en kjent endelse) og står i malen som ba om
    det (eller kom fra tb selv, `source` None). Et navn som er regnet ut av innholdet i en
    fil, vises dermed ikke."""
    if not isinstance(name, str) or len(name) > 80 or not name.lower().endswith(TEMPLATE_SUFFIXES):
        return None
    if not re.fullmatch(r"[^\W_][\w.\-]*(/[^\W_][\w.\-]*)*", name):
        return None
    if source is not None and name not in source:
        return None
    return name


def _quoted_name(text: str, source: str | None) -> str:
    """«navn» når navnet er et vanlig navn som står i malen; ellers en omskrivning."""
    if _NAME.fullmatch(text) and (source is None or text in source):
        return f"«{text}»"
    return "et navn som er regnet ut i malen"


def _scrub(text: str, source: str | None) -> str:
    """En feilmelding fra Python eller Jinja uten det den siterer fra verdier: sitater som ikke
    er navn fra malen eller typenavn, byttes mot «…», og teksten blir én kort linje uten
    kontrolltegn."""

    def keep(m: re.Match) -> str:
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if quoted in _PYTHON_TYPES or re.fullmatch(r"\w+ object", quoted):
            return m.group(0)
        if _NAME.fullmatch(quoted) and source is not None and quoted in source:
            return m.group(0)
        return "'…'"

    text = re.sub(r"'([^'\n]*)'|\"([^\"\n]*)\"", keep, text)
    return clip(escape_controls(text), 160)


def _explain(e: Exception, source: str | None = None) -> str:
    """Jinjas feilmeldinger på norsk der vi kjenner dem. Navn siteres bare når de står i malen
    (`source`); verdier siteres aldri."""
    text = str(e)
    if isinstance(e, RecursionError):
        return "malen kaller seg selv for mange ganger (en makro eller løkke uten ende?)"
    if isinstance(e, MemoryError):
        return "malen bruker for mye minne"
    if type(e).__name__ == "SecurityError":
        m = re.search(r"attribute '([^']+)'", text)
        what = _quoted_name(m.group(1), source) if m else "noe"
        return f"malen prøver å nå {what}, som malene ikke har tilgang til (sandkassen)"
    text = getattr(e, "message", None) or text
    explained = _explain_message(text, source)
    if explained is not None:
        return explained
    if type(e).__name__ == "TemplateSyntaxError":
        return _scrub(text, source)
    return f"{type(e).__name__}: {_scrub(text, source)}"


def _explain_message(text: str, source: str | None) -> str | None:
    """Meldingene fra Jinja vi kjenner (et navn eller element som ikke finnes, et ukjent filter,
    en ukjent tagg, en blokk som ikke er lukket), på norsk; None for alle andre."""
    m = re.search(r"has no attribute '([^']+)'", text) or re.search(r"'([^']+)' is undefined", text)
    if m:
        return f"{_quoted_name(m.group(1), source)} finnes ikke i dataene malen får"
    m = re.search(r"has no element (.*)", text, re.S)
    if m:
        n = m.group(1).strip()
        what = f"element {n}" if re.fullmatch(r"-?\d{1,9}", n) else "et element som er regnet ut i malen"
        return f"{what} finnes ikke i dataene malen får"
    m = re.search(r"No (filter|test) named '([^']+)'", text)
    if m:
        kind = "filteret" if m.group(1) == "filter" else "testen"
        known = f" (tb har {', '.join(sorted(FILTERS))} i tillegg til Jinjas egne)" if m.group(1) == "filter" else ""
        return f"{kind} {_quoted_name(m.group(2), source)} finnes ikke{known}"
    m = re.search(r"Encountered unknown tag '([^']+)'", text)
    if m:
        return f"ukjent tagg «{{% {m.group(1)} %}}»" if _NAME.fullmatch(m.group(1)) else "ukjent tagg"
    m = re.search(r"[Uu]nexpected end of template", text)
    if m:
        return "malen slutter før en blokk er lukket (mangler det en {% end… %}?)"
    return None
