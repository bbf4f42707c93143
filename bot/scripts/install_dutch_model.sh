#!/usr/bin/env bash
# Tries the official install of spaCy's nl_core_news_sm into the venv. Never fails and never
# hangs: when it cannot be installed (no route to the download site), the project's
# rule-based Dutch pipeline is used instead (jeugdhulp/nlu/pipeline.py). The model is retrained when the
# pipeline changes, because the pipeline identity is part of the model's fingerprint.
#
#   NL_MODEL_WHEEL=/path/to/nl_core_news_sm-3.7.0-py3-none-any.whl   install from a file
set -u
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
MODEL=nl_core_news_sm
VERSION=3.7.0
URL="https://github.com/explosion/spacy-models/releases/download/$MODEL-$VERSION/$MODEL-$VERSION-py3-none-any.whl"

installed() { "$PY" -c "import importlib.metadata as m; m.version('$MODEL')" >/dev/null 2>&1; }

if installed; then
  echo "Dutch pipeline: $MODEL is installed."
  exit 0
fi
echo "Dutch pipeline: trying the official install of $MODEL ..."
if [ -n "${NL_MODEL_WHEEL:-}" ]; then
  timeout 120 "$PY" -m pip install --no-input --quiet "$NL_MODEL_WHEEL" >/dev/null 2>&1 || true
fi
installed || timeout 60 "$PY" -m pip install --no-input --quiet --timeout 10 --retries 0 \
  "$MODEL==$VERSION" >/dev/null 2>&1 || true
installed || timeout 60 "$PY" -m pip install --no-input --quiet --timeout 10 --retries 0 \
  "$URL" >/dev/null 2>&1 || true
if installed; then
  echo "Dutch pipeline: $MODEL installed."
else
  echo "Dutch pipeline: $MODEL is not available here (no package index or download site"
  echo "  carries it); using the project's rule-based Dutch pipeline (jeugdhulp/nlu/pipeline.py)."
fi
exit 0
