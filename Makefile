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
