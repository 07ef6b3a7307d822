# Shared Funnel: `make pack` builds the meeting pack, `make test` runs every test.
# Both create .venv (pinned by requirements.lock) on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DUCKDB_PATH ?= warehouse/shared_funnel.duckdb
# Raw data: the demo seeds unless RAW_DIR (a folder of CSV/Parquet) or RAW_SCHEMA is set.
export RAW_DIR
export RAW_SCHEMA
export VARS
# Demo data size (leads) and seed for `make demo-data`.
LEADS ?= 10000
SEED ?= 42
BENCH_LEADS ?= 100000
# The meeting pack's parameters (empty PERIOD = the latest complete month in the data).
PERIOD ?=
COMPARE ?= prior_period
SEGMENT ?= all
REGION ?= all
MODEL ?= linear
FORMAT ?= html
export PERIOD COMPARE SEGMENT REGION MODEL FORMAT FROM TO

# What the warehouse is built from: `make pack` rebuilds it when any of these is newer.
WAREHOUSE_INPUTS := $(shell find models macros seeds tests/generic -type f 2>/dev/null) \
	dbt_project.yml profiles.yml

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) with pinned versions (first run only, about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --no-cache-dir --quiet -r requirements.lock
	$(BIN)/pip install --no-cache-dir --quiet --no-deps -e .
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned dependencies

.PHONY: demo-data
demo-data: $(STAMP) ## Regenerate the demo seeds (deterministic: LEADS=10000 SEED=42)
	$(BIN)/python -m shared_funnel.demo_data --out seeds --leads $(LEADS) --seed $(SEED) --seeds-yml

.PHONY: build
build: $(STAMP) ## Build and test the warehouse (RAW_DIR=<folder> DUCKDB_PATH=<file> for your data)
	$(BIN)/python -m shared_funnel.build

$(DUCKDB_PATH): $(WAREHOUSE_INPUTS) | $(STAMP)
	$(BIN)/python -m shared_funnel.build

.PHONY: pack
pack: $(STAMP) $(DUCKDB_PATH) ## The meeting pack: reports/<period>/meeting-pack.html (PERIOD= COMPARE= SEGMENT= REGION= MODEL= FORMAT=pdf)
	$(BIN)/python -m shared_funnel.pack

.PHONY: packs
packs: $(STAMP) $(DUCKDB_PATH) ## One pack per month: make packs FROM=2025-01 TO=2025-12
	$(BIN)/python -m shared_funnel.pack --from "$(FROM)" --to "$(TO)"

.PHONY: lab
lab: $(STAMP) $(DUCKDB_PATH) ## JupyterLab on notebooks/explore.ipynb (read-only on the warehouse)
	$(BIN)/jupyter lab notebooks/explore.ipynb

.PHONY: test
test: $(STAMP) ## Run every test: dbt build (models, data and unit tests) on the demo data, then pytest
	$(BIN)/python -m shared_funnel.build
	$(BIN)/pytest

.PHONY: bench
bench: $(STAMP) ## Time generate + build + pack at scale (BENCH_LEADS=100000); results go in README
	$(BIN)/python -m shared_funnel.bench --leads $(BENCH_LEADS)

.PHONY: lint
lint: $(STAMP) ## Lint SQL (sqlfluff, dbt templater) and Python (ruff)
	$(BIN)/ruff check shared_funnel tests
	@# the dbt templater compiles models, which look up the raw tables: build first
	@test -f $(DUCKDB_PATH) || $(BIN)/python -m shared_funnel.build
	$(BIN)/sqlfluff lint models macros tests --processes 2

.PHONY: docs
docs: $(STAMP) ## Generate the dbt docs site into target/
	$(BIN)/dbt docs generate --vars '{load_source_data: true}'

.PHONY: lock
lock: ## Re-resolve requirements.lock from pyproject.toml (needs network)
	rm -rf /tmp/shared-funnel-lock && $(PYTHON) -m venv /tmp/shared-funnel-lock
	/tmp/shared-funnel-lock/bin/pip install --no-cache-dir --quiet .
	( echo "# Exact versions of every package in .venv (pip freeze of a clean install of pyproject.toml)."; \
	  echo "# Regenerate with: make lock"; \
	  /tmp/shared-funnel-lock/bin/pip freeze --exclude shared-funnel ) > requirements.lock

.PHONY: clean
clean: ## Remove the warehouse, reports and dbt artefacts (keeps .venv)
	rm -rf warehouse target logs reports
