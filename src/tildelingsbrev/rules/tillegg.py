"""TB7xx, tillegg: tilleggene til et tildelingsbrev (`brev/ÅR/tillegg/tillegg-N.yaml`) henger
sammen med brevet og med hverandre.

Et tillegg endrer aldri brevet; det sier hva som endres fra og med tilleggets dato: tildelingen
på en post (med trykt tildeling før og etter), nye poster, nye oppdrag, presiseringer, trukne
oppdrag og flyttede frister (se `model/snapshot.py`). Reglene her sjekker det som bare gir
mening på tvers av brevet og tilleggene:

- nummereringen og datoene (TB701–TB703);
- kjeden av beløp: trykt tildeling før = brevet + alle tidligere endringer, etter = før +
  endringen, linjene summerer til endringen, og bare poster som finnes (TB704–TB708);
- oppdragene: et nummer gis aldri to ganger, `nye_oppdrag` og `tillegg: N` i oppdragsfilene
  stemmer, hver henvisning viser til et oppdrag som er med, med riktig sitert tittel, en flyttet
  frist finnes, og fristene er mulige (TB709–TB714);
- sammendraget øverst lister nøyaktig det tillegget endrer (TB715).

Prosaen i tilleggene (innledningen, grunnlaget og tekstene under hver endring) er prosa som
den i brevet (`model/prose.py`): markørene, beløpene og datoene i teksten, HTML og
oppdragsnumrene sjekkes av reglene i TB1xx, TB2xx og TB3xx. Fristene i presiseringene og i
oppdrag gitt i et tillegg sjekkes for fridager av TB309 som de andre fristene.

Et tillegg til et år uten brev meldes av TB703, og reglene som sammenligner med brevet, hopper
over det (ellers ville hver endring også vært en post som ikke finnes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..findings import Location
from ..model import Doc, Frist, Oppdrag, Repo, Tillegg, snapshot
from ..model.nummer import del_opp
from ..norsk import PrintedAmount, format_dato, format_kroner, format_liste
from ..rule import Report, rule
from ..text import one_line
from .datoer import implausible_deadline
from .referanser import _differing, _norm


def _nr(t: Doc[Tillegg]) -> str:
    return f"tillegg nr. {t.model.nr}"


def _signed(kroner: int) -> str:
    """+5 000 000 / -1 000 000 (med hardt mellomrom som `format_kroner`)."""
    return ("+" if kroner >= 0 else "-") + format_kroner(abs(kroner))


def _key(kapittel: int, post: int) -> str:
    return f"{kapittel:03d}.{post:02d}"


def _order(t: Doc[Tillegg]) -> tuple:
    """Rekkefølgen tilleggene gjelder i (som `snapshot`): dato, år, nummer."""
    return (t.model.dato, t.model.år, t.model.nr)


def _in_order(repo: Repo) -> list[Doc[Tillegg]]:
    """Alle tilleggene i rekkefølgen de gjelder i (`_order`), sortert én gang."""
    memo = repo._memo
    if "tillegg_i_orden" not in memo:
        memo["tillegg_i_orden"] = sorted(repo.tillegg, key=_order)
    return memo["tillegg_i_orden"]


def _touching(repo: Repo, oppdrag_id: str) -> list[Doc[Tillegg]]:
    """Tilleggene som presiserer, trekker eller flytter en frist for oppdraget, i rekkefølgen de
    gjelder i (et oppslag bygget én gang)."""
    memo = repo._memo
    if "tillegg_per_oppdrag" not in memo:
        index: dict[str, list[Doc[Tillegg]]] = {}
        for t in _in_order(repo):
            m = t.model
            for oid in dict.fromkeys(x.oppdrag for x in (*m.presiseringer, *m.trukket, *m.flyttede_frister)):
                index.setdefault(oid, []).append(t)
        memo["tillegg_per_oppdrag"] = index
    return memo["tillegg_per_oppdrag"].get(oppdrag_id, [])


def _years_with_letter(repo: Repo) -> list[int]:
    """Årene med tillegg og et brev å sammenligne med."""
    return sorted({d.model.år for d in repo.tillegg if repo.brev_for(d.model.år) is not None})


def _letter_unreadable(repo: Repo, år: int) -> bool:
    return "brev" in repo.unreadable_stems("brev", str(år))


# ---------------------------------------------------------------- nummer og dato


@rule("TB701", "tillegg-nummer")
def numbering(repo: Repo, report: Report) -> None:
    """Tilleggene til et brev er nummerert 1, 2, 3 … uten hull, hvert nummer én gang, og
    fila heter etter nummeret i mappa for året (`brev/2024/tillegg/tillegg-2.yaml` har
    `år: 2024` og `nr: 2`).

    Hvorfor: departementet viser til tilleggene med nummeret («jf. tillegg nr. 2»), og kjeden
    av beløp (TB704) følger nummerrekka. Et hull er som regel et tillegg som ikke er lagt inn;
    to med samme nummer gir to svar på hva tildelingen er.

    Eksempel: tillegg nr. 1 og nr. 3 for 2024, men ikke nr. 2; `tillegg-3.yaml` med `nr: 2`.
    """
    for d in repo.tillegg:
        m = d.model
        if d.stem != f"tillegg-{m.nr}":
            report(
                d.loc("nr"),
                f"fila heter {d.name}, men tillegget er nr. {m.nr} (tillegg-{m.nr}.yaml)",
                subject=f"tillegg nr. {m.nr} fil",
            )
        year_folder = d.file.parent.parent.name
        if year_folder != str(m.år):
            report(
                d.loc("år"),
                f"fila ligger i brev/{year_folder}/tillegg, men tillegget gjelder brevet for {m.år}",
                subject=f"tillegg nr. {m.nr} år",
            )
    for år in sorted({d.model.år for d in repo.tillegg}):
        docs = repo.tillegg_for(år)
        seen: dict[int, Doc[Tillegg]] = {}
        for d in docs:
            first = seen.get(d.model.nr)
            if first is not None:
                there = first.loc("nr")
                report(
                    d.loc("nr"),
                    f"tillegg nr. {d.model.nr} til brevet for {år} finnes allerede i {first.name} "
                    f"(linje {there.line})",
                    subject=f"tillegg nr. {d.model.nr} to ganger",
                    related=(there,),
                )
            else:
                seen[d.model.nr] = d
        hidden = {
            int(s.rsplit("-", 1)[1])
            for s in repo.unreadable_stems("brev", str(år), "tillegg")
            if s.startswith("tillegg-") and s.rsplit("-", 1)[1].isdigit()
        }
        # et nummer i et filnavn teller også: tillegg-3.yaml med `nr: 4` er én feil (filnavnet
        # over), ikke også et hull
        named = {int(d.stem[8:]) for d in docs if d.stem.startswith("tillegg-") and d.stem[8:].isdigit()}
        numbers = set(seen) | hidden | named
        missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
        if not missing:
            continue
        after = min((n for n in seen if n > missing[0]), default=None)
        if after is None:
            continue
        d = seen[after]
        report(
            d.loc("nr"),
            f"tilleggene til brevet for {år} har ikke nr. {format_liste(missing)}; de er nummerert "
            f"{format_liste(sorted(set(seen) | hidden))} (uten hull: 1, 2, 3 …)",
            subject=f"tillegg {år} nummerrekke",
        )


@rule("TB702", "tillegg-dato")
def dates(repo: Repo, report: Report) -> None:
    """Et tillegg er datert i budsjettåret, ikke før brevet det hører til, og senere tillegg
    har senere (eller samme) dato: datoene stiger med nummeret.

    Hvorfor: et tillegg gjelder fra datoen sin (`tb frister`, `tb status` og gjeldende
    tildeling per dato regner med den). En dato utenfor året eller før brevet er en skrivefeil,
    og et tillegg nr. 3 datert før nr. 2 gjør kjeden av beløp (TB704) tvetydig.

    Eksempel: tillegg nr. 2 datert 28.06.2025 til brevet for 2024; tillegg nr. 3 datert
    01.05.2024 når nr. 2 er datert 28.06.2024.
    """
    for år in sorted({d.model.år for d in repo.tillegg}):
        brev = repo.brev_for(år)
        previous: Doc[Tillegg] | None = None
        for d in repo.tillegg_for(år):
            m = d.model
            if m.dato.year != år:
                report(
                    d.loc("dato"),
                    f"{_nr(d)} til brevet for {år} er datert {format_dato(m.dato)}, utenfor budsjettåret {år}",
                    subject=f"tillegg nr. {m.nr} dato",
                )
            elif brev is not None and brev.model.dato is not None and m.dato < brev.model.dato:
                report(
                    d.loc("dato"),
                    f"{_nr(d)} er datert {format_dato(m.dato)}, før brevet for {år} "
                    f"({format_dato(brev.model.dato)})",
                    subject=f"tillegg nr. {m.nr} dato",
                    related=(brev.loc("dato"),),
                )
            if previous is not None and previous.model.nr < m.nr and m.dato < previous.model.dato:
                report(
                    d.loc("dato"),
                    f"{_nr(d)} er datert {format_dato(m.dato)}, før {_nr(previous)} "
                    f"({format_dato(previous.model.dato)}); tilleggene nummereres i datoorden",
                    subject=f"tillegg nr. {m.nr} dato før nr. {previous.model.nr}",
                    related=(previous.loc("dato"),),
                )
            previous = d


@rule("TB703", "tillegg-uten-brev")
def without_letter(repo: Repo, report: Report) -> None:
    """Et tillegg hører til et brev som finnes: `brev/ÅR/brev.yaml` for året i tillegget.

    Hvorfor: et tillegg endrer tildelingen og oppdragene i et brev; uten brevet finnes det
    ingen tildeling å endre og ingen oppdrag å presisere. De andre reglene for tillegg hopper
    over tillegget til brevet finnes.

    Eksempel: `brev/2025/tillegg/tillegg-1.yaml` når data bare har brevet for 2024.
    """
    letters = repo.years()
    for d in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        år = d.model.år
        if repo.brev_for(år) is not None or _letter_unreadable(repo, år):
            continue
        have = f"data har brev for {format_liste(letters)}" if letters else "data har ikke noe brev"
        report(
            d.loc("år"),
            f"{_nr(d)} hører til brevet for {år}, men det finnes ikke (brev/{år}/brev.yaml); {have}",
            subject=f"tillegg nr. {d.model.nr} uten brev",
        )


# ---------------------------------------------------------------- beløpene


@dataclass(frozen=True)
class _Step:
    """Én endring på en post i kjeden: tillegget, indeksen i `poster` (None: en ny post),
    tildelingen før og etter (None når et beløp ikke er kjent)."""

    t: Doc[Tillegg]
    i: int | None
    key: str
    before: int | None
    after: int | None
    known: bool
    """Posten fantes da (i brevet, eller som ny post i et tidligere eller dette tillegget)."""


def _chain(repo: Repo, år: int) -> list[_Step]:
    """Kjeden for brevet for `år`: hvert tillegg i nummerorden, de nye postene først og så
    endringene, med tildelingen før og etter (som `snapshot.gjeldende`). Regnet én gang per år."""
    memo = repo._memo.setdefault("tillegg_kjede", {})
    if år in memo:
        return memo[år]
    amounts: dict[str, int | None] = {d.model.nøkkel: d.model.tildeling for d in repo.poster_for(år)}
    steps: list[_Step] = []
    for t in repo.tillegg_for(år):
        m = t.model
        for ny in m.nye_poster:
            known = ny.nøkkel in amounts
            before = amounts.get(ny.nøkkel)
            after = None if known and before is None else (before or 0) + ny.tildeling
            steps.append(_Step(t, None, ny.nøkkel, before, after, known))
            amounts[ny.nøkkel] = after
        for i, e in enumerate(m.poster):
            if e.nøkkel not in amounts:
                steps.append(_Step(t, i, e.nøkkel, None, None, False))
                continue
            before = amounts[e.nøkkel]
            after = None if before is None else before + e.endring
            steps.append(_Step(t, i, e.nøkkel, before, after, True))
            amounts[e.nøkkel] = after
    memo[år] = steps
    return steps


def _history_before(repo: Repo, år: int, step: _Step) -> tuple[str, tuple[Location, ...]]:
    """Hva tildelingen før endringen er regnet av («brevet 235 693 000, tillegg nr. 2
    +5 000 000») og stedene."""
    history: list[str] = []
    places: list[Location] = []
    for d in repo.poster_for(år):
        if d.model.nøkkel == step.key and d.model.tildeling is not None:
            history.append(f"brevet {format_kroner(d.model.tildeling)}")
            places.append(d.loc("tildeling"))
    for s in _chain(repo, år):
        if s is step:
            break
        if s.key != step.key or not s.known and s.i is not None:
            continue
        m = s.t.model
        if s.i is None:
            ny = next(n for n in m.nye_poster if n.nøkkel == s.key)
            history.append(f"{_nr(s.t)} ny post {format_kroner(ny.tildeling)}")
            places.append(s.t.loc("nye_poster", m.nye_poster.index(ny), "tildeling"))
        else:
            history.append(f"{_nr(s.t)} {_signed(m.poster[s.i].endring)}")
            places.append(s.t.loc("poster", s.i, "endring"))
    return ", ".join(history), tuple(places)


def _printed_mismatch(printed: PrintedAmount, actual: int) -> str:
    diff = printed.value - actual
    precision = "" if printed.precision == 1 else " ved trykt presisjon"
    return f"differanse {format_kroner(diff)}{precision}"


@rule("TB704", "tillegg-kjede")
def chain(repo: Repo, report: Report) -> None:
    """Den trykte tildelingen før og etter en endring i et tillegg stemmer med kjeden:
    `tidligere` = tildelingen i brevet + alle tidligere tilleggs endringer på posten, og `ny` =
    den tildelingen + `endring`.

    Hva den sjekker: `tidligere` og `ny` under hver endring i `poster`, med den presisjonen som
    er trykt («240,7 mill. kroner» mot 240 693 000 avrundet til 0,1 mill.), som de andre trykte
    summene (TB201). Tilleggene regnes i nummerorden; en ny post (`nye_poster`) begynner med
    tildelingen sin. Meldingen sier hva kjeden er regnet av.

    Hvorfor: tabellen «tidligere tildelt | endring | ny tildeling» skrives for hånd i hvert
    tillegg. Blir et tillegg rettet eller et tidligere glemt, står det gale beløpet i alle
    senere tillegg.

    Eksempel: tillegg nr. 3 trykker «tidligere 239,7 mill. kroner» på 671.62, men brevet
    (235 693 000) og tillegg nr. 2 (+5 000 000) gir 240 693 000.
    """
    for år in _years_with_letter(repo):
        for step in _chain(repo, år):
            if step.i is None or not step.known or step.before is None:
                continue
            t, e = step.t, step.t.model.poster[step.i]
            if e.tidligere is not None and not e.tidligere.agrees_with(step.before):
                how, places = _history_before(repo, år, step)
                report(
                    t.loc("poster", step.i, "tidligere"),
                    f"{step.key} i {_nr(t)}: tildelingen før endringen er trykt {e.tidligere.shown()}, "
                    f"men brevet og tilleggene før gir {format_kroner(step.before)} ({how}; "
                    f"{_printed_mismatch(e.tidligere, step.before)})",
                    subject=f"tillegg nr. {t.model.nr} {step.key} tidligere",
                    related=places,
                )
            if e.ny is not None and step.after is not None and not e.ny.agrees_with(step.after):
                report(
                    t.loc("poster", step.i, "ny"),
                    f"{step.key} i {_nr(t)}: ny tildeling er trykt {e.ny.shown()}, men "
                    f"{format_kroner(step.before)} {_signed(e.endring)} er {format_kroner(step.after)} "
                    f"({_printed_mismatch(e.ny, step.after)})",
                    subject=f"tillegg nr. {t.model.nr} {step.key} ny",
                    related=(t.loc("poster", step.i, "endring"),),
                )


@rule("TB705", "endringslinjer")
def change_lines(repo: Repo, report: Report) -> None:
    """De spesifiserte linjene under en endring («herav …») summerer til endringen.

    Hvorfor: summen er sannheten og regnes fra linjene; en linje som er endret uten at
    endringen er det (eller omvendt), gir to svar på hva posten fikk.

    Eksempel: endring +5 000 000 med linjene 3 000 000 og 1 500 000.
    """
    for d in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        for i, e in enumerate(d.model.poster):
            if not e.linjer:
                continue
            total = sum(line.beløp for line in e.linjer)
            if total != e.endring:
                report(
                    d.key_loc("poster", i, "linjer"),
                    f"linjene under {e.nøkkel} i {_nr(d)} summerer til {_signed(total)}, endringen er "
                    f"{_signed(e.endring)} (differanse {format_kroner(e.endring - total)})",
                    subject=f"tillegg nr. {d.model.nr} {e.nøkkel} linjer",
                    related=(d.loc("poster", i, "endring"),),
                )


def _later_new_post(repo: Repo, t: Doc[Tillegg], key: str) -> Doc[Tillegg] | None:
    for other in repo.tillegg_for(t.model.år):
        if other.model.nr > t.model.nr and any(n.nøkkel == key for n in other.model.nye_poster):
            return other
    return None


@rule("TB706", "endret-post")
def changed_post_exists(repo: Repo, report: Report) -> None:
    """En endring i et tillegg gjelder en post som finnes: i brevet, eller tildelt som ny post
    (`nye_poster`) i et tidligere tillegg eller i det samme.

    Hvorfor: en endring på en post som ikke finnes, er enten en skrivefeil i kapittel eller
    post, eller en ny post som skal stå under `nye_poster` med betegnelse og stikkord.

    Eksempel: tillegg nr. 2 endrer 671.63 når brevet for 2024 har 671.60, 671.61 og 671.62.
    """
    for år in _years_with_letter(repo):
        unread = repo.unreadable_stems("budsjett", str(år))
        have = sorted(d.model.nøkkel for d in repo.poster_for(år))
        for step in _chain(repo, år):
            if step.known or step.i is None:
                continue
            if step.key.replace(".", "-") in unread:
                continue  # postfila kunne ikke leses (eget funn)
            t = step.t
            later = _later_new_post(repo, t, step.key)
            why = (
                f"; den tildeles først som ny post i {_nr(later)}"
                if later is not None
                else "; er den ny, skriv den under `nye_poster` med betegnelse og tildeling"
            )
            shown = ", ".join(have[:12]) + (" …" if len(have) > 12 else "")
            report(
                t.loc("poster", step.i, "post"),
                f"{_nr(t)} endrer post {step.key}, som verken står i brevet for {år} eller er tildelt "
                f"som ny post før{why} (postene i brevet: {shown or 'ingen'})",
                subject=f"tillegg nr. {t.model.nr} {step.key} finnes ikke",
            )


@rule("TB707", "ny-post")
def new_post(repo: Repo, report: Report) -> None:
    """En ny post i et tillegg (`nye_poster`) hører til et budsjettkapittel i brevet, og
    posten fantes ikke fra før: verken i brevet eller som ny post i et tidligere tillegg.

    Hvorfor: en post som finnes, endres med en endring i `poster` (med trykt tildeling før og
    etter); å tildele den på nytt som ny post gir to tildelinger. Et kapittel som ikke står i
    brevet, har ingen tabell posten kan stå i.

    Eksempel: `nye_poster: [{kapittel: 671, post: 62, …}]` når 671.62 står i brevet;
    `kapittel: 675` når brevet bare har kap. 601, 670, 671 og 672.
    """
    for år in _years_with_letter(repo):
        chapters = sorted({d.model.kapittel for d in repo.kapitler if d.model.år == år})
        unread = repo.unreadable_stems("budsjett", str(år))
        for step in _chain(repo, år):
            if step.i is not None:
                continue
            t = step.t
            m = t.model
            i = next(j for j, n in enumerate(m.nye_poster) if n.nøkkel == step.key)
            ny = m.nye_poster[i]
            if step.known:
                where = _first_place(repo, år, t, step.key)
                report(
                    t.loc("nye_poster", i, "post"),
                    f"{_nr(t)} tildeler {step.key} som ny post, men den finnes fra før ({where}); "
                    "skriv endringen under `poster`",
                    subject=f"tillegg nr. {m.nr} ny post {step.key} finnes",
                )
            elif ny.kapittel not in chapters and f"kap-{ny.kapittel:03d}" not in unread:
                report(
                    t.loc("nye_poster", i, "kapittel"),
                    f"{_nr(t)} tildeler ny post {step.key} i kap. {ny.kapittel}, som ikke står i brevet "
                    f"for {år} (kapitlene: {format_liste(chapters)})",
                    subject=f"tillegg nr. {m.nr} ny post {step.key} kapittel",
                )


def _first_place(repo: Repo, år: int, t: Doc[Tillegg], key: str) -> str:
    for d in repo.poster_for(år):
        if d.model.nøkkel == key:
            return f"i brevet for {år}"
    for other in repo.tillegg_for(år):
        if any(n.nøkkel == key for n in other.model.nye_poster):
            return "tidligere i samme tillegg" if other is t else f"ny post i {_nr(other)}"
    return "fra før"


@rule("TB708", "negativ-tildeling")
def negative(repo: Repo, report: Report) -> None:
    """Gjeldende tildeling på en post blir ikke negativ etter en endring i et tillegg.

    Hvorfor: en reduksjon som er større enn det som er tildelt, er en skrivefeil i beløpet
    eller fortegnet, eller en endring på feil post.

    Eksempel: 670.01 med tildeling 377 140 000 i brevet og endring -380 000 000.
    """
    for år in _years_with_letter(repo):
        for step in _chain(repo, år):
            if step.i is None or step.after is None or step.after >= 0:
                continue
            t = step.t
            how, places = _history_before(repo, år, step)
            report(
                t.loc("poster", step.i, "endring"),
                f"etter {_nr(t)} er tildelingen på {step.key} {format_kroner(step.after)}: "
                f"{format_kroner(step.before)} ({how}) {_signed(t.model.poster[step.i].endring)}",
                subject=f"tillegg nr. {t.model.nr} {step.key} negativ",
                related=places,
            )


# ---------------------------------------------------------------- oppdragene


def _reused(repo: Repo) -> dict[tuple[int, int], str]:
    """Oppføringene i `nye_oppdrag` som gir et nummer som er gitt før: (id(tillegget),
    indeksen) → hvorfor. Regnet én gang (TB709 melder dem, TB710 hopper over dem)."""
    memo = repo._memo
    if "tillegg_gjenbrukt" in memo:
        return memo["tillegg_gjenbrukt"]
    known = repo.oppdrag_by_id()
    out: dict[tuple[int, int], str] = {}
    first: dict[str, tuple[Doc[Tillegg], int]] = {}
    pulled: dict[str, Doc[Tillegg]] = {}
    for t in _in_order(repo):
        m = t.model
        for j, oid in enumerate(m.nye_oppdrag):
            doc = known.get(oid)
            if oid in first:
                other, k = first[oid]
                where = "tidligere i samme tillegg" if other is t else f"i {_nr(other)} ({format_dato(other.model.dato)})"
                out[(id(t), j)] = f"oppdrag {oid} er gitt {where}"
            elif oid in pulled:
                w = pulled[oid]
                out[(id(t), j)] = (
                    f"oppdrag {oid} ble trukket i {_nr(w)} ({format_dato(w.model.dato)}); et trukket "
                    "nummer gis ikke på nytt"
                )
            elif doc is not None and doc.model.år == m.år and doc.model.tillegg is None:
                # en oppdragsfil for året uten `tillegg:` er gitt i brevet (kapittel 3)
                out[(id(t), j)] = (
                    f"oppdragsfila har ikke `tillegg: {m.nr}`, så oppdraget er gitt i brevet for {m.år} "
                    f"(kapittel 3); er fila oppdraget tillegget gir, skriv `tillegg: {m.nr}` i den"
                )
            else:
                first[oid] = (t, j)
                continue
            first.setdefault(oid, (t, j))
        for w in m.trukket:
            pulled.setdefault(w.oppdrag, t)
    memo["tillegg_gjenbrukt"] = out
    return out


def _next_free(repo: Repo, år: int) -> str:
    from ..scaffold import next_oppdrag_nr

    return repo.oppdragsnummer().lag(år, next_oppdrag_nr(repo, år))


@rule("TB709", "oppdragsnummer-gjenbrukt")
def reused_number(repo: Repo, report: Report) -> None:
    """Et oppdragsnummer gis bare én gang: ikke både i brevet og i et tillegg, ikke i to
    tillegg (eller to ganger i samme), og ikke på nytt etter at oppdraget er trukket.

    Hva den sjekker: hvert nummer i `nye_oppdrag` mot oppdragene brevet gir (oppdragsfiler for
    året uten `tillegg:`), mot `nye_oppdrag` i tidligere tillegg og mot oppdragene som er
    trukket (`trukket`) i tidligere tillegg.

    Hvorfor: nummeret er det departementet og virksomheten viser til i rapporter, bindinger
    og oppfølging. Et nummer som gis på nytt, gjør at to oppdrag deler frister og leveranser.

    Eksempel: tillegg nr. 3 gir 2024-17 som nytt når tillegg nr. 2 alt har gitt det, eller
    2024-05, som står i kapittel 3 i brevet.
    """
    reused = _reused(repo)
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        m = t.model
        for j, oid in enumerate(m.nye_oppdrag):
            why = reused.get((id(t), j))
            if why is None:
                continue
            doc = repo.oppdrag_by_id().get(oid)
            report(
                t.loc("nye_oppdrag", j),
                f"{_nr(t)} gir oppdrag {oid} som nytt, men {why}; et nummer gis bare én gang (neste "
                f"ledige er {_next_free(repo, m.år)})",
                subject=f"tillegg nr. {m.nr} nytt oppdrag {oid} gjenbrukt",
                related=(doc.loc("id"),) if doc is not None else (),
            )


@rule("TB710", "nye-oppdrag")
def new_assignments(repo: Repo, report: Report) -> None:
    """`nye_oppdrag` i et tillegg og `tillegg: N` i oppdragsfilene stemmer begge veier, og et
    oppdrag gitt i et tillegg er fra tilleggets år.

    Hva den sjekker: hvert nummer i `nye_oppdrag` har en oppdragsfil med `tillegg:` lik
    tilleggets nummer og året i nummeret lik tilleggets år; hver oppdragsfil med `tillegg: N`
    står i `nye_oppdrag` i tillegg nr. N til brevet for året i nummeret, og det tillegget
    finnes.

    Hvorfor: oppdraget står i tillegget (og i gjeldende tildeling fra tilleggets dato) ut fra
    oppdragsfila, og tillegget gjengis ut fra lista. Spriker de, er oppdraget med det ene
    stedet og borte det andre.

    Eksempel: `nye_oppdrag: [2024-17]` i tillegg nr. 2 når `oppdrag/2024-17.yaml` har
    `tillegg: 3`; en oppdragsfil med `tillegg: 4` når det ikke finnes noe tillegg nr. 4.
    """
    known = repo.oppdrag_by_id()
    unreadable = repo.unreadable_stems("oppdrag")
    reused = _reused(repo)
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        m = t.model
        for j, oid in enumerate(m.nye_oppdrag):
            if (id(t), j) in reused or oid in unreadable:
                continue
            doc = known.get(oid)
            if doc is None:
                report(
                    t.loc("nye_oppdrag", j),
                    f"{_nr(t)} gir oppdrag {oid}, men oppdrag/{oid}.yaml finnes ikke; lag fila med "
                    f"`tillegg: {m.nr}` (tb ny oppdrag --år {m.år} --mål N --tittel …)",
                    subject=f"tillegg nr. {m.nr} nytt oppdrag {oid} mangler",
                )
            elif doc.model.år != m.år:
                report(
                    t.loc("nye_oppdrag", j),
                    f"{_nr(t)} til brevet for {m.år} gir oppdrag {oid}, som er fra {doc.model.år}; et "
                    f"oppdrag gitt i tillegget har nummer {m.år}-NN",
                    subject=f"tillegg nr. {m.nr} nytt oppdrag {oid} år",
                    related=(doc.loc("id"),),
                )
            elif doc.model.tillegg != m.nr:
                report(
                    t.loc("nye_oppdrag", j),
                    f"{_nr(t)} gir oppdrag {oid}, men oppdragsfila sier `tillegg: {doc.model.tillegg}`",
                    subject=f"tillegg nr. {m.nr} nytt oppdrag {oid}",
                    related=(doc.loc("tillegg"),),
                )
    unreadable_tillegg = {
        år: repo.unreadable_stems("brev", str(år), "tillegg") for år in {d.model.år for d in repo.oppdrag}
    }
    for d in sorted(repo.oppdrag, key=lambda d: d.model.id):
        o = d.model
        if o.tillegg is None:
            continue
        t = next((x for x in repo.tillegg_for(o.år) if x.model.nr == o.tillegg), None)
        if t is None:
            if f"tillegg-{o.tillegg}" in unreadable_tillegg.get(o.år, set()):
                continue
            have = [x.model.nr for x in repo.tillegg_for(o.år)]
            listed = f"tilleggene til brevet for {o.år}: nr. {format_liste(have)}" if have else (
                f"brevet for {o.år} har ingen tillegg"
            )
            report(
                d.loc("tillegg"),
                f"oppdrag {o.id} er gitt i tillegg nr. {o.tillegg} til brevet for {o.år}, men det "
                f"tillegget finnes ikke (brev/{o.år}/tillegg/tillegg-{o.tillegg}.yaml; {listed})",
                subject=f"oppdrag {o.id} tillegg",
                år=o.år,
            )
        elif o.id not in t.model.nye_oppdrag:
            if any(o.id in x.model.nye_oppdrag for x in repo.tillegg_for(o.år)):
                continue  # meldt ved tillegget som lister det (over)
            report(
                d.loc("tillegg"),
                f"oppdrag {o.id} har `tillegg: {o.tillegg}`, men {_nr(t)} har det ikke i `nye_oppdrag`",
                subject=f"oppdrag {o.id} tillegg",
                related=(t.key_loc("nye_oppdrag"),) if t.model.nye_oppdrag else (),
                år=o.år,
            )


@dataclass(frozen=True)
class _Ref:
    """En henvisning til et oppdrag i et tillegg: feltet (`presiseringer`, `trukket`,
    `flyttede_frister`), indeksen og hva den gjør."""

    field: str
    i: int
    oppdrag: str
    tittel: str
    hva: str


def _refs(t: Doc[Tillegg]) -> Iterator[_Ref]:
    m = t.model
    for i, p in enumerate(m.presiseringer):
        yield _Ref("presiseringer", i, p.oppdrag, p.tittel, "presiserer")
    for i, w in enumerate(m.trukket):
        yield _Ref("trukket", i, w.oppdrag, w.tittel, "trekker")
    for i, f in enumerate(m.flyttede_frister):
        yield _Ref("flyttede_frister", i, f.oppdrag, f.tittel, "flytter en frist for")


def _letter_ids(repo: Repo, år: int) -> set[str]:
    """Numrene på oppdragene i brevet for `år` (kapittel 3), regnet én gang per år."""
    memo = repo._memo.setdefault("tillegg_brevoppdrag", {})
    if år not in memo:
        memo[år] = {ib.model.id for ib in snapshot.oppdrag_i_brev(repo, år)}
    return memo[år]


def _not_current(repo: Repo, t: Doc[Tillegg], doc: Doc[Oppdrag]) -> str | None:
    """Hvorfor oppdraget ikke er med i gjeldende tildeling da tillegget `t` ble skrevet
    (None: det er med): i brevet for året eller gitt i et tidligere tillegg, ikke trukket i et
    tidligere tillegg, og ikke levert eller avsluttet før tilleggets dato."""
    m, o = t.model, doc.model
    if o.år == m.år and o.tillegg is not None:
        if o.tillegg == m.nr:
            return "det gis i dette tillegget (skriv fristene og teksten i oppdragsfila)"
        if o.tillegg > m.nr:
            return f"det gis først i tillegg nr. {o.tillegg}"
    elif o.id not in _letter_ids(repo, m.år):
        _, why = snapshot.plassering(repo, doc, m.år)
        return f"det er ikke med i brevet for {m.år} ({why})"
    for other in _touching(repo, o.id):
        if _order(other) >= _order(t):
            break
        if any(w.oppdrag == o.id for w in other.model.trukket):
            return f"det ble trukket i {_nr(other)} ({format_dato(other.model.dato)})"
    closed = snapshot.lukket(o)
    if closed is not None and closed < m.dato:
        what = "levert" if o.status == "levert" else "avsluttet"
        return f"det ble {what} {format_dato(closed)}, før tillegget ({format_dato(m.dato)})"
    return None


@rule("TB711", "oppdrag-henvisning")
def references(repo: Repo, report: Report) -> None:
    """Hver presisering, trukket oppdrag og flyttet frist i et tillegg viser til et oppdrag som
    finnes og er med i gjeldende tildeling da tillegget ble skrevet.

    Hva den sjekker: oppdraget har en fil i `oppdrag/`, står i brevet for året (gitt i året
    eller gitt tidligere og fortsatt med, se «Brevene over tid») eller er gitt i et tidligere
    tillegg, er ikke trukket i et tidligere tillegg, og var ikke levert eller avsluttet før
    tilleggets dato.

    Hvorfor: et tillegg kan bare endre det virksomheten faktisk har fått i oppdrag. En
    presisering av et oppdrag som er levert, eller et oppdrag som trekkes to ganger, er som
    regel feil nummer.

    Eksempel: tillegg nr. 3 trekker 2024-08, som alt ble trukket i tillegg nr. 2; en
    presisering av 2021-07, som ikke er med i brevet for 2024.
    """
    known = repo.oppdrag_by_id()
    unreadable = repo.unreadable_stems("oppdrag")
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        m = t.model
        if repo.brev_for(m.år) is None:
            continue
        for ref in _refs(t):
            if ref.oppdrag in unreadable:
                continue
            doc = known.get(ref.oppdrag)
            if doc is None:
                report(
                    t.loc(ref.field, ref.i, "oppdrag"),
                    f"{_nr(t)} {ref.hva} oppdrag {ref.oppdrag}, som ikke finnes i data",
                    subject=f"tillegg nr. {m.nr} {ref.field} {ref.oppdrag}",
                )
                continue
            why = _not_current(repo, t, doc)
            if why is not None:
                report(
                    t.loc(ref.field, ref.i, "oppdrag"),
                    f"{_nr(t)} {ref.hva} oppdrag {ref.oppdrag}, men {why}",
                    subject=f"tillegg nr. {m.nr} {ref.field} {ref.oppdrag}",
                    related=(doc.loc("id"),),
                )


@rule("TB712", "sitert-tittel")
def quoted_title(repo: Repo, report: Report) -> None:
    """Tittelen et tillegg siterer for et oppdrag (i en presisering, et trukket oppdrag eller
    en flyttet frist), er oppdragets tittel.

    Hva den sjekker: som TB105 for bindingene: tittelen mot tittelen i oppdragsfila
    (mellomrom og punktum til slutt teller ikke); når tittelen er et annet oppdrags, sier
    meldingen det.

    Hvorfor: når nummer og tittel spriker, vet ingen hvilket oppdrag som er presisert eller
    trukket, og virksomheten kan følge opp feil oppdrag.

    Eksempel: «2024-08 Tertialvis analyse av …» i `trukket`, når 2024-08 er «Dialog mellom
    nasjonale myndigheter og innvandrerorganisasjoner …».
    """
    known = repo.oppdrag_by_id()
    by_title: dict[str, list[str]] = {}
    for o in repo.oppdrag:
        by_title.setdefault(_norm(o.model.tittel), []).append(o.model.id)
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        for ref in _refs(t):
            doc = known.get(ref.oppdrag)
            if doc is None or _norm(doc.model.tittel) == _norm(ref.tittel):
                continue
            others = [i for i in by_title.get(_norm(ref.tittel), []) if i != ref.oppdrag]
            hint = f"; tittelen her er tittelen til oppdrag {others[0]}" if others else ""
            here, there = _differing(one_line(ref.tittel), one_line(doc.model.tittel))
            report(
                t.loc(ref.field, ref.i, "tittel"),
                f"oppdrag {ref.oppdrag} heter «{here}» i {_nr(t)}, men «{there}» i oppdragsfila{hint}",
                subject=f"tillegg nr. {t.model.nr} {ref.field} {ref.oppdrag} tittel",
                related=(doc.loc("tittel"),),
            )


def _deadlines_before(repo: Repo, o: Oppdrag, t: Doc[Tillegg]) -> list[Frist]:
    """Oppdragets frister slik de var da tillegget `t` ble skrevet: fila, presiseringene og de
    flyttede fristene i tilleggene før det (i rekkefølgen de gjelder i, som `snapshot`)."""
    out = list(o.frister)
    for other in _touching(repo, o.id):
        if _order(other) >= _order(t):
            break
        for p in other.model.presiseringer:
            if p.oppdrag == o.id:
                out.extend(p.frister)
        for mv in other.model.flyttede_frister:
            if mv.oppdrag != o.id:
                continue
            for i, f in enumerate(out):
                if (flyttet := snapshot.flytt(f, mv)) is not None:
                    out[i] = flyttet
                    break
    return out


def _describe(frister: list[Frist]) -> str:
    parts = []
    for f in frister:
        when = [format_dato(x) for x in ([f.dato] if f.dato else []) + list(f.datoer or [])]
        if not when:
            continue
        parts.append((f"{one_line(f.del_)}: " if f.del_ else "") + ", ".join(when))
    return "; ".join(parts) or "ingen med dato"


@rule("TB713", "flyttet-frist")
def moved_deadline(repo: Repo, report: Report) -> None:
    """En frist som flyttes i et tillegg, finnes, og flyttes til en senere dato.

    Hva den sjekker: oppdraget har en frist med datoen i `fra` (en `dato`, eller en av
    `datoer`) i delen i `del` (når den er gitt), slik fristene var da tillegget ble skrevet
    (med presiseringer og flyttinger i tidligere tillegg); og `til` er senere enn `fra`.

    Hvorfor: en flytting som ikke treffer noen frist, flytter ingenting: `tb frister` og
    `tb status` viser den gamle fristen som før. En frist flyttet bakover er som regel byttet
    om på `fra` og `til`.

    Eksempel: `fra: 2024-09-01` for 2024-13 del II, som har frist 30.09.2024.
    """
    known = repo.oppdrag_by_id()
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        for i, mv in enumerate(t.model.flyttede_frister):
            sub = f"tillegg nr. {t.model.nr} flyttet frist {mv.oppdrag}"
            if mv.til <= mv.fra:
                report(
                    t.loc("flyttede_frister", i, "til"),
                    f"{_nr(t)} flytter fristen for oppdrag {mv.oppdrag} fra {format_dato(mv.fra)} til "
                    f"{format_dato(mv.til)}, som ikke er senere",
                    subject=f"{sub} bakover",
                )
            doc = known.get(mv.oppdrag)
            if doc is None:
                continue  # TB711
            frister = _deadlines_before(repo, doc.model, t)
            parts = list(dict.fromkeys(f.del_ for f in frister if f.del_ is not None))
            if mv.del_ is not None and mv.del_ not in parts:
                have = format_liste(f"«{one_line(p)}»" for p in parts) if parts else "ingen deler"
                report(
                    t.loc("flyttede_frister", i, "del"),
                    f"{_nr(t)} flytter en frist i del «{one_line(mv.del_)}» av oppdrag {mv.oppdrag}, men "
                    f"oppdraget har {have}",
                    subject=f"{sub} del",
                    related=(doc.key_loc("frister"),) if doc.model.frister else (),
                )
                continue
            scope = [f for f in frister if mv.del_ is None or f.del_ == mv.del_]
            if any(f.dato == mv.fra or (f.datoer and mv.fra in f.datoer) for f in scope):
                continue
            whose = f"del «{one_line(mv.del_)}» av oppdrag {mv.oppdrag}" if mv.del_ else f"oppdrag {mv.oppdrag}"
            report(
                t.loc("flyttede_frister", i, "fra"),
                f"{_nr(t)} flytter fristen {format_dato(mv.fra)} for {whose}, men den fristen finnes "
                f"ikke (fristene da: {_describe(scope)})",
                subject=f"{sub} fra",
                related=(doc.key_loc("frister"),) if doc.model.frister else (),
            )


def _early(f: Frist, when: date) -> tuple[date, tuple] | None:
    """Den første datoen fristen har før `when` (`dato`, en av `datoer`, `fra`, slutten av
    `ut`-året) med stien til den under fristen, eller None."""
    found = [(x, ("dato",)) for x in (f.dato,) if x is not None]
    found += [(x, ("datoer", i)) for i, x in enumerate(f.datoer or [])]
    found += [(x, ("fra",)) for x in (f.fra,) if x is not None]
    if f.ut is not None:
        found.append((date(f.ut, 12, 31), ("ut",)))
    early = sorted((x, path) for x, path in found if x < when)
    return early[0] if early else None


@rule("TB714", "tillegg-frist")
def deadlines(repo: Repo, report: Report) -> None:
    """Fristene i et tillegg er mulige: fristene til et oppdrag gitt i tillegget og de nye
    fristene i en presisering ligger ikke før tilleggets dato, og ellers gjelder det samme som
    for oppdragenes frister (TB303): ikke før året oppdraget ble gitt, ikke mer enn ti år fram,
    en gjentakelse slutter ikke før den begynner.

    Hvorfor: et oppdrag kan ikke ha en frist før det er gitt; en slik frist står som forfalt i
    `tb frister` og `tb status` fra dagen tillegget kommer.

    Eksempel: tillegg nr. 2 (28.06.2024) gir 2024-17 med frist 01.03.2024; en presisering av
    2023-26 med en ny del med frist 01.01.2024.
    """
    by_nr = {(t.model.år, t.model.nr): t for t in repo.tillegg}
    for d in sorted(repo.oppdrag, key=lambda d: d.model.id):
        o = d.model
        t = by_nr.get((o.år, o.tillegg)) if o.tillegg is not None else None
        if t is None:
            continue
        for i, f in enumerate(o.frister):
            early = _early(f, t.model.dato)
            if early:
                report(
                    d.loc("frister", i, *early[1]),
                    f"oppdrag {o.id} er gitt i {_nr(t)} ({format_dato(t.model.dato)}), men fristen "
                    f"{format_dato(early[0])} ligger før det",
                    subject=f"oppdrag {o.id} frist før tillegget",
                    related=(t.loc("dato"),),
                    år=o.år,
                )
    known = repo.oppdrag_by_id()
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        m = t.model
        for i, p in enumerate(m.presiseringer):
            doc = known.get(p.oppdrag)
            given = doc.model.år if doc is not None else (del_opp(p.oppdrag) or (m.år, 0))[0]
            for j, f in enumerate(p.frister):
                where = ("presiseringer", i, "frister", j)
                sub = f"tillegg nr. {m.nr} presisering {p.oppdrag} frist"
                early = _early(f, m.dato)
                if early:
                    report(
                        t.loc(*where, *early[1]),
                        f"{_nr(t)} ({format_dato(m.dato)}) gir oppdrag {p.oppdrag} en ny frist "
                        f"{format_dato(early[0])}, før tillegget",
                        subject=f"{sub} før tillegget",
                    )
                for kind, path, message in implausible_deadline(f, given, f"oppdrag {p.oppdrag}"):
                    if kind == "før" and early:
                        continue  # meldt over
                    report(t.loc(*where, *path), f"{_nr(t)}: {message}", subject=sub)


# ---------------------------------------------------------------- sammendraget


@rule("TB715", "sammendrag")
def summary(repo: Repo, report: Report) -> None:
    """Sammendraget øverst i et tillegg lister nøyaktig postene og oppdragene tillegget endrer.

    Hva den sjekker: `sammendrag.poster` mot postene i `poster` og `nye_poster`, og
    `sammendrag.oppdrag` mot `nye_oppdrag`, `presiseringer`, `trukket` og `flyttede_frister`:
    ingen mangler, ingen står der uten å være endret, og ingen står to ganger.

    Hvorfor: mange leser bare oversikten øverst. En post som er endret uten å stå der, blir
    oversett; en som står der uten å være endret, får leseren til å lete etter en endring som
    ikke finnes.

    Eksempel: sammendraget nevner 671.62, men tillegget endrer også 670.01; eller nevner
    oppdrag 2024-12, som tillegget ikke sier noe om.
    """
    for t in sorted(repo.tillegg, key=lambda d: (d.model.år, d.model.nr)):
        m = t.model
        s = m.sammendrag
        posts: dict[str, tuple] = {}
        for i, e in enumerate(m.poster):
            posts.setdefault(e.nøkkel, ("poster", i))
        for i, n in enumerate(m.nye_poster):
            posts.setdefault(n.nøkkel, ("nye_poster", i))
        oppdrag: dict[str, tuple] = {}
        for j, oid in enumerate(m.nye_oppdrag):
            oppdrag.setdefault(oid, ("nye_oppdrag", j))
        for ref in _refs(t):
            oppdrag.setdefault(ref.oppdrag, (ref.field, ref.i))
        for what, listed, changed, label in (
            ("poster", [_normalise_post(x) for x in s.poster], posts, "post"),
            ("oppdrag", list(s.oppdrag), oppdrag, "oppdrag"),
        ):
            seen: set[str] = set()
            for j, item in enumerate(listed):
                if item in seen:
                    report(
                        t.loc("sammendrag", what, j),
                        f"sammendraget i {_nr(t)} nevner {label} {item} to ganger",
                        subject=f"tillegg nr. {m.nr} sammendrag {label} {item} to ganger",
                    )
                elif item not in changed:
                    report(
                        t.loc("sammendrag", what, j),
                        f"sammendraget i {_nr(t)} nevner {label} {item}, men tillegget endrer "
                        f"{'ikke posten' if label == 'post' else 'ikke oppdraget'}",
                        subject=f"tillegg nr. {m.nr} sammendrag {label} {item} ikke endret",
                    )
                seen.add(item)
            for item, path in changed.items():
                if item in seen:
                    continue
                place = t.loc(*path)
                report(
                    t.loc("sammendrag", what),
                    f"sammendraget i {_nr(t)} mangler {label} {item}, som tillegget endrer "
                    f"(`{path[0]}`, linje {place.line})",
                    subject=f"tillegg nr. {m.nr} sammendrag mangler {label} {item}",
                    related=(place,),
                )


def _normalise_post(text: str) -> str:
    """«671.62» (og «0671.62») som nøkkelen postene har."""
    kap, _, post = text.partition(".")
    try:
        return _key(int(kap), int(post))
    except ValueError:
        return text

