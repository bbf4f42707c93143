#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (real servers and a real browser) when
# they are missing: PostgreSQL, Redis, nginx (the reverse proxy of docs/nginx/), Chromium +
# ChromeDriver, curl, openssl. Needs root (or sudo); without it, says what to install.
set -uo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/"$1" >/dev/null 2>&1; }
have curl || need+=(curl)
have pg_ctl || need+=(postgresql)
have redis-server || need+=(redis-server)
have nginx || [ -x /usr/sbin/nginx ] || need+=(nginx)
have openssl || need+=(openssl)
have chromium || need+=(chromium)
have chromedriver || need+=(chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
echo ">> Installing system packages for the tests: ${need[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Missing packages: ${need[*]}. Install them (apt-get install ${need[*]}) and run again." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || { echo "apt-get install ${need[*]} failed." >&2; exit 1; }
# The Debian packages start their own services; the tests start private ones instead.
for service in postgresql redis-server nginx; do $sudo service "$service" stop >/dev/null 2>&1 || true; done
echo "   installed."
