#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) and runs each for SECONDS (default 300).
# Seeds: tests/fuzz/corpus/<target>; new inputs go to build/fuzz/corpus (not committed); a crash is
# copied to tests/fuzz/crashes/ and fails the run: turn it into a regression test, then delete it.
# Usage: scripts/fuzz.sh [SECONDS]   (FUZZ_SEED=1 for a repeatable run; 0 = random)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_EACH="${1:-300}"
B="$ROOT/build/fuzz"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$B" -DVITVIS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$B.configure.log" 2>&1 \
  || { cat "$B.configure.log"; exit 1; }
cmake --build "$B" -j"$(nproc)" >"$B.build.log" 2>&1 || { tail -30 "$B.build.log"; exit 1; }
declare -A CORPUS=([onnx_info_fuzz]=onnx [json_fuzz]=json [image_fuzz]=image [url_state_fuzz]=url [safetensors_fuzz]=safetensors [exif_fuzz]=exif)
pass=0; fail=0
for target in onnx_info_fuzz json_fuzz image_fuzz url_state_fuzz safetensors_fuzz exif_fuzz; do
  work="$B/corpus/$target"
  rm -rf "$B/artifacts/$target"
  # Replay every input that once failed (tests/fuzz/regressions) under the sanitizers first.
  if ! "$B/$target" "$ROOT"/tests/fuzz/regressions/* >"$B/$target.replay.log" 2>&1; then
    grep -E 'ERROR|SUMMARY' "$B/$target.replay.log" | head -3
    echo "fuzz $target: a regression input fails again"
    fail=$((fail + 1))
    continue
  fi
  mkdir -p "$work" "$B/artifacts/$target"
  cp -n "$ROOT/tests/fuzz/corpus/${CORPUS[$target]}"/* "$work/" 2>/dev/null || true
  if "$B/$target" "$work" -max_total_time="$SECONDS_EACH" -seed="${FUZZ_SEED:-0}" -rss_limit_mb=2048 -max_len=65536 -timeout=30 \
      -artifact_prefix="$B/artifacts/$target/" -print_final_stats=1 >"$B/$target.log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$B/$target.log" | grep -oE '[0-9]+$')
    echo "fuzz $target: ok, ${runs:-?} inputs in ${SECONDS_EACH}s, 0 crashes"
    pass=$((pass + 1))
  else
    mkdir -p "$ROOT/tests/fuzz/crashes"
    cp "$B/artifacts/$target/"* "$ROOT/tests/fuzz/crashes/" 2>/dev/null || true
    grep -E 'ERROR|SUMMARY|Test unit written' "$B/$target.log" | head -5
    echo "fuzz $target: CRASH (input saved in tests/fuzz/crashes/)"
    fail=$((fail + 1))
  fi
done
echo "fuzz: $pass passed, $fail failed"
[ "$fail" = 0 ]
