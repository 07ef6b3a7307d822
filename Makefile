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
# The engine: duckdb (default, the file above), postgres (PG_HOST PG_PORT PG_USER PG_PASSWORD
# PG_DATABASE PG_SCHEMA) or spark (SPARK_METHOD=session|thrift, SPARK_WAREHOUSE_DIR,
# SPARK_HOST SPARK_PORT). postgres and spark install their extra into .venv on first use.
ENGINE ?= duckdb
export ENGINE
# Raw data: the demo seeds unless RAW_DIR (a folder of CSV/Parquet) or RAW_SCHEMA is set.
export RAW_DIR
export RAW_SCHEMA
export VARS
# `make build SELECT=+kpi_monthly`: only those models and their tests (a partial warehouse).
export SELECT
# DUCKDB_MEMORY_LIMIT=2GB: DuckDB's memory limit for the build (default: half the machine's
# memory, at most 3 GB); past it the build spills to disk instead of failing. Not exported
# here: an empty value would reach the profile.
# What the raw data is: contract (our twelve tables, default), salesforce or hubspot.
# SOURCE=salesforce or hubspot without RAW_DIR/RAW_SCHEMA reads the shipped sample, samples/<source>.
export SOURCE
# Several connections at once: SOURCES='eu=salesforce:/exports/eu, us=hubspot:/exports/us'
# (name=crm:folder or name=crm@schema); every id is prefixed with its connection's name.
export SOURCES
ifneq ($(filter salesforce hubspot,$(SOURCE)),)
ifeq ($(RAW_DIR)$(RAW_SCHEMA),)
RAW_DIR := $(CURDIR)/samples/$(SOURCE)
# the demo's meeting notes are about the demo's numbers, not the sample's
NOTES_DIR ?= $(CURDIR)/samples/$(SOURCE)/notes
export NOTES_DIR
endif
endif
# Demo data size (leads) and seed for `make demo-data`.
LEADS ?= 10000
SEED ?= 42
# `make bench`: the scales (leads; 10000000 on demand) and where results go.
BENCH_LEADS ?= 100000 1000000
BENCH_OUT ?= bench/results
# `make bench-data LEADS=10000000`: the benchmark's Parquet raw folder at any scale.
BENCH_DATA ?= bench/data/$(LEADS)
# The meeting pack's parameters (empty PERIOD = the latest complete month in the data).
PERIOD ?=
COMPARE ?= prior_period
SEGMENT ?= all
REGION ?= all
MODEL ?= linear
FORMAT ?= html
export PERIOD COMPARE SEGMENT REGION MODEL FORMAT FROM TO
# `make lab`: the port and any extra JupyterLab arguments (LAB_ARGS='--ServerApp.ip=0.0.0.0').
PORT ?= 8888
export PORT LAB_ARGS
# Every variable reaches Python through the environment, never through the shell: a value
# with spaces, quotes or `;` is one argument.

# `make pack`, `packs` and `lab` build the warehouse first when there is none, when
# RAW_DIR/RAW_SCHEMA/VARS say what to build from, or when the project or raw files changed
# since it was built (then from the source it was built from, never from anything else).
ENSURE_WAREHOUSE := $(BIN)/python -m shared_funnel.build --if-stale

.PHONY: help
help: ## List the targets and their parameters
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo ""
	@echo "Parameters (make pack / packs; a bad value stops before anything is written and lists the valid ones):"
	@echo "  PERIOD=YYYY-MM      a complete month with data (default: the latest)"
	@echo "  COMPARE=            prior_period (default) | prior_year"
	@echo "  SEGMENT= REGION=    all (default) or a segment / region of the data (SMB MM ENT; NA EMEA APAC LATAM)"
	@echo "  MODEL=              first_touch | last_touch | linear (default) | u_shaped | w_shaped | time_decay"
	@echo "  FORMAT=             html (default) | pdf (needs chromium)"
	@echo "  FROM=YYYY-MM TO=YYYY-MM   make packs: one pack per month"
	@echo "Data and build:"
	@echo "  RAW_DIR=<folder>    CSV/Parquet raw files (default: the demo seeds); RAW_SCHEMA=<schema> in DUCKDB_PATH"
	@echo "  SOURCE=salesforce|hubspot  the raw files are that CRM's objects (alone: samples/<source>)"
	@echo "  SOURCES='eu=salesforce:/folder, us=hubspot:/folder'  several CRMs in one warehouse"
	@echo "  DUCKDB_PATH=<file>  the warehouse (default warehouse/shared_funnel.duckdb)"
	@echo "  VARS='sla_hours: 48'  dbt vars as YAML (names and defaults: dbt_project.yml, README)"
	@echo "  SELECT=+kpi_monthly make build: only those models and their tests (a partial warehouse)"
	@echo "  DUCKDB_MEMORY_LIMIT=3GB  the build's memory limit (default: half the machine, at most 3 GB)"
	@echo "  PORT=8888 LAB_ARGS=   make lab"

$(STAMP): pyproject.toml requirements.lock
	@echo "==> creating $(VENV) with pinned versions (first run only, about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --no-cache-dir --quiet -r requirements.lock
	$(BIN)/pip install --no-cache-dir --quiet --no-deps -e .
	@touch $@
	@$(MAKE) --no-print-directory engine-extra

