#!/usr/bin/env bash
# A distributed Airflow deployment on this machine, for Kinscope's DAGs:
#   Postgres (metadata DB) + Redis (Celery broker) + Airflow API server, scheduler,
#   dag-processor and N Celery workers.
# Everything lives under the state folder <KINSCOPE_HOME>/celery (KINSCOPE_CELERY_HOME); ports,
# worker count and the Airflow configuration come from Kinscope's settings
# (KINSCOPE_CELERY_* variables, see `python -m pipeline.celery_stack env`). Nothing is
# installed or started system-wide; no root is needed (run as root, Postgres runs as the
# `postgres` user, as it refuses root, with its cluster under /var/tmp/kinscope-postgres/).
#
#   scripts/celery_stack.sh start    # idempotent: starts what is not running, waits until healthy
#   scripts/celery_stack.sh status   # each process and the health check; exit 1 if not up
#   scripts/celery_stack.sh stop
#
# The workers inherit this shell's environment (KINSCOPE_*, NEO4J_*): settings such as the
# Neo4j server, the inbox or the NER model are read when they start; restart after changing them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.local/bin:$PATH"
REPO="$PWD"

# KINSCOPE_CELERY_PYTHON: an interpreter to use instead of the project's uv environment (a git
# worktree measured with the main checkout's venv and PYTHONPATH=<worktree>)
PY="${KINSCOPE_CELERY_PYTHON:-$(uv run --frozen python -c 'import sys; print(sys.executable)')}"
eval "$("$PY" -m pipeline.celery_stack env)"
RUN="$KS_CELERY_HOME/run"
LOGS="$KS_CELERY_HOME/logs"
mkdir -p "$RUN" "$LOGS" "$AIRFLOW_HOME"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ "$(id -u)" -eq 0 ] && [ -z "${KINSCOPE_CELERY_POSTGRES_DIR:-}" ]; then
  # Run as root (containers, CI): Postgres refuses root and runs as the `postgres` user, which
  # cannot enter the Kinscope home (kept 0700: it holds children's data). Its cluster then lives
  # in a folder of its own, named after this state folder (a new state folder replaces it).
  KS_PG_DIR="/var/tmp/kinscope-postgres/$(printf %s "$KS_CELERY_HOME" | sha256sum | cut -c1-16)"
fi
KS_PG_DIR="${KINSCOPE_CELERY_POSTGRES_DIR:-$KS_PG_DIR}"
pg() {  # a Postgres server program (initdb, pg_ctl), as the postgres user when we are root
  local prog="$1"; shift
  local exe="${PG_BIN:+$PG_BIN/}$prog"
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$exe" "$@"
  else
    "$exe" "$@"
  fi
}
pgc() {  # a Postgres client (psql, createdb), as ourselves, with the deployment's password
  local prog="$1"; shift
  PGPASSWORD="$(cat "$KS_PG_PASSWORD_FILE")" "${PG_BIN:+$PG_BIN/}$prog" \
    -h 127.0.0.1 -p "$KS_PG_PORT" -U "$KS_PG_USER" "$@"
}

components() {  # name and command of every Airflow process
  echo "api-server"
  echo "scheduler"
  echo "dag-processor"
  for i in $(seq 1 "$KS_WORKERS"); do echo "worker-$i"; done
}

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start_component() {
  local name="$1" args
  case "$name" in
    api-server) args=(api-server --host 127.0.0.1 --port "$KS_API_PORT" --workers 1) ;;
    scheduler) args=(scheduler) ;;
    dag-processor) args=(dag-processor) ;;
    worker-*) args=(celery worker --concurrency "$KS_CONCURRENCY" --skip-serve-logs
                    --celery-hostname "kinscope-${name}@%h") ;;
  esac
  if alive "$name"; then echo "  $name: running (pid $(cat "$RUN/$name.pid"))"; return; fi
  # its own session (process group), so stop can end it and its children by its pid
  setsid "$PY" -m airflow "${args[@]}" >"$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN/$name.pid"
  echo "  $name: started (pid $!)"
}

