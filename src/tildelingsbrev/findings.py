"""Funn: hvert problem i data er en verdi med regelkode, alvorlighet, norsk melding og sted."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "feil"
    WARNING = "advarsel"


@dataclass(frozen=True)
class Location:
    """Stedet å rette: fil, linje og kolonne (begge fra 1)."""

    file: Path
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    location: Location
    subject: str
    """Hva funnet gjelder, uavhengig av linjenummer («oppdrag 2024-05», «kap. 671»).
    Grunnlinjen (baseline.yaml) kjenner funn på kode og subjekt."""
    acknowledged: str | None = None
    """Begrunnelsen fra grunnlinjen når funnet er kjent og akseptert."""
    related: tuple[Location, ...] = ()
    """Andre steder funnet gjelder (den andre siden av en uoverensstemmelse mellom to filer):
    vises som egne linjer i tekstrapporten og som `relatedLocations` i SARIF. Inngår ikke i
    subjektet, så grunnlinjen kjenner funnet igjen uansett."""
    år: int | None = None
    """Brevet funnet gjelder (budsjettåret), eller None når det gjelder alle brev (malene,
    grunnlinjefila, data-mappa selv). Regnes ut av kjeden etter reglene fra stedet
    (`pipeline.letter_year`) når regelen ikke har satt det selv; grunnlinjen matcher på det,
    og `tb render --år` viser bare funnene for brevet som lages."""

    def acknowledge(self, reason: str) -> Finding:
        return replace(self, acknowledged=reason)

    def for_letter(self, år: int | None) -> Finding:
        return replace(self, år=år)

    def sort_key(self) -> tuple:
        loc = self.location
        return (str(loc.file), loc.line, loc.column, self.code, self.message)
