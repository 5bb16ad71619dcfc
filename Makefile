# Kinscope: the two commands of the README.
#   make demo  — set everything up, start Neo4j + GDS, generate a synthetic council, run the pipeline, open the app
#   make test  — set everything up and run the whole test suite against a throw-away Neo4j
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
CHILDREN ?= 300
SEED ?= 7

.PHONY: setup demo test neo4j-start neo4j-stop bench bench-pipeline clean

setup:
	@scripts/install_system_deps.sh
	@scripts/ensure_uv.sh
	uv sync --frozen
	@# the shipped record model (dedupe on linkage/training/default_pairs.json) is a product
	@# artefact: trained once here (~2 min on a fresh machine; instant when cached), not by the
	@# first resolution run or test that needs it
	uv run --frozen kinscope train-record-model

demo: setup
	CHILDREN=$(CHILDREN) SEED=$(SEED) scripts/demo.sh

test: setup
	scripts/test.sh

neo4j-start: setup
	uv run kinscope neo4j start

neo4j-stop:
	uv run kinscope neo4j stop

# Benchmarks wipe their graph: they get their own server (state .kinscope/bench, port 7689).
bench: setup
	KINSCOPE_HOME=$(CURDIR)/.kinscope/bench KINSCOPE_NEO4J_BOLT_PORT=7689 \
	KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 env -u NEO4J_PASSWORD -u NEO4J_URI bash -c 'uv run kinscope neo4j start && \
	  trap "uv run kinscope neo4j stop" EXIT && uv run python bench/load.py $(BENCH_ARGS)'

bench-pipeline: setup
	KINSCOPE_HOME=$(CURDIR)/.kinscope/bench-pipeline KINSCOPE_NEO4J_BOLT_PORT=7690 \
	KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 env -u NEO4J_PASSWORD -u NEO4J_URI bash -c 'uv run kinscope neo4j start && \
	  trap "uv run kinscope neo4j stop" EXIT && uv run python bench/pipeline.py $(BENCH_ARGS)'

# First load through Neo4j's bulk importer vs the transactional loader (bench/bulk_load.py).
BENCH_BULK_HOME ?= $(CURDIR)/.kinscope/bench-bulk
BENCH_BULK_PORT ?= 7691
.PHONY: bench-bulk
bench-bulk: setup
	KINSCOPE_HOME=$(BENCH_BULK_HOME) KINSCOPE_NEO4J_BOLT_PORT=$(BENCH_BULK_PORT) \
	KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 env -u NEO4J_PASSWORD -u NEO4J_URI bash -c 'uv run kinscope neo4j start && \
	  trap "uv run kinscope neo4j stop" EXIT && uv run python bench/bulk_load.py $(BENCH_ARGS)'

clean:
	-uv run kinscope neo4j stop
	rm -rf .kinscope neo4j-server/target

# The app under load (issue 12 §4): search and ecomap at >= 1M case notes (bench/app_scale.py) and
# 20 signed-in users through locust on the production server (bench/locust_app.py). The graph is
# a generated council (BENCH_LOAD_CHILDREN) replicated BENCH_LOAD_COPIES times through the bulk
# importer; BENCH_LOAD_BUILD=0 reuses the graph already on the server.
BENCH_LOAD_HOME ?= $(CURDIR)/.kinscope/bench-load
BENCH_LOAD_PORT ?= 7692
BENCH_LOAD_APP_PORT ?= 8157
BENCH_LOAD_CHILDREN ?= 20000
BENCH_LOAD_COPIES ?= 5
BENCH_LOAD_MENTION_COPIES ?= 3
BENCH_LOAD_BUILD ?= 1
BENCH_LOAD_DATA ?= $(CURDIR)/.kinscope/bench-load-data
.PHONY: bench-load
bench-load: setup
	KINSCOPE_HOME=$(BENCH_LOAD_HOME) KINSCOPE_NEO4J_BOLT_PORT=$(BENCH_LOAD_PORT) \
	KINSCOPE_NEO4J_HEAP=$${KINSCOPE_NEO4J_HEAP:-2g} KINSCOPE_NEO4J_PAGECACHE=$${KINSCOPE_NEO4J_PAGECACHE:-2500m} \
	KINSCOPE_BENCH_GRAPH_MAY_BE_WIPED=1 env -u NEO4J_PASSWORD -u NEO4J_URI bash -c 'set -e; uv run kinscope neo4j start && \
	  trap "uv run kinscope neo4j stop" EXIT; base=$(BENCH_LOAD_DATA)/export-$(BENCH_LOAD_CHILDREN)-2024; \
	  if [ "$(BENCH_LOAD_BUILD)" = 1 ]; then \
	    [ -f $$base/manifest.json ] || uv run kinscope synth --out $$base --children $(BENCH_LOAD_CHILDREN) --seed 2024 --plain-documents; \
	    uv run python bench/app_scale.py build --base $$base --copies $(BENCH_LOAD_COPIES) \
	      --mention-copies $(BENCH_LOAD_MENTION_COPIES) --workdir $(BENCH_LOAD_DATA); fi; \
	  uv run python bench/app_scale.py measure && \
	  uv run --group bench python bench/locust_app.py --port $(BENCH_LOAD_APP_PORT) $(BENCH_ARGS)'

# Tests on the kept >= 1M-note graph (tests/scale, issue 11 §5): never in `make test`; they read the
# graph `bench/app_scale.py build` left in SCALE_HOME (start its server, run them, stop it).
SCALE_HOME ?= $(CURDIR)/.kinscope/hload-1m
SCALE_PORT ?= 7739
.PHONY: test-scale
test-scale: setup
	KINSCOPE_HOME=$(SCALE_HOME) KINSCOPE_NEO4J_BOLT_PORT=$(SCALE_PORT) KINSCOPE_NEO4J_HEAP=$${KINSCOPE_NEO4J_HEAP:-2g} \
	KINSCOPE_NEO4J_PAGECACHE=$${KINSCOPE_NEO4J_PAGECACHE:-2g} KINSCOPE_NEO4J_START_TIMEOUT_S=$${KINSCOPE_NEO4J_START_TIMEOUT_S:-900} \
	KINSCOPE_SCALE_HOME=$(SCALE_HOME) KINSCOPE_SCALE_BOLT_PORT=$(SCALE_PORT) env -u NEO4J_PASSWORD -u NEO4J_URI bash -c \
	  'uv run kinscope neo4j start && trap "uv run kinscope neo4j stop" EXIT && uv run pytest tests/scale -p no:cacheprovider $(TEST_ARGS)'
