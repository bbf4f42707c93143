#!/usr/bin/env bash
# Prints the path of a Python that Rasa 3.6 runs on (3.10, else 3.9 or 3.8).
# Order: $PYTHON if set; python3.10/3.9/3.8 on PATH (that really run: a pyenv shim for a
# version that is not selected fails); then the versions installed under pyenv.
set -u

works() {  # $1: candidate interpreter; true when it runs and is 3.8-3.10
  "$1" -c 'import sys, venv; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' \
    >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if works "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.8-3.10 (Rasa 3.6 needs one)." >&2
  exit 1
fi

for version in 3.10 3.9 3.8; do
  if command -v "python$version" >/dev/null 2>&1 && works "python$version"; then
    command -v "python$version"; exit 0
  fi
done

roots=()
if command -v pyenv >/dev/null 2>&1; then roots+=("$(pyenv root)"); fi
roots+=("${PYENV_ROOT:-$HOME/.pyenv}")
for root in "${roots[@]}"; do
  for version in 3.10 3.9 3.8; do
    for candidate in $(ls -d "$root"/versions/"$version".* 2>/dev/null | sort -t. -k3 -n -r); do
      if works "$candidate/bin/python$version"; then
        echo "$candidate/bin/python$version"; exit 0
      fi
    done
  done
done

cat >&2 <<'MSG'
No Python 3.10 found (Rasa 3.6.21 runs on Python 3.8-3.10 only).
Install one, then run the command again:
  - with pyenv:   pyenv install 3.10      (it is found under $(pyenv root)/versions)
  - on Debian:    apt-get install python3.10 python3.10-venv   (where available)
  - or point to one:  make run PYTHON=/path/to/python3.10
MSG
exit 1
