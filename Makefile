# Kinscope: the two commands of the README.
#   make demo  — set everything up, start Neo4j + GDS, generate a synthetic council, load it
#   make test  — set everything up and run the whole test suite against a throw-away Neo4j
SHELL := /bin/bash
export PATH := $(HOME)/.local/bin:$(PATH)
CHILDREN ?= 300
SEED ?= 7
DEMO_EXPORT ?= .kinscope/demo/export

.PHONY: setup demo test neo4j-start neo4j-stop bench clean

setup:
	@scripts/install_system_deps.sh
	@scripts/ensure_uv.sh
	uv sync --frozen

demo: setup
	uv run kinscope neo4j start
	rm -rf $(DEMO_EXPORT)
	uv run kinscope synth --children $(CHILDREN) --seed $(SEED) --out $(DEMO_EXPORT)
	uv run kinscope load $(DEMO_EXPORT)

test: setup
	scripts/test.sh

neo4j-start: setup
	uv run kinscope neo4j start

neo4j-stop:
	uv run kinscope neo4j stop

bench: setup
	uv run kinscope neo4j start
	uv run python bench/load.py

clean:
	-uv run kinscope neo4j stop
	rm -rf .kinscope neo4j-server/target
