"""`tb init`: en tom mappe blir et repositorium for et tildelingsbrev, eller et repositorium med
`virksomheter/` får en virksomhet til.

`planlegg(mappe, valg)` regner ut hva som skal skrives (`Oppsett`: filene med innholdet) uten å
skrive noe; `skriv(oppsett)` skriver dem, alle eller ingen.

Hva som lages, er et utkast til brevet for året, merket slik `tb nytt-brev` og `tb ny` merker et
utkast (rules/utkast.py), så `tb check` er gjøremålslista:

- **brev/ÅR/brev.yaml**: tittel, avsender og mottaker, Prop. 1 S for året og en plassholder for
  innstillingen, `budsjettvedtak: null` og `dato: null`, to signatarer uten navn, vedlegg 1
  Oppdrag, sju kapitler med en kort tekstfil hver i brev/ÅR/tekst/ (hva som skal skrives der,
  og markørene `{{ mål }}`, `{{ rapportering }}` og `{{ budsjett }}`), og
  rapporteringskalenderen (årsrapporten for året før, halvårsrapporten og årsrapporten for året;
  en frist som faller på en fridag, er flyttet til arbeidsdagen før). Brevet og hvert kapittel
  har `gjennomgått: false` (TB602), budsjettvedtaket er ikke utfylt (TB601).
- **ett mål, én styringsparameter, ett oppdrag, ett budsjettkapittel og én post**, laget med de
  samme funksjonene som `tb ny` (`scaffold`): målet og styringsparameteren `gjennomgått: false`
  (TB602), oppdraget uten frist (TB304), posten `tildeling: null` (TB601) og kapitlet
  `gjennomgått: false` (TB602).
- **baseline.yaml** uten oppføringer, **schema/** (JSON-skjemaene, som `tb schema`) og en
  **README.md** som sier hva som gjøres nå.

Det brukeren ikke har gitt, blir aldri gjettet: uten `--departement-kort` står
`avsender.kortnavn: null`, uten `--virksomhet-navn` står en plassholder i parentes, og uten
`--kapittel` har budsjettkapitlet nummeret 1 som plassholder; alt står i det `tb check` melder
(brevet og kapitlet er ikke gjennomgått). Ord i brevet følger målformen (`--målform`); meldingene
og README er på bokmål.

Ingenting skrives over: hver fil sjekkes før noe skrives (finnes, en symbolsk lenke, noe som
ikke er en mappe), hver YAML-fil leses tilbake slik `tb check` leser den, og filene skrives
atomært gjennom `files.write_all_new` (aldri over en fil, aldri gjennom en lenke). Går en
skriving galt underveis, fjernes det som alt er skrevet. De samme valgene gir de samme bytene.
"""

from __future__ import annotations

import os
import shlex
import stat
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .files import NotWritten, os_error, write_all_new
from .model import BREVÅR, Baseline, Brev, Repo
from .norsk import format_dato
from .scaffold import NewFile, ScaffoldError, _dump, _flow, _validate
from .text import has_controls, one_line, safe_line

MÅLFORMER = ("bokmål", "nynorsk")

PLASSHOLDER_KAPITTEL = 1
"""Nummeret budsjettkapitlet får uten `--kapittel`: en plassholder (kapitlet er ikke
gjennomgått, TB602), aldri et nummer gjettet fra departementet."""


class InitError(Exception):
    """Repositoriet kan ikke lages (ugyldige valg, mappa er ikke tom, noe finnes fra før).
    Meldingen er norsk; ingenting er skrevet."""


@dataclass(frozen=True)
class Valg:
    """Det brukeren ga `tb init`."""

    departement: str
    virksomhet: str
    år: int
    departement_kort: str | None = None
    virksomhet_navn: str | None = None
    målform: str = "bokmål"
    kapittel: int | None = None


@dataclass
class Oppsett:
    """Det `tb init` skal skrive: filene (stien relativt til `mappe`, med «/») og innholdet."""

    mappe: Path
    """Mappa brukeren ga (repositoriet)."""
    rot: Path
    """Data-mappa til virksomheten: `mappe`, eller `mappe/virksomheter/KORT` med flere."""
    valg: Valg
    flere: bool
    """Repositoriet har `virksomheter/`: virksomheten legges til der."""
    filer: list[tuple[str, bytes]] = field(default_factory=list)
    lages: bool = False
    """`mappe` finnes ikke og lages."""

    @property
    def prefiks(self) -> str:
        """Stien fra `mappe` til virksomhetens data-mappe («» eller «virksomheter/KORT/»)."""
        return f"virksomheter/{self.valg.virksomhet}/" if self.flere else ""


