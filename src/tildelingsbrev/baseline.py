"""Grunnlinjen: kjente og aksepterte funn i brevet slik det ble publisert.

`data/baseline.yaml` lister funn etter regelkode og subjekt (ikke linjenummer, så endringer i
fila ikke bryter den), hver med en begrunnelse. Et kjent funn meldes som akseptert og feiler
ikke sjekken; en oppføring som ikke lenger treffer noe funn, er en advarsel (TB010, i
familien TB0xx). Om et funn kan aksepteres, står på regelen (`Rule.acknowledgeable`).
"""

from __future__ import annotations

from .findings import Finding, Severity
from .model import Repo
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

    Når en fil ikke kunne leses (TB001–TB004, TB008), meldes ikke dette: funnene fra den fila
    mangler da bare fordi fila ikke ble lest, og oppføringene skal ikke fjernes.

    Eksempel: `{kode: TB201, gjelder: "kap. 671 sum, differanse 3 030 002 000"}` etter at
    summen er rettet.
    """,
    phase=Phase.BASELINE,
    acknowledgeable=False,
)


def apply_baseline(repo: Repo, findings: list[Finding]) -> list[Finding]:
    """Merk kjente funn som aksepterte, og meld oppføringer som ikke treffer noe."""
    doc = repo.baseline
    if doc is None:
        return findings
    from .rules import RULES_BY_CODE  # reglene importerer grunnlinjen (TB010)

    def acknowledgeable(code: str) -> bool:
        r = RULES_BY_CODE.get(code)
        return r is None or r.acknowledgeable  # en ukjent kode meldes som ubrukt

    entries = {(e.kode, e.gjelder): (i, e) for i, e in enumerate(doc.model.akseptert)}
    used: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.code, f.subject)
        if key in entries and acknowledgeable(f.code):
            used.add(key)
            out.append(f.acknowledge(entries[key][1].begrunnelse))
        else:
            out.append(f)
    for key, (i, e) in entries.items():
        if key in used:
            continue
        if repo.unreadable and acknowledgeable(e.kode):
            continue  # funnet kan mangle bare fordi fila ikke ble lest (se TB010)
        if not acknowledgeable(e.kode):
            message = (
                f"grunnlinjen kan ikke akseptere {e.kode}: en fil som ikke kan leses, mangler i brevet "
                "og må rettes; fjern oppføringen"
            )
        else:
            message = (
                f"grunnlinjen aksepterer {e.kode} «{e.gjelder}», men det funnet finnes ikke lenger; "
                "fjern oppføringen"
            )
        out.append(
            STALE_BASELINE.finding(doc.loc("akseptert", i, "gjelder"), message, f"{e.kode} {e.gjelder}")
        )
    return out
