"""`tb diff FRA TIL`: hva som endret seg fra ett brev til et annet (issue 14, punkt 2–4).

- På eksempelscenariet (tests/fixtures/over_tid, README der) rapporterer `tb diff 2024 2025`
  hver kjente endring og ingenting annet: de nye oppdragene 2025-01–06, de som faller ut (2024-10
  levert før brevet, 2023-28 med fristen på halvårsrapporten for 2024, de med bare frister i 2024),
  de som føres videre (flyttet til et annet mål når målene er slått sammen, bare nummerert om
  når målet er det samme, «Del 3» borte fra 2024-04), målene (omformulert, nummerert om,
  fjernet), rapportene, og budsjettet (670.01 fra 377 140 000 til 390 000 000, +3,4 %, og postene
  som bare står i 2024, fjernet).
- Git: `tb diff HEAD:2024 2024` i et midlertidig repositorium der data/ er en undermappe, etter
  at en tittel og et beløp er endret, viser de to endringene og ingenting annet; en tagg, en
  revisjon som ikke finnes, et år som ikke fantes i revisjonen og en mappe som ikke er i git gir
  kode 2 med en norsk melding. En symbolsk lenke og en for stor fil i git-treet er funn (fila er
  hoppet over), ikke et krasj, som på disk.
- Formatene: HTML-en er frittstående og gyldig nok til å leses av en HTML-parser, `<script>` i
  en tittel er tekst; Markdown-en escaper tekst fra data; farger bare i en terminal; JSON har
  norske nøkler. Et tomt beløp i et utkast er «ikke utfylt», aldri 0.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casekit import PUBLISHED, assert_golden, edit_once, over_tid, run_tb, tb_in_process
from tildelingsbrev.diff import INN, LIK, UT, Beløp, avsnitt_diff, ord_diff

GOLDEN = Path(__file__).parent / "golden" / "diff"


def _json(*args: str) -> dict:
    res = tb_in_process("diff", *args, "-f", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _ns(text: str) -> str:
    """Hardt mellomrom (tusengruppene) som vanlig mellomrom, for å sammenligne tekst."""
    return text.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return over_tid(tmp_path_factory.mktemp("diff") / "data")


@pytest.fixture(scope="module")
def d2425(scenario) -> dict:
    return _json("2024", "2025", "--data", str(scenario))


# ---------------------------------------------------------------- 2024 → 2025 i scenariet


def test_nye_oppdrag_er_de_gitt_i_2025(d2425):
    nye = d2425["oppdrag"]["nye"]
    assert [o["id"] for o in nye] == [f"2025-0{i}" for i in range(1, 7)]
    assert {o["gitt"] for o in nye} == {2025}
    by_id = {o["id"]: o for o in nye}
    assert by_id["2025-01"]["frister"] == ["15.09.2025"]
    assert by_id["2025-03"]["frister"] == ["Løpende"]
    # en frist som følger en rapport, har datoen rapporten har i 2025-brevet
    assert by_id["2025-05"]["frister"] == ["Halvårsrapportering for 2025 (15.08.2025)"]


UTE = {
    # levert før 2025-brevet (20.12.2024)
    "2024-10": "levert 15.11.2024, før brevet for 2025",
    # fristen fulgte halvårsrapporten for 2024
    "2023-28": "ingen frist igjen i 2025 eller senere (gitt i 2023)",
    # bare frister i 2024 (2024-13: Del I levert 28.06.2024, Del II 30.09.2024)
    **{
        i: f"ingen frist igjen i 2025 eller senere (gitt i {i[:4]})"
        for i in (
            "2024-02",
            "2024-03",
            "2024-05",
            "2024-08",
            "2024-12",
            "2024-13",
            "2024-14",
            "2024-15",
            "2024-16",
            "2023-02",
            "2023-08",
            "2023-09",
            "2023-14",
            "2023-26",
            "2022-09",
            "2021-07",
            "2021-10",
            "2021-17",
            "2021-29",
        )
    },
}


def test_oppdrag_som_faller_ut_med_grunnen(d2425):
    ute = {u["id"]: u for u in d2425["oppdrag"]["ute"]}
    assert {i: u["grunn"] for i, u in ute.items()} == UTE
    assert ute["2024-10"]["status"] == "levert"
    assert ute["2024-10"]["lukket"] == "2024-11-15"
    assert ute["2023-28"]["frister"] == ["Halvårsrapportering for 2024 (18.08.2024)"]


def test_oppdrag_fort_videre_med_endringene_og_ingen_andre(d2425):
    videre = {v["id"]: v for v in d2425["oppdrag"]["videre"]}
    assert set(videre) == {
        "2024-01",
        "2024-04",
        "2024-06",
        "2024-07",
        "2024-09",
        "2024-11",
        "2023-03",
        "2023-13",
        "2023-25",
        "2023-27",
        "2022-04",
        "2022-24",
    }
    endret = {i: v for i, v in videre.items() if v["endret"]}
    assert set(endret) == {"2024-04", "2024-06", "2023-13", "2023-25", "2023-27"}
    assert not any(v["ny_tittel"] for v in videre.values())
    # mål 1 og 2 fra 2024 er mål 1 i 2025, mål 4 og 5 er mål 3: fra mål 2 og 5 er en flytting
    assert {i for i, v in videre.items() if v["flyttet"]} == {"2024-04", "2024-06", "2023-13", "2023-27"}
    assert (videre["2023-13"]["mål_fra"], videre["2023-13"]["mål_til"]) == (5, 3)
    # mål 3 og 4 fra 2024 er bare nummerert om (mål 2 og 3): ikke flyttet
    for i in ("2024-07", "2024-09", "2024-11", "2023-25", "2022-24"):
        assert videre[i]["mål_fra"] == videre[i]["mål_til"] + 1
        assert not videre[i]["flyttet"], i
    # fristene slik hvert brev trykker dem: det som var igjen i 2024 og ikke er det i 2025
    assert videre["2024-04"]["fjernede_frister"] == ["Del 3: 31.12.2024"]
    assert videre["2024-04"]["nye_frister"] == []
    assert videre["2024-06"]["frister_til"] == ["Del I: Løpende"]
    assert videre["2023-25"]["frister_fra"] == [
        "Årlig rapportering: 15.01.2024, 15.01.2025 og 15.01.2026, samt ved behov"
    ]
    assert videre["2023-25"]["frister_til"] == [
        "Årlig rapportering: 15.01.2025 og 15.01.2026, samt ved behov"
    ]
    for v in videre.values():
        if not v["endret"]:
            assert v["frister_fra"] == v["frister_til"]


def test_malene_omformulert_nummerert_om_og_fjernet(d2425):
    mål = [(m["endring"], m["nr_fra"], m["nr_til"]) for m in d2425["mål"]]
    assert mål == [
        ("omformulert", 1, 1),
        ("fjernet", 2, None),
        ("nummerert om", 3, 2),
        ("nummerert om", 4, 3),
        ("fjernet", 5, None),
        ("fjernet", 6, None),
    ]
    m1 = d2425["mål"][0]
    assert m1["tittel_til"] == "Innvandrere deltar i arbeid og kvalifisering"
    # ordvis diff av tittelen
    assert {"type": UT, "tekst": "arbeidslivet"} in m1["tittel_ord"]
    assert {"type": INN, "tekst": "arbeid og kvalifisering"} in m1["tittel_ord"]
    sp = [(s["endring"], s["nr_fra"], s["nr_til"]) for s in d2425["styringsparametere"]]
    assert sp == [("omformulert", n, n) for n in (1, 2, 3)] + [("fjernet", n, None) for n in range(4, 17)]


def test_budsjettet_per_kapittel_og_post(d2425, scenario):
    kapitler = {k["kapittel"]: k for k in d2425["budsjett"]["kapitler"]}
    assert {k: v["endring"] for k, v in kapitler.items()} == {
        601: "fjernet",
        670: "endret",
        671: "fjernet",
        672: "fjernet",
    }
    [post] = kapitler[670]["poster"]
    assert post["post"] == "670.01"
    assert post["tildeling"] == {
        "fra": 377_140_000,
        "til": 390_000_000,
        "finnes_fra": True,
        "finnes_til": True,
        "differanse": 12_860_000,
        "prosent": "+3,4 %",
    }
    # postene som bare står i 2024, er fjernet; ingen er lagt til
    poster = [p for k in kapitler.values() for p in k["poster"]]
    fjernet = {p["post"] for p in poster if p["endring"] == "fjernet"}
    assert fjernet == {
        f"{p.stem[:3]}.{p.stem[4:]}" for p in (PUBLISHED / "budsjett" / "2024").glob("[0-9]*.yaml")
    } - {"670.01"}
    assert not [p for p in poster if p["endring"] == "lagt til"]
    # summen regnes fra linjene
    assert d2425["budsjett"]["sum"]["til"] == 390_000_000
    text = _ns(tb_in_process("diff", "2024", "2025", "--data", str(scenario)).stdout)
    assert re.search(r"Post 01 Driftsutgifter +377 140 000 +390 000 000 +\+12 860 000 \(\+3,4 %\)", text), text


def test_rapporteringen_og_brevet(d2425):
    assert [(r["endring"], r["id"]) for r in d2425["rapportering"]] == [
        ("fjernet", "årsrapport-2023"),
        ("fjernet", "halvårsrapport-2024"),
        ("endret", "årsrapport-2024"),
        ("lagt til", "halvårsrapport-2025"),
        ("lagt til", "årsrapport-2025"),
    ]
    endret = d2425["rapportering"][2]
    assert [(f["felt"], f["fra"], f["til"]) for f in endret["felter"]] == [
        ("frist", "15.03.2025", "14.03.2025")
    ]
    assert [(r["endring"], r["id"]) for r in d2425["frister_i_teksten"]] == [
        ("fjernet", "mangfoldsrådgivere"),
        ("fjernet", "bosettingsanalyse"),
        ("lagt til", "risikovurdering"),
    ]
    felter = {f["felt"]: (f["fra"], f["til"]) for f in d2425["brevet"]}
    assert felter == {
        "tittel": (
            "Tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet",
            "Tildelingsbrev 2025 – Integrerings- og mangfoldsdirektoratet",
        ),
        "dato": (None, "20.12.2024"),
        "proposisjon": ("Prop. 1 S (2023–2024)", "Prop. 1 S (2024–2025)"),
        "innstilling": ("Innst. 16 S (2023–2024)", "Innst. 16 S (2024–2025)"),
        "budsjettvedtak": ("15.12.2023", "16.12.2024"),
        "vedlegg": (
            "1 Oppdrag; 2 Instruks om økonomi- og virksomhetsstyring i IMDi; 3 Instruks om "
            "tilskuddsforvaltning; 4 Kalender for styringsdialog; 5 Budsjettfullmakter",
            "1 Oppdrag",
        ),
    }


def test_kapitteltekstene_pares_pa_tittel_og_far_ordvis_diff(d2425):
    kap = [(k["endring"], k["nr_fra"], k["nr_til"]) for k in d2425["kapitler"]]
    assert ("endret", "1", "1") in kap
    assert ("endret", "3", "2") in kap  # «Mål, styringsparametere og oppdrag» har nytt nummer
    assert ("endret", "9", "4") in kap  # «Tildeling av midler»
    assert ("lagt til", None, "3") in kap  # «Rapportering»
    assert ("fjernet", "2", None) in kap  # «Overordnede prioriteringer for 2024»
    innledning = next(k for k in d2425["kapitler"] if k["nr_til"] == "1")
    [endret] = [a for a in innledning["avsnitt"] if a["endring"] == "endret"]
    assert {"type": UT, "tekst": "2023"} in endret["ord"] and {"type": INN, "tekst": "2024"} in endret["ord"]
    rapportering = next(k for k in d2425["kapitler"] if k["nr_til"] == "3")
    # markørene som den trykte teksten, og plassen for generert innhold sagt med ord
    assert [a["til"] for a in rapportering["avsnitt"]] == [
        "Arbeids- og inkluderingsdepartementet ber om følgende rapportering:",
        "(her settes rapporteringskalenderen inn)",
        "IMDi skal sende en oppdatert risikovurdering for bosettingsarbeidet innen 31.10.2025.",
    ]


def test_samme_brev_har_ingen_endringer(scenario):
    res = tb_in_process("diff", "2024", "2024", "--data", str(scenario))
    assert res.exit_code == 0
    assert "Ingen endringer mellom brevene." in res.stdout
    assert _json("2025", "2025", "--data", str(scenario))["ingen_endringer"] is True


def test_markdown_gull(scenario):
    res = tb_in_process("diff", "2024", "2025", "--data", str(scenario), "-f", "md")
    assert res.exit_code == 0
    actual = res.stdout.encode("utf-8")
    assert_golden(GOLDEN / "over_tid-2024-2025.md", actual)


# ---------------------------------------------------------------- tomme beløp i et utkast


def test_tomt_belop_er_ikke_utfylt_aldri_null(tmp_path):
    data = over_tid(tmp_path / "data")
    edit_once(data / "budsjett" / "2025" / "670-01.yaml", "tildeling: 390000000", "tildeling: null")
    d = _json("2024", "2025", "--data", str(data))
    [kap] = [k for k in d["budsjett"]["kapitler"] if k["kapittel"] == 670]
    [post] = kap["poster"]
    assert post["tildeling"]["til"] is None and post["tildeling"]["finnes_til"] is True
    assert post["tildeling"]["differanse"] is None and post["tildeling"]["prosent"] is None
    assert kap["sum"]["til"] is None and d["budsjett"]["sum"]["til"] is None
    text = _ns(tb_in_process("diff", "2024", "2025", "--data", str(data)).stdout)
    assert "Post 01 Driftsutgifter" in text
    line = next(ln for ln in text.splitlines() if "Post 01 Driftsutgifter" in ln)
    assert "ikke utfylt" in line and "377 140 000" in line and "-377" not in line


def test_belop_og_prosent():
    assert Beløp(377_140_000, 390_000_000).prosent() == "+3,4 %"
    assert Beløp(400, 300).prosent() == "-25,0 %"
    assert Beløp(1000, 1000).prosent() == "0,0 %"
    assert Beløp(0, 100).prosent() is None  # fra 0: ingen prosent
    assert Beløp(None, 100).differanse is None and Beløp(None, 100).prosent() is None
    assert Beløp(100, None).differanse is None
    # avrundet halvt opp: 1/8 = 12,5 %
    assert Beløp(800, 900).prosent() == "+12,5 %"
    assert Beløp(3000, 3001).prosent() == "+0,0 %"  # endret, men under 0,05 %


# ---------------------------------------------------------------- ordvis diff


def test_ordvis_diff_og_avsnittene():
    bits = ord_diff("IMDi disponerer 377,1 mill. kroner.", "IMDi disponerer 390,0 mill. kroner.")
    assert [(b.type, b.tekst) for b in bits] == [
        (LIK, "IMDi disponerer"),
        (UT, "377,1"),
        (INN, "390,0"),
        (LIK, "mill. kroner."),
    ]
    fra = "Første avsnitt.\n\nAndre avsnitt med\nlinjeskift.\n\nTredje."
    til = "Første avsnitt.\n\nAndre   avsnitt med linjeskift.\n\nTredje, endret.\n\nFjerde."
    changes = avsnitt_diff(fra, til)
    # ny blank plass i et avsnitt er ingen endring
    assert [(a.endring, a.fra, a.til) for a in changes] == [
        ("endret", "Tredje.", "Tredje, endret."),
        ("lagt til", None, "Fjerde."),
    ]
    # markørene som trykt tekst
    [a] = avsnitt_diff(
        "Det er {{ tildeling: 1,0 mill. kroner }}.", "Det er {{ tildeling: 2,0 mill. kroner }}."
    )
    assert a.fra == "Det er 1,0 mill. kroner." and a.til == "Det er 2,0 mill. kroner."


# ---------------------------------------------------------------- git


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(k, None)
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git er ikke installert")


@pytest.fixture
def repo(tmp_path) -> Path:
    """Et git-repositorium med det publiserte brevet i data/ (en undermappe), committet og
    tagget v2024-sendt."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copytree(PUBLISHED, root / "data")
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-q", "-m", "brevet slik det ble sendt")
    _git(root, "tag", "v2024-sendt")
    return root


