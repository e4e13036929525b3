#!/usr/bin/env bash
# Builds the trainer worker's wasm (issue #37) alone: build/trainer/trainer.{js,wasm}, -O3, no SDL/ImGui.
# tests/model/trainer.test.mjs (via scripts/test.sh) and bench/trainer.mjs load it in Node. Unchanged: ~1 s;
# from nothing: ~1.5 min on one core of the 2-core machine (the whole core at -O3).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${VITVIS_TRAINER_BUILD:-$ROOT/build/trainer}"
# shellcheck source=/dev/null
source "$ROOT/scripts/emenv.sh"
mkdir -p "$ROOT/build"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  emcmake cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DVITVIS_APP=OFF \
    >"$ROOT/build/trainer-configure.log" 2>&1 || { tail -30 "$ROOT/build/trainer-configure.log"; exit 1; }
fi
if ! cmake --build "$BUILD" --target vitvis_trainer -j"${JOBS:-$(nproc)}" >"$ROOT/build/trainer-build.log" 2>&1; then
  grep -vE '^\[ *[0-9]+%\] (Building|Linking)' "$ROOT/build/trainer-build.log" | tail -40
  echo "[build_trainer] FAILED" >&2
  exit 1
fi
test -f "$BUILD/trainer.wasm"
echo "[build_trainer] $BUILD/trainer.js + trainer.wasm ($(du -k "$BUILD/trainer.wasm" | cut -f1) KB)"
