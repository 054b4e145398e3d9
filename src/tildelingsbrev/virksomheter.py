"""Virksomhetene i et repositorium: ett brev til én virksomhet, eller brev til flere side om side.

To oppsett, og alle kommandoene kjenner begge:

- **Én virksomhet** (som det publiserte brevet i data/): data-mappa selv har brev/, oppdrag/,
  budsjett/, mål/, styringsparametere/ og baseline.yaml.
- **Flere virksomheter**: data-mappa har `virksomheter/KORT/` med ett slikt tre per virksomhet
  (KORT er kortnavnet, det samme som `mottaker.kortnavn` i brevene), og eventuelt felles maler i
  `mal/`::

      data/
        mal/                   felles maler (valgfritt; ellers de innebygde)
        virksomheter/
          IMDi/                brev/, oppdrag/, budsjett/, mål/, …, baseline.yaml
          Miljødirektoratet/

  Hver virksomhet har sine egne mål, styringsparametere, oppdrag (numrene er unike per
  virksomhet), budsjettposter, tillegg og grunnlinje. Malene er felles: `mal/` øverst, med mindre
  virksomheten har sin egen `mal/` (da brukes den, og de innebygde for det som mangler der).
  Innstillingene likeså: `innstillinger.yaml` øverst (mønsteret for oppdragsnumrene) gjelder
  hver virksomhet som ikke har sin egen (`innstillinger_fil`); den leses, aldri skrives.

Her står bare hvor virksomhetene ligger (`finn`, `velg`, `rot_for`); innlesingen og reglene ser
hver virksomhet som et vanlig repositorium, og reglene på tvers av virksomhetene står i
`rules/virksomheter.py`.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAPPE = "virksomheter"
"""Mappa med én undermappe per virksomhet."""

MAKS_VIRKSOMHETER = 500
"""Flest virksomheter som leses fra én data-mappe (et departement har noen titalls)."""


@dataclass(frozen=True)
class Virksomhet:
    """En virksomhet i et repositorium med flere: kortnavnet (mappenavnet) og mappa med dataene."""

    kortnavn: str
    root: Path


class Valgfeil(ValueError):
    """Virksomheten kan ikke velges: meldingen sier hvorfor og hvilke som finnes."""


def _real_dir(path: Path) -> bool:
    """En vanlig mappe, ikke en symbolsk lenke (en lenke kan peke ut av data-mappa)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def har_flere(root: Path) -> bool:
    """Sant når data-mappa har oppsettet med flere virksomheter (`virksomheter/`)."""
    return _real_dir(root / MAPPE)


def gyldig_kortnavn(name: str) -> bool:
    """Et kortnavn som kan være et mappenavn: ikke tomt, ikke skjult, uten skråstrek,
    kontrolltegn eller «..», og høyst 64 tegn."""
    return (
        0 < len(name) <= 64
        and not name.startswith(".")
        and "/" not in name
        and "\\" not in name
        and name.isprintable()
        and name.strip() == name
    )


def finn(root: Path) -> list[Virksomhet]:
    """Virksomhetene i `virksomheter/`, sortert på kortnavn; tom liste i oppsettet med én
    virksomhet. Bare vanlige mapper med gyldige navn tas med (symbolske lenker følges ikke), og
    høyst `MAKS_VIRKSOMHETER`."""
    folder = root / MAPPE
    if not _real_dir(folder):
        return []
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it if e.is_dir(follow_symlinks=False))
    except OSError:
        return []
    out = []
    for name in names:
        if not gyldig_kortnavn(name):
            continue
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            continue
        out.append(Virksomhet(unicodedata.normalize("NFC", name), folder / name))
        if len(out) >= MAKS_VIRKSOMHETER:
            break
    return out


def liste(virksomheter: list[Virksomhet]) -> str:
    """«IMDi og Miljødirektoratet», «A, B og C»."""
    names = [v.kortnavn for v in virksomheter]
    return ", ".join(names[:-1]) + f" og {names[-1]}" if len(names) > 1 else "".join(names)


def velg(root: Path, kortnavn: str | None) -> Virksomhet | None:
    """Virksomheten en kommando gjelder. None i oppsettet med én virksomhet (data-mappa selv).

    Med flere: den som heter `kortnavn` (store og små bokstaver likt), eller den eneste når det
    bare er én; ellers `Valgfeil` med virksomhetene som finnes."""
    found = finn(root)
    if not found:
        if har_flere(root):
            raise Valgfeil(f"mappa «{root / MAPPE}» har ingen virksomheter (én mappe per virksomhet)")
        return None
    if kortnavn is None:
        if len(found) == 1:
            return found[0]
        raise Valgfeil(
            f"data har {len(found)} virksomheter ({liste(found)}); velg én med --virksomhet KORT"
        )
    wanted = unicodedata.normalize("NFC", kortnavn).casefold()
    for v in found:
        if v.kortnavn.casefold() == wanted:
            return v
    import difflib

    close = difflib.get_close_matches(kortnavn, [v.kortnavn for v in found], n=1, cutoff=0.6)
    hint = f" (mente du {close[0]}?)" if close else ""
    raise Valgfeil(f"fant ikke virksomheten «{kortnavn}»{hint}; data har {liste(found)}")


def rot_for(agency_root: Path) -> Path | None:
    """Repositoriet en virksomhetsmappe (`…/virksomheter/KORT`) ligger i, eller None når mappa
    ikke er en virksomhet i et repositorium med flere (da er den selv repositoriet)."""
    parent = Path(os.path.abspath(agency_root)).parent
    if parent.name != MAPPE:
        return None
    top = parent.parent
    return top if har_flere(top) else None


def kortnavn_for(agency_root: Path) -> str | None:
    """Kortnavnet til virksomheten i mappa (mappenavnet) når den er en av flere, ellers None."""
    if rot_for(agency_root) is None:
        return None
    return unicodedata.normalize("NFC", os.path.basename(os.path.abspath(agency_root)))


INNSTILLINGER = ("innstillinger.yaml", "innstillinger.yml")
"""Navnene innstillingsfila kan ha, øverst i data-mappa (se `tree.file_kind`)."""


def innstillinger_fil(root: Path) -> Path | None:
    """Den felles `innstillinger.yaml` øverst i repositoriet når `root` er en virksomhet blant
    flere uten sin egen (den egne gjelder alltid foran den felles); ellers None. Stien er
    relativ når `root` er det, som for malmappa."""
    top = rot_for(root)
    if top is None or any(os.path.lexists(root / name) for name in INNSTILLINGER):
        return None
    for name in INNSTILLINGER:
        if os.path.lexists(top / name):
            return Path(os.path.relpath(top / name)) if not root.is_absolute() else top / name
    return None


def malmappe(root: Path) -> Path:
    """Malmappa for data i `root`: `root/mal/` for én virksomhet; for en virksomhet blant flere
    dens egen `mal/` når den finnes, ellers den felles `mal/` øverst i repositoriet."""
    top = rot_for(root)
    if top is None or os.path.lexists(root / "mal"):
        return root / "mal"
    return Path(os.path.relpath(top / "mal")) if not root.is_absolute() else top / "mal"
