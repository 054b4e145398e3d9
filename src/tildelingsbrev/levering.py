"""`tb levert`: en leveranse registrert i oppdragsfila, med kontrollene før noe skrives.

To slags registreringer (se `Oppdrag` og `Leveranse` i `model/documents.py`):

- **hele oppdraget** (uten `--del` og `--frist`): `status: levert`, `levert: DATO` og
  `referanse: TEKST` (når en referanse er gitt). Nøklene som mangler, settes inn der modellen
  har dem: etter `frist_trykt` (eller `frister`, eller den siste nøkkelen før dem).
- **en del eller en frist** (`--del`, `--frist` eller begge): en ny oppføring sist i
  `leveranser:` med `del`, `frist`, `dato` og `ref`; `leveranser:` settes inn sist i fila
  når den mangler. Hva oppføringen dekker, avgjør `snapshot.dekker`.

Fila redigeres med ruamel.yaml round-trip: kommentarene (også skjemalinja øverst og
kildekommentaren), nøkkelrekkefølgen, anførselstegnene og blokk-teksten (`|-`) beholdes.
Før noe endres, kontrolleres det at ruamel gjengir fila byte for byte som den er; en fil den
ikke kan gjengi likt (uvanlig innrykk, `---`, blandede linjeskift), redigeres ikke: brukeren får
linjene å legge inn selv. Kommentarlinjer mellom to nøkler følger nøkkelen etter dem, så de
ikke blir skilt fra den av de nye linjene.

Nektes (`LeveringError`, fila urørt): et ukjent oppdrag (med «mente du»), en fil som ikke kan
leses eller valideres (med funnene), en symbolsk lenke, en del eller fristdato oppdraget ikke
har (med dem som finnes), en leveransedato i framtiden eller før oppdraget ble gitt (1. januar
i oppdragets år, eller brevets dato når brevet for året er datert før det), og en leveranse
som alt er registrert (samme del og frist, eller hele oppdraget levert) uten `tving`: med
`tving` erstattes den gamle registreringen.

Den nye teksten leses med den vanlige innlesingen (`pipeline.load_document`) før den skrives og
igjen fra disken etterpå; fila skrives atomært og bare inne i data-mappa (`files.write_inside`:
ingen symbolske lenker).
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

from .files import UnsafePath, os_error, write_inside
from .model import Oppdrag, nummer
from .model.documents import Frist
from .model.snapshot import dekker, fristdatoer, leveranse, lukket, skjæringsdato
from .norsk import format_dato
from .pipeline import load_document
from .text import one_line, safe_line

if TYPE_CHECKING:
    from .model import Repo

MAKS_VISTE_DATOER = 6
"""Så mange datoer vises per frist i en liste (en månedlig frist over flere år har mange)."""


class LeveringError(Exception):
    """Leveransen kan ikke registreres; fila er ikke endret. `message` er én norsk linje,
    `detail` linjer som hører til (funnene i fila, eller linjene å legge inn for hånd)."""

    def __init__(self, message: str, detail: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail or []


@dataclass(frozen=True)
class Bestilling:
    """Det brukeren ber om: oppdraget, hva som er levert (hele oppdraget når `del_` og
    `frist` er None), datoen, referansen og om en registrering som finnes skal erstattes."""

    id: str
    dato: date
    del_: str | None = None
    frist: date | None = None
    ref: str | None = None
    tving: bool = False


@dataclass
class Registrering:
    """En registrering klar til å skrives: fila før og etter, og hva som er registrert."""

    root: Path
    rel: Path
    old: bytes
    new: bytes
    oppdrag: Oppdrag
    """Oppdraget slik den nye teksten leses."""
    beskrivelse: str
    """«2022-04 levert 14.03.2025 (25/311-4)»."""
    erstattet: str | None = None
    """Registreringen som ble erstattet (med `tving`), som tekst."""
    merknader: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.root / self.rel


# ---------------------------------------------------------------- forberedelsen


def forbered(repo: Repo, bestilling: Bestilling, i_dag: date) -> Registrering:
    """Kontroller bestillingen mot oppdragsfila og lag den nye teksten (skriver ingenting).
    Kaster LeveringError med en norsk melding."""
    b = bestilling
    oid = b.id.strip()
    root = repo.root
    rel = _finn_fil(repo, oid)
    raw = _les(root, rel)
    o = _valider(root, rel, raw, oid)
    _kontroller_dato(repo, o, b.dato, i_dag)
    ref = _ref(b.ref)
    editor = _Redigering(raw, root / rel)
    merknader: list[str] = []
    if b.del_ is None and b.frist is None:
        beskrivelse = f"{o.id} levert {format_dato(b.dato)}{_i_parentes(ref)}"
        erstattet = _hele(editor, o, b.dato, ref, b.tving, merknader)
    else:
        del_ = _finn_del(repo, o, b.del_) if b.del_ is not None else None
        if b.frist is not None:
            _finn_frist(repo, o, del_, b.frist)
        hva = _hva(del_, b.frist)
        same = any(lev.del_ == del_ and lev.frist == b.frist for lev in o.leveranser)
        if not same and o.leveranser and dekket_av_andre(repo, o, del_, b.frist):
            merknader.append(f"{hva} var alt dekket av en annen registrert leveranse")
        beskrivelse = f"{o.id} {hva}: levert {format_dato(b.dato)}{_i_parentes(ref)}"
        erstattet = _del(editor, o, del_, b.frist, b.dato, ref, b.tving, hva)
        if lukket(o) is not None:
            merknader.append(f"hele oppdraget er alt registrert {o.status} {format_dato(lukket(o))}")
    new = editor.tekst()
    ny = _valider_ny(root, rel, new)
    return Registrering(root, rel, raw, new, ny, beskrivelse, erstattet, merknader)


def _finn_fil(repo: Repo, oid: str) -> Path:
    """Oppdragsfila (relativt til data-mappa) for `oid`, eller LeveringError med «mente du»."""
    root = repo.root
    docs = [d for d in repo.oppdrag if d.model.id == oid]
    if len(docs) > 1:
        files = ", ".join(str(_rel(root, d.file)) for d in docs)
        raise LeveringError(f"oppdrag {oid} står i flere filer ({files}); rett det først (TB101)")
    if docs:
        rel = _rel(root, docs[0].file)
        if rel is None:  # pragma: no cover - innlesingen gir bare filer under data-mappa
            raise LeveringError(f"fila for oppdrag {oid} ligger ikke i data-mappa")
        return rel
    pattern = repo.oppdragsnummer()
    # «13-2024» er filnavnet til 13/2024, ikke et annet oppdrag: da er det ment 13/2024
    meant_other = not pattern.gyldig(oid) and pattern.forslag(oid) in repo.oppdrag_by_id()
    if nummer.del_opp(oid) is not None and not meant_other:
        rel = Path("oppdrag") / f"{nummer.filnavn(oid)}.yaml"
        if os.path.lexists(root / rel):
            return rel  # fila finnes, men kunne ikke leses: `_les` og `_valider` sier hvorfor
    hint = _lignende(repo, oid)
    raise LeveringError(
        f"fant ikke oppdrag «{oid}» i {root / 'oppdrag'}"
        + (f"; mente du {' eller '.join(hint)}?" if hint else "")
    )


def _rel(root: Path, file: Path) -> Path | None:
    try:
        return Path(file).relative_to(root)
    except ValueError:
        return None


def _lignende(repo: Repo, oid: str) -> list[str]:
    """Oppdragsnumre som ligner: nummeret slik mønsteret skriver det («2023-7» → 2023-07,
    «TB 2026-3» → TB2026-3, «13-2024» → 13/2024), ellers de nærmeste (difflib), samme år først."""
    ids = sorted(repo.oppdrag_by_id())
    written = repo.oppdragsnummer().forslag(oid)
    if written is not None and written != oid and written in ids:
        return [written]
    close = difflib.get_close_matches(oid, ids, n=3, cutoff=0.75)
    wanted = nummer.del_opp(oid)

    def year(i: str) -> int | None:
        parts = nummer.del_opp(i)
        return parts[0] if parts is not None else None

    return sorted(close, key=lambda i: (wanted is None or year(i) != wanted[0], i))


def _les(root: Path, rel: Path) -> bytes:
    """Fila, lest uten å følge symbolske lenker under data-mappa (lenker nektes)."""
    from .files import UnsafePath, read_inside

    try:
        return read_inside(root, rel)
    except UnsafePath as e:
        raise LeveringError(str(e)) from None
    except OSError as e:
        raise LeveringError(f"kan ikke lese {root / rel}: {os_error(e)}") from None


def _valider(root: Path, rel: Path, raw: bytes, oid: str) -> Oppdrag:
    """Oppdraget i fila slik `tb check` leser det, eller LeveringError med funnene."""
    doc, findings = load_document(root / rel, raw, Oppdrag, str(rel))
    if doc is None or findings:
        raise LeveringError(
            f"{root / rel} kan ikke leses som et oppdrag; rett feilene først (tb check)",
            [_funn(f) for f in findings[:10]]
            + ([f"… og {len(findings) - 10} til"] if len(findings) > 10 else []),
        )
    o = doc.model
    if o.id != oid:
        raise LeveringError(f"{root / rel} har id {o.id}, ikke {oid}; rett det først (TB006)")
    return o


def _funn(f) -> str:
    loc = f.location
    return f"{loc.file}:{loc.line}:{loc.column}: {f.code} {f.message}"


def _kontroller_dato(repo: Repo, o: Oppdrag, dato: date, i_dag: date) -> None:
    if dato > i_dag:
        raise LeveringError(
            f"leveransedatoen {format_dato(dato)} er i framtiden (i dag er {format_dato(i_dag)}); "
            "registrer leveransen når den har skjedd"
        )
    gitt = min(date(o.år, 1, 1), skjæringsdato(repo, o.år))
    if dato < gitt:
        raise LeveringError(
            f"leveransedatoen {format_dato(dato)} er før oppdrag {o.id} ble gitt "
            f"(tidligst {format_dato(gitt)}); sjekk --dato"
        )


def _ref(ref: str | None) -> str | None:
    if ref is None:
        return None
    text = one_line(ref)
    if not text:
        raise LeveringError("--ref er tom; utelat den, eller skriv saksnummeret (for eksempel 24/1234-5)")
    return text


def _i_parentes(ref: str | None) -> str:
    return f" ({ref})" if ref else ""


def _hva(del_: str | None, frist: date | None) -> str:
    """«Del 2, frist 01.08.2025», «Del 3» eller «frist 15.08.2024»."""
    parts = [del_] if del_ else []
    if frist is not None:
        parts.append(f"frist {format_dato(frist)}")
    return ", ".join(parts)


# ---------------------------------------------------------------- deler og frister


def _frister(repo: Repo, o: Oppdrag) -> list[Frist]:
    """Oppdragets frister med tilleggene: fila, fristene fra presiseringer og de flyttede
    datoene (`snapshot.frister_per` med alle tilleggene), så en del eller en frist et tillegg har
    gitt eller flyttet, kan registreres."""
    from .model.snapshot import frister_per

    return frister_per(repo, o, None)


def _deler(repo: Repo, o: Oppdrag) -> list[str]:
    return list(dict.fromkeys(f.del_ for f in _frister(repo, o) if f.del_))


def _finn_del(repo: Repo, o: Oppdrag, wanted: str) -> str:
    """Delen slik fristene skriver den (en del skrevet med andre store og små bokstaver eller
    mellomrom godtas), eller LeveringError som lister delene."""
    w = one_line(wanted)
    deler = _deler(repo, o)
    for d in deler:
        if d == w:
            return d
    same = [d for d in deler if one_line(d).casefold() == w.casefold()]
    if len(same) == 1:
        return same[0]
    if not _frister(repo, o):
        raise LeveringError(
            f"oppdrag {o.id} har ingen frister; registrer hele oppdraget (uten --del og --frist)"
        )
    if not deler:
        raise LeveringError(
            f"oppdrag {o.id} har ingen deler (ingen av fristene har `del`); bruk --frist DATO, "
            f"eller ingen av dem for hele oppdraget. Fristene: {_alle_frister(repo, o)}"
        )
    hint = difflib.get_close_matches(w, deler, n=1, cutoff=0.6)
    raise LeveringError(
        f"oppdrag {o.id} har ingen del «{w}»; delene: {', '.join(deler)}"
        + (f" (mente du «{hint[0]}»?)" if hint else "")
    )


def har_dato(repo: Repo, o: Oppdrag, f: Frist, d: date) -> bool:
    """Om fristen `f` har datoen `d` (sett fra det nyeste brevet). En gjentakelse uten slutt
    har alle datoene i gjentakelsen."""
    fd = fristdatoer(repo, o, f, None)
    if d in fd.datoer:
        return True
    if fd.uten_slutt and f.gjentas is not None and f.fra is not None and d >= f.fra:
        from .deadlines import occurrences

        hits = occurrences(f.gjentas, f.fra, d, limit=100_000)
        return bool(hits) and hits[-1].date() == d
    return False


def _finn_frist(repo: Repo, o: Oppdrag, del_: str | None, frist: date) -> None:
    candidates = [f for f in _frister(repo, o) if del_ is None or f.del_ == del_]
    if any(har_dato(repo, o, f, frist) for f in candidates):
        return
    if not candidates and not _frister(repo, o):
        raise LeveringError(
            f"oppdrag {o.id} har ingen frister; registrer hele oppdraget (uten --del og --frist)"
        )
    where = f" i {del_}" if del_ else ""
    raise LeveringError(
        f"oppdrag {o.id} har ingen frist {format_dato(frist)}{where}; fristene{where}: "
        + "; ".join(vis_frist(repo, o, f, med_del=del_ is None) for f in candidates)
    )


def _alle_frister(repo: Repo, o: Oppdrag) -> str:
    return "; ".join(vis_frist(repo, o, f) for f in _frister(repo, o))


def vis_frist(
    repo: Repo,
    o: Oppdrag,
    f: Frist,
    datoer: list[date] | None = None,
    i_dag: date | None = None,
    med_del: bool = True,
) -> str:
    """Fristen som tekst: «Del 2: 01.08.2024, 01.08.2025», «Del II, underveisrapport:
    15.06.2024», «halvårsrapport-2024: 18.08.2024». `datoer` begrenser datoene (de åpne); med
    `i_dag` merkes datoene før i dag «(forfalt)»."""
    fd = fristdatoer(repo, o, f, None)
    if datoer is None:
        datoer = list(fd.datoer)
    shown = [format_dato(d) + (" (forfalt)" if i_dag is not None and d < i_dag else "") for d in datoer]
    if len(shown) > MAKS_VISTE_DATOER:
        shown = [*shown[:MAKS_VISTE_DATOER], f"… ({len(datoer)} datoer)"]
    if not fd.uten_slutt:
        when = ", ".join(shown) or "ingen dato"
    elif f.løpende:
        when = "løpende"
    elif f.gjentas is not None and f.fra is not None:
        when = f"{f.gjentas} fra {format_dato(f.fra)}, uten slutt"
    elif f.gjentas is not None:
        when = f"{f.gjentas}, uten dato"
    elif f.rapport is not None:
        when = "uten dato (rapporten står ikke i noe brev)"
    else:
        when = "uten dato"
    label = [f.del_] if f.del_ and med_del else []
    if f.type != "levering":
        label.append(f.type)
    if f.rapport is not None:
        label.append(f.rapport)
    return f"{', '.join(label)}: {when}" if label else when


def åpne_frister(repo: Repo, o: Oppdrag, i_dag: date) -> list[str]:
    """Fristene som ikke er levert, som tekst (tom når hele oppdraget er lukket eller alt er
    levert). Samme regel som øyeblikksbildet (`snapshot.leveranse`): en leveranse som dekker
    fristen på en dato, lukker den datoen; en gjentakelse uten slutt er aldri ferdig levert."""
    if lukket(o) is not None:
        return []
    out = []
    for f in _frister(repo, o):
        fd = fristdatoer(repo, o, f, None)
        if fd.uten_slutt:
            if f.gjentas is not None:
                rest = [d for d in fd.datoer if leveranse(o, f, d) is None]
                out.append(vis_frist(repo, o, f, rest, i_dag))
            elif leveranse(o, f, None) is None:
                out.append(vis_frist(repo, o, f, [], i_dag))
            continue
        rest = [d for d in fd.datoer if leveranse(o, f, d) is None]
        if rest:
            out.append(vis_frist(repo, o, f, rest, i_dag))
    return out


# ---------------------------------------------------------------- endringene i fila


def _hele(
    editor: _Redigering, o: Oppdrag, dato: date, ref: str | None, tving: bool, merknader: list[str]
) -> str | None:
    """Hele oppdraget levert: `status`, `levert` og `referanse`."""
    erstattet = None
    if o.status == "levert" and o.levert is not None:
        old = f"levert {format_dato(o.levert)}{_i_parentes(o.referanse)}"
        if not tving:
            raise LeveringError(
                f"oppdrag {o.id} er alt registrert {old}; bruk --tving for å erstatte registreringen"
            )
        erstattet = old
    elif o.status == "levert":
        merknader.append("oppdraget hadde `status: levert` uten dato; datoen er fylt inn")
    elif o.status == "avsluttet":
        old = "avsluttet" + (f" {format_dato(o.avsluttet)}" if o.avsluttet else "")
        if not tving:
            raise LeveringError(
                f"oppdrag {o.id} er registrert {old}; bruk --tving for å registrere det som levert likevel"
            )
        erstattet = old
        editor.fjern("avsluttet", o.avsluttet is not None)
    editor.sett("status", "levert")
    editor.sett("levert", dato)
    if ref is not None:
        editor.sett("referanse", ref)
    else:
        editor.fjern(
            "referanse", o.referanse is not None
        )  # referansen hørte til registreringen som erstattes
    return erstattet


def _del(
    editor: _Redigering,
    o: Oppdrag,
    del_: str | None,
    frist: date | None,
    dato: date,
    ref: str | None,
    tving: bool,
    hva: str,
) -> str | None:
    """En oppføring i `leveranser:`; med `tving` erstattes en med samme del og frist."""
    from ruamel.yaml.comments import CommentedMap

    for i, lev in enumerate(o.leveranser):
        if lev.del_ == del_ and lev.frist == frist:
            old = f"levert {format_dato(lev.dato)}{_i_parentes(lev.ref)}"
            if not tving:
                raise LeveringError(
                    f"{hva} i oppdrag {o.id} er alt registrert {old}; bruk --tving for å erstatte registreringen"
                )
            editor.erstatt_leveranse(i, dato, ref)
            return old
    entry = CommentedMap()
    if del_ is not None:
        entry["del"] = del_
    if frist is not None:
        entry["frist"] = frist
    entry["dato"] = dato
    if ref is not None:
        entry["ref"] = ref
    editor.legg_til_leveranse(entry)
    return None


def _valider_ny(root: Path, rel: Path, new: bytes) -> Oppdrag:
    doc, findings = load_document(root / rel, new, Oppdrag, str(rel))
    if doc is None or findings:
        raise LeveringError(
            "registreringen gir en fil som ikke validerer; fila er ikke endret",
            [_funn(f) for f in findings[:10]],
        )
    return doc.model


FELTREKKEFØLGE = tuple(f.alias or name for name, f in Oppdrag.model_fields.items())
"""Nøklene i en oppdragsfil i modellens rekkefølge; en ny nøkkel settes inn etter den siste
nøkkelen som kommer før den her."""

_INNRYKK = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 5, 3))
"""Innrykkene (avbildning, liste, strek) som prøves til ruamel gjengir fila byte for byte."""


class _Redigering:
    """Oppdragsfila som ruamel-dokument, og endringene. Nekter (LeveringError) når ruamel ikke
    gjengir den uendrede fila byte for byte."""

    def __init__(self, raw: bytes, path: Path):
        self.path = path
        self.bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw[3:].decode("utf-8") if self.bom else raw.decode("utf-8")
        self.crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
        if self.crlf:
            text = text.replace("\r\n", "\n")
        self.yaml = None
        self.doc = None
        self.changes: list[tuple[str, object]] = []
        for indent in _INNRYKK:
            yaml = _yaml(indent)
            try:
                doc = yaml.load(text)
            except Exception:  # noqa: BLE001 - fila er alt validert; ruamel kan likevel nekte
                break
            if _dump(yaml, doc) == text:
                self.yaml, self.doc = yaml, doc
                break

    def _krev(self) -> None:
        if self.doc is None:
            raise LeveringError(
                f"kan ikke redigere {self.path} uten å endre formateringen (ruamel.yaml gjengir den ikke "
                "likt: uvanlig innrykk, `---` eller blandede linjeskift); legg inn dette for hånd:",
                self._for_hånd(),
            )

    def _for_hånd(self) -> list[str]:
        lines = []
        for what, value in self.changes:
            if what == "fjern":
                lines.append(f"  (fjern `{value}`)")
            elif what == "leveranse":
                lines.append("  leveranser:")
                first = True
                for k, v in value.items():
                    lines.append(f"    {'- ' if first else '  '}{k}: {_yaml_verdi(v)}")
                    first = False
            else:
                k, v = value
                lines.append(f"  {k}: {_yaml_verdi(v)}")
        return lines

    # -- endringene: registreres først, så de kan vises når fila ikke kan redigeres

    def sett(self, key: str, value) -> None:
        self.changes.append(("sett", (key, value)))
        if self.doc is None:
            return
        d = self.doc
        if key in d:
            d[key] = value
            return
        order = FELTREKKEFØLGE.index(key)
        before = [i for i, k in enumerate(d) if k in FELTREKKEFØLGE and FELTREKKEFØLGE.index(k) < order]
        pos = before[-1] + 1 if before else len(d)
        self._sett_inn(pos, key, value)

    def fjern(self, key: str, finnes: bool) -> None:
        """Fjern nøkkelen (`finnes`: om oppdraget har den, for linjene å legge inn for hånd)."""
        if finnes:
            self.changes.append(("fjern", key))
        if self.doc is not None and key in self.doc:
            del self.doc[key]

    def legg_til_leveranse(self, entry) -> None:
        from ruamel.yaml.comments import CommentedSeq

        self.changes.append(("leveranse", entry))
        if self.doc is None:
            return
        d = self.doc
        seq = d.get("leveranser")
        if isinstance(seq, CommentedSeq) and len(seq):
            seq.append(entry)
            return
        new = CommentedSeq([entry])
        if "leveranser" in d:
            d["leveranser"] = new  # `leveranser: []`: en blokkliste i stedet
        else:
            self._sett_inn(len(d), "leveranser", new)

    def erstatt_leveranse(self, index: int, dato: date, ref: str | None) -> None:
        self.changes.append(("sett", (f"leveranser[{index + 1}].dato", dato)))
        if ref is not None:
            self.changes.append(("sett", (f"leveranser[{index + 1}].ref", ref)))
        if self.doc is None:
            return
        entry = self.doc["leveranser"][index]
        entry["dato"] = dato
        if ref is not None:
            if "ref" in entry:
                entry["ref"] = ref
            else:
                entry.insert(list(entry).index("dato") + 1, "ref", ref)
        elif "ref" in entry:
            del entry["ref"]

    def _sett_inn(self, pos: int, key: str, value) -> None:
        """Sett inn nøkkelen på plass `pos`; kommentarlinjene etter nøkkelen foran (som hører
        til det som kommer etter) flyttes etter den nye nøkkelen."""
        d = self.doc
        keys = list(d)
        moved = _ta_etterfølgende(d, keys[pos - 1]) if pos > 0 else None
        d.insert(pos, key, value)
        if moved is not None:
            _gi_etterfølgende(d, key, moved)

    def tekst(self) -> bytes:
        self._krev()
        text = _dump(self.yaml, self.doc)
        if self.crlf:
            text = text.replace("\n", "\r\n")
        raw = text.encode("utf-8")
        return b"\xef\xbb\xbf" + raw if self.bom else raw


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


def _dump(yaml, doc) -> str:
    buf = StringIO()
    yaml.dump(doc, buf)
    return buf.getvalue()


def _yaml_verdi(v) -> str:
    """En verdi slik ruamel skriver den (for linjene å legge inn for hånd)."""
    return _dump(_yaml((2, 4, 2)), v).removesuffix("\n...\n").strip()


# Kommentarene i ruamel: en kommentar etter en verdi (og linjene under den, fram til neste
# nøkkel) henger på den siste skalaren før dem: `ca.items[nøkkel][2]` i en avbildning,
# `ca.items[indeks][0]` i en liste. De linjene hører til det som kommer etter.


def _siste_holder(node):
    """(holder, nøkkel, plass) for kommentaren etter det siste i `node`, eller None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap) and len(node):
        key = list(node)[-1]
        value = node[key]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            return _siste_holder(value)
        return node, key, 2
    if isinstance(node, CommentedSeq) and len(node):
        value = node[-1]
        if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
            return _siste_holder(value)
        return node, len(node) - 1, 0
    return None


