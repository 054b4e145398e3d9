"""De innebygde malene (issue 16, punkt 3): et repositorium uten data/mal/ gjengis med malene
som følger med tb, en fil i data/mal/ overstyrer bare den innebygde med samme navn (også når
en innebygd mal tar den inn), TB501 sjekker malene som faktisk brukes, og `tb mal` viser og
kopierer dem.

Valget: de innebygde malene er byte-like data/mal/ (det publiserte brevets maler); testen
under sier fra når de glir fra hverandre."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from casekit import PUBLISHED, tb_in_process
from tildelingsbrev.pipeline import check
from tildelingsbrev.rendering import render
from tildelingsbrev.rendering.templates import BUILTIN_DIR, builtin_templates

GOLDEN = Path(__file__).parent / "golden"


def _without_templates(tmp_path: Path) -> Path:
    """Det publiserte brevet uten data/mal/."""
    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    shutil.rmtree(data / "mal")
    return data


def _tb501(data: Path):
    return [f for f in check(data).active if f.code == "TB501"]


def test_builtin_templates_are_the_published_ones():
    """De innebygde malene er de samme filene, byte for byte, som data/mal/: endres den ene,
    må den andre følge med (eller så må valget i modul-docstringen tas på nytt)."""
    published = sorted(p.name for p in (PUBLISHED / "mal").iterdir())
    assert builtin_templates() == published
    for name in published:
        assert (BUILTIN_DIR / name).read_bytes() == (PUBLISHED / "mal" / name).read_bytes(), name


def test_a_repository_without_templates_renders_like_the_golden_files(tmp_path):
    """Uten data/mal/ gjengis brevet med de innebygde, likt gullfilene, og TB501 har ingenting
    å melde."""
    data = _without_templates(tmp_path)
    assert render(data_repo(data), 2024, "md") == (GOLDEN / "brev-2024.md").read_bytes()
    assert render(data_repo(data), 2024, "html") == (GOLDEN / "brev-2024.html").read_bytes()
    assert _tb501(data) == []
    out = tmp_path / "brev.md"
    res = tb_in_process("render", "--data", str(data), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / "brev-2024.md").read_text(encoding="utf-8")
    assert not (data / "mal").exists()


def test_a_repository_without_templates_renders_a_pdf(tmp_path):
    pytest.importorskip("weasyprint")
    try:
        import weasyprint  # noqa: F401
    except OSError:  # pragma: no cover - systembibliotekene mangler
        pytest.skip("WeasyPrint mangler systembibliotekene")
    data = _without_templates(tmp_path)
    out = tmp_path / "brev.pdf"
    res = tb_in_process("render", "--data", str(data), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"%PDF-")


def data_repo(data: Path):
    from tildelingsbrev.pipeline import load_model, read

    return load_model(data, read(data)).repo


def test_one_override_is_used_and_the_rest_are_builtin(tmp_path):
    """En fil i data/mal/ overstyrer bare den innebygde med samme navn, også når den innebygde
    brev.md.j2 tar den inn."""
    data = _without_templates(tmp_path)
    (data / "mal").mkdir()
    (data / "mal" / "vedlegg1.md.j2").write_text("## Vedlegg 1: egen tekst\n", encoding="utf-8")
    md = render(data_repo(data), 2024, "md").decode("utf-8")
    golden = (GOLDEN / "brev-2024.md").read_text(encoding="utf-8")
    assert "## Vedlegg 1: egen tekst" in md
    assert md != golden
    # resten (brev.md.j2, mål.md.j2 …) er de innebygde
    assert md.splitlines()[:5] == golden.splitlines()[:5]
    assert _tb501(data) == []
    res = tb_in_process("mal", "--data", str(data))
    assert res.exit_code == 0, res.output
    lines = {line.split()[0]: line for line in res.output.splitlines() if line.startswith("  ")}
    assert "data/mal/" in lines["vedlegg1.md.j2"]
    assert lines["brev.md.j2"].rstrip().endswith("innebygd")
    n = len(builtin_templates())
    assert f"{n} maler: 1 fra {data}/mal/, {n - 1} innebygde" in res.output


def test_a_broken_override_is_reported_in_data_mal(tmp_path):
    """En ødelagt overstyring gir TB501 med fila og linjen i data/mal/, ikke i de innebygde."""
    data = _without_templates(tmp_path)
    (data / "mal").mkdir()
    (data / "mal" / "rapportering.md.j2").write_text("Rapportering\n\n{{ brev.finnes_ikke }}\n", encoding="utf-8")
    found = _tb501(data)
    assert found, "TB501 skulle meldt den ødelagte malen"
    assert {(f.location.file, f.location.line) for f in found} == {(data / "mal" / "rapportering.md.j2", 3)}


def test_a_template_missing_everywhere_is_reported_before_render(tmp_path):
    """En `include` av en mal som verken finnes i data/mal/ eller blant de innebygde, meldes av
    TB501 (med linjen som tar den inn), og `tb render` stopper på det samme."""
    data = _without_templates(tmp_path)
    (data / "mal").mkdir()
    (data / "mal" / "vedlegg1.md.j2").write_text('Vedlegg\n{% include "signatur.md.j2" %}\n', encoding="utf-8")
    found = _tb501(data)
    assert [(f.location.file, f.location.line) for f in found] == [(data / "mal" / "vedlegg1.md.j2", 2)]
    assert "fant ikke malen «signatur.md.j2»" in found[0].message
    res = tb_in_process("render", "--data", str(data), "-o", str(tmp_path / "x.md"))
    assert res.exit_code == 2
    assert "signatur.md.j2" in res.output


def test_a_linked_override_is_refused_not_replaced_by_the_builtin(tmp_path):
    """En lenke i data/mal/ leses ikke, og den innebygde brukes ikke i stedet: TB501 sier fra."""
    data = _without_templates(tmp_path)
    (data / "mal").mkdir()
    secret = tmp_path / "hemmelig.md.j2"
    secret.write_text("HEMMELIG\n", encoding="utf-8")
    os.symlink(secret, data / "mal" / "vedlegg1.md.j2")
    found = _tb501(data)
    assert found and all("HEMMELIG" not in f.message for f in found)
    assert any(f.location.file == data / "mal" / "vedlegg1.md.j2" for f in found)


def test_tb_mal_kopier_copies_and_never_overwrites(tmp_path):
    """`tb mal --kopier` kopierer de innebygde til data/mal/, og skriver aldri over en fil som
    finnes; brevet gjengis likt etterpå."""
    data = _without_templates(tmp_path)
    (data / "mal").mkdir()
    (data / "mal" / "brev.css").write_text("/* min egen */\n", encoding="utf-8")
    res = tb_in_process("mal", "--data", str(data), "--kopier")
    assert res.exit_code == 0, res.output
    assert "finnes fra før; ikke kopiert" in res.output
    n = len(builtin_templates())
    assert f"{n - 1} maler kopiert" in res.output and "1 fantes fra før" in res.output
    assert (data / "mal" / "brev.css").read_text(encoding="utf-8") == "/* min egen */\n"
    for name in builtin_templates():
        if name != "brev.css":
            assert (data / "mal" / name).read_bytes() == (BUILTIN_DIR / name).read_bytes()
    # en gang til: ingenting skrives
    res = tb_in_process("mal", "--data", str(data), "--kopier", "brev.md.j2")
    assert res.exit_code == 0 and "0 maler kopiert" in res.output
    res = tb_in_process("mal", "--data", str(data))
    n = len(builtin_templates())
    assert f"{n} maler: {n} fra {data}/mal/, 0 innebygde" in res.output


def test_tb_mal_kopier_one_name_and_unknown_names(tmp_path):
    data = _without_templates(tmp_path)
    res = tb_in_process("mal", "--data", str(data), "--kopier", "budsjett.md.j2")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (data / "mal").iterdir()) == ["budsjett.md.j2"]
    res = tb_in_process("mal", "--data", str(data), "--kopier", "finnes-ikke.md.j2")
    assert res.exit_code == 2 and "ingen innebygd mal heter «finnes-ikke.md.j2»" in res.output


def test_tb_mal_kopier_never_writes_through_a_link(tmp_path):
    """data/mal/ som en symbolsk lenke til en mappe utenfor: ingenting skrives der."""
    data = _without_templates(tmp_path)
    outside = tmp_path / "utenfor"
    outside.mkdir()
    os.symlink(outside, data / "mal")
    res = tb_in_process("mal", "--data", str(data), "--kopier")
    assert res.exit_code == 2
    assert "lenke" in res.output
    assert list(outside.iterdir()) == []


def test_published_data_is_unchanged_by_tb_mal(tmp_path):
    """`tb mal` på data/ lister bare; data/mal/ brukes for alle malene."""
    before = {p.name: p.read_bytes() for p in (PUBLISHED / "mal").iterdir()}
    res = tb_in_process("mal", "--data", str(PUBLISHED))
    assert res.exit_code == 0, res.output
    n = len(builtin_templates())
    assert f"{n} maler: {n} fra {PUBLISHED}/mal/, 0 innebygde" in res.output
    assert {p.name: p.read_bytes() for p in (PUBLISHED / "mal").iterdir()} == before
