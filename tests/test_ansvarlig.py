"""Avdelingen som har ansvaret for et oppdrag (`ansvarlig` i oppdragsfila, issue 17 punkt 4):
valgfri, og vist av `tb vis` (tekst og JSON); `tb frister` og `tb status` er prøvd i
test_frister.py og test_status.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from casekit import tb_in_process

DATA = Path(__file__).resolve().parents[1] / "data"


def test_vis_shows_the_responsible_department_only_when_there_is_one(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "oppdrag" / "2024-16.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("mål: 6\n", "mål: 6\nansvarlig: Integreringsavdelingen\n"), encoding="utf-8")
    text = tb_in_process("vis", "2024-16", "--data", str(data)).stdout
    assert "Ansvarlig:    Integreringsavdelingen" in text.splitlines()
    view = json.loads(tb_in_process("vis", "2024-16", "--data", str(data), "-f", "json").stdout)
    assert view["ansvarlig"] == "Integreringsavdelingen"
    other = tb_in_process("vis", "2024-15", "--data", str(data))
    assert "Ansvarlig" not in other.stdout
    assert json.loads(tb_in_process("vis", "2024-15", "--data", str(data), "-f", "json").stdout)["ansvarlig"] is None
