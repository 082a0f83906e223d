#!/usr/bin/env bash
# Is the whole service up? Checks every health endpoint, Redis and the Celery worker, and prints
# one line: "OK: ..." (exit 0) or "FAIL: <the first reason>" (exit 1). For people at 3 a.m. and
# for scripts (the DR drill, a deploy pipeline).
#
#   scripts/health_check.sh [--allow-degraded]
#
# Reads the same settings as scripts/run.sh: BASE_URL (default http://127.0.0.1:$PORT, PORT
# 8000), REDIS_URL (default redis://127.0.0.1:6399/0), TEDDY_VAR_DIR (for the secret key the
# worker check needs). A "degraded" health answer (e.g. the production cache is down and the
# service answers without it) fails the check unless --allow-degraded is given.
set -uo pipefail
source "$(dirname "$0")/env.sh"
BASE_URL=${BASE_URL:-http://127.0.0.1:$PORT}
ALLOW_DEGRADED=0
[ "${1:-}" = "--allow-degraded" ] && ALLOW_DEGRADED=1

fail() {
    echo "FAIL: $*"
    exit 1
}

# The status of one health endpoint, and the parts that are not healthy: "healthy", or
# "degraded production_cache=degraded", ...
status_of() {
    python3 -c '
import json, sys
try:
    body = json.load(sys.stdin)
except ValueError:
    print("unreadable-answer")
    sys.exit()
parts = ["%s=%s" % (k, v.get("status")) for k, v in body.items()
         if isinstance(v, dict) and v.get("status") not in (None, "healthy", "alive")]
print(" ".join([str(body.get("status")), *parts]))
'
}

checked=()
for endpoint in /health/live /health/audio /health/audio/tts /health/audio/metrics; do
    body=$(curl -sS --max-time 10 "$BASE_URL$endpoint" 2>&1) || fail "$BASE_URL$endpoint does not answer ($body)"
    read -r status parts <<<"$(printf '%s' "$body" | status_of)"
    case "$status" in
        healthy | alive) ;;
        degraded) [ "$ALLOW_DEGRADED" = 1 ] || fail "$endpoint is degraded${parts:+ ($parts)}" ;;
        *) fail "$endpoint is ${status}${parts:+ ($parts)}" ;;
    esac
    checked+=("$endpoint")
done

python3 - <<'PY' || fail "Redis at ${REDIS_URL%%@*} does not answer PING"
import os, socket, urllib.parse
url = urllib.parse.urlparse(os.environ["REDIS_URL"])
with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=3) as s:
    if url.password:
        s.sendall(f"AUTH {url.password}\r\n".encode())
        s.recv(64)
    s.sendall(b"PING\r\n")
    assert s.recv(64).startswith(b"+PONG")
PY

replies=$(celery -A teddy inspect ping --timeout 5 --json 2>/dev/null | tail -n 1)
workers=$(printf '%s' "$replies" | python3 -c 'import json, sys
try:
    print(len(json.load(sys.stdin)))
except ValueError:
    print(0)')
[ "${workers:-0}" -ge 1 ] || fail "no Celery worker answers (warm-ups, backups and the retention purge are not running)"

echo "OK: ${#checked[@]} health endpoints, Redis and $workers Celery worker(s) answer ($BASE_URL)"