# ---------------------------------------------------------------- tekstene i brevet

_TEKST = {
    "bokmål": {
        "kapitler": (
            ("1", "Innledning", "01-innledning.md"),
            ("2", "Overordnede prioriteringer for {år}", "02-overordnede-prioriteringer.md"),
            ("3", "Mål, styringsparametere og oppdrag", "03-mal-styringsparametere-og-oppdrag.md"),
            ("4", "Fellesføringer", "04-fellesforinger.md"),
            ("5", "Styringsdialog og rapportering", "05-styringsdialog-og-rapportering.md"),
            ("6", "Tildeling av midler", "06-tildeling-av-midler.md"),
            ("7", "Fullmakter", "07-fullmakter.md"),
        ),
        "årsrapport": "Årsrapport og regnskap for budsjettåret {år}",
        "halvårsrapport": "Halvårsrapportering for {år}",
        "vedlegg": "Oppdrag",
        "virksomhet_navn": "(fullt navn på virksomheten)",
        "signatar": "(navn)",
        "mål": "(tittelen på målet)",
        "sp": "(det departementet vil måle, for eksempel en andel eller et antall)",
        "oppdrag": "(tittelen på oppdraget)",
        "kapittelnavn": "(navnet på budsjettkapitlet)",
        "post": "Driftsutgifter",
        "01": (
            "Det vises til {prop} og {innst}. {dep} gir på bakgrunn av Stortingets budsjettvedtak av "
            "{{{{ budsjettvedtak: (dato) }}}} de økonomiske rammene for {kort} i {år}.\n\n"
            "Tildelingsbrevet er, sammen med instruksen om virksomhets- og økonomistyring, styrende "
            "for {kort} i {år}. Det kan komme tillegg til tildelingsbrevet med tildeling av midler "
            "og oppdrag gjennom året."
        ),
        "03": (
            "I dette kapitlet fastsetter {dep} mål og styringsparametere for {kort} og gir nye "
            "oppdrag for {år}."
        ),
        "05": "{dep} ber om følgende rapportering:",
        "06": (
            "På bakgrunn av Stortingets budsjettvedtak av {{{{ budsjettvedtak: (dato) }}}} stilles "
            "følgende midler til disposisjon for {kort} i {år}:"
        ),
    },
    "nynorsk": {
        "kapitler": (
            ("1", "Innleiing", "01-innleiing.md"),
            ("2", "Overordna prioriteringar for {år}", "02-overordna-prioriteringar.md"),
            ("3", "Mål, styringsparametrar og oppdrag", "03-mal-styringsparametrar-og-oppdrag.md"),
            ("4", "Fellesføringar", "04-fellesforingar.md"),
            ("5", "Styringsdialog og rapportering", "05-styringsdialog-og-rapportering.md"),
            ("6", "Tildeling av midlar", "06-tildeling-av-midlar.md"),
            ("7", "Fullmakter", "07-fullmakter.md"),
        ),
        "årsrapport": "Årsrapport og rekneskap for budsjettåret {år}",
        "halvårsrapport": "Halvårsrapportering for {år}",
        "vedlegg": "Oppdrag",
        "virksomhet_navn": "(fullt namn på verksemda)",
        "signatar": "(namn)",
        "mål": "(tittelen på målet)",
        "sp": "(det departementet vil måle, til dømes ein del eller eit tal)",
        "oppdrag": "(tittelen på oppdraget)",
        "kapittelnavn": "(namnet på budsjettkapittelet)",
        "post": "Driftsutgifter",
        "01": (
            "Det blir vist til {prop} og {innst}. {dep} gir på bakgrunn av Stortinget sitt "
            "budsjettvedtak av {{{{ budsjettvedtak: (dato) }}}} dei økonomiske rammene for {kort} "
            "i {år}.\n\n"
            "Tildelingsbrevet er, saman med instruksen om verksemds- og økonomistyring, styrande "
            "for {kort} i {år}. Det kan kome tillegg til tildelingsbrevet med tildeling av midlar "
            "og oppdrag gjennom året."
        ),
        "03": (
            "I dette kapittelet fastset {dep} mål og styringsparametrar for {kort} og gir nye "
            "oppdrag for {år}."
        ),
        "05": "{dep} ber om denne rapporteringa:",
        "06": (
            "På bakgrunn av Stortinget sitt budsjettvedtak av {{{{ budsjettvedtak: (dato) }}}} blir "
            "desse midlane stilte til disposisjon for {kort} i {år}:"
        ),
    },
}
"""Ordene i brevet på hver målform. Rådene til den som skriver (`_RÅD`), er på bokmål, som alt
annet `tb` sier."""

