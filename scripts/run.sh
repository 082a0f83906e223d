#!/usr/bin/env bash
# Start the whole local system: a private Redis, the ASGI web server and a Celery worker.
# Called by `make run` after the venv is ready. Ctrl-C or SIGTERM stops everything it started.
set -euo pipefail
source "$(dirname "$0")/env.sh"
export DJANGO_SETTINGS_MODULE=teddy.settings  # the app's own, whatever the shell had
VAR=$TEDDY_VAR_DIR

mkdir -p "$VAR/redis"
# A secret generated once per checkout: sessions and cache keys survive restarts.
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
    python -c 'import secrets; print(secrets.token_urlsafe(50))' > "$VAR/secret_key"
    chmod 600 "$VAR/secret_key"
    export SECRET_KEY_FILE="$VAR/secret_key"
fi

export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
START_REDIS=0
if [ -z "$REDIS_GIVEN" ]; then
    START_REDIS=1
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        echo "Reusing the Redis already on 127.0.0.1:$REDIS_PORT"
        START_REDIS=0
    fi
fi

python manage.py migrate --noinput | grep -v '^  No migrations' || true
python manage.py collectstatic --noinput >/dev/null
seed=$(python manage.py seed_demo)
token=$(printf '%s\n' "$seed" | tail -n 1)
parent_token=$(printf '%s\n' "$seed" | sed -n 's/^Demo parent token (parent API): //p')

# Prometheus multiprocess mode: every web worker and the Celery worker write their samples here
# and /metrics adds them up. Emptied at each start (stale files would count dead processes).
export PROMETHEUS_MULTIPROC_DIR="$VAR/prometheus"
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

# The processes, each writing straight to this script's output: no process manager relays
# their lines (a busy web process writes an access line per request, and relaying them cost a
# Python process ~18 % of a core under load, `make bench`). Logs are JSON lines (LOG_FORMAT).
# When one process stops, the others are stopped too; Ctrl-C or SIGTERM stops them all.
pids=()
start() {
    "$@" &
    pids+=($!)
}
stop_all() {
    trap - INT TERM
    kill -TERM "${pids[@]}" 2>/dev/null
    wait
}
trap 'stop_all; exit 0' INT TERM

if [ "$START_REDIS" = 1 ]; then
    start redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
        --dir "$VAR/redis" --loglevel warning
fi
start uvicorn teddy.asgi:application --host 127.0.0.1 --port "$PORT" \
    --workers "$WEB_CONCURRENCY" --http httptools --loop uvloop --lifespan off --no-access-log
# -B: the worker also runs Celery beat (retention purge, config backup); one worker, one beat.
start celery -A teddy worker -B --schedule "$VAR/celerybeat-schedule" --loglevel INFO \
    --concurrency 2

running() {
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || return 1
    done
}

for _ in $(seq 1 120); do
    if python -c "import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=2)" \
        "http://127.0.0.1:$PORT/health/audio/tts" >/dev/null 2>&1; then
        cat <<BANNER

  Teddy Audio is running.
    Console:    http://127.0.0.1:$PORT/console/
    Logins:     sre / teddy-demo-2026   compliance / teddy-demo-2026   admin / teddy-demo-2026
    Toy token:  $token
    Parent token (parent API, the demo child's family): $parent_token
    Try it:     curl -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \\
                  -d '{"text":"Hello friend"}' http://127.0.0.1:$PORT/api/v1/tts -o hello.wav
    Health:     http://127.0.0.1:$PORT/health/audio     Metrics: http://127.0.0.1:$PORT/metrics
  Press Ctrl-C to stop.

BANNER
        break
    fi
    running || break
    sleep 0.5
done
# Until one of them stops (or a signal stops them all).
wait -n
echo "A process of the stack stopped; stopping the others." >&2
stop_all
exit 1
