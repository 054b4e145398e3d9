"""`tb nytt-brev`: utkastet til neste års brev, kopiert fra et tidligere brev.

`lag_utkast(repo, år, fra)` regner ut hva som skal skrives (`Utkast`: filene med innholdet),
uten å skrive noe; `skriv_utkast` skriver dem. Kopiene lages med ruamel.yaml (round-trip:
rekkefølge, anførselstegn og kommentarer følger med), og det som endres, er:

- **brev.yaml**: `år`, årstallet i tittelen, sesjonen i Prop. og Innst. flyttet fram
  («Prop. 1 S (2023–2024)» → «Prop. 1 S (2024–2025)»; nummeret på innstillingen beholdes, og
  brevet merkes ikke gjennomgått), `budsjettvedtak` og `dato` tomme, hvert kapittel
  `gjennomgått: false`, rapporteringskalenderen flyttet fram (ID-er og titler med årstallene
  byttet, datoene like mange år fram) og fristene i teksten flyttet fram og merket.
- **prosaen** (brev/ÅR/**/*.md og `tekst` i mål og budsjett) kopiert; en markør for en frist
  som er flyttet (`{{ frist.ID: 31.10.2024 }}`), får den nye datoen, og en henvisning til Prop.
  eller Innst. for sesjonen til det gamle brevet («Prop. 1 S (2023–2024)») får den nye sesjonen
  (skrevet som før, så TB112 fortsatt ser en skrivemåte som avviker).
- **mål og styringsparametere**: `år`, `tidligere_oppdrag_frist_år: ÅR` (målene) og
  `gjennomgått: false`.
- **budsjettet**: `år`, alle beløp tomme (`null`, aldri 0: TB601 melder dem), de trykte
  summene (`sum`) fjernet og `gjennomgått: false`.
- **fullmaktene** (budsjett/ÅR/fullmakter.yaml): `år`, rammene og beløpene tomme (`null`),
  sesjonen i grunnlaget flyttet fram som i Prop. («Prop. 1 S (2023–2024), romertallsvedtak II»
  → «… (2024–2025) …»), henvisningene i teksten som i prosaen, og `gjennomgått: false`.

Oppdragene kopieres ikke: de lever i oppdrag/ på tvers av år, og hvilke som er med i det nye
brevet, regnes ut av øyeblikksreglene (`model.snapshot`) når utkastet er skrevet.

En kommentar øverst i hver YAML-fil sier at den er kopiert; de andre kommentarene følger med,
utenom de som beskrev en verdi som er byttet ut (et beløp, en dato) og kildehenvisningene
øverst («Tildelingsbrev 2024, kap. 3, linje 225–233»).

Ingenting skrives over: finnes brev/ÅR eller en av filene, eller går en sti gjennom en
symbolsk lenke i data-mappa, nektes det før noe er skrevet. Hver fil leses tilbake med den
samme innlesingen som `tb check` bruker (`pipeline.load_document`) før noe skrives.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from .files import UnsafePath, read_inside
from .model import BREVÅR, Brev, Doc, Fullmakter, Kapittel, Mål, Post, Repo, Styringsparameter, prose
from .norsk import format_liste, parse_date
from .pipeline import load_document
from .schema import modeline
from .text import safe_line


class NyttBrevError(Exception):
    """Utkastet kan ikke lages (ugyldige valg, noe finnes fra før, en lenke i data-mappa).
    Meldingen er norsk."""


@dataclass(frozen=True)
class NyFil:
    """En fil i utkastet: stien relativt til data-mappa (med «/») og innholdet."""

    rel: str
    data: bytes
    kind: str
    """`brev`, `prosa`, `mål`, `styringsparameter`, `kapittel`, `post` eller `fullmakter`."""


@dataclass
class Utkast:
    """Utkastet til brevet for `år`, kopiert fra brevet for `fra`: filene som skal skrives."""

    root: Path
    år: int
    fra: int
    filer: list[NyFil] = field(default_factory=list)

    def antall(self, kind: str) -> int:
        return sum(1 for f in self.filer if f.kind == kind)


# ---------------------------------------------------------------- år og datoer


_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_SESSION_RE = re.compile(r"\((\d{4})\s*[-–—]\s*(\d{4})\)")


def flytt_dato(d: date, n: int) -> date:
    """Datoen `n` år fram; 29. februar blir 28. februar i et år som ikke er skuddår."""
    try:
        return d.replace(year=d.year + n)
    except ValueError:
        return d.replace(year=d.year + n, day=28)


def flytt_årstall(text: str, n: int) -> str:
    """Hvert årstall i teksten (1989–2110) `n` år fram: «halvårsrapport-2024» →
    «halvårsrapport-2025», «Årsrapport og regnskap for budsjettåret 2023» → «… 2024»."""
    low, high = BREVÅR[0] - 1, BREVÅR[1] + 10

    def one(m: re.Match) -> str:
        y = int(m.group(1))
        return str(y + n) if low <= y <= high else m.group(1)

    return _keep_type(text, _YEAR_RE.sub(one, text))


def bytt_år(text: str, fra: int, år: int) -> str:
    """Årstallet `fra` byttet med `år` («Tildelingsbrev 2024 – …» → «Tildelingsbrev 2025 – …»);
    andre årstall står."""
    return _keep_type(text, re.sub(rf"(?<!\d){fra}(?!\d)", str(år), text))


def flytt_sesjon(text: str, n: int) -> str:
    """Sesjonen i en henvisning `n` år fram, med tankestrek: «Prop. 1 S (2023–2024)» →
    «Prop. 1 S (2024–2025)». Nummeret står (en innstilling kan få et annet nummer: brevet
    merkes ikke gjennomgått)."""
    return _keep_type(text, _SESSION_RE.sub(lambda m: f"({int(m.group(1)) + n}–{int(m.group(2)) + n})", text))


def _keep_type(old: str, new: str) -> str:
    """Den nye teksten med samme skrivemåte i YAML som den gamle (anførselstegn, `|`-blokk)."""
    if isinstance(old, ScalarString) and new != old:
        return type(old)(new)
    return new


# ---------------------------------------------------------------- kommentarene


def _slot(node, key) -> list | None:
    items = node.ca.items.get(key) if hasattr(node, "ca") else None
    return items


def _drop_eol_comment(node, key) -> None:
    """Fjern kommentaren etter verdien på linja (den beskrev den gamle verdien, «# «25 200 000»»);
    hele kommentarlinjer etter den (de hører til neste nøkkel) står."""
    items = _slot(node, key)
    if not items:
        return
    for i, token in enumerate(items):
        if token is None or isinstance(token, list) or i not in (0, 2):
            continue
        text = token.value
        if text.startswith("\n"):
            continue
        rest = text.split("\n", 1)[1] if "\n" in text else ""
        if rest.strip():
            token.value = "\n" + rest
        else:
            items[i] = None


def _set(node: CommentedMap, key: str, value) -> None:
    """Sett en verdi som erstatter en annen, og fjern kommentaren som beskrev den gamle."""
    if key in node and node[key] == value and type(node[key]) is type(value):
        return
    node[key] = value
    _drop_eol_comment(node, key)


def _drop(node: CommentedMap, key: str) -> None:
    """Fjern en nøkkel (en trykt sum) med kommentaren på linja; kommentarlinjer etter den
    flyttes til nøkkelen foran når den har en enkel verdi, ellers fjernes de."""
    if key not in node:
        return
    _drop_eol_comment(node, key)
    items = _slot(node, key)
    rest = items[2] if items and len(items) > 2 else None
    keys = list(node.keys())
    i = keys.index(key)
    del node[key]
    if rest is None or i == 0:
        return
    prev = keys[i - 1]
    if isinstance(node[prev], (CommentedMap, CommentedSeq)):
        return
    slot = node.ca.items.setdefault(prev, [None, None, None, None])
    if slot[2] is None:
        slot[2] = rest
    else:
        slot[2].value = slot[2].value.rstrip("\n") + rest.value


def _insert_after(node: CommentedMap, after: str, key: str, value) -> None:
    """Sett inn `key: value` rett etter nøkkelen `after` (først når den mangler). Står
    nøkkelen fra før, settes bare verdien."""
    if key in node:
        _set(node, key, value)
        return
    keys = list(node.keys())
    pos = keys.index(after) + 1 if after in keys else 0
    # en kommentar etter `after` (kommentarlinjer foran neste nøkkel) skal stå etter den nye
    items = _slot(node, after)
    moved = None
    if items and len(items) > 2 and items[2] is not None and pos < len(keys):
        moved, items[2] = items[2], None
    node.insert(pos, key, value)
    if moved is not None:
        node.ca.items.setdefault(key, [None, None, None, None])[2] = moved


def _has_comments(node) -> bool:
    ca = getattr(node, "ca", None)
    if ca is not None:
        if ca.comment and any(ca.comment):
            return True
        for slot in ca.items.values():
            if any(t is not None and (not isinstance(t, list) or any(t)) for t in slot):
                return True
    children = (
        node.values() if isinstance(node, CommentedMap) else node if isinstance(node, CommentedSeq) else ()
    )
    return any(_has_comments(c) for c in children)


# ---------------------------------------------------------------- YAML


def _yaml() -> YAML:
    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # titler på én linje, som i de andre filene
    yaml.allow_unicode = True
    # et tomt felt skrives `null`, ikke tomt etter kolon: synlig for den som skal fylle det inn
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _load(raw: bytes, rel: str) -> CommentedMap:
    try:
        doc = _yaml().load(raw.decode("utf-8-sig"))
    except Exception as e:  # noqa: BLE001 - fila er lest av tb check; dette skal ikke skje
        raise NyttBrevError(f"kan ikke lese {rel} som YAML ({type(e).__name__}); kjør tb check") from None
    if not isinstance(doc, CommentedMap):
        raise NyttBrevError(f"{rel} er ikke en YAML-avbildning; kjør tb check")
    return doc


def _dump(root: Path, rel: str, doc: CommentedMap, fra: int, år: int) -> bytes:
    doc.ca.comment = None  # kildehenvisningene øverst gjelder det gamle brevet
    buf = StringIO()
    _yaml().dump(doc, buf)
    head = [
        modeline(root, root / rel),
        f"# Utkast til brevet for {år}: kopiert fra brevet for {fra} av tb nytt-brev.",
    ]
    if _has_comments(doc):
        head.append(f"# Kommentarene under er skrevet om brevet for {fra}.")
    return ("\n".join(head) + "\n" + buf.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- hver filtype


def _brev(doc: CommentedMap, fra: int, år: int) -> dict[str, date]:
    """brev.yaml for det nye året; gir fristene som er flyttet (ID → den gamle datoen)."""
    n = år - fra
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)
    for key in ("tittel",):
        if isinstance(doc.get(key), str):
            _set(doc, key, bytt_år(doc[key], fra, år))
    for key in ("proposisjon", "innstilling"):
        if isinstance(doc.get(key), str):
            _set(doc, key, flytt_sesjon(doc[key], n))
    _set(doc, "budsjettvedtak", None)
    for key in ("dato", "vår_ref", "deres_ref"):  # det nye brevet har sin egen dato og sine referanser
        if key in doc:
            _set(doc, key, None)
    for k in doc.get("kapitler") or ():
        if isinstance(k, CommentedMap):
            _insert_after(k, "tittel", "gjennomgått", False)
    for r in doc.get("rapportering") or ():
        if not isinstance(r, CommentedMap):
            continue
        for key in ("id", "tittel"):
            if isinstance(r.get(key), str):
                _set(r, key, flytt_årstall(r[key], n))
        for key in ("telletidspunkt", "frist"):
            if isinstance(r.get(key), date):
                _set(r, key, flytt_dato(r[key], n))
    moved: dict[str, date] = {}
    for f in doc.get("frister") or ():
        if not isinstance(f, CommentedMap):
            continue
        if isinstance(f.get("dato"), date) and isinstance(f.get("id"), str):
            moved[f["id"]] = f["dato"]
        _frist(f, n)
        _insert_after(f, "id", "gjennomgått", False)
    return moved


def _frist(f: CommentedMap, n: int) -> None:
    """En frist i teksten `n` år fram: datoene, `ut`, rapporten den følger; de tidligere
    fristene (`flyttet_fra`) gjaldt det gamle brevet og fjernes."""
    for key in ("dato", "fra", "til"):
        if isinstance(f.get(key), date):
            _set(f, key, flytt_dato(f[key], n))
    if isinstance(f.get("datoer"), list):
        for i, d in enumerate(f["datoer"]):
            if isinstance(d, date):
                f["datoer"][i] = flytt_dato(d, n)
        _drop_eol_comment(f, "datoer")
    if isinstance(f.get("ut"), int) and not isinstance(f.get("ut"), bool):
        _set(f, "ut", f["ut"] + n)
    if isinstance(f.get("rapport"), str):
        _set(f, "rapport", flytt_årstall(f["rapport"], n))
    _drop(f, "flyttet_fra")


def _mål(doc: CommentedMap, år: int) -> None:
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)
    _set(doc, "tidligere_oppdrag_frist_år", år)


def _styringsparameter(doc: CommentedMap, år: int) -> None:
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)


def _kapittel(doc: CommentedMap, år: int) -> None:
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)
    _drop(doc, "sum")


def _post(doc: CommentedMap, år: int) -> None:
    """En post for det nye året: alle beløpene tomme (ikke 0) og de trykte summene fjernet."""
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)
    _set(doc, "tildeling", None)
    if "bevilget" in doc:
        _set(doc, "bevilget", None)
    for f in doc.get("fordeling") or ():
        if not isinstance(f, CommentedMap):
            continue
        if "beløp" in f:
            _set(f, "beløp", None)
        for m in f.get("mottakere") or ():
            if isinstance(m, CommentedMap) and "beløp" in m:
                _set(m, "beløp", None)
        _drop(f, "sum")
    for g in doc.get("bindinger") or ():
        if not isinstance(g, CommentedMap):
            continue
        _drop(g, "sum")
        for line in g.get("linjer") or ():
            if isinstance(line, CommentedMap) and "beløp" in line:
                _set(line, "beløp", None)


def _fullmakter(doc: CommentedMap, fra: int, år: int) -> None:
    """Fullmaktene for det nye året: rammene og beløpene tomme (ikke 0), sesjonen i grunnlaget
    flyttet fram og henvisningene i teksten som i prosaen."""
    n = år - fra
    _set(doc, "år", år)
    _insert_after(doc, "år", "gjennomgått", False)
    for f in doc.get("fullmakter") or ():
        if not isinstance(f, CommentedMap):
            continue
        if "ramme" in f:
            _set(f, "ramme", None)
        if isinstance(f.get("grunnlag"), str):
            _set(f, "grunnlag", flytt_sesjon(f["grunnlag"], n))
        if isinstance(f.get("tekst"), str):
            f["tekst"] = flytt_henvisninger(f["tekst"], fra, n)
    for b in doc.get("belastningsfullmakter") or ():
        if not isinstance(b, CommentedMap):
            continue
        if "beløp" in b:
            _set(b, "beløp", None)
        if isinstance(b.get("tekst"), str):
            b["tekst"] = flytt_henvisninger(b["tekst"], fra, n)


_DOCUMENT_RE = re.compile(r"\b(?:Prop|Innst)\.\s*\d+\s*S\s*\((\d{4})(\s*[-–—]\s*)(\d{4})\)")
"""En henvisning til en budsjettproposisjon eller innstilling, også skrevet «Prop.1 S (2023-2024)»
(som TB112)."""


def flytt_henvisninger(text: str, fra: int, n: int) -> str:
    """Henvisningene til Prop. og Innst. for sesjonen til brevet for `fra` («Prop. 1 S
    (2023–2024)» i brevet for 2024) `n` sesjoner fram. Skrivemåten står; henvisninger til andre
    sesjoner står."""
    if "Prop" not in text and "Innst" not in text:
        return text

    def one(m: re.Match) -> str:
        first, last = int(m.group(1)), int(m.group(3))
        if (first, last) != (fra - 1, fra):
            return m.group(0)
        whole, start = m.group(0), m.start(0)
        a, b = m.start(1) - start, m.end(3) - start
        return whole[:a] + f"{first + n}{m.group(2)}{last + n}" + whole[b:]

    return _keep_type(text, _DOCUMENT_RE.sub(one, text))


def flytt_fristmarkører(text: str, moved: dict[str, date], n: int) -> str:
    """Markørene for fristene som er flyttet (`{{ frist.ID: 31.10.2024 }}`), med den trykte
    datoen `n` år fram i samme form («31.10.2025», «31. oktober 2025»)."""
    if not moved or "frist." not in text:
        return text
    from .rendering.formatting import value_as_printed

    def one(m: re.Match) -> str:
        inner = m.group(1)
        ref, colon, printed = inner.partition(":")
        if not colon or ref.strip()[len("frist.") :] not in moved or not ref.strip().startswith("frist."):
            return m.group(0)
        shown = printed.strip()
        parsed = parse_date(shown)
        if parsed is None:
            return m.group(0)
        new = value_as_printed(flytt_dato(parsed.value, n), shown)
        return "{{" + ref + colon + printed.replace(shown, new, 1) + "}}"

    return _keep_type(text, prose.MARKER_RE.sub(one, text))


# ---------------------------------------------------------------- utkastet


_YEAR_FOLDERS = ("brev", "mål", "styringsparametere", "budsjett")


def lag_utkast(repo: Repo, år: int, fra: int | None = None) -> Utkast:
    """Utkastet til brevet for `år` fra brevet for `fra` (standard: året før), uten å skrive
    noe. Kaster NyttBrevError (norsk melding) når det ikke kan lages."""
    root = repo.root
    low, high = BREVÅR
    if not low <= år <= high:
        raise NyttBrevError(f"året {år} er utenfor {low}–{high}")
    fra = år - 1 if fra is None else fra
    _refuse_links(root, fra, år)
    years = repo.years()
    source = repo.brev_for(fra)
    if source is None:
        have = f"; data har brev for {', '.join(map(str, years))}" if years else "; data har ingen brev"
        raise NyttBrevError(f"fant ikke noe brev for {fra} (brev/{fra}/brev.yaml) å kopiere fra{have}")
    if fra >= år:
        raise NyttBrevError(f"--fra {fra} er ikke før {år}; et nytt brev kopieres fra et tidligere")
    _refuse_letter_exists(root, år)
    _refuse_unreadable(repo, fra)
    n = år - fra
    out = Utkast(root, år, fra)

    # brev.yaml først: fristene som flyttes, trengs for markørene i prosaen
    brev_rel = _rel(root, source.file)
    doc = _load(_read(root, brev_rel), brev_rel)
    moved = _brev(doc, fra, år)
    new_rel = _in_year(brev_rel, fra, år)
    out.filer.append(NyFil(new_rel, _dump(root, new_rel, doc, fra, år), "brev"))

    brev_dir = os.path.dirname(brev_rel)
    for path in sorted(repo.prosa, key=lambda p: _rel(root, p)):
        rel = _rel(root, path)
        if not rel.startswith(brev_dir + "/"):
            continue
        raw = _read(root, rel)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise NyttBrevError(f"{rel} er ikke UTF-8; kjør tb check") from None
        new = flytt_henvisninger(flytt_fristmarkører(text, moved, n), fra, n)
        data = raw if new == text else new.encode("utf-8")
        out.filer.append(NyFil(_in_year(rel, fra, år), data, "prosa"))

    groups: list[tuple[str, type, list[Doc], object]] = [
        ("mål", Mål, repo.mål_for(fra), lambda d: _mål(d, år)),
        (
            "styringsparameter",
            Styringsparameter,
            sorted((d for d in repo.styringsparametere if d.model.år == fra), key=lambda d: d.model.nr),
            lambda d: _styringsparameter(d, år),
        ),
        (
            "kapittel",
            Kapittel,
            sorted((d for d in repo.kapitler if d.model.år == fra), key=lambda d: d.model.kapittel),
            lambda d: _kapittel(d, år),
        ),
        ("post", Post, repo.poster_for(fra), lambda d: _post(d, år)),
    ]
    for kind, _model, docs, change in groups:
        for d in docs:
            rel = _rel(root, d.file)
            y = _load(_read(root, rel), rel)
            change(y)
            if isinstance(y.get("tekst"), str):
                y["tekst"] = flytt_henvisninger(flytt_fristmarkører(y["tekst"], moved, n), fra, n)
            new_rel = _in_year(rel, fra, år)
            out.filer.append(NyFil(new_rel, _dump(root, new_rel, y, fra, år), kind))

    fullmakter = repo.fullmakter_for(fra)
    if fullmakter is not None:
        rel = _rel(root, fullmakter.file)
        y = _load(_read(root, rel), rel)
        _fullmakter(y, fra, år)
        new_rel = _in_year(rel, fra, år)
        out.filer.append(NyFil(new_rel, _dump(root, new_rel, y, fra, år), "fullmakter"))

    _validate(out)
    _refuse_existing(out)
    return out


_MODELS = {
    "brev": Brev,
    "mål": Mål,
    "styringsparameter": Styringsparameter,
    "kapittel": Kapittel,
    "post": Post,
    "fullmakter": Fullmakter,
}


def _validate(out: Utkast) -> None:
    """Hver YAML-fil leses tilbake slik `tb check` leser den; et funn er en feil i tb."""
    for f in out.filer:
        model = _MODELS.get(f.kind)
        if model is None:
            continue
        _, findings = load_document(out.root / f.rel, f.data, model, f.rel)
        if findings:
            first = findings[0]
            raise NyttBrevError(
                f"kopien {f.rel} kan ikke leses tilbake (linje {first.location.line}: {first.message}); "
                "ingenting er skrevet"
            )


def _refuse_links(root: Path, fra: int, år: int) -> None:
    """Mappene brevet kopieres fra og til, er ekte mapper: en lenke (`mål -> /et/annet/sted`)
    ville fått utkastet til å mangle det lenken skjuler, eller blitt skrevet utenfor data-mappa."""
    for top in _YEAR_FOLDERS:
        for rel in (top, f"{top}/{fra}", f"{top}/{år}"):
            try:
                st = os.lstat(root / rel)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                raise NyttBrevError(
                    f"{rel} i data-mappa er en symbolsk lenke; tb nytt-brev leser og skriver ikke "
                    "gjennom lenker (gjør den til en vanlig mappe)"
                )


def _refuse_letter_exists(root: Path, år: int) -> None:
    if os.path.lexists(root / "brev" / str(år)):
        raise NyttBrevError(
            f"brev/{år} finnes fra før; tb nytt-brev skriver ikke over noe (flytt eller slett mappa først)"
        )


def _refuse_unreadable(repo: Repo, fra: int) -> None:
    """Et brev med en fil som ikke kan leses, kopieres ikke: kopien ville mangle den."""
    bad = []
    for p in sorted(repo.unreadable):
        try:
            parts = Path(p).relative_to(repo.root).parts
        except ValueError:
            continue
        if len(parts) >= 2 and parts[0] in _YEAR_FOLDERS and parts[1] == str(fra):
            bad.append("/".join(parts))
    if bad:
        more = f" og {len(bad) - 3} til" if len(bad) > 3 else ""
        raise NyttBrevError(
            f"brevet for {fra} har {'en fil' if len(bad) == 1 else 'filer'} som ikke kan leses "
            f"({', '.join(bad[:3])}{more}); "
            "rett dem først (kjør tb check)"
        )


def _refuse_existing(out: Utkast) -> None:
    """Nekt før noe er skrevet: brev/ÅR finnes, en av filene finnes, eller en mappe på veien er
    en symbolsk lenke eller ikke en mappe."""
    root = out.root
    existing = [f.rel for f in out.filer if os.path.lexists(root / f.rel)]
    if existing:
        more = f" og {len(existing) - 3} til" if len(existing) > 3 else ""
        raise NyttBrevError(
            f"{', '.join(existing[:3])}{more} finnes fra før; tb nytt-brev skriver ikke over noe"
        )
    checked: set[str] = set()
    for f in out.filer:
        parts = f.rel.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            rel = "/".join(parts[:i])
            if rel in checked:
                continue
            checked.add(rel)
            try:
                st = os.lstat(root / rel)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(st.st_mode):
                raise NyttBrevError(
                    f"{rel} i data-mappa er en symbolsk lenke; tb nytt-brev skriver ikke gjennom lenker"
                )
            if not stat.S_ISDIR(st.st_mode):
                raise NyttBrevError(f"{rel} i data-mappa er ikke en mappe")


def skriv_utkast(out: Utkast) -> list[str]:
    """Skriv filene (atomært hver, aldri over en fil som finnes, aldri gjennom en lenke).
    Går en skriving galt underveis, fjernes filene som alt er skrevet, og NyttBrevError sier
    hva som gikk galt. Gir stiene som ble skrevet."""
    from .files import NotWritten, write_all_new

    try:
        return write_all_new(out.root, [(f.rel, f.data) for f in out.filer])
    except NotWritten as e:
        raise NyttBrevError(f"kan ikke skrive utkastet ({e}); ingenting er skrevet") from None


# ---------------------------------------------------------------- stier


def _rel(root: Path, path: Path | str) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _in_year(rel: str, fra: int, år: int) -> str:
    """Stien i årsmappa for det nye året: «mål/2024/mål-3.yaml» → «mål/2025/mål-3.yaml»."""
    parts = rel.split("/")
    if len(parts) < 3 or parts[0] not in _YEAR_FOLDERS or parts[1] != str(fra):
        raise NyttBrevError(f"{rel} ligger ikke i en årsmappe for {fra}")
    return "/".join([parts[0], str(år), *parts[2:]])


def _read(root: Path, rel: str) -> bytes:
    """En fil i data-mappa, lest uten å følge symbolske lenker."""
    try:
        return read_inside(root, rel)
    except UnsafePath:
        raise NyttBrevError(
            f"leser ikke {rel}: en del av stien er en symbolsk lenke eller ikke en vanlig fil; "
            "tb nytt-brev leser og skriver ikke gjennom lenker i data-mappa"
        ) from None
    except OSError as e:
        from .files import os_error

        raise NyttBrevError(f"kan ikke lese {rel}: {os_error(e)}") from None


# ---------------------------------------------------------------- etter skrivingen


@dataclass(frozen=True)
class Oppdragslinje:
    """Et oppdrag i oversikten etter skrivingen: nummer, mål, tittel og hvorfor det er med
    (eller ikke med lenger)."""

    id: str
    mål: int | None
    tittel: str
    grunn: str
    gitt: int = 0
    """Året oppdraget ble gitt (`Oppdrag.år`, uansett mønster for numrene)."""


@dataclass
class Etterpå:
    """Det nye brevet lest inn igjen: oppdragene som er med og de som falt ut (etter
    `model.snapshot`), og funnene fra `tb check` for brevet."""

    med: list[Oppdragslinje]
    ute: list[Oppdragslinje]
    funn: list  # Finding, aktive funn som gjelder det nye brevet


def etterpå(root: Path, år: int, fra: int) -> Etterpå:
    """Les data-mappa på nytt med utkastet og regn ut oppdragene i brevet og funnene."""
    from .model import snapshot
    from .pipeline import load_model, run_checks

    loaded = load_model(root)
    repo = loaded.repo
    med = [
        Oppdragslinje(ib.model.id, ib.mål, ib.model.tittel, ib.grunn, ib.model.år)
        for ib in snapshot.oppdrag_i_brev(repo, år)
    ]
    inside = {line.id for line in med}
    ute = []
    # etter år og løpenummer (5/2024 før 13/2024), ikke som tekst
    for ib in sorted(snapshot.oppdrag_i_brev(repo, fra), key=lambda ib: ib.model.rekkefølge):
        if ib.model.id in inside:
            continue
        _, why = snapshot.plassering(repo, ib.doc, år)
        ute.append(Oppdragslinje(ib.model.id, None, ib.model.tittel, why, ib.model.år))
    result = run_checks(loaded).for_letter(år)
    funn = [f for f in result.active if f.år == år]
    return Etterpå(med, ute, funn)


def oversikt(utkast: Utkast, after: Etterpå, cwd: Path | None = None) -> str:
    """Det `tb nytt-brev` skriver når utkastet er laget: filene, oppdragene, det som må fylles
    ut og gjennomgås, og neste steg."""
    from .reporting.check import display_path
    from .text import clip

    år, fra, root = utkast.år, utkast.fra, utkast.root

    def where(rel: str) -> str:
        return safe_line(display_path(root / rel, cwd))

    brev = next(f.rel for f in utkast.filer if f.kind == "brev")
    lines = [
        f"Skrev utkastet til brevet for {år}, kopiert fra brevet for {fra} ({len(utkast.filer)} filer):",
        f"  {where(brev)}",
    ]
    for kind, folder, one, many in (
        ("prosa", os.path.dirname(brev) + "/", "tekstfil", "tekstfiler"),
        ("mål", f"mål/{år}/", "mål", "mål"),
        ("styringsparameter", f"styringsparametere/{år}/", "styringsparameter", "styringsparametere"),
    ):
        n = utkast.antall(kind)
        if n:
            lines.append(f"  {where(folder.rstrip('/'))}/  {n} {one if n == 1 else many}")
    kap, post = utkast.antall("kapittel"), utkast.antall("post")
    if kap or post or utkast.antall("fullmakter"):
        parts = [
            f"{kap} {'kapittel' if kap == 1 else 'kapitler'}",
            f"{post} {'post' if post == 1 else 'poster'}",
        ]
        if utkast.antall("fullmakter"):
            parts.append("fullmaktene")
        lines.append(f"  {where(f'budsjett/{år}')}/  {format_liste(parts)}")

    lines += [
        "",
        f"Oppdragene i brevet for {år} (regnet ut fra oppdrag/ etter reglene for brevene over tid; "
        "de kopieres ikke):",
    ]
    nye = [o for o in after.med if o.gitt == år]
    gamle = [o for o in after.med if o.gitt != år]
    if not nye:
        lines.append(f"  nye i {år}: ingen ennå (tb ny oppdrag --år {år} --mål N --tittel …)")
    for o in nye + gamle:
        lines.append(f"  {o.id}  mål {o.mål}  {safe_line(o.grunn)}: {safe_line(clip(o.tittel, 70))}")
    if after.ute:
        lines += ["", f"Med i brevet for {fra}, men ikke i brevet for {år}:"]
        for o in after.ute:
            lines.append(f"  {o.id}  {safe_line(o.grunn)}: {safe_line(clip(o.tittel, 70))}")

    utfylt = [f for f in after.funn if f.code == "TB601"]
    gjennom = [f for f in after.funn if f.code == "TB602"]
    andre = [f for f in after.funn if f.code not in ("TB601", "TB602")]
    if utfylt:
        lines += ["", f"Må fylles ut ({len(utfylt)} felt, TB601 i tb check):"]
        lines += _grouped(utfylt, _utfylt_hva, cwd, by_folder=False)
    if gjennom:
        lines += [
            "",
            f"Må gjennomgås ({len(gjennom)} {'sted' if len(gjennom) == 1 else 'steder'}, TB602 i tb check):",
        ]
        lines += _grouped(gjennom, _gjennomgått_hva, cwd, by_folder=True)
    lines.append("")
    if andre:
        errors = sum(1 for f in andre if f.severity.value == "feil")
        warnings = len(andre) - errors
        lines.append(
            f"tb check finner i tillegg {errors} feil og {warnings} "
            f"{'advarsel' if warnings == 1 else 'advarsler'} i brevet for {år} (mange kopiert fra "
            f"brevet for {fra})."
        )
    lines.append(f"Kjør tb check for hele lista, og tb render --år {år} for å se utkastet.")
    return "\n".join(lines) + "\n"


# (entall, flertall) for hva et funn gjelder, ut fra subjektet regelen gir det (rules/utkast.py)
_UTFYLT = (
    (re.compile(r"^budsjettvedtak "), ("budsjettvedtaket", "budsjettvedtaket")),
    (re.compile(r" tildeling ikke"), ("tildelingen", "tildelingen")),
    (re.compile(r" bevilget ikke"), ("bevilgningen", "bevilgningen")),
    (re.compile(r" fordeling \d+ ikke"), ("1 beløp i fordelingen", "{n} beløp i fordelingen")),
    (re.compile(r" mottaker \d+ ikke"), ("1 mottaker", "{n} mottakere")),
    (re.compile(r" bindinger "), ("1 binding", "{n} bindinger")),
)
_GJENNOMGÅTT = (
    (re.compile(r"^brev "), ("brevet", "brevet")),
    (re.compile(r"^kapittel "), ("1 kapittel med tekstfila", "{n} kapitler med tekstfilene")),
    (re.compile(r"^frist "), ("1 frist i teksten", "{n} frister i teksten")),
    (re.compile(r"^mål "), ("1 mål", "{n} mål")),
    (re.compile(r"^SP "), ("1 styringsparameter", "{n} styringsparametere")),
    (re.compile(r"^kap\. "), ("1 budsjettkapittel", "{n} budsjettkapitler")),
    (re.compile(r"^\d{3,4}\.\d{2} "), ("1 post", "{n} poster")),
)


def _utfylt_hva(subject: str) -> int:
    return next((i for i, (rx, _) in enumerate(_UTFYLT) if rx.search(subject)), -1)


def _gjennomgått_hva(subject: str) -> int:
    return next((i for i, (rx, _) in enumerate(_GJENNOMGÅTT) if rx.search(subject)), -1)


def _grouped(findings: list, what, cwd: Path | None, by_folder: bool) -> list[str]:
    """Funnene samlet per fil (eller per årsmappe for mål, styringsparametere og budsjett):
    «d/budsjett/2025/671-71.yaml: tildelingen, bevilgningen, 14 mottakere»."""
    from .reporting.check import display_path

    names = _UTFYLT if what is _utfylt_hva else _GJENNOMGÅTT
    groups: dict[str, dict[int, int]] = {}
    for f in findings:
        path = f.location.file
        key = display_path(path, cwd)
        if by_folder and Path(path).name not in ("brev.yaml", "brev.yml"):
            key = display_path(Path(path).parent, cwd) + "/"
        kinds = groups.setdefault(key, {})
        i = what(f.subject)
        kinds[i] = kinds.get(i, 0) + 1
    out = []
    for key, kinds in groups.items():
        parts = []
        for i, n in sorted(kinds.items()):
            if i < 0:
                parts.append(f"{n} til")
                continue
            one, many = names[i][1]
            parts.append(one if n == 1 else many.format(n=n))
        out.append(f"  {safe_line(key)}: {', '.join(parts)}")
    return out