start_postgres() {
  # outside the state folder: a cluster this state folder did not create (left behind by a
  # deleted state folder of the same path) is not ours; replace it
  case "$KS_PG_DIR" in
    "$KS_CELERY_HOME"/*) ;;
    *) if [ -f "$KS_PG_DIR/PG_VERSION" ] && [ "$(cat "$KS_CELERY_HOME/postgres-dir" 2>/dev/null)" != "$KS_PG_DIR" ]; then
         pg pg_ctl -D "$KS_PG_DIR" -m fast -w stop >/dev/null 2>&1 || true
         rm -rf "$KS_PG_DIR"
       fi ;;
  esac
  if [ ! -f "$KS_PG_DIR/PG_VERSION" ]; then
    rm -rf "$KS_PG_DIR"; mkdir -p "$KS_PG_DIR"
    local pwfile="$KS_PG_DIR/../.$(basename "$KS_PG_DIR").pw"
    install -m 600 "$KS_PG_PASSWORD_FILE" "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$KS_PG_DIR" "$pwfile"; fi
    chmod 700 "$KS_PG_DIR"
    pg initdb -D "$KS_PG_DIR" -U "$KS_PG_USER" --pwfile="$pwfile" -E UTF8 \
      --auth-host=scram-sha-256 --auth-local=scram-sha-256 >"$LOGS/initdb.log"
    rm -f "$pwfile"
    cat >>"$KS_PG_DIR/postgresql.conf" <<EOF
# Kinscope's Celery deployment (scripts/celery_stack.sh)
listen_addresses = '127.0.0.1'
port = $KS_PG_PORT
unix_socket_directories = '$KS_PG_DIR'
max_connections = 200
EOF
    echo "$KS_PG_DIR" >"$KS_CELERY_HOME/postgres-dir"
    echo "  postgres: cluster created in $KS_PG_DIR"
  fi
  if pg pg_ctl -D "$KS_PG_DIR" status >/dev/null 2>&1; then
    echo "  postgres: running on 127.0.0.1:$KS_PG_PORT"
  else
    pg pg_ctl -D "$KS_PG_DIR" -l "$KS_PG_DIR/server.log" -w -t 60 start >/dev/null
    echo "  postgres: started on 127.0.0.1:$KS_PG_PORT"
  fi
  local exists
  exists="$(pgc psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$KS_PG_DATABASE'")"
  if [ "$exists" != "1" ]; then
    pgc createdb "$KS_PG_DATABASE"
    echo "  postgres: database $KS_PG_DATABASE created"
  fi
}

start_redis() {
  command -v redis-server >/dev/null || { echo "error: redis-server not found (scripts/install_system_deps.sh)" >&2; exit 1; }
  if alive redis; then echo "  redis: running on 127.0.0.1:$KS_REDIS_PORT"; return; fi
  mkdir -p "$KS_CELERY_HOME/redis"
  # A broker only: queued task messages; Airflow re-queues what a lost broker forgets.
  redis-server --bind 127.0.0.1 --port "$KS_REDIS_PORT" --dir "$KS_CELERY_HOME/redis" \
    --save "" --appendonly no --daemonize yes --pidfile "$RUN/redis.pid" \
    --logfile "$LOGS/redis.log"
  for _ in $(seq 50); do [ -s "$RUN/redis.pid" ] && break; sleep 0.1; done
  echo "  redis: started on 127.0.0.1:$KS_REDIS_PORT"
}

wait_until_up() {
  local timeout="${KINSCOPE_CELERY_START_TIMEOUT_S:-180}"
  local deadline=$((SECONDS + ${timeout%.*}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$PY" -m pipeline.celery_stack status >"$RUN/status.txt" 2>&1; then
      tail -n 1 "$RUN/status.txt"; return 0
    fi
    for name in $(components); do
      alive "$name" || { echo "error: $name exited; last lines of $LOGS/$name.log:" >&2
                         tail -n 20 "$LOGS/$name.log" >&2; exit 1; }
    done
    sleep 1
  done
  cat "$RUN/status.txt" >&2
  echo "error: the stack did not come up within the start timeout; logs in $LOGS" >&2
  exit 1
}

term_pid() {  # ask one process group we started, by its recorded pid, to stop
  local name="$1" pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid="$(cat "$RUN/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  fi
}

stop_pid() {  # stop one process group we started (TERM, up to 20 s, then KILL)
  local name="$1" pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid="$(cat "$RUN/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    term_pid "$name"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    echo "  $name: stopped"
  fi
  rm -f "$RUN/$name.pid"
}

case "${1:-}" in
  start)
    echo "Celery stack in $KS_CELERY_HOME"
    start_postgres
    start_redis
    "$PY" -m pipeline.celery_stack migrate
    # what the workers were started with: the CLI drops exports into the same inbox
    "$PY" - "$KS_CELERY_HOME/stack.json" "$KS_WORKERS" <<'EOF'
import json, sys
from pipeline.config import PipelineSettings
s = PipelineSettings()
json.dump({"inbox": str(s.inbox_dir), "neo4j_uri": s.neo4j_uri, "workers": int(sys.argv[2])},
          open(sys.argv[1], "w"))
EOF
    for name in $(components); do start_component "$name"; done
    wait_until_up
    ;;
  stop)
    # every Airflow process told at once (their shutdowns overlap), then each waited for in turn
    names="$(ls "$RUN" 2>/dev/null | sed -n 's/\.pid$//p' | grep -v '^redis$' || true)"
    for name in $names; do term_pid "$name"; done
    for name in $names; do stop_pid "$name"; done
    if [ -f "$RUN/redis.pid" ]; then stop_pid redis; fi
    if [ -f "$KS_PG_DIR/PG_VERSION" ] && pg pg_ctl -D "$KS_PG_DIR" status >/dev/null 2>&1; then
      pg pg_ctl -D "$KS_PG_DIR" -m fast -w stop >/dev/null && echo "  postgres: stopped"
    fi
    ;;
  status)
    for name in redis $(components); do
      if alive "$name"; then echo "  $name: running (pid $(cat "$RUN/$name.pid"))"; else echo "  $name: not running"; fi
    done
    "$PY" -m pipeline.celery_stack status
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
