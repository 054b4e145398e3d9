"""TB1xx, referanser og tekst: unike numre, at alt som vises til, finnes, og at prosaen er
skrevet slik at den kan sjekkes og gjengis (markørene, ingen rå HTML, dokumenthenvisningene).

Beløpene i teksten (TB207) og datoene i teksten (TB302) sjekkes i sine familier med
`Repo.marker_values`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from ..findings import Location, Severity
from ..model import Repo, nummer, prose, snapshot
from ..norsk import format_dato, format_liste
from ..rule import Report, rule
from ..text import clip, one_line


def _norm(title: str) -> str:
    return one_line(title).rstrip(" .").casefold()


@rule("TB101", "unik-id")
def unique_ids(repo: Repo, report: Report) -> None:
    """Hvert nummer finnes bare én gang.

    Hva den sjekker: oppdragsnumre; mål- og styringsparameternumre i hvert brev; kapitler og
    poster i hvert års budsjett; rapporter og frister i brev.yaml; fullmaktene i
    fullmakter.yaml; ett brev per år.

    Hvorfor: to oppdrag med samme nummer gjør at frister, bindinger og henvisninger peker på
    feil oppdrag.

    Funnet står ved det andre stedet og viser også til det første.

    Eksempel: to filer med `id: 2024-05`.
    """

    def dupes(items, key, what, loc_path):
        seen: dict = {}
        for doc in items:
            k = key(doc.model)
            if k in seen:
                first = seen[k]
                label = k if not isinstance(k, tuple) else ".".join(str(x) for x in k)
                there = first.loc(*loc_path)
                report(
                    doc.loc(*loc_path),
                    f"{what} {label} finnes allerede i {first.file.name} (linje {there.line})",
                    subject=f"{what} {label}",
                    related=(there,),
                )
            else:
                seen[k] = doc

    dupes(repo.oppdrag, lambda m: m.id, "oppdrag", ("id",))
    for år in {d.model.år for d in repo.mål}:
        dupes([d for d in repo.mål if d.model.år == år], lambda m: m.nr, f"mål i {år}", ("nr",))
    dupes(repo.styringsparametere, lambda m: (m.år, m.nr), "styringsparameter", ("nr",))
    dupes(repo.poster, lambda m: (m.år, m.kapittel, m.post), "post", ("post",))
    dupes(repo.kapitler, lambda m: (m.år, m.kapittel), "kapittel", ("kapittel",))
    dupes(repo.brev, lambda m: m.år, "brev", ("år",))
    for b in repo.brev:
        for field_name in ("rapportering", "frister"):
            seen: set[str] = set()
            for i, item in enumerate(getattr(b.model, field_name)):
                if item.id in seen:
                    report(
                        b.loc(field_name, i, "id"),
                        f"«{item.id}» står to ganger i {field_name}",
                        f"{field_name} {item.id}",
                    )
                seen.add(item.id)
    for d in repo.fullmakter:
        ids: set[str] = set()
        for i, f in enumerate(d.model.fullmakter):
            if f.id in ids:
                report(d.loc("fullmakter", i, "id"), f"«{f.id}» står to ganger i fullmakter", f"fullmakter {f.id}")
            ids.add(f.id)


@rule("TB102", "oppdrag-mål")
def oppdrag_goal(repo: Repo, report: Report) -> None:
    """Hvert oppdrag i et brev hører til et mål som finnes i det brevet.

    Hva den sjekker: for hvert brev i data og hvert oppdrag brevet lister (nye og gitt
    tidligere, se `model/snapshot.py`), at målet oppdraget står under i det brevet finnes i
    `mål/ÅR/`. Målet er `mål`, eller verdien i `mål_i_brev` for det nyeste året som ikke er
    etter brevet; funnet står ved nøkkelen i `mål_i_brev` når målet kom derfra, og gjelder det
    brevet (`år`). Et år i `mål_i_brev` som ikke har noe brev i data, eller som ligger før året
    oppdraget ble gitt, er en advarsel her: numrene kan ikke sjekkes mot noe brev (et brev som
    ennå ikke er lagt inn, eller et skrevet feil år).

    Hvorfor: oppdraget listes under målet sitt i kapittel 3; et mål som ikke finnes, gjør at
    oppdraget forsvinner fra brevet. Målene nummereres om fra år til år, så et oppdrag som står
    i flere brev, sjekkes mot målene i hvert av dem.

    Eksempel: `mål: 7` i et brev med mål 1–6; `mål_i_brev: {2025: 4}` når brevet for 2025 har
    mål 1–3.
    """
    years = repo.years()
    for år in years:
        goals = {d.model.nr for d in repo.mål_for(år)}
        if repo.unreadable_stems("mål", str(år)):
            continue  # et mål som ikke kunne leses, har sitt eget funn
        for ib in snapshot.oppdrag_i_brev(repo, år):
            if ib.mål in goals:
                continue
            d, o = ib.doc, ib.model
            mapped = [y for y in o.mål_i_brev if y <= år]
            if mapped:
                key = max(mapped)
                where, source = d.loc("mål_i_brev", key), f" (fra mål_i_brev {key})"
            else:
                where, source = d.loc("mål"), ""
            report(
                where,
                f"oppdrag {o.id} står under mål {ib.mål}{source} i brevet for {år}, men brevet for {år} "
                f"har mål {format_liste(sorted(goals))}",
                subject=f"oppdrag {o.id}",
                år=år,
            )
    for d in repo.oppdrag:
        o = d.model
        for key in o.mål_i_brev:
            if key < o.år:
                why = f"oppdraget ble gitt i {o.år}, så det står ikke i brevet for {key}"
            elif key not in years:
                why = f"data har ikke noe brev for {key}" + (
                    f" (brev for {format_liste(years)})" if years else ""
                )
            else:
                continue
            report(
                d.key_loc("mål_i_brev", key),
                f"oppdrag {o.id}: mål_i_brev sier mål {o.mål_i_brev[key]} i brevet for {key}, men {why}; "
                "målet kan ikke sjekkes",
                subject=f"oppdrag {o.id} mål_i_brev {key}",
                severity=Severity.WARNING,
            )


@rule("TB103", "styringsparameter-mål")
def sp_goal(repo: Repo, report: Report) -> None:
    """Hver styringsparameter hører til et mål som finnes i brevet for samme år.

    Eksempel: `mål: 9` i sp-16.yaml når brevet har mål 1–6.
    """
    for d in repo.styringsparametere:
        goals = {g.model.nr for g in repo.mål_for(d.model.år)}
        if d.model.mål not in goals and not repo.unreadable_stems("mål", str(d.model.år)):
            report(
                d.loc("mål"),
                f"SP {d.model.nr} viser til mål {d.model.mål}, som ikke finnes i {d.model.år}",
                subject=f"SP {d.model.nr}",
            )


@rule("TB104", "binding-oppdrag")
def binding_oppdrag(repo: Repo, report: Report) -> None:
    """En budsjettbinding viser til et oppdrag som står i brevets kapittel 3.

    Hvorfor: penger bundet til et oppdrag som ikke er gitt (eller som brevet ikke lenger
    lister), er penger uten oppdrag.

    Når oppdraget finnes, men ikke står i brevet (det er levert, eller gitt et annet år),
    viser funnet også til oppdragsfila.

    Eksempel: en binding på 601.21 til 2024-17 når kapittel 3 bare har 2024-01 til 2024-16.
    """
    known = repo.oppdrag_by_id()
    unreadable = repo.unreadable_stems("oppdrag")
    listed_by_year: dict[int, set[str]] = {}
    for d in repo.poster:
        år = d.model.år
        if år not in listed_by_year:
            listed_by_year[år] = {o.model.id for o in repo.oppdrag_i_brev(år)}
        listed = listed_by_year[år]
        for gi, g in enumerate(d.model.bindinger):
            for li, b in enumerate(g.linjer):
                if b.oppdrag in listed or b.oppdrag in unreadable:
                    continue
                target = known.get(b.oppdrag)
                why = (
                    "ikke finnes i data"
                    if target is None
                    else f"ikke står i kapittel 3 i brevet for {d.model.år}"
                )
                report(
                    d.loc("bindinger", gi, "linjer", li, "oppdrag"),
                    f"bindingen på {d.model.nøkkel} viser til oppdrag {b.oppdrag}, som {why}",
                    subject=f"{d.model.nøkkel} binding {b.oppdrag}",
                    related=(target.loc("id"),) if target is not None else (),
                )


@rule("TB105", "binding-tittel")
def binding_title(repo: Repo, report: Report) -> None:
    """En budsjettbinding gir oppdraget samme tittel som kapittel 3.

    Hva den sjekker: tittelen ved bindingen mot tittelen i oppdragsfila (mellomrom og
    punktum til slutt teller ikke). Når tittelen passer et annet oppdrag, sier meldingen det.

    Hvorfor: når nummer og tittel spriker, vet ingen hvilket oppdrag pengene er til.

    Funnet står ved bindingen og viser også til tittelen i oppdragsfila: det er ikke gitt
    hvilken av de to som er endret.

    Eksempel: binding «2024-05 Veiledning om og evaluering av modell for foreldreveiledning …»
    mens 2024-05 i kapittel 3 er «Opprette informasjonsside i samfunnskunnskap …».
    """
    known = repo.oppdrag_by_id()
    by_title = defaultdict(list)
    for o in repo.oppdrag:
        by_title[_norm(o.model.tittel)].append(o.model.id)
    for d in repo.poster:
        for gi, g in enumerate(d.model.bindinger):
            for li, b in enumerate(g.linjer):
                o = known.get(b.oppdrag)
                if o is None or _norm(o.model.tittel) == _norm(b.tittel):
                    continue
                others = [i for i in by_title.get(_norm(b.tittel), []) if i != b.oppdrag]
                hint = f"; tittelen her er tittelen til oppdrag {others[0]}" if others else ""
                here, there = _differing(one_line(b.tittel), one_line(o.model.tittel))
                report(
                    d.loc("bindinger", gi, "linjer", li, "tittel"),
                    f"oppdrag {b.oppdrag} heter «{here}» i bindingen på {d.model.nøkkel}, "
                    f"men «{there}» i kapittel 3{hint}",
                    subject=f"{d.model.nøkkel} binding {b.oppdrag}",
                    related=(o.loc("tittel"),),
                )


@rule("TB106", "oppdrag-i-tekst")
def oppdrag_mentions(repo: Repo, report: Report) -> None:
    """Oppdragsnumre nevnt i tekst og titler finnes i data.

    Hva den sjekker: «jf. oppdrag 2022-09», «ref. oppdrag 2022-27» og lignende i prosaen til
    kapitlene, målene og budsjettpostene og i oppdragstitlene. Et nummer kjennes på mønsteret
    i innstillinger.yaml (standard `ÅÅÅÅ-NN`; for eksempel «TB2026-14» med
    `oppdragsnummer: "TB{år}-{nr}"`); et nummer skrevet på en annen måte er TB114.

    Hvorfor: en henvisning til et oppdrag som ikke finnes, sender leseren i blinde.

    Eksempel: «jf. oppdrag nr. 2023-14 og 2022-19» når 2022-19 ikke står i brevet.
    """
    if repo.innstillinger_uleselige():
        return  # mønsteret er ukjent til innstillinger.yaml er rettet (den har sitt eget funn)
    known = repo.oppdrag_by_id()
    pattern = repo.oppdragsnummer()
    for src in repo.prose_sources():
        for m in pattern.nevnt(src.text):
            if m.oppdrag not in known:
                report(
                    src.locate(m.line, m.column),
                    f"teksten viser til oppdrag {m.oppdrag}, som ikke finnes i data",
                    subject=f"{src.subject} nevner {m.oppdrag}",
                )


@rule("TB114", "oppdragsnummer-skrivemåte", Severity.WARNING)
def oppdrag_near_misses(repo: Repo, report: Report) -> None:
    """Et oppdragsnummer i teksten er skrevet slik mønsteret skriver det.

    Hva den sjekker: numre i prosaen og i oppdragstitlene som ligner et oppdragsnummer, men er
    skrevet på en annen måte enn mønsteret i innstillinger.yaml (standard `ÅÅÅÅ-NN`): med
    mellomrom («TB 2026-14», «TB2026 -14»), med små bokstaver («tb2026-14»), med tankestrek i
    stedet for bindestrek («2024–05») eller med et annet antall sifre («2024-5»). Meldingen
    sier hvilket nummer som trolig er ment, og om det finnes. Et nummer uten bokstavene i
    mønsteret (og ethvert nummer med standardmønsteret) regnes bare med når «oppdrag» står
    rett foran det: «i 2024 – 3 av dem» er ikke et oppdragsnummer.

    Hvorfor: et nummer som ikke er skrevet etter mønsteret, kjennes ikke igjen: TB106 kan ikke
    sjekke at oppdraget finnes, og `tb vis` finner ikke stedet.

    Eksempel: «jf. oppdrag TB 2026-14» når numrene er «TB{år}-{nr}».
    """
    if repo.innstillinger_uleselige():
        return
    known = repo.oppdrag_by_id()
    pattern = repo.oppdragsnummer()
    for src in repo.prose_sources():
        for n in pattern.nesten(src.text):
            status = "" if n.ment in known else f" (og {n.ment} finnes ikke i data)"
            report(
                src.locate(n.line, n.column),
                f"«{one_line(n.tekst)}» ser ut som oppdrag {n.ment} skrevet på en annen måte; skriv "
                f"«{n.ment}» ({pattern.beskrivelse}){status}",
                subject=f"{src.subject} «{one_line(n.tekst)}»",
            )


@rule("TB115", "unntatt-oppdrag-i-offentlig-tekst", Severity.WARNING)
def exempt_in_public_text(repo: Repo, report: Report) -> None:
    """Offentlig tekst viser ikke til et oppdrag som er unntatt offentlighet.

    Hva den sjekker: for hvert oppdrag med `unntatt_offentlighet` (hjemmelen i offentleglova),
    at nummeret ikke står i teksten som trykkes i det offentlige brevet: prosaen (kapitlene,
    målene, budsjettkapitlene og -postene), fristene i brevets tekst, de andre (offentlige)
    oppdragenes titler, trykte fristkolonner og deloppdrag, budsjettbindingene (de trykker
    nummeret og tittelen) og tilleggene (teksten, presiseringene, de trukne oppdragene og de
    flyttede fristene). Titlene til andre unntatte oppdrag er ikke offentlige og sjekkes ikke.
    Nummeret kjennes på mønsteret i innstillinger.yaml, som i TB106.

    Hvorfor: det offentlige brevet utelater oppdraget, men en henvisning eller en binding i
    offentlig tekst viser nummeret og ofte tittelen likevel, og da er unntaket uten virkning.

    Eksempel: «jf. oppdrag 2030-02» i kapittel 3, eller en binding på post 100.21 til
    2030-02, når 2030-02 har `unntatt_offentlighet: {hjemmel: "offl. § 15 første ledd"}`.
    """
    exempt = snapshot.unntatte(repo)
    if not exempt:
        return

    def why(oid: str) -> str:
        return f"oppdrag {oid}, som er unntatt offentlighet ({exempt[oid].model.unntatt_offentlighet.hjemmel})"

    def related(oid: str) -> tuple[Location, ...]:
        return (exempt[oid].loc("unntatt_offentlighet", "hjemmel"),)

    if not repo.innstillinger_uleselige():  # ellers er mønsteret ukjent (fila har sitt eget funn)
        pattern = repo.oppdragsnummer()
        hidden = {f"oppdrag {i}" for i in exempt}
        texts = [(src.subject, src.text, src.locate) for src in repo.prose_sources() if src.subject not in hidden]
        for b in repo.brev:
            for i, f in enumerate(b.model.frister):
                texts.append((f"fristen «{f.id}» i brevet for {b.model.år}", f.tekst, _in(b, ("frister", i, "tekst"))))
        for d in repo.oppdrag:
            o = d.model
            if o.id in exempt:
                continue
            if o.frist_trykt:
                texts.append((f"fristkolonnen til oppdrag {o.id}", o.frist_trykt, _in(d, ("frist_trykt",))))
            for i, x in enumerate(o.deloppdrag):
                if x.tittel:
                    texts.append((f"deloppdrag {x.nr} i oppdrag {o.id}", x.tittel, _in(d, ("deloppdrag", i, "tittel"))))
        for subject, text, locate in texts:
            for m in pattern.nevnt(text):
                if m.oppdrag in exempt:
                    report(
                        locate(m.line, m.column),
                        f"{subject} viser til {why(m.oppdrag)}; nummeret står da i det offentlige brevet",
                        subject=f"{subject} nevner unntatt {m.oppdrag}",
                        related=related(m.oppdrag),
                    )
    for d in repo.poster:
        p = d.model
        for gi, g in enumerate(p.bindinger):
            for li, line in enumerate(g.linjer):
                if line.oppdrag in exempt:
                    report(
                        d.loc("bindinger", gi, "linjer", li, "oppdrag"),
                        f"bindingen på {p.nøkkel} gjelder {why(line.oppdrag)}; bindingen trykker nummeret og "
                        "tittelen i det offentlige brevet",
                        subject=f"{p.nøkkel} binding unntatt {line.oppdrag}",
                        related=related(line.oppdrag),
                    )
    for t in repo.tillegg:
        m = t.model
        for key, what in (
            ("presiseringer", "presiserer"),
            ("trukket", "trekker"),
            ("flyttede_frister", "flytter en frist i"),
        ):
            for i, x in enumerate(getattr(m, key)):
                if x.oppdrag in exempt:
                    report(
                        t.loc(key, i, "oppdrag"),
                        f"tillegg nr. {m.nr} til brevet for {m.år} {what} {why(x.oppdrag)}; nummeret og tittelen "
                        "står da i det offentlige tillegget",
                        subject=f"tillegg nr. {m.nr} {key} unntatt {x.oppdrag}",
                        related=related(x.oppdrag),
                    )


def _in(doc, path: tuple):
    return lambda line, col: doc.text_loc(path, line, col)


def letters_of(repo: Repo, d) -> list[int]:
    """Årene til brevene oppdraget er med i (`snapshot.brev_med`), og året det ble gitt: brevene
    som kan ha trykt fristene dets."""
    years = snapshot.brevene(repo, d)
    return years if d.model.år in years else sorted({*years, d.model.år})


@rule("TB107", "rapport-referanse")
def report_refs(repo: Repo, report: Report) -> None:
    """En frist som følger en rapport («IMDis halvårsrapport 2024»), viser til en rapport i
    rapporteringskalenderen (pkt. 8.1 i brev.yaml) slik et brev oppdraget er med i, kjenner den.

    Hva den sjekker: rapportene slik brevet for hvert år oppdraget er med i (og året det ble
    gitt) kjenner dem: brevets egne og dem fra tidligere brev (`snapshot.rapporter`). En
    rapport som bare står i et senere brev enn alle brevene oppdraget er med i, er ukjent for
    oppdraget.

    Funnet viser også til kalenderne i de brevene (`rapportering` i brev.yaml), der rapporten
    skulle stått.

    Eksempel: `rapport: halvårsrapport-2025` når kalenderen bare har 2023 og 2024.
    """
    for d in repo.oppdrag:
        wanted = [(i, f.rapport) for i, f in enumerate(d.model.frister) if f.rapport is not None]
        if not wanted:
            continue
        years = letters_of(repo, d)
        known = {rid: y for y in years for rid in snapshot.rapporter(repo, y)}
        for i, rid in wanted:
            if rid in known:
                continue
            letters = [y for y in years if repo.brev_for(y) is not None]
            calendars = tuple(
                b.key_loc("rapportering")
                for y in letters
                if (b := repo.brev_for(y)) is not None and b.model.rapportering
            )
            where = f"brevet for {format_liste(letters)}" if letters else "noe brev"
            if len(letters) > 1:
                where = f"brevene for {format_liste(letters)}"
            report(
                d.loc("frister", i, "rapport"),
                f"fristen viser til rapporten «{rid}», som ikke står i rapporteringskalenderen i {where} "
                f"(kjente: {format_liste(sorted(known))})",
                subject=f"oppdrag {d.model.id}",
                related=calendars,
            )


@rule("TB108", "tekstfil")
def prose_files(repo: Repo, report: Report) -> None:
    """Hvert kapittel i brev.yaml viser til en tekstfil som finnes, og hver tekstfil brukes.

    Hvorfor: en tekstfil som ikke er koblet til et kapittel, kommer aldri med i brevet.

    Eksempel: `tekst: tekst/03-mal.md` når fila heter `03-mål.md`.
    """
    used = set()
    for b in repo.brev:
        folder = b.file.parent
        for i, k in enumerate(b.model.kapitler):
            if not k.tekst:
                continue
            path = folder / k.tekst
            used.add(path)
            if path not in repo.prosa and path not in repo.unreadable:
                report(
                    b.loc("kapitler", i, "tekst"),
                    f"kapittel {k.nr} viser til tekstfila {k.tekst}, som ikke finnes",
                    subject=f"kapittel {k.nr}",
                )
    for path in repo.prosa:
        if path not in used:
            report(
                Location(path),
                "tekstfila brukes ikke av noe kapittel i brev.yaml og kommer ikke med i brevet",
                subject=f"tekstfil {path.name}",
                severity=Severity.WARNING,
            )


@rule("TB109", "nummerrekke", Severity.WARNING)
def numbering(repo: Repo, report: Report) -> None:
    """Mål og styringsparametere er nummerert 1, 2, 3 … uten hull, og nye oppdrag i et år
    er nummerert ÅR-01, ÅR-02 … uten hull (løpenummeret i mønsteret fra innstillinger.yaml:
    TB2026-1, TB2026-2 … eller 1/2026, 2/2026 …).

    Hvorfor: et hull i nummerrekka er som regel et oppdrag som er falt ut av brevet, eller et
    nummer som er skrevet feil et sted.

    Eksempel: SP 1–7 og SP 9 (SP 8 mangler).
    """
    sp_by_year: dict[int, list] = defaultdict(list)
    for d in repo.styringsparametere:
        sp_by_year[d.model.år].append(d)
    oppdrag_by_year: dict[int, list] = defaultdict(list)
    for d in repo.oppdrag:
        oppdrag_by_year[d.model.år].append(d)
    unreadable_oppdrag = repo.unreadable_stems("oppdrag")
    for år in repo.years():
        for items, what, get, hidden in (
            (repo.mål_for(år), "mål", lambda m: m.nr, repo.unreadable_stems("mål", str(år))),
            (sp_by_year[år], "SP", lambda m: m.nr, repo.unreadable_stems("styringsparametere", str(år))),
            (
                oppdrag_by_year[år],
                f"oppdrag {år}",
                lambda m: m.nr,
                {parts[1] for s in unreadable_oppdrag if (parts := nummer.del_opp(s)) and parts[0] == år},
            ),
        ):
            numbers = sorted(get(d.model) for d in items)
            numbers = sorted(set(numbers) | _numbers(hidden))
            if not numbers:
                continue
            missing = sorted(set(range(1, numbers[-1] + 1)) - set(numbers))
            if missing:
                report(
                    Location(repo.brev_for(år).file) if repo.brev_for(år) else Location(repo.root),
                    f"{what}: nummer {format_liste(missing)} mangler i rekka 1–{numbers[-1]}",
                    subject=f"{what} nummerrekke",
                )


def _numbers(hidden: set) -> set[int]:
    """Numrene til filene som ikke kunne leses: tallet til slutt i navnet på mål- og
    SP-filene (mål-3, sp-08), løpenummeret for oppdragene (gitt direkte)."""
    out: set[int] = set()
    for s in hidden:
        if isinstance(s, int):
            out.add(s)
        else:
            out.update(int(n) for n in re.findall(r"(\d+)$", s))
    return out


@rule("TB113", "leveranse")
def deliveries(repo: Repo, report: Report) -> None:
    """Leveransene til et oppdrag henger sammen med oppdraget: de viser til en del eller en
    frist oppdraget har, ligger ikke før oppdraget ble gitt, og status og datoer stemmer.

    Hva den sjekker:

    - hver oppføring i `leveranser` viser til en `del` oppdraget har i `frister`, en `frist`
      (dato) en av fristene har, eller begge: en frist med den datoen i den delen. Datoene er
      de fristene har i brevene oppdraget er med i (en frist som følger en rapport, har datoen
      rapporten har i hvert av dem; en gjentakelse har alle forekomstene);
    - leveransedatoen, `levert` og `avsluttet` ligger ikke før oppdraget ble gitt (1. januar i
      året i nummeret);
    - `status: levert` har datoen i `levert`, og `status: avsluttet` har datoen i `avsluttet`;
      `levert` og `avsluttet` står ikke på et oppdrag med en annen status.

    Hvorfor: en leveranse som ikke treffer noen frist, krysser ikke av noe (fristen står som
    forfalt i `tb frister` og `tb status`), og et lukket oppdrag uten dato kan ikke plasseres
    i tid: brevene regner det som åpent. `tb levert` kjører denne regelen på fila før den
    skriver.

    Eksempel: `leveranser: [{del: Del 3, dato: 2025-03-01}]` når fristene har «Del 1» og
    «Del 2»; `status: levert` uten `levert`.
    """
    for d in repo.oppdrag:
        o = d.model
        given = date(o.år, 1, 1)
        sub = f"oppdrag {o.id}"
        for state, value, field_name in (
            ("levert", o.levert, "levert"),
            ("avsluttet", o.avsluttet, "avsluttet"),
        ):
            if o.status == state and value is None:
                report(
                    d.loc("status"),
                    f"oppdrag {o.id} har status: {state}, men ingen dato i `{field_name}`; skriv "
                    f"`{field_name}: ÅÅÅÅ-MM-DD` (uten dato regnes oppdraget som åpent i alle brev)",
                    subject=f"{sub} status",
                )
            if value is not None and o.status != state:
                report(
                    d.key_loc(field_name),
                    f"oppdrag {o.id} har `{field_name}: {value.isoformat()}`, men status: {o.status}; "
                    f"skriv `status: {state}`, eller fjern `{field_name}`",
                    subject=f"{sub} status",
                )
            if value is not None and value < given:
                report(
                    d.loc(field_name),
                    f"oppdrag {o.id}: {field_name} {format_dato(value)} ligger før oppdraget ble gitt "
                    f"({format_dato(given)})",
                    subject=f"{sub} {field_name}",
                )
        if not o.leveranser:
            continue
        views: list[int | None] = [None, *letters_of(repo, d)]
        for i, lev in enumerate(o.leveranser):
            what = _delivery_label(lev)
            if lev.dato < given:
                report(
                    d.loc("leveranser", i, "dato"),
                    f"oppdrag {o.id}: leveransen av {what} er datert {format_dato(lev.dato)}, før "
                    f"oppdraget ble gitt ({format_dato(given)})",
                    subject=f"{sub} leveranse {what}",
                )
            problem = _delivery_target(repo, o, lev, views)
            if problem is not None:
                report(
                    d.loc("leveranser", i, "del" if lev.del_ is not None else "frist"),
                    f"oppdrag {o.id}: leveransen viser til {what}, men {problem}",
                    subject=f"{sub} leveranse {what}",
                )


def _delivery_label(lev) -> str:
    """«del «Del I»», «fristen 15.03.2025» eller «fristen 15.03.2025 i del «Del I»»."""
    if lev.del_ is not None and lev.frist is not None:
        return f"fristen {format_dato(lev.frist)} i del «{one_line(lev.del_)}»"
    if lev.del_ is not None:
        return f"del «{one_line(lev.del_)}»"
    return f"fristen {format_dato(lev.frist)}"


def _deadline_dates(repo: Repo, o, f, views: list[int | None], upto: date | None) -> set[date]:
    """Datoene fristen `f` har sett fra brevene i `views` (None: det nyeste); en gjentakelse
    uten slutt utvidet til `upto`."""
    from ..deadlines import occurrences

    out: set[date] = set()
    open_ended = False
    for y in views:
        fd = snapshot.fristdatoer(repo, o, f, y)
        out.update(fd.datoer)
        open_ended = open_ended or fd.uten_slutt
    if open_ended and f.gjentas is not None and f.fra is not None and upto is not None:
        out.update(dt.date() for dt in occurrences(f.gjentas, f.fra, max(upto, f.fra)))
    return out


def _delivery_target(repo: Repo, o, lev, views: list[int | None]) -> str | None:
    """None når leveransen treffer en frist oppdraget har (`snapshot.dekker`), ellers hva
    oppdraget har (til meldingen)."""
    if not o.frister:
        return "oppdraget har ingen frister"
    dates = {id(f): _deadline_dates(repo, o, f, views, lev.frist) for f in o.frister}
    for f in o.frister:
        if any(snapshot.dekker(lev, f, dt) for dt in sorted(dates[id(f)]) or [None]):
            return None
    parts = list(dict.fromkeys(f.del_ for f in o.frister if f.del_ is not None))
    if lev.del_ is not None and lev.del_ not in parts:
        if not parts:
            return "fristene til oppdraget har ingen deler (`del`); skriv fristen (`frist`) i stedet"
        return f"oppdraget har {'delen' if len(parts) == 1 else 'delene'} " + format_liste(
            f"«{one_line(p)}»" for p in parts
        )
    scope = [f for f in o.frister if lev.del_ is None or f.del_ == lev.del_]
    known = sorted({dt for f in scope for dt in dates[id(f)]})
    whose = f"del «{one_line(lev.del_)}»" if lev.del_ is not None else "oppdraget"
    if not known:
        return f"{whose} har ingen frist med dato (løpende eller uten dato); skriv delen (`del`) i stedet"
    shown = format_liste(format_dato(x) for x in known[:8])
    if len(known) > 8:
        shown = f"{', '.join(format_dato(x) for x in known[:8])} og {len(known) - 8} til"
    return f"{whose} har {'fristen' if len(known) == 1 else 'fristene'} {shown}"


def _differing(a: str, b: str, n: int = 70) -> tuple[str, str]:
    """To titler forkortet slik at forskjellen synes: felles begynnelse byttes med «…»."""
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    start = a.rfind(" ", 0, max(0, common - 15)) + 1 if common > 30 else 0
    prefix = "…" if start else ""
    return prefix + clip(a[start:], n), prefix + clip(b[start:], n)


@rule("TB110", "tekstmarkør")
def marker_syntax(repo: Repo, report: Report) -> None:
    """Markørene i prosaen er gyldige og viser til noe som finnes.

    Hva den sjekker: `{{ REF: TRYKT }}` der REF er `budsjettvedtak`, `dato`, `frist.ID`,
    `KKK.PP.FELT` eller (i en posts tekst) bare `FELT`; og blokkmarkørene `{{ mål }}`,
    `{{ rapportering }}` og `{{ budsjett }}` alene på en linje.

    Hvorfor: en markør som ikke viser til noe, kan verken sjekkes eller gjengis.

    Eksempel: `{{ 671.46.bevilget: 48,9 mill. kroner }}` (post 46 finnes ikke).
    """
    for src, m in repo.markers():
        if isinstance(m, prose.BadMarker):
            report(
                src.locate(m.line, m.column),
                f"ugyldig markør {one_line(m.text)[:80]}; skriv {{{{ REF: trykt tekst }}}} eller en blokkmarkør "
                f"({', '.join(prose.DIRECTIVES)}) alene på en linje",
                subject=f"{src.subject} markør",
            )
        elif isinstance(m, prose.Marker) and repo.lookup(src.år, m.ref, src.post) is None:
            report(
                src.locate(m.line, m.column),
                f"markøren viser til «{m.ref}», som ikke finnes i data for {src.år}",
                subject=f"{src.subject} {m.ref}",
            )


@rule("TB111", "html-i-tekst")
def html_in_prose(repo: Repo, report: Report) -> None:
    """Prosaen inneholder ikke rå HTML.

    Hva den sjekker: kapittelfilene og tekstene til mål, budsjettkapitler og poster for
    HTML-tagger slik Markdown forstår dem (`<script>`, `<img …>`, `<b>`); «< 5 %» og
    `<https://…>` er ikke HTML.

    Hvorfor: HTML-en og PDF-en lages uten rå HTML (den blir synlig tekst), men
    Markdown-utgaven av brevet tar prosaen med som den er. Publiseres den, kan en tagg vise
    noe annet enn brevet eller kjøre et skript i leserens nettleser.

    Eksempel: `<img src=x onerror=alert(1)>` i tekst/10-fullmakter.md.
    """
    parser = None
    for src in repo.prose_sources():
        if not src.markdown or "<" not in src.text:
            continue
        if parser is None:
            from markdown_it import MarkdownIt

            parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        lines = src.text.split("\n")
        for tok in parser.parse(src.text):
            if tok.type == "html_block":
                found = [(tok.map[0] if tok.map else 0, tok.content.strip())]
            elif tok.type == "inline" and tok.children:
                found = [
                    (tok.map[0] if tok.map else 0, c.content) for c in tok.children if c.type == "html_inline"
                ]
            else:
                continue
            for first, tag in found:
                line, col = _find(lines, first, tag.split("\n")[0])
                report(
                    src.locate(line, col),
                    f"rå HTML i teksten («{one_line(tag)[:60]}»): Markdown-utgaven av brevet "
                    "tar den med uendret; skriv teksten uten HTML",
                    subject=f"{src.subject} html",
                )


_DOCUMENT_RE = re.compile(r"\b(Prop|Innst)\.\s*(\d+)\s*S\s*\((\d{4})\s*[-–—]\s*(\d{4})\)")
"""En henvisning til en budsjettproposisjon eller innstilling: «Prop. 1 S (2023–2024)»,
også skrevet «Prop.1 S (2023-2024)» eller «(2023 – 2024)»."""


@rule("TB112", "dokumenthenvisning", Severity.WARNING)
def document_references(repo: Repo, report: Report) -> None:
    """Henvisninger til Stortingets dokumenter er skrevet likt overalt: «Prop. 1 S (2023–2024)»
    og «Innst. 16 S (2023–2024)», med mellomrom etter punktumet og tankestrek uten mellomrom
    mellom årene, slik `proposisjon` og `innstilling` står i brev.yaml.

    Hvorfor: henvisningen skrives for hånd i hvert kapittel i Word og glir fra hverandre; et
    brev som skriver samme dokument på tre måter, ser uferdig ut og er vanskelig å søke i.

    Eksempel: «Det vises til Prop.1 S (2023-2024)» i kapittel 1 og «Prop. 1 S (2023 – 2024)»
    under kap. 672.
    """
    for src in repo.prose_sources():
        if "Prop" not in src.text and "Innst" not in src.text:
            continue
        for i, line in enumerate(src.text.split("\n")):
            for m in _DOCUMENT_RE.finditer(line):
                kind, nr, first, last = m.groups()
                expected = f"{kind}. {nr} S ({first}–{last})"
                if m.group(0) != expected:
                    report(
                        src.locate(i, m.start()),
                        f"«{m.group(0)}» skal skrives «{expected}»",
                        subject=f"{src.subject} «{m.group(0)}»",
                    )


def _find(lines: list[str], first: int, needle: str) -> tuple[int, int]:
    """(linje, kolonne), 0-basert, for `needle` fra linje `first` og utover."""
    for i in range(first, len(lines)):
        col = lines[i].find(needle)
        if col >= 0:
            return i, col
    return first, 0
