"""Modellen: hva et brevrepositorium er, uavhengig av hvordan det leses.

- `documents`: hva hver datafil inneholder (pydantic, én modell per filtype);
- `repo`: repositoriet (`Repo`) med dokumentene (`Doc`), prosaen og spørsmålene om dem;
- `prose`: markørene i prosaen og all prosa i repositoriet som kilder reglene leser;
- `nummer`: oppdragsnumrene: mønsteret fra innstillinger.yaml (`Repo.oppdragsnummer()`),
  året og løpenummeret i et nummer, filnavnet, numrene i en tekst og skrivefeil i dem.

Innlesingen (`tildelingsbrev.loading`) lager et `Repo`; reglene, fristene, gjengivelsen og
rapportene leser det og importerer herfra, aldri fra innlesingen.
"""

from .documents import *  # noqa: F403
from .repo import Doc, Prose, Repo  # noqa: F401
