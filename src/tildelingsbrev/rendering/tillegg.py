"""Visningsmodellene for et tillegg til brevet og for gjeldende tildeling.

- `tillegg_view(repo, år, nr)`: tillegg nr. `nr` som eget brev (`mal/tillegg.md.j2`): brevhodet
  (brevets avsender og mottaker med adresse, tilleggets dato og referanse som «Vår ref»), oversikten øverst (sammendraget), grunnlaget og teksten, per post
  tildelingen før, endringen og den nye tildelingen (med linjene, «herav …»), nye poster, nye
  oppdrag (oppdragsfilene med `tillegg: N`), presiseringer med de nye fristene, flyttede frister,
  trukne oppdrag, signaturene og kopimottakerne;
- `gjeldende_view(repo, år, per)`: brevet med tilleggene fram til en dato
  (`mal/gjeldende.md.j2`): budsjettabellene med tildelingen i brevet, endringen i hvert tillegg
  og gjeldende tildeling, og oppdragene per mål med kilden til oppdraget og til hver frist.

Beløpene regnes fra data (`snapshot.gjeldende`): tildelingen før et tillegg er tildelingen i
brevet pluss endringene i tilleggene med lavere nummer, aldri de trykte påstandene (`tidligere`,
`ny`), som `tb check` sammenligner med. Brevet selv gjengis aldri annerledes fordi det finnes
tillegg (`view.letter_view` ser ikke på dem). Markørene i prosaen i et tillegg viser til det
samme som i brevets tekst for året (`model.prose.tillegg_sources`): ingen post-lokale
referanser.

Uten `intern` er begge offentlige: et oppdrag unntatt offentlighet (`snapshot.unntatte`) er
ikke med blant de nye oppdragene, presiseringene, de flyttede fristene, de trukne oppdragene,
i oversikten øverst eller blant oppdragene i gjeldende tildeling, og `utelatt_merknad` sier
hvor mange som er utelatt (`view.unntatt`). Med `intern` er alt med, og et unntatt nytt oppdrag
er merket med hjemmelen.

Begge er på brevets målform (`målform` i brev.yaml): malene får `ord` som brevet
(`view.language`), og det som skrives her (fristene, oversikten, merknadene), slås opp i
`ord.py`.
"""

from __future__ import annotations

from datetime import date

from ..model import Doc, Frist, Oppdrag, Post, Repo, Tillegg, er_inntekt, snapshot, sum_beløp
from ..norsk import format_dato, format_kroner
from .errors import RenderError
from .formatting import format_frist
from .ord import målform_eller_standard, tekst
from .view import _header, _post_name, language, prose_text, skjulte, unntatt

# ---------------------------------------------------------------- felles


def find_tillegg(repo: Repo, år: int, nr: int) -> Doc[Tillegg] | None:
    """Tillegg nr. `nr` til brevet for `år` (det første, om to filer har samme nummer)."""
    return next((t for t in repo.tillegg_for(år) if t.model.nr == nr), None)


def _letter(repo: Repo, år: int):
    doc = repo.brev_for(år)
    if doc is None:
        raise RenderError(f"fant ikke noe brev for {år} i data")
    return doc.model


def _post_names(repo: Repo, år: int, tillegg: list[Doc[Tillegg]]) -> dict[str, str]:
    """Navnet på hver post: betegnelsen med stikkordene, fra brevet eller fra tillegget som
    tildelte den som ny post."""
    names = {d.model.nøkkel: _post_name(d.model) for d in repo.poster_for(år)}
    for t in tillegg:
        for ny in t.model.nye_poster:
            names.setdefault(ny.nøkkel, ", ".join([ny.betegnelse, *ny.stikkord]))
    return names


def _post_label(key: str) -> str:
    """«671.62» → «Kap. 671 post 62»."""
    kap, post = key.split(".")
    return f"Kap. {int(kap)} post {post}"


def _in_letter(repo: Repo, år: int) -> dict[str, Post]:
    return {d.model.nøkkel: d.model for d in repo.poster_for(år)}


def _given_in(repo: Repo, år: int, nr: int) -> list[Doc[Oppdrag]]:
    """Oppdragene gitt i tillegg nr. `nr` (oppdragsfilene med `tillegg: nr` fra året), etter
    nummer."""
    return sorted(
        (d for d in repo.oppdrag if d.model.år == år and d.model.tillegg == nr), key=lambda d: d.model.id
    )


def _goal_titles(repo: Repo, år: int) -> dict[int, str]:
    return {d.model.nr: d.model.tittel for d in repo.mål_for(år)}


# ---------------------------------------------------------------- tillegget som brev


