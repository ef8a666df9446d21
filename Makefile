# Two entry points (see README): `make lab` opens the course, `make test` runs every test.
# Both first build .venv from requirements.txt; it is rebuilt when the pins change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab test outputs

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# Jupyter refuses to run as root (containers, some cloud machines) unless told it may.
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-run every notebook top to bottom on a fresh kernel and save its outputs (for maintainers).
outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False notebooks/*.ipynb
