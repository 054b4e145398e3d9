"""Visningsmodellen: alt malene trenger for brevet, regnet ut fra data.

`letter_view(repo, år)` gir én avbildning med en nøkkel per del av brevet, hver laget av sin
egen funksjon:

- `brev`: brevhodet – avsender og mottaker med adresse, referansene, dato, vedtakene,
  kopimottakerne og linja om elektronisk godkjenning (`_header`);
- `kapitler`: kapitlene med prosaen delt ved blokkmarkørene (`_chapters`);
- `mål`: målene med styringsparameterne og oppdragene, nye og tidligere (`_goals`),
  slik brevet har dem etter `model.snapshot`: målet i brevet og, for et oppdrag gitt
  tidligere, bare fristene som er igjen;
- `budsjett`: kapitlene og postene med summer regnet fra linjene (`_budget`, `_post_section`);
  et beløp som ikke er fylt inn i et utkast, er None, og en sum med et tomt beløp i seg er også
  None (malene viser «(ikke utfylt)», aldri 0);
- `rapportering`: rapporteringskalenderen (`_reporting`); en frist som følger en rapport, får
  datoen rapporten har i dette brevet (`snapshot.rapporter`);
- `signatarer`, `vedlegg` og `oversikt` (alle oppdragene i brevet, `_overview`, i
  nummerrekkefølge, hvert med `ansvarlig` når data har den);
- `fullmakter`: vedlegget med budsjettfullmaktene fra budsjett/ÅR/fullmakter.yaml
  (`_authorisations`), eller None når brevet ikke har noen;
- `intern`, `utelatt_merknad` og `intern_overskrift` (`unntatt`): uten `intern` er oppdrag
  unntatt offentlighet (`Oppdrag.unntatt_offentlighet`) ikke med i målene, i vedlegg nr. 1 eller
  i bindingene på postene (summene er de samme, regnet fra data; under bindingene står hvor
  mange linjer som er utelatt), og `utelatt_merknad` sier én gang hvor mange oppdrag som er
  utelatt. Med `intern` er alle med, hvert unntatt oppdrag merket med hjemmelen i vedlegg
  nr. 1, og `intern_overskrift` står øverst;
- `målform`, `språk` (`nb` eller `nn`, for `lang` i HTML) og `ord`: ordene malene skriver, på
  brevets målform (`ord.ordliste`). Det koden her skriver inn i brevet (fristkolonnen, linja om
  elektronisk godkjenning, «(ikke utfylt)» i prosaen), følger også målformen.

Prosaen får markørene byttet ut med verdier fra data (`render_prose`): tekst fra data blir
aldri malkode, den settes inn som verdier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import (
    Belastningsfullmakt,
    Bindingsgruppe,
    Brev,
    Doc,
    Fordeling,
    Fullmakt,
    Oppdrag,
    Post,
    Postreferanse,
    Rapport,
    Repo,
    prose,
    snapshot,
    sum_beløp,
    sum_bindinger,
)
from ..norsk import find_dates
from ..text import one_line
from .errors import RenderError
from .formatting import decimals, format_frister, value_as_printed
from .metadata import LANG
from .ord import målform_eller_standard, ordliste, tekst


@dataclass
class Part:
    """En bit av et kapittel: prosa (Markdown) eller en blokk som malen setter inn."""

    tekst: str = ""
    blokk: str | None = None


def render_prose(
    text: str, repo: Repo, år: int, post: Post | None = None, målform: str | None = None
) -> list[Part]:
    """Prosa med markørene byttet ut med verdier fra data, delt ved blokkmarkørene. En verdi som
    ikke er fylt inn, skrives «(ikke utfylt)» på `målform` (standard: brevets for `år`)."""
    målform = målform or letter_målform(repo, år)
    parts: list[Part] = []
    last = 0
    buf: list[str] = []
    for m in prose.MARKER_RE.finditer(text):
        buf.append(text[last : m.start()])
        last = m.end()
        inner = one_line(m.group(1))
        if ":" in inner:
            ref, printed = (s.strip() for s in inner.split(":", 1))
            value = repo.lookup(år, ref, post)
            buf.append(value_as_printed(value, printed, målform) if value is not None else printed)
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
    """Prosa uten blokker: avsnittene med markørene byttet ut."""
    return "\n\n".join(p.tekst for p in render_prose(text, repo, år, post) if not p.blokk)


def letter_målform(repo: Repo, år: int) -> str:
    """Målformen i brevet for `år` (bokmål når det ikke finnes noe brev for året)."""
    doc = repo.brev_for(år)
    return målform_eller_standard(doc.model.målform if doc is not None else None)


def language(målform: str) -> dict:
    """Det malene trenger for å skrive på `målform`: `målform`, `språk` (`nb` eller `nn`, til
    `lang` i HTML) og `ord` (ordene, `ord.ordliste`)."""
    form = målform_eller_standard(målform)
    return {"målform": form, "språk": LANG[form], "ord": ordliste(form)}


def unntatt(intern: bool, utelatt: int, målform: str) -> dict:
    """Det malene trenger om oppdrag unntatt offentlighet: `intern` (den interne utgaven),
    `utelatt_merknad` («2 oppdrag er unntatt offentlighet (offentleglova) og er ikke med i denne
    utgaven.», tom når ingen er utelatt) og `intern_overskrift` (tom i den offentlige utgaven)."""
    if utelatt == 1:
        merknad = tekst("unntatt_utelatt_ett", målform)
    else:
        merknad = tekst("unntatt_utelatt", målform, n=utelatt) if utelatt else ""
    return {
        "intern": intern,
        "utelatt_merknad": merknad,
        "intern_overskrift": tekst("intern_overskrift", målform) if intern else "",
    }


def skjulte(repo: Repo, intern: bool) -> set[str]:
    """Numrene på oppdragene den offentlige utgaven ikke trykker (`snapshot.unntatte`); tom
    med `intern`."""
    return set() if intern else set(snapshot.unntatte(repo))


def letter_view(repo: Repo, år: int, intern: bool = False) -> dict:
    """Alt malene trenger for brevet for `år`, regnet ut fra data; uten `intern` den offentlige
    utgaven, uten oppdragene unntatt offentlighet."""
    doc = repo.brev_for(år)
    if doc is None:
        raise RenderError(f"fant ikke noe brev for {år} i data")
    brev = doc.model
    målform = målform_eller_standard(brev.målform)
    rapporter = {rid: plass.rapport for rid, plass in snapshot.rapporter(repo, år).items()}
    # oppdragene slik dette brevet har dem: målet og fristene som er igjen (øyeblikksbildet)
    alle = snapshot.oppdrag_i_brev(repo, år)
    i_brev, _ = snapshot.offentlig(alle, intern)
    hidden = skjulte(repo, intern)
    listed = [ib.som_trykt() for ib in i_brev]
    trykt = {ib.model.id for ib in i_brev if _printed_deadlines_apply(repo, år, ib, rapporter)}
    mål = _goals(repo, år, listed, rapporter, trykt, målform)
    budsjett = _budget(repo, år, hidden, målform)
    utelatt = {ib.model.id for ib in alle if ib.model.id in hidden}
    utelatt |= {
        b["oppdrag"] for k in budsjett for a in k["avsnitt"] for g in a["bindinger"] for b in g["utelatt"]
    }
    kapitler = _chapters(repo, år, doc)
    fullmakter = _authorisations(repo, år, brev, målform)
    return {
        **language(målform),
        **unntatt(intern, len(utelatt), målform),
        "år": år,
        "brev": _header(brev),
        "beskrivelse": tekst("beskrivelse", målform, år=år, avsender=brev.avsender.navn, mottaker=brev.mottaker.navn),
        "kapitler": kapitler,
        "mål": mål,
        "rapportering": _reporting(brev),
        "budsjett": budsjett,
        "signatarer": [{"navn": s.navn, "tittel": s.tittel} for s in brev.signatarer],
        "kopi": list(brev.kopi),
        "vedlegg": _appendices(brev, fullmakter),
        "oversikt": _overview(listed, rapporter, trykt, målform, intern),
        "fullmakter": fullmakter,
    }


# ---------------------------------------------------------------- delene av brevet


def _header(brev: Brev) -> dict:
    """Brevhodet: tittel, avsender og mottaker (med kortnavn og postadresse), referansene
    («Deres ref», «Vår ref»), dato, vedtakene brevet viser til, kopimottakerne og linja om
    elektronisk godkjenning (`elektronisk_godkjent: true` i brev.yaml: ordene i
    `ord.ORD["elektronisk_godkjent"]` på brevets målform). Et felt som ikke er fylt inn, er tomt (""
    eller []), og malen utelater det."""
    godkjent = brev.elektronisk_godkjent
    if godkjent is True:
        godkjent = tekst("elektronisk_godkjent", brev.målform)
    return {
        "tittel": brev.tittel,
        "avsender": brev.avsender.navn,
        "avsender_kortnavn": brev.avsender.kortnavn or "",
        "avsender_adresse": list(brev.avsender.adresse),
        "mottaker": brev.mottaker.navn,
        "mottaker_kortnavn": brev.mottaker.kortnavn or "",
        "mottaker_adresse": list(brev.mottaker.adresse),
        "deres_ref": brev.deres_ref or "",
        "vår_ref": brev.vår_ref or "",
        "dato": brev.dato,
        "proposisjon": brev.proposisjon,
        "innstilling": brev.innstilling,
        "budsjettvedtak": brev.budsjettvedtak,
        "kopi": list(brev.kopi),
        "godkjent": godkjent or "",
    }


def _chapters(repo: Repo, år: int, doc: Doc) -> list[dict]:
    """Kapitlene i brevet, med nivået (1, 1.1 …), om nummeret er trykt, og prosaen delt ved
    blokkmarkørene."""
    kapitler = []
    for k in doc.model.kapitler:
        text = ""
        if k.tekst:
            p = repo.prosa.get(doc.file.parent / k.tekst)
            text = p.text if p else ""
        kapitler.append(
            {
                "nr": k.nr,
                "nivå": k.nr.count(".") + 1,
                "nummer_trykt": k.nummer_trykt,
                "nummer": _chapter_number(k.nr, k.nummer_trykt),
                "tittel": k.tittel,
                "deler": [
                    {"tekst": part.tekst, "blokk": part.blokk} for part in render_prose(text, repo, år)
                ],
            }
        )
    return kapitler


def _chapter_number(nr: str, trykt: bool | str) -> str:
    """Kapittelnummeret slik det står foran overskriften: det trykte når data har det
    («9.1.»), ellers `nr` med punktum etter et nummer på øverste nivå («3.», «9.1»); tomt når
    nummeret ikke er trykt (`nummer_trykt: false`)."""
    if isinstance(trykt, str):
        return trykt
    if not trykt:
        return ""
    return nr + "." if "." not in nr else nr


def _goals(
    repo: Repo,
    år: int,
    listed: list[Oppdrag],
    rapporter: dict[str, Rapport],
    trykt: set[str],
    målform: str = "bokmål",
) -> list[dict]:
    """Målene for året, hvert med styringsparameterne og oppdragene under det: nye (gitt i år)
    og tidligere (gitt før, fortsatt i brevet). `listed` er oppdragene slik brevet har dem
    (`IBrev.som_trykt`), så `mål` er målet i dette brevet; `trykt` er oppdragene som vises
    med den trykte fristkolonnen. Et oppdrag med `plass_i_brev` for året står på den plassen
    i lista."""
    sps = sorted((d.model for d in repo.styringsparametere if d.model.år == år), key=lambda s: s.nr)
    mål = []
    for d in repo.mål_for(år):
        m = d.model
        mine = [o for o in listed if o.mål == m.nr]
        mål.append(
            {
                "nr": m.nr,
                "tittel": m.tittel,
                "tekst": prose_text(m.tekst, repo, år),
                "nye_overskrift": m.nye_oppdrag_overskrift or tekst("oppdrag_til_mål", målform, mål=m.nr),
                "styringsparametere": [{"nr": s.nr, "tekst": s.tekst} for s in sps if s.mål == m.nr],
                "nye": [
                    _oppdrag_row(o, rapporter, o.id in trykt, målform)
                    for o in _as_printed([o for o in mine if o.år == år], år)
                ],
                "tidligere": [
                    _oppdrag_row(o, rapporter, o.id in trykt, målform)
                    for o in _as_printed([o for o in mine if o.år < år], år)
                ],
            }
        )
    return mål


def _printed_deadlines_apply(repo: Repo, år: int, ib: snapshot.IBrev, rapporter: dict[str, Rapport]) -> bool:
    """Om brevet viser den trykte fristkolonnen (`frist_trykt`) for oppdraget: den hører til
    det første brevet i data oppdraget står i (et senere brev skriver fristene fra data), brevet
    har oppdragets frister uendret, og hver dato i den trykte kolonnen er en dato i fristene
    (som TB306 sjekker); ellers skrives kolonnen fra `frister`, som er kilden til datoene."""
    o = ib.model
    if not o.frist_trykt or ib.frister != tuple(o.frister) or snapshot.første_brev(repo, ib.doc) != år:
        return False
    known = {d for f in o.frister for d in (*f.known_dates(), *f.flyttet_fra)}
    known |= {rapporter[f.rapport].frist for f in o.frister if f.rapport in rapporter}
    return all(pd.value in known for line in o.frist_trykt.splitlines() for pd in find_dates(line))


def _as_printed(oppdrag: list[Oppdrag], år: int) -> list[Oppdrag]:
    """Lista i den trykte rekkefølgen: oppdragene med `plass_i_brev` for året settes inn på
    plassen sin (1 er først), de andre beholder rekkefølgen de har."""
    placed = sorted((o.plass_i_brev[år], i, o) for i, o in enumerate(oppdrag) if år in o.plass_i_brev)
    if not placed:
        return oppdrag
    out = [o for o in oppdrag if år not in o.plass_i_brev]
    for plass, _, o in placed:
        out.insert(min(plass - 1, len(out)), o)
    return out


_NY_LINJE = re.compile(r"^(?:Del|Deloppdrag|Frist)\b|^[^\s:]+(?: [^\s:]+){0,2}:")
"""En linje i den trykte fristkolonnen som begynner på en ny linje i cellen: en del («Del II:
15.12.2024», «Frist oppfølging:», «Deloppdrag 2») eller en merkelapp med kolon."""


def frist_lines(o: Oppdrag, rapporter: dict[str, Rapport], trykt: bool, målform: str = "bokmål") -> list[str]:
    """Fristkolonnen for et oppdrag, linje for linje: den trykte (`frist_trykt`, når `trykt`)
    med linjene som bare er brutt fordi kolonnen var smal, skjøtet; ellers én linje med
    fristene skrevet fra data på `målform`, skilt med semikolon («–» uten frister)."""
    if trykt and o.frist_trykt:
        lines: list[str] = []
        for raw in o.frist_trykt.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            if lines and not _NY_LINJE.match(line):
                lines[-1] += " " + line
            else:
                lines.append(line)
        return lines
    return [format_frister(o, rapporter, målform)]


def _oppdrag_row(
    o: Oppdrag, rapporter: dict[str, Rapport], trykt: bool = False, målform: str = "bokmål", merk: bool = False
) -> dict:
    """Ett oppdrag som en rad i en oppdragstabell. `frist_linjer` er fristkolonnen linje for
    linje (den trykte når `trykt`), `deloppdrag_linjer` deloppdragene som står under tittelen:
    de med tittel, og de uten når den trykte fristkolonnen ikke nevner dem. Med `merk` har et
    oppdrag unntatt offentlighet merket med hjemmelen i `unntatt` («Unntatt offentlighet, offl.
    § 15 første ledd»; vedlegg nr. 1 i den interne utgaven)."""
    frister = frist_lines(o, rapporter, trykt, målform)
    deloppdrag = "; ".join(f"Deloppdrag {d.nr}" + (f": {d.tittel}" if d.tittel else "") for d in o.deloppdrag)
    in_deadline = " ".join(frister) if trykt else ""
    under_title = [
        f"Deloppdrag {d.nr}" + (f": {d.tittel}" if d.tittel else "")
        for d in o.deloppdrag
        if d.tittel or not re.search(rf"\bDeloppdrag {d.nr}\b", in_deadline)
    ]
    return {
        "id": o.id,
        "tittel": o.tittel,
        "deloppdrag": deloppdrag,
        "deloppdrag_linjer": under_title,
        "frist": " ".join(frister),
        "frist_linjer": frister,
        "fou": o.fou or "",
        "mål": o.mål,
        "ansvarlig": o.ansvarlig or "",
        "unntatt": (
            tekst("unntatt_merke", målform, hjemmel=o.unntatt_offentlighet.hjemmel)
            if merk and o.unntatt_offentlighet is not None
            else ""
        ),
    }


def _overview(
    listed: list[Oppdrag],
    rapporter: dict[str, Rapport],
    trykt: set[str] = frozenset(),
    målform: str = "bokmål",
    intern: bool = False,
) -> list[dict]:
    """Alle oppdragene i brevet i nummerrekkefølge (oversikten bakerst i brevet): året og
    løpenummeret (`Oppdrag.rekkefølge`), så «2/2024» kommer før «13/2024» uansett mønsteret
    for oppdragsnumre. I den interne utgaven er et oppdrag unntatt offentlighet merket."""
    return [
        _oppdrag_row(o, rapporter, o.id in trykt, målform, merk=intern)
        for o in sorted(listed, key=lambda o: o.rekkefølge)
    ]


def _reporting(brev: Brev) -> list[dict]:
    """Rapporteringskalenderen: hver rapport med telletidspunkt og frist."""
    return [
        {"tittel": r.tittel, "telletidspunkt": r.telletidspunkt, "frist": r.frist} for r in brev.rapportering
    ]


# ---------------------------------------------------------------- budsjettet


def _budget(repo: Repo, år: int, hidden: set[str] = frozenset(), målform: str = "bokmål") -> list[dict]:
    """Budsjettkapitlene for året (sortert etter nummer), med postene, summen regnet fra
    postene og et avsnitt for hver post som har overskrift eller tekst. Et inntektskapittel
    (kap. 3000–5999, `inntekt`) har sin egen tabell og sum som de andre kapitlene; malen
    skriver «Inntektskrav ÅR» over beløpene i stedet for «Tildeling ÅR», og inntektene summeres
    aldri sammen med utgiftene (kapitlene sorteres etter nummer, så inntektskapitlene kommer
    etter utgiftskapitlene). En binding til et oppdrag i `hidden` (unntatt offentlighet) er ikke
    med blant linjene, men beløpet er med i summen."""
    budsjett = []
    kap_docs = sorted((d for d in repo.kapitler if d.model.år == år), key=lambda d: d.model.kapittel)
    for kd in kap_docs:
        k = kd.model
        poster = [p.model for p in repo.poster_for(år) if p.model.kapittel == k.kapittel]
        budsjett.append(
            {
                "nr": k.kapittel,
                "navn": k.navn,
                "enhet_trykt": k.enhet_trykt or "",
                "inntekt": k.inntekt,
                "poster": [_post_row(p) for p in poster],
                "sum": sum_beløp(p.tildeling for p in poster),
                "tekst": prose_text(k.tekst, repo, år),
                "avsnitt": [
                    _post_section(p, repo, år, hidden, målform) for p in poster if p.overskrift or p.tekst
                ],
            }
        )
    return budsjett


def _post_name(p: Post) -> str:
    """Betegnelsen på posten med stikkordene: «Driftsutgifter, kan overføres»."""
    return ", ".join([p.betegnelse, *p.stikkord])


def _post_row(p: Post) -> dict:
    """Én post som en rad i budsjettabellen."""
    return {"post": f"{p.post:02d}", "betegnelse": _post_name(p), "tildeling": p.tildeling}


def _post_section(p: Post, repo: Repo, år: int, hidden: set[str] = frozenset(), målform: str = "bokmål") -> dict:
    """Avsnittet om én post: overskrift, prosa, fordelingen og bindingene (uten bindingene til
    oppdragene i `hidden`)."""
    return {
        "overskrift": f"Post {p.post:02d} {p.overskrift or _post_name(p)}",
        "tekst": prose_text(p.tekst, repo, år, p),
        "fordeling": [_fordeling(f) for f in p.fordeling],
        "bindinger": [_bindinger(p, g, hidden, målform) for g in p.bindinger],
    }


def _fordeling(f: Fordeling) -> dict:
    """Én linje i fordelingen av en post, med mottakerne og summen deres."""
    return {
        "beløp": f.beløp,
        "tekst": f.tekst,
        "merknad": f.merknad or "",
        "mottakere_overskrift": f.mottakere_overskrift or "",
        "mottakere": [{"navn": m.navn, "beløp": m.beløp} for m in f.mottakere],
        "sum": sum_beløp(m.beløp for m in f.mottakere),
    }


def _bindinger(p: Post, g: Bindingsgruppe, hidden: set[str] = frozenset(), målform: str = "bokmål") -> dict:
    """Én gruppe bindinger i en post, med summen regnet fra linjene og så mange desimaler som
    den trykte summen har; en linje med beløpet trykt i en annen form enn den vanlige
    (`beløp_trykt`: «1,0 mill. kroner») får desimalene fra den. En linje til et oppdrag i
    `hidden` står i `utelatt`, ikke i `linjer`; summen er den samme (alle linjene i data), og
    `utelatt_merknad` sier hvor mange linjer som ikke er med."""
    linjer = [
        {
            "oppdrag": b.oppdrag,
            "tittel": b.tittel,
            "beløp": b.beløp,
            "desimaler": decimals(b.beløp_trykt.text) if b.beløp_trykt and b.beløp_trykt.text else None,
        }
        for b in g.linjer
    ]
    utelatt = [b for b in linjer if b["oppdrag"] in hidden]
    n = len(utelatt)
    merknad = tekst("binding_utelatt_en", målform) if n == 1 else tekst("binding_utelatt", målform, n=n)
    return {
        "overskrift": g.overskrift,
        "sum": sum_bindinger(p, g.id),
        "desimaler": decimals(g.sum.text) if g.sum and g.sum.text else None,
        "linjer": [b for b in linjer if b["oppdrag"] not in hidden],
        "utelatt": utelatt,
        "utelatt_merknad": merknad if n else "",
    }


# ---------------------------------------------------------------- budsjettfullmaktene


FULLMAKTSVEDLEGG = re.compile(r"fullmakt", re.IGNORECASE)
"""Vedlegget i brev.yaml som er budsjettfullmaktene: tittelen har «fullmakt» i seg
(«Budsjettfullmakter»)."""


def _authorisations(repo: Repo, år: int, brev: Brev, målform: str) -> dict | None:
    """Vedlegget med budsjettfullmaktene (budsjett/ÅR/fullmakter.yaml), eller None når brevet
    ikke har noen fullmakter eller belastningsfullmakter (da står det ingenting i brevet).

    Vedlegget får nummeret og tittelen fra vedlegget i brev.yaml med «fullmakt» i tittelen
    («Vedlegg nr. 3 Budsjettfullmakter»); uten et slikt vedlegg får det nummeret etter det
    siste i brev.yaml og tittelen «Budsjettfullmakter», og står med i lista over vedleggene
    (`_appendices`). Fullmaktene etter bevilgningsreglementet og belastningsfullmaktene (midler på
    andre departementers kapitler) står hver for seg; belastningsfullmaktene summeres ikke med
    brevets egne poster."""
    doc = repo.fullmakter_for(år)
    if doc is None or not (doc.model.fullmakter or doc.model.belastningsfullmakter):
        return None
    vedlegg = next((v for v in brev.vedlegg if FULLMAKTSVEDLEGG.search(v.tittel)), None)
    names = {(p.model.kapittel, p.model.post): p.model.betegnelse for p in repo.poster_for(år)}
    return {
        "nr": vedlegg.nr if vedlegg else max((v.nr for v in brev.vedlegg), default=1) + 1,
        "tittel": vedlegg.tittel if vedlegg else tekst("budsjettfullmakter", målform),
        "i_lista": vedlegg is not None,
        "fullmakter": [_authorisation(f, names, målform) for f in doc.model.fullmakter],
        "belastningsfullmakter": [_charge(b) for b in doc.model.belastningsfullmakter],
    }


def _appendices(brev: Brev, fullmakter: dict | None) -> list[dict]:
    """Vedleggene i lista i brevet: de i brev.yaml, og budsjettfullmaktene bakerst når brevet
    har fullmakter, men brev.yaml ikke har vedlegget."""
    out = [{"nr": v.nr, "tittel": v.tittel} for v in brev.vedlegg]
    if fullmakter and not fullmakter["i_lista"]:
        out.append({"nr": fullmakter["nr"], "tittel": fullmakter["tittel"]})
    return out


def _post_ref(ref: Postreferanse | None, names: dict[tuple[int, int], str]) -> str:
    """En post en fullmakt viser til, med betegnelsen i brevets budsjett: «kap. 1435 post 01
    Driftsutgifter» (uten betegnelse når posten ikke er i budsjettet, TB407); "" uten post."""
    if ref is None:
        return ""
    name = names.get((ref.kapittel, ref.post))
    return f"kap. {ref.kapittel} post {ref.post:02d}" + (f" {name}" if name else "")


def _paragraphs(text: str) -> list[str]:
    """Avsnittene i en tekst fra data (skilt med en tom linje), hvert på én linje."""
    return [one_line(a) for a in re.split(r"\n[ \t]*\n", text) if a.strip()]


def _authorisation(f: Fullmakt, names: dict[tuple[int, int], str], målform: str) -> dict:
    """Én fullmakt: hva slags (på brevets målform), teksten slik den er trykt, postene,
    rammen og grunnlaget. `ramme` er None både når fullmakten ikke har noen ramme og når den
    ikke er fylt inn (`ramme_tom`, malen viser «(ikke utfylt)»)."""
    return {
        "id": f.id,
        "type": f.type,
        "overskrift": tekst(f"fullmakt_{f.type}", målform),
        "avsnitt": _paragraphs(f.tekst),
        "utgiftspost": _post_ref(f.utgiftspost, names),
        "inntektspost": _post_ref(f.inntektspost, names),
        "ramme": f.ramme,
        "har_ramme": f.ramme is not None or f.ramme_tom,
        "grunnlag": f.grunnlag or "",
    }


def _charge(b: Belastningsfullmakt) -> dict:
    """Én belastningsfullmakt: departementet, kapitlet (og posten) som kan belastes, hva
    midlene skal brukes til og beløpet (`har_beløp`: brevet oppgir et beløp, eller det står
    tomt i et utkast)."""
    return {
        "departement": b.departement,
        "kapittel": f"Kap. {b.kapittel}" + (f" post {b.post:02d}" if b.post is not None else ""),
        "tekst": one_line(b.tekst),
        "beløp": b.beløp,
        "har_beløp": b.beløp is not None or b.beløp_tom,
    }
