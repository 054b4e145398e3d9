"""Hverdagsbruk for departementets folk (issue 19, punkt 1–4): `tb` fra en hvilken som helst
mappe i depotet, ASCII-navn og «mente du …?», ukjente filtre som feil, `--version` og `-o`.

Gjennom den ekte kommandolinja (`tb` i en underprosess), med de publiserte dataene i data/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)

SUMMARY = "0 feil, 0 advarsler (47 kjente funn i grunnlinjen)\n"


def tb(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("TB_DATA", "GITHUB_ACTIONS")}
    environ.update(env or {})
    return subprocess.run(
        [str(TB), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120
    )


# 1. Data-mappa finnes ved å gå oppover


def test_fra_roten_ingen_melding() -> None:
    res = tb("check")
    assert res.returncode == 0 and res.stdout == SUMMARY and res.stderr == ""


@pytest.mark.parametrize("sub", ["data", "data/oppdrag", "src/tildelingsbrev"])
def test_fra_en_undermappe(sub: str) -> None:
    res = tb("check", cwd=ROOT / sub)
    assert res.returncode == 0, res
    assert res.stdout == SUMMARY
    expected = os.path.relpath(DATA, ROOT / sub)
    assert res.stderr == f"tb: bruker data-mappa «{expected}»\n"


def test_stiene_i_funnene_er_relative_til_arbeidsmappa() -> None:
    res = tb("check", "--no-baseline", cwd=ROOT / "data" / "brev")
    assert res.returncode == 1
    assert "../oppdrag/2024-13.yaml:7:5: advarsel TB309" in res.stdout
    assert res.stdout.endswith("12 feil, 35 advarsler\n")


def test_miljovariabelen(tmp_path: Path) -> None:
    res = tb("check", cwd=tmp_path, env={"TB_DATA": str(DATA)})
    assert res.returncode == 0 and res.stdout == SUMMARY
    assert res.stderr == f"tb: bruker data-mappa «{DATA}»\n"


def test_data_valget_vinner(tmp_path: Path) -> None:
    res = tb("check", "--data", str(tmp_path / "finnes-ikke"), cwd=ROOT / "data", env={"TB_DATA": str(DATA)})
    assert res.returncode == 2
    assert res.stderr == f"tb: fant ikke data-mappa «{tmp_path / 'finnes-ikke'}» (bruk --data MAPPE)\n"


def test_utenfor_et_depot(tmp_path: Path) -> None:
    res = tb("check", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr == "tb: fant ikke data-mappa «data» (bruk --data MAPPE)\n"


def test_frister_og_vis_fra_en_undermappe() -> None:
    res = tb("frister", "--fra", "2024-01-01", "--format", "json", cwd=ROOT / "data" / "oppdrag")
    assert res.returncode == 0 and res.stdout == tb("frister", "--fra", "2024-01-01", "--format", "json").stdout
    res = tb("vis", "2024-13", cwd=ROOT / "data" / "oppdrag")
    assert res.returncode == 0 and "2024-13" in res.stdout


# 4. --version og -o FIL


def test_version() -> None:
    from importlib.metadata import version

    res = tb("--version")
    assert res.returncode == 0 and res.stdout == f"tb {version('tildelingsbrev')}\n" and res.stderr == ""


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "--no-baseline", "--format", "json"),
        ("frister", "--fra", "2024-01-01"),
        ("frister", "--fra", "2024-01-01", "--format", "ics"),
        ("vis", "2024-13"),
        ("vis", "2024-13", "--format", "json"),
        ("regler",),
        ("regler", "--format", "json"),
    ],
)
def test_o_skriver_det_skjermen_ville_fatt(tmp_path: Path, args: tuple[str, ...]) -> None:
    screen = tb(*args)
    out = tmp_path / "rapport.txt"
    res = tb(*args, "-o", str(out))
    assert res.returncode == screen.returncode
    assert res.stdout == ""
    assert out.read_text(encoding="utf-8") == screen.stdout
    size = f"{out.stat().st_size:,}".replace(",", " ")
    assert res.stderr == f"Skrev {out} ({size} byte)\n"
    assert os.listdir(tmp_path) == ["rapport.txt"]


@pytest.mark.parametrize("command", [("frister",), ("vis", "2024-13"), ("regler",), ("check",)])
def test_o_som_ikke_kan_skrives(tmp_path: Path, command: tuple[str, ...]) -> None:
    res = tb(*command, "-o", str(tmp_path))
    assert res.returncode == 2 and res.stderr == f"tb: «{tmp_path}» er en mappe; -o trenger et filnavn\n"
    res = tb(*command, "-o", str(tmp_path / "mangler" / "fil.txt"))
    assert res.returncode == 2 and res.stderr == f"tb: mappa «{tmp_path / 'mangler'}» finnes ikke\n"


# 2. ASCII-navn, «mente du …?», perioder og datoer, valg som ikke går sammen


def test_ascii_navn_gir_det_samme() -> None:
    norsk = tb("frister", "--fra", "2024-01-01", "--mål", "2", "--uten-løpende", "-f", "csv")
    ascii_ = tb("frister", "--fra", "2024-01-01", "--maal", "2", "--uten-lopende", "-f", "csv")
    assert norsk.returncode == ascii_.returncode == 0
    assert ascii_.stdout == norsk.stdout and "løpende" not in ascii_.stdout.splitlines()[1]
    assert tb("frister", "--fra", "2024-01-01", "--maal=2", "-f", "csv").stdout == tb(
        "frister", "--fra", "2024-01-01", "--mål=2", "-f", "csv"
    ).stdout


def test_ascii_navn_for_render_og_ny(tmp_path: Path) -> None:
    res = tb("render", "--aar", "2023")
    assert res.returncode == 2 and res.stderr == "tb: fant ikke noe brev for 2023; data har 2024\n"
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    res = tb("ny", "oppdrag", "--aar", "2024", "--maal", "2", "--tittel", "Nytt", "--data", str(data))
    assert res.returncode == 0, res
    assert (data / "oppdrag" / "2024-18.yaml").is_file()


def test_hjelpen_nevner_ascii_navnene() -> None:
    out = tb("frister", "-h").stdout
    assert "--mål <heltall>" in out and "Også --maal." in out and "Også --uten-lopende." in out
    assert "Også --aar." in tb("render", "-h").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("frister", "--nest", "30d"), "tb: ukjent valg --nest (mente du --neste?)\n"),
        (("chek",), "tb: ukjent kommando «chek» (mente du check eller schema?)\n"),
        (("check", "data"), "tb: uventet argument: data (mente du --data data?)\n"),
        (
            ("frister", "--neste", "30", "d"),
            "tb: ugyldig periode «30 d» for --neste: skriv tall og enhet i ett ord, for eksempel --neste 30d\n",
        ),
        (
            ("frister", "--neste", "1", "måned"),
            "tb: ugyldig periode «1 måned» for --neste: skriv tall og enhet i ett ord, for eksempel --neste 1m\n",
        ),
    ],
)
def test_bruksfeil_med_forslag(args: tuple[str, ...], message: str) -> None:
    res = tb(*args)
    assert res.returncode == 2
    first, see = res.stderr.splitlines(keepends=True)
    assert first == message and see.startswith("Se «tb")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("vis", "2023-7"), "tb: fant ikke oppdrag «2023-7» i {d} (verken en fil i {d}/oppdrag eller nevnt i brevet); mente du 2023-07?\n"),
        (
            ("frister", "--neste", "1 måned"),
            "tb: «1 måned» er ingen periode; skriv for eksempel 30d, 6u, 3m eller 1å; mente du --neste 1m?\n",
        ),
        (("frister", "--fra", "2024-02-31"), "tb: ugyldig dato for --fra: «2024-02-31»: februar 2024 har 29 dager\n"),
        (("frister", "--til", "31.13.2024"), "tb: ugyldig dato for --til: «31.13.2024»: det finnes ingen måned 13\n"),
        (("frister", "--fra", "i går"), "tb: «i går» er ingen dato; skriv 2024-03-01 eller 01.03.2024\n"),
        (
            ("frister", "--neste", "30d", "--til", "2024-12-31"),
            "tb: --neste og --til kan ikke brukes sammen (begge bestemmer siste dag); velg ett av dem\n",
        ),
        (
            ("forklar", "kapitelsum"),
            "tb: ukjent regel «kapitelsum»; mente du TB201 kapittelsum eller TB404 post-kapittel? (se `tb regler`)\n",
        ),
    ],
)
def test_feil_med_forslag(args: tuple[str, ...], message: str) -> None:
    res = tb(*args)
    assert res.returncode == 2
    assert res.stderr == message.format(d="data") and res.stdout == ""


def test_ny_med_ugyldig_frist(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    res = tb("ny", "oppdrag", "--data", str(data), "--år", "2024", "--mål", "2", "--tittel", "T", "--frist", "2024-06-31")
    assert res.returncode == 2
    assert res.stderr == "tb: ugyldig dato for --frist: «2024-06-31»: juni 2024 har 30 dager\n"


# 3. Ukjente mål, oppdrag og år som filter er en feil som sier hva som finnes


def test_frister_ukjent_mål() -> None:
    res = tb("frister", "--mål", "7")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr == "tb: fant ikke mål 7 i data; målene som finnes: 1, 2, 3, 4, 5, 6\n"


def test_frister_ukjent_oppdrag() -> None:
    res = tb("frister", "--oppdrag", "2030")
    assert res.returncode == 2
    assert res.stderr == "tb: fant ikke oppdrag som begynner med «2030»; data har oppdrag for 2021, 2022, 2023, 2024\n"
    # et kjent prefiks uten frister i vinduet er fortsatt bare tomt
    assert tb("frister", "--oppdrag", "2024-1", "--fra", "2024-01-01", "-f", "csv").returncode == 0


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _files(data: Path) -> list[str]:
    return sorted(str(p.relative_to(data)) for p in data.rglob("*.yaml"))


@pytest.mark.parametrize("kind", [("oppdrag", "--tittel", "T"), ("styringsparameter", "--tekst", "T")])
def test_ny_nekter_et_mål_som_ikke_finnes(data: Path, kind: tuple[str, ...]) -> None:
    before = _files(data)
    res = tb("ny", kind[0], "--data", str(data), "--år", "2024", "--mål", "9", *kind[1:])
    assert res.returncode == 2 and _files(data) == before
    assert res.stderr == (
        "tb: mål 9 finnes ikke for 2024; målene for 2024: 1, 2, 3, 4, 5, 6; bruk --tving for å lage fila likevel\n"
    )
    res = tb("ny", kind[0], "--data", str(data), "--år", "2024", "--mål", "9", *kind[1:], "--tving")
    assert res.returncode == 0, res
    assert "mål 9 finnes ikke for 2024" in res.stderr  # merknaden som før


@pytest.mark.parametrize("kind", [("oppdrag", "--tittel", "T"), ("styringsparameter", "--tekst", "T")])
def test_ny_nekter_et_år_uten_brev(data: Path, kind: tuple[str, ...]) -> None:
    before = _files(data)
    res = tb("ny", kind[0], "--data", str(data), "--aar", "2027", "--mål", "1", *kind[1:])
    assert res.returncode == 2 and _files(data) == before
    assert res.stderr == (
        "tb: det finnes ikke noe brev for 2027 (brev/2027/brev.yaml); data har brev for 2024; "
        "bruk --tving for å lage fila likevel\n"
    )
    assert tb("ny", kind[0], "--data", str(data), "--år", "2027", "--mål", "1", *kind[1:], "--tving").returncode == 0
    # året etter det nyeste brevet er brevet som forberedes: godtatt
    assert tb("ny", kind[0], "--data", str(data), "--år", "2025", "--mål", "1", *kind[1:]).returncode == 0


# 6. Ingen engelske meldinger igjen: fullføringen i skallet


def test_fullføring_for_et_skall_som_ikke_finnes_sier_det_på_norsk() -> None:
    res = tb(env={"_TB_COMPLETE": "source_sh"})
    assert res.returncode == 1
    assert res.stderr == "tb: fullføring (Tab) finnes ikke for «sh»; den finnes for bash, zsh, fish, powershell, pwsh\n"
    assert "not supported" not in res.stderr + res.stdout


def test_show_completion_fra_sh_sier_det_på_norsk() -> None:
    sh = shutil.which("sh")
    if sh is None or Path(sh).resolve().name == "bash":
        pytest.skip("trenger et sh som ikke er bash")
    res = subprocess.run([sh, "-c", f"'{TB}' --show-completion"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 1
    assert "fullføring (Tab) finnes ikke for «sh»" in res.stderr
    assert "not supported" not in res.stderr + res.stdout


def test_install_completion_sier_hvor_på_norsk(tmp_path: Path) -> None:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash finnes ikke her")
    env = {**os.environ, "HOME": str(tmp_path)}
    res = subprocess.run(
        [bash, "-c", f"'{TB}' --install-completion; exit $?"], capture_output=True, text=True, env=env, timeout=60
    )
    assert res.returncode == 0, res.stderr
    script = tmp_path / ".bash_completions" / "tb.sh"
    assert res.stdout.splitlines()[0] == f"Fullføring for bash er installert i {script}."
    assert "_TB_COMPLETE=complete_bash" in script.read_text(encoding="utf-8")
    assert "installed" not in res.stdout


# 5. make run som demonstrasjon: de kjente feilene i det publiserte brevet, én setning hver


def test_grunnlinje_liste_har_hver_kjent_feil_på_én_linje() -> None:
    from ruamel.yaml import YAML

    entries = YAML(typ="safe").load((DATA / "baseline.yaml").read_text(encoding="utf-8"))["akseptert"]
    res = tb("grunnlinje", "--liste")
    assert res.returncode == 0, res.stderr
    head, *lines = res.stdout.splitlines()
    assert head == f"Kjente feil i brevet for 2024 ({len(entries)} oppføringer i data/baseline.yaml):"
    assert len(lines) == len(entries)
    for e in entries:
        prefix = f"  {e['kode']} {e['gjelder']}: "
        line = next(x for x in lines if x.startswith(prefix))
        reason = " ".join(e["begrunnelse"].split())
        sentence = line[len(prefix) :]
        assert reason.startswith(sentence) and sentence.endswith((".", "»", ")")), line
    # «kap.» og «pkt.» avslutter ingen setning; «Trykt slik.» gjør det
    kap671 = next(x for x in lines if x.startswith("  TB201 "))
    assert kap671.endswith("mens postene summerer til 25 949 864 000.")


def test_first_sentence() -> None:
    from tildelingsbrev.cli.grunnlinje import first_sentence

    assert first_sentence("Pkt. 9.1 sier X; kap. 1 sier Y. Mer her.") == "Pkt. 9.1 sier X; kap. 1 sier Y."
    assert first_sentence("Trykt slik.\n  Samme oppdrag.") == "Trykt slik."
    assert first_sentence("Uten punktum") == "Uten punktum"


def test_grunnlinje_migrer_og_liste_sammen_er_feil() -> None:
    res = tb("grunnlinje", "--liste", "--migrer")
    assert res.returncode == 2
    assert res.stderr.startswith("tb: --migrer og --liste kan ikke brukes sammen")


def test_make_run_er_en_demonstrasjon_uten_alarm() -> None:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    run = text[text.index("\nrun:") : text.index("\ntest:")]
    assert "--no-baseline ||" not in run  # ingen «12 feil, 35 advarsler» og kode 0 i demoen
    for command in ("tb check", "tb grunnlinje --liste", "tb frister", "tb status", "tb render -o ut/"):
        assert command in run.replace("$(BIN)/", "")


def test_tb_virker_uten_click() -> None:
    """Typer har sin egen kopi av click; en ny installasjon har ikke pakken click. `tb` må ikke
    importere den (et `import click` i en tilbakekalling knakk hver kommando på en ren maskin)."""
    import sys

    code = (
        "import sys; sys.modules['click'] = None\n"  # import click gir ImportError
        "from tildelingsbrev.cli import main\n"
        "sys.argv = ['tb'] + sys.argv[1:]\n"
        "main()\n"
    )
    for args in (["check"], ["frister", "--fra", "2024-03-01", "--neste", "30d"], ["vis", "2024-13"], ["--help"]):
        res = subprocess.run(
            [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert res.returncode == 0, (args, res.stderr)
        assert "click" not in res.stderr


def test_hjelpen_lister_kommandoene_etter_bruk() -> None:
    """`tb --help` har de vanligste oppgavene først, og hver kommando har en plass i rekkefølgen
    (en ny kommando havner ikke bakerst uten at noen har tenkt på det)."""
    from tildelingsbrev.cli.hjelp import ORDER

    res = tb("--help")
    listed = [line.split()[0] for line in res.stdout.split("Kommandoer:\n", 1)[1].splitlines() if line.strip()]
    assert listed == list(ORDER)


def test_hjelpen_laster_ikke_modellene() -> None:
    """`tb --help` og et treff i hurtigbufferen skal starte raskt: kommandolinja importerer ikke
    modellene (pydantic), fristene, sammenligningen eller malene før en kommando trenger dem.
    (Tiden måles i `make bench`; her sjekkes årsaken: en import på toppen av en cli-modul.)"""
    import sys

    code = (
        "import sys, tildelingsbrev.cli\n"
        "heavy = ('pydantic', 'tildelingsbrev.model', 'tildelingsbrev.deadlines', 'tildelingsbrev.diff',"
        " 'holidays', 'jinja2')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == ""
