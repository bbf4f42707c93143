#!/usr/bin/env bash
# Installs spaCy's nl_core_news_sm into the venv, but only a file whose sha256 is the one pinned
# in requirements/dutch-model.txt: from NL_MODEL_WHEEL (a local file) or from the pinned URL on
# spaCy's release page. Never by name from a package index (nobody publishes the model there, so
# a package of that name is somebody else's code). Never fails and never hangs: without the
# model the project's own Dutch pipeline is used (jeugdhulp/nlu/pipeline.py).
#
#   NL_MODEL_WHEEL=/path/to/nl_core_news_sm-3.7.0-py3-none-any.whl   install from a file
#   NL_MODEL_PIN=requirements/dutch-model.txt                        the pin (url= and sha256=)
#   NL_MODEL_SHA256=<hex>   a sha256 you checked yourself for another release (overrides the pin)
#
# `make dutch-model-pin` downloads the pinned URL and records its sha256 (on a machine that
# reaches github.com; compare it with the sha256 GitHub shows on the release page).
set -u
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
MODEL=nl_core_news_sm
PIN=${NL_MODEL_PIN:-requirements/dutch-model.txt}
TIMEOUT=${NL_MODEL_TIMEOUT:-60}

pinned() { sed -n "s/^$1=//p" "$PIN" 2>/dev/null | head -n 1 | tr -d '[:space:]'; }
URL=$(pinned url)
SHA256=${NL_MODEL_SHA256:-$(pinned sha256)}

installed() { "$PY" -c "import importlib.metadata as m; m.version('$MODEL')" >/dev/null 2>&1; }
fallback() {
  echo "Dutch pipeline: $1"
  echo "  Using the project's own Dutch pipeline (jeugdhulp/nlu/pipeline.py)."
  exit 0
}

if [ "${1:-}" = "--pin" ]; then  # make dutch-model-pin
  [ -n "$URL" ] || { echo "No url= in $PIN." >&2; exit 1; }
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  echo "Downloading $URL ..."
  curl -fsSL --max-time 300 -o "$tmp/model.whl" "$URL" \
    || { echo "Could not download $URL (no route to github.com?)." >&2; exit 1; }
  sum=$(sha256sum "$tmp/model.whl" | cut -d' ' -f1)
  sed -i "s/^sha256=.*/sha256=$sum/" "$PIN"
  echo "sha256=$sum recorded in $PIN."
  echo "Compare it with the sha256 GitHub shows for the file on the release page, then commit $PIN."
  exit 0
fi

if installed; then
  echo "Dutch pipeline: $MODEL is installed."
  exit 0
fi
if ! [[ "$SHA256" =~ ^[0-9a-f]{64}$ ]]; then
  fallback "$MODEL is not installed: no verified sha256 is recorded in $PIN (see there)."
fi

# pip checks the hash (--require-hashes) and installs nothing else (--no-deps, --no-index).
install_file() {  # $1: a file:// or https:// URL of the wheel
  local req; req=$(mktemp)
  echo "$MODEL @ $1 --hash=sha256:$SHA256" > "$req"
  timeout "$TIMEOUT" "$PY" -m pip install --no-input --quiet --no-deps --no-index \
    --require-hashes --timeout 10 --retries 0 -r "$req" > "$req.log" 2>&1
  local status=$?
  if [ $status -ne 0 ] && grep -q "DO NOT MATCH THE HASHES" "$req.log"; then
    echo "Dutch pipeline: REFUSED $1: its sha256 is not the pinned one ($PIN)." >&2
    grep -E "Expected sha256|Got" "$req.log" | sed 's/^ */  /' >&2
  fi
  rm -f "$req" "$req.log"
  return $status
}

if [ -n "${NL_MODEL_WHEEL:-}" ]; then
  if [ -f "$NL_MODEL_WHEEL" ]; then
    echo "Dutch pipeline: installing $MODEL from $NL_MODEL_WHEEL (checked against the pinned sha256) ..."
    install_file "file://$(realpath "$NL_MODEL_WHEEL")"
  else
    echo "Dutch pipeline: NL_MODEL_WHEEL=$NL_MODEL_WHEEL is not a file." >&2
  fi
fi
if ! installed && [ -n "$URL" ]; then
  echo "Dutch pipeline: downloading $MODEL from its pinned URL (checked against the pinned sha256) ..."
  install_file "$URL"
fi
if installed; then
  echo "Dutch pipeline: $MODEL installed."
else
  fallback "$MODEL could not be installed (no route to its release page, or a file that is not the pinned one)."
fi