_RÅD = {
    "1": (
        "Skriv innledningen: hva brevet bygger på (proposisjonen, innstillingen og budsjettvedtaket), "
        "hva det styrer, og at det kan komme tillegg. Fyll inn det som står i parentes."
    ),
    "2": (
        "Skriv departementets overordnede prioriteringer for {kort} i {år}: de viktigste målene og "
        "utfordringene, og hva virksomheten skal prioritere."
    ),
    "3": (
        "Målene, styringsparameterne og oppdragene settes inn nederst i kapitlet, fra mål/{år}/, "
        "styringsparametere/{år}/ og oppdrag/ (`tb ny mål`, `tb ny styringsparameter`, "
        "`tb ny oppdrag`). Skriv en kort innledning til kapitlet."
    ),
    "4": "Skriv fellesføringene regjeringen har gitt for {år}, og andre føringer fra departementet.",
    "5": (
        "Beskriv etatsstyringsmøtene og rapporteringen. Tabellen over rapportene settes inn nederst, "
        "fra `rapportering` i brev.yaml."
    ),
    "6": (
        "Budsjettabellene settes inn nederst, fra budsjett/{år}/; teksten om hvert kapittel og hver "
        "post skrives i `tekst` i fila deres. Fyll inn det som står i parentes."
    ),
    "7": "Skriv hvilke budsjettfullmakter {kort} får for {år}, eller vis til et vedlegg.",
}
"""Første linje i hver tekstfil: hva som skal skrives der (slettes når teksten er skrevet)."""

_DIREKTIV = {"3": "mål", "5": "rapportering", "6": "budsjett"}


def _prosa(nr: str, valg: Valg, prop: str, innst: str) -> str:
    """Tekstfila til kapittel `nr`: rådet i kursiv, brevets tekst og markøren for det som settes
    inn."""
    ord_ = _TEKST[valg.målform]
    fmt = {"år": valg.år, "kort": valg.virksomhet, "dep": valg.departement, "prop": prop, "innst": innst}
    deler = [f"*{_RÅD[nr].format(**fmt)} Slett denne linja når teksten er skrevet.*"]
    key = f"{int(nr):02d}"
    if key in ord_:
        deler.append(ord_[key].format(**fmt))
    if nr in _DIREKTIV:
        deler.append("{{ " + _DIREKTIV[nr] + " }}")
    return "\n\n".join(deler) + "\n"


# ---------------------------------------------------------------- rapporteringskalenderen


def _arbeidsdag(d: date) -> tuple[date, str | None]:
    """`d`, eller arbeidsdagen før når `d` er en fridag (og hvorfor), så TB309 ikke melder
    kalenderen i et nytt brev."""
    from .deadlines import day_off

    why = day_off(d)
    if why is None:
        return d, None
    moved = d
    while day_off(moved) is not None:
        moved -= timedelta(days=1)
    return moved, f"{format_dato(d)} er en fridag ({why}); satt til arbeidsdagen før"


def _rapport(rid: str, tittel: str, telletidspunkt: date, frist: date) -> CommentedMap:
    r = CommentedMap()
    r["id"] = rid
    r["tittel"] = tittel
    r["telletidspunkt"] = telletidspunkt
    day, why = _arbeidsdag(frist)
    r["frist"] = day
    if why:
        r.yaml_add_eol_comment(why, "frist")
    return r


# ---------------------------------------------------------------- filene


