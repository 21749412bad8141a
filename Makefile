# Two commands on a fresh machine: `make lab` (JupyterLab on the bundled sample) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SHARED ?= $(abspath ../shared)
# Jupyter refuses to run as root (CI containers, Docker) without this flag
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab dashboard test test-fast notebooks bench sample clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# served from the repository's root (so the notebooks' links to data/ resolve), opened on the first notebook
lab: $(STAMP)
	$(VENV)/bin/jupyter lab $(LAB_FLAGS) notebooks/01_getting_started.ipynb

# the explorer as a dashboard without the code, offline (the template in share/jupyter drops remote resources)
dashboard: $(STAMP)
	JUPYTER_PATH=$(CURDIR)/share/jupyter $(VENV)/bin/voila --template=cabletools notebooks/05_explorer.ipynb

# Every test: the package, the notebooks (nbval), the real corpus in $CABLETOOLS_SHARED,
# and the browser tests (skipped outside CI when no Chromium is installed).
test: $(STAMP)
	$(PY) -m ruff check cabletools tests benchmarks
	CABLETOOLS_SHARED="$${CABLETOOLS_SHARED:-$(SHARED)}" $(PY) -m pytest tests notebooks cabletools --doctest-modules \
	  --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  -p no:cacheprovider -q -rs --durations=15

test-fast: $(STAMP)
	$(PY) -m pytest tests -q -m "not shared and not browser and not slow"

# Re-execute every notebook on the bundled sample and store the outputs nbval compares.
notebooks: $(STAMP)
	cd notebooks && for nb in *.ipynb; do \
	  env -u CABLETOOLS_DATA ../$(PY) -m jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.store_widget_state=False "$$nb" || exit 1; done

bench: $(STAMP)
	CABLETOOLS_SHARED="$${CABLETOOLS_SHARED:-$(SHARED)}" $(PY) benchmarks/bench_parse.py

sample: $(STAMP)
	$(PY) -m cabletools synth --n 2000 --seed 2008 data/sample/cables

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
