"""To jobber samtidig på to CPU-kjerner: den ene i en kopi av prosessen (fork), den andre her.

Brukes der `tb check` har to uavhengige halvdeler: de tunge reglene og de andre
(`rules.run_rules`), og virksomhetene i et repositorium med flere (`pipeline.check_agencies`).
Resultatet fra kopien kommer tilbake som pickle gjennom et rør; går noe galt med kopien, kjøres
jobben her i stedet, så svaret er det samme, bare tregere.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def wanted(size: int, threshold: int) -> bool:
    """Om det lønner seg å starte en prosess til for en jobb på `size` filer: fra `threshold`
    filer, på Linux med minst to kjerner. `TB_PARALLELL=0` slår det av, `TB_PARALLELL=1` på
    uansett størrelse."""
    choice = os.environ.get("TB_PARALLELL", "")
    if choice == "0" or not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return False
    if choice == "1":
        return True
    if len(os.sched_getaffinity(0)) < 2:
        return False
    return size >= threshold


def split(here: Callable[[], T], there: Callable[[], U]) -> tuple[T, U]:
    """Kjør `there` i en kopi av prosessen og `here` her, samtidig; gir begge resultatene.
    Kan ikke kopien lages, eller kommer det ikke et helt resultat tilbake, kjøres `there` her
    etterpå."""
    import pickle

    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return here(), there()
    if pid == 0:  # pragma: no cover - kjører i kopien; dekkes av testene gjennom resultatet
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(there(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # ingen opprydding, ingen utskrift: det gjør foreldreprosessen
    os.close(write_end)
    try:
        mine = here()
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    if status == 0:
        try:
            return mine, pickle.loads(data)
        except Exception:  # noqa: BLE001 - et avbrutt resultat: jobben kjøres her
            pass
    return mine, there()
