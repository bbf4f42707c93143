#!/usr/bin/env bash
# Starts the action server and the Rasa server (REST + socket.io channels) in the
# foreground and stops both on Ctrl-C. Called by `make run` after the set-up steps.
#
# Settings (environment):
#   RASA_PORT=5005  ACTION_PORT=5055  RASA_INTERFACE=0.0.0.0  ACTION_HOST=127.0.0.1
#   MODEL=models/jeugdhulp.tar.gz   RASA_EXTRA_ARGS="..." (passed on to `rasa run`)
#   RUN_SERVERS=both|rasa|actions   which servers this machine runs (several Rasa servers
#                                   and action servers behind a load balancer: docs/production.md)
#   Stores and secrets (jeugdhulp/server/endpoints.py, docs/production.md): ACTION_ENDPOINT_URL,
#   TRACKER_STORE_URL, LOCK_STORE_URL, EVENT_BROKER_URL, DATABASE_URL, RASA_AUTH_TOKEN,
#   RASA_JWT_SECRET, SOCKETIO_JWT_KEY; JEUGDHULP_PROFILE=production refuses to start
#   without the shared stores and an API secret.
#   ALLOWED_ORIGINS="https://intranet.example.nl ..."  other web sites that may use the
#                                   assistant from a browser (CORS, socket.io); default none:
#                                   only the assistant's own pages (jeugdhulp/server/origins.py)
set -uo pipefail

# A shell started with SIGINT ignored (a background job of a non-interactive shell, as CI
# runners and some process managers start commands) cannot trap it, and Ctrl-C would then
# reach only the servers. Start again once with the default handling, so that Ctrl-C always
# reaches the trap below.
# (exec keeps the process id, which tells the second start from the first.)
if [ "${RUN_SH_PID:-}" != "$$" ]; then
  exec env --default-signal=INT,TERM RUN_SH_PID=$$ bash "$0" "$@"
fi
unset RUN_SH_PID
cd "$(dirname "$0")/../.."

RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
RASA_INTERFACE=${RASA_INTERFACE:-0.0.0.0}
ACTION_HOST=${ACTION_HOST:-127.0.0.1}
MODEL=${MODEL:-models/jeugdhulp.tar.gz}
VENV=${VENV:-.venv}
RUN_SERVERS=${RUN_SERVERS:-both}
export RASA_PORT ACTION_PORT ACTION_HOST
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2

# The libraries' start-up warnings are left out (bot/scripts/quiet_warnings.py);
# SHOW_LIBRARY_WARNINGS=1 shows them.
quiet() {
  if [ "${SHOW_LIBRARY_WARNINGS:-0}" = 1 ]; then cat; return; fi
  "$VENV/bin/python" -u bot/scripts/quiet_warnings.py
}
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

case "$RUN_SERVERS" in
  both) run_rasa=1; run_actions=1 ;;
  rasa) run_rasa=1; run_actions=0 ;;
  actions) run_rasa=0; run_actions=1 ;;
  *) echo "RUN_SERVERS=$RUN_SERVERS: kies both, rasa of actions." >&2; exit 2 ;;
esac

if [ $run_rasa = 1 ] && [ ! -f "$MODEL" ]; then
  echo "No trained model at $MODEL: run \`make run\` (it trains one) or \`make train\`." >&2
  exit 1
fi

# The effective endpoints (action server, tracker store, lock store, event broker) from the
# environment; in the production profile this refuses to start without the shared stores.
mkdir -p var
ENDPOINTS="var/endpoints.$RASA_PORT.yml"
"$VENV/bin/python" -m jeugdhulp.server.endpoints --role "$RUN_SERVERS" endpoints.yml "$ENDPOINTS" \
  || exit 2

if [ $run_rasa = 1 ]; then
  CREDENTIALS="var/credentials.$RASA_PORT.yml"
  "$VENV/bin/python" -m jeugdhulp.server.credentials credentials.yml "$CREDENTIALS" || exit 1
fi

