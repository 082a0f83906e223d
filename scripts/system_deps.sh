#!/usr/bin/env bash
# Install the system packages the project needs, when they are missing.
# As root on Debian/Ubuntu this uses apt-get; otherwise it prints the exact command and stops.
# --bench adds wrk (the load benchmark's load generator); --test adds what only the test suite
# needs (Chromium for the browser tests, promtool for the alert rules, amtool for their routing).
set -euo pipefail

need=()
if [ "${1:-}" = "--bench" ]; then
    command -v wrk >/dev/null || need+=(wrk)  # the load generator of bench/load_bench.py
fi
if [ "${1:-}" = "--test" ]; then
    command -v chromium >/dev/null || need+=(chromium)
    command -v promtool >/dev/null || need+=(prometheus)  # promtool checks the alert rules
    command -v amtool >/dev/null || need+=(prometheus-alertmanager)  # amtool checks their routing
fi
command -v python3 >/dev/null || need+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v redis-server >/dev/null || need+=(redis-server)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    echo "Missing system packages: ${need[*]}" >&2
    echo "Install them with:  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
    exit 1
fi