@needs_git
def test_git_revisjon_mot_arbeidstreet(repo):
    data = repo / "data"
    edit_once(
        data / "oppdrag" / "2024-13.yaml",
        "tittel: Foreslå tiltak for mer treffsikker bosetting",
        "tittel: Foreslå tiltak for bedre bosetting",
    )
    edit_once(data / "budsjett" / "2024" / "670-01.yaml", "tildeling: 377140000", "tildeling: 380000000")
    for fra in ("HEAD:2024", "v2024-sendt:2024"):
        d = _json(fra, "2024", "--data", str(data))
        assert d["fra"]["revisjon"] == fra.split(":")[0] and len(d["fra"]["commit"]) == 40
        assert d["til"]["revisjon"] is None
        endret = [v for v in d["oppdrag"]["videre"] if v["endret"]]
        assert [(v["id"], v["ny_tittel"], v["flyttet"], v["frister_endret"]) for v in endret] == [
            ("2024-13", True, False, False)
        ]
        assert {"type": UT, "tekst": "mer treffsikker"} in endret[0]["tittel_ord"]
        assert {"type": INN, "tekst": "bedre"} in endret[0]["tittel_ord"]
        assert not d["oppdrag"]["nye"] and not d["oppdrag"]["ute"]
        [kap] = d["budsjett"]["kapitler"]
        [post] = kap["poster"]
        assert (post["post"], post["tildeling"]["fra"], post["tildeling"]["til"]) == (
            "670.01",
            377_140_000,
            380_000_000,
        )
        assert post["tildeling"]["differanse"] == 2_860_000 and post["tildeling"]["prosent"] == "+0,8 %"
        for key in ("brevet", "mål", "styringsparametere", "rapportering", "frister_i_teksten", "kapitler"):
            assert d[key] == [], key
        assert d["hoppet_over"] == []