def tillegg_view(repo: Repo, år: int, nr: int, intern: bool = False) -> dict:
    """Alt `mal/tillegg.md.j2` trenger for tillegg nr. `nr` til brevet for `år` (uten `intern`:
    uten oppdrag unntatt offentlighet)."""
    brev = _letter(repo, år)
    doc = find_tillegg(repo, år, nr)
    if doc is None:
        raise RenderError(f"fant ikke tillegg nr. {nr} til brevet for {år} i data")
    t = doc.model
    målform = målform_eller_standard(brev.målform)
    alle = repo.tillegg_for(år)
    names = _post_names(repo, år, alle)
    rapporter = {rid: plass.rapport for rid, plass in snapshot.rapporter(repo, år).items()}
    goals = _goal_titles(repo, år)
    header = _header(brev)
    # brevhodet er brevets, med tilleggets overskrift, saksnummer og dato
    header.update({"tittel": t.tittel, "dato": t.dato, "vår_ref": t.referanse or "", "deres_ref": ""})
    poster, nye_poster = _changes(repo, år, t, names)
    hidden = skjulte(repo, intern)
    given = _given_in(repo, år, nr)
    found = {d.model.id for d in given}
    nye_oppdrag = [_new_assignment(d.model, goals, rapporter, målform) for d in given if d.model.id not in hidden]
    nye_oppdrag += [_missing_assignment(i, målform) for i in t.nye_oppdrag if i not in found and i not in hidden]
    mentioned = (
        found
        | set(t.nye_oppdrag)
        | set(t.sammendrag.oppdrag)
        | {p.oppdrag for p in t.presiseringer}
        | {f.oppdrag for f in t.flyttede_frister}
        | {w.oppdrag for w in t.trukket}
    )
    return {
        **language(målform),
        **unntatt(intern, len(mentioned & hidden), målform),
        "år": år,
        "brev": header,
        "beskrivelse": tekst(
            "tillegg_beskrivelse", målform, nr=t.nr, år=år, avsender=brev.avsender.navn, mottaker=brev.mottaker.navn
        ),
        "hovedbrev": {"tittel": brev.tittel, "dato": brev.dato},
        "tidligere_tillegg": [
            {"nr": d.model.nr, "dato": d.model.dato} for d in alle if d.model.nr < t.nr
        ],
        "tillegg": {
            "nr": t.nr,
            "dato": t.dato,
            "referanse": t.referanse or "",
            "grunnlag": prose_text(t.grunnlag, repo, år),
            "tekst": prose_text(t.tekst, repo, år),
        },
        "oversikt": _summary(repo, t, names, poster, nye_poster, found, målform, hidden),
        "poster": poster,
        "nye_poster": nye_poster,
        "nye_oppdrag": nye_oppdrag,
        "presiseringer": [
            {
                "oppdrag": p.oppdrag,
                "tittel": p.tittel,
                "tekst": prose_text(p.tekst, repo, år),
                "frister": [format_frist(f, rapporter, målform) for f in p.frister],
            }
            for p in t.presiseringer
            if p.oppdrag not in hidden
        ],
        "flyttede_frister": [
            {"oppdrag": f.oppdrag, "tittel": f.tittel, "del": f.del_ or "", "fra": f.fra, "til": f.til}
            for f in t.flyttede_frister
            if f.oppdrag not in hidden
        ],
        "trukket": [
            {"oppdrag": w.oppdrag, "tittel": w.tittel, "begrunnelse": prose_text(w.begrunnelse, repo, år)}
            for w in t.trukket
            if w.oppdrag not in hidden
        ],
        "signatarer": [{"navn": s.navn, "tittel": s.tittel} for s in t.signatarer],
        "kopi": list(t.kopi),
    }


