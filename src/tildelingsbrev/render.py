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

from .files import os_error
from .model import Frist, Oppdrag, Post, Repo, prose, sum_bindinger
from .norsk import (
    format_dato,
    format_dato_lang,
    format_kroner,
    format_mill,
    parse_amount,
    parse_date,
)
from .text import clip, escape_controls, has_controls, safe_line


class RenderError(Exception):
    """Malen kan ikke gjengis. `file` og `line` peker på stedet i malen; `related` på andre
    steder feilen gjelder (linjen i malen som tok inn en mal som ikke kan leses)."""

    def __init__(
        self,
        message: str,
        file: Path | None = None,
        line: int | None = None,
        related: tuple[tuple[Path, int | None], ...] = (),
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.related = related

    def __str__(self) -> str:
        where = (
            f"{self.file}:{self.line}: "
            if self.file and self.line
            else (f"{self.file}: " if self.file else "")
        )
        also = "".join(f" (tatt inn fra {f}:{line})" if line else f" (tatt inn fra {f})" for f, line in self.related)
        return safe_line(f"{where}{self.message}{also}")


# ---------------------------------------------------------------- formatering

_MD_SPECIAL = re.compile(
    r"([\\`*_\[\]<>|#])|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
)


def md_escape(text: object) -> str:
    """Tekst fra data inn i Markdown: tegn med betydning i Markdown får skråstrek foran, så en
    tittel aldri blir lenke, HTML eller tabellskille. En `&` som ville startet en HTML-entitet
    («&lt;», «&#60;») får også skråstrek, så «&lt;b&gt;» i en tittel står som den er skrevet
    og ikke blir «<b>»."""
    s = "" if text is None else str(text)
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), " ".join(s.split()))


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
        if pd is not None and pd.spelled_month:
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


MAX_TEMPLATE_BYTES = 1_000_000
"""Største mal (og stilark) som leses, i byte."""
MAX_TEMPLATE_NAME = 200
"""Lengste malnavn (i tegn) i `{% include %}`, `{% import %}` og `{% extends %}`."""
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2", ".md", ".html", ".css", ".txt")
"""Endelsene et malnavn må ha for å bli vist i en feilmelding (se `_shown_name`)."""


class TemplateRefused(Exception):
    """En mal (eller stilarket) som ikke leses: en symbolsk lenke, ikke en vanlig fil, utenfor
    mal/, for stor, ikke UTF-8, eller et navn som ikke er et gyldig malnavn. `path` er stedet i
    mal/ det gjelder (None for et ugyldig navn). Meldingen nevner aldri innholdet i en fil."""

    KINDS = ("lenke", "sti-lenke", "ikke-fil", "utenfor", "stor", "utf8")

    def __init__(self, reason: str, path: Path | None = None):
        """`reason` er en av `KINDS` (teksten lages av `_reason`) eller en ferdig melding."""
        self.kind = reason if reason in self.KINDS else None
        self.reason = _reason(reason) if self.kind else reason
        super().__init__(self.reason)
        self.path = path


def _valid_parts(name: object) -> list[str]:
    """Delene av et malnavn («deler/signatur.md.j2» → ["deler", "signatur.md.j2"]), eller
    TemplateRefused når navnet ikke er et vanlig, relativt navn inne i mal/."""
    bad = TemplateRefused("navnet på malen er ikke et gyldig malnavn (navnet vises ikke)")
    if not isinstance(name, str) or not name or len(name) > MAX_TEMPLATE_NAME:
        raise bad
    if "\\" in name or "\x00" in name or "\n" in name or "\r" in name or has_controls(name):
        raise bad
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise TemplateRefused("malnavnet er en absolutt sti; malene må ligge i mal/")
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        if ".." in parts:
            raise TemplateRefused("malnavnet peker ut av mal/ («..»); malene må ligge i mal/")
        raise bad
    return parts


def _reason(kind: str, what: str = "malen") -> str:
    """Hvorfor en mal (eller stilarket, `what="stilarket"`) ikke leses, på norsk."""
    rule = (
        "malene må være vanlige filer i mal/"
        if what == "malen"
        else f"{what} må være en vanlig fil i mal/"
    )
    return {
        "lenke": f"{what} er en symbolsk lenke; {rule} (ikke lenker)",
        "sti-lenke": f"en mappe på veien til {what} er en symbolsk lenke; {rule} (ikke bak lenker)",
        "ikke-fil": f"{what} er ikke en vanlig fil; {rule}",
        "utenfor": f"{what} ligger utenfor mal/; {rule}",
        "stor": f"{what} er for stor (over {MAX_TEMPLATE_BYTES // 1_000_000} MB); {rule}, høyst "
        f"{MAX_TEMPLATE_BYTES // 1_000_000} MB store",
        "utf8": f"{what} er ikke UTF-8; {rule}, skrevet i UTF-8",
    }[kind]


