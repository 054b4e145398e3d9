"""TB5xx, maler: malene som brukes (data/mal/, ellers de innebygde) kan gjengi brevet,
tilleggene og gjeldende tildeling."""

from __future__ import annotations

from ..findings import Location
from ..model import Repo
from ..rule import Report, rule


@rule("TB501", "mal-feil", heavy=True)
def templates_render(repo: Repo, report: Report) -> None:
    """Malene som `tb render` vil bruke, kan gjengi brevet for det nyeste året (det `tb render`
    lager), hvert tillegg til det og gjeldende tildeling.

    Hvilke maler: en mal i data/mal/ når den finnes der, ellers den innebygde med samme navn
    (de som følger med tb; `tb mal` viser hvilke som brukes). Et repositorium uten data/mal/
    sjekkes altså med de innebygde, og en mal som ikke finnes noen av stedene (en
    `{% include %}` av en fil som mangler), meldes her, før `tb render` feiler på den.

    Hva den sjekker: at `brev.md.j2` (med malene den tar inn) og `brev.html.j2` gjengir uten
    feil: syntaksfeil, ukjente variabler (malene bruker `StrictUndefined`), manglende maler.
    Har brevet tillegg, sjekkes også `tillegg.md.j2` med hvert av dem (`tb render --tillegg N`)
    og `gjeldende.md.j2` (`tb render --gjeldende`), begge også i HTML-rammen; `gjeldende.md.j2`
    sjekkes også uten tillegg når den finnes. Malene og stilarket `brev.css` må være vanlige
    filer inne i mal/: en symbolsk lenke, en sti ut av mappa («..»), en fil over 1 MB eller en
    fil som ikke er UTF-8 leses ikke. En mal som bruker for mye tid eller lager for mye tekst
    (en løkke i en løkke, `'x' * 10**9`), stoppes. Funnet peker på fila og linjen i malen (og
    på linjen som tok inn en mal som ikke kan leses). Samme feil (samme fil, linje og melding)
    meldes én gang, for det første som ikke kan gjengis.

    Hvorfor: en mal som feiler, oppdages ellers først når brevet eller tillegget skal
    signeres. Og malene kan komme fra andre: en mal skal ikke kunne lese filer utenfor mal/ inn
    i brevet eller i meldingene, eller få `tb check` til å henge.

    Eksempel: `{{ brev.mottakr }}` i brev.md.j2, eller `{{ tillegg.referanse | kronr }}` i
    tillegg.md.j2.
    """
    from ..rendering import RenderError, check_templates, template_dir
    from ..rendering.output import check_document, supplement_documents

    folder = template_dir(repo)  # data/mal/; det som mangler der, hentes fra de innebygde
    years = repo.years()
    if not years:
        return
    år = years[-1]  # brevet `tb render` lager uten --år
    seen: set[tuple] = set()

    def found(e: RenderError, what: str, subject: str) -> None:
        key = (str(e.file), e.line, e.message)
        if key in seen:
            return
        seen.add(key)
        report(
            Location(e.file or folder, e.line or 1, 1),
            f"{what} kan ikke gjengis: {e.message}",
            subject=subject,
            related=tuple(Location(f, line or 1, 1) for f, line in e.related),
        )

    try:
        check_templates(repo, år)
    except RenderError as e:
        found(e, f"brevet for {år}", f"mal {år}")
    try:
        documents = supplement_documents(repo, år)
    except RenderError as e:
        found(e, f"tilleggene til brevet for {år}", f"mal {år} tillegg")
        return
    for what, doc in documents:
        try:
            check_document(repo, doc)
        except RenderError as e:
            found(e, what, f"mal {år} {doc.mal}")
