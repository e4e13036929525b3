#!/usr/bin/env bash
# Sets up what is missing, builds the app (Release) into dist/ and serves it with COOP/COEP.
# Usage: scripts/run.sh [--port N] [--no-isolation]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PORT=8000
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="$2"; shift 2 ;;
    --no-isolation) EXTRA+=(--no-isolation); shift ;;
    *) echo "usage: scripts/run.sh [--port N] [--no-isolation]" >&2; exit 2 ;;
  esac
done
bash "$ROOT/scripts/setup.sh"
bash "$ROOT/scripts/build.sh"
echo "[run] open http://localhost:$PORT/ (Ctrl+C to stop)"
exec node "$ROOT/scripts/serve.mjs" --port "$PORT" --dir "$ROOT/dist" "${EXTRA[@]}"
