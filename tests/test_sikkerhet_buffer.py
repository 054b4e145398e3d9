"""Issue 11: hurtigbufferen for `tb check` (punkt 4, 8, 9 og 10) og relaterte steder i funn
som gjelder to filer.

Hvert tilfelle kjører den ekte kommandolinja (`.venv/bin/tb` i en underprosess) med
`TB_CACHE_DIR` i en midlertidig mappe, og sammenligner med en kjøring uten buffer
(`TB_CACHE=0`): bufferen skal aldri gi et annet svar enn sjekken selv. Tidsgrensene er bare
et vern mot en test som henger; det som sjekkes, er avslutningskoden og utskriften.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from casekit import edit_once as _edit
from tildelingsbrev.cache import cached_check
from tildelingsbrev.findings import Location
from tildelingsbrev.pipeline import check

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)

KAP = "budsjett/2024/kap-601.yaml"
GIGABYTE = 1 << 30


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"kode {self.code}\n--- stdout\n{self.stdout[:3000]}\n--- stderr\n{self.stderr[:3000]}"


def _limit_memory() -> None:  # pragma: no cover - kjører i underprosessen
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))


def tb(
    cwd: Path,
    *args: str,
    buffer: Path | None,
    umask: int | None = None,
    timeout: float = 60,
    xdg: Path | None = None,
    pythonpath: Path | None = None,
) -> Run:
    """Kjør `tb` med bufferen i `buffer` (None: uten buffer; med `xdg`: i standardmappa under
    XDG_CACHE_HOME). Minnet begrenses til 1 GiB, så en buffer som leses uten grense, feiler i
    stedet for å fylle maskinen."""
    env = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        env.pop(k, None)
    env.pop("TB_CACHE_DIR", None)
    env.update(NO_COLOR="1", COLUMNS="200", TB_DEBUG="1")
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    if xdg is not None:
        env["TB_CACHE"] = "1"
        env["XDG_CACHE_HOME"] = str(xdg)
    elif buffer is None:
        env["TB_CACHE"] = "0"
    else:
        env["TB_CACHE"] = "1"
        env["TB_CACHE_DIR"] = str(buffer)

    def setup() -> None:  # pragma: no cover - kjører i underprosessen
        _limit_memory()
        if umask is not None:
            os.umask(umask)

    try:
        p = subprocess.run(
            [str(TB), *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            preexec_fn=setup,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"tb {' '.join(args)} ble ikke ferdig innen {timeout} s (henger?)")
    run = Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))
    assert "Traceback" not in run.stdout + run.stderr, str(run)
    assert "intern feil" not in run.stdout + run.stderr, str(run)
    return run


@pytest.fixture
def repo(tmp_path) -> Path:
    """En kopi av data/ i tmp/repo/data, med én feil (TB201 i kap. 601, med relaterte steder)
    så utskriften har noe å sammenligne. Alle filene er eldre enn bufferen blir."""
    root = tmp_path / "repo" / "data"
    shutil.copytree(DATA, root)
    kap = root / KAP
    _edit(kap, "sum: 25200000", "sum: 25300000")
    old = time.time() - 600
    for p in root.rglob("*"):
        os.utime(p, (old, old), follow_symlinks=False)
    return root


def _cache_file(buffer: Path) -> Path:
    (path,) = buffer.glob("sjekk-*.json")
    return path


def _assert_private(path: Path) -> None:
    st = os.lstat(path)
    assert stat.S_ISREG(st.st_mode), f"{path} er ikke en vanlig fil"
    assert stat.S_IMODE(st.st_mode) == 0o600, oct(st.st_mode)


# ---------------------------------------------------------------- punkt 4: filnavn


@pytest.mark.parametrize("buffered", [False, True], ids=["uten-buffer", "med-buffer"])
def test_filnavn_som_ikke_er_utf8_gir_ikke_intern_feil(repo, tmp_path, buffered):
    """`oppdrag/2024-13\\xff.yaml` ga UnicodeEncodeError i nøkkelen til bufferen, også med
    TB_CACHE=0. Nå gir to kjøringer (den andre fra bufferen) samme svar, uten intern feil."""
    folder = os.fsencode(repo / "oppdrag")
    shutil.copyfile(os.path.join(folder, b"2024-13.yaml"), os.path.join(folder, b"2024-13\xff.yaml"))
    buffer = tmp_path / "buffer" if buffered else None
    first = tb(repo.parent, "check", "--format", "text", buffer=buffer)
    assert first.code in (0, 1), str(first)
    second = tb(repo.parent, "check", "--format", "text", buffer=buffer)
    assert (second.code, second.stdout) == (first.code, first.stdout)
    if buffered:
        inode = _cache_file(buffer).stat().st_ino
        third = tb(repo.parent, "check", "--format", "text", buffer=buffer)
        assert _cache_file(buffer).stat().st_ino == inode  # et treff: bufferen ble ikke skrevet på nytt
        assert (third.code, third.stdout) == (first.code, first.stdout)


# ---------------------------------------------------------------- punkt 8: samme stat, nytt innhold


def test_fil_skrevet_om_med_samme_storrelse_og_endringstid_sjekkes(repo, tmp_path):
    """En fil skrevet om på stedet (samme inode) med samme størrelse og endringstiden satt
    tilbake (`touch -d`) ga det gamle, rene svaret fra bufferen."""
    buffer = tmp_path / "buffer"
    kap = repo / KAP
    _edit(kap, "sum: 25300000", "sum: 25200000")
    before = os.stat(kap)
    os.utime(kap, ns=(before.st_atime_ns, before.st_mtime_ns - 600 * 10**9))
    before = os.stat(kap)
    clean = tb(repo.parent, "check", buffer=buffer)
    assert clean.code == 0, str(clean)

    raw = kap.read_bytes()
    changed = raw.replace(b"sum: 25200000", b"sum: 25300000")
    assert len(changed) == len(raw) and changed != raw
    with open(kap, "r+b") as fh:  # på stedet: samme inode
        fh.write(changed)
    os.utime(kap, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(kap)
    same = ("st_ino", "st_size", "st_mtime_ns")
    assert [getattr(after, k) for k in same] == [getattr(before, k) for k in same]

    again = tb(repo.parent, "check", buffer=buffer)
    assert again.code == 1, str(again)
    assert "TB201" in again.stdout


def test_ny_versjon_av_en_pakke_gir_ny_sjekk(repo, tmp_path):
    """En ny versjon av `holidays` (eller en annen pakke) kan gi andre funn (TB309): da er
    svaret i bufferen ikke lenger gyldig, selv om data og koden til `tb` er de samme."""
    buffer = tmp_path / "buffer"
    tb(repo.parent, "check", buffer=buffer)
    inode = _cache_file(buffer).stat().st_ino
    assert tb(repo.parent, "check", buffer=buffer).code == 1
    assert _cache_file(buffer).stat().st_ino == inode  # uendret: et treff
    packages = tmp_path / "ny" / "site-packages"
    (packages / "holidays-999.0.dist-info").mkdir(parents=True)
    assert tb(repo.parent, "check", buffer=buffer, pythonpath=packages).code == 1
    assert _cache_file(buffer).stat().st_ino != inode  # sjekket på nytt og skrevet


# ---------------------------------------------------------------- punkt 9: en annen arbeidsmappe


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "sarif"])
def test_treff_fra_en_annen_arbeidsmappe_gir_riktige_stier(repo, tmp_path, fmt):
    """Bufferen skrevet fra repo/ (`--data data`) ga stiene «data/…» også til en kjøring fra
    repo/a/b med `--data ../../data`, så merknadene i CI pekte på feil fil."""
    buffer = tmp_path / "buffer"
    first = tb(repo.parent, "check", "--format", fmt, buffer=buffer)
    assert first.code == 1, str(first)
    inode = _cache_file(buffer).stat().st_ino
    sub = repo.parent / "a" / "b"
    sub.mkdir(parents=True)
    hit = tb(sub, "check", "--data", "../../data", "--format", fmt, buffer=buffer)
    assert _cache_file(buffer).stat().st_ino == inode  # et treff: bufferen ble ikke skrevet på nytt
    fresh = tb(sub, "check", "--data", "../../data", "--format", fmt, buffer=None)
    assert (hit.code, hit.stdout) == (fresh.code, fresh.stdout)
    assert "../../data/budsjett/2024/kap-601.yaml" in hit.stdout


# ---------------------------------------------------------------- punkt 10: en skadet buffer


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "sarif"])
def test_buffer_med_feil_typer_gir_samme_svar_som_uten(repo, tmp_path, fmt):
    """Riktig nøkkel, men feil typer i funnene: det ga intern feil i tekst-, gitlab- og
    sarif-utdataene (eller feil linje). Nå ses det bort fra hele bufferen, og sjekken kjøres
    på nytt."""
    buffer = tmp_path / "buffer"
    tb(repo.parent, "check", "--no-baseline", "--format", fmt, buffer=buffer)
    path = _cache_file(buffer)
    stored = json.loads(path.read_bytes())
    rows = stored["funn"]
    assert len(rows) > 4
    rows[0][3] = 12345  # melding som tall
    rows[1][5] = str(rows[1][5] + 1)  # linje som tekst
    rows[2][0] = ["TB201"]  # kode som liste
    rows[3][1] = 5  # navn som tall
    path.write_text(json.dumps(stored), encoding="utf-8")
    damaged = tb(repo.parent, "check", "--no-baseline", "--format", fmt, buffer=buffer)
    fresh = tb(repo.parent, "check", "--no-baseline", "--format", fmt, buffer=None)
    assert (damaged.code, damaged.stdout) == (fresh.code, fresh.stdout)


DAMAGES = {
    "melding-tall": lambda r: r.__setitem__(3, 12345),
    "linje-tekst": lambda r: r.__setitem__(5, "7"),
    "linje-sannhetsverdi": lambda r: r.__setitem__(5, True),
    "linje-negativ": lambda r: r.__setitem__(5, -1),
    "linje-enorm": lambda r: r.__setitem__(5, 10**30),
    "kolonne-null": lambda r: r.__setitem__(6, None),
    "alvorlighet-ukjent": lambda r: r.__setitem__(2, "kritisk"),
    "kode-liste": lambda r: r.__setitem__(0, ["TB201"]),
    "sti-tall": lambda r: r.__setitem__(4, 17),
    "subjekt-objekt": lambda r: r.__setitem__(7, {"a": 1}),
    "begrunnelse-tall": lambda r: r.__setitem__(8, 1),
    "relatert-ikke-liste": lambda r: r.__setitem__(9, "data/x.yaml"),
    "relatert-feil-form": lambda r: r.__setitem__(9, [["data/x.yaml", 1]]),
    "relatert-linje-tekst": lambda r: r.__setitem__(9, [["data/x.yaml", "1", 1]]),
    "for-kort": lambda r: r.pop(),
    "for-lang": lambda r: r.append(None),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_hvert_felt_i_bufferen_sjekkes(data, damage):
    """Hvert felt i hvert lagrede funn må ha riktig type; ellers regnes alt ut på nytt."""
    _edit(data / KAP, "sum: 25200000", "sum: 25300000")
    fresh = cached_check(data, use_baseline=False)
    path = next((data.parent / "buffer").glob("sjekk-*.json"))
    stored = json.loads(path.read_bytes())
    damage(stored["funn"][0])
    path.write_text(json.dumps(stored), encoding="utf-8")
    again = cached_check(data, use_baseline=False)
    assert again.repo is not None  # sjekket på nytt, ikke fra bufferen
    assert again.findings == fresh.findings


def test_fifo_der_bufferen_skal_ligge_henger_ikke(repo, tmp_path):
    """En FIFO i stedet for bufferfila fikk `tb check` til å vente for alltid på noen som
    skriver i den."""
    buffer = tmp_path / "buffer"
    tb(repo.parent, "check", buffer=buffer)
    path = _cache_file(buffer)
    path.unlink()
    os.mkfifo(path)
    run = tb(repo.parent, "check", buffer=buffer, timeout=60)
    fresh = tb(repo.parent, "check", buffer=None)
    assert (run.code, run.stdout) == (fresh.code, fresh.stdout)
    _assert_private(path)  # byttet ut med en ny buffer


@pytest.mark.parametrize("target", ["/dev/zero", "offer"])
def test_lenke_der_bufferen_skal_ligge_folges_ikke(repo, tmp_path, target):
    """En symbolsk lenke til /dev/zero ble lest til minnet tok slutt, og bufferen ble skrevet
    med rettighetene 0666 gjennom lenken. Nå åpnes ikke lenken, og en ny buffer (0600)
    erstatter selve lenken; fila den pekte på, er urørt."""
    buffer = tmp_path / "buffer"
    tb(repo.parent, "check", buffer=buffer)
    path = _cache_file(buffer)
    path.unlink()
    if target == "offer":
        victim = tmp_path / "offer.txt"
        victim.write_text("ikke din fil\n", encoding="utf-8")
        victim.chmod(0o644)
        os.symlink(victim, path)
    else:
        if not os.path.exists(target):  # pragma: no cover
            pytest.skip("ingen /dev/zero")
        os.symlink(target, path)
    run = tb(repo.parent, "check", buffer=buffer, timeout=60)
    fresh = tb(repo.parent, "check", buffer=None)
    assert (run.code, run.stdout) == (fresh.code, fresh.stdout)
    _assert_private(path)
    if target == "offer":
        assert victim.read_text(encoding="utf-8") == "ikke din fil\n"
        assert stat.S_IMODE(victim.stat().st_mode) == 0o644


def test_ny_buffer_er_privat_uansett_umask(repo, tmp_path):
    """Mappa lages med 0700 og fila skrives med 0600, også med umask 0 (før: 0777 og 0666)."""
    buffer = tmp_path / "ny" / "buffer"
    tb(repo.parent, "check", buffer=buffer, umask=0)
    assert stat.S_IMODE(buffer.stat().st_mode) == 0o700
    _assert_private(_cache_file(buffer))
    assert [p.name for p in buffer.iterdir()] == [_cache_file(buffer).name]  # ingen midlertidige filer igjen


def test_standardmappa_fra_en_eldre_tb_gjores_privat(repo, tmp_path):
    """Standardmappa (~/.cache/tildelingsbrev) kan være laget av en eldre `tb` med umask 002
    (0775). Den gjøres privat (0700) i stedet for at bufferen slutter å virke."""
    folder = tmp_path / "xdg" / "tildelingsbrev"
    folder.mkdir(parents=True)
    folder.chmod(0o775)
    tb(repo.parent, "check", buffer=None, xdg=tmp_path / "xdg")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    inode = _cache_file(folder).stat().st_ino
    again = tb(repo.parent, "check", buffer=None, xdg=tmp_path / "xdg")
    assert again.code == 1 and _cache_file(folder).stat().st_ino == inode  # et treff


@pytest.mark.parametrize("where", ["fila", "mappa"])
def test_buffer_som_andre_kan_skrive_i_brukes_ikke(repo, tmp_path, where):
    """En buffer andre brukere kan ha skrevet (fila eller mappa skrivbar for alle) kan si
    «ingen funn» om data med feil. Den brukes ikke; den samme bufferen i en privat fil brukes
    (det viser at det er rettighetene som avgjør)."""
    buffer = tmp_path / "buffer"
    assert tb(repo.parent, "check", buffer=buffer).code == 1
    path = _cache_file(buffer)
    stored = json.loads(path.read_bytes())
    stored["funn"] = []  # et forfalsket rent svar med riktig nøkkel
    path.write_text(json.dumps(stored), encoding="utf-8")
    path.chmod(0o600)
    assert tb(repo.parent, "check", buffer=buffer).code == 0  # privat: bufferen er brukerens egen
    if where == "fila":
        path.chmod(0o666)
    else:
        buffer.chmod(0o777)
    run = tb(repo.parent, "check", buffer=buffer)
    assert run.code == 1 and "TB201" in run.stdout, str(run)


# ---------------------------------------------------------------- relaterte steder


def _position(path: Path, needle: str) -> tuple[int, int]:
    """(linje, kolonne) for verdien etter `needle` (som «tittel: ») første gang den står i fila."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + len(needle) + 1
    raise AssertionError(f"{needle!r} står ikke i {path}")