@needs_git
def test_git_fra_en_undermappe_og_med_repositoriet_som_data_mappe(repo, tmp_path):
    edit_once(repo / "data" / "budsjett" / "2024" / "670-01.yaml", "tildeling: 377140000", "tildeling: 1")
    # tb finner data-mappa over arbeidsmappa, og revisjonen leses fra samme sted
    [r] = run_tb(repo / "data" / "brev" / "2024", ("diff", "HEAD:2024", "2024"))
    assert r.code == 0, r
    assert "Post 01 Driftsutgifter" in r.stdout and "377 140 000" in _ns(r.stdout)
    # data-mappa er selve repositoriet
    flat = tmp_path / "flat"
    shutil.copytree(PUBLISHED, flat)
    _git(flat, "init", "-q")
    _git(flat, "add", ".")
    _git(flat, "commit", "-q", "-m", "x")
    assert _json("HEAD:2024", "2024", "--data", str(flat))["ingen_endringer"] is True


@needs_git
def test_git_feil_gir_kode_2_med_norsk_melding(repo, tmp_path):
    data = repo / "data"
    cases = [
        (("nope:2024", "2024", "--data", str(data)), "fant ikke revisjonen «nope»"),
        (("HEAD~3:2024", "2024", "--data", str(data)), "fant ikke revisjonen «HEAD~3»"),
        (("HEAD:2025", "2024", "--data", str(data)), "fant ikke noe brev for 2025 i revisjonen «HEAD»"),
        (("2024", "2031", "--data", str(data)), "fant ikke noe brev for 2031 i data"),
        (("--", "-x:2024", "2024", "--data", str(data)), "er ikke en revisjon"),
        (("2024", "fjor", "--data", str(data)), "«fjor» er ikke et brev"),
    ]
    outside = tmp_path / "utenfor" / "data"
    shutil.copytree(PUBLISHED, outside)
    cases.append((("HEAD:2024", "2024", "--data", str(outside)), "er ikke i et git-repositorium"))
    for args, message in cases:
        args = ("diff", *args) if args[0] != "--" else ("diff", "--data", args[-1], "--", *args[1:3])
        res = tb_in_process(*args)
        assert res.exit_code == 2, (args, res.output)
        assert message in res.stderr, (args, res.stderr)
        assert res.stdout == ""


