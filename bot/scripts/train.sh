#!/usr/bin/env bash
# Trains the Rasa model into models/jeugdhulp.tar.gz, printing one line per component
# instead of TensorFlow's noise (full log: var/logs/train.log). Rasa's own cache (.rasa/)
# makes a retrain fast when only part of the data changed.
set -uo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
mkdir -p models var/logs
log=var/logs/train.log
"$VENV/bin/rasa" train --config config.yml --domain domain.yml --data data --out models \
  --fixed-model-name jeugdhulp "$@" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' INT TERM
last=""
started=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  sleep 2
  line=$(tr '\r' '\n' <"$log" | grep -o -E "Starting to train component '[A-Za-z]+'" | tail -n 1)
  if [ -n "$line" ] && [ "$line" != "$last" ]; then
    echo "   $(( $(date +%s) - started )) s: ${line#Starting to }"
    last=$line
  fi
done
wait "$pid"
status=$?
if [ $status -ne 0 ]; then
  tail -n 40 "$log"
  echo "Training failed (exit $status); full log: $log" >&2
  exit 1
fi
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -o -E "Nothing changed.*|Your Rasa model is trained and saved at .*" | head -n 1
echo "   took $(( $(date +%s) - started )) s"
