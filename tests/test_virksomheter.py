"""Flere virksomheter i ett repositorium (issue 16): virksomheter/KORT/ side om side, --virksomhet
på kommandoene, grunnlinje per virksomhet, felles maler og regelen for delte poster (TB801, TB802)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from icalendar import Calendar

from casekit import PUBLISHED, edit_once, tb_run

EKSEMPEL = Path(__file__).resolve().parents[1] / "eksempler" / "naturrestaurering"

def _to_virksomheter(tmp_path: Path) -> Path:
    """IMDi (det publiserte brevet) og NRDir (eksempelet) i virksomheter/, malene felles øverst."""
    repo = tmp_path / "repo"
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "IMDi")
    shutil.move(repo / "virksomheter" / "IMDi" / "mal", repo / "mal")
    shutil.copytree(EKSEMPEL, repo / "virksomheter" / "NRDir")
    return repo


def _delt_post(tmp_path: Path, andel: int) -> Path:
    """IMDi og «Kopi», en oppfunnet virksomhet med en kopi av brevet for 2024 som får `andel` av
    post 671.62, der brevet til IMDi sier «Det er bevilget 291,4 mill. kroner på posten. IMDis
    andel av bevilgningen utgjør 235,7 mill. kroner». Kopien har bare den posten i budsjettet (da
    går ikke summene og henvisningene i kopien opp; testene ser bare på TB801 og TB802)."""
    repo = tmp_path / "repo"
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "IMDi")
    kopi = repo / "virksomheter" / "Kopi"
    shutil.copytree(PUBLISHED, kopi)
    edit_once(kopi / "brev" / "2024" / "brev.yaml", "kortnavn: IMDi", "kortnavn: Kopi")
    edit_once(kopi / "budsjett" / "2024" / "671-62.yaml", "tildeling: 235693000", f"tildeling: {andel}")
    for post in (kopi / "budsjett" / "2024").glob("*.yaml"):
        if post.name not in ("671-62.yaml", "kap-671.yaml"):
            post.unlink()  # Kopi har bare en andel av 671.62
    return repo


def _lines(res, code: str) -> list[str]:
    return [line.replace("\u00a0", " ") for line in res.stdout.splitlines() if f" {code} " in line]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _to_virksomheter(tmp_path)


def test_check_sjekker_hver_virksomhet_med_sin_grunnlinje(repo: Path) -> None:
    res = tb_run("check", "--data", str(repo))
    assert res.code == 0, res
    # grunnlinjen til IMDi aksepterer de 47 kjente feilene i det publiserte brevet; NRDir har ingen
    assert res.stdout.strip().endswith("0 feil, 0 advarsler (47 kjente funn i grunnlinjen)"), res
    res = tb_run("check", "--data", str(repo), "--virksomhet", "NRDir")
    assert res.code == 0 and res.stdout.strip().endswith("0 feil, 0 advarsler"), res


def test_en_feil_i_én_virksomhet_meldes_med_stien_til_den(repo: Path) -> None:
    oppdrag = repo / "virksomheter" / "NRDir" / "oppdrag"
    first = sorted(oppdrag.glob("*.yaml"))[0]
    first.write_text(first.read_text(encoding="utf-8").replace("tittel:", "titel:", 1), encoding="utf-8")
    res = tb_run("check", cwd=repo)
    assert res.code == 1, res
    assert f"virksomheter/NRDir/oppdrag/{first.name}:" in res.stdout
    assert "virksomheter/IMDi/" not in res.stdout
    # bare IMDi: grønn
    assert tb_run("check", "--data", str(repo), "--virksomhet", "IMDi").code == 0


@pytest.mark.parametrize("cmd", [("render",), ("frister",), ("status",), ("vis", "2024-01")])
def test_uten_virksomhet_sier_tb_hvilke_som_finnes(repo: Path, cmd: tuple[str, ...]) -> None:
    res = tb_run(*cmd, "--data", str(repo))
    assert res.code == 2, res
    assert "data har 2 virksomheter (IMDi og NRDir); velg én med --virksomhet KORT" in res.stderr


def test_en_ukjent_virksomhet_får_et_forslag(repo: Path) -> None:
    res = tb_run("frister", "--data", str(repo), "--virksomhet", "IMDI2")
    assert res.code == 2
    assert "fant ikke virksomheten «IMDI2» (mente du IMDi?); data har IMDi og NRDir" in res.stderr


def test_kortnavnet_er_likt_med_store_og_små_bokstaver(repo: Path) -> None:
    res = tb_run("render", "--data", str(repo), "--virksomhet", "imdi")
    assert res.code == 0, res
    assert "Integrerings- og mangfoldsdirektoratet" in res.stdout


def test_én_virksomhet_med_feil_kortnavn_nektes() -> None:
    res = tb_run("frister", "--data", str(PUBLISHED), "--virksomhet", "NAV")
    assert res.code == 2
    assert "går til IMDi, ikke «NAV»" in res.stderr
    assert tb_run("frister", "--data", str(PUBLISHED), "--virksomhet", "IMDi", "--år", "2024").code == 0


def test_kalenderne_kolliderer_ikke(tmp_path: Path) -> None:
    """To virksomheter med det samme oppdraget (samme nummer, samme frist) får ulike UID-er, og
    kalenderen har navnet til virksomheten."""
    repo = tmp_path / "repo"
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "IMDi")
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "Kopi")
    uids = {}
    for kort in ("IMDi", "Kopi"):
        res = tb_run("frister", "--data", str(repo), "--virksomhet", kort, "--format", "ics", "--år", "2024")
        assert res.code == 0, res
        cal = Calendar.from_ical(res.stdout)
        assert str(cal["X-WR-CALNAME"]) == f"Frister i tildelingsbrevet til {kort}"
        uids[kort] = {str(e["UID"]) for e in cal.walk("VEVENT")}
    assert uids["IMDi"] and len(uids["IMDi"]) == len(uids["Kopi"])
    assert uids["IMDi"].isdisjoint(uids["Kopi"])


def test_delt_post_innenfor_bevilgningen(tmp_path: Path) -> None:
    # 235 693 000 + 55 700 000 = 291 393 000, som er 291,4 mill. kroner
    repo = _delt_post(tmp_path, 55_700_000)
    res = tb_run("check", cwd=repo)
    assert _lines(res, "TB801") == [] and _lines(res, "TB802") == [], res


def test_delt_post_over_bevilgningen_meldes_i_begge_brevene(tmp_path: Path) -> None:
    # 235 693 000 + 55 757 000 = 291 450 000, som avrundes til 291,5 mill. kroner
    repo = _delt_post(tmp_path, 55_757_000)
    res = tb_run("check", cwd=repo)
    assert res.code == 1, res
    lines = _lines(res, "TB801")
    assert [line.split(":")[0] for line in lines] == [
        "virksomheter/IMDi/budsjett/2024/671-62.yaml",
        "virksomheter/Kopi/budsjett/2024/671-62.yaml",
    ], res
    assert "tildelt 291 450 000 kroner (291,45 mill. kroner) på post 671.62 i 2024" in lines[0], lines
    assert "mer enn de 291,4 mill. kroner som er bevilget (IMDi 235 693 000, Kopi 55 757 000)" in lines[0]
    # bare den ene virksomheten: funnet står i dens egen fil
    res = tb_run("check", "--virksomhet", "Kopi", cwd=repo)
    assert [line.split(":")[0] for line in _lines(res, "TB801")] == ["virksomheter/Kopi/budsjett/2024/671-62.yaml"]


def test_bevilgningen_står_ulikt(tmp_path: Path) -> None:
    repo = _delt_post(tmp_path, 10_000_000)
    kopi = repo / "virksomheter" / "Kopi" / "budsjett" / "2024" / "671-62.yaml"
    edit_once(kopi, 'bevilget: "291,4 mill. kroner"', 'bevilget: "219,4 mill. kroner"')
    res = tb_run("check", cwd=repo)
    warned = _lines(res, "TB802")
    assert len(warned) == 2, res
    assert "står som «219,4 mill. kroner» her, men som «291,4 mill. kroner» i brevet til IMDi for 2024" in warned[1]


def test_hurtigbufferen_ser_endringer_hos_de_andre(tmp_path: Path) -> None:
    """Sjekken av IMDi avhenger av andelen i brevet til Kopi: endres den, sjekkes IMDi på nytt."""
    repo = _delt_post(tmp_path, 55_700_000)
    env = {"TB_CACHE_DIR": str(tmp_path / "buffer")}
    assert _lines(tb_run("check", "--virksomhet", "IMDi", cwd=repo, env=env), "TB801") == []
    edit_once(repo / "virksomheter" / "Kopi" / "budsjett" / "2024" / "671-62.yaml", "55700000", "65700000")
    res = tb_run("check", "--virksomhet", "IMDi", cwd=repo, env=env)
    assert res.code == 1 and len(_lines(res, "TB801")) == 1, res


def test_felles_maler_øverst_brukes_og_sjekkes(repo: Path, tmp_path: Path) -> None:
    env = {"TB_CACHE_DIR": str(tmp_path / "buffer")}
    assert tb_run("check", "--data", str(repo), env=env).code == 0
    mal = repo / "mal" / "brev.md.j2"
    mal.write_text("FELLES MAL {{ brev.tittel }}\n", encoding="utf-8")
    for kort in ("IMDi", "NRDir"):
        res = tb_run("render", "--data", str(repo), "--virksomhet", kort)
        assert res.code == 0 and res.stdout.startswith("FELLES MAL "), res
    mal.write_text("{% if %}\n", encoding="utf-8")
    res = tb_run("check", "--data", str(repo), env=env)  # hurtigbufferen ser den felles malen
    assert res.code == 1 and "TB501" in res.stdout, res


def test_egen_malmappe_for_en_virksomhet(repo: Path) -> None:
    own = repo / "virksomheter" / "NRDir" / "mal"
    own.mkdir()
    (own / "brev.md.j2").write_text("EGEN MAL\n", encoding="utf-8")
    assert tb_run("render", "--data", str(repo), "--virksomhet", "NRDir").stdout == "EGEN MAL\n"
    assert not tb_run("render", "--data", str(repo), "--virksomhet", "IMDi").stdout.startswith("EGEN MAL")
    res = tb_run("mal", "--data", str(repo), "--virksomhet", "NRDir")
    assert "brev.md.j2" in res.stdout and "mal/ (overstyrer den innebygde)" in res.stdout


def test_en_lenke_i_virksomheter_følges_ikke(repo: Path, tmp_path: Path) -> None:
    secret = tmp_path / "hemmelig"
    shutil.copytree(EKSEMPEL, secret)
    os.symlink(secret, repo / "virksomheter" / "Lenke")
    res = tb_run("check", "--data", str(repo))
    assert res.code == 0 and "Lenke" not in res.out, res
    res = tb_run("frister", "--data", str(repo), "--virksomhet", "Lenke")
    assert res.code == 2 and "fant ikke virksomheten «Lenke»" in res.stderr


def test_fra_roten_av_repositoriet_uten_data(repo: Path) -> None:
    res = tb_run("check", cwd=repo)
    assert res.code == 0, res
    res = tb_run("frister", "--virksomhet", "NRDir", "--år", "2025", cwd=repo)
    assert res.code == 0 and "2024-07" in res.stdout, res
    res = tb_run("frister", "--år", "2024", cwd=repo / "virksomheter" / "IMDi")
    assert res.code == 0 and "2024-01" in res.stdout, res


def test_filnavnet_får_år_og_virksomhet(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    for kort in ("IMDi", "NRDir"):
        res = tb_run("render", "--virksomhet", kort, "-o", str(out / "tildelingsbrev-{år}-{virksomhet}.md"), cwd=repo)
        assert res.code == 0, res
    assert sorted(p.name for p in out.iterdir()) == ["tildelingsbrev-2024-IMDi.md", "tildelingsbrev-2025-NRDir.md"]
    res = tb_run("status", "--virksomhet", "NRDir", "-f", "md", "-o", str(out / "status-{virksomhet}.md"), cwd=repo)
    assert res.code == 0 and (out / "status-NRDir.md").read_text(encoding="utf-8").startswith(
        "# Status for tildelingsbrevet for 2025 til NRDir\n"
    )


def test_et_kortnavn_med_skråstrek_blir_ikke_en_sti(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    edit_once(data / "brev" / "2024" / "brev.yaml", "kortnavn: IMDi", 'kortnavn: "../../ut"')
    res = tb_run("frister", "--data", str(data), "--år", "2024", "-f", "csv", "-o", str(tmp_path / "frister-{virksomhet}.csv"))
    assert res.code == 0, res
    assert [p.name for p in tmp_path.glob("frister-*.csv")] == ["frister--..-ut.csv"]


def test_samme_funn_i_én_og_to_prosesser(tmp_path: Path) -> None:
    """Med flere virksomheter sjekkes annenhver i en kopi av prosessen; rapporten er den samme."""
    repo = _delt_post(tmp_path, 55_757_000)
    one = tb_run("check", cwd=repo, env={"TB_PARALLELL": "0", "TB_CACHE": "0"})
    two = tb_run("check", cwd=repo, env={"TB_PARALLELL": "1", "TB_CACHE": "0"})
    assert one.code == two.code == 1
    assert one.stdout == two.stdout and "TB801" in one.stdout


def test_en_feil_i_en_felles_mal_meldes_én_gang(tmp_path: Path) -> None:
    """To virksomheter med brev for 2024 og en ødelagt felles mal: det samme funnet én gang."""
    repo = _delt_post(tmp_path, 10_000_000)
    shutil.move(repo / "virksomheter" / "IMDi" / "mal", repo / "mal")
    shutil.rmtree(repo / "virksomheter" / "Kopi" / "mal")
    (repo / "mal" / "brev.md.j2").write_text("{% if %}\n", encoding="utf-8")
    res = tb_run("check", cwd=repo)
    lines = [line for line in res.stdout.splitlines() if " TB501 " in line]
    assert res.code == 1 and len(lines) == 1 and lines[0].startswith("mal/brev.md.j2:1:1:"), res