def _brev(valg: Valg, rot: Path) -> tuple[NewFile, list[tuple[str, str]]]:
    """brev.yaml og tekstfilene (stien under brev/ÅR/, innholdet)."""
    år, ord_ = valg.år, _TEKST[valg.målform]
    prop = f"Prop. 1 S ({år - 1}–{år})"
    innst = f"Innst. (nr.) S ({år - 1}–{år})"
    doc = CommentedMap()
    doc["år"] = år
    doc["gjennomgått"] = False
    doc.yaml_add_eol_comment(
        "fyll inn og les tittelen, partene, Prop./Innst., signatarene, vedleggene og "
        "rapporteringskalenderen, og fjern så denne linja",
        "gjennomgått",
    )
    doc["målform"] = valg.målform
    mottaker_navn = valg.virksomhet_navn or ord_["virksomhet_navn"]
    doc["tittel"] = DoubleQuotedScalarString(f"Tildelingsbrev {år} – {mottaker_navn}")
    avsender = CommentedMap()
    avsender["navn"] = valg.departement
    avsender["kortnavn"] = valg.departement_kort
    if valg.departement_kort is None:
        avsender.yaml_add_eol_comment("departementets forkortelse, for eksempel «KD» (ikke gitt til tb init)", "kortnavn")
    doc["avsender"] = avsender
    mottaker = CommentedMap()
    mottaker["navn"] = mottaker_navn
    if valg.virksomhet_navn is None:
        mottaker.yaml_add_eol_comment("virksomhetens fulle navn (ikke gitt til tb init)", "navn")
    mottaker["kortnavn"] = valg.virksomhet
    doc["mottaker"] = mottaker
    doc["dato"] = None
    doc.yaml_add_eol_comment("brevets dato når det sendes", "dato")
    doc["proposisjon"] = DoubleQuotedScalarString(prop)
    doc["innstilling"] = DoubleQuotedScalarString(innst)
    doc.yaml_add_eol_comment("nummeret på innstillingen fra fagkomiteen, for eksempel «Innst. 12 S»", "innstilling")
    doc["budsjettvedtak"] = None
    doc.yaml_add_eol_comment(f"ikke utfylt: datoen for Stortingets budsjettvedtak (desember {år - 1})", "budsjettvedtak")
    doc["signatarer"] = CommentedSeq(
        CommentedMap(navn=DoubleQuotedScalarString(ord_["signatar"]), tittel=t)
        for t in ("departementsråd", "ekspedisjonssjef")
    )
    doc["vedlegg"] = CommentedSeq([CommentedMap(nr=1, tittel=ord_["vedlegg"])])
    kapitler = CommentedSeq()
    tekster = []
    for nr, tittel, fil in ord_["kapitler"]:
        k = CommentedMap()
        k["nr"] = DoubleQuotedScalarString(nr)
        k["tittel"] = tittel.format(år=år)
        k["gjennomgått"] = False
        k["tekst"] = f"tekst/{fil}"
        kapitler.append(k)
        tekster.append((f"tekst/{fil}", _prosa(nr, valg, prop, innst)))
    doc["kapitler"] = kapitler
    doc["rapportering"] = CommentedSeq(
        [
            _rapport(
                f"årsrapport-{år - 1}",
                ord_["årsrapport"].format(år=år - 1),
                date(år - 1, 12, 31),
                date(år, 3, 15),
            ),
            _rapport(
                f"halvårsrapport-{år}",
                ord_["halvårsrapport"].format(år=år),
                date(år, 6, 30),
                date(år, 8, 20),
            ),
            _rapport(
                f"årsrapport-{år}",
                ord_["årsrapport"].format(år=år),
                date(år, 12, 31),
                date(år + 1, 3, 15),
            ),
        ]
    )
    doc["frister"] = _flow([])
    doc.yaml_add_eol_comment(
        "frister gitt i teksten utenfor kapittel 3: id, tekst, dato (teksten viser til dem med "
        f"{{{{ frist.ID: 31.10.{år} }}}})",
        "frister",
    )
    path = rot / "brev" / str(år) / "brev.yaml"
    new = NewFile(path, _dump(rot, path, doc), f"brevet for {år}", root=rot)
    new.text = new.text.replace(
        "\n", f"\n# Utkast til tildelingsbrevet for {år}, laget av tb init. `tb check` lister det som må fylles inn.\n", 1
    )
    _validate(new, Brev, rot)
    return new, tekster


def _baseline(rot: Path) -> NewFile:
    path = rot / "baseline.yaml"
    doc = CommentedMap()
    doc["akseptert"] = _flow([])
    new = NewFile(path, _dump(rot, path, doc), "grunnlinjen", root=rot)
    new.text = new.text.replace(
        "\n",
        "\n# Grunnlinjen: kjente funn fra `tb check` som er godtatt, hvert med år, kode, hva det gjelder\n"
        "# og en begrunnelse (`tb grunnlinje`). Tom i et nytt brev.\n",
        1,
    )
    _validate(new, Baseline, rot)
    return new