def _open_template(folder: Path, name: object) -> tuple[int, Path]:
    """Åpne malen `name` i `folder` uten å følge symbolske lenker: hver del av stien åpnes for
    seg (O_NOFOLLOW), og den løste stien må ligge i den løste malmappa. Gir (fd, sti)."""
    import os
    import stat

    parts = _valid_parts(name)
    base = folder.parent.resolve()
    root = base / folder.name
    shown = folder  # stien i meldinger: slik mappa er gitt, ikke løst opp
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    if not nofollow or os.open not in os.supports_dir_fd:  # pragma: no cover - ikke POSIX
        return _open_template_portable(root, shown, parts)
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)

    def refuse(dir_fd: int, part: str, path: Path, e: OSError, last: bool):
        try:
            st = os.lstat(part, dir_fd=dir_fd)
        except FileNotFoundError:
            from jinja2 import TemplateNotFound

            raise TemplateNotFound(name if isinstance(name, str) else "") from None
        except OSError as e2:
            raise TemplateRefused(f"malen kan ikke leses: {os_error(e2)}", path) from None
        if stat.S_ISLNK(st.st_mode):
            raise TemplateRefused("lenke" if last else "sti-lenke", path) from None
        if not last and not stat.S_ISDIR(st.st_mode):
            from jinja2 import TemplateNotFound

            raise TemplateNotFound(name if isinstance(name, str) else "") from None
        raise TemplateRefused(f"malen kan ikke leses: {os_error(e)}", path) from None

    try:
        fd = os.open(str(base), flags | getattr(os, "O_DIRECTORY", 0))
    except OSError as e:
        raise TemplateRefused(f"malmappa kan ikke leses: {os_error(e)}", shown) from None
    try:
        path = shown
        steps = [folder.name, *parts]
        for i, part in enumerate(steps):
            last = i == len(steps) - 1
            if i:
                path = path / part
            mode = flags | nofollow | (getattr(os, "O_NONBLOCK", 0) if last else getattr(os, "O_DIRECTORY", 0))
            try:
                nfd = os.open(part, mode, dir_fd=fd)
            except OSError as e:
                if i == 0:  # mal/ selv
                    try:
                        st = os.lstat(part, dir_fd=fd)
                    except OSError:
                        st = None
                    if st is not None and stat.S_ISLNK(st.st_mode):
                        raise TemplateRefused(
                            "malmappa er en symbolsk lenke; mal/ må være en vanlig mappe i data-mappa",
                            shown,
                        ) from None
                refuse(fd, part, path, e, last)
            os.close(fd)
            fd = nfd
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise TemplateRefused("ikke-fil", path)
        if st.st_size > MAX_TEMPLATE_BYTES:
            raise TemplateRefused("stor", path)
        # Hver del er åpnet uten å følge lenker, så stien kan ikke ha gått ut av mappa; sjekk
        # likevel den løste stien (billig, og en ekstra sikring).
        real = Path(os.path.realpath(root.joinpath(*parts)))
        if not real.is_relative_to(Path(os.path.realpath(root))):
            raise TemplateRefused("utenfor", path)
        out, fd = fd, -1
        return out, path
    finally:
        if fd >= 0:
            os.close(fd)


