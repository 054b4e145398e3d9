"""PDF-en for arkivet og skjermleseren (issue 18, punkt 3): tagget PDF/A-2a som standard,
PDF/UA-1 med `--pdf-variant pdfua`.

PDF-en leses tilbake med pypdf: identifikasjonen i XMP (pdfaid:part 2, conformance A), tagget
(/MarkInfo /Marked, et strukturtre), språket (/Lang, `nn` for et brev på nynorsk), tittelen og
forfatteren (departementet) både i dokumentinformasjonen og i XMP, alle fontene innebygd, og et
tekstlag der «flyktning» kan søkes fram (ingen ligaturtegn som «ﬂ»). Tillegg og gjeldende
tildeling går samme vei og får det samme.
"""

from __future__ import annotations

import io
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from casekit import med_tillegg, tb_in_process
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import render

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

LIGATURES = re.compile("[\ufb00-\ufb06]")
"""ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: tegn et søk på vanlige bokstaver ikke finner."""

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


@pytest.fixture(scope="module")
def brev(repo):
    return repo.brev_for(2024).model


@pytest.fixture(scope="module")
def pdf(repo) -> bytes:
    return render(repo, 2024, "pdf")


# ---------------------------------------------------------------- lese PDF-en


class Lest:
    """Det testene ser på i en PDF: katalogen, dokumentinformasjonen, XMP, teksten, fontene."""

    def __init__(self, data: bytes):
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self.root = self.reader.trailer["/Root"]
        self.info = self.reader.metadata or {}
        self.text = "\n".join(page.extract_text() for page in self.reader.pages)
        xml = self.root["/Metadata"].get_object().get_data()
        self.xmp = ET.fromstring(xml[xml.index(b"<x:xmpmeta") : xml.rindex(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")])

    def xmp_value(self, ns: str, name: str) -> str | None:
        """En egenskap i XMP, som attributt på rdf:Description eller som eget element."""
        key = f"{{{NS[ns]}}}{name}"
        for d in self.xmp.iter(f"{{{NS['rdf']}}}Description"):
            if key in d.attrib:
                return d.attrib[key]
            el = d.find(f"{ns}:{name}", NS)
            if el is not None:
                return el.text
        return None

    def xmp_list(self, name: str) -> list[str]:
        """dc:title eller dc:creator: tekstene i rdf:Alt/rdf:Seq."""
        return [li.text or "" for el in self.xmp.iter(f"{{{NS['dc']}}}{name}") for li in el.iter(f"{{{NS['rdf']}}}li")]

    def fonts(self) -> dict[str, bool]:
        """Hver font i sidene (og i skjemaobjektene de bruker): om fontfila er bygd inn."""
        out: dict[str, bool] = {}

        def descriptor(font):
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            return font.get("/FontDescriptor")

        def visit(resources, seen):
            resources = resources.get_object() if resources is not None else None
            if not resources:
                return
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                d = descriptor(font)
                d = d.get_object() if d is not None else {}
                out[str(font["/BaseFont"])] = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            for xobj in (resources.get("/XObject") or {}).values():
                ref = getattr(xobj, "idnum", None)
                if ref in seen:
                    continue
                seen.add(ref)
                visit(xobj.get_object().get("/Resources"), seen)

        for page in self.reader.pages:
            visit(page.get("/Resources"), set())
        return out


@pytest.fixture(scope="module")
def lest(pdf) -> Lest:
    return Lest(pdf)


def _arkiv(les: Lest, tittel: str, forfatter: str, lang: str = "nb") -> None:
    """Det PDF/A-2a krever og skjermleseren trenger, og det issue 18 ber om."""
    # PDF/A-2a: del 2, nivå A, med fargeprofil for utdata
    assert les.xmp_value("pdfaid", "part") == "2"
    assert les.xmp_value("pdfaid", "conformance") == "A"
    assert "/OutputIntents" in les.root
    assert les.reader.pdf_header == "%PDF-1.7"
    # tagget, med strukturtre og språk
    assert bool(les.root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in les.root
    assert str(les.root["/Lang"]) == lang
    # tittel og forfatter begge steder, fra data
    assert les.info.get("/Title") == tittel and les.xmp_list("title") == [tittel]
    assert les.info.get("/Author") == forfatter and les.xmp_list("creator") == [forfatter]
    # alle fontene bygd inn
    fonts = les.fonts()
    assert fonts and all(fonts.values()), fonts
    # teksten kan søkes i og kopieres
    assert not LIGATURES.search(les.text), LIGATURES.findall(les.text)[:5]


# ---------------------------------------------------------------- brevet


def test_the_letter_is_a_tagged_pdf_a_2a(lest, brev):
    _arkiv(lest, brev.tittel, brev.avsender.navn)


def test_searching_the_pdf_for_flyktning_finds_it(lest):
    """I dag (PDF/UA uten dette) står «ﬂyktning» 16 ganger og «flyktning» ingen: søket finner
    ingenting. Nå er ordet bokstav for bokstav i tekstlaget."""
    flat = lest.text.replace("-\n", "")
    assert flat.count("flyktning") >= 10
    assert "ﬂ" not in lest.text and "ﬁ" not in lest.text
    for word in ("fordrevne fra Ukraina", "offentlige", "kvalifisering"):
        assert word in re.sub(r"\s+", " ", flat), word


def test_pdf_ua_when_asked_for(repo, brev, pdf):
    ua = render(repo, 2024, "pdf", pdf_variant="pdfua")
    les = Lest(ua)
    assert les.xmp_value("pdfuaid", "part") == "1"
    assert les.xmp_value("pdfaid", "part") is None
    assert bool(les.root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in les.root
    assert str(les.root["/Lang"]) == "nb"
    assert les.info.get("/Title") == brev.tittel and les.xmp_list("title") == [brev.tittel]
    assert les.info.get("/Author") == brev.avsender.navn
    assert not LIGATURES.search(les.text) and "flyktning" in les.text
    assert all(les.fonts().values())
    # en annen fil enn standarden, og samme bytes hver gang
    assert ua != pdf
    assert render(repo, 2024, "pdf", pdf_variant="pdfua") == ua


def test_a_letter_in_nynorsk_has_language_nn(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    brev_yaml = data / "brev" / "2024" / "brev.yaml"
    assert "målform" not in brev_yaml.read_text(encoding="utf-8")
    brev_yaml.write_text(brev_yaml.read_text(encoding="utf-8") + "målform: nynorsk\n", encoding="utf-8")
    r, _ = load(data)
    assert r.brev_for(2024).model.målform == "nynorsk"
    les = Lest(render(r, 2024, "pdf"))
    assert str(les.root["/Lang"]) == "nn"
    assert les.xmp_value("pdfaid", "conformance") == "A"


def test_title_author_and_language_come_from_data_not_the_template(tmp_path, brev):
    """En mal uten <title>, forfatter og lang gir likevel en PDF med tittel, forfatter og
    språk: de hentes fra data."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    page = data / "mal" / "brev.html.j2"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<title>.*?</title>", "", text)
    text = re.sub(r'<meta name="author"[^>]*>', "", text)
    text = re.sub(r'<html lang="[^"]*">', "<html>", text)
    assert "<title>" not in text and 'lang="' not in text
    page.write_text(text, encoding="utf-8")
    r, _ = load(data)
    _arkiv(Lest(render(r, 2024, "pdf")), brev.tittel, brev.avsender.navn)


# ---------------------------------------------------------------- tillegg og gjeldende tildeling


@pytest.fixture(scope="module")
def tillegg_repo(tmp_path_factory):
    r, findings = load(med_tillegg(tmp_path_factory.mktemp("tillegg") / "data"))
    assert not findings
    return r


@pytest.mark.parametrize(
    "what, title",
    [
        ({"tillegg": 2}, "Tillegg nr. 2 til tildelingsbrev 2024"),
        ({"gjeldende": True}, "Gjeldende tildeling 2024"),
    ],
)
def test_supplements_and_current_allocation_are_pdf_a_2a_too(tillegg_repo, what, title):
    les = Lest(render(tillegg_repo, 2024, "pdf", **what))
    brev = tillegg_repo.brev_for(2024).model
    assert les.info.get("/Title", "").startswith(title)
    _arkiv(les, les.info["/Title"], brev.avsender.navn)
    ua = Lest(render(tillegg_repo, 2024, "pdf", pdf_variant="pdfua", **what))
    assert ua.xmp_value("pdfuaid", "part") == "1" and ua.info.get("/Title") == les.info["/Title"]


# ---------------------------------------------------------------- kommandolinja


def test_cli_pdf_variant(tmp_path):
    out = tmp_path / "brev.pdf"
    res = tb_in_process("render", "--data", str(DATA), "-o", str(out), "--pdf-variant", "pdfua")
    assert res.exit_code == 0, res.output
    assert Lest(out.read_bytes()).xmp_value("pdfuaid", "part") == "1"

    res = tb_in_process("render", "--data", str(DATA), "-o", str(tmp_path / "brev.md"), "--pdf-variant", "pdfua")
    assert res.exit_code == 2 and "--pdf-variant gjelder bare PDF" in res.output
    assert not (tmp_path / "brev.md").exists()

    res = tb_in_process("render", "--data", str(DATA), "-o", str(out), "--pdf-variant", "pdfx")
    assert res.exit_code == 2 and "pdfx" in res.output


def test_cli_choices_match_the_registries():
    """Kommandolinja skriver valgene ut (så `tb --help` ikke laster gjengivelsen); de skal være
    de samme som registrene."""
    from tildelingsbrev.cli.render import FORMAT_NAMES, PDF_VARIANTS
    from tildelingsbrev.rendering.output import FORMATS
    from tildelingsbrev.rendering.pdf import STANDARD, VARIANTS

    assert tuple(FORMATS) == FORMAT_NAMES
    assert tuple(VARIANTS) == PDF_VARIANTS and PDF_VARIANTS[0] == STANDARD


def test_unknown_suffix_names_every_format(tmp_path):
    res = tb_in_process("render", "--data", str(DATA), "-o", str(tmp_path / "brev.odt"))
    assert res.exit_code == 2
    assert "bruk .md, .html, .pdf eller .docx" in res.output