def _resten(valg: Valg, rot: Path) -> list[NewFile]:
    """Målet, styringsparameteren, oppdraget, budsjettkapitlet og posten, laget slik `tb ny`
    lager dem (et tomt repositorium: ingen numre i bruk)."""
    from .scaffold import new_kapittel, new_mål, new_oppdrag, new_post, new_styringsparameter

    repo = Repo(root=rot)
    år, ord_ = valg.år, _TEKST[valg.målform]
    kap = valg.kapittel if valg.kapittel is not None else PLASSHOLDER_KAPITTEL
    if valg.kapittel is None:
        kap_merk = (
            f"nummeret er en plassholder: bytt det (og filnavnene kap-{kap:03d}.yaml og {kap:03d}-01.yaml) "
            "med kapittelnummeret i statsbudsjettet, les navnet, og fjern så denne linja"
        )
    else:
        kap_merk = "les navnet og skriv teksten om kapitlet i `tekst`, og fjern så denne linja"
    return [
        new_mål(repo, år, ord_["mål"], force=True),
        new_styringsparameter(
            repo, år, 1, ord_["sp"], force=True,
            utkast="skriv styringsparameteren i `tekst`, og fjern så denne linja",
        ),
        new_oppdrag(repo, år, 1, ord_["oppdrag"], force=True),
        new_kapittel(repo, år, kap, valg.virksomhet_navn or ord_["kapittelnavn"], force=True, utkast=kap_merk),
        new_post(repo, år, kap, 1, ord_["post"], force=True),
    ]


# ---------------------------------------------------------------- README