@needs_git
def test_git_lenke_og_for_stor_fil_er_funn_ikke_krasj(repo):
    data = repo / "data"
    link = data / "oppdrag" / "2024-01.yaml"
    big = data / "oppdrag" / "2024-02.yaml"
    kept_link, kept_big = link.read_bytes(), big.read_bytes()
    link.unlink()
    link.symlink_to("/etc/passwd")
    big.write_bytes(kept_big + b"# " + b"x" * 2_100_000 + b"\n")
    _git(repo, "add", "-A", "data")
    _git(repo, "commit", "-q", "-m", "fiendtlig")
    link.unlink()
    link.write_bytes(kept_link)
    big.write_bytes(kept_big)
    res = tb_in_process("diff", "HEAD:2024", "2024", "--data", str(data), "-f", "json")
    assert res.exit_code == 0, res.output
    assert "HEAD:data/oppdrag/2024-01.yaml" in res.stderr and "symbolsk lenke" in res.stderr
    assert "HEAD:data/oppdrag/2024-02.yaml" in res.stderr and "2 000 000 byte" in _ns(res.stderr)
    assert "root:" not in res.output  # lenken er aldri fulgt
    d = json.loads(res.stdout)
    assert len(d["hoppet_over"]) == 2
    # filene som ikke kunne leses fra revisjonen, mangler der: oppdragene er nye i arbeidstreet
    assert [o["id"] for o in d["oppdrag"]["nye"]] == ["2024-01", "2024-02"]


