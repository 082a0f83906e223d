# The settings the scripts share with the stack `make run` starts (sourced, not run): the
# project's venv first on PATH, the var directory and its secret key, the web port, Redis.
# A value already in the environment is kept. After sourcing, REDIS_GIVEN says whether the
# caller named a Redis (scripts/run.sh then starts none of its own).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
VENV=${VENV:-.venv}
export PATH="$ROOT/$VENV/bin:$PATH"
export TEDDY_VAR_DIR=${TEDDY_VAR_DIR:-$ROOT/var}
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ] && [ -s "$TEDDY_VAR_DIR/secret_key" ]; then
    export SECRET_KEY_FILE="$TEDDY_VAR_DIR/secret_key"
fi
export PORT=${PORT:-8000}
REDIS_GIVEN=${REDIS_URL:+1}
export REDIS_PORT=${REDIS_PORT:-6399}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:${REDIS_PORT}/0}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-teddy.settings}
