"""Kjeden les → modell → regler → grunnlinje (pipeline.py) og hvordan kommandoene bruker den:
leddene er rene funksjoner med typede resultater, funnene fra innlesingen er data,
hurtigbufferen er en innpakning som gir de samme funnene, og `tb render` gjengir malene én
gang."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tildelingsbrev.rendering as rendering
import tildelingsbrev.rules as rules_module
from tildelingsbrev.cache import cached_check
from tildelingsbrev.cli import app
from tildelingsbrev.findings import Severity
from tildelingsbrev.pipeline import (
    CheckResult,
    Loaded,
    apply_rules,
    check,
    conclude,
    load_model,
    read,
    run_checks,
)
from tildelingsbrev.rules import RULES_BY_CODE

DATA = Path(__file__).resolve().parents[1] / "data"
BROKEN = "id: 2024-16\ntittel: [uten slutt\n"

runner = CliRunner()


def _flat(result: CheckResult) -> list[tuple]:
    return [
        (f.code, str(f.location.file), f.location.line, f.location.column, f.subject, f.message, f.acknowledged, f.related)
        for f in result.findings
    ]


@pytest.fixture
def data(tmp_path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


@pytest.fixture
def broken(data) -> Path:
    """En kopi av data/ der ett oppdrag ikke kan leses (TB001) og grunnlinjen er borte."""
    (data / "oppdrag" / "2024-16.yaml").write_text(BROKEN, encoding="utf-8")
    (data / "baseline.yaml").unlink()
    return data


# ---------------------------------------------------------------- leddene


def test_load_model_gives_the_loader_findings_as_data(broken):
    loaded = load_model(broken)
    assert isinstance(loaded, Loaded)
    bad = broken / "oppdrag" / "2024-16.yaml"
    assert [(f.code, f.location.file, f.location.line) for f in loaded.findings] == [("TB001", bad, 3)]
    assert loaded.errors == list(loaded.findings)
    assert all(f.severity is Severity.ERROR for f in loaded.errors)
    # resten er lest: brevet, de andre oppdragene, og fila som ikke kunne leses, er merket
    assert loaded.repo.years() and "2024-13" in loaded.repo.oppdrag_by_id()
    assert "2024-16" not in loaded.repo.oppdrag_by_id() and bad in loaded.repo.unreadable


def test_load_model_on_the_published_letter_has_no_loader_findings():
    loaded = load_model(DATA)
    assert loaded.findings == () and loaded.errors == []
    assert loaded.repo.root == DATA


def test_read_entries_can_be_given_to_load_model(data):
    entries = read(data)
    assert any(e.rel == "oppdrag/2024-13.yaml" for e in entries)
    assert _flat(run_checks(load_model(data, entries))) == _flat(check(data))


def test_check_is_the_composition_of_the_steps(broken):
    loaded = load_model(broken)
    composed = conclude(apply_rules(loaded))
    assert _flat(composed) == _flat(run_checks(loaded)) == _flat(check(broken))
    assert composed.repo is loaded.repo


def test_apply_rules_runs_only_the_chosen_rules(broken):
    loaded = load_model(broken)
    chosen = apply_rules(loaded, [RULES_BY_CODE["TB201"]])
    assert chosen.findings[: len(loaded.findings)] == loaded.findings  # innlesingen først
    assert {f.code for f in chosen.findings[len(loaded.findings) :]} == {"TB201"}
    assert apply_rules(loaded, []).findings == loaded.findings
    assert loaded.findings == load_model(broken).findings  # `loaded` er ikke endret


def test_conclude_applies_the_baseline_only_when_asked():
    """(Tallene for det publiserte brevet står i test_publisert_brev.py.)"""
    loaded = apply_rules(load_model(DATA))
    with_baseline, without = conclude(loaded), conclude(loaded, use_baseline=False)
    assert with_baseline.acknowledged and not without.acknowledged
    assert len(with_baseline.findings) == len(without.findings)
    assert _flat(with_baseline) == _flat(check(DATA)) and _flat(without) == _flat(check(DATA, use_baseline=False))


# ---------------------------------------------------------------- hurtigbufferen som innpakning


@pytest.fixture
def buffered(tmp_path, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "1")
    monkeypatch.setenv("TB_CACHE_DIR", str(tmp_path / "buffer"))


@pytest.mark.parametrize("use_baseline", [True, False], ids=["grunnlinje", "uten-grunnlinje"])
@pytest.mark.parametrize("which", ["data", "broken"])
def test_cached_and_uncached_check_give_identical_findings(request, buffered, which, use_baseline):
    root = request.getfixturevalue(which)
    plain = check(root, use_baseline)
    miss = cached_check(root, use_baseline)
    hit = cached_check(root, use_baseline)
    assert miss.repo is not None and hit.repo is None  # den andre kom fra bufferen
    assert hit.findings == miss.findings == plain.findings
    assert (hit.errors, hit.warnings, hit.exit_code()) == (plain.errors, plain.warnings, plain.exit_code())


# ---------------------------------------------------------------- kommandoene


def _record_rules(monkeypatch) -> list[str]:
    """Kodene til reglene kjeden kjører (gjennom `rules.run_rules`)."""
    ran: list[str] = []
    real = rules_module.run_rules

    def recording(repo, chosen=rules_module.ALL_RULES):
        ran.extend(r.code for r in chosen if r.check is not None)
        return real(repo, chosen)

    monkeypatch.setattr(rules_module, "run_rules", recording)
    return ran


def _count(monkeypatch, module, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_render_renders_the_templates_once(monkeypatch):
    ran = _record_rules(monkeypatch)
    renders = _count(monkeypatch, rendering, "render")
    template_checks = _count(monkeypatch, rendering, "check_templates")
    res = runner.invoke(app, ["render", "--data", str(DATA)])
    assert res.exit_code == 0, res.output
    assert "\n# Tildelingsbrev 2024" in res.stdout  # etter brevhodet
    assert (len(renders), len(template_checks)) == (1, 0)
    assert "TB501" not in ran and "TB201" in ran  # de andre reglene kjøres


def test_render_of_an_earlier_year_still_checks_the_latest_templates(data, monkeypatch):
    """TB501 gjelder brevet for det nyeste året; lages et annet år, er det ikke dobbelt arbeid."""
    brev = data / "brev"
    shutil.copytree(brev / "2024", brev / "2025")
    (brev / "2025" / "brev.yaml").write_text(
        (brev / "2025" / "brev.yaml").read_text(encoding="utf-8").replace("år: 2024", "år: 2025", 1),
        encoding="utf-8",
    )
    ran = _record_rules(monkeypatch)
    runner.invoke(app, ["render", "--data", str(data), "--år", "2024"])
    assert "TB501" in ran


def test_template_error_in_render_is_exit_2_with_tb501_in_the_warning(data, monkeypatch):
    mal = data / "mal" / "rapportering.md.j2"
    lines = mal.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "{{ r.finnes_ikke }}")
    mal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    renders = _count(monkeypatch, rendering, "render")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 2 and len(renders) == 1
    err = res.stderr.splitlines()
    assert err[0] == "tb: advarsel: brevet har 1 feil fra tb check (TB501):"
    assert "rapportering.md.j2:5:1: feil TB501 mal-feil: brevet for 2024 kan ikke gjengis" in err[1]
    assert err[2].startswith("tb: ") and "rapportering.md.j2:5: feil i malen" in err[2]
    strict = runner.invoke(app, ["render", "--data", str(data), "--strict"])
    assert strict.exit_code == 1 and strict.stderr.startswith("tb: nekter: brevet har 1 feil fra tb check (TB501):")


def test_markdown_with_a_broken_html_frame_warns_and_strict_refuses(data):
    """Markdown går ikke gjennom brev.html.j2, men TB501 sjekker den: en feil i rammen gir den
    samme advarselen som i tb check, Markdown-en lages likevel, og --strict nekter."""
    frame = data / "mal" / "brev.html.j2"
    frame.write_text(frame.read_text(encoding="utf-8") + "{{ brev.finnes_ikke }}\n", encoding="utf-8")
    res = runner.invoke(app, ["render", "--data", str(data)])
    assert res.exit_code == 0 and "\n# Tildelingsbrev 2024" in res.stdout
    err = res.stderr.splitlines()
    assert err[0] == "tb: advarsel: brevet har 1 feil fra tb check (TB501):"
    assert "brev.html.j2" in err[1] and "feil TB501 mal-feil" in err[1]
    strict = runner.invoke(app, ["render", "--data", str(data), "--strict"])
    assert strict.exit_code == 1 and strict.stderr.startswith("tb: nekter: brevet har 1 feil fra tb check (TB501):")


def test_frister_and_ny_only_load_the_model(broken, monkeypatch):
    ran = _record_rules(monkeypatch)
    res = runner.invoke(app, ["frister", "--data", str(broken), "--fra", "2024-01-01", "--format", "csv"])
    assert res.exit_code == 0, res.output
    bad = broken / "oppdrag" / "2024-16.yaml"
    assert res.stderr.startswith(f"tb: advarsel: {bad}:3:1: YAML-syntaksfeil")
    assert res.stderr.rstrip().endswith("(fila er hoppet over)")
    res = runner.invoke(
        app, ["ny", "oppdrag", "--data", str(broken), "--år", "2024", "--mål", "1", "--tittel", "Nytt  oppdrag"]
    )
    assert res.exit_code == 0, res.output
    assert "Nytt oppdrag" in (broken / "oppdrag" / "2024-18.yaml").read_text(encoding="utf-8")
    assert ran == []


def test_vis_runs_the_whole_check_without_the_cache(buffered, data, monkeypatch):
    ran = _record_rules(monkeypatch)
    res = runner.invoke(app, ["vis", "2024-13", "--data", str(data), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert set(ran) == {r.code for r in rules_module.ALL_RULES if r.check is not None}
    assert not (data.parent / "buffer").exists()
