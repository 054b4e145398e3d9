"""Hurtigbufferen: samme svar som uten, en endret fil leses alltid på nytt, og bufferen skjuler
aldri et funn."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from tildelingsbrev import cache
from tildelingsbrev.check import check

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


def test_warm_run_gives_the_same_findings_and_uses_the_cache(data, monkeypatch):
    cold = check(data, use_baseline=False)
    assert cache.cache_file(data).exists()
    calls = []
    import tildelingsbrev.loading as loading

    real = loading.load_doc
    monkeypatch.setattr(loading, "load_doc", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    warm = check(data, use_baseline=False)
    assert _flat(warm) == _flat(cold)
    assert calls == []  # ingen fil ble lest og validert på nytt


def test_changed_file_is_always_reread(data, monkeypatch):
    check(data)
    kap = data / "budsjett" / "2024" / "kap-601.yaml"
    kap.write_text(kap.read_text(encoding="utf-8").replace("sum: 25200000", "sum: 25300000"), encoding="utf-8")
    calls = []
    import tildelingsbrev.loading as loading

    real = loading.load_doc
    monkeypatch.setattr(loading, "load_doc", lambda *a, **k: calls.append(a[0].name) or real(*a, **k))
    result = check(data)
    assert calls == ["kap-601.yaml"]
    assert [f.subject for f in result.active if f.code == "TB201"] == ["kap. 601 sum"]


def test_cache_never_hides_a_finding_from_an_unchanged_file(data):
    # 2024-05 er uendret, men når en annen fil endres, må regler som ser på 2024-05 kjøre igjen
    check(data)
    post = data / "budsjett" / "2024" / "601-21.yaml"
    post.write_text(post.read_text(encoding="utf-8").replace('oppdrag: "2021-07"', 'oppdrag: "2021-08"'), encoding="utf-8")
    result = check(data)
    assert "601.21 binding 2021-08" in {f.subject for f in result.active if f.code == "TB104"}
    # og en syntaksfeil som er bufret, meldes igjen ved neste kjøring
    bad = data / "oppdrag" / "2024-16.yaml"
    bad.write_text("id: 2024-16\ntittel: [uten slutt\n", encoding="utf-8")
    first = [f.code for f in check(data).active if f.location.file == bad]
    second = [f.code for f in check(data).active if f.location.file == bad]
    assert first == second == ["TB001"]


def test_broken_or_foreign_cache_is_ignored(data):
    expected = _flat(check(data))
    path = cache.cache_file(data)
    path.write_bytes(b"ikke en pickle")
    assert _flat(check(data)) == expected
    path.write_bytes(pickle.dumps({"versjon": "en annen versjon", "filer": {"x": 1}}))
    assert _flat(check(data)) == expected


def test_cache_can_be_turned_off(data, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "0")
    check(data)
    assert not cache.cache_file(data).exists()
