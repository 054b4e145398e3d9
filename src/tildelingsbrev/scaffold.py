"""Nye filer i data/: `tb ny oppdrag`, `tb ny styringsparameter`, `tb ny mål`, `tb ny post`,
`tb ny kapittel` og `tb ny tillegg`, og trygg skriving av filer.

Året er det nyeste brevet når brukeren ikke gir det (`default_year`). Et år uten brev
(`check_year`), et mål som ikke finnes (`check_goal`) og en post i et budsjettkapittel som ikke
finnes, nektes med mindre brukeren gir `--tving`: året etter det nyeste brevet (brevet som
forberedes) og en tom data-mappe er godtatt. Et nummer som finnes (et mål, en post, et
kapittel), nektes alltid: to filer med samme nummer er en feil (TB101).

Et nytt oppdrag får neste ledige nummer for året (høyeste nummer i bruk + 1, både filnavn og
`id` i filene teller), en ny styringsparameter og et nytt mål neste ledige nummer for året, og et
nytt tillegg neste nummer etter tilleggene til brevet (et år uten brev nektes alltid: et tillegg
endrer et brev).
Posten og kapitlet har numrene fra statsbudsjettet, så dem gir brukeren. Numrene i bruk leses
av modellen (`Repo`, fra `pipeline.load_model`) og filnavnene i mappa.

Det brukeren ikke har gitt, står tomt, aldri som en verdi som ser riktig ut: en post uten
`--tildeling` får `tildeling: null`, som `tb check` melder som ikke utfylt, og et mål uten
`--tekst` får `gjennomgått: false`, som `tb check` melder til teksten er skrevet. Merknadene
(`NewFile.notes`) sier hva som må fylles inn og hva `tb check` melder til da.

Innholdet skrives med ruamel.yaml, leses tilbake med den samme innlesingen som `tb check`
bruker (`pipeline.load_document`) før noe skrives, og fila skrives atomært, aldri over en fil
som finnes og aldri gjennom en symbolsk lenke i data-mappa (`files.write_inside`).
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
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from .files import UnsafePath, write_inside
from .model import Kapittel, Mål, Oppdrag, Post, Repo, Styringsparameter, Tillegg, nummer
from .norsk import NBSP, format_dato, format_kroner, parse_amount
from .pipeline import load_document
from .schema import modeline
from .text import one_line, safe_line


class ScaffoldError(Exception):
    """Fila kan ikke lages (ugyldige valg, eller fila finnes fra før). Meldingen er norsk."""


@dataclass
class NewFile:
    """En fil `tb ny` har laget: stien, innholdet og merknader til brukeren."""

    path: Path
    text: str
    id: str
    notes: list[str] = field(default_factory=list)
    root: Path | None = None
    """Data-mappa fila skrives i; stien under den følger aldri symbolske lenker."""


# ---------------------------------------------------------------- nummerering


def next_oppdrag_nr(repo: Repo, år: int) -> int:
    """Høyeste løpenummer i bruk for `år` + 1. I bruk er filnavn i oppdrag/, `id` i filene og
    numre data ellers viser til (budsjettbindinger, tekst): brevet for 2024 binder midler til
    2024-17, som ikke står i kapittel 3, så et nytt oppdrag blir 2024-18. Året og løpenummeret
    leses uansett mønster (`nummer.del_opp`: 2024-17, TB2024-17, 17/2024 i 17-2024.yaml)."""
    files = _oppdrag_nr_in_names(repo.root / "oppdrag", år)
    files |= {d.model.nr for d in repo.oppdrag if d.model.år == år}
    return max(files | referenced_oppdrag_nr(repo, år), default=0) + 1


def referenced_oppdrag_nr(repo: Repo, år: int) -> set[int]:
    """Løpenumrene for `år` som budsjettbindinger, prosa (numrene i mønsteret fra
    innstillinger.yaml, `Repo.oppdragsnummer`) og tilleggene (nye, presiserte, trukne og
    flyttede oppdrag, sammendraget) viser til: et nummer et tillegg har gitt eller trukket,
    gis ikke på nytt (TB709)."""
    pattern = repo.oppdragsnummer()
    ids = {b.oppdrag for d in repo.poster for g in d.model.bindinger for b in g.linjer}
    ids |= {m.oppdrag for src in repo.prose_sources() for m in pattern.nevnt(src.text)}
    for t in repo.tillegg:
        m = t.model
        ids |= set(m.nye_oppdrag) | set(m.sammendrag.oppdrag)
        ids |= {x.oppdrag for x in (*m.presiseringer, *m.trukket, *m.flyttede_frister)}
    return {p[1] for p in map(nummer.del_opp, ids) if p is not None and p[0] == år}


def _oppdrag_nr_in_names(folder: Path, år: int) -> set[int]:
    """Løpenumrene for `år` i filnavnene i oppdrag/ (også filer som ikke kan leses)."""
    if not folder.is_dir():
        return set()
    out = set()
    for p in folder.iterdir():
        stem, ext = os.path.splitext(p.name)
        parts = nummer.del_opp(stem) if ext.lower() in (".yaml", ".yml") else None
        if parts is not None and parts[0] == år:
            out.add(parts[1])
    return out


def next_mål_nr(repo: Repo, år: int) -> int:
    """Høyeste målnummer i bruk for `år` + 1: filnavn i mål/ÅR/ og `nr` i filene."""
    used = _numbers_in_names(repo.root / "mål" / str(år), r"mål-(\d+)")
    used |= {d.model.nr for d in repo.mål_for(år)}
    return max(used, default=0) + 1


def next_sp_nr(repo: Repo, år: int) -> int:
    """Høyeste SP-nummer i bruk for `år` + 1: filnavn i styringsparametere/ÅR/ og `nr` i
    filene."""
    used = _numbers_in_names(repo.root / "styringsparametere" / str(år), r"sp-(\d+)")
    used |= {d.model.nr for d in repo.styringsparametere if d.model.år == år}
    return max(used, default=0) + 1


def _numbers_in_names(folder: Path, pattern: str) -> set[int]:
    if not folder.is_dir():
        return set()
    rx = re.compile(pattern + r"(?:\.|$)")
    return {int(m.group(1)) for p in folder.iterdir() if (m := rx.match(p.name))}


# ---------------------------------------------------------------- året


def default_year(repo: Repo) -> int:
    """Året når brukeren ikke gir `--år`: det nyeste brevet i data."""
    years = repo.years()
    if not years:
        raise ScaffoldError("fant ikke noe brev i data (brev/ÅR/brev.yaml); gi året med --år")
    return years[-1]


_FORCE = "; bruk --tving for å lage fila likevel"


def check_year(repo: Repo, år: int) -> None:
    """Kast ScaffoldError når året ikke har noe brev. Året etter det nyeste brevet (brevet som
    forberedes) og en data-mappe uten brev er godtatt."""
    years = repo.years()
    if repo.brev_for(år) is None and years and år != years[-1] + 1:
        raise ScaffoldError(
            f"det finnes ikke noe brev for {år} (brev/{år}/brev.yaml); data har brev for "
            f"{', '.join(map(str, years))}{_FORCE}"
        )


def _letter_missing(repo: Repo, år: int) -> list[str]:
    """En merknad når brevet for året ikke finnes ennå: `tb check` melder det (TB007)."""
    if repo.brev_for(år) is not None:
        return []
    how = f" (`tb nytt-brev {år}`)" if repo.years() else ""
    return [
        f"brevet for {år} finnes ikke ennå (brev/{år}/brev.yaml); `tb check` melder det (TB007) "
        f"til det er laget{how}"
    ]


# ---------------------------------------------------------------- nye filer


def new_oppdrag(
    repo: Repo,
    år: int,
    mål: int,
    tittel: str,
    frister: list[date] | None = None,
    nr: int | None = None,
    force: bool = False,
    tillegg: int | None = None,
) -> NewFile:
    """Lag (men skriv ikke) data/oppdrag/ÅR-NN.yaml (ÅR-NNN fra nummer 100) i data-mappa til
    `repo`, med nummeret og filnavnet etter mønsteret i innstillinger.yaml (`TB{år}-{nr}`:
    oppdrag/TB2026-3.yaml; `{nr}/{år}`: oppdrag/3-2026.yaml). Kaster ScaffoldError med en
    norsk melding.

    `tillegg`: oppdraget gis i tillegg nr. N til brevet for `år` (`tillegg: N` i fila); det
    tillegget må finnes (også med `force`)."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("--mål", mål, 1, 99)
    _check_folders(root, root / "oppdrag")
    if not force:
        check_goal(repo, år, mål)
    tittel = one_line(tittel)
    if not tittel:
        raise ScaffoldError("--tittel er tom")
    if repo.innstillinger_uleselige():
        raise ScaffoldError(
            "innstillinger.yaml kan ikke leses, så mønsteret for oppdragsnumrene er ukjent; rett den "
            "først (tb check sier hva som er galt)"
        )
    pattern = repo.oppdragsnummer()
    given_in = _tillegg(repo, år, tillegg) if tillegg is not None else None
    nr = next_oppdrag_nr(repo, år) if nr is None else nr
    _check_range("--nr", nr, 1, 999)
    oid = pattern.lag(år, nr)
    doc = CommentedMap()
    doc["id"] = oid
    doc["tittel"] = tittel
    doc["mål"] = mål
    if tillegg is not None:
        doc["tillegg"] = tillegg
    if frister:
        doc["frister"] = CommentedSeq(CommentedMap(dato=d) for d in frister)
    path = root / "oppdrag" / f"{nummer.filnavn(oid)}.yaml"
    new = NewFile(path, _dump(root, path, doc), oid, root=root)
    _validate(new, Oppdrag, root)
    have = {d.model.nr for d in repo.oppdrag if d.model.år == år}
    skipped = sorted(n for n in referenced_oppdrag_nr(repo, år) - have if n < nr)
    if skipped:
        numbers = ", ".join(pattern.lag(år, n) for n in skipped)
        new.notes.append(f"{numbers} er nevnt i data uten egen oppdragsfil; nummeret er ikke brukt")
    new.notes += _missing_goal(repo, år, mål, "TB102")
    if not frister:
        new.notes.append("oppdraget har ingen frist ennå (legg den til under `frister:`)")
    if given_in is not None:
        t = given_in.model
        new.notes.append(
            f"skriv {oid} i `nye_oppdrag` og i sammendraget i tillegg nr. {t.nr} "
            f"({safe_line(given_in.file)}); til da melder `tb check` det (TB710)"
        )
        early = [d for d in frister or [] if d < t.dato]
        if early:
            new.notes.append(
                f"fristen {format_dato(early[0])} er før tillegg nr. {t.nr} ({format_dato(t.dato)}); "
                "`tb check` melder det (TB714)"
            )
    return new


