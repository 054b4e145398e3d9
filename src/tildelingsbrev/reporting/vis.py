"""`tb vis`: alt om ett oppdrag som data (`oppdrag_view`), som JSON og som linjer med stil.

Visningen leser modellen (`Repo`) og funnene fra en hel sjekk (`pipeline.CheckResult`);
fristene utvides av `deadlines`, som for `tb frister`. Hvilke brev oppdraget er med i, og
hvorfor, målet og fristene i hvert brev og leveransene kommer fra `model.snapshot`, som
gjengivelsen bruker: `tb vis` og brevet sier det samme.

Et oppdrag unntatt offentlighet har hjemmelen i `unntatt_offentlighet` (øverst i teksten); uten
`intern` er titlene til slike oppdrag ikke med blant stedene et annet oppdrag er nevnt (`tb vis`
nekter å vise et unntatt oppdrag uten `--intern`).

Tilleggene: hva hvert tillegg har gjort med oppdraget (`tillegg`: gitt, presisert, frist
flyttet, trukket), med tilleggets nummer, dato og sted, og fristene slik gjeldende tildeling
har dem, med kilden («presisert i tillegg nr. 2») og «trukket 15.10.2024 (tillegg nr. 3)»."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..findings import Severity
from ..norsk import format_dato
from ..pipeline import CheckResult
from ..text import one_line, safe_line
from .check import RELATED_LABEL, display_path, dumps, funn_data, sted


def _mentions_id(repo, text: str, oppdrag_id: str) -> bool:
    return any(m.oppdrag == oppdrag_id for m in repo.oppdragsnummer().nevnt(text))


def oppdrag_view(
    result: CheckResult, oppdrag_id: str, cwd: Path | None = None, intern: bool = True
) -> dict | None:
    """Alt om ett oppdrag som data: tittel, mål, FoU-merking, status, fristene utvidet,
    budsjettbindinger som viser til det, hvor brevet nevner det, og funnene som gjelder det
    (subjektet nevner nummeret, eller funnet står i oppdragets fil).

    Et nummer uten en oppdragsfil som kan leses (2024-17 er bundet på 601.21, 2022-19 nevnt i
    671.45), gir det brevet sier om nummeret, med `tittel` None. None når nummeret ikke finnes
    noe sted.

    Uten `intern` er titlene til oppdrag unntatt offentlighet ikke med blant stedene nummeret er
    nevnt (et unntatt oppdrag selv vises bare med `intern`; det avgjør kommandoen)."""
    repo = result.repo
    if repo is None:
        return None
    doc = repo.oppdrag_by_id().get(oppdrag_id)
    title = doc.model.tittel if doc is not None else None
    bindinger = _bindings_of(repo, oppdrag_id, title, cwd)
    nevnt = _mentions_of(repo, oppdrag_id, cwd, intern)
    file = doc.file if doc is not None else _unreadable_file(repo, oppdrag_id)
    funn = [
        funn_data(f, cwd)
        for f in result.findings
        if (file is not None and f.location.file == file) or _mentions_id(repo, f.subject, oppdrag_id)
    ]
    common = {
        "fil": display_path(file, cwd) if file is not None else None,
        "bindinger": bindinger,
        "nevnt": nevnt,
        "funn": funn,
    }
    if doc is None:
        if not (bindinger or nevnt or funn):
            return None
        return {
            "id": oppdrag_id,
            "tittel": None,
            "ansvarlig": None,
            "unntatt_offentlighet": None,
            "mål": None,
            "fou": None,
            "status": None,
            "levert": None,
            "avsluttet": None,
            "referanse": None,
            "brev": [],
            "brevene": [],
            "tillegg": [],
            "trukket": None,
            "frister": [],
            "leveranser": [],
            **common,
        }
    from ..model import snapshot

    o = doc.model
    brevene = [_i_brevet(repo, y, ib, why) for y, ib, why in snapshot.brev_med(repo, doc)]
    years = [b["år"] for b in brevene if b["med"]]
    goal_year = max(years) if years else o.år
    goal_nr = snapshot.mål_i(o, goal_year)
    pulled = snapshot.trukket(repo, o.id)
    return {
        "id": o.id,
        "tittel": o.tittel,
        "ansvarlig": o.ansvarlig,
        "unntatt_offentlighet": o.unntatt_offentlighet.hjemmel if o.unntatt_offentlighet is not None else None,
        "mål": {"nr": goal_nr, "tittel": _goal_title(repo, goal_year, goal_nr), "år": goal_year},
        "fou": o.fou,
        "status": o.status,
        "levert": _iso(o.levert),
        "avsluttet": _iso(o.avsluttet),
        "referanse": o.referanse,
        "brev": years,
        "brevene": brevene,
        "tillegg": _tillegg(repo, o, cwd),
        "trukket": _trukket(repo, pulled),
        "frister": _frister(repo, doc),
        "leveranser": [
            {"del": lev.del_, "frist": _iso(lev.frist), "dato": lev.dato.isoformat(), "ref": lev.ref}
            for lev in sorted(o.leveranser, key=lambda lev: lev.dato)
        ],
        **common,
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _goal_title(repo, år: int, nr: int) -> str | None:
    return next((d.model.tittel for d in repo.mål_for(år) if d.model.nr == nr), None)


def _i_brevet(repo, år: int, ib, why: str) -> dict:
    """Oppdraget i brevet for `år` (`snapshot.brev_med`): om det er med og hvorfor, og når det
    er med, målet og fristene slik brevet trykker dem (samme tekst som fristkolonnen)."""
    from ..model import snapshot
    from ..rendering.formatting import format_frist

    if ib is None:
        return {"år": år, "med": False, "grunn": why, "mål": None, "frister": []}
    rapporter = {rid: plass.rapport for rid, plass in snapshot.rapporter(repo, år).items()}
    return {
        "år": år,
        "med": True,
        "grunn": why,
        "mål": {"nr": ib.mål, "tittel": _goal_title(repo, år, ib.mål)},
        "frister": [format_frist(f, rapporter, repo.målform(år)) for f in ib.frister],
    }


def _tillegg(repo, o, cwd: Path | None) -> list[dict]:
    """Hva tilleggene har gjort med oppdraget, i tilleggenes rekkefølge (dato, brev, nummer):
    `hva` er «gitt» (oppdraget er gitt i tillegget, `tillegg: N` i fila), «presisert» (med de
    nye fristene slik fristkolonnen skriver dem), «flyttet» (en frist, med `del`, `fra` og
    `til`) eller «trukket» (med begrunnelsen); hver med tilleggets år, nummer, dato og stedet
    i tillegget. `navn` er «tillegg nr. 2», eller «tillegg nr. 2 til brevet for 2024» når
    tillegget hører til et eldre brev enn det nyeste (som `tb frister`)."""
    from ..deadlines import tillegg_navn
    from ..model import snapshot
    from ..rendering.formatting import format_frist

    years = repo.years()
    newest = years[-1] if years else None
    out = []
    for t in sorted(repo.tillegg, key=lambda d: (d.model.dato, d.model.år, d.model.nr)):
        m = t.model
        head = {"år": m.år, "nr": m.nr, "navn": tillegg_navn(m.år, m.nr, newest), "dato": m.dato.isoformat()}
        if o.tillegg is not None and (m.år, m.nr) == (o.år, o.tillegg):
            ids = list(m.nye_oppdrag)
            where = t.loc("nye_oppdrag", ids.index(o.id)) if o.id in ids else t.loc("nr")
            out.append({"hva": "gitt", **head, **sted(where, cwd)})
        rapporter = None
        for i, p in enumerate(m.presiseringer):
            if p.oppdrag == o.id:
                if rapporter is None:
                    rapporter = {rid: pl.rapport for rid, pl in snapshot.rapporter(repo, m.år).items()}
                frister = [format_frist(f, rapporter, repo.målform(m.år)) for f in p.frister]
                out.append({"hva": "presisert", **head, "frister": frister, **sted(t.loc("presiseringer", i), cwd)})
        for i, f in enumerate(m.flyttede_frister):
            if f.oppdrag == o.id:
                out.append(
                    {
                        "hva": "flyttet",
                        **head,
                        "del": f.del_,
                        "fra": f.fra.isoformat(),
                        "til": f.til.isoformat(),
                        **sted(t.loc("flyttede_frister", i), cwd),
                    }
                )
        for i, w in enumerate(m.trukket):
            if w.oppdrag == o.id:
                out.append(
                    {"hva": "trukket", **head, "begrunnelse": one_line(w.begrunnelse) or None, **sted(t.loc("trukket", i), cwd)}
                )
    # «gitt» først: oppdraget finnes før noe kan presiseres, flyttes eller trekkes i det
    out.sort(key=lambda e: e["hva"] != "gitt")
    return out


def _trukket(repo, pulled) -> dict | None:
    """Tilbaketrekkingen (`snapshot.trukket`) som data: brevåret, nummeret, navnet og datoen."""
    from ..deadlines import tillegg_navn

    if pulled is None:
        return None
    years = repo.years()
    dato, nr, år = pulled
    return {"år": år, "nr": nr, "navn": tillegg_navn(år, nr, years[-1] if years else None), "dato": dato.isoformat()}


def tillegg_tekst(e: dict) -> str:
    """Én hendelse fra `_tillegg` som tekst: «gitt i tillegg nr. 2 (28.06.2024)», «presisert i
    tillegg nr. 2 (28.06.2024): Statusrapport: underveisrapport 01.10.2024», «frist flyttet i
    tillegg nr. 2 (28.06.2024): Del II 30.09.2024 → 31.10.2024», «trukket i tillegg nr. 3
    (15.10.2024)»."""
    when = f"{e['navn']} ({_dato(e['dato'])})"
    if e["hva"] == "gitt":
        return f"gitt i {when}"
    if e["hva"] == "presisert":
        return f"presisert i {when}" + (f": {'; '.join(e['frister'])}" if e["frister"] else "")
    if e["hva"] == "flyttet":
        part = f"{e['del']} " if e["del"] else ""
        return f"frist flyttet i {when}: {part}{_dato(e['fra'])} → {_dato(e['til'])}"
    text = f"trukket i {when}"
    return text + (f": {e['begrunnelse']}" if e.get("begrunnelse") else "")


def _frister(repo, doc) -> list[dict]:
    """Fristene utvidet til datoer, som i `tb frister`, hver med leveransen (`levert`,
    `levert_ref`): den første i `leveranser` som dekker fristen, ellers hele oppdraget når det
    er levert eller avsluttet (`deadlines.expand`)."""
    from ..deadlines import expand
    from . import frister as agenda

    rows = []
    for dl in expand(repo):
        if dl.oppdrag == doc.model.id:
            row = agenda.row(dl, dl.dato or date.min, repo.virksomhet())
            for k in ("dager", "oppdrag", "tittel", "mål", "virksomhet", "ansvarlig", "unntatt_offentlighet"):
                row.pop(k)
            rows.append(row)
    return rows


def _unreadable_file(repo, oppdrag_id: str) -> Path | None:
    """Oppdragsfila når den finnes, men ikke kunne leses (funnene står på den)."""
    from ..model.nummer import filnavn

    return next(
        (p for p in sorted(repo.unreadable) if p.stem == filnavn(oppdrag_id) and "oppdrag" in p.parts),
        None,
    )


def _bindings_of(repo, oppdrag_id: str, title: str | None, cwd: Path | None) -> list[dict]:
    out = []
    for pd in repo.poster:
        for gi, g in enumerate(pd.model.bindinger):
            for li, b in enumerate(g.linjer):
                if b.oppdrag == oppdrag_id:
                    loc = pd.loc("bindinger", gi, "linjer", li)
                    out.append(
                        {
                            "år": pd.model.år,
                            "post": pd.model.nøkkel,
                            "gruppe": g.id,
                            "overskrift": g.overskrift,
                            "tittel": b.tittel,
                            "samme_tittel": title is not None and b.tittel == title,
                            "beløp": b.beløp,
                            **sted(loc, cwd),
                        }
                    )
    out.sort(key=lambda b: (b["år"], b["post"], b["fil"], b["linje"]))
    return out


def _mentions_of(repo, oppdrag_id: str, cwd: Path | None, intern: bool = True) -> list[dict]:
    from ..model.prose import plain

    hidden = set() if intern else {f"oppdrag {i}" for i, d in repo.oppdrag_by_id().items() if d.model.unntatt}
    out = []
    for src in repo.prose_sources():
        if src.subject == f"oppdrag {oppdrag_id}" or src.subject in hidden:
            continue
        lines = src.text.splitlines()
        for m in repo.oppdragsnummer().nevnt(src.text):
            if m.oppdrag != oppdrag_id:
                continue
            out.append(
                {
                    "år": src.år,
                    "kilde": src.subject,
                    "utdrag": _excerpt(plain(lines[m.line]) if m.line < len(lines) else "", oppdrag_id),
                    **sted(src.locate(m.line, m.column), cwd),
                }
            )
    return out


def _excerpt(line: str, needle: str, width: int = 100) -> str:
    """Et utdrag av linja rundt `needle`, høyst `width` tegn."""
    line = one_line(line)
    if len(line) <= width:
        return line
    at = max(line.find(needle), 0)
    start = max(0, min(at - width // 2, len(line) - width))
    out = line[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(line) else "")


def oppdrag_json(view: dict) -> str:
    return dumps(view)


def oppdrag_text(view: dict) -> list[tuple[str, str]]:
    """`tb vis` som linjer med stil («head», «error», «warning», «dim», «ok», «»). All tekst
    fra data (titler, filnavn, meldinger, utdrag) står på én linje med kontrolltegn som
    escape-sekvenser (`safe_line`), så en tittel ikke kan styre terminalen eller lage en falsk
    CI-merknad."""
    from ..norsk import format_kroner

    v = _safe_view(view)
    goal = v["mål"]
    if v["tittel"] is None:
        # et nummer uten oppdragsfil: det brevet sier om det
        out: list[tuple[str, str]] = [(f"{v['id']} (ingen oppdragsfil)", "head"), ("", "")]
        if v["fil"]:
            out.append((f"{'Fil:':<14}{v['fil']} kan ikke leses (se funnene)", "error"))
        else:
            out.append(
                (f"{'Fil:':<14}ingen; nummeret er bare nevnt eller bundet i brevet, ikke gitt i kapittel 3", "warning")
            )
    else:
        out = [(f"{v['id']} {v['tittel']}", "head"), ("", "")]
        goal_text = (
            f"{goal['nr']} {goal['tittel']}" if goal["tittel"] else f"{goal['nr']} (finnes ikke for {goal['år']})"
        )
        if len(v["brevene"]) > 1:
            goal_text += f" (i brevet for {goal['år']})"
        status = _status_text(v)
        brev = ", ".join(map(str, v["brev"])) or "ingen"
        given = next((e for e in v["tillegg"] if e["hva"] == "gitt"), None)
        if not v["brev"] and given is not None:
            brev += f"; gitt i {given['navn']} ({_dato(given['dato'])})"
        if v["unntatt_offentlighet"]:
            out.append((f"{'Unntatt:':<14}offentlighet, {v['unntatt_offentlighet']}", "warning"))
        for label, value in (
            ("Mål", goal_text),
            ("FoU", v["fou"] or "nei"),
            ("Ansvarlig", v["ansvarlig"]),
            ("Status", status),
            ("I brevet for", brev),
            ("Fil", v["fil"]),
        ):
            if label == "Ansvarlig" and value is None:
                continue  # feltet er valgfritt; uten det er linja borte
            out.append((f"{label + ':':<14}{value}", ""))

    if v["tittel"] is not None:
        out += [("", ""), ("Brevene", "head")]
        for b in v["brevene"]:
            if not b["med"]:
                out.append((f"  ikke med i brevet for {b['år']}: {b['grunn']}", "dim"))
                continue
            out.append((f"  med i brevet for {b['år']}: {b['grunn']}", ""))
            m = b["mål"]
            title = m["tittel"] if m["tittel"] else f"(finnes ikke for {b['år']})"
            out.append((f"    mål {m['nr']} {title}", ""))
            label = "frister" if len(b["frister"]) > 1 else "frist"
            out.append((f"    {label}: {'; '.join(b['frister']) or '–'}", ""))
        if not v["brevene"]:
            note = f"ingen; det finnes ikke noe brev for {v['mål']['år']} eller senere i data"
            out.append((f"  {note}", "warning"))
        if v["tillegg"]:
            out += [("", ""), ("Tillegg", "head")]
            for e in v["tillegg"]:
                out.append((f"  {tillegg_tekst(e)} ({e['fil']}:{e['linje']})", "dim" if e["hva"] == "trukket" else ""))

    out += [("", ""), ("Frister", "head")]
    for r in v["frister"]:
        when = (
            f"{_dato(r['dato'])}  {r['ukedag']:<7}"
            if r["dato"]
            else f"{'løpende' if r['løpende'] else (r['uten_dato'] or r['gjentas'] or 'uten dato'):<19}"
        )
        extra = [
            x
            for x in (
                r["del"],
                r["type"] if r["type"] != "levering" else None,
                r["gjentas"] if r["dato"] else None,
                f"«{r['trykt']}»" if r["trykt"] else None,
                r["merknad"],
            )
            if x
        ]
        if r["flyttet_fra"]:
            moved = "flyttet fra " + ", ".join(_dato(d) for d in r["flyttet_fra"])
            if r["kilde"].startswith("flyttet i "):
                moved += " " + r["kilde"][len("flyttet ") :]
            extra.append(moved)
        if r["kilde"].startswith("presisert i "):
            extra.append(r["kilde"])
        if r["fridag"]:
            extra.append(f"⚑ {r['fridag']}")
        done = _frist_levert_text(v, r)
        if done:
            extra.append(done)
        style = "warning" if r["fridag"] else ("dim" if r["trukket"] and done and done.startswith("trukket") else ("ok" if done else ""))
        out.append((f"  {when}  {', '.join(extra)}".rstrip(), style))
    if not v["frister"]:
        out.append(("  ingen", "dim"))

    if v["tittel"] is not None:
        out += [("", ""), ("Leveranser", "head")]
        for lev in v["leveranser"]:
            frist = f"frist {_dato(lev['frist'])}" if lev["frist"] else None
            what = ", ".join(x for x in (lev["del"], frist) if x)
            out.append((f"  {what}: {_levert_text(lev['dato'], lev['ref'])}", ""))
        if not v["leveranser"]:
            out.append(("  ingen", "dim"))

    out += [("", ""), ("Budsjettbindinger", "head")]
    for b in v["bindinger"]:
        note = "" if b["samme_tittel"] else f" – tittel her: «{b['tittel']}»"
        out.append(
            (
                f"  {b['post']} {b['overskrift']}: {format_kroner(b['beløp'])} kr{note} ({b['fil']}:{b['linje']})",
                "",
            )
        )
    if not v["bindinger"]:
        out.append(("  ingen", "dim"))

    out += [("", ""), ("Nevnt i brevet", "head")]
    for n in v["nevnt"]:
        out.append((f"  {n['fil']}:{n['linje']}:{n['kolonne']} ({n['kilde']}): {n['utdrag']}", ""))
    if not v["nevnt"]:
        out.append(("  ingen steder", "dim"))

    out += [("", ""), ("Funn", "head")]
    for f in v["funn"]:
        where = f"{f['fil']}:{f['linje']}:{f['kolonne']}"
        text = f"  {where}: {f['alvorlighet']} {f['kode']} {f['navn']}: {f['melding']}"
        if "begrunnelse" in f:
            out.append((text + " [kjent i grunnlinjen]", "dim"))
        else:
            out.append((text, "error" if f["alvorlighet"] == Severity.ERROR.value else "warning"))
        for r in f.get("se_også", ()):
            out.append((f"    {RELATED_LABEL}: {r['fil']}:{r['linje']}:{r['kolonne']}", "dim"))
    if not v["funn"]:
        out.append(("  ingen", "ok"))
    return out


def _status_text(v: dict) -> str:
    """«åpen», «levert 30.06.2025 (25/311-4)», «avsluttet 01.02.2025», «levert (datoen
    mangler)» eller «trukket i tillegg nr. 3 (15.10.2024)»."""
    when = v["levert"] if v["status"] == "levert" else v["avsluttet"] if v["status"] == "avsluttet" else None
    pulled = v.get("trukket")
    if pulled is not None and (when is None or pulled["dato"] < when):
        return f"trukket i {pulled['navn']} ({_dato(pulled['dato'])})"
    if v["status"] == "åpen":
        return "åpen"
    text = f"{v['status']} {_dato(when)}" if when else f"{v['status']} (datoen mangler)"
    return text + (f" ({v['referanse']})" if v["referanse"] else "")


def _frist_levert_text(v: dict, r: dict) -> str | None:
    """Leveransen til én frist som tekst: «levert 28.06.2024 (24/5012-3)», «avsluttet
    01.02.2025» når det er hele oppdraget som er avsluttet, «trukket 15.10.2024 (tillegg nr. 3)»
    når oppdraget ble trukket før fristen var levert, eller None (ikke levert)."""
    if r["trukket"] is not None and (r["levert"] is None or r["levert"] > r["trukket"]):
        return f"trukket {_dato(r['trukket'])}" + (f" ({r['trukket_i']})" if r["trukket_i"] else "")
    if r["levert"] is None:
        # et lukket oppdrag uten dato (TB113): hver frist er lukket, men datoen mangler
        return None if v["status"] == "åpen" else f"{v['status']} (datoen mangler)"
    by_leveranse = any(lev["dato"] == r["levert"] and lev["ref"] == r["levert_ref"] for lev in v["leveranser"])
    if v["status"] == "avsluttet" and not by_leveranse:
        return f"avsluttet {_dato(r['levert'])}" + (f" ({r['levert_ref']})" if r["levert_ref"] else "")
    return _levert_text(r["levert"], r["levert_ref"])


def _levert_text(iso: str, ref: str | None) -> str:
    return f"levert {_dato(iso)}" + (f" ({ref})" if ref else "")


def _safe_view(value):
    """En kopi av `oppdrag_view` med hver tekst gjort trygg for én terminallinje."""
    if isinstance(value, str):
        return safe_line(value)
    if isinstance(value, dict):
        return {k: _safe_view(x) for k, x in value.items()}
    if isinstance(value, list | tuple):
        return [_safe_view(x) for x in value]
    return value


def _dato(iso: str) -> str:
    return format_dato(date.fromisoformat(iso))