def _readme(o: Oppsett) -> str:
    """README.md for virksomhetens mappe: hva som er laget og hva som gjøres nå."""
    v = o.valg
    år = v.år
    repo_navn = o.mappe.name or "."
    q = shlex.quote
    data = "" if repo_navn == "data" else f" --data {q(repo_navn)}"
    velg = f" --virksomhet {q(v.virksomhet)}" if o.flere else ""

    def tb(cmd: str, args: str = "") -> str:
        """`tb KOMMANDO` med valgene som finner virksomheten, så argumentene."""
        return f"tb {cmd}{data}{velg}" + (f" {args}" if args else "")

    where = (
        "Kommandoene kjøres fra mappa over `data/`, der `tb` finner dataene selv"
        if not data
        else f"Kommandoene kjøres fra mappa som har `{repo_navn}/` i seg (`--data {repo_navn}`)"
    )
    if o.flere:
        where += f"; `--virksomhet {v.virksomhet}` velger denne virksomheten"
    kap = v.kapittel if v.kapittel is not None else PLASSHOLDER_KAPITTEL
    kk = f"{kap:03d}"
    tree = [
        (f"brev/{år}/brev.yaml", "brevet: tittel, parter, Prop./Innst., budsjettvedtak, signatarer,"),
        ("", "vedlegg, kapitler, rapporteringskalender"),
        (f"brev/{år}/tekst/*.md", "teksten i hvert kapittel (Markdown)"),
        (f"mål/{år}/mål-1.yaml", "ett mål"),
        (f"styringsparametere/{år}/sp-01.yaml", "én styringsparameter"),
        (f"oppdrag/{år}-01.yaml", "ett oppdrag"),
        (f"budsjett/{år}/kap-{kk}.yaml", "budsjettkapitlet"),
        (f"budsjett/{år}/{kk}-01.yaml", "post 01 Driftsutgifter"),
        ("baseline.yaml", "kjente funn som er godtatt (tom)"),
        ("schema/", "JSON-skjemaene for redigeringsprogrammet (`tb schema`)"),
    ]
    width = max(len(a) for a, _ in tree) + 2
    lines = [
        f"# Tildelingsbrevet for {år} fra {v.departement} til {v.virksomhet}",
        "",
        f"Laget av `tb init` som et utkast. {where}.",
        "",
        "```",
        *(f"{a:<{width}}{b}" for a, b in tree),
        "```",
        "",
        "## Hva du gjør nå",
        "",
        f"1. `{tb('check')}` lister det som må fylles inn: tomme beløp og datoer (`null`, TB601), "
        "det som er merket `gjennomgått: false` (TB602) og oppdrag uten frist (TB304). Gå gjennom "
        "lista til den er tom.",
        f"2. I `brev/{år}/brev.yaml`: fyll inn det som står i parentes og det som er `null` "
        "(departementets forkortelse, virksomhetens navn, nummeret på innstillingen, datoen for "
        "budsjettvedtaket, signatarene), les rapporteringskalenderen, og fjern `gjennomgått: false`.",
        f"3. I `brev/{år}/tekst/`: skriv teksten i hvert kapittel. Første linje sier hva som skal stå "
        "der; slett den, og fjern `gjennomgått: false` ved kapitlet i brev.yaml. Beløp og datoer "
        "som også står i data, markeres (`{{ budsjettvedtak: 16. desember "
        f"{år - 1} }}}}`), så `tb check` sammenligner dem.",
        f"4. Mål, styringsparametere og oppdrag: skriv om de som er laget, og legg til flere med "
        f"`{tb('ny mål', '--tittel …')}`, `{tb('ny styringsparameter', '--mål 1 --tekst …')}` og "
        f"`{tb('ny oppdrag', f'--mål 1 --tittel … --frist 31.10.{år}')}`.",
        "5. Budsjettet: "
        + (
            f"bytt kapittelnummeret {kap} (en plassholder) med nummeret i statsbudsjettet, også i "
            f"filnavnene (`kap-{kk}.yaml`, `{kk}-01.yaml`), "
            if v.kapittel is None
            else ""
        )
        + "fyll inn tildelingen i hele kroner (`tildeling: 123456000`), og legg til poster og "
        f"kapitler med `{tb('ny post', 'KKK.PP --betegnelse …')}` og `{tb('ny kapittel', 'KKK --navn …')}`.",
        f"6. `{tb('render', f'-o tildelingsbrev-{år}.pdf')}` lager brevet (også `.html` og "
        "`.md`). Malene er innebygd i `tb`; "
        + (
            "maler i `mal/` øverst i repositoriet gjelder alle virksomhetene, og "
            f"`{tb('mal', '--kopier')}` kopierer dem til `mal/` her, der du kan tilpasse dem for "
            "denne virksomheten."
            if o.flere
            else f"`{tb('mal', '--kopier')}` kopierer dem til `mal/` her, der du kan tilpasse dem."
        ),
        f"7. `{tb('frister')}` viser fristene, og `{tb('status')}` status til etatsstyringsmøtet.",
        "",
        "## En virksomhet til",
        "",
    ]
    if o.flere:
        lines += [
            "Repositoriet har brev til flere virksomheter (`virksomheter/KORT/`). En til legges til med",
            "",
            "```",
            f"tb init {q(repo_navn)} --departement {q(v.departement)} --virksomhet KORT",
            "```",
        ]
    else:
        lines += [
            "Et repositorium med brev til flere virksomheter har én mappe per virksomhet under",
            "`virksomheter/`. Flytt denne virksomheten dit først, og legg så til den neste:",
            "",
            "```",
            f"cd {q(repo_navn)}",
            f"mkdir -p {q('virksomheter/' + v.virksomhet)}",
            "git mv brev mål styringsparametere oppdrag budsjett baseline.yaml schema README.md "
            + q(f"virksomheter/{v.virksomhet}/"),
            "cd ..",
            f"tb init {q(repo_navn)} --departement {q(v.departement)} --virksomhet KORT",
            "```",
            "",
            "Malene i `mal/` (om du har kopiert dem) blir stående øverst og gjelder alle virksomhetene.",
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- valgene og mappa


def sjekk_valg(valg: Valg) -> Valg:
    """Valgene renset (én linje, NFC), eller InitError som sier hva som er galt."""
    from .virksomheter import gyldig_kortnavn

    def tekst(name: str, value: str | None, required: bool) -> str | None:
        if value is None:
            return None
        if has_controls(value.replace("\n", " ").replace("\t", " ")):
            raise InitError(f"{name} inneholder et kontrolltegn som ikke er lov i et brev")
        clean = unicodedata.normalize("NFC", one_line(value))
        if not clean:
            if required:
                raise InitError(f"{name} er tomt")
            return None
        return clean

    departement = tekst("--departement", valg.departement, True)
    virksomhet = tekst("--virksomhet", valg.virksomhet, True)
    assert departement is not None and virksomhet is not None
    if not gyldig_kortnavn(virksomhet) or virksomhet in (".", ".."):
        raise InitError(
            f"--virksomhet «{virksomhet}» kan ikke være et mappenavn; bruk kortnavnet, for eksempel "
            "IMDi eller HK-dir (uten skråstrek, høyst 64 tegn)"
        )
    low, high = BREVÅR
    if not low <= valg.år <= high:
        raise InitError(f"--år {valg.år} er utenfor {low}–{high}")
    if valg.målform not in MÅLFORMER:
        raise InitError(f"--målform «{valg.målform}» er ikke bokmål eller nynorsk")
    if valg.kapittel is not None and not 1 <= valg.kapittel <= 9999:
        raise InitError(f"--kapittel {valg.kapittel} er utenfor 1–9999")
    return Valg(
        departement=departement,
        virksomhet=virksomhet,
        år=valg.år,
        departement_kort=tekst("--departement-kort", valg.departement_kort, False),
        virksomhet_navn=tekst("--virksomhet-navn", valg.virksomhet_navn, False),
        målform=valg.målform,
        kapittel=valg.kapittel,
    )


_ÉN_VIRKSOMHET = ("brev", "oppdrag", "budsjett", "mål", "styringsparametere", "baseline.yaml")


def _innhold(mappe: Path) -> list[str] | None:
    """Navnene i mappa (uten skjulte), sortert; None når mappa ikke finnes."""
    try:
        with os.scandir(mappe) as it:
            return sorted(e.name for e in it if not e.name.startswith("."))
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise InitError(f"«{safe_line(mappe)}» er ikke en mappe") from None
    except OSError as e:
        raise InitError(f"kan ikke lese mappa «{safe_line(mappe)}»: {os_error(e)}") from None


def _mottaker(mappe: Path) -> str | None:
    """Kortnavnet brevene i et repositorium med én virksomhet går til, når det kan leses."""
    from .loading.tree import listing, read_all
    from .pipeline import load_document

    names = set()
    try:
        for entry in read_all(mappe, [item for item in listing(mappe) if item.kind == "brev"]):
            if entry.problem is None:
                doc, _ = load_document(entry.path, entry.raw, Brev, "brev")
                if doc is not None and doc.model.mottaker.kortnavn:
                    names.add(doc.model.mottaker.kortnavn)
    except OSError:
        return None
    return sorted(names)[0] if len(names) == 1 else None


def _velg_oppsett(mappe: Path, virksomhet: str) -> tuple[bool, bool]:
    """(flere virksomheter, mappa lages) for mappa, eller InitError når den verken er tom eller
    et repositorium med `virksomheter/`."""
    from .virksomheter import MAPPE, finn

    try:
        st = os.lstat(mappe)
    except FileNotFoundError:
        return False, True
    except OSError as e:
        raise InitError(f"kan ikke lese «{safe_line(mappe)}»: {os_error(e)}") from None
    if stat.S_ISLNK(st.st_mode):  # mappa selv er brukerens valg (som --data) og kan være en lenke
        try:
            st = os.stat(mappe)
        except OSError:
            raise InitError(f"«{safe_line(mappe)}» er en symbolsk lenke til noe som ikke finnes") from None
    if not stat.S_ISDIR(st.st_mode):
        raise InitError(f"«{safe_line(mappe)}» finnes og er ikke en mappe")
    names = _innhold(mappe) or []
    if not names:
        return False, False
    where = safe_line(mappe)
    if MAPPE in names:
        sub = mappe / MAPPE
        sst = os.lstat(sub)
        if stat.S_ISLNK(sst.st_mode):
            raise InitError(
                f"{where}/{MAPPE} er en symbolsk lenke; tb init skriver ikke gjennom lenker (gjør den til en "
                "vanlig mappe)"
            )
        if not stat.S_ISDIR(sst.st_mode):
            raise InitError(f"{where}/{MAPPE} er ikke en mappe")
        wanted = unicodedata.normalize("NFC", virksomhet).casefold()
        for v in finn(mappe):
            if v.kortnavn.casefold() == wanted:
                raise InitError(
                    f"virksomheten «{v.kortnavn}» finnes fra før ({where}/{MAPPE}/{v.kortnavn}); tb init "
                    "skriver aldri over noe (velg et annet kortnavn med --virksomhet)"
                )
        for name in _innhold(sub) or []:
            if unicodedata.normalize("NFC", name).casefold() == wanted:
                raise InitError(
                    f"{where}/{MAPPE}/{name} finnes fra før; tb init skriver aldri over noe (velg et annet "
                    "kortnavn med --virksomhet)"
                )
        return True, False
    if any(n in _ÉN_VIRKSOMHET for n in names):
        kort = _mottaker(mappe) or "KORT"
        raise InitError(
            f"«{where}» har alt brev til én virksomhet ({kort}); tb init skriver aldri over noe. For å "
            f"legge til en virksomhet til: flytt dataene til {where}/{MAPPE}/{kort}/ (i mappa: mkdir -p "
            f"{MAPPE}/{kort} && git mv {' '.join(n for n in names if n not in ('mal', MAPPE))} "
            f"{MAPPE}/{kort}/; mal/ kan bli stående øverst som felles maler), og kjør tb init {where} "
            f"--virksomhet {virksomhet} … på nytt"
        )
    shown = ", ".join(names[:5]) + (f" og {len(names) - 5} til" if len(names) > 5 else "")
    raise InitError(
        f"«{where}» er ikke tom ({shown}), og er ikke et repositorium med {MAPPE}/; tb init lager et "
        f"nytt repositorium bare i en tom mappe. Gi en ny mappe, for eksempel tb init {where}/data"
    )


def planlegg(mappe: Path, valg: Valg) -> Oppsett:
    """Det `tb init` skal skrive i `mappe`, uten å skrive noe. Kaster InitError (norsk melding)
    når det ikke kan lages."""
    from .schema import schema_texts

    valg = sjekk_valg(valg)
    flere, lages = _velg_oppsett(mappe, valg.virksomhet)
    o = Oppsett(mappe=mappe, rot=mappe, valg=valg, flere=flere, lages=lages)
    if flere:
        o.rot = mappe / "virksomheter" / valg.virksomhet
    rot = o.rot
    try:
        brev, tekster = _brev(valg, rot)
        nye = [brev, *_resten(valg, rot), _baseline(rot)]
    except ScaffoldError as e:  # et valg modellen ikke godtar (for langt, for eksempel)
        raise InitError(f"kan ikke lage utkastet: {e}") from None
    filer: list[tuple[str, bytes]] = [("README.md", b"")]
    for new in nye:
        filer.append((new.path.relative_to(rot).as_posix(), new.text.encode("utf-8")))
    brevmappe = f"brev/{valg.år}"
    filer += [(f"{brevmappe}/{rel}", text.encode("utf-8")) for rel, text in tekster]
    filer += [(f"schema/{name}", text.encode("utf-8")) for name, text in schema_texts().items()]
    o.filer = [(o.prefiks + rel, data) for rel, data in filer]
    o.filer[0] = (o.prefiks + "README.md", _readme(o).encode("utf-8"))
    _sjekk_mål(o)
    return o


def _sjekk_mål(o: Oppsett) -> None:
    """Nekt før noe er skrevet: en fil finnes, eller en mappe på veien er en symbolsk lenke eller
    ikke en mappe."""
    checked: set[str] = set()
    for rel, _ in o.filer:
        parts = rel.split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub in checked:
                continue
            checked.add(sub)
            try:
                st = os.lstat(o.mappe / sub)
            except FileNotFoundError:
                continue
            except OSError as e:
                raise InitError(f"kan ikke lese {safe_line(o.mappe / sub)}: {os_error(e)}") from None
            shown = safe_line(o.mappe / sub)
            if stat.S_ISLNK(st.st_mode):
                raise InitError(f"{shown} er en symbolsk lenke; tb init skriver ikke gjennom lenker")
            if i == len(parts):
                raise InitError(f"{shown} finnes fra før; tb init skriver aldri over en fil")
            if not stat.S_ISDIR(st.st_mode):
                raise InitError(f"{shown} er ikke en mappe")


def skriv(o: Oppsett) -> list[str]:
    """Skriv filene (atomært hver, aldri over en fil, aldri gjennom en lenke), alle eller ingen:
    går noe galt underveis, fjernes det som er skrevet (og mappene som ble laget), og InitError
    sier hva. Gir stiene som ble skrevet (relativt til mappa)."""
    made: list[Path] = []
    if o.lages:
        missing = []
        p = o.mappe
        while not os.path.lexists(p) and p != p.parent:
            missing.append(p)
            p = p.parent
        try:
            o.mappe.mkdir(parents=True)
        except FileExistsError:
            raise InitError(f"«{safe_line(o.mappe)}» ble laget av noen andre underveis; kjør tb init på nytt") from None
        except OSError as e:
            raise InitError(f"kan ikke lage mappa «{safe_line(o.mappe)}»: {os_error(e)}") from None
        made = missing
    try:
        return write_all_new(o.mappe, list(o.filer))
    except NotWritten as e:
        _fjern_mapper(made)
        raise InitError(f"kan ikke skrive repositoriet ({e}); ingenting er skrevet") from None


def _fjern_mapper(made: list[Path]) -> None:
    """Fjern mappene over repositoriet som denne kjøringen laget (innerst først)."""
    for p in made:
        try:
            os.rmdir(p)
        except OSError:
            break
