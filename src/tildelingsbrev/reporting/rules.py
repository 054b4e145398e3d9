"""Reglenes dokumentasjon: `tb regler` (tabell og JSON) og `tb forklar`. Teksten er
docstringen til hver regel; familiene og navnene deres kommer fra `rules.FAMILIES`."""

from __future__ import annotations

import json

from ..rule import Rule


def all_rules() -> tuple[Rule, ...]:
    """Alle regler i kodeorden (TB001, TB002, …), slik `tb regler` viser dem."""
    from ..rules import ALL_RULES

    return tuple(sorted(ALL_RULES, key=lambda r: r.code))


def rule_summary(r: Rule) -> str:
    return r.summary


def family_name(r: Rule) -> str:
    """Navnet på regelens kodefamilie («Beløp og summer» for TB201)."""
    from ..rules import FAMILY_BY_CODE

    return FAMILY_BY_CODE[r.family].name


JSON_NØKLER: dict[str, str] = {
    "code": "kode",
    "name": "navn",
    "severity": "alvorlighet",
    "family": "familie",
    "summary": "beskrivelse",
    "doc": "dokumentasjon",
}
"""De engelske nøklene `tb regler --format json` hadde før (issue 19) → de norske den har nå
(`familie` har selv `kode` og `navn`). `beskrivelse` er den samme teksten som kolonnen med det
navnet i tabellen, `dokumentasjon` den samme som `tb forklar` viser."""


def rule_dict(r: Rule) -> dict:
    """Én regel som data, med de samme nøklene som kolonnene i `tb regler`."""
    return {
        "kode": r.code,
        "navn": r.name,
        "alvorlighet": r.severity.value,
        "familie": {"kode": r.family, "navn": family_name(r)},
        "beskrivelse": rule_summary(r),
        "dokumentasjon": r.doc,
    }


def rules_json(rules: tuple[Rule, ...] | None = None) -> str:
    return json.dumps([rule_dict(r) for r in rules or all_rules()], ensure_ascii=False, indent=2) + "\n"


def rules_table(rules: tuple[Rule, ...] | None = None) -> str:
    """Én linje per regel: kode, navn, alvorlighet og oppsummeringen (første avsnitt), familie
    for familie: en tom linje og en overskrift («TB2xx  Beløp og summer») før hver familie."""
    rules = rules or all_rules()
    header = ("kode", "navn", "alvorlighet", "beskrivelse")
    rows = [(r.code, r.name, r.severity.value, rule_summary(r)) for r in rules]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3] + "\n"

    out = [line(header)]
    family = None
    for r, row in zip(rules, rows):
        if r.family != family:
            family = r.family
            out.append(f"\n{family.ljust(widths[0])}  {family_name(r)}\n")
        out.append(line(row))
    return "".join(out)


def find_rule(query: str, rules: tuple[Rule, ...] | None = None) -> Rule | None:
    """Regelen med koden (`TB201`, `tb201`, `201`) eller navnet (`kapittelsum`)."""
    rules = rules or all_rules()
    q = query.strip().casefold()
    if q.isdigit():
        q = f"tb{int(q):03d}"
    return next((r for r in rules if q in (r.code.casefold(), r.name.casefold())), None)


def similar_rules(query: str, rules: tuple[Rule, ...] | None = None) -> list[str]:
    """Koder og navn som ligner på `query` (til en «mente du»-melding)."""
    import difflib

    rules = rules or all_rules()
    names = {r.name.casefold(): f"{r.code} {r.name}" for r in rules}
    codes = {r.code.casefold(): f"{r.code} {r.name}" for r in rules}
    hits = difflib.get_close_matches(query.casefold(), [*names, *codes], n=3, cutoff=0.6)
    return list(dict.fromkeys(names.get(h) or codes[h] for h in hits))


def explain(r: Rule) -> str:
    """Hele dokumentasjonen til en regel, med kode, navn og alvorlighet først."""
    return f"{r.code} {r.name} ({r.severity.value})\n\n{r.doc}\n"
