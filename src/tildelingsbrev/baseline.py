"""Grunnlinjen: kjente og aksepterte funn i brevene slik de ble publisert.

`data/baseline.yaml` lister funn etter brev (`år`), regelkode og subjekt (ikke linjenummer,
så endringer i fila ikke bryter den), hver med en begrunnelse. Et kjent funn meldes som
akseptert og feiler ikke sjekken; en oppføring som ikke lenger treffer noe funn, er en
advarsel (TB010), og en oppføring uten år en annen (TB011). Om et funn kan aksepteres, står
på regelen (`Rule.acknowledgeable`).

Slik matches et funn med en oppføring (`Matching`):

- Et funn som gjelder brevet for år Y (`Finding.år`), treffer oppføringer med `år: Y`, og
  oppføringer uten år bare når Y er det eldste brevet i data. Et funn i brevet for 2025
  skjules altså aldri av en oppføring skrevet for 2024, heller ikke av en gammel oppføring
  uten år.
- Et funn som gjelder alle brev (`år` None: malene, data-mappa selv, en fil `tb` ikke
  kjenner), treffer bare oppføringer uten år: det hører ikke til noe brev, så oppføringen
  skal ikke ha år (og får ikke TB011). En oppføring med år for et slikt funn er ubrukt
  (TB010), og meldingen sier at `år` skal fjernes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .findings import Finding, Severity
from .model import Repo
from .norsk import format_liste
from .rule import Phase, reported_rule

STALE_BASELINE = reported_rule(
    "TB010",
    "grunnlinje-ubrukt",
    Severity.WARNING,
    """En oppføring i `data/baseline.yaml` treffer ikke lenger noe funn.

    Hvorfor: funnet er rettet (eller subjektet har endret navn); da skal oppføringen fjernes,
    ellers kan den senere skjule et nytt funn med samme kode og subjekt. For summer er
    differansen en del av subjektet: endres linjene, er det et nytt avvik, og den gamle
    oppføringen meldes her.

    En oppføring gjelder ett brev (`år`, regelkode og subjekt). Finnes funnet bare i et annet
    brev, sier meldingen hvilket: en oppføring for 2024 aksepterer aldri et funn i brevet for
    2025. En oppføring uten år gjelder det eldste brevet i data (se TB011).

    Når en fil ikke kunne leses (TB001–TB004, TB008), meldes ikke dette: funnene fra den fila
    mangler da bare fordi fila ikke ble lest, og oppføringene skal ikke fjernes. Det samme
    gjelder en sum (TB2xx) i et brev der et beløp ikke er fylt inn ennå (TB601): summen sjekkes
    ikke før alle beløpene står der.

    Eksempel: `{år: 2024, kode: TB201, gjelder: "kap. 671 sum, differanse 3 030 002 000"}`
    etter at summen er rettet.
    """,
    phase=Phase.BASELINE,
    acknowledgeable=False,
)

BASELINE_WITHOUT_YEAR = reported_rule(
    "TB011",
    "grunnlinje-uten-år",
    Severity.WARNING,
    """En oppføring i `data/baseline.yaml` som treffer et funn i et brev, sier hvilket brev
    (`år`).

    Hvorfor: en grunnlinje skrevet før brevene fikk år, gjaldt det ene brevet som fantes. En
    oppføring uten år gjelder derfor bare det eldste brevet i data; skriv året, så det står i
    fila og ikke avhenger av hvilke brev som finnes. `tb grunnlinje --migrer` skriver `år` inn
    i hver oppføring uten år (kommentarene og formateringen beholdes).

    En oppføring for et funn som gjelder alle brev (malene, data-mappa selv), skal ikke ha år
    og meldes ikke her.

    Eksempel: `{kode: TB201, gjelder: "kap. 671 sum, differanse 3 030 002 000"}` uten
    `år: 2024`.
    """,
    phase=Phase.BASELINE,
    acknowledgeable=False,
)


Key = tuple[int | None, str, str]
"""(år, kode, gjelder): det en oppføring og et funn matches på."""


def eldest_letter(repo: Repo) -> int | None:
    """Året til det eldste brevet i data: det en oppføring uten år gjelder."""
    years = repo.years()
    return years[0] if years else None


def finding_keys(f: Finding, eldest: int | None) -> tuple[Key, ...]:
    """Oppføringene som kan akseptere funnet, den mest presise først: (år, kode, gjelder), og
    (None, kode, gjelder) når funnet gjelder det eldste brevet eller alle brev."""
    if f.år is None:
        return ((None, f.code, f.subject),)
    if f.år == eldest:
        return ((f.år, f.code, f.subject), (None, f.code, f.subject))
    return ((f.år, f.code, f.subject),)


@dataclass
class Matching:
    """Hvilke funn hver oppføring treffer. `hits[i]` er årene (None: alle brev) til funnene
    oppføring nummer i aksepterer; `elsewhere[(kode, gjelder)]` er årene funn med den koden og
    det subjektet finnes i, uansett oppføring (til meldingene)."""

    entries: dict[Key, list[int]] = field(default_factory=dict)
    hits: dict[int, set[int | None]] = field(default_factory=lambda: defaultdict(set))
    elsewhere: dict[tuple[str, str], set[int | None]] = field(default_factory=lambda: defaultdict(set))
    acknowledged: dict[int, int] = field(default_factory=dict)
    """Funn nummer (i lista som ble matchet) → oppføringen som aksepterer det."""


def match(repo: Repo, findings: list[Finding]) -> Matching:
    """Match funnene med oppføringene i grunnlinjen (se modulens docstring)."""
    from .rules import RULES_BY_CODE  # reglene importerer grunnlinjen (TB010)

    out = Matching()
    doc = repo.baseline
    if doc is None:
        return out
    for i, e in enumerate(doc.model.akseptert):
        out.entries.setdefault((e.år, e.kode, e.gjelder), []).append(i)
    eldest = eldest_letter(repo)
    for n, f in enumerate(findings):
        r = RULES_BY_CODE.get(f.code)
        if r is not None and not r.acknowledgeable:
            continue
        out.elsewhere[(f.code, f.subject)].add(f.år)
        keys = [k for k in finding_keys(f, eldest) if k in out.entries]
        if not keys:
            continue
        for k in keys:  # like oppføringer (med og uten år): alle er brukt
            for i in out.entries[k]:
                out.hits[i].add(f.år)
        out.acknowledged[n] = out.entries[keys[0]][0]
    return out


def apply_baseline(repo: Repo, findings: list[Finding]) -> list[Finding]:
    """Merk kjente funn som aksepterte, og meld oppføringer som ikke treffer noe (TB010) og
    oppføringer uten år (TB011)."""
    doc = repo.baseline
    if doc is None:
        return findings
    from .rules import RULES_BY_CODE

    def acknowledgeable(code: str) -> bool:
        r = RULES_BY_CODE.get(code)
        return r is None or r.acknowledgeable  # en ukjent kode meldes som ubrukt

    m = match(repo, findings)
    entries = doc.model.akseptert
    out = [
        f.acknowledge(entries[m.acknowledged[n]].begrunnelse) if n in m.acknowledged else f
        for n, f in enumerate(findings)
    ]
    eldest = eldest_letter(repo)
    years = repo.years()
    # brevene med beløp som ikke er fylt inn: summene der sjekkes ikke ennå (TB2xx hopper over
    # dem), så en oppføring for en sum som ikke treffer, er ikke nødvendigvis utdatert
    incomplete = {f.år for f in findings if f.code == "TB601"}
    for i, e in enumerate(entries):
        where = doc.loc("akseptert", i, "gjelder")
        label = f"{e.kode} {e.gjelder}" + (f" ({e.år})" if e.år is not None else "")
        if i in m.hits:
            if e.år is None and None not in m.hits[i]:
                out.append(
                    BASELINE_WITHOUT_YEAR.finding(
                        doc.loc("akseptert", i),
                        f"oppføringen for {e.kode} «{e.gjelder}» har ikke år og gjelder bare brevet for "
                        f"{eldest} (det eldste i data); legg til `år: {eldest}`, eller kjør "
                        "`tb grunnlinje --migrer`",
                        label,
                    )
                )
            continue
        if repo.unreadable and acknowledgeable(e.kode):
            continue  # funnet kan mangle bare fordi fila ikke ble lest (se TB010)
        if e.kode.startswith("TB2") and (e.år if e.år is not None else eldest) in incomplete:
            continue  # en sum kan ikke sjekkes før alle beløpene er fylt inn (TB601)
        if not acknowledgeable(e.kode):
            message = (
                f"grunnlinjen kan ikke akseptere {e.kode}: en fil som ikke kan leses, mangler i brevet "
                "og må rettes; fjern oppføringen"
            )
        else:
            message = _stale_message(
                e.år, e.kode, e.gjelder, m.elsewhere.get((e.kode, e.gjelder), set()), eldest, years
            )
        out.append(STALE_BASELINE.finding(where, message, label))
    return out


def _stale_message(
    år: int | None, kode: str, gjelder: str, found_in: set[int | None], eldest: int | None, years: list[int]
) -> str:
    """Meldingen for en ubrukt oppføring: hvilket brev den gjelder, og hvor funnet finnes i
    stedet når det finnes i et annet brev."""
    head = f"grunnlinjen aksepterer {kode} «{gjelder}»"
    sep = ", men "
    if år is None:
        if eldest is not None:
            head += f" i brevet for {eldest} (oppføringen har ikke år)"
    else:
        head += f" i brevet for {år}"
        if år not in years:
            head += f", men data har ikke noe brev for {år}"
            if years:
                head += f" (bare for {format_liste(years)})"
            sep = "; "
    if None in found_in:
        return f"{head}{sep}funnet gjelder alle brev (ikke ett år); fjern `år` fra oppføringen"
    others = sorted(y for y in found_in if y is not None and y != år)
    if others:
        return (
            f"{head}{sep}funnet finnes bare i brevet for {format_liste(others)}; en oppføring gjelder ett "
            f"brev, så skriv en egen oppføring med `år: {others[-1]}` om også det skal aksepteres, og "
            "fjern denne"
        )
    if sep == "; ":
        return f"{head}; rett året eller fjern oppføringen"
    return f"{head}, men det funnet finnes ikke lenger; fjern oppføringen"


# ---------------------------------------------------------------- tb grunnlinje --migrer


class MigrationError(Exception):
    """Grunnlinjen kan ikke migreres (norsk melding); fila er urørt."""


@dataclass
class Migration:
    """Hva `tb grunnlinje --migrer` gjør: året hver oppføring uten år får (`years`, nummer →
    år), oppføringene uten år som står som før fordi de gjelder funn i alle brev (`kept`), og
    den nye teksten (None: ingenting å skrive)."""

    years: dict[int, int]
    kept: list[int]
    raw: bytes | None


def migration_years(repo: Repo, findings: list[Finding]) -> tuple[dict[int, int], list[int]]:
    """Året hver oppføring uten år skal få: året til funnet den treffer, ellers det eldste
    brevet i data. Det er det samme brevet oppføringen gjelder nå (en oppføring uten år treffer
    bare funn i det eldste brevet), så migreringen aksepterer aldri et funn som ikke alt var
    akseptert; særlig ikke et funn med samme kode og subjekt i et senere brev. En oppføring som
    treffer et funn som gjelder alle brev (`år` None), står som før.

    `findings` er funnene før grunnlinjen er brukt (`pipeline.run_checks(…, use_baseline=False)`)."""
    doc = repo.baseline
    if doc is None:
        return {}, []
    m = match(repo, findings)
    eldest = eldest_letter(repo)
    years: dict[int, int] = {}
    kept: list[int] = []
    for i, e in enumerate(doc.model.akseptert):
        if e.år is not None:
            continue
        hits = m.hits.get(i, set())
        if None in hits:
            kept.append(i)
            continue
        found = sorted(y for y in hits if y is not None)
        year = found[0] if found else eldest
        if year is None:
            raise MigrationError("data har ikke noe brev (brev/ÅR/brev.yaml), så oppføringene kan ikke få år")
        years[i] = year
    return years, kept


def migrate_text(raw: bytes, years: dict[int, int], expected: list[tuple[str, str]]) -> bytes:
    """`raw` (baseline.yaml) med `år: ÅR` først i oppføring nummer i for hver i i `years`.

    Fila leses med ruamel.yaml round-trip, som gir stedet (linje og kolonne) for den første
    nøkkelen i hver oppføring, og `år: ÅR` settes inn foran den, med samme innrykk (eller
    `år: ÅR, ` i en oppføring skrevet `{kode: …}`). Alt annet i fila står byte for byte som
    før: kommentarer, rekkefølge, anførselstegn, blokktekst (`>-`), linjebryting, innrykk,
    linjeskift (LF eller CRLF) og en BOM; å skrive hele fila ut på nytt (`dump`) ville
    brutt lange tekster og endret innrykket i blokktekst.

    `expected` er (kode, gjelder) for hver oppføring slik modellen leste dem: stemmer ikke
    fila med dem, skrives ingenting (MigrationError)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0 :].decode("utf-8")
    data = YAML(typ="rt", pure=True).load(text)
    entries = data.get("akseptert") if isinstance(data, CommentedMap) else None
    if not isinstance(entries, list) or len(entries) != len(expected):
        raise MigrationError("baseline.yaml har ikke de oppføringene tb leste; fila er urørt")
    places = []
    for i, (kode, gjelder) in enumerate(expected):
        e = entries[i]
        if not isinstance(e, CommentedMap) or e.get("kode") != kode or e.get("gjelder") != gjelder:
            raise MigrationError(f"oppføring {i + 1} i baseline.yaml er ikke den tb leste; fila er urørt")
        if i in years:
            line, col = e.lc.key(next(iter(e)))
            places.append((line, col, e.fa.flow_style(), years[i]))
    lines = text.split("\n")
    for line, col, flow, year in sorted(places, reverse=True):  # bakfra: stedene foran står
        old = lines[line]
        nl = "\r\n" if old.endswith("\r") else "\n"
        insert = f"år: {year}, " if flow else f"år: {year}{nl}{' ' * col}"
        lines[line] = old[:col] + insert + old[col:]
    return (b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8")


def plan_migration(repo: Repo, findings: list[Finding], raw: bytes) -> Migration:
    """Hva `tb grunnlinje --migrer` skal skrive i baseline.yaml (`raw`), kontrollert: den nye
    fila leses på nytt slik `tb check` leser den, og må gi de samme oppføringene med år."""
    doc = repo.baseline
    if doc is None:
        raise MigrationError("fant ikke grunnlinjen (baseline.yaml) i data-mappa")
    years, kept = migration_years(repo, findings)
    if not years:
        return Migration(years, kept, None)
    old = doc.model.akseptert
    new = migrate_text(raw, years, [(e.kode, e.gjelder) for e in old])
    from .model import Baseline
    from .pipeline import load_document

    check, problems = load_document(doc.file, new, Baseline, "grunnlinje")
    wanted = [e if i not in years else e.model_copy(update={"år": years[i]}) for i, e in enumerate(old)]
    if check is None or problems or check.model.akseptert != wanted:
        raise MigrationError("den migrerte grunnlinjen ble ikke lest likt tilbake; fila er urørt")
    return Migration(years, kept, new)
