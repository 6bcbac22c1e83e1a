# Two commands do everything (see README.md):
#   make        set up .venv, then rerun every notebook (notebooks/*.ipynb and figures/)
#   make test   set up .venv, then run the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
# make CORPUS=path/to/corpus.txt OUT=some/dir reruns the notebooks on another corpus under OUT.
# The two paths reach the runner through its environment, unexpanded, and never through a shell
# line, so no character of a file name (a quote, a backtick, "$(...)") can run a command.
# (A variable given on make's command line is otherwise exported, and expanded, into every
# recipe's environment: unexport stops that.)
export NOTEBOOK_CORPUS := $(value CORPUS)
export NOTEBOOK_OUT := $(value OUT)
# UNIT=document reads each row (or text file) of the corpus as an article split into sentences.
export NOTEBOOK_UNIT := $(value UNIT)
# GROUP=column and PERIOD=year|quarter|month|day choose notebook 05's comparisons.
export NOTEBOOK_GROUP := $(value GROUP)
export NOTEBOOK_PERIOD := $(value PERIOD)
# KERNELS=n caps the notebooks run at once (default: one kernel per core).
export NOTEBOOK_KERNELS := $(value KERNELS)
# SCHEDULER=tcp://host:8786 sends the notebooks' Dask work to a running cluster.
export NOTEBOOK_SCHEDULER := $(value SCHEDULER)
unexport CORPUS OUT UNIT GROUP PERIOD KERNELS SCHEDULER

.PHONY: all notebooks test lint evaluate lab html bench bench-big help setup clean

all: notebooks

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml jupyter/jupyter_server_config.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) pip==26.3
	$(PIP) -r requirements.txt -c constraints.txt
	$(PIP) --no-deps -e .
	# JupyterLab's save writes the metadata as committed (conflict_corpus/lab.py).
	mkdir -p $(VENV)/etc/jupyter
	cp jupyter/jupyter_server_config.json $(VENV)/etc/jupyter/
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt requirements-bench.txt
	$(PIP) -r requirements-dev.txt -c constraints.txt
	touch $@

setup: $(VENV)/.runtime ## create .venv and install the pinned requirements and helpers.py

notebooks: $(VENV)/.runtime ## rerun every notebook top to bottom (CORPUS=... UNIT=... OUT=... GROUP=... for your own corpus)
	$(PY) scripts/run_notebooks.py

# (Prerequisites run in the order listed: lint, then the evaluation, then the tests.)
test: $(VENV)/.dev lint evaluate ## lint, measure the matchers, then run the whole test suite
	$(PY) -m pytest -n auto --dist loadscope --no-loadscope-reorder

evaluate: $(VENV)/.runtime ## precision, recall and F1 of the matchers on data/evaluation/ (95% Wilson intervals)
	$(PY) scripts/evaluate.py

lint: $(VENV)/.dev ## ruff alone: lint (pyproject.toml [tool.ruff]) and the format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lab: $(VENV)/.runtime ## start JupyterLab on the notebooks (localhost, token authentication on)
	$(VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

html: $(VENV)/.runtime ## reports of the rendered notebooks: html/ (OUT=...: OUT/html/), titled, code left out, offline
	$(PY) scripts/export_html.py

bench: $(VENV)/.dev ## time load, entities, frames, co-occurrence, kwic on 1,000,000 sentences (benchmarks/results.md)
	$(PY) benchmarks/bench.py --n $(or $(N),1000000)

bench-big: $(VENV)/.runtime ## 20,000,000 sentences as Parquet files through every notebook on Dask: time, memory of every process (benchmarks/results_big.md)
	$(PY) benchmarks/bench_big.py --n $(or $(N),20000000)

clean: ## remove .venv and generated scratch folders (not the committed outputs)
	rm -rf $(VENV) html out .pytest_cache .hypothesis *.egg-info