# CORS: the web chat (/chat/) is served by the Rasa server itself, so its own origin needs
# none. Other origins only when listed in ALLOWED_ORIGINS (checked here: exit 2 on an entry
# that is not an origin); the socket.io channel checks the same list for its connections.
cors_args=()
if [ $run_rasa = 1 ]; then
  cors_origins=$("$VENV/bin/python" -m jeugdhulp.server.origins) || exit 2
  if [ -n "$cors_origins" ]; then
    mapfile -t cors_list <<<"$cors_origins"
    cors_args=(--cors "${cors_list[@]}")
  fi
fi

# A port that is taken (often: `make run` is already running in another terminal) would
# otherwise end in a Python traceback after half a minute.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
check_port() {  # $1 port, $2 what, $3 variable that sets it
  if port_taken "$1"; then
    echo "Poort $1 ($2) is al in gebruik: draait de assistent al (make run in een ander" >&2
    echo "venster)? Stop die eerst, of kies een andere poort met $3=..." >&2
    exit 1
  fi
}
if [ $run_actions = 1 ]; then check_port "$ACTION_PORT" "actieserver" ACTION_PORT; fi
if [ $run_rasa = 1 ]; then check_port "$RASA_PORT" "Rasa-server" RASA_PORT; fi

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

if [ $run_actions = 1 ]; then
  echo "Starting the action server on $ACTION_HOST:$ACTION_PORT ..."
  SANIC_HOST="$ACTION_HOST" "$VENV/bin/rasa" run actions --actions actions \
    --port "$ACTION_PORT" > >(quiet) 2>&1 &
  pids+=($!)
fi

mkdir -p var/logs
rasa_log="var/logs/rasa-$RASA_PORT.log"
if [ $run_rasa = 1 ]; then
  echo "Starting the Rasa server on $RASA_INTERFACE:$RASA_PORT (takes about a minute) ..."
  : >"$rasa_log"
  # `python -m jeugdhulp.server.runtime` is `rasa run` with the API secrets taken from the environment
  # (never on a command line) and the apology for failures installed.
  # shellcheck disable=SC2086
  "$VENV/bin/python" -m jeugdhulp.server.runtime run --model "$MODEL" --interface "$RASA_INTERFACE" \
    --port "$RASA_PORT" --credentials "$CREDENTIALS" --endpoints "$ENDPOINTS" \
    ${cors_args[@]+"${cors_args[@]}"} ${RASA_EXTRA_ARGS:-} > >(quiet | tee -a "$rasa_log") 2>&1 &
  pids+=($!)
fi

ready() {
  if [ $run_rasa = 1 ]; then
    grep -q "Rasa server is up and running" "$rasa_log" 2>/dev/null || return 1
  fi
  if [ $run_actions = 1 ]; then
    curl -fsS -o /dev/null "http://127.0.0.1:$ACTION_PORT/health" 2>/dev/null || return 1
  fi
}

started=$(date +%s)
until ready; do
  if [ $run_rasa = 1 ] && grep -q "Could not load model" "$rasa_log" 2>/dev/null; then
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
if [ $run_rasa = 1 ]; then
  cat <<MSG

De assistent is klaar (gestart in $(( $(date +%s) - started )) s).
  REST:      POST http://localhost:$RASA_PORT/webhooks/rest/webhook  {"sender": "ik", "message": "hallo"}
  socket.io: http://localhost:$RASA_PORT/socket.io
  Webchat:   http://localhost:$RASA_PORT/chat/
  Stoppen:   Ctrl-C
MSG
else
  echo
  echo "De actieserver is klaar op $ACTION_HOST:$ACTION_PORT (gestart in $(( $(date +%s) - started )) s). Stoppen: Ctrl-C"
fi

# Stay in the foreground until a server exits (or Ctrl-C).
wait -n "${pids[@]}"
status=$?
# Ctrl-C reaches the servers and this script at the same moment, and a server may finish
# before the INT trap has run. Give a pending trap time to run (it stops the rest and exits
# 0) before calling this a failure.
for _ in $(seq 1 10); do sleep 0.2; done
echo "A server stopped unexpectedly (exit code $status); stopping the others." >&2
exit 1