@needs_git
def test_git_for_mange_filer_stopper(repo, monkeypatch):
    import tildelingsbrev.loading.git as git

    monkeypatch.setattr(git, "MAX_FILES", 50)
    res = tb_in_process("diff", "HEAD:2024", "2024", "--data", str(repo / "data"))
    assert res.exit_code == 2
    assert "mer enn 50 filer og mapper" in res.stderr


# ---------------------------------------------------------------- formatene


def test_html_er_frittstaende_og_escaper_data(tmp_path):
    from html.parser import HTMLParser

    data = over_tid(tmp_path / "data")
    edit_once(
        data / "oppdrag" / "2025-01.yaml",
        "tittel: Kartlegge behovet for tolker i kommunene",
        'tittel: "Kartlegge <script>alert(1)</script> & tolker"',
    )
    out = tmp_path / "endringer.html"
    res = tb_in_process("diff", "2024", "2025", "--data", str(data), "-f", "html", "-o", str(out))
    assert res.exit_code == 0 and "Skrev" in res.stderr and res.stdout == ""
    page = out.read_text(encoding="utf-8")

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags: list[str] = []
            self.stack: list[str] = []
            self.attrs: list[tuple[str, str | None]] = []
            self.text: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.attrs += attrs
            if tag not in ("meta", "br"):
                self.stack.append(tag)

        def handle_endtag(self, tag):
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
            self.stack.pop()

        def handle_data(self, data):
            self.text.append(data)

    p = Parser()
    p.feed(page)
    p.close()
    assert p.stack == []  # hvert element er lukket, i riktig rekkefølge
    assert page.startswith('<!DOCTYPE html>\n<html lang="nb">')
    assert "script" not in p.tags
    assert "Kartlegge <script>alert(1)</script> & tolker" in "".join(p.text)
    assert {"ins", "del", "table", "style"} <= set(p.tags)
    # ingen eksterne ressurser
    assert not [v for k, v in p.attrs if k in ("src", "href") and v]
    assert "http" not in page.replace('name="viewport"', "")
    # et tegn som ikke er farge, i tillegg til fargen
    assert '<ins><span class="tegn">[+</span>' in page and '<del><span class="tegn">[−</span>' in page


