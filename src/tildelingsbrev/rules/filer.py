"""TB0xx, filer og innlesing: filnavn og mappe stemmer med innholdet, og brevet finnes
(TB006, TB007).

De andre reglene i familien meldes der funnene oppstår: av innlesingen (TB001–TB005, TB008 i
`loading/loader.py`) og av grunnlinjen (TB010 i `baseline.py`)."""

from __future__ import annotations

from ..findings import Location
from ..model import Repo
from ..rule import Report, rule


@rule("TB006", "filnavn")
def file_names(repo: Repo, report: Report) -> None:
    """Filnavn og årsmappe stemmer med innholdet.

    Hva den sjekker: `oppdrag/2024-01.yaml` har `id: 2024-01`; `budsjett/2024/671-62.yaml` har
    `år: 2024`, `kapittel: 671`, `post: 62`; `budsjett/2024/kap-671.yaml` har `kapittel: 671`;
    filer under `mål/2024/`, `styringsparametere/2024/` og `brev/2024/` har `år: 2024`.

    Hvorfor: folk finner en fil ved navnet. En kopi der navnet ikke er rettet, gir to filer
    med samme nummer og en som ingen finner.

    Eksempel: `oppdrag/2024-02.yaml` med `id: 2024-03`.
    """
    for d in repo.oppdrag:
        if d.stem != d.model.id:
            report(
                d.loc("id"),
                f"fila heter {d.name}, men oppdraget er {d.model.id}",
                subject=f"oppdrag {d.model.id} fil",
            )
    for docs in (repo.mål, repo.styringsparametere, repo.poster, repo.kapitler, repo.brev):
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
    styringsparametere eller budsjett har et brev.

    Hvorfor: uten brev.yaml vet `tb` ikke hvilket år dataene gjelder, og ingen regel om
    brevet kan kjøres.

    Eksempel: en data-mappe med bare `oppdrag/`.
    """
    years = set(repo.years())
    if not repo.brev and not any(p.name in ("brev.yaml", "brev.yml") for p in repo.unreadable):
        report(Location(repo.root), "fant ikke noe brev (brev/ÅR/brev.yaml) i data-mappa", subject="brev")
        return
    for docs in (repo.mål, repo.styringsparametere, repo.poster, repo.kapitler):
        for d in docs:
            if d.model.år not in years and years:
                report(
                    d.loc("år"),
                    f"det finnes ikke noe brev for {d.model.år} (brev/{d.model.år}/brev.yaml)",
                    subject=f"brev {d.model.år}",
                )
                years.add(d.model.år)
