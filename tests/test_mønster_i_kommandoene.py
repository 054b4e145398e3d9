"""Mønsteret for oppdragsnumre utenfor innlesingen (issue 17, oppfølgingen av punkt 4): brevet
et funn i en oppdragsfil som ikke kan leses gjelder, regnes ut fra filnavnet i hvilket som helst
mønster (`pipeline.letter_year`). `tb ny oppdrag`, `tb levert`, `tb nytt-brev` og `tb diff` har
sine tester i test_ny.py, test_levert.py, test_nytt_brev.py og test_diff.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_oppdragsnummer import med_mønster
from tildelingsbrev.pipeline import check


@pytest.mark.parametrize(("mønster", "fil"), [("{nr}/{år}", "2-2030.yaml"), ("TB{år}-{nr}", "TB2030-2.yaml")])
def test_et_funn_i_en_uleselig_oppdragsfil_gjelder_året_i_filnavnet(tmp_path: Path, mønster: str, fil: str) -> None:
    root, _ = med_mønster(tmp_path / "data", mønster)
    path = root / "oppdrag" / fil
    path.write_text(path.read_text(encoding="utf-8").replace("mål: 2", "mål: to"), encoding="utf-8")
    found = [f for f in check(root).active if f.code == "TB004" and Path(f.location.file).name == fil]
    assert found and all(f.år == 2030 for f in found)
    assert [f.år for f in check(root).for_letter(2030).active if Path(f.location.file).name == fil] == [2030]
