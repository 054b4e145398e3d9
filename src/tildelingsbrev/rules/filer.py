"""TB0xx, filer og innlesing: filnavn og mappe stemmer med innholdet, og brevet finnes
(TB006, TB007).

De andre reglene i familien meldes der funnene oppstår: av innlesingen (TB001–TB005, TB008 i
`loading/loader.py`) og av grunnlinjen (TB010 i `baseline.py`)."""

from __future__ import annotations

import os

from ..findings import Location
from ..model import Repo, nummer, snapshot
from ..norsk import format_liste
from ..rule import Report, rule


@rule("TB006", "filnavn")
def file_names(repo: Repo, report: Report) -> None:
    """Filnavn og årsmappe stemmer med innholdet.

    Hva den sjekker: `oppdrag/2024-01.yaml` har `id: 2024-01` (en «/» i nummeret er «-» i
    filnavnet: `id: 13/2024` står i `oppdrag/13-2024.yaml`); `budsjett/2024/671-62.yaml` har
    `år: 2024`, `kapittel: 671`, `post: 62`; `budsjett/2024/kap-671.yaml` har `kapittel: 671`;
    filer under `mål/2024/`, `styringsparametere/2024/`, `brev/2024/` og
    `budsjett/2024/fullmakter.yaml` har `år: 2024`.

    Hvorfor: folk finner en fil ved navnet. En kopi der navnet ikke er rettet, gir to filer
    med samme nummer og en som ingen finner.

    Eksempel: `oppdrag/2024-02.yaml` med `id: 2024-03`.
    """
    for d in repo.oppdrag:
        expected = nummer.filnavn(d.model.id)
        if d.stem != expected:
            how = f" (fila skal hete {expected}{os.path.splitext(d.name)[1]})" if expected != d.model.id else ""
            report(
                d.loc("id"),
                f"fila heter {d.name}, men oppdraget er {d.model.id}{how}",
                subject=f"oppdrag {d.model.id} fil",
            )
    for docs in (repo.mål, repo.styringsparametere, repo.poster, repo.kapitler, repo.brev, repo.fullmakter):
        for d in docs:
            folder = d.folder
            if folder != str(d.model.år):
                report(
                    d.loc("år"),
                    f"fila ligger i mappa {folder}, men gjelder år {d.model.år}",
                    subject=f"{d.name} år",
                )
    for docs, field, name, what in (
        (repo.poster, "post", lambda m: f"{m.kapittel:03d}-{m.post:02d}", "posten"),
        (repo.kapitler, "kapittel", lambda m: f"kap-{m.kapittel:03d}", "kapittelet"),
    ):
        for d in docs:
            expected = name(d.model)
            if d.stem != expected:
                report(
                    d.loc(field),
                    f"fila heter {d.name}, men {what} er {expected}",
                    subject=f"{expected} fil",
                )


@rule("TB007", "brev-mangler")
def letter_present(repo: Repo, report: Report) -> None:
    """Data-mappa har minst ett brev (`brev/ÅR/brev.yaml`), og hvert år med mål,
    styringsparametere, budsjett (også fullmakter) eller oppdrag har et brev.

    Hva den sjekker: mål, styringsparametere, budsjettkapitler og poster for et år uten brev;
    og oppdrag gitt i et år uten brev, etter det eldste brevet i data, som heller ikke er med
    i noe senere brev (et oppdrag gitt i 2023 og med i brevet for 2024 er i orden). Ett funn
    per år. Et oppdrag gitt før det eldste brevet som ikke er med i noe brev (levert før det,
    eller lagt inn fordi teksten viser til det, TB106), er historikk og meldes ikke.

    Hvorfor: uten brev.yaml vet `tb` ikke hvilket år dataene gjelder, og ingen regel om
    brevet kan kjøres; et oppdrag som ikke står i noe brev, blir aldri gjengitt, fulgt opp
    eller sjekket mot målene.

    Eksempel: en data-mappe med bare `oppdrag/`; `oppdrag/2026-01.yaml` når data har brev for
    2024 og 2025.
    """
    years = set(repo.years())
    if not repo.brev and not any(p.name in ("brev.yaml", "brev.yml") for p in repo.unreadable):
        report(Location(repo.root), "fant ikke noe brev (brev/ÅR/brev.yaml) i data-mappa", subject="brev")
        return
    if not years:
        return
    reported = set(years)
    for docs in (repo.mål, repo.styringsparametere, repo.poster, repo.kapitler, repo.fullmakter):
        for d in docs:
            if d.model.år not in reported:
                report(
                    d.loc("år"),
                    f"det finnes ikke noe brev for {d.model.år} (brev/{d.model.år}/brev.yaml)",
                    subject=f"brev {d.model.år}",
                )
                reported.add(d.model.år)
    outside: dict[int, list] = {}
    for d in repo.oppdrag:
        år = d.model.år
        if år not in years and år > min(years) and snapshot.første_brev(repo, d) is None:
            outside.setdefault(år, []).append(d)
    for år, docs in sorted(outside.items()):
        if år in reported:
            continue
        docs.sort(key=lambda d: d.model.id)
        first = docs[0].model.id
        more = f" (og {len(docs) - 1} til)" if len(docs) > 1 else ""
        report(
            docs[0].loc("id"),
            f"oppdrag {first}{more} er gitt i {år}, men det finnes ikke noe brev for {år} "
            f"(brev/{år}/brev.yaml), og {'ingen av dem er' if more else 'oppdraget er ikke'} med i noe brev i "
            f"data (brev for {format_liste(sorted(years))})",
            subject=f"brev {år}",
        )
        reported.add(år)