def _open_template_portable(root: Path, shown: Path, parts: list[str]) -> tuple[int, Path]:  # pragma: no cover
    """Det samme som `_open_template` der `O_NOFOLLOW` og `dir_fd` mangler (Windows): hver del
    sjekkes med lstat, den løste stien må ligge i mappa, og fila som åpnes må være den samme
    (inode) som ble sjekket."""
    import os
    import stat

    from jinja2 import TemplateNotFound

    path, real_path, st = shown, root, None
    for i, part in enumerate(["", *parts]):
        if i:
            path, real_path = path / part, real_path / part
        try:
            st = os.lstat(real_path)
        except FileNotFoundError:
            raise TemplateNotFound("/".join(parts)) from None
        except OSError as e:
            raise TemplateRefused(f"malen kan ikke leses: {os_error(e)}", path) from None
        if stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0):
            raise TemplateRefused("lenke" if i == len(parts) else "sti-lenke", path)
    if not stat.S_ISREG(st.st_mode):
        raise TemplateRefused("ikke-fil", path)
    if not Path(os.path.realpath(real_path)).is_relative_to(Path(os.path.realpath(root))):
        raise TemplateRefused("utenfor", path)
    fd = os.open(real_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    now = os.fstat(fd)
    if (now.st_ino, now.st_dev) != (st.st_ino, st.st_dev) or now.st_size > MAX_TEMPLATE_BYTES:
        os.close(fd)
        raise TemplateRefused("ikke-fil" if now.st_size <= MAX_TEMPLATE_BYTES else "stor", path)
    return fd, path


def read_template_file(folder: Path, name: str) -> tuple[str, Path, tuple]:
    """Teksten i malen (eller stilarket) `name` i `folder`, med stien og et stempel (enhet,
    inode, størrelse, endringstid) som viser om fila er endret. Bare vanlige filer inne i
    mappa leses; alt annet er TemplateRefused (eller TemplateNotFound når den ikke finnes)."""
    import os

    fd, path = _open_template(folder, name)
    try:
        st = os.fstat(fd)
        chunks, size = [], 0
        while size <= MAX_TEMPLATE_BYTES:
            chunk = os.read(fd, MAX_TEMPLATE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused("stor", path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateRefused("utf8", path) from None
    return text, path, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _template_stamp(folder: Path, name: str) -> tuple | None:
    import os

    try:
        fd, _ = _open_template(folder, name)
    except Exception:  # noqa: BLE001 - alt som ikke kan åpnes nå, lastes (og meldes) på nytt
        return None
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _make_loader(folder: Path):
    """Jinja-lasteren for malmappa: serverer bare vanlige filer inne i mappa (se
    `read_template_file`). En mal Jinja har kompilert, brukes bare så lenge fila er den samme
    (samme inode, størrelse og endringstid, fortsatt uten lenker på veien)."""
    from jinja2 import BaseLoader

    class FolderLoader(BaseLoader):
        def get_source(self, environment, template):
            text, path, stamp = read_template_file(folder, template)
            return text, str(path), lambda: _template_stamp(folder, template) == stamp

        def list_templates(self):  # pragma: no cover - brukes ikke av tb
            return []

    return FolderLoader()


# ---------------------------------------------------------------- grenser for malene

MAX_OUTPUT = 20_000_000
"""Mest tekst (i tegn) malene kan skrive for ett brev, medregnet tekst samlet i
`{% set %}…{% endset %}`, makroer og filterblokker."""
MAX_VALUE = 20_000_000
"""Største tekst (i tegn) en mal kan lage i én operasjon (`'x' * n`, `~`, filtre, metoder)."""
MAX_ITEMS = 1_000_000
"""Flest elementer i en liste en mal lager i én operasjon."""
MAX_INT_BITS = 10_000
"""Største heltall en mal kan regne ut (i bit, omtrent 3 000 sifre)."""
MAX_RANGE = 10_000
"""Flest tall i `range(…)` i en mal (Jinja tillater 100 000)."""
MAX_OPERATIONS = 5_000_000
"""Arbeidsbudsjettet for én gjengivelse, i enheter: hver løkkerunde, sammenligning og test
koster én, et filter to, et kall fem, et makrokall `CALL_COST_MACRO` og en `{% include %}`
`INCLUDE_COST`; i tillegg koster hvert element i en liste og hvert hundrede tegn i en tekst
som leses eller lages, én. Brevet i data/ bruker omtrent 3 000. Et budsjett i enheter (ikke
sekunder) gir samme svar på alle maskiner; på en vanlig maskin tar 5 millioner enheter
omtrent ett sekund."""
CALL_COST_MACRO = 100
"""Det et kall av en makro (eller `loop(…)` i en rekursiv løkke) koster."""
INCLUDE_COST = 1000
"""Det en `{% include %}` eller `{% import %}` koster (malen slås opp og sjekkes på disken)."""


class TemplateLimit(Exception):
    """Malen bruker for mye: tid (operasjoner), tekst eller minne. Meldingen er på norsk."""


class _Budget:
    __slots__ = ("ops", "out")

    def __init__(self) -> None:
        self.ops = 0
        self.out = 0

    def spend(self, n: int) -> None:
        self.ops += n
        if self.ops > MAX_OPERATIONS:
            raise TemplateLimit(
                f"malen bruker for mange operasjoner (over {_tall(MAX_OPERATIONS)} løkkerunder, "
                "kall og tekstoperasjoner); er det en løkke i en løkke som blir for stor?"
            )

    def write(self, n: int) -> None:
        self.out += n
        if self.out > MAX_OUTPUT:
            raise TemplateLimit(f"malen lager for mye tekst (over {_tall(MAX_OUTPUT)} tegn)")


def _tall(n: int) -> str:
    """Et rundt tall i en melding: «10 000», «5 millioner»."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        m = n // 1_000_000
        return f"{m} million" if m == 1 else f"{m} millioner"
    return f"{n:,}".replace(",", " ")


def _too_big(what: str = "tekst") -> TemplateLimit:
    if what == "liste":
        return TemplateLimit(f"malen lager en for lang liste (over {_tall(MAX_ITEMS)} elementer i én operasjon)")
    if what == "tall":
        return TemplateLimit("malen regner ut et for stort tall (over 3 000 sifre)")
    return TemplateLimit(f"malen lager en for stor tekst (over {_tall(MAX_VALUE)} tegn i én operasjon)")


def _size(value: object, limit: int = MAX_VALUE) -> tuple[int, int]:
    """(omtrent hvor mange tegn verdien blir som tekst, antall deler som ble sett på). Lister
    og avbildninger telles med alt de inneholder – en verdi som forekommer mange ganger, telles
    hver gang, slik den også skrives hver gang. Slutter å telle over `limit` (også for en
    verdi som inneholder seg selv)."""
    from jinja2.utils import Namespace

    if isinstance(value, (str, bytes)):
        return len(value), 1
    total, seen, stack = 0, 0, [value]
    while stack and total <= limit:
        v = stack.pop()
        seen += 1
        if isinstance(v, (str, bytes)):
            total += len(v)
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 1
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            if total <= limit:
                stack.extend(v.keys())
                stack.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(v)
            if total <= limit:
                stack.extend(v)
        elif isinstance(v, range):
            total += 2 * len(v)
        elif isinstance(v, Namespace):
            attrs = object.__getattribute__(v, "_Namespace__attrs")
            total += 12 + 4 * len(attrs)
            if total <= limit:
                stack.extend(attrs.values())
        else:
            total += 20
    return total, seen


def _cost(*values: object) -> int:
    """Det det koster å lese verdiene én gang: én enhet per hundre tegn i en tekst (å lete i
    eller kopiere tekst går fort) og én per element i en liste eller avbildning."""
    total = 0
    for v in values:
        if isinstance(v, (str, bytes)):
            total += len(v) // 100
        elif isinstance(v, (list, tuple, dict, set, frozenset)):
            total += len(v)
    return total


def _shallow(value: object) -> int:
    """Lengden på en tekst eller liste uten å se inni den (0 for andre verdier)."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset, range)):
        return len(value)
    return 0


_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")
_STRUCTURE_FILTERS = frozenset(
    "abs attr batch bool count d default dictsort first float groupby int items last length "
    "list map max min random reject rejectattr reverse round select selectattr slice sort sum "
    "unique".split()
)
"""Filtrene som ikke gjør verdien om til tekst (de andre sjekkes for hvor stor teksten blir)."""
_FILTER_GROWTH = {"escape": 5, "e": 5, "forceescape": 5, "xmlattr": 6, "tojson": 12, "urlize": 12,
                  "pprint": 10, "string": 10, "upper": 3, "title": 3, "capitalize": 3, "wordwrap": 2,
                  "md": 2, "celle": 2}
"""Hvor mange ganger lengre enn verdien teksten fra filteret kan bli (standard 1)."""
_FILTER_WORK = {"sort": 4, "dictsort": 4, "groupby": 4, "unique": 2}
"""Filtre som gjør mer enn å lese verdien én gang (sortering): så mange ganger `_cost`."""


def _make_environment(folder: Path, autoescape: bool):
    """Jinja-miljøet for malmappa: sandkassen, lasteren som bare leser vanlige filer i mal/,
    og grensene for tid og størrelse."""
    from functools import update_wrapper
    from string import Formatter

    from jinja2 import StrictUndefined, nodes, pass_context
    from jinja2.compiler import CodeGenerator, operators
    from jinja2.runtime import LoopContext, Macro
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from jinja2.utils import _PassArg, generate_lorem_ipsum

    class Codegen(CodeGenerator):
        """Jinjas kodegenerator med målepunkter: løkker telles, sammenligninger og utsnitt
        betaler for lengden de leser, `~` sjekker størrelsen før teksten lages, og alt som
        skrives (også inn i `{% set %}`-blokker og makroer) telles mot `MAX_OUTPUT`."""

        def visit_Template(self, node, frame=None):
            # Det hver `{% for %}` går gjennom, går gjennom filteret LOOP_FILTER (et navn en mal
            # ikke kan skrive), som teller rundene.
            for loop in node.find_all(nodes.For):
                it = loop.iter
                if not (isinstance(it, nodes.Filter) and it.name == LOOP_FILTER):
                    loop.iter = nodes.Filter(it, LOOP_FILTER, [], [], None, None, lineno=it.lineno)
            return super().visit_Template(node, frame)

        def visit_Concat(self, node, frame):
            if frame.eval_ctx.volatile:
                func = "(markup_join if context.eval_ctx.volatile else str_join)"
            elif frame.eval_ctx.autoescape:
                func = "markup_join"
            else:
                func = "str_join"
            self.write(f"environment.tb_concat({func}, (")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

        def visit_Compare(self, node, frame):
            self.write("(environment.tb_read(")
            self.visit(node.expr, frame)
            self.write(")")
            for op in node.ops:
                self.write(f" {operators[op.op]} environment.tb_read(")
                self.visit(op.expr, frame)
                self.write(")")
            self.write(")")

        def visit_Getitem(self, node, frame):
            if isinstance(node.arg, nodes.Slice):
                self.write("environment.tb_read(")
                self.visit(node.node, frame)
                self.write(")[")
                self.visit(node.arg, frame)
                self.write("]")
            else:
                super().visit_Getitem(node, frame)

        def _output_const_repr(self, group):
            return f"environment.tb_output({super()._output_const_repr(group)})"

        def _output_child_pre(self, node, frame, finalize):
            self.write("environment.tb_output(")
            super()._output_child_pre(node, frame, finalize)

        def _output_child_post(self, node, frame, finalize):
            super()._output_child_post(node, frame, finalize)
            self.write(")")

    def check_text(n: int) -> None:
        if n > MAX_VALUE:
            raise _too_big()

    def check_percent(fmt: str, args: object) -> None:
        """`fmt % args` (og filteret `format`): bredder og presisjon, og hvor mye tekst det blir."""
        values = args if isinstance(args, tuple) else (args,)
        if isinstance(args, dict):
            values = tuple(args.values())
        specs = _FORMAT_SPEC.findall(fmt)
        widths = 0
        for width, precision, _ in specs:
            for w in (width, precision):
                if w == "*":
                    widths += sum(v for v in values if isinstance(v, int) and v > 0)
                elif w:
                    widths += int(w)
        biggest = max((env.sized(v) for v in values), default=0)
        check_text(len(fmt) + widths + len(specs) * biggest)

    def check_format(fmt: str, args: tuple, kwargs: dict) -> None:
        """`'…'.format(…)`: hvert felt kan gjenta det største argumentet, pluss bredder."""
        fields = widths = 0
        for _, field, spec, _ in Formatter().parse(fmt):
            if field is None:
                continue
            fields += 1
            if spec and "{" in spec:
                fields += spec.count("{")
                widths += sum(v for v in (*args, *kwargs.values()) if isinstance(v, int) and v > 0)
            widths += sum(int(d) for d in re.findall(r"\d+", spec or ""))
        biggest = max((env.sized(v) for v in (*args, *kwargs.values())), default=0)
        check_text(len(fmt) + widths + fields * biggest)

    class Environment(ImmutableSandboxedEnvironment):
        code_generator_class = Codegen
        intercepted_binops = frozenset({"*", "**", "%", "+"})
        budget: _Budget | None = None
        """Budsjettet for gjengivelsen som pågår (None mens en mal kompileres)."""

        # -- målepunktene i den genererte koden

        def spend(self, n: int) -> None:
            if self.budget is not None:
                self.budget.spend(n)

        def tb_loop(self, iterable):
            budget = self.budget
            if budget is None:
                return iterable
            return self._counted(iter(iterable), budget)

        @staticmethod
        def _counted(iterator, budget):
            for item in iterator:
                budget.spend(1)
                yield item

        def tb_read(self, value):
            self.spend(1 + _cost(value))
            return value

        def tb_output(self, text):
            if self.budget is not None:
                self.budget.write(len(text))
            return text

        def tb_concat(self, join, parts):
            self.spend(1 + len(parts))
            check_text(sum(self.sized(p) for p in parts))
            return self.made(join(parts))

        # -- sjekkene

        def sized(self, value, factor: int = 1) -> int:
            """Tegnene `value` blir som tekst; betaler for opptellingen."""
            n, seen = _size(value, MAX_VALUE // max(factor, 1) + 1)
            if seen > 1:
                self.spend(seen)
            return n * max(factor, 1)

        def made(self, value):
            """En ny verdi fra malen: innenfor grensene, og betalt for."""
            n = _shallow(value)
            if isinstance(value, (str, bytes)):
                check_text(n)
            elif n > MAX_ITEMS and not isinstance(value, range):
                raise _too_big("liste")
            elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
                raise _too_big("tall")
            self.spend(_cost(value))
            return value

        def finalize_value(self, value):
            if not isinstance(value, (str, bytes, int, float)) and value is not None:
                check_text(self.sized(value, 10))  # en liste eller avbildning skrives med repr
            return value

        # -- sandkassens kroker

        def compile(self, *args, **kwargs):
            saved, self.budget = self.budget, None  # det kompilatoren regner ut på forhånd, er gratis
            try:
                return super().compile(*args, **kwargs)
            finally:
                self.budget = saved

        def _load_template(self, name, globals):
            self.spend(INCLUDE_COST)
            return super()._load_template(name, globals)

        def call_binop(self, context, operator, left, right):
            self.spend(1 + _cost(left, right))
            numbers = (int, float)
            if operator == "*":
                seq, n = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(n, int) and not isinstance(seq, numbers):
                    check_text(self.sized(seq) * max(n, 0))
                    if isinstance(seq, (list, tuple)) and len(seq) * max(n, 0) > MAX_ITEMS:
                        raise _too_big("liste")
                elif isinstance(left, int) and isinstance(right, int):
                    if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                        raise _too_big("tall")
            elif operator == "**":
                if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                    if abs(left).bit_length() * right > MAX_INT_BITS:
                        raise _too_big("tall")
            elif operator == "%" and isinstance(left, str):
                check_percent(left, right)
            elif operator == "+" and not (isinstance(left, numbers) and isinstance(right, numbers)):
                check_text(self.sized(left) + self.sized(right))
                if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
                    if len(left) + len(right) > MAX_ITEMS:
                        raise _too_big("liste")
            return self.made(super().call_binop(context, operator, left, right))

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - som i Jinja
            # en makro (og `loop(…)` i en rekursiv løkke) koster like mye som omtrent hundre
            # løkkerunder: en ny ramme, en ny kontekst og en buffer for teksten
            heavy = isinstance(__obj, (Macro, LoopContext))
            target = getattr(__obj, "__self__", None)  # `a` i `a.count(…)`: metoden leser den
            __self.spend((CALL_COST_MACRO if heavy else 5) + _cost(target, *args, *kwargs.values()))
            if isinstance(__obj, LoopContext) and args:  # `loop(…)` i en rekursiv løkke
                args = (__self.tb_loop(args[0]), *args[1:])
            if isinstance(target, (str, bytes)) and not isinstance(__obj, type):
                args = __self._check_text_method(target, getattr(__obj, "__name__", ""), args, kwargs)
            return __self.made(super().call(__context, __obj, *args, **kwargs))

        def _check_text_method(self, s, method: str, args: tuple, kwargs: dict) -> tuple:
            """En metode på en tekst (`'…'.replace(…)`, `.center(…)`, `.join(…)` …): sjekk hvor
            stor teksten blir før den lages."""
            ints = [v for v in (*args, *kwargs.values()) if isinstance(v, int)]
            if any(v > MAX_VALUE for v in ints):
                raise _too_big()
            n = len(s)
            if method == "replace" and len(args) >= 2:
                old, new = args[0], args[1]
                if isinstance(old, type(s)) and isinstance(new, type(s)):
                    count = s.count(old) if old else n + 1
                    if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                        count = min(count, args[2])
                    check_text(n + count * len(new))
            elif method == "expandtabs":
                tab = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
                check_text(n + s.count("\t" if isinstance(s, str) else b"\t") * max(int(tab), 0))
            elif method == "join" and args:
                items, total = [], 0
                for item in args[0]:
                    self.spend(1)
                    total += self.sized(item) + n
                    check_text(total)
                    items.append(item)
                return (items, *args[1:])
            elif method == "translate" and args:
                table = args[0]
                longest = max((_shallow(v) for v in table.values()), default=1) if isinstance(table, dict) else 1
                check_text(n * max(longest, 1))
            elif method in ("center", "ljust", "rjust", "zfill"):
                check_text(max([n, *ints]))
            elif method in ("split", "rsplit", "splitlines"):
                sep = args[0] if args and method != "splitlines" else kwargs.get("sep")
                if isinstance(sep, type(s)) and sep:
                    pieces = s.count(sep) + 1
                elif isinstance(s, str):  # linjer eller blank plass: høyst én del per skilletegn
                    pieces = sum(s.count(c) for c in ("\n", " ", "\t", "\r")) + 1
                else:
                    pieces = n // 2 + 1
                if pieces > MAX_ITEMS:
                    raise _too_big("liste")
            else:
                check_text(n + sum(max(v, 0) for v in ints) + sum(_shallow(a) for a in args))
            return args

        def wrap_str_format(self, value):
            wrapper = super().wrap_str_format(value)
            if wrapper is None:
                return None
            fmt = value.__self__
            env = self

            def checked(*args, **kwargs):
                env.spend(5)
                if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                    check_format(fmt, (), args[0])
                else:
                    check_format(fmt, args, kwargs)
                return env.made(wrapper(*args, **kwargs))

            return update_wrapper(checked, value)

    env = Environment(
        loader=_make_loader(folder),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None,
    )
    env.finalize = env.finalize_value

    def bounded_range(*args):
        r = range(*args)
        if len(r) > MAX_RANGE:
            raise TemplateLimit(
                f"range(…) gir for mange tall (over {_tall(MAX_RANGE)}); malene kan telle til "
                f"høyst {_tall(MAX_RANGE)}"
            )
        return r

    def bounded_lipsum(n=5, html=True, min=20, max=100):
        if not all(isinstance(v, int) for v in (n, min, max)) or n > 100 or max > 1000 or min > max:
            raise TemplateLimit("lipsum(…) kan lage høyst 100 avsnitt med høyst 1 000 ord")
        return env.made(generate_lorem_ipsum(n, html, min, max))

    env.globals["range"] = bounded_range
    env.globals["lipsum"] = bounded_lipsum

    def guard_filter(name: str, func):
        offset = 1 if _PassArg.from_obj(func) is not None else 0
        growth = _FILTER_GROWTH.get(name, 1)

        def guarded(*args, **kwargs):
            value = args[offset] if len(args) > offset else kwargs.get("value")
            rest = (*args[offset + 1 :], *kwargs.values())
            env.spend(2 + _cost(value, *rest) * _FILTER_WORK.get(name, 1))
            if name == "sum":
                args, kwargs = _check_sum(env, args, kwargs)
            elif name in _STRUCTURE_FILTERS:
                _check_structure_filter(env, name, value, args[offset + 1 :], kwargs)
            elif name == "join":
                items = list(env.tb_loop(value)) if value is not None else []
                sep = args[offset + 1] if len(args) > offset + 1 else kwargs.get("d", "")
                check_text(sum(env.sized(i) for i in items) + len(items) * _shallow(sep))
                args = (*args[:offset], items, *args[offset + 1 :])
            elif name == "format" and isinstance(value, str):
                check_percent(value, tuple(args[offset + 1 :]) or dict(kwargs))
            elif name == "replace" and isinstance(value, str) and len(args) >= offset + 3:
                old, new = str(args[offset + 1]), str(args[offset + 2])
                count = value.count(old) if old else len(value) + 1
                check_text(len(value) + count * len(new))
            elif name == "indent":
                width = args[offset + 1] if len(args) > offset + 1 else kwargs.get("width", 4)
                size = env.sized(value)
                lines = value.count("\n") + 1 if isinstance(value, str) else size
                check_text(size + lines * (len(width) if isinstance(width, str) else max(int(width), 0)))
            else:
                ints = [v for v in rest if isinstance(v, int) and not isinstance(v, bool)]
                if any(v > MAX_VALUE for v in ints):
                    raise _too_big()
                factor = 1 if name == "string" and isinstance(value, str) else growth
                check_text(env.sized(value, factor) + sum(env.sized(a) for a in rest if not isinstance(a, int)))
            return env.made(func(*args, **kwargs))

        update_wrapper(guarded, func)
        return guarded

    def guard_test(func):
        def guarded(*args, **kwargs):
            env.spend(1 + _cost(*args, *kwargs.values()))
            return func(*args, **kwargs)

        update_wrapper(guarded, func)
        return guarded

    env.filters.update(FILTERS)
    env.filters = {name: guard_filter(name, f) for name, f in env.filters.items()}
    env.tests = {name: guard_test(f) for name, f in env.tests.items()}

    @pass_context  # aldri regnet ut på forhånd (konstantfolding), alltid når løkka kjøres
    def count_loop(context, iterable):
        return env.tb_loop(iterable)

    env.filters[LOOP_FILTER] = count_loop
    return env


LOOP_FILTER = "tb løkke"
"""Navnet på filteret som teller rundene i en `{% for %}` (med mellomrom, så ingen mal kan
bruke det)."""


def _check_structure_filter(env, name: str, value, args: tuple, kwargs: dict) -> None:
    """Filtrene som lager lister (batch, slice, list, sort …): hvor mange elementer det blir."""
    if (
        isinstance(value, (str, bytes))
        and len(value) > MAX_ITEMS
        and name in ("list", "sort", "unique", "batch", "slice", "groupby")
    ):
        raise _too_big("liste")  # ett element per tegn
    if name in ("batch", "slice"):
        count = args[0] if args else kwargs.get("linecount" if name == "batch" else "slices", 0)
        if isinstance(count, int) and count > MAX_ITEMS:
            raise _too_big("liste")
        env.spend(count if isinstance(count, int) and count > 0 else 0)


def _check_sum(env, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Filteret `sum`. Med en liste som start (`sum(start=[])`) legges listene sammen bit for
    bit, og arbeidet vokser med kvadratet av lengden: tell elementene først, og gi filteret
    de ferdig oppslåtte verdiene."""
    from jinja2.filters import make_attrgetter

    if len(args) < 2:
        return args, kwargs
    env_arg, value, *rest = args
    attribute = rest[0] if rest else kwargs.get("attribute")
    start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
    if not isinstance(start, (list, tuple, str)):
        return args, kwargs
    items = list(env.tb_loop(value)) if value is not None else []
    if attribute is not None:
        items = [make_attrgetter(env_arg, attribute)(i) for i in items]
    total = sum(_shallow(i) for i in items) + len(start)
    if total > MAX_ITEMS or len(items) * total > MAX_OPERATIONS:
        raise _too_big("liste")
    env.spend(len(items) * total // 2)
    return (env_arg, items), {"start": start}


@lru_cache(maxsize=8)
def _environment(folder: Path, autoescape: bool):
    """Jinja-miljøet for malmappa (ett per mappe og prosess: malene kompileres én gang; en
    kompilert mal brukes bare så lenge fila er uendret og fortsatt en vanlig fil i mappa).

    Malene kjøres i Jinjas sandkasse (`ImmutableSandboxedEnvironment`): en mal kan lese
    verdiene den får og bruke filtrene, men ikke nå interne attributter («__class__»,
    «__globals__») eller endre lister og avbildninger. En mal fra noen du ikke stoler på, kan
    dermed ikke kjøre vilkårlig kode i `tb check` eller `tb render`.

    I tillegg:

    - malene leses bare fra vanlige filer inne i mal/: ikke gjennom symbolske lenker, ikke
      med «..» eller absolutte navn, ikke filer over 1 MB eller som ikke er UTF-8
      (`read_template_file`);
    - en gjengivelse har et arbeidsbudsjett (`MAX_OPERATIONS`) og en grense for tekst den kan
      skrive (`MAX_OUTPUT`) og lage i én operasjon (`MAX_VALUE`); `range` teller til høyst
      `MAX_RANGE`. En mal som bruker for mye, stopper med en melding, ikke med en prosess som
      henger eller går tom for minne."""
    return _make_environment(folder, autoescape)


def _render_template(env, name: str, values: dict) -> str:
    """Gjengi malen `name` med budsjettet for én gjengivelse."""
    template = env.get_template(name)
    saved, env.budget = env.budget, _Budget()
    try:
        out, size = [], 0
        for chunk in template.generate(**values):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateLimit(f"malen lager for mye tekst (over {_tall(MAX_OUTPUT)} tegn)")
            out.append(chunk)
        return "".join(out)
    finally:
        env.budget = saved


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


def _template_site(e: Exception, folder: Path) -> tuple[Path | None, int | None]:
    """Fila og linjen i malen der feilen skjedde, fra tracebacken (den innerste malen)."""
    import os

    prefix = str(folder) + os.sep
    tb = e.__traceback__
    file, line = None, None
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".j2") or fname.startswith(prefix):
            file, line = Path(fname), tb.tb_lineno
        tb = tb.tb_next
    return file, line


def _template_error(e: Exception, folder: Path) -> RenderError:
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


def _source_of(file: Path | None, folder: Path) -> str | None:
    """Teksten i malen `file` (lest like trygt som malene ellers), «» når den ikke kan leses,
    og None når feilen ikke skjedde i en mal (navnet kom fra tb selv)."""
    if file is None:
        return None
    try:
        return read_template_file(folder, file.relative_to(folder).as_posix())[0]
    except Exception:  # noqa: BLE001 - da siteres ingenting fra malen
        return ""


_NAME = re.compile(r"_{0,2}[^\W\d]\w{0,39}")
"""Et navn som kan stå i en melding: som et variabel- eller attributtnavn i malen."""

_PYTHON_TYPES = frozenset(
    "int str float bool list tuple dict set NoneType Markup Undefined StrictUndefined date "
    "datetime range Namespace LoopContext Macro object".split()
)
"""Typenavn Python siterer i feilmeldinger («can only concatenate str (not "int")»)."""


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
    if isinstance(e, TemplateLimit):
        return text
    if isinstance(e, RecursionError):
        return "malen kaller seg selv for mange ganger (en makro eller løkke uten ende?)"
    if isinstance(e, MemoryError):
        return "malen bruker for mye minne"
    if type(e).__name__ == "SecurityError":
        m = re.search(r"attribute '([^']+)'", text)
        what = _quoted_name(m.group(1), source) if m else "noe"
        return f"malen prøver å nå {what}, som malene ikke har tilgang til (sandkassen)"
    text = getattr(e, "message", None) or text
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
    if type(e).__name__ == "TemplateSyntaxError":
        return _scrub(text, source)
    return f"{type(e).__name__}: {_scrub(text, source)}"


def render_markdown(repo: Repo, år: int, view: dict | None = None) -> str:
    """Brevet som Markdown, fra `mal/brev.md.j2`."""
    folder = template_dir(repo)
    view = view if view is not None else letter_view(repo, år)
    try:
        env = _environment(folder, autoescape=False)
        return _render_template(env, "brev.md.j2", view)
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


def _stylesheet(folder: Path) -> str:
    """Stilarket `mal/brev.css` (tomt når det ikke finnes), lest som malene: bare en vanlig fil
    inne i mal/."""
    from jinja2 import TemplateNotFound

    try:
        css, _, _ = read_template_file(folder, "brev.css")
    except TemplateNotFound:
        return ""
    except TemplateRefused as e:
        reason = _reason(e.kind, "stilarket") if e.kind else f"stilarket: {e.reason}"
        raise RenderError(reason, e.path or folder) from None
    return css


def _html_page(repo: Repo, body: str, view: dict) -> str:
    folder = template_dir(repo)
    try:
        from markupsafe import Markup

        env = _environment(folder, autoescape=True)
        css = _stylesheet(folder)
        return _render_template(
            env, "brev.html.j2", {**view, "innhold": Markup(body), "stil": Markup(css.replace("</", "<\\/"))}
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
