"""TB3xx, datoer og frister: vedtak før brev, datoer i teksten som i data, frister som henger
sammen, er skrevet som trykt og ikke faller på en fridag (slik `tb frister` viser dem)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..deadlines import fridager_per_brev
from ..findings import Severity
from ..model import Frist, Repo, snapshot
from ..norsk import UKEDAGER, find_dates, format_dato, parse_date
from ..rule import Report, rule
from .referanser import letters_of


def _printed_dates(d):
    """Datoene i `frist_trykt`, hver med en funksjon som gir stedet den står i fila (regnes
    bare ut når det blir et funn)."""
    for i, line in enumerate((d.model.frist_trykt or "").splitlines()):
        for pd in find_dates(line):
            col = line.find(pd.text)
            yield pd, (lambda i=i, col=col: d.text_loc(("frist_trykt",), i, col))


@rule("TB301", "budsjettvedtak-dato")
def budget_decision_date(repo: Repo, report: Report) -> None:
    """Stortingets budsjettvedtak ligger før budsjettåret og før brevets dato.

    Hvorfor: brevet gir rammene «på bakgrunn av Stortingets budsjettvedtak»; et vedtak etter
    brevet eller inne i budsjettåret er en skrivefeil.

    Eksempel: `budsjettvedtak: 2024-12-15` i brevet for 2024.
    """
    for d in repo.brev:
        b = d.model
        if b.budsjettvedtak is None:  # ikke utfylt i et utkast (TB601)
            continue
        if b.budsjettvedtak >= date(b.år, 1, 1):
            report(
                d.loc("budsjettvedtak"),
                f"budsjettvedtaket ({format_dato(b.budsjettvedtak)}) ligger ikke før budsjettåret {b.år}",
                subject="budsjettvedtak",
            )
        if b.dato is not None and b.budsjettvedtak > b.dato:
            report(
                d.loc("budsjettvedtak"),
                f"budsjettvedtaket ({format_dato(b.budsjettvedtak)}) ligger etter brevets dato "
                f"({format_dato(b.dato)})",
                subject="budsjettvedtak etter brevet",
            )


@rule("TB302", "dato-i-tekst")
def dates_in_prose(repo: Repo, report: Report) -> None:
    """Datoer i prosaen stemmer med data.

    Hva den sjekker: hver markør `{{ budsjettvedtak: 15. desember 2023 }}` eller
    `{{ frist.ID: 31.10.2024 }}` mot datoen i data.

    Hvorfor: samme vedtak eller frist omtales flere steder i brevet; ett av stedene blir
    gjerne stående med gammel dato.

    Eksempel: pkt. 9.1 sier «budsjettvedtak av 15. desember 2024» mens kapittel 1 (og data)
    sier 15. desember 2023.
    """
    for src, m, actual in repo.marker_values(date):
        printed = parse_date(m.printed)
        if printed is None:
            report(
                src.locate(m.line, m.column),
                f"«{m.printed}» er ikke en dato, men «{m.ref}» er en dato ({format_dato(actual)})",
                subject=f"{src.subject} {m.ref}",
            )
        elif printed.value != actual:
            report(
                src.locate(m.line, m.column),
                f"teksten sier {m.printed} for {m.ref}; data sier {format_dato(actual)} "
                f"({(printed.value - actual).days:+d} dager)",
                subject=f"{src.subject} {m.ref}",
            )


@rule("TB303", "frist-plausibel")
def plausible_deadlines(repo: Repo, report: Report) -> None:
    """Fristene til et oppdrag er mulige: ikke før året oppdraget ble gitt, ikke mer enn ti år
    fram, og en flyttet frist er flyttet til en senere dato enn den gamle.

    Eksempel: oppdrag 2024-03 med frist 01.06.2023.
    """
    for d in repo.oppdrag:
        o = d.model
        for i, f in enumerate(o.frister):
            for kind, path, message in implausible_deadline(f, o.år, f"oppdrag {o.id}"):
                subject = f"oppdrag {o.id} flyttet frist" if kind == "flyttet" else f"oppdrag {o.id} frist"
                report(d.loc("frister", i, *path), message, subject=subject)


def implausible_deadline(f: Frist, given: int, who: str) -> Iterator[tuple[str, tuple, str]]:
    """Det som er umulig med fristen `f` til et oppdrag gitt i året `given` (TB303, og TB714
    for fristene i en presisering): (hva, stien under fristen, meldingen). `hva` er «før»,
    «etter», «ut», «til» eller «flyttet»; `who` er «oppdrag 2024-03»."""
    for when in f.known_dates():
        if when.year < given:
            yield "før", (), f"fristen {format_dato(when)} ligger før året {who} ble gitt ({given})"
        elif when.year > given + 10:
            yield "etter", (), f"fristen {format_dato(when)} ligger mer enn ti år etter at {who} ble gitt"
    if f.ut is not None and f.ut < given:
        yield "ut", ("ut",), f"«ut {f.ut}» ligger før året oppdraget ble gitt ({given})"
    if f.fra and f.til and f.til < f.fra:
        yield "til", ("til",), "gjentakelsen slutter før den begynner"
    current = f.dato or f.fra
    history = list(f.flyttet_fra) + ([current] if current else [])
    if any(b <= a for a, b in zip(history, history[1:])):
        yield (
            "flyttet",
            ("flyttet_fra",),
            "fristene i flyttet_fra skal stå eldst først og før den gjeldende fristen: "
            + " → ".join(format_dato(x) for x in history),
        )


@rule("TB304", "frist-mangler", Severity.WARNING)
def missing_deadline(repo: Repo, report: Report) -> None:
    """Et oppdrag har minst én frist (en dato, løpende, ut året, en rapport, en gjentakelse
    eller en frist uten dato som «avtales nærmere», `uten_dato`).

    Hvorfor: et oppdrag uten frist følges ikke opp; `tb frister` har ingenting å vise.

    Eksempel: 2023-27 i brevet for 2024, der fristkolonnen bare nevner deloppdrag 2 og 4.
    """
    for d in repo.oppdrag:
        if not d.model.frister and d.model.status == "åpen":
            report(d.key_loc("id"), f"oppdrag {d.model.id} har ingen frist", subject=f"oppdrag {d.model.id}")


@rule("TB305", "datoformat", Severity.WARNING)
def date_format(repo: Repo, report: Report) -> None:
    """Datoer i den trykte fristkolonnen er skrevet som 31.12.2024.

    Hva den sjekker: `frist_trykt` for tosifrede årstall («29.03.24») og andre former
    («31. 12 2024»).

    Hvorfor: en frist i uvanlig form er lett å lese feil, og viser at teksten er skrevet for
    hånd i stedet for hentet fra data.

    Eksempel: «Frist etablering: 29.03.24».
    """
    for d in repo.oppdrag:
        for pd, where in _printed_dates(d):
            if not pd.standard:
                report(
                    where(),
                    f"oppdrag {d.model.id}: fristen «{pd.text}» er ikke skrevet som {format_dato(pd.value)}",
                    subject=f"oppdrag {d.model.id} «{pd.text}»",
                )


@rule("TB306", "frist-trykt-avvik")
def printed_deadlines_agree(repo: Repo, report: Report) -> None:
    """Hver dato i den trykte fristkolonnen (`frist_trykt`) finnes i fristene i data.

    Hvorfor: den trykte kolonnen og de strukturerte fristene beskriver det samme; spriker de,
    viser `tb frister` noe annet enn brevet.

    Funnet står ved datoen i den trykte kolonnen og viser også til `frister`, og til fristen i
    rapporteringskalenderen (brev.yaml) når en frist følger en rapport.

    En frist som følger en rapport, har datoen rapporten har i brevene oppdraget er med i (og
    brevet for året det ble gitt), slik hvert av dem kjenner rapportene
    (`snapshot.rapporter`): et senere brev som flytter rapporten, endrer ikke hva som var
    riktig å trykke i et tidligere.

    Eksempel: `frist_trykt: 31.12.2024` og `dato: 2024-12-13`.
    """
    for d in repo.oppdrag:
        o = d.model
        if not o.frist_trykt:
            continue
        known = {x for f in o.frister for x in f.known_dates() + list(f.flyttet_fra)}
        places: dict[str, list] = {}
        if any(f.rapport is not None for f in o.frister):
            for y in letters_of(repo, d):
                reports = snapshot.rapporter(repo, y)
                for f in o.frister:
                    plass = reports.get(f.rapport) if f.rapport is not None else None
                    if plass is not None:
                        known.add(plass.rapport.frist)
                        places.setdefault(f.rapport, []).append(plass)
        for pd, where in _printed_dates(d):
            if pd.value not in known:
                report(
                    where(),
                    f"oppdrag {o.id}: «{pd.text}» står i den trykte fristen, men ikke i frister "
                    f"({', '.join(format_dato(x) for x in sorted(known)) or 'ingen datoer'})",
                    subject=f"oppdrag {o.id} «{pd.text}»",
                    related=_deadline_places(d, places),
                )


def _deadline_places(d, places: dict) -> tuple:
    """Stedene fristene til et oppdrag står: `frister` i oppdragsfila, og fristen i
    rapporteringskalenderen (brev.yaml) for hver rapport en frist følger, i brevene oppdraget
    er med i."""
    out = [d.key_loc("frister")] if d.model.frister else []
    for f in d.model.frister:
        for plass in places.get(f.rapport, ()) if f.rapport is not None else ():
            out.append(plass.brev.loc("rapportering", plass.indeks, "frist"))
    return tuple(dict.fromkeys(out))


@rule("TB307", "rapportkalender")
def reporting_calendar(repo: Repo, report: Report) -> None:
    """Hver rapport i rapporteringskalenderen har frist etter telletidspunktet.

    En rapport uten telletidspunkt (et budsjettinnspill, `telletidspunkt` utelatt) har ingen
    dato å sammenligne med og sjekkes ikke.

    Eksempel: halvårsrapport med telletidspunkt 30.06.2024 og frist 18.06.2024.
    """
    for d in repo.brev:
        for i, r in enumerate(d.model.rapportering):
            if r.telletidspunkt is not None and r.frist <= r.telletidspunkt:
                report(
                    d.loc("rapportering", i, "frist"),
                    f"«{r.tittel}»: fristen {format_dato(r.frist)} er ikke etter telletidspunktet "
                    f"{format_dato(r.telletidspunkt)}",
                    subject=f"rapport {r.id}",
                )


@rule("TB308", "overskrift-år", Severity.WARNING)
def earlier_assignments_heading(repo: Repo, report: Report) -> None:
    """Overskriften over tidligere gitte oppdrag under hvert mål nevner brevets år.

    Hva den sjekker: året i «Oppdrag som er gitt tidligere med leveringsfrist i ÅR eller
    senere …» (`tidligere_oppdrag_frist_år` i målfila) mot brevets år.

    Hvorfor: lista under overskriften er oppdrag med frist i brevets år eller senere; en
    overskrift med et annet år beskriver en annen liste. Når `tb render` lager lista, brukes
    brevets år.

    Eksempel: «… leveringsfrist i 2023 eller senere …» under mål 3 i brevet for 2024.
    """
    for d in repo.mål:
        m = d.model
        if m.tidligere_oppdrag_frist_år is not None and m.tidligere_oppdrag_frist_år != m.år:
            report(
                d.loc("tidligere_oppdrag_frist_år"),
                f"mål {m.nr}: overskriften over tidligere gitte oppdrag sier «leveringsfrist i "
                f"{m.tidligere_oppdrag_frist_år} eller senere», brevet gjelder {m.år}",
                subject=f"mål {m.nr} overskrift",
            )


@rule("TB309", "frist-fridag", Severity.WARNING, heavy=True)
def deadline_on_day_off(repo: Repo, report: Report) -> None:
    """En frist faller ikke på en lørdag, søndag eller norsk helligdag.

    Hva den sjekker: hver dato fristene gir – enkeltdatoer, hver forekomst av en gjentakelse,
    rapporteringskalenderen og frister gitt i teksten – mot helligdagene i Norge (pakken
    `holidays`, land NO) og helgene.

    Hvorfor: en frist på en søndag blir i praksis neste virkedag, og det bør brevet si selv.

    Hvert brev sjekkes med fristene slik det har dem (`deadlines.expand(repo, år)`, her
    `deadlines.fridager_per_brev`, som gir de samme uten å utvide oppdragene på nytt: rapportene
    slik brevet kjenner dem, fristene som er igjen for oppdrag gitt tidligere, gjentakelser
    fram til brevets år). En frist som står i flere brev, meldes én gang, for det første brevet
    den står i (`år`): den er en del av oppdraget, og retter man den, rettes den i alle.

    Eksempel: «Halvårsrapportering for 2024 … Innen 18. august 2024» (en søndag).
    """
    seen: set[tuple] = set()
    # brev for brev som `expand(repo, år)`, uten å utvide et oppdrag på nytt for hvert brev
    for år, off in fridager_per_brev(repo):
        here = []
        for dl in off:
            subject = f"{dl.oppdrag or dl.tittel} {format_dato(dl.dato)}"
            key = (subject, dl.location)
            if key in seen:
                continue  # meldt for et tidligere brev
            here.append(key)
            who = f"oppdrag {dl.oppdrag}" if dl.oppdrag else f"«{dl.tittel}»"
            day = dl.fridag if dl.fridag in UKEDAGER else f"{UKEDAGER[dl.dato.weekday()]}, {dl.fridag}"
            report(
                dl.location,
                f"{who}: fristen {format_dato(dl.dato)} faller på en fridag ({day})",
                subject=subject,
                år=år,
            )
        seen.update(here)
