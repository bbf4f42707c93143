#!/usr/bin/env bash
# Terminal chat (`make shell`): an action server and a Rasa server of its own, on free ports
# (so it also works next to `make run`), with the terminal channel of
# jeugdhulp/channels/inputs.py: Rasa's `rasa shell` console (buttons as numbered choices, plain
# text answers) with the project's guard in front, so /bronnen, /zoek ... work here too.
set -uo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
MODEL=${MODEL:-models/jeugdhulp.tar.gz}
export RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

free_port() {
  "$VENV/bin/python" -c \
    'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
SHELL_PORT=${SHELL_PORT:-$(free_port)}
SHELL_ACTION_PORT=${SHELL_ACTION_PORT:-$(free_port)}

mkdir -p var/logs
SANIC_HOST=127.0.0.1 "$VENV/bin/rasa" run actions --actions actions --port "$SHELL_ACTION_PORT" \
  >var/logs/actions-shell.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null; wait 2>/dev/null' EXIT

# Conversations in memory; only the terminal channel (credentials.yml holds ${VARIABLES} of
# the messengers, which are not needed here).
sed "s#http://localhost:5055/webhook#http://127.0.0.1:$SHELL_ACTION_PORT/webhook#" \
  endpoints.yml > var/endpoints.shell.yml
echo "jeugdhulp.channels.inputs.TerminalChannel:" > var/credentials.shell.yml

echo "Even geduld: het model wordt geladen (ongeveer een halve minuut) ..."
echo "Vraag gerust kort (\"MST-CAN?\"), of typ /help, /bronnen, /zoek <woorden>, /oefenen."
"$VENV/bin/rasa" run --model "$MODEL" --endpoints var/endpoints.shell.yml \
  --credentials var/credentials.shell.yml --interface 127.0.0.1 --port "$SHELL_PORT" --quiet \
  2> >(grep -v -E \
  'tensorflow|TensorRT|cuda|oneDNN|MovedIn20Warning|DeclarativeMeta|rebuild TensorFlow|To enable the following|Warning|^\s*(import|from|declare_namespace|VARIABLE|_VERSION_SPEC|VERSION_SPEC|REQUIREMENT|SANIC_VERSION|\)\.set|self\._parser)|Implementing implicit namespace' >&2)