def _one(result, code: str, file: Path, subject: str = ""):
    """Det ene funnet med koden i fila (med `subject` i subjektet)."""
    found = [
        f for f in result.findings if f.code == code and f.location.file == file and subject in f.subject
    ]
    assert len(found) == 1, [(f.code, str(f.location.file), f.subject) for f in result.findings]
    return found[0]


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "1")
    monkeypatch.setenv("TB_CACHE_DIR", str(tmp_path / "buffer"))
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def test_tb105_viser_til_tittelen_i_oppdragsfila(data):
    """TB105 (tittelen ved bindingen ≠ tittelen i oppdragsfila) pekte bare på bindingen; når
    det var oppdragsfila som ble endret, så ikke brukeren den."""
    oppdrag = data / "oppdrag" / "2021-07.yaml"
    _edit(oppdrag, "tittel: Evaluering av innføring", "tittel: Evaluering av innføringen")
    f = _one(check(data), "TB105", data / "budsjett" / "2024" / "601-21.yaml", "2021-07")
    assert f.related == (Location(oppdrag, *_position(oppdrag, "tittel: ")),)


def test_tb201_viser_til_tildelingen_i_postene(data):
    kap = data / KAP
    _edit(kap, "sum: 25200000", "sum: 25300000")
    f = _one(check(data), "TB201", kap)
    post = data / "budsjett" / "2024" / "601-21.yaml"
    assert f.related == (Location(post, *_position(post, "tildeling: ")),)


