#!/usr/bin/env bash
# The Vitest suite (unit + integration) again, on Node 24: Node 20's end of life was 2026-04-30 and
# départements deploy on 22 or 24. Node 24 comes from the npm registry and better-sqlite3 is built
# for it (scripts/node24.sh, cached); the hook swaps the native binary, Node 20 keeps its own.
# Arguments go to Vitest (e.g. a test file). PATH starts with Node 24's folder, so anything that
# runs `node` by name is on Node 24 too; the tests start servers with process.execPath.
set -euo pipefail
cd "$(dirname "$0")/.."
# Through a variable: `eval "$(…)"` would hide a failure of the preparation.
prepared="$(bash scripts/node24.sh)"
eval "$prepared"
export TABLEE_BETTER_SQLITE3_DIR
export NODE_OPTIONS="--import=$PWD/tests/node24/better-sqlite3-hook.mjs${NODE_OPTIONS:+ $NODE_OPTIONS}"
export PATH="$(dirname "$NODE24"):$PATH"
echo "Node $("$NODE24" --version), better-sqlite3 de $TABLEE_BETTER_SQLITE3_DIR"
exec "$NODE24" node_modules/vitest/vitest.mjs run "$@"
