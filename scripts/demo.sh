#!/usr/bin/env bash
# The README's main job: Neo4j + GDS, a synthetic council, the whole pipeline, then the ecomap app.
#   CHILDREN (default 300), SEED (default 7), APP_PORT (default 8050), NO_APP=1 to stop before the app.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
CHILDREN="${CHILDREN:-300}"; SEED="${SEED:-7}"; APP_PORT="${APP_PORT:-8050}"
EXPORT=.kinscope/demo/export

uv run kinscope neo4j start
if [ ! -f .kinscope/models/ner/meta.json ]; then
  echo "Training the NER model once (a few minutes on CPU)..."
  uv run kinscope train-ner
fi
rm -rf "$EXPORT"
uv run kinscope synth --children "$CHILDREN" --seed "$SEED" --out "$EXPORT" >/dev/null
uv run kinscope pipeline run --export "$EXPORT"

[ "${NO_APP:-0}" = "1" ] && exit 0
USERS=.kinscope/app/users.toml
if [ ! -f .kinscope/app/demo-password ]; then
  mkdir -p .kinscope/app && umask 077
  python3 -c "import secrets; print(secrets.token_urlsafe(12))" > .kinscope/app/demo-password
  TEAMS=$(uv run python -c "
from graph_model.connection import open_driver
with open_driver() as d:
    print(';'.join(r['t'] for r in d.execute_query('MATCH (t:Team) RETURN t.name AS t ORDER BY t')[0]))")
  KINSCOPE_NEW_USER_PASSWORD=$(cat .kinscope/app/demo-password) \
    uv run kinscope users add demo --name "Demo practitioner" --teams "$TEAMS" --roles "practitioner;admin"
fi
echo
echo "Ecomap app: http://127.0.0.1:${APP_PORT}  user: demo  password: $(cat .kinscope/app/demo-password)"
echo "(password kept in .kinscope/app/demo-password; Ctrl-C stops the app, 'make neo4j-stop' the database)"
# the production server (uvicorn through the WSGI adapter), with a secret key kept in the state folder;
# cookies without Secure only because this demo is served over plain HTTP on this machine
if [ ! -f .kinscope/app/secret_key ]; then
  (umask 077 && python3 -c "import secrets; print(secrets.token_hex(32))" > .kinscope/app/secret_key)
fi
export KINSCOPE_SECRET_KEY="$(cat .kinscope/app/secret_key)" KINSCOPE_SECURE_COOKIES=false
exec uv run kinscope app --host 127.0.0.1 --port "$APP_PORT"
