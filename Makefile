# Two entry points (see README): `make lab` opens the course, `make test` runs every test.
# `make lab` builds .venv from requirements.txt (the course); `make test` adds tests/requirements.txt (the test
# tools). Each is reinstalled when its pins change. TORCH=cpu takes PyTorch's CPU build from PyTorch's own index
# (a fresh .venv only): for Linux machines without an NVIDIA GPU, which PyPI's default build burdens with
# several GB of CUDA libraries.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-tests
TORCH ?=
TORCH_INDEX := $(if $(filter cpu,$(TORCH)),--extra-index-url https://download.pytorch.org/whl/cpu)
# ipywidgets 7.7 (Google Colab's generation) installed beside the venv, put first on the path
# for a second run of the widget tests.
IPYWIDGETS7 := $(VENV)/ipywidgets7
IPYWIDGETS7_STAMP := $(IPYWIDGETS7)/.installed
WIDGET_TESTS := tests/test_widgets.py $(wildcard tests/test_explorers*.py)
# JupyterLab's and Notebook 7's settings for this environment (jupyter/README.md says which and why).
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
FIRST_NOTEBOOK := notebooks/00_start_here.ipynb

.PHONY: lab test outputs catalogue stamp links site slides slides-offline slides-pdf

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json
	@echo "==> Installing the course into $(VENV): PyTorch, JupyterLab, NumPy, matplotlib, ipywidgets."
	@echo "    The first time takes 2-5 minutes with a fast network (PyTorch is the largest part); pip shows its progress."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(TORCH_INDEX) --requirement requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	@mkdir -p $(dir $(LAB_SETTINGS))
	@cp jupyter/overrides.json $(LAB_SETTINGS)
	@touch $(STAMP)
	@echo "==> The course is installed."

$(TEST_STAMP): tests/requirements.txt $(STAMP)
	@echo "==> Adding the test tools to $(VENV): pytest, nbval, hypothesis, Playwright, Notebook 7, ruff (under a minute)."
	$(BIN)/python -m pip install $(TORCH_INDEX) --requirement tests/requirements.txt
	@touch $(TEST_STAMP)

$(IPYWIDGETS7_STAMP): tests/requirements-ipywidgets7.txt $(STAMP)
	@echo "==> Installing ipywidgets 7.7 beside $(VENV), for the widget tests under Colab's generation."
	$(BIN)/python -m pip install --quiet --no-deps --target $(IPYWIDGETS7) \
		--requirement tests/requirements-ipywidgets7.txt
	@touch $(IPYWIDGETS7_STAMP)

# The address JupyterLab prints, and the browser it opens, land on the first notebook. Jupyter refuses to run
# as root (containers, some cloud machines) unless told it may.
lab: $(STAMP)
	@echo "==> Starting JupyterLab on $(FIRST_NOTEBOOK); open the address it prints below. Ctrl+C stops it."
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --LabApp.default_url=/lab/tree/$(FIRST_NOTEBOOK)

# Everything under ipywidgets 8, then the widget tests again under ipywidgets 7.7, whose use of
# ipykernel's old Comm class is deprecated by the ipykernel we pin (harmless there).
test: $(TEST_STAMP) $(IPYWIDGETS7_STAMP)
	@echo "==> Running every test: about 30 minutes on two cores (pytest's dots show the progress)."
	$(BIN)/python -m pytest
	@echo "==> The widget tests again, under ipywidgets 7.7 (under a minute)."
	PYTHONPATH=$(IPYWIDGETS7) $(BIN)/python -m pytest -o addopts="" $(WIDGET_TESTS) \
		-W "ignore:The \`ipykernel.comm.Comm\` class has been deprecated:DeprecationWarning"

# Re-run every notebook top to bottom on a fresh kernel and save its outputs (for maintainers). A busy
# machine may flush one print as two stream outputs: merge them again after the run. No widget state is
# saved: each figure's display carries its still PNG, which every frontend and export shows before a run.
# The notebook metadata keeps only the keys listed (the kernel, the language, the slides' settings).
KEPT_METADATA = kernelspec language_info rise
outputs: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False \
		--NotebookExporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor \
		--ClearMetadataPreprocessor.enabled=True --ClearMetadataPreprocessor.clear_cell_metadata=False \
		$(KEPT_METADATA:%=--ClearMetadataPreprocessor.preserve_nb_metadata_mask=%) notebooks/*.ipynb notebooks/ko/*.ipynb

# course_utils' Korean messages: extract what the source marks with _() or N_(), merge it into the catalogue
# (course_utils/locale/ko/LC_MESSAGES/course_utils.po) and compile it; tests/test_language.py lists what is left
# to translate.
catalogue: $(TEST_STAMP)
	$(BIN)/python tools/catalogue.py update

# Badges and Colab setup cell in every notebook of both editions, badges in both READMEs, all from pyproject.toml's
# [project.urls] Repository (then `make outputs` if a notebook gained its setup cell).
stamp: $(STAMP)
	$(BIN)/python tools/stamp_notebooks.py

# Each notebook's Colab and Binder links; with HUB=https://your.hub, its nbgitpuller link too.
links: $(STAMP)
	$(BIN)/python tools/stamp_notebooks.py --links $(HUB)

# The course site in build/site/: every notebook as a page with its still figures, and an index; MathJax
# (fetched by npm once) travels with it, so it reads offline from any folder. GitHub Pages publishes the same.
site: $(STAMP)
	$(BIN)/python tools/build_site.py

# reveal.js decks of every notebook: build/slides/ loads reveal.js and MathJax from CDNs;
# build/slides-offline/ carries them along (npm fetches the pinned versions once) and needs no network.
slides: $(STAMP)
	$(BIN)/python tools/export_slides.py

slides-offline: $(STAMP)
	$(BIN)/python tools/export_slides.py --offline

# The offline decks, then each printed by headless Chromium to build/slides-pdf/NN_topic.pdf, a page a slide.
slides-pdf: $(TEST_STAMP)
	$(BIN)/python tools/export_slides.py --pdf
