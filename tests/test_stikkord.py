"""Ordforrådet for stikkord (tildelingsbrev.stikkord): tolkeren, formen på den andre målformen,
forslagene ved skrivefeil og meldingene TB402 og `tb ny post` viser."""

from __future__ import annotations

import pytest

from tildelingsbrev import stikkord
from tildelingsbrev.rules.poster import is_known_stikkord
from tildelingsbrev.stikkord import Mål, del_opp, forslag, tolk, ukjent


@pytest.mark.parametrize(
    ("tekst", "art", "målform", "mål"),
    [
        ("kan overføres", "overføres", "bokmål", ()),
        ("kan overførast", "overføres", "nynorsk", ()),
        ("overslagsbevilgning", "overslag", "bokmål", ()),
        ("overslagsløyving", "overslag", "nynorsk", ()),
        ("kan nyttes under post 70", "nyttes_under", "bokmål", ((None, 70),)),
        ("kan nyttast under post 01", "nyttes_under", "nynorsk", ((None, 1),)),
        ("kan nyttes under postene 70 og 72", "nyttes_under", "bokmål", ((None, 70), (None, 72))),
        ("kan nyttast under postane 70 og 72", "nyttes_under", "nynorsk", ((None, 70), (None, 72))),
        (
            "kan nyttes under postene 21, 70 og 72",
            "nyttes_under",
            "bokmål",
            ((None, 21), (None, 70), (None, 72)),
        ),
        ("kan nyttes under post 70 og 71", "nyttes_under", "bokmål", ((None, 70), (None, 71))),
        ("kan nyttes under kap. 502, post 70", "nyttes_under", "bokmål", ((502, 70),)),
        ("kan nyttes under kap. 2410 post 50", "nyttes_under", "bokmål", ((2410, 50),)),
        ("kan nyttast under kap. 1 post 01", "nyttes_under", "nynorsk", ((1, 1),)),
        (
            "kan nyttes under post 21 og kap. 600 post 70",
            "nyttes_under",
            "bokmål",
            ((None, 21), (600, 70)),
        ),
        ("kan nyttes under post 01 og post 70", "nyttes_under", "bokmål", ((None, 1), (None, 70))),
        # blank plass slås sammen (også hardt mellomrom)
        ("kan\u00a0overføres", "overføres", "bokmål", ()),
        ("kan nyttes  under post 70 ", "nyttes_under", "bokmål", ((None, 70),)),
    ],
)
def test_kjente_stikkord_tolkes_med_art_målform_og_poster(tekst, art, målform, mål):
    s = tolk(tekst)
    assert s is not None
    assert (s.art.navn, s.målform) == (art, målform)
    assert s.mål == tuple(Mål(k, p) for k, p in mål)
    assert is_known_stikkord(tekst)


@pytest.mark.parametrize(
    "tekst",
    [
        "kan overføre",
        "Kan overføres",
        "kan overføres.",
        "kan benyttes under post 70",
        "kan nyttes under",
        "kan nyttes under post 1",
        "kan nyttes under post 00",
        "kan nyttes under post 100",
        "kan nyttes under kap 100 post 70",
        "kan nyttes under kap. 0100 post 70",
        "kan nyttast under postene 70 og 72",
        "kan nyttes under postane 70 og 72",
        "kan nyttes under post 70 og",
        "kan overføres, kan nyttes under post 70",
        "overslagsbevilgning kan overføres",
        "",
    ],
)
def test_ukjente_tekster_er_ikke_stikkord(tekst):
    assert tolk(tekst) is None
    assert not is_known_stikkord(tekst)