def test_tb101_viser_til_det_andre_oppdraget(data):
    first = data / "oppdrag" / "2024-13-kopi.yaml"
    shutil.copyfile(data / "oppdrag" / "2024-13.yaml", first)
    f = _one(check(data), "TB101", data / "oppdrag" / "2024-13.yaml")
    assert f.related == (Location(first, *_position(first, "id: ")),)


def test_tb104_viser_til_oppdraget_som_ikke_er_i_brevet(data):
    oppdrag = data / "oppdrag" / "2021-07.yaml"
    _edit(oppdrag, "mål: 2\n", "mål: 2\nstatus: levert\nlevert: 2023-12-01\n")
    f = _one(check(data), "TB104", data / "budsjett" / "2024" / "601-21.yaml", "2021-07")
    assert f.related == (Location(oppdrag, *_position(oppdrag, "id: ")),)


def test_tb107_og_tb306_viser_til_rapporteringskalenderen(data):
    brev = data / "brev" / "2024" / "brev.yaml"
    oppdrag = data / "oppdrag" / "2023-28.yaml"
    _edit(oppdrag, "  halvårsrapport\n  2024", "  halvårsrapport\n  2024 (senest 20.08.2024)")
    result = check(data)
    f = _one(result, "TB306", oppdrag)
    calendar_line = brev.read_text(encoding="utf-8").splitlines().index("  - id: halvårsrapport-2024") + 4
    assert f.related == (
        Location(oppdrag, _position(oppdrag, "frister:")[0], 1),
        Location(brev, calendar_line, 12),
    )
    _edit(oppdrag, "rapport: halvårsrapport-2024", "rapport: halvårsrapport-2025")
    f = _one(check(data), "TB107", oppdrag)
    assert f.related == (Location(brev, _position(brev, "rapportering:")[0], 1),)


def test_relaterte_steder_kommer_uendret_fra_bufferen(data):
    """Et treff i bufferen gir de samme funnene, også de relaterte stedene."""
    _edit(data / KAP, "sum: 25200000", "sum: 25300000")
    fresh = cached_check(data, use_baseline=False)
    assert any(f.related for f in fresh.findings)
    hit = cached_check(data, use_baseline=False)
    assert hit.repo is None  # fra bufferen
    assert hit.findings == fresh.findings