def test_markdown_escaper_data(tmp_path):
    from markdown_it import MarkdownIt

    data = over_tid(tmp_path / "data")
    edit_once(
        data / "oppdrag" / "2025-01.yaml",
        "tittel: Kartlegge behovet for tolker i kommunene",
        'tittel: "Kartlegge <b>tolker</b> | ~~x~~ [lenke](http://x) *stjerne*"',
    )
    res = tb_in_process("diff", "2024", "2025", "--data", str(data), "-f", "md")
    assert res.exit_code == 0
    html = MarkdownIt("commonmark").enable(["strikethrough", "table"]).render(res.stdout)
    assert "<b>" not in html and "<a " not in html and "<em>stjerne" not in html
    line = next(ln for ln in html.splitlines() if "2025-01" in ln)
    assert "Kartlegge &lt;b&gt;tolker&lt;/b&gt; | ~~x~~ [lenke](http://x) *stjerne*" in line
    # innsatt og slettet tekst i Markdown: fet med [+ +], gjennomstreket med [− −]
    assert "<strong>[+2025+]</strong>" in html and "<s>[−2024−]</s>" in html


def test_farger_bare_i_en_terminal(scenario):
    import pty

    [piped] = run_tb(scenario.parent, ("diff", "2024", "2025"))
    assert piped.code == 0 and "\x1b[" not in piped.stdout
    assert "[−2024−] [+2025+]" in piped.stdout
    from casekit import TB, tb_env

    env = tb_env()
    env.pop("NO_COLOR")
    main, child = pty.openpty()
    proc = subprocess.Popen([str(TB), "diff", "2024", "2025"], cwd=scenario.parent, stdout=child, env=env)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert proc.wait(timeout=60) == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "\x1b[32;4m[+2025+]\x1b[0m" in shown