def _tillegg(repo: Repo, år: int, nr: int):
    """Tillegg nr. `nr` til brevet for `år`, eller ScaffoldError som sier hvilke som finnes."""
    _check_range("--tillegg", nr, 1, 99)
    found = next((t for t in repo.tillegg_for(år) if t.model.nr == nr), None)
    if found is None:
        have = [t.model.nr for t in repo.tillegg_for(år)]
        listed = f"tilleggene til brevet for {år}: nr. {', '.join(map(str, have))}" if have else (
            f"brevet for {år} har ingen tillegg ennå"
        )
        raise ScaffoldError(
            f"tillegg nr. {nr} til brevet for {år} finnes ikke ({listed}); lag det med "
            f"`tb ny tillegg --år {år}`"
        )
    return found


def new_styringsparameter(
    repo: Repo,
    år: int,
    mål: int,
    tekst: str,
    nr: int | None = None,
    force: bool = False,
    utkast: str | None = None,
) -> NewFile:
    """Lag (men skriv ikke) data/styringsparametere/ÅR/sp-NN.yaml i data-mappa til `repo`.

    `utkast`: teksten er en plassholder (`tb init`); fila får `gjennomgått: false` med
    `utkast` som kommentar, og `tb check` melder den (TB602) til den er lest."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("--mål", mål, 1, 99)
    _check_folders(root, root / "styringsparametere" / str(år))
    if not force:
        check_goal(repo, år, mål)
    tekst = one_line(tekst)
    if not tekst:
        raise ScaffoldError("--tekst er tom")
    nr = next_sp_nr(repo, år) if nr is None else nr
    _check_range("--nr", nr, 1, 999)
    doc = CommentedMap()
    doc["år"] = år
    doc["nr"] = nr
    doc["mål"] = mål
    doc["tekst"] = tekst
    if utkast:
        _mark_draft(doc, utkast)
    path = root / "styringsparametere" / str(år) / f"sp-{nr:02d}.yaml"
    new = NewFile(path, _dump(root, path, doc), f"SP {nr}", root=root)
    _validate(new, Styringsparameter, root)
    new.notes += _missing_goal(repo, år, mål, "TB103")
    return new


def new_mål(
    repo: Repo,
    år: int,
    tittel: str,
    tekst: str | None = None,
    nr: int | None = None,
    force: bool = False,
) -> NewFile:
    """Lag (men skriv ikke) data/mål/ÅR/mål-N.yaml med neste ledige målnummer for året.

    Uten `tekst` står teksten under målet tom og fila `gjennomgått: false`, så `tb check`
    melder målet til teksten er skrevet og linja fjernet."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_folders(root, root / "mål" / str(år))
    if not force:
        check_year(repo, år)
    tittel = one_line(tittel)
    if not tittel:
        raise ScaffoldError("--tittel er tom")
    nr = next_mål_nr(repo, år) if nr is None else nr
    _check_range("--nr", nr, 1, 99)
    path = root / "mål" / str(år) / f"mål-{nr}.yaml"
    for d in repo.mål_for(år):
        if d.model.nr == nr:
            raise ScaffoldError(f"mål {nr} finnes fra før for {år} ({safe_line(d.file)}); velg et annet --nr")
    doc = CommentedMap()
    doc["år"] = år
    doc["nr"] = nr
    doc["tittel"] = tittel
    text = _prose(tekst)
    doc["tekst"] = LiteralScalarString(text) if "\n" in text else text or DoubleQuotedScalarString("")
    if not text:
        doc["gjennomgått"] = False
        doc.yaml_add_eol_comment(
            "skriv teksten under målet i `tekst`, og fjern så denne linja", "gjennomgått"
        )
    new = NewFile(path, _dump(root, path, doc), f"mål {nr}", root=root)
    _validate(new, Mål, root)
    if not text:
        new.notes.append(
            "teksten under målet er tom: skriv den i `tekst` og fjern `gjennomgått: false`; "
            "til da melder `tb check` målet som ikke gjennomgått (TB602)"
        )
    new.notes += _letter_missing(repo, år)
    return new


