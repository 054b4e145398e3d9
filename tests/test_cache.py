"""Hurtigbufferen for `tb check` (`cache.cached_check`, en innpakning rundt `pipeline.check`):
samme svar som uten, en endret fil gir ny sjekk, og bufferen skjuler aldri et funn."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import tildelingsbrev.loading.loader as loading
import tildelingsbrev.pipeline as pipeline
from tildelingsbrev import cache
from tildelingsbrev.cache import cached_check

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
    cold = cached_check(data, use_baseline=False)
    assert cache.cache_file(data).exists()
    calls = _count_loads(monkeypatch)
    warm = cached_check(data, use_baseline=False)
    assert _flat(warm) == _flat(cold)
    assert calls == []  # ingen fil ble validert på nytt


def test_changed_file_is_always_reread(data, monkeypatch):
    cached_check(data)
    kap = data / "budsjett" / "2024" / "kap-601.yaml"
    kap.write_text(kap.read_text(encoding="utf-8").replace("sum: 25200000", "sum: 25300000"), encoding="utf-8")
    calls = _count_loads(monkeypatch)
    result = cached_check(data)
    assert "kap-601.yaml" in calls
    assert [f.subject for f in result.active if f.code == "TB201"] == ["kap. 601 sum, differanse 100 000"]


def test_cache_never_hides_a_finding(data):
    cached_check(data)
    post = data / "budsjett" / "2024" / "601-21.yaml"
    post.write_text(post.read_text(encoding="utf-8").replace('oppdrag: "2021-07"', 'oppdrag: "2021-08"'), encoding="utf-8")
    result = cached_check(data)
    assert "601.21 binding 2021-08" in {f.subject for f in result.active if f.code == "TB104"}
    # et funn som er bufret, meldes igjen ved neste kjøring
    bad = data / "oppdrag" / "2024-16.yaml"
    bad.write_text("id: 2024-16\ntittel: [uten slutt\n", encoding="utf-8")
    first = [(f.code, f.location.line) for f in cached_check(data).active if f.location.file == bad]
    second = [(f.code, f.location.line) for f in cached_check(data).active if f.location.file == bad]
    assert first == second == [("TB001", 3)]


def test_template_change_is_seen(data):
    cached_check(data)
    mal = data / "mal" / "vedlegg1.md.j2"
    mal.write_text("{{ finnes_ikke }}\n", encoding="utf-8")
    assert [f.code for f in cached_check(data).active] == ["TB501"]


def test_options_are_part_of_the_key(data):
    with_baseline = cached_check(data)
    without = cached_check(data, use_baseline=False)
    assert with_baseline.errors == 0 and without.errors > 0


def test_broken_or_foreign_cache_is_ignored(data):
    expected = _flat(cached_check(data))
    path = cache.cache_file(data)
    right_key = json.loads(path.read_text(encoding="utf-8"))["nøkkel"]
    path.write_bytes(b"ikke json")
    assert _flat(cached_check(data)) == expected
    path.write_text('{"nøkkel": "feil", "funn": []}', encoding="utf-8")
    assert _flat(cached_check(data)) == expected
    # riktig nøkkel, men funn i feil form: sjekk på nytt i stedet for å krasje
    path.write_text(json.dumps({"nøkkel": right_key, "funn": [["bare", "tull"]]}), encoding="utf-8")
    assert _flat(cached_check(data)) == expected


def test_cache_can_be_turned_off(data, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "0")
    cached_check(data)
    assert not cache.cache_file(data).exists()


def test_touched_but_unchanged_file_still_uses_the_cache(data, monkeypatch):
    first = cached_check(data)
    f = data / "oppdrag" / "2024-16.yaml"
    f.write_bytes(f.read_bytes())  # ny endringstid, samme innhold
    calls = _count_loads(monkeypatch)
    again = cached_check(data)
    assert calls == []  # innholdet er hashet og funnet likt: ingen ny sjekk
    assert _flat(again) == _flat(first)


def test_the_cache_wraps_the_pipeline(data, monkeypatch):
    """Et bom kjører `pipeline.check` én gang, med filene bufferen alt har lest; et treff kjører
    den ikke; uten buffer er det bare `pipeline.check`."""
    calls: list[object] = []
    real = pipeline.check

    def counting(root, use_baseline=True, entries=None):
        calls.append(entries)
        return real(root, use_baseline, entries=entries)

    monkeypatch.setattr(pipeline, "check", counting)
    miss = cached_check(data)
    assert len(calls) == 1 and calls[0] is not None  # lest én gang, til nøkkelen og til sjekken
    hit = cached_check(data)
    assert len(calls) == 1 and hit.findings == miss.findings
    monkeypatch.setenv("TB_CACHE", "0")
    cached_check(data)
    assert len(calls) == 2 and calls[1] is None