@pytest.mark.parametrize(
    ("tekst", "bokmål", "nynorsk"),
    [
        ("kan overførast", "kan overføres", "kan overførast"),
        ("overslagsbevilgning", "overslagsbevilgning", "overslagsløyving"),
        ("kan nyttast under postane 70 og 72", "kan nyttes under postene 70 og 72", None),
        ("kan nyttes under kap. 502, post 70", None, "kan nyttast under kap. 502, post 70"),
    ],
)
def test_stikkordet_på_den_andre_målformen(tekst, bokmål, nynorsk):
    s = tolk(tekst)
    assert s.på("bokmål") == (bokmål or tekst)
    assert s.på("nynorsk") == (nynorsk or tekst)
    assert tolk(s.på("bokmål")).målform == "bokmål"
    assert tolk(s.på("nynorsk")).målform == "nynorsk"


@pytest.mark.parametrize(
    ("tekst", "ment"),
    [
        ("kan overføes", "kan overføres"),
        ("kan overføre", "kan overføres"),
        ("Kan overføres", "kan overføres"),
        ("kan overføres.", "kan overføres"),
        ("kan overførasst", "kan overførast"),
        ("overslagsbevilging", "overslagsbevilgning"),
        ("overslagsløyvning", "overslagsløyving"),
        ("kan benyttes under post 70", "kan nyttes under post 70"),
        ("kan nytes under postene 70 og 72", "kan nyttes under postene 70 og 72"),
        ("kan nyttes under post 1", "kan nyttes under post 01"),
        ("kan nyttes under kap 502 post 70", "kan nyttes under kap. 502 post 70"),
        ("kan nyttes under kap.1 post 7", "kan nyttes under kap. 1 post 07"),
        ("kan nyttast under postene 70 og 72", "kan nyttast under postane 70 og 72"),
    ],
)
def test_forslag_ved_skrivefeil(tekst, ment):
    assert forslag(tekst) == ment
    assert f"mente du «{ment}»?" in ukjent(tekst)


@pytest.mark.parametrize("tekst", ["kan overføres", "fritt disponibelt", "post 70", "kan", "x" * 5000])
def test_ingen_forslag_for_kjente_og_fjerne_tekster(tekst):
    assert forslag(tekst) is None


def test_meldingen_uten_forslag_lister_de_kjente_på_begge_målformer():
    assert ukjent("fritt disponibelt") == (
        "«fritt disponibelt» er ikke et kjent stikkord (kjente: «kan overføres», «overslagsbevilgning», "
        "«kan nyttes under post NN», «kan overførast», «overslagsløyving» og «kan nyttast under post NN»)"
    )


def test_nyttes_under_uten_poster_sier_hva_som_mangler():
    assert ukjent("kan nyttast under") == (
        "«kan nyttast under» mangler postene; skriv for eksempel «kan nyttast under post 70» eller "
        "«kan nyttast under kap. 100 post 70»"
    )


def test_flere_stikkord_i_én_linje_deles_opp():
    deler = del_opp("kan overføres, kan nyttes under kap. 502, post 70")
    assert [d.tekst for d in deler] == ["kan overføres", "kan nyttes under kap. 502, post 70"]
    assert ukjent("overslagsbevilgning, kan nyttes under post 71") == (
        "«overslagsbevilgning, kan nyttes under post 71» er flere stikkord i én linje; skriv dem hver "
        "for seg i lista: «overslagsbevilgning», «kan nyttes under post 71»"
    )
    assert del_opp("kan overføres, kan overføes") is None
    assert del_opp("kan overføres") is None


def test_lang_tekst_avkortes_i_meldingen():
    melding = ukjent("kan overføres " * 2000)
    assert len(melding) < 400
    assert "…»" in melding


def test_fiendtlig_lang_tekst_tolkes_ikke():
    # Lengre enn et stikkord kan være: verken regex eller difflib får se den.
    tekst = "kan nyttes under " + ", ".join(["post 01"] * 5000) + " x"
    assert tolk(tekst) is None
    assert forslag(tekst) is None


def test_ordforrådet_har_hver_art_på_begge_målformer_og_ingen_form_to_ganger():
    former = [a.form(m) for a in stikkord.ARTER for m in stikkord.MÅLFORMER]
    assert len(former) == len(set(former))
    assert {a.navn for a in stikkord.ARTER} == {"overføres", "overslag", "nyttes_under"}
