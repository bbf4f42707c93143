#!/usr/bin/env bash
# Terminal chat: starts the action server in the background and `rasa shell` in front.
set -uo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
MODEL=${MODEL:-models/jeugdhulp.tar.gz}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

if curl -fsS -o /dev/null http://127.0.0.1:5055/health 2>/dev/null; then
  echo "Using the action server already running on port 5055."
else
  mkdir -p var/logs
  SANIC_HOST=127.0.0.1 "$VENV/bin/rasa" run actions --actions actions --port 5055 \
    >var/logs/actions-shell.log 2>&1 &
  actions=$!
  trap 'kill $actions 2>/dev/null; wait 2>/dev/null' EXIT
fi
echo "Even geduld: het model wordt geladen (ongeveer een halve minuut) ..."
"$VENV/bin/rasa" shell --model "$MODEL" --endpoints endpoints.yml 2> >(grep -v -E \
  'tensorflow|TensorRT|cuda|oneDNN|MovedIn20Warning|DeclarativeMeta|rebuild TensorFlow|To enable the following' >&2)
