#!/usr/bin/env bash
# Sets up what is missing, then runs every suite: native (ctest), model (node + pytest), e2e (Chromium).
# Prints one summary line per runner; exits non-zero if anything failed.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
LOGS="$ROOT/tests/artifacts/logs"
mkdir -p "$LOGS"
bash scripts/setup.sh || { echo "setup: FAILED"; exit 1; }

declare -a SUMMARY
FAILED=0
record() { # name rc summary
  SUMMARY+=("$1: $3")
  [ "$2" = 0 ] || FAILED=1
}

# ---- native: GoogleTest via CTest (g++), a Release build (the ASan run below is the Debug one) ----
start=$(date +%s)
{ cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >"$LOGS/native-configure.log" 2>&1 &&
  cmake --build build/native -j"$(nproc)" >"$LOGS/native-build.log" 2>&1; } || { tail -40 "$LOGS/native-build.log"; }
(cd build/native && ctest --output-on-failure 2>&1) | tee "$LOGS/native.log"
rc=${PIPESTATUS[0]}
line="$(grep -E 'tests passed|tests failed' "$LOGS/native.log" | tail -1)"
record "native (ctest)" "$rc" "${line:-no result (build failed?)} [$(( $(date +%s) - start ))s]"

# ---- native again under AddressSanitizer + UndefinedBehaviorSanitizer ----
start=$(date +%s)
{ cmake -S . -B build/native-asan -DCMAKE_BUILD_TYPE=Debug -DVITVIS_SANITIZE=ON >"$LOGS/asan-configure.log" 2>&1 &&
  cmake --build build/native-asan -j"$(nproc)" >"$LOGS/asan-build.log" 2>&1; } || { tail -40 "$LOGS/asan-build.log"; }
(cd build/native-asan && ctest --output-on-failure 2>&1) | tee "$LOGS/native-asan.log"
rc=${PIPESTATUS[0]}
line="$(grep -E 'tests passed|tests failed' "$LOGS/native-asan.log" | tail -1)"
record "native ASan+UBSan (ctest)" "$rc" "${line:-no result (build failed?)} [$(( $(date +%s) - start ))s]"

# ---- fuzzing: each libFuzzer harness for a short, bounded time (scripts/fuzz.sh runs longer) ----
start=$(date +%s)
FUZZ_SEED="${FUZZ_SEED:-1}" bash scripts/fuzz.sh "${FUZZ_SECONDS:-20}" 2>&1 | tee "$LOGS/fuzz.log"
rc=${PIPESTATUS[0]}
record "fuzz (libFuzzer)" "$rc" "$(grep -E '^fuzz: ' "$LOGS/fuzz.log" | tail -1 | sed 's/^fuzz: //') [$(( $(date +%s) - start ))s]"

# ---- model: onnxruntime-node tests and Python export checks ----
start=$(date +%s)
# The trainer worker's wasm for tests/model/trainer.test.mjs (which says so when it is missing).
bash scripts/build_trainer.sh >"$LOGS/trainer-build.log" 2>&1 || tail -40 "$LOGS/trainer-build.log"
node --test tests/model/ 2>&1 | tee "$LOGS/model-node.log"
rc=${PIPESTATUS[0]}
record "model (node --test)" "$rc" "$(grep -E '^# (pass|fail) ' "$LOGS/model-node.log" | tr '\n' ' ')[$(( $(date +%s) - start ))s]"

start=$(date +%s)
/usr/bin/python3 -m pytest tests/model -q -p no:cacheprovider 2>&1 | tee "$LOGS/model-python.log"
rc=${PIPESTATUS[0]}
record "model (pytest)" "$rc" "$(grep -E '(passed|failed|error)' "$LOGS/model-python.log" | tail -1) [$(( $(date +%s) - start ))s]"

# ---- e2e: the real built app in headless Chromium ----
start=$(date +%s)
if bash scripts/build.sh >"$LOGS/build.log" 2>&1; then
  node --test --test-concurrency=1 tests/e2e/ 2>&1 | tee "$LOGS/e2e.log"
  rc=${PIPESTATUS[0]}
  record "e2e (node --test)" "$rc" "$(grep -E '^# (pass|fail) ' "$LOGS/e2e.log" | tr '\n' ' ')[$(( $(date +%s) - start ))s]"
else
  tail -40 "$LOGS/build.log"
  record "e2e (node --test)" 1 "app build failed"
fi

echo
echo "==================== summary ===================="
for s in "${SUMMARY[@]}"; do echo "$s"; done
[ $FAILED = 0 ] && echo "ALL SUITES PASSED" || echo "SOME SUITES FAILED"
exit $FAILED