def _holder(d, key):
    """(holder, nøkkel, plass) for kommentaren etter verdien til `key`, eller None."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = d[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and len(value):
        return _siste_holder(value)
    return d, key, 2


def _blokk(holder, hkey) -> bool:
    """Om verdien er blokk-tekst (`|-`, `>`): den tar med seg linjeskiftet på slutten, så
    kommentaren etter den begynner ikke med et linjeskift (etter en annen skalar gjør den det)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    return isinstance(holder[hkey], (LiteralScalarString, FoldedScalarString))


def _ta_etterfølgende(d, key) -> str | None:
    """Ta hele kommentarlinjer (og tomme linjer) etter verdien til `key` ut av dokumentet og
    gi dem tilbake som linjene de er; en kommentar på samme linje som verdien blir stående."""
    from ruamel.yaml.tokens import CommentToken

    found = _holder(d, key)
    if found is None:
        return None
    holder, hkey, slot = found
    entry = holder.ca.items.get(hkey)
    if not entry or len(entry) <= slot or not isinstance(entry[slot], CommentToken):
        return None
    token = entry[slot]
    text = token.value
    keep = ""
    if token.start_mark is not None and token.start_mark.column > 0 and "\n" in text:
        cut = text.index("\n") + 1  # kommentaren på samme linje som verdien
        keep, text = text[:cut], text[cut:]
    elif not _blokk(holder, hkey):
        if not text.startswith("\n"):  # pragma: no cover - ruamel gir alltid linjeskiftet først
            return None
        text = text[1:]
    if not text:
        return None
    if keep:
        token.value = keep
    else:
        entry[slot] = None
    return text