def test_json_har_norske_nokler(d2425):
    from test_json_nokler import ENGELSKE, nøkler

    found = list(nøkler(d2425))
    assert found
    bad = [(where, key) for where, key in found if key in ENGELSKE or set(key.split("_")) & ENGELSKE]
    assert not bad, bad


def test_the_format_choices_are_the_registry():
    """`tb diff --format` lister formatene uten å importere registeret (oppstartstiden for
    `tb --help`); navnene må likevel være registerets."""
    from tildelingsbrev.cli.diff import FORMAT_NAMES
    from tildelingsbrev.reporting.diff import FORMATS

    assert tuple(FORMATS) == FORMAT_NAMES


# ---------------------------------------------------------------- inntekter og fullmakter


def test_inntekter_og_utgifter_summeres_hver_for_seg_og_fullmaktene_vises(tmp_path, monkeypatch):
    from casekit import copy_valid
    from test_budsjettformer import FULLMAKTER, INNTEKTSKAPITTEL, write

    root = copy_valid(tmp_path / "data")
    write(root, {**INNTEKTSKAPITTEL, "budsjett/2030/fullmakter.yaml": FULLMAKTER})
    monkeypatch.chdir(tmp_path)
    assert tb_in_process("nytt-brev", "2031", "--data", "data").exit_code == 0
    # budsjettet for 2031 som for 2030, med mer i inntekter og en ny ramme for tilsagnene
    for path in (root / "budsjett" / "2030").iterdir():
        text = path.read_text(encoding="utf-8").replace("år: 2030", "år: 2031")
        (root / "budsjett" / "2031" / path.name).write_text(text, encoding="utf-8")
    edit_once(root / "budsjett" / "2031" / "3100-02.yaml", "tildeling: 1500000", "tildeling: 1800000")
    edit_once(root / "budsjett" / "2031" / "kap-3100.yaml", "sum: 1500000", "sum: 1800000")
    fullmakter = root / "budsjett" / "2031" / "fullmakter.yaml"
    edit_once(fullmakter, "ramme: 3000000", "ramme: 4000000")
    text = fullmakter.read_text(encoding="utf-8")
    start = text.index("  - id: merinntekt-100-01")
    fullmakter.write_text(text[:start] + text[text.index("  - id: tilsagn-100-70") :], encoding="utf-8")

    d = _json("2030", "2031", "--data", "data")["budsjett"]
    assert (d["sum"]["fra"], d["sum"]["til"], d["sum"]["differanse"]) == (85_200_000, 85_200_000, 0)
    assert (d["sum_inntekter"]["fra"], d["sum_inntekter"]["til"]) == (1_500_000, 1_800_000)
    f = _json("2030", "2031", "--data", "data")["fullmakter"]
    assert [(x["endring"], x["hva"], x["navn"]) for x in f] == [
        ("fjernet", "fullmakt", "merinntekt-100-01"),
        ("endret", "fullmakt", "tilsagn-100-70"),
    ]
    assert [(x["felt"], _ns(x["fra"]), _ns(x["til"])) for x in f[1]["felter"]] == [
        ("ramme", "3 000 000", "4 000 000")
    ]
    res = tb_in_process("diff", "2030", "2031", "--data", "data")
    lines = [_ns(line) for line in res.stdout.splitlines()]
    assert any(re.match(r"Sum utgifter +85 200 000 +85 200 000 +0 \(0,0 %\)$", line) for line in lines), lines
    assert any(re.match(r"Sum inntekter +1 500 000 +1 800 000 +\+300 000 \(\+20,0 %\)$", line) for line in lines)
    assert "Fullmakter" in lines and "- fullmakt tilsagn-100-70" in lines
    assert "  - ramme: [−3 000 000−] → [+4 000 000+]" in lines
