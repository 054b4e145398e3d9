"""TB4xx, budsjettposter: postens form i budsjettet (postgruppe, stikkord, overskrift, kapittel).

Beløpene og summene på postene er TB2xx (`summer.py`)."""

from __future__ import annotations

import re

from ..findings import Severity
from ..model import Repo
from ..rule import Report, rule
from ..text import one_line

KNOWN_STIKKORD = ("kan overføres", "overslagsbevilgning", "kan nyttes under")
"""Stikkord med rettslig betydning. «kan nyttes under» følges av kapittel og post."""

_KAN_NYTTES = re.compile(
    r"^kan nyttes under (kap\. \d{3,4}(,)? )?post \d{2}(( og|,) (kap\. \d{3,4}(,)? )?post \d{2})*$"
)

def is_known_stikkord(word: str) -> bool:
    """Sant for et stikkord TB402 kjenner: «kan overføres», «overslagsbevilgning» og «kan nyttes
    under (kap. KKK) post PP» (også `tb ny post` spør her)."""
    return word in KNOWN_STIKKORD[:2] or bool(_KAN_NYTTES.match(word))


POST_GROUPS = (
    (1, 29, "driftsutgifter"),
    (30, 49, "investeringer"),
    (50, 59, "overføringer til andre statsregnskaper"),
    (60, 69, "overføringer til kommuner og fylkeskommuner"),
    (70, 89, "overføringer til private"),
    (90, 99, "utlån, statsgjeld mv."),
)

# Nøkkelord ved ordbegynnelse («forebyggende» er ikke et bygg); «tilskudd» også inne i
# sammensatte ord («Integreringstilskudd»).
_DRIFT = re.compile(r"\bdriftsutgift", re.I)
_TILSKUDD = re.compile(r"tilskudd", re.I)
_INVEST = re.compile(r"\b(anskaffelse|investering|utstyr|vedlikehold|bygg)", re.I)
_LÅN = re.compile(r"\b(lån|utlån|avdrag|renter)\b", re.I)


def post_group(post: int) -> str:
    return next(name for lo, hi, name in POST_GROUPS if lo <= post <= hi)


@rule("TB401", "postgruppe", Severity.WARNING)
def post_group_agrees(repo: Repo, report: Report) -> None:
    """En posts nummer passer til postgruppa betegnelsen tilhører.

    Hva den sjekker: postgruppene 01–29 driftsutgifter, 30–49 investeringer, 50–59
    overføringer til andre statsregnskaper, 60–69 overføringer til kommuner, 70–89 overføringer
    til private, 90–99 lån. En «driftsutgift» utenfor 01–29, et «tilskudd» i 01–49, en
    «anskaffelse» utenfor 30–49 eller et «lån» utenfor 90–99 er mistenkelig.

    Hvorfor: et feil postnummer fører pengene på feil sted i statsregnskapet.

    Eksempel: «Post 61 Driftsutgifter».
    """
    for d in repo.poster:
        p = d.model
        name = p.betegnelse
        wrong = None
        if _DRIFT.search(name) and not 1 <= p.post <= 29:
            wrong = "driftsutgifter hører til postene 01–29"
        elif _TILSKUDD.search(name) and p.post < 50:
            wrong = "tilskudd er overføringer og hører til postene 50–89"
        elif _INVEST.search(name) and not 30 <= p.post <= 49 and not _TILSKUDD.search(name):
            wrong = "anskaffelser og investeringer hører til postene 30–49"
        elif _LÅN.search(name) and not 90 <= p.post <= 99:
            wrong = "utlån hører til postene 90–99"
        if wrong:
            report(
                d.loc("post"),
                f"post {p.nøkkel} «{name}» ligger i gruppa {post_group(p.post)}; {wrong}",
                subject=f"{p.nøkkel} postgruppe",
            )


@rule("TB402", "stikkord")
def known_stikkord(repo: Repo, report: Report) -> None:
    """Stikkordene på en post er kjente: «kan overføres», «overslagsbevilgning» og «kan nyttes
    under (kap. KKK) post PP».

    Hvorfor: et stikkord har rettslig betydning; en skrivefeil («kan overføes») gir posten
    en fullmakt den ikke har, eller tar en fra den.

    Eksempel: `stikkord: [kan overføre]`.
    """
    for d in repo.poster:
        for i, s in enumerate(d.model.stikkord):
            if is_known_stikkord(s):
                continue
            report(
                d.loc("stikkord", i),
                f"«{s}» er ikke et kjent stikkord (kjente: «kan overføres», «overslagsbevilgning», "
                "«kan nyttes under post NN»)",
                subject=f"{d.model.nøkkel} stikkord {s}",
            )


@rule("TB403", "postoverskrift", Severity.WARNING)
def post_heading(repo: Repo, report: Report) -> None:
    """Overskriften på en posts avsnitt i pkt. 9 er postens betegnelse fra tabellen, med
    stikkordene etter komma.

    Hvorfor: to navn på samme post får leseren til å tro at det er to poster.

    Eksempel: tabellen sier «Post 72 Kvalifiseringsordninger for tolker», avsnittet sier
    «Post 72 Kvalifiseringsordninger for tolker m.a.».
    """
    for d in repo.poster:
        p = d.model
        if p.overskrift is None:
            continue
        expected = ", ".join([p.betegnelse, *p.stikkord])
        if one_line(p.overskrift).rstrip(" .") not in (expected, p.betegnelse):
            report(
                d.loc("overskrift"),
                f"avsnittet om post {p.nøkkel} har overskriften «{p.overskrift}», tabellen sier «{expected}»",
                subject=f"{p.nøkkel} overskrift",
            )


@rule("TB404", "post-kapittel")
def post_has_chapter(repo: Repo, report: Report) -> None:
    """Hver post hører til et budsjettkapittel som finnes samme år, og hvert kapittel har
    minst én post.

    Eksempel: `671-74.yaml` uten `kap-671.yaml` i samme år.
    """
    chapters = {(d.model.år, d.model.kapittel) for d in repo.kapitler}
    with_posts = {(d.model.år, d.model.kapittel) for d in repo.poster}
    for d in repo.poster:
        if (d.model.år, d.model.kapittel) not in chapters:
            report(
                d.loc("kapittel"),
                f"post {d.model.nøkkel} hører til kap. {d.model.kapittel}, som ikke finnes for {d.model.år}",
                subject=f"{d.model.nøkkel} kapittel",
            )
    for d in repo.kapitler:
        if (d.model.år, d.model.kapittel) not in with_posts:
            report(
                d.loc("kapittel"),
                f"kap. {d.model.kapittel} har ingen poster",
                subject=f"kap. {d.model.kapittel} poster",
            )