# The adapter of ENGINE (an extra: `.[postgres]`, `.[spark]`), pinned by its own lock file.
.PHONY: engine-extra
engine-extra:
ifneq ($(filter postgres spark,$(ENGINE)),)
	@if [ ! -f $(VENV)/.installed-$(ENGINE) ] || [ requirements-$(ENGINE).lock -nt $(VENV)/.installed-$(ENGINE) ]; then \
	  echo "==> installing the $(ENGINE) adapter into $(VENV) (first use only)"; \
	  $(BIN)/pip install --no-cache-dir --quiet -r requirements-$(ENGINE).lock && \
	  $(BIN)/pip install --no-cache-dir --quiet --no-deps -e '.[$(ENGINE)]' && \
	  touch $(VENV)/.installed-$(ENGINE); fi
else ifneq ($(ENGINE),duckdb)
	@echo "ENGINE=$(ENGINE) is not an engine this project runs on: use duckdb (default), postgres or spark" >&2; exit 2
endif

.PHONY: install-postgres install-spark
install-postgres: ## Install the PostgreSQL adapter (the .[postgres] extra) into .venv
	@$(MAKE) --no-print-directory install engine-extra ENGINE=postgres
install-spark: ## Install the Spark adapter (the .[spark] extra: dbt-spark[session], PySpark) into .venv
	@$(MAKE) --no-print-directory install engine-extra ENGINE=spark

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned dependencies

.PHONY: demo-data
demo-data: $(STAMP) ## Regenerate the demo seeds (deterministic: LEADS=10000 SEED=42)
	$(BIN)/python -m shared_funnel.demo_data --out seeds --leads $(LEADS) --seed $(SEED) --seeds-yml

.PHONY: samples
samples: $(STAMP) ## Regenerate the CRM samples (samples/salesforce, samples/hubspot) from the generator's story
	rm -rf samples/salesforce samples/hubspot
	$(BIN)/python -m shared_funnel.crm_samples --source salesforce --out samples/salesforce
	$(BIN)/python -m shared_funnel.crm_samples --source hubspot --out samples/hubspot

.PHONY: build
build: $(STAMP) engine-extra ## Build and test the warehouse (RAW_DIR=<folder> DUCKDB_PATH=<file> ENGINE=postgres|spark); nothing to do when nothing changed (FULL_REFRESH=1 rebuilds)
	$(BIN)/python -m shared_funnel.build $(if $(FULL_REFRESH),--full-refresh,--skip-if-current)

.PHONY: pack
pack: $(STAMP) engine-extra ## The meeting pack: reports/<period>/meeting-pack.html (PERIOD= COMPARE= SEGMENT= REGION= MODEL= FORMAT=pdf); up to date → nothing to do (FORCE=1)
	@$(ENSURE_WAREHOUSE)
	$(BIN)/python -m shared_funnel.pack

.PHONY: packs
packs: $(STAMP) engine-extra ## One pack per month: make packs FROM=2025-01 TO=2025-12
	@$(ENSURE_WAREHOUSE)
	$(BIN)/python -m shared_funnel.pack --range

.PHONY: lab
lab: $(STAMP) engine-extra ## JupyterLab on notebooks/explore.ipynb, read-only on the warehouse (PORT=8888 LAB_ARGS=)
	@$(ENSURE_WAREHOUSE)
	$(BIN)/python -m shared_funnel.lab

.PHONY: test
test: $(STAMP) ## Run every test: dbt build (models, data and unit tests) on the demo data, then pytest
	$(BIN)/python -m shared_funnel.build --unit-tests
	$(BIN)/pytest

# The same project on another engine, compared with DuckDB value for value (tests/engines).
# test-postgres installs PostgreSQL from Debian's packages when it is missing and runs a
# throw-away cluster on a free port; test-spark a local Spark session (needs Java 17).
.PHONY: test-postgres test-spark
test-postgres: ## Build the demo and a generated folder on PostgreSQL and compare with DuckDB
	@command -v pg_ctl >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  echo "==> installing PostgreSQL from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }
	@$(MAKE) --no-print-directory install-postgres
	PARITY_ENGINE=postgres ENGINE=duckdb $(BIN)/pytest tests/engines
test-spark: ## Build the demo and a generated folder on Spark (local session) and compare with DuckDB
	@command -v java >/dev/null 2>&1 || { \
	  echo "==> installing Java 17 from Debian's packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; }
	@$(MAKE) --no-print-directory install-spark
	PARITY_ENGINE=spark ENGINE=duckdb $(BIN)/pytest tests/engines

.PHONY: bench bench-data
bench: $(STAMP) ## Time build, +kpi_monthly, +1% rebuild and pack against a hand-written baseline (BENCH_LEADS="100000 1000000")
	$(BIN)/python bench/run.py --leads $(BENCH_LEADS) --out $(BENCH_OUT)
bench-data: $(STAMP) ## Write the benchmark's raw Parquet files: make bench-data LEADS=10000000 (into bench/data/<leads>)
	$(BIN)/python bench/generate.py --leads $(LEADS) --seed $(SEED) --out $(BENCH_DATA)

.PHONY: lint
lint: $(STAMP) ## Lint the models and singular/generic tests (sqlfluff, dbt templater) and Python (ruff)
	$(BIN)/ruff check shared_funnel tests bench
	@# the dbt templater compiles models, which look up the raw tables: build first
	@$(ENSURE_WAREHOUSE)
	@# macros are not statements sqlfluff can lint on their own: they are linted where
	@# models and tests call them (the dbt templater expands them there)
	$(BIN)/python -m shared_funnel.lint models tests --processes 2

.PHONY: docs
docs: $(STAMP) ## dbt docs as one file that opens offline: target/static_index.html
	$(BIN)/dbt docs generate --static --vars '{load_source_data: true}'
	@echo "==> open target/static_index.html in a browser (a single file; no server needed)"

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
