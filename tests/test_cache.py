"""Hurtigbufferen for `tb check`: samme svar som uten, en endret fil gir ny sjekk, og
bufferen skjuler aldri et funn."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tildelingsbrev.loading.loader as loading
from tildelingsbrev import cache
from tildelingsbrev.pipeline import check

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "1")
    monkeypatch.setenv("TB_CACHE_DIR", str(tmp_path / "buffer"))
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def _flat(result):
    return sorted(
        (f.code, str(f.location.file), f.location.line, f.location.column, f.message, f.acknowledged or "")
        for f in result.findings
    )


def _count_loads(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = loading.load_doc
    monkeypatch.setattr(loading, "load_doc", lambda *a, **k: calls.append(os.path.basename(a[0])) or real(*a, **k))
    return calls


def test_warm_run_gives_the_same_findings_from_the_cache(data, monkeypatch):
    cold = check(data, use_baseline=False, use_cache=True)
    assert cache.cache_file(data).exists()
    calls = _count_loads(monkeypatch)
    warm = check(data, use_baseline=False, use_cache=True)
    assert _flat(warm) == _flat(cold)
    assert calls == []  # ingen fil ble validert på nytt


def test_changed_file_is_always_reread(data, monkeypatch):
    check(data, use_cache=True)
    kap = data / "budsjett" / "2024" / "kap-601.yaml"
    kap.write_text(kap.read_text(encoding="utf-8").replace("sum: 25200000", "sum: 25300000"), encoding="utf-8")
    calls = _count_loads(monkeypatch)
    result = check(data, use_cache=True)
    assert "kap-601.yaml" in calls
    assert [f.subject for f in result.active if f.code == "TB201"] == ["kap. 601 sum, differanse 100 000"]


def test_cache_never_hides_a_finding(data):
    check(data, use_cache=True)
    post = data / "budsjett" / "2024" / "601-21.yaml"
    post.write_text(post.read_text(encoding="utf-8").replace('oppdrag: "2021-07"', 'oppdrag: "2021-08"'), encoding="utf-8")
    result = check(data, use_cache=True)
    assert "601.21 binding 2021-08" in {f.subject for f in result.active if f.code == "TB104"}
    # et funn som er bufret, meldes igjen ved neste kjøring
    bad = data / "oppdrag" / "2024-16.yaml"
    bad.write_text("id: 2024-16\ntittel: [uten slutt\n", encoding="utf-8")
    first = [(f.code, f.location.line) for f in check(data, use_cache=True).active if f.location.file == bad]
    second = [(f.code, f.location.line) for f in check(data, use_cache=True).active if f.location.file == bad]
    assert first == second == [("TB001", 3)]


def test_template_change_is_seen(data):
    check(data, use_cache=True)
    mal = data / "mal" / "vedlegg1.md.j2"
    mal.write_text("{{ finnes_ikke }}\n", encoding="utf-8")
    assert [f.code for f in check(data, use_cache=True).active] == ["TB501"]


def test_options_are_part_of_the_key(data):
    with_baseline = check(data, use_cache=True)
    without = check(data, use_baseline=False, use_cache=True)
    assert with_baseline.errors == 0 and without.errors > 0


def test_broken_or_foreign_cache_is_ignored(data):
    expected = _flat(check(data, use_cache=True))
    path = cache.cache_file(data)
    right_key = json.loads(path.read_text(encoding="utf-8"))["nøkkel"]
    path.write_bytes(b"ikke json")
    assert _flat(check(data, use_cache=True)) == expected
    path.write_text('{"nøkkel": "feil", "funn": []}', encoding="utf-8")
    assert _flat(check(data, use_cache=True)) == expected
    # riktig nøkkel, men funn i feil form: sjekk på nytt i stedet for å krasje
    path.write_text(json.dumps({"nøkkel": right_key, "funn": [["bare", "tull"]]}), encoding="utf-8")
    assert _flat(check(data, use_cache=True)) == expected


def test_cache_can_be_turned_off(data, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "0")
    check(data, use_cache=True)
    assert not cache.cache_file(data).exists()


def test_touched_but_unchanged_file_still_uses_the_cache(data, monkeypatch):
    first = check(data, use_cache=True)
    f = data / "oppdrag" / "2024-16.yaml"
    f.write_bytes(f.read_bytes())  # ny endringstid, samme innhold
    calls = _count_loads(monkeypatch)
    again = check(data, use_cache=True)
    assert calls == []  # innholdet er hashet og funnet likt: ingen ny sjekk
    assert _flat(again) == _flat(first)
