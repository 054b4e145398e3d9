"""JSON-utdataene fra `tb` har norske nøkler (issue 19 punkt 6).

Brukerne er norske, og grunnlinjefila (`kode`, `gjelder`, `år`) og `tb frister` var det alt;
`tb check` og `tb regler` hadde engelske nøkler (`findings`, `severity`, …) til issue 19. Testen
går gjennom hver nøkkel på hvert nivå i JSON fra `tb check`, `tb regler`, `tb frister`,
`tb status` og `tb vis`, og i grunnlinjefila, i eksempelscenariet med 2025-brevet og
leveransene (så de fleste nøklene finnes: `se_også`, `begrunnelse`, `levert_ref`, …), og sier
fra om en nøkkel som er et kjent engelsk ord, så de ikke kommer tilbake.

SARIF, GitLab Code Quality, GitHub-merknadene og JSON Schema (`tb schema`) er standarder: der
er nøklene bestemt av formatet og ikke med her (de er prøvd mot formatene i test_ci_formats.py
og test_schema.py). `tb grunnlinje`, `tb levert`, `tb ny` og `tb render` skriver ikke JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from casekit import over_tid, run_tb

ENGELSKE = frozenset(
    {
        "code",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "subject",
        "year",
        "findings",
        "summary",
        "errors",
        "warnings",
        "acknowledged",
        "related",
        "description",
        "title",
        "date",
        "family",
        "doc",
    }
)
"""Engelske ord som har vært (eller lett blir) nøkler i JSON fra `tb`."""

KOMMANDOER: dict[str, tuple[tuple[str, ...], set[str]]] = {
    # navn: (kommandoen, nøkler som skal finnes, så testen ikke går gjennom tomme utdata)
    "check uten grunnlinjen": (
        ("check", "--no-baseline", "-f", "json"),
        {"funn", "kjente", "sammendrag", "alvorlighet", "gjelder", "år", "se_også"},
    ),
    "check med grunnlinjen": (("check", "-f", "json"), {"kjente", "begrunnelse", "advarsler"}),
    "regler": (("regler", "-f", "json"), {"kode", "navn", "familie", "beskrivelse", "dokumentasjon"}),
    "frister": (
        ("frister", "--fra", "2024-01-01", "--med-levert", "-f", "json"),
        {"dato", "oppdrag", "tittel", "levert", "levert_ref", "flyttet_fra"},
    ),
    "frister 2025": (("frister", "--år", "2025", "--med-levert", "-f", "json"), {"dato", "levert"}),
    "status 2024": (
        ("status", "--år", "2024", "--per", "2025-06-30", "-f", "json"),
        {"mål", "oppdrag", "frister", "tilstand", "tellinger", "levert_ref"},
    ),
    "status 2025": (("status", "--år", "2025", "--per", "2025-06-30", "-f", "json"), {"tellinger"}),
    "vis 2024-05": (("vis", "2024-05", "-f", "json"), {"bindinger", "funn", "samme_tittel"}),
    "vis 2023-14": (("vis", "2023-14", "-f", "json"), {"nevnt", "kilde", "utdrag"}),
    "vis 2024-17": (("vis", "2024-17", "-f", "json"), {"bindinger", "funn"}),
    "vis 2022-04": (("vis", "2022-04", "-f", "json"), {"brevene", "leveranser", "grunn"}),
    "vis 2024-13": (("vis", "2024-13", "-f", "json"), {"frister", "levert_ref", "funn"}),
    "diff 2024 2025": (
        ("diff", "2024", "2025", "-f", "json"),
        {"fra", "til", "oppdrag", "budsjett", "differanse", "prosent", "endring", "ord"},
    ),
}


def nøkler(value: object, where: str = "$") -> Iterator[tuple[str, str]]:
    """Hver nøkkel på hvert nivå: (stien dit, nøkkelen)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield where, k
            yield from nøkler(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from nøkler(v, f"{where}[{i}]")


def engelske(value: object) -> list[str]:
    """Nøklene som er (eller har en del, mellom `_`, som er) et kjent engelsk ord."""
    return sorted(
        {f"{where}.{k}" for where, k in nøkler(value) if {k.casefold(), *k.casefold().split("_")} & ENGELSKE}
    )


@pytest.fixture(scope="module")
def utdata(tmp_path_factory) -> dict[str, object]:
    """JSON fra hver kommando i scenariet med 2025-brevet (kjørt samtidig)."""
    root = tmp_path_factory.mktemp("json")
    over_tid(root / "data")
    runs = run_tb(root, *(cmd for cmd, _ in KOMMANDOER.values()))
    out = {}
    for name, r in zip(KOMMANDOER, runs):
        assert r.code in (0, 1) and r.stderr == "", str(r)
        out[name] = json.loads(r.stdout)
    return out


@pytest.mark.parametrize("navn", list(KOMMANDOER))
def test_no_english_keys(utdata, navn):
    doc = utdata[navn]
    assert engelske(doc) == [], f"tb {' '.join(KOMMANDOER[navn][0])}"


@pytest.mark.parametrize("navn", list(KOMMANDOER))
def test_the_output_has_the_keys_the_walk_should_see(utdata, navn):
    """Nøklene testen over skal se, finnes: den går ikke gjennom tomme eller halve utdata."""
    seen = {k for _, k in nøkler(utdata[navn])}
    assert KOMMANDOER[navn][1] <= seen, sorted(KOMMANDOER[navn][1] - seen)


def test_the_baseline_file_has_norwegian_keys():
    doc = YAML(typ="safe", pure=True).load(Path(__file__).resolve().parents[1] / "data" / "baseline.yaml")
    assert {k for _, k in nøkler(doc)} == {"akseptert", "år", "kode", "gjelder", "begrunnelse"}
    assert engelske(doc) == []


def test_every_old_key_in_the_documented_mapping_is_caught():
    """Tilordningen gammel → ny (`JSON_NØKLER` i reporting.check og reporting.rules): hver gammel
    nøkkel er et ord testen kjenner, og hver ny er norsk."""
    from tildelingsbrev.reporting import check, rules

    for mapping in (check.JSON_NØKLER, rules.JSON_NØKLER):
        assert set(mapping) <= ENGELSKE
        assert engelske({new: None for new in mapping.values()}) == []


def test_the_walk_finds_an_english_key_at_any_depth():
    """Testen over kan feile: en engelsk nøkkel dypt nede, eller som del av et sammensatt navn."""
    assert engelske({"funn": [{"kode": "TB201", "se_også": [{"file": "x"}]}]}) == ["$.funn[0].se_også[0].file"]
    assert engelske({"levert_date": None}) == ["$.levert_date"]
    assert engelske({"Summary": {}}) == ["$.Summary"]
    assert engelske([{"kode": 1, "gjelder": "x", "år": 2024}]) == []
