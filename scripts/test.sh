#!/usr/bin/env bash
# Run the whole test suite against a dedicated, throw-away Neo4j + GDS server.
# Tests wipe their database, so they never use the demo server: the test server has its own
# state directory (.kinscope/test) and port (7688). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"

export KINSCOPE_HOME="${KINSCOPE_TEST_HOME:-$PWD/.kinscope/test}"
export KINSCOPE_NEO4J_BOLT_PORT="${KINSCOPE_TEST_BOLT_PORT:-7688}"
export KINSCOPE_TEST_GRAPH_MAY_BE_WIPED=1
unset NEO4J_URI NEO4J_PASSWORD NEO4J_USER NEO4J_DATABASE

# axe-core for the accessibility browser tests (pinned in tests/browser/package-lock.json)
if [ ! -d tests/browser/node_modules/axe-core ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/browser --no-audit --no-fund
  else
    echo "warning: npm not found; the accessibility tests will be skipped (install Node.js + npm)" >&2
  fi
fi

uv run kinscope neo4j start
trap 'uv run kinscope neo4j stop' EXIT
uv run pytest "$@"
