#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST + socket.io channels) in the
# foreground and stops both on Ctrl-C. Called by `make run` after the set-up steps.
#
# Settings (environment):
#   RASA_PORT=5005  ACTION_PORT=5055  RASA_INTERFACE=0.0.0.0  ACTION_HOST=127.0.0.1
#   MODEL=models/jeugdhulp.tar.gz   RASA_EXTRA_ARGS="..." (passed on to `rasa run`)
set -uo pipefail
cd "$(dirname "$0")/../.."

RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
RASA_INTERFACE=${RASA_INTERFACE:-0.0.0.0}
ACTION_HOST=${ACTION_HOST:-127.0.0.1}
MODEL=${MODEL:-models/jeugdhulp.tar.gz}
VENV=${VENV:-.venv}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

if [ ! -f "$MODEL" ]; then
  echo "No trained model at $MODEL: run \`make run\` (it trains one) or \`make train\`." >&2
  exit 1
fi

ENDPOINTS=endpoints.yml
if [ "$ACTION_PORT" != 5055 ] || [ "$ACTION_HOST" != 127.0.0.1 ]; then
  mkdir -p var
  ENDPOINTS="var/endpoints.$RASA_PORT.yml"
  sed "s#http://localhost:5055/webhook#http://$ACTION_HOST:$ACTION_PORT/webhook#" \
    endpoints.yml > "$ENDPOINTS"
fi

mkdir -p var
CREDENTIALS="var/credentials.$RASA_PORT.yml"
"$VENV/bin/python" bot/scripts/credentials.py credentials.yml "$CREDENTIALS" || exit 1

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping the assistant ..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
  wait 2>/dev/null
  echo "Stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

echo "Starting the action server on $ACTION_HOST:$ACTION_PORT ..."
SANIC_HOST="$ACTION_HOST" "$VENV/bin/rasa" run actions --actions actions \
  --port "$ACTION_PORT" &
pids+=($!)

echo "Starting the Rasa server on $RASA_INTERFACE:$RASA_PORT (takes about a minute) ..."
mkdir -p var/logs
rasa_log="var/logs/rasa-$RASA_PORT.log"
: >"$rasa_log"
# shellcheck disable=SC2086
"$VENV/bin/rasa" run --model "$MODEL" --interface "$RASA_INTERFACE" --port "$RASA_PORT" \
  --credentials "$CREDENTIALS" --endpoints "$ENDPOINTS" --cors "*" ${RASA_EXTRA_ARGS:-} \
  > >(tee -a "$rasa_log") 2>&1 &
pids+=($!)

started=$(date +%s)
until grep -q "Rasa server is up and running" "$rasa_log" 2>/dev/null \
    && curl -fsS -o /dev/null "http://127.0.0.1:$ACTION_PORT/health" 2>/dev/null; do
  if grep -q "Could not load model" "$rasa_log" 2>/dev/null; then
    echo "The model could not be loaded (see the error above). Retrain with \`make train\`." >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A server stopped during start-up; see the messages above." >&2
      exit 1
    fi
  done
  sleep 0.5
done
cat <<MSG

De assistent is klaar (gestart in $(( $(date +%s) - started )) s).
  REST:      POST http://localhost:$RASA_PORT/webhooks/rest/webhook  {"sender": "ik", "message": "hallo"}
  socket.io: http://localhost:$RASA_PORT/socket.io
  Webchat:   http://localhost:$RASA_PORT/chat/
  Stoppen:   Ctrl-C
MSG

# Stay in the foreground until a server exits (or Ctrl-C).
wait -n "${pids[@]}"
echo "A server stopped unexpectedly; stopping the other one." >&2
exit 1
