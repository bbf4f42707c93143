#!/usr/bin/env bash
# `npm audit --omit=dev` for the web chat's browser packages (package-lock.json), where the npm
# registry's audit endpoint answers. Fails on a finding of moderate severity or worse. Where the
# endpoint does not answer (these build machines) it says so and does not fail: the web chat's
# three packages are then checked only by their pinned versions and integrity hashes (npm ci).
set -u
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "npm audit (web chat): npm is not installed; not audited."
  exit 0
fi
out=$(timeout 60 npm audit --omit=dev --audit-level=moderate --json 2>/dev/null)
status=$?
if echo "$out" | grep -q '"vulnerabilities"'; then
  summary=$(echo "$out" | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
      const m = JSON.parse(s).metadata.vulnerabilities;
      console.log(Object.entries(m).map(([k, v]) => `${k} ${v}`).join(", "));
    });')
  echo "npm audit (web chat): the registry's audit service, $(date -u +%F): $summary"
  if [ $status -ne 0 ]; then
    echo "npm audit (web chat) FAILED: run 'npm audit --omit=dev' in bot/webchat for the details." >&2
    exit 1
  fi
  exit 0
fi
echo "npm audit (web chat): the registry's audit endpoint did not answer ($(date -u +%F)); not audited this time."
exit 0