def next_tillegg_nr(repo: Repo, år: int) -> int:
    """Høyeste nummer på et tillegg til brevet for `år` + 1: filnavn i brev/ÅR/tillegg/ og `nr`
    i filene."""
    used = _numbers_in_names(repo.root / "brev" / str(år) / "tillegg", r"tillegg-(\d+)")
    used |= {d.model.nr for d in repo.tillegg_for(år)}
    return max(used, default=0) + 1


def new_tillegg(
    repo: Repo,
    år: int,
    dato: date,
    tittel: str | None = None,
    grunnlag: str | None = None,
    referanse: str | None = None,
) -> NewFile:
    """Lag (men skriv ikke) data/brev/ÅR/tillegg/tillegg-N.yaml med neste nummer for året.

    Tillegget får datoen, tittelen («Tillegg nr. N til tildelingsbrev ÅR – …» fra brevets
    tittel når den ikke er gitt), signatarene kopiert fra brevet og tomme lister for
    endringene, så strukturen står der. Et år uten brev nektes alltid: et tillegg endrer et
    brev (TB703)."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    brev = repo.brev_for(år)
    if brev is None:
        if "brev" in repo.unreadable_stems("brev", str(år)):
            raise ScaffoldError(
                f"brevet for {år} kan ikke leses (brev/{år}/brev.yaml; `tb check` sier hvorfor); "
                "rett det før du lager et tillegg"
            )
        years = repo.years()
        have = f"data har brev for {', '.join(map(str, years))}" if years else "data har ikke noe brev"
        raise ScaffoldError(
            f"det finnes ikke noe brev for {år} (brev/{år}/brev.yaml); et tillegg hører til et brev; {have}"
        )
    folder = root / "brev" / str(år) / "tillegg"
    _check_folders(root, folder)
    nr = next_tillegg_nr(repo, år)
    _check_range("nummeret på tillegget", nr, 1, 99)
    b = brev.model
    tittel = one_line(tittel) if tittel is not None else f"Tillegg nr. {nr} til {_lower_first(b.tittel)}"
    if not tittel:
        raise ScaffoldError("--tittel er tom")
    text = _prose(grunnlag)
    doc = CommentedMap()
    doc["år"] = år
    doc["nr"] = nr
    doc["tittel"] = tittel
    doc["dato"] = dato
    doc["referanse"] = one_line(referanse) if referanse else None
    if not referanse:
        doc.yaml_add_eol_comment("departementets saksnummer, for eksempel «24/1234-7»", "referanse")
    doc["grunnlag"] = LiteralScalarString(text) if "\n" in text else text or DoubleQuotedScalarString("")
    if not text:
        doc.yaml_add_eol_comment(
            "for eksempel «Stortingets behandling av Prop. 104 S (2023–2024), jf. Innst. 447 S (2023–2024)»",
            "grunnlag",
        )
    doc["tekst"] = DoubleQuotedScalarString("")
    summary = CommentedMap()
    for key in ("poster", "oppdrag"):
        summary[key] = _flow([])
    doc["sammendrag"] = summary
    doc.yaml_add_eol_comment("postene («671.62») og oppdragene tillegget endrer (TB715)", "sammendrag")
    for key, hint in (
        ("poster", "endringer: kapittel, post, endring (± kroner), tidligere, ny, tekst, linjer"),
        ("nye_poster", "kapittel, post, betegnelse, stikkord, tildeling, tekst"),
        ("nye_oppdrag", "numrene; fila får `tillegg: N` (tb ny oppdrag --tillegg N)"),
        ("presiseringer", "oppdrag, tittel, tekst, frister"),
        ("trukket", "oppdrag, tittel, begrunnelse"),
        ("flyttede_frister", "oppdrag, tittel, del, fra, til"),
    ):
        doc[key] = _flow([])
        doc.yaml_add_eol_comment(hint, key)
    doc["signatarer"] = CommentedSeq(CommentedMap(navn=x.navn, tittel=x.tittel) for x in b.signatarer)
    doc["kopi"] = _flow([])
    doc.yaml_add_eol_comment("for eksempel [Riksrevisjonen]", "kopi")
    path = folder / f"tillegg-{nr}.yaml"
    new = NewFile(path, _dump(root, path, doc), f"tillegg nr. {nr} til brevet for {år}", root=root)
    _validate(new, Tillegg, root)
    new.notes += _tillegg_date_notes(repo, år, nr, dato)
    if not text:
        new.notes.append("grunnlaget er tomt: skriv det i `grunnlag` (proposisjonen og innstillingen, eller samtykket)")
    new.notes.append(
        "skriv endringene under `poster`, `nye_poster`, `nye_oppdrag`, `presiseringer`, `trukket` og "
        "`flyttede_frister`, og det som endres i `sammendrag`; `tb check` sjekker tillegget (TB7xx)"
    )
    return new


def _tillegg_date_notes(repo: Repo, år: int, nr: int, dato: date) -> list[str]:
    """Merknader når datoen ikke passer: utenfor året, før brevet eller før forrige tillegg
    (TB702)."""
    b = repo.brev_for(år)
    if dato.year != år:
        return [f"datoen {format_dato(dato)} er utenfor budsjettåret {år}; gi den med --dato (til da melder `tb check` det, TB702)"]
    if b is not None and b.model.dato is not None and dato < b.model.dato:
        return [f"datoen {format_dato(dato)} er før brevet for {år} ({format_dato(b.model.dato)}); `tb check` melder det (TB702)"]
    earlier = [t for t in repo.tillegg_for(år) if t.model.nr < nr]
    if earlier and dato < max(t.model.dato for t in earlier):
        last = max(earlier, key=lambda t: t.model.dato)
        return [
            f"datoen {format_dato(dato)} er før tillegg nr. {last.model.nr} ({format_dato(last.model.dato)}); "
            "`tb check` melder det (TB702)"
        ]
    return []


def _lower_first(text: str) -> str:
    """«Tildelingsbrev 2024 – IMDi» → «tildelingsbrev 2024 – IMDi» (en forkortelse først står som den er)."""
    if text[:1].isupper() and not text[1:2].isupper():
        return text[0].lower() + text[1:]
    return text


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def parse_post(text: str) -> tuple[int, int]:
    """Kapittel og post fra «671.62» (eller «671-62»). Kaster ScaffoldError med en norsk
    melding."""
    m = re.fullmatch(r"\s*(\d{1,4})[.-](\d{1,2})\s*", text)
    if not m:
        raise ScaffoldError(
            f"«{one_line(text)}» er ikke en budsjettpost; skriv kapittel og post med punktum, "
            "for eksempel 671.62"
        )
    kapittel, post = int(m.group(1)), int(m.group(2))
    _check_range("kapittelnummeret", kapittel, 1, 9999)
    _check_range("postnummeret", post, 1, 99)
    return kapittel, post


def parse_kapittel(text: str) -> int:
    """Kapittelnummeret fra «671» (eller «kap. 671»). Kaster ScaffoldError."""
    m = re.fullmatch(r"\s*(?:kap\.?\s*)?(\d{1,4})\s*", text, re.I)
    if not m:
        raise ScaffoldError(
            f"«{one_line(text)}» er ikke et budsjettkapittel; skriv nummeret, for eksempel 671"
        )
    kapittel = int(m.group(1))
    _check_range("kapittelnummeret", kapittel, 1, 9999)
    return kapittel


def parse_tildeling(text: str) -> int:
    """Et beløp i hele kroner fra «25200000», «25 200 000» eller «25,2 mill. kroner».
    Kaster ScaffoldError."""
    amount = parse_amount(text.strip())
    if amount is None:
        raise ScaffoldError(
            f"--tildeling «{one_line(text)}» er ikke et beløp; skriv hele kroner (25200000 eller "
            "«25 200 000») eller «25,2 mill. kroner»"
        )
    _check_range("--tildeling", amount.value, 0, 10**13)
    return amount.value


def new_post(
    repo: Repo,
    år: int,
    kapittel: int,
    post: int,
    betegnelse: str,
    stikkord: list[str] | None = None,
    tildeling: int | None = None,
    force: bool = False,
) -> NewFile:
    """Lag (men skriv ikke) data/budsjett/ÅR/KKK-PP.yaml. Uten `tildeling` står den som
    `null` (ikke utfylt), som `tb check` melder som en feil til den er fylt inn; aldri 0."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("kapittelnummeret", kapittel, 1, 9999)
    _check_range("postnummeret", post, 1, 99)
    key = f"{kapittel:03d}.{post:02d}"
    path = root / "budsjett" / str(år) / f"{kapittel:03d}-{post:02d}.yaml"
    _check_folders(root, path.parent)
    chapter = _chapter(repo, år, kapittel)
    if not force:
        check_year(repo, år)
        if chapter is None:
            raise ScaffoldError(
                _no_chapter(repo, år, kapittel) + f"; lag det med `tb ny kapittel {kapittel}`" + _FORCE
            )
    for d in repo.poster_for(år):
        if (d.model.kapittel, d.model.post) == (kapittel, post):
            raise ScaffoldError(f"post {key} finnes fra før for {år} ({safe_line(d.file)})")
    betegnelse = one_line(betegnelse)
    if not betegnelse:
        raise ScaffoldError("--betegnelse er tom")
    words = [one_line(s) for s in stikkord or []]
    if "" in words:
        raise ScaffoldError("--stikkord er tomt")
    unknown = [s for s in words if not known_stikkord(s)]
    if unknown and not force:
        from .stikkord import ukjent

        raise ScaffoldError(ukjent(unknown[0]) + _FORCE)
    doc = CommentedMap()
    doc["år"] = år
    doc["kapittel"] = kapittel
    doc["post"] = post
    doc["betegnelse"] = betegnelse
    if words:
        seq = CommentedSeq(words)
        seq.fa.set_flow_style()
        doc["stikkord"] = seq
    doc["tildeling"] = tildeling
    if tildeling is None:
        doc.yaml_add_eol_comment("ikke utfylt: tildelingen i hele kroner", "tildeling")
    else:
        doc.yaml_add_eol_comment(f"«{format_kroner(tildeling).replace(NBSP, ' ')}»", "tildeling")
    new = NewFile(path, _dump(root, path, doc), f"post {key}", root=root)
    _validate(new, Post, root)
    if tildeling is None:
        new.notes.append(
            "tildelingen er ikke utfylt (`tildeling: null`): skriv den i hele kroner; til da melder "
            "`tb check` den som ikke utfylt (TB601)"
        )
    if chapter is None:
        new.notes.append(_no_chapter(repo, år, kapittel) + "; `tb check` melder det (TB404)")
    elif chapter.model.sum is not None:
        new.notes.append(
            f"kap. {kapittel} har en trykt sum; `tb check` sammenligner den med postene (TB201), "
            f"så ret summen i {safe_line(chapter.file)} når tildelingen er kjent"
        )
    for s in unknown:
        new.notes.append(f"«{s}» er ikke et kjent stikkord; `tb check` melder det (TB402)")
    new.notes += _letter_missing(repo, år)
    return new


