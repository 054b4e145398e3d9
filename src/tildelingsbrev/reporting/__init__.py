"""Rapportene: resultater gjort om til tekst og data, hver med et register over formatene
(navn → funksjon) som kommandolinja bygger valgene sine fra.

- `check`: `tb check` som tekst, JSON, GitHub, GitLab og SARIF (`FORMATS`);
- `frister`: `tb frister` som tabell, JSON, CSV og ICS (`FORMATS`);
- `rules`: reglenes dokumentasjon (`tb regler`, `tb forklar`);
- `vis`: alt om ett oppdrag (`tb vis`).
"""
