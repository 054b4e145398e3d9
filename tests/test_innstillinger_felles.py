"""Felles `innstillinger.yaml` øverst i et repositorium med flere virksomheter (issue 17): den
gjelder hver virksomhet som ikke har sin egen, som de felles malene (`virksomheter.malmappe`).

Det som prøves, er det brukeren merker: `tb check` er ren for en virksomhet med numrene i det
felles mønsteret, en virksomhet med sin egen fil følger den, `tb ny oppdrag` skriver nummeret i
det felles mønsteret, en feil i den felles fila meldes med stien til den, og hurtigbufferen ser
en endring i den."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casekit import copy_valid, edit_once, tb_run
from test_oppdragsnummer import med_mønster


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """To virksomheter: TB med numrene i mønsteret TB{år}-{nr} og uten egen innstillingsfil, og
    STD med standardnumrene og sin egen; den felles fila øverst har TB{år}-{nr}."""
    top = tmp_path / "repo"
    tb, _ = med_mønster(top / "virksomheter" / "TB", "TB{år}-{nr}")
    (tb / "innstillinger.yaml").unlink()
    std = copy_valid(top / "virksomheter" / "STD")
    (std / "innstillinger.yaml").write_text('oppdragsnummer: "{år}-{nr:2}"\n', encoding="utf-8")
    for name, root in (("TB", tb), ("STD", std)):
        edit_once(root / "brev" / "2030" / "brev.yaml", "kortnavn: TDIR", f"kortnavn: {name}")
    (top / "innstillinger.yaml").write_text('oppdragsnummer: "TB{år}-{nr}"\n', encoding="utf-8")
    return top


def codes(res) -> set[str]:
    """Kodene i funnene fra `tb check`, uten TB801: de to kopiene av testbrevet deler post
    100.21 og får mer enn bevilgningen til sammen."""
    return {w for line in res.stdout.splitlines() for w in line.split() if re.fullmatch(r"TB\d{3}", w)} - {"TB801"}


def test_den_felles_fila_gjelder_virksomheten_uten_egen(repo: Path) -> None:
    for kort in ("TB", "STD"):
        res = tb_run("check", "--data", str(repo), "--virksomhet", kort)
        assert codes(res) == set(), res
    assert codes(tb_run("check", "--data", str(repo))) == set()


def test_uten_den_felles_fila_er_numrene_feil(repo: Path) -> None:
    (repo / "innstillinger.yaml").unlink()
    res = tb_run("check", "--data", str(repo), "--virksomhet", "TB")
    assert "TB004" in codes(res) and "«TB2030-1» er ikke et oppdragsnummer etter mønsteret {år}-{nr:2}" in res.stdout, res


def test_tb_ny_oppdrag_bruker_det_felles_mønsteret(repo: Path) -> None:
    args = ("ny", "oppdrag", "--data", str(repo), "--år", "2030", "--mål", "1", "--tittel", "Nytt oppdrag")
    res = tb_run(*args, "--virksomhet", "TB")
    assert res.code == 0, res
    assert (repo / "virksomheter" / "TB" / "oppdrag" / "TB2030-3.yaml").is_file()
    res = tb_run(*args, "--virksomhet", "STD")
    assert res.code == 0, res
    assert (repo / "virksomheter" / "STD" / "oppdrag" / "2030-03.yaml").is_file()


def test_en_feil_i_den_felles_fila_meldes_med_stien_og_hurtigbufferen_ser_den(repo: Path, tmp_path: Path) -> None:
    env = {"TB_CACHE_DIR": str(tmp_path / "buffer")}
    assert codes(tb_run("check", "--virksomhet", "TB", cwd=repo, env=env)) == set()
    (repo / "innstillinger.yaml").write_text('oppdragsnummer: "TB{år}{nr}"\n', encoding="utf-8")
    res = tb_run("check", "--virksomhet", "TB", cwd=repo, env=env)
    assert res.code == 1, res
    lines = [line for line in res.stdout.splitlines() if " TB004 " in line]
    assert lines and all(line.startswith("innstillinger.yaml:1:") for line in lines), res.stdout
    assert "må ha et skilletegn" in lines[0]


def test_en_lenke_som_felles_fil_leses_ikke(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig.yaml"
    secret.write_text('oppdragsnummer: "TB{år}-{nr}"\n', encoding="utf-8")
    (repo / "innstillinger.yaml").unlink()
    (repo / "innstillinger.yaml").symlink_to(secret)
    res = tb_run("check", "--virksomhet", "TB", cwd=repo)
    assert res.code == 1, res
    assert "innstillinger.yaml: feil TB008" in res.stdout.replace("\u00a0", " ") or "TB008" in res.stdout, res
    assert "symbolsk lenke" in res.stdout