def _gi_etterfølgende(d, key, text: str) -> None:
    """Legg kommentarlinjene `text` etter verdien til `key`."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    found = _holder(d, key)
    if found is None:  # pragma: no cover - nye verdier er aldri tomme
        return
    holder, hkey, slot = found
    entry = holder.ca.items.setdefault(hkey, [None, None, None, None])
    value = text if _blokk(holder, hkey) else "\n" + text
    entry[slot] = CommentToken(value, CommentMark(0), None)


# ---------------------------------------------------------------- skrivingen


def skriv(reg: Registrering) -> Oppdrag:
    """Skriv den nye teksten atomært inne i data-mappa (aldri gjennom en lenke), når fila
    fortsatt er som den ble lest; les den så tilbake fra disken og bekreft at den validerer.
    Kaster LeveringError (fila er da urørt, eller satt tilbake)."""
    if _les(reg.root, reg.rel) != reg.old:
        raise LeveringError(f"{reg.path} ble endret mens tb levert kjørte; fila er ikke skrevet, prøv igjen")
    try:
        write_inside(reg.root, reg.rel, reg.new, overwrite=True)
    except UnsafePath as e:
        raise LeveringError(f"skriver ikke {reg.path}: {safe_line(e)}") from None
    except OSError as e:
        raise LeveringError(f"kan ikke skrive {reg.path}: {os_error(e)}") from None
    back = _les(reg.root, reg.rel)
    doc, findings = load_document(reg.path, back, Oppdrag, str(reg.rel))
    if back != reg.new or doc is None or findings:  # pragma: no cover - vern
        write_inside(reg.root, reg.rel, reg.old, overwrite=True)
        raise LeveringError(
            f"{reg.path} validerte ikke etter skrivingen; den gamle teksten er satt tilbake",
            [_funn(f) for f in findings[:10]],
        )
    return doc.model


def dekket_av_andre(repo: Repo, o: Oppdrag, del_: str | None, frist: date | None) -> bool:
    """Om alle fristdatoene en ny leveranse (del og/eller frist) gjelder, alt er dekket av
    leveranser som er registrert."""
    targets: list[tuple[Frist, date | None]] = []
    for f in _frister(repo, o):
        if del_ is not None and f.del_ != del_:
            continue
        if frist is not None:
            if har_dato(repo, o, f, frist):
                targets.append((f, frist))
            continue
        targets += [(f, d) for d in fristdatoer(repo, o, f, None).datoer] or [(f, None)]
    return bool(targets) and all(any(dekker(lev, f, d) for lev in o.leveranser) for f, d in targets)