def _changes(repo: Repo, år: int, t: Tillegg, names: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Postendringene og de nye postene i tillegget, hver med tildelingen før, endringen og den
    nye tildelingen regnet fra data: brevet pluss endringene i tilleggene med lavere nummer (og
    det som kom før i samme tillegg), i den rekkefølgen `snapshot.gjeldende` legger dem til."""
    plasser = snapshot.gjeldende(repo, år).poster
    letter = _in_letter(repo, år)
    seen: dict[str, int] = {}

    def before_after(key: str, amount: int) -> tuple[int | None, int | None, bool]:
        """(før, etter, om posten er ny) for den neste endringen fra tillegget på `key`:
        brevet, så endringene fra tilleggene med lavere nummer og de som kom før i samme
        tillegg (`endringer` står i den rekkefølgen tilleggene legges til)."""
        plass = plasser.get(key)
        letter_post = letter.get(key)
        before: int | None = 0 if letter_post is None else letter_post.tildeling
        earlier = False
        mine = seen.get(key, 0)
        seen[key] = mine + 1
        own = 0
        for nr, e in plass.endringer if plass else ():
            if nr > t.nr or (nr == t.nr and own == mine):
                break
            own += nr == t.nr
            earlier = True
            before = None if before is None else before + e
        after = None if before is None else before + amount
        return before, after, letter_post is None and not earlier

    poster = []
    nye = []
    for ny in t.nye_poster:
        before, after, fresh = before_after(ny.nøkkel, ny.tildeling)
        nye.append(
            {
                "nøkkel": ny.nøkkel,
                "post": _post_label(ny.nøkkel),
                "betegnelse": ", ".join([ny.betegnelse, *ny.stikkord]),
                "tekst": prose_text(ny.tekst, repo, år),
                "tidligere": None if fresh else before,
                "ny_post": fresh,
                "endring": ny.tildeling,
                "ny": after,
            }
        )
    for e in t.poster:
        before, after, fresh = before_after(e.nøkkel, e.endring)
        poster.append(
            {
                "nøkkel": e.nøkkel,
                "post": _post_label(e.nøkkel),
                "betegnelse": names.get(e.nøkkel, ""),
                "tekst": prose_text(e.tekst, repo, år),
                "tidligere": None if fresh else before,
                "ny_post": fresh,
                "endring": e.endring,
                "ny": after,
                "linjer": [{"tekst": line.tekst, "beløp": line.beløp} for line in e.linjer],
            }
        )
    return poster, nye


def _new_assignment(o: Oppdrag, goals: dict[int, str], rapporter, målform: str = "bokmål") -> dict:
    return {
        "id": o.id,
        "tittel": o.tittel,
        "mål": o.mål,
        "mål_tittel": goals.get(o.mål, ""),
        "deloppdrag": "; ".join(
            f"Deloppdrag {d.nr}" + (f": {d.tittel}" if d.tittel else "") for d in o.deloppdrag
        ),
        "samarbeid": ", ".join(o.samarbeid),
        "frist": "; ".join(format_frist(f, rapporter, målform) for f in o.frister) if o.frister else "–",
        "merknad": o.merknad or "",
        "mangler": False,
        "unntatt": (
            tekst("unntatt_merke", målform, hjemmel=o.unntatt_offentlighet.hjemmel)
            if o.unntatt_offentlighet is not None
            else ""
        ),
    }


def _missing_assignment(oppdrag_id: str, målform: str = "bokmål") -> dict:
    """Et oppdrag tillegget lister som nytt, men som ingen oppdragsfil med `tillegg: N` har
    (TB7xx i `tb check`): det står i tillegget, merket, og forsvinner ikke i stillhet."""
    return {
        "id": oppdrag_id,
        "tittel": tekst("fant_ikke_oppdragsfila", målform),
        "mål": None,
        "mål_tittel": "",
        "deloppdrag": "",
        "samarbeid": "",
        "frist": "–",
        "merknad": "",
        "mangler": True,
        "unntatt": "",
    }


def _summary(
    repo: Repo,
    t: Tillegg,
    names: dict[str, str],
    poster: list[dict],
    nye_poster: list[dict],
    new_ids: set[str],
    målform: str = "bokmål",
    hidden: set[str] = frozenset(),
) -> dict:
    """Oversikten øverst, slik sammendraget i tillegget lister den: postene med endringen (regnet
    fra postendringene under), og oppdragene med hva tillegget gjør med dem (uten dem i
    `hidden`, unntatt offentlighet)."""
    by_key: dict[str, list[str]] = {}
    for p in nye_poster:
        by_key.setdefault(p["nøkkel"], []).append(f"ny post, {format_kroner(p['endring'])} kroner")
    for p in poster:
        e = p["endring"]
        what = "økes_med" if e > 0 else ("reduseres_med" if e < 0 else "endres_med")
        by_key.setdefault(p["nøkkel"], []).append(tekst(what, målform, beløp=format_kroner(abs(e))))
    rows = []
    for key in t.sammendrag.poster:
        name = names.get(key, "")
        rows.append(
            {
                "post": _post_label(key),
                "betegnelse": name,
                "hva": "; ".join(by_key.get(key, [])),
            }
        )
    ids = repo.oppdrag_by_id()
    pres = {p.oppdrag for p in t.presiseringer}
    moved = {f.oppdrag for f in t.flyttede_frister}
    pulled = {w.oppdrag for w in t.trukket}
    cited = {
        **{f.oppdrag: f.tittel for f in t.flyttede_frister},
        **{p.oppdrag: p.tittel for p in t.presiseringer},
        **{w.oppdrag: w.tittel for w in t.trukket},
    }
    oppdrag = []
    for i in t.sammendrag.oppdrag:
        if i in hidden:
            continue
        what = []
        if i in new_ids or i in t.nye_oppdrag:
            what.append("nytt oppdrag")
        if i in pres:
            what.append("presisert")
        if i in moved:
            what.append("ny frist")
        if i in pulled:
            what.append(tekst("trukket", målform))
        doc = ids.get(i)
        title = cited.get(i) or (doc.model.tittel if doc else "")
        oppdrag.append({"id": i, "tittel": title, "hva": ", ".join(what)})
    return {"poster": rows, "oppdrag": oppdrag}


# ---------------------------------------------------------------- gjeldende tildeling


def gjeldende_view(repo: Repo, år: int, per: date | None = None, intern: bool = False) -> dict:
    """Alt `mal/gjeldende.md.j2` trenger for gjeldende tildeling for `år`: brevet med
    tilleggene datert til og med `per` (None: alle); uten `intern` uten oppdrag unntatt
    offentlighet."""
    brev = _letter(repo, år)
    målform = målform_eller_standard(brev.målform)
    g = snapshot.gjeldende(repo, år, per)
    applied = [t.model for t in g.tillegg]
    later = [t.model for t in repo.tillegg_for(år) if per is not None and t.model.dato > per]
    header = _header(brev)
    # oversikten er ikke et brev: avsender og mottaker, men ingen referanser eller dato
    header.update(
        {
            "tittel": tekst("gjeldende_tittel", målform, år=år, mottaker=brev.mottaker.navn),
            "vår_ref": "",
            "deres_ref": "",
            "dato": None,
        }
    )
    rapporter = {rid: plass.rapport for rid, plass in snapshot.rapporter(repo, år).items()}
    shown, utelatt = snapshot.offentlig(g.oppdrag, intern)
    return {
        **language(målform),
        **unntatt(intern, utelatt, målform),
        "år": år,
        "brev": header,
        "beskrivelse": tekst(
            "gjeldende_beskrivelse", målform, år=år, avsender=brev.avsender.navn, mottaker=brev.mottaker.navn
        ),
        "hovedbrev": {"tittel": brev.tittel, "dato": brev.dato},
        "per": per,
        "tillegg": [
            {"nr": t.nr, "dato": t.dato, "referanse": t.referanse or "", "tittel": t.tittel} for t in applied
        ],
        "senere": [{"nr": t.nr, "dato": t.dato} for t in later],
        "budsjett": _current_budget(repo, år, g, målform),
        "mål": _current_goals(repo, år, shown, rapporter, målform),
    }


def _current_budget(repo: Repo, år: int, g: snapshot.Gjeldende, målform: str = "bokmål") -> list[dict]:
    """Budsjettkapitlene med hver post: tildelingen i brevet, endringen i hvert tillegg som
    endrer noe i kapitlet (én kolonne per tillegg) og gjeldende tildeling, med summene regnet
    fra postene."""
    letter = _in_letter(repo, år)
    names = _post_names(repo, år, list(g.tillegg))
    kap_names = {d.model.kapittel: d.model.navn for d in repo.kapitler if d.model.år == år}
    by_kap: dict[int, list[str]] = {}
    for key in g.poster:
        by_kap.setdefault(int(key.split(".")[0]), []).append(key)
    out = []
    for kap in sorted(set(kap_names) | set(by_kap)):
        keys = sorted(by_kap.get(kap, []), key=lambda k: int(k.split(".")[1]))
        columns = sorted({nr for k in keys for nr, _ in g.poster[k].endringer})
        rows = []
        for key in keys:
            plass = g.poster[key]
            new = key not in letter
            changes = []
            for col in columns:
                amounts = [e for nr, e in plass.endringer if nr == col]
                changes.append(sum(amounts) if amounts else None)  # None: ikke endret i tillegget
            brevet = None if new else plass.brevet
            current = None if (not new and plass.brevet is None) else plass.gjeldende
            rows.append(
                {
                    "post": key.split(".")[1],
                    "betegnelse": names.get(key, ""),
                    "ny_post": new,
                    "brevet": brevet,
                    "endringer": changes,
                    "gjeldende": current,
                }
            )
        in_letter = [r for r in rows if not r["ny_post"]]
        out.append(
            {
                "nr": kap,
                "navn": kap_names[kap] if kap in kap_names else tekst("kapittel_finnes_ikke", målform, kapittel=kap, år=år),
                "kolonner": columns,
                "inntekt": er_inntekt(kap),
                "poster": rows,
                "sum": {
                    "brevet": sum_beløp(r["brevet"] for r in in_letter),
                    "endringer": [
                        sum(r["endringer"][i] or 0 for r in rows) for i in range(len(columns))
                    ],
                    "gjeldende": sum_beløp(r["gjeldende"] for r in rows),
                },
            }
        )
    return out


def _current_goals(
    repo: Repo, år: int, oppdrag: list[snapshot.GjeldendeOppdrag], rapporter, målform: str = "bokmål"
) -> list[dict]:
    """Målene med oppdragene i gjeldende tildeling: gitt i året (i brevet eller et tillegg) og
    gitt tidligere, hvert med kilden; et trukket oppdrag står med, merket. Et oppdrag under et
    mål brevet ikke har, får et eget mål sist (ingenting forsvinner i stillhet). `oppdrag` er
    oppdragene i gjeldende tildeling som er med i utgaven (`snapshot.offentlig`)."""
    goals = _goal_titles(repo, år)
    by_goal: dict[int, list[snapshot.GjeldendeOppdrag]] = {}
    for go in oppdrag:
        by_goal.setdefault(go.mål, []).append(go)
    out = []
    for nr in [*goals, *sorted(set(by_goal) - set(goals))]:
        mine = by_goal.get(nr, [])
        out.append(
            {
                "nr": nr,
                "tittel": goals[nr] if nr in goals else tekst("mål_finnes_ikke", målform, mål=nr, år=år),
                "nye": [
                    _current_row(go, rapporter, målform)
                    for go in sorted((go for go in mine if go.model.år == år), key=lambda go: go.model.id)
                ],
                "tidligere": [_current_row(go, rapporter, målform) for go in mine if go.model.år < år],
            }
        )
    return out


def _current_row(go: snapshot.GjeldendeOppdrag, rapporter, målform: str = "bokmål") -> dict:
    """Ett oppdrag i gjeldende tildeling: fristene med kilden der den ikke er brevet, og hvor
    oppdraget kom fra eller at det er trukket."""
    o = go.model
    notes = []
    if go.kilde != "brevet":
        notes.append(f"gitt i {go.kilde}")
    for src in sorted({src for _, src in go.frister if src.startswith(("presisert", "flyttet"))}):
        notes.append(f"frist {_source(src, målform)}" if src.startswith("flyttet") else src)
    if go.trukket is not None:
        notes.append(tekst("trukket_i", målform, nr=go.trukket[1], dato=format_dato(go.trukket[0])))
    deloppdrag = "; ".join(f"Deloppdrag {d.nr}" + (f": {d.tittel}" if d.tittel else "") for d in o.deloppdrag)
    return {
        "id": o.id,
        "tittel": o.tittel,
        "deloppdrag": deloppdrag,
        "frist": "; ".join(_sourced_frist(f, src, rapporter, målform) for f, src in go.frister) if go.frister else "–",
        "merknad": "; ".join(notes),
        "trukket": go.trukket is not None,
        "kilde": go.kilde,
    }


def _source(src: str, målform: str) -> str:
    """Kilden til en frist (fra `snapshot.gjeldende`, på bokmål) på `målform`: «flyttet i
    tillegg nr. 2» → «flytta i tillegg nr. 2»; «presisert i tillegg nr. 2» er lik på begge."""
    if src.startswith("flyttet i "):
        return tekst("flyttet_i", målform, tillegg=src.removeprefix("flyttet i "))
    return src


def _sourced_frist(f: Frist, src: str, rapporter, målform: str = "bokmål") -> str:
    """Én frist i gjeldende tildeling: som i brevet, og med kilden når den kom fra et tillegg
    («01.10.2024 (presisert i tillegg nr. 2)», «31.10.2024 (flyttet fra 30.09.2024 i tillegg
    nr. 2)»)."""
    if src.startswith("flyttet") and f.flyttet_fra:
        old = f.flyttet_fra[-1]
        text = format_frist(f.model_copy(update={"flyttet_fra": f.flyttet_fra[:-1]}), rapporter, målform)
        where = src.removeprefix("flyttet i ")
        return f"{text} {tekst('flyttet_fra_i', målform, dato=format_dato(old), tillegg=where)}"
    if src.startswith("presisert"):
        return f"{format_frist(f, rapporter, målform)} ({src})"
    return format_frist(f, rapporter, målform)


__all__ = ["find_tillegg", "gjeldende_view", "tillegg_view"]
