#!/usr/bin/env bash
# Runs every test suite: type check, lint, build, unit tests, then the suites against real components
# (a rootless dockerd; code-server in headless Chromium). Real-component suites fail, never skip, when
# their component is missing.
# Run as root on a fresh Debian machine: the test beds provision themselves (idempotent).
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0 skipped=0
failures=()

# Runs a mocha suite, echoing its output, and adds its counts to the totals.
suite() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  echo "== $name"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  local p f s
  p=$(grep -Eo '[0-9]+ passing' "$log" | grep -Eo '[0-9]+' | tail -1)
  f=$(grep -Eo '[0-9]+ failing' "$log" | grep -Eo '[0-9]+' | tail -1)
  s=$(grep -Eo '[0-9]+ pending' "$log" | grep -Eo '[0-9]+' | tail -1)
  rm -f "$log"
  passed=$((passed + ${p:-0})) failed=$((failed + ${f:-0})) skipped=$((skipped + ${s:-0}))
  # A real-component suite must not skip anything.
  if [[ $name != unit && ${s:-0} -gt 0 ]]; then
    echo "$name: ${s} test(s) skipped; real-component suites must run every test"
    rc=1
  fi
  if [[ $rc -ne 0 ]]; then
    failures+=("$name")
    [[ ${f:-0} -eq 0 ]] && failed=$((failed + 1)) # a suite that died before counting still counts as a failure
  fi
}

step() {
  local name=$1
  shift
  echo "== $name"
  if ! "$@"; then failures+=("$name"); fi
}

step typecheck npx tsc -p . --noEmit
step lint npx eslint .
step build node esbuild.js
suite unit npx mocha --config .mocharc.json --forbid-only
suite fuzz npm run --silent test:fuzz -- --forbid-only

# Real rootless dockerd (test/integration): start the bed unless DOCKER_HOST already names a daemon.
if [[ -z ${DOCKER_HOST:-} ]]; then
  if scripts/testbed/rootless-daemon.sh provision && scripts/testbed/rootless-daemon.sh start && scripts/testbed/rootless-daemon.sh image; then
    export "$(scripts/testbed/rootless-daemon.sh env)"
  else
    failures+=("rootless dockerd test bed")
  fi
fi
# A real systemd user manager (scripts/testbed/systemd-bed.sh): the service and doctor suites boot and end the bed.
scripts/testbed/systemd-bed.sh provision || failures+=("systemd test bed")
suite integration npx mocha --config .mocharc.integration.json --forbid-only --forbid-pending

# Real VS Code (code-server in headless Chromium): the extension's own tests run in its extension host.
if bash scripts/vscode/install-code-server.sh; then
  suite vscode npx tsx test/vscode/run.ts
  suite vscode-restricted npx tsx test/vscode/run.ts --workspace-trust --grep '^(activation|linter|workspace trust) '
  suite vscode-systemd-bed scripts/testbed/systemd-bed.sh vscode --grep '^daemon service and doctor'
  suite browser npx mocha --no-config --node-option import=tsx --extension ts --timeout 180000 --forbid-only 'test/vscode/browser/**/*.test.ts'
else
  failures+=("code-server install")
fi

echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ ${#failures[@]} -gt 0 ]]; then
  echo "FAILED: ${failures[*]}"
  exit 1
fi
