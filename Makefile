# Two entry points (see README): `make lab` opens the course, `make test` runs every test.
# Both first build .venv from requirements.txt; it is rebuilt when the pins change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# ipywidgets 7.7 (Google Colab's generation) installed beside the venv, put first on the path
# for a second run of the widget tests.
IPYWIDGETS7 := $(VENV)/ipywidgets7
IPYWIDGETS7_STAMP := $(IPYWIDGETS7)/.installed
WIDGET_TESTS := tests/test_widgets.py $(wildcard tests/test_explorers*.py)

.PHONY: lab test outputs stamp links slides slides-offline slides-pdf

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --requirement requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

$(IPYWIDGETS7_STAMP): tests/requirements-ipywidgets7.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --target $(IPYWIDGETS7) \
		--requirement tests/requirements-ipywidgets7.txt
	touch $(IPYWIDGETS7_STAMP)

# Jupyter refuses to run as root (containers, some cloud machines) unless told it may.
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_start_here.ipynb

# Everything under ipywidgets 8, then the widget tests again under ipywidgets 7.7, whose use of
# ipykernel's old Comm class is deprecated by the ipykernel we pin (harmless there).
test: $(STAMP) $(IPYWIDGETS7_STAMP)
	$(BIN)/python -m pytest
	PYTHONPATH=$(IPYWIDGETS7) $(BIN)/python -m pytest -o addopts="" $(WIDGET_TESTS) \
		-W "ignore:The \`ipykernel.comm.Comm\` class has been deprecated:DeprecationWarning"

# Re-run every notebook top to bottom on a fresh kernel and save its outputs (for maintainers). A busy
# machine may flush one print as two stream outputs: merge them again after the run.
outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False \
		--NotebookExporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor notebooks/*.ipynb

# Badges and Colab setup cell in every notebook, badges in the README, all from pyproject.toml's
# [project.urls] Repository (then `make outputs` if a notebook gained its setup cell).
stamp: $(STAMP)
	$(BIN)/python tools/stamp_notebooks.py

# Each notebook's Colab and Binder links; with HUB=https://your.hub, its nbgitpuller link too.
links: $(STAMP)
	$(BIN)/python tools/stamp_notebooks.py --links $(HUB)

# reveal.js decks of every notebook: build/slides/ loads reveal.js and MathJax from CDNs;
# build/slides-offline/ carries them along (npm fetches the pinned versions once) and needs no network.
slides: $(STAMP)
	$(BIN)/python tools/export_slides.py

slides-offline: $(STAMP)
	$(BIN)/python tools/export_slides.py --offline

# The offline decks, then each printed by headless Chromium to build/slides-pdf/NN_topic.pdf, a page a slide.
slides-pdf: $(STAMP)
	$(BIN)/python tools/export_slides.py --pdf
