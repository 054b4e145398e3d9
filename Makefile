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

run: $(STAMP)
	$(BIN)/tb check
	@echo
	@echo "Uten grunnlinjen (alle feil i brevet slik det ble publisert):"
	@$(BIN)/tb check --no-baseline || true
	@echo
	@echo "Frister i mars 2024 (tb frister --fra 2024-03-01 --neste 30d):"
	@$(BIN)/tb frister --fra 2024-03-01 --neste 30d
	@echo
	@mkdir -p ut
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.md
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.html
	@$(BIN)/tb render -o ut/tildelingsbrev-2024.pdf
	@echo "Brevet er gjengitt i ut/: tildelingsbrev-2024.pdf, .html og .md"

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
