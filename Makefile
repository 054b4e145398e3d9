PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test

.PHONY: run test fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TESTSTAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

# En kort demonstrasjon på det publiserte brevet for 2024: sjekken, de kjente feilene, fristene,
# oppfølgingen og brevet laget fra data.
run: $(STAMP)
	@echo "== 1. Sjekk av tildelingsbrevet for 2024 (tb check) =="
	@$(BIN)/tb check
	@echo
	@echo "Brevet ble publisert med feil. Dataene er skrevet slik brevet er trykt, og de kjente feilene"
	@echo "står i data/baseline.yaml med en begrunnelse hver; derfor er sjekken over grønn, og en ny feil"
	@echo "blir rød. Én linje per kjent feil (tb grunnlinje --liste; tb check --no-baseline viser dem som funn):"
	@$(BIN)/tb grunnlinje --liste
	@echo
	@echo "== 2. Frister 1.–30. mars 2024 (tb frister --fra 2024-03-01 --neste 30d) =="
	@$(BIN)/tb frister --fra 2024-03-01 --neste 30d
	@echo
	@echo "== 3. Oppfølging av mål 4 per 1. september 2024 (tb status --per 2024-09-01 --mål 4) =="
	@echo "(Ingen leveranser er registrert i data/, så en frist før 1. september står som forfalt.)"
	@$(BIN)/tb status --per 2024-09-01 --mål 4
	@echo
	@echo "== 4. Brevet laget fra data (tb render) =="
	@mkdir -p ut
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.md
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.html
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.pdf
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.docx
	@echo "Brevet ligger i ut/: tildelingsbrev-2024.pdf (PDF/A-2a, til signering og arkiv), .docx (Word, til"
	@echo "gjennomlesing), .html (med innholdsfortegnelse) og .md."

test: $(TESTSTAMP)
	$(BIN)/python -m pytest

# Lang mutasjonskampanje (tusenvis av muterte datafiler); CI kjører et begrenset antall i make test.
fuzz: $(TESTSTAMP)
	TB_FUZZ_EKSEMPLER=$${TB_FUZZ_EKSEMPLER:-5000} $(BIN)/python -m pytest tests/test_mutation.py -q -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache ut

# Tidsmåling (issue 7): ikke en del av `make test`. Avhengighetene står i bench/requirements.txt.
# Valg til bench/run.py med BENCHARGS, f.eks. `make bench BENCHARGS="--n 1000 --varme 3"`.
BENCHSTAMP := $(VENV)/.installed-bench

$(BENCHSTAMP): bench/requirements.txt $(STAMP)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	touch $@

.PHONY: bench
bench: $(BENCHSTAMP)
	$(BIN)/python bench/run.py $(BENCHARGS)
	$(BIN)/python bench/hostile.py