def known_stikkord(word: str) -> bool:
    """Sant for et stikkord `tb check` kjenner (TB402; regelen eier lista)."""
    from .rules.poster import is_known_stikkord

    return is_known_stikkord(word)


def new_kapittel(
    repo: Repo, år: int, kapittel: int, navn: str, force: bool = False, utkast: str | None = None
) -> NewFile:
    """Lag (men skriv ikke) data/budsjett/ÅR/kap-KKK.yaml. Et kapittel uten poster meldes av
    `tb check` (TB404) til postene er lagt til (`tb ny post`).

    `utkast`: navnet (eller nummeret) er en plassholder (`tb init`); fila får `gjennomgått:
    false` med teksten som kommentar, og `tb check` melder den (TB602) til den er lest."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("kapittelnummeret", kapittel, 1, 9999)
    path = root / "budsjett" / str(år) / f"kap-{kapittel:03d}.yaml"
    _check_folders(root, path.parent)
    if not force:
        check_year(repo, år)
    chapter = _chapter(repo, år, kapittel)
    if chapter is not None:
        raise ScaffoldError(f"kap. {kapittel} finnes fra før for {år} ({safe_line(chapter.file)})")
    navn = one_line(navn)
    if not navn:
        raise ScaffoldError("--navn er tomt")
    doc = CommentedMap()
    doc["år"] = år
    doc["kapittel"] = kapittel
    doc["navn"] = navn
    if utkast:
        _mark_draft(doc, utkast)
    new = NewFile(path, _dump(root, path, doc), f"kap. {kapittel}", root=root)
    _validate(new, Kapittel, root)
    if not any(d.model.kapittel == kapittel for d in repo.poster_for(år)):
        new.notes.append(
            f"kap. {kapittel} har ingen poster ennå; legg dem til med `tb ny post {kapittel}.PP "
            f"--betegnelse …` (til da melder `tb check` det, TB404)"
        )
    new.notes += _letter_missing(repo, år)
    return new


def _mark_draft(doc: CommentedMap, what: str) -> None:
    """`gjennomgått: false` rett etter `år` (som `tb nytt-brev` skriver det), med en kommentar
    om hva som må gjøres: `tb check` melder fila (TB602) til linja er fjernet."""
    keys = list(doc.keys())
    doc.insert(keys.index("år") + 1 if "år" in keys else len(keys), "gjennomgått", False)
    doc.yaml_add_eol_comment(what, "gjennomgått")


def _chapter(repo: Repo, år: int, kapittel: int):
    return next((d for d in repo.kapitler if (d.model.år, d.model.kapittel) == (år, kapittel)), None)


def _no_chapter(repo: Repo, år: int, kapittel: int) -> str:
    """«kap. 675 finnes ikke for 2024 …», med kapitlene som finnes (eller at fila ikke kan leses)."""
    name = f"kap-{kapittel:03d}"
    if name in repo.unreadable_stems("budsjett", str(år)):
        return f"kap. {kapittel} for {år} kan ikke leses (budsjett/{år}/{name}.yaml; `tb check` sier hvorfor)"
    have = sorted(d.model.kapittel for d in repo.kapitler if d.model.år == år)
    listed = ", ".join(map(str, have)) or "ingen"
    return f"kap. {kapittel} finnes ikke for {år} (budsjett/{år}/{name}.yaml); kapitlene for {år}: {listed}"


def _prose(text: str | None) -> str:
    """Prosa fra kommandolinja: linjene uten mellomrom på slutten, uten tomme linjer først og sist."""
    if text is None:
        return ""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n").strip()


def write_new(new: NewFile) -> None:
    """Skriv fila atomært, aldri over en fil som finnes, og aldri gjennom en symbolsk lenke i
    data-mappa (begge gir ScaffoldError): en lenke som `styringsparametere/2025 -> /tmp/x`
    ville ellers fått fila skrevet utenfor data-mappa. Mapper som mangler, lages."""
    exists = f"fila {safe_line(new.path)} finnes fra før; den skrives ikke over"
    if os.path.lexists(new.path):
        raise ScaffoldError(exists)
    root = new.root if new.root is not None else new.path.parent
    try:
        write_inside(root, new.path.relative_to(root), new.text, overwrite=False)
    except FileExistsError:
        raise ScaffoldError(exists) from None
    except UnsafePath as e:
        raise ScaffoldError(f"skriver ikke {safe_line(new.path)}: {safe_line(e)}") from None


def _check_folders(root: Path, folder: Path) -> None:
    """Kast ScaffoldError før noe annet sjekkes når en mappe på veien fra data-mappa til
    `folder` er en symbolsk lenke eller ikke en mappe: `write_new` ville nektet likevel
    (`files.write_inside`), men da etter meldinger om innhold lenken skjuler (en lenket
    `budsjett/` gir ingen kapitler). En mappe som mangler, lages når fila skrives."""
    where = root
    for part in folder.relative_to(root).parts:
        where = where / part
        try:
            st = os.lstat(where)
        except OSError:
            return
        if stat.S_ISLNK(st.st_mode):
            raise ScaffoldError(
                f"skriver ikke i {safe_line(folder)}: {safe_line(where)} er en symbolsk lenke; "
                "tb skriver ikke gjennom lenker i data-mappa"
            )
        if not stat.S_ISDIR(st.st_mode):
            raise ScaffoldError(f"skriver ikke i {safe_line(folder)}: {safe_line(where)} er ikke en mappe")


def _check_range(option: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ScaffoldError(f"{option} {value} er utenfor {low}–{high}")


def _null(representer, _value):
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _dump(root: Path, path: Path, doc: CommentedMap) -> str:
    yaml = YAML()  # round-trip, YAML 1.2
    yaml.representer.add_representer(type(None), _null)  # `tildeling: null`, ikke `tildeling:`
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # titler på én linje, som i de andre filene
    yaml.allow_unicode = True
    buf = StringIO()
    yaml.dump(doc, buf)
    return modeline(root, path) + "\n" + buf.getvalue()


def _validate(new: NewFile, model: type, root: Path) -> None:
    """Les fila tilbake slik `tb check` gjør; et funn betyr at valgene er ugyldige."""
    rel = new.path.relative_to(root)
    _, findings = load_document(new.path, new.text.encode("utf-8"), model, str(rel))
    if findings:
        raise ScaffoldError("; ".join(f.message for f in findings))


def check_goal(repo: Repo, år: int, mål: int) -> None:
    """Kast ScaffoldError når året ikke har noe brev (`check_year`) eller målet ikke finnes for
    året, og si hva som finnes. I året etter det nyeste brevet og i en data-mappe uten brev
    sjekkes målet bare mot målene som alt finnes for året."""
    check_year(repo, år)
    goals = sorted(d.model.nr for d in repo.mål_for(år))
    if (goals or repo.brev_for(år) is not None) and mål not in goals:
        listed = ", ".join(map(str, goals)) or "ingen"
        raise ScaffoldError(f"mål {mål} finnes ikke for {år}; målene for {år}: {listed}{_FORCE}")


def _missing_goal(repo: Repo, år: int, mål: int, code: str) -> list[str]:
    """En merknad når målet ikke finnes, og om `tb check` melder det (`code`) nå eller først
    når brevet for året finnes (TB102 gjelder oppdragene i et brev)."""
    if any(d.model.nr == mål for d in repo.mål_for(år)):
        return []
    missing = f"mål {mål} finnes ikke for {år} (mål/{år}/mål-{mål}.yaml)"
    if code == "TB102" and repo.brev_for(år) is None:
        return [
            f"{missing}, og brevet for {år} finnes ikke ennå (brev/{år}/brev.yaml); "
            f"`tb check` melder målet ({code}) når brevet er lagt til"
        ]
    return [f"{missing}; `tb check` melder det ({code})"]
