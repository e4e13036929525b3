#!/usr/bin/env bash
# Benchmark harness (issue 7): ViT-B/16 (random weights, fp32 + fp16) and the bundled small model, in the
# app (headless Chromium, cross-origin isolated = 2 ORT threads, and not isolated = 1 thread), in a bare
# ORT-web page (logits only / all outputs) and in onnxruntime-node (2 threads). Writes
# bench/results/<date>-<label>.json and bench/results/SUMMARY.md. Timings are never pass/fail:
# exits 0 when it measured, non-zero only when it could not measure.
#
# Usage: scripts/bench.sh [--quick] [--label NAME] [--no-fp16] [--no-vitb] [--no-summary]
#                         [--clicks N] [--clicks-noiso N] [--clicks-vitb N] [--clicks-vitb-noiso N] [--runs N]
#   --quick       a few repetitions of everything (~6 min): checks the harness, not the numbers
#   --no-fp16     skip the fp16 export and its measurements; --no-vitb: small model only
#   --clicks N    app inferences for the small model, isolated (default 50: memory growth over 50
#                 inferences; --quick 8); --clicks-noiso (20); ViT-B/16: --clicks-vitb (25), --clicks-vitb-noiso (5)
#   --runs N      ORT runs per bare-page / node measurement of the small model (ViT-B/16 uses fewer)
#   --click-ms N  how long a click on a sample is held (default 80, as a person's; 0 = press and release at once)
#   --no-summary  write the JSON only (SUMMARY.md untouched)
#   --no-small-window  skip the small model in a 960x540 window
#   --gpu-compositing  launch Chromium without --disable-gpu (compositor on SwiftShader GL too)
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MODELS="$ROOT/build/bench-models"
PY=/usr/bin/python3
FP16=1
VITB=1
for a in "$@"; do
  case "$a" in
    --no-fp16) FP16=0 ;;
    --no-vitb) VITB=0; FP16=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
  esac
done
die() { echo "[bench] cannot measure: $*" >&2; exit 2; }

# --- prerequisites (nothing here is installed: scripts/setup.sh does that) ---
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium missing (scripts/setup.sh installs it)"
[ -d "$ROOT/tests/node_modules/playwright-core" ] || die "tests/node_modules/playwright-core missing (scripts/setup.sh)"
[ -d "$ROOT/tests/node_modules/onnxruntime-node" ] || die "tests/node_modules/onnxruntime-node missing (scripts/setup.sh)"
"$PY" -c 'import onnx' 2>/dev/null || die "python3-onnx missing for $PY"
if [ ! -f "$ROOT/dist/vitvis.wasm" ]; then
  echo "[bench] dist/ missing: building the app"
  if [ -f "$ROOT/models/index.json" ]; then bash "$ROOT/scripts/build.sh" || die "build failed"
  else
    printf '{"models":[{"id":"fashion-vit","name":"Fashion-MNIST ViT","file":"fashion-vit/model.onnx","samples":"fashion-vit/samples.json"}]}' >/tmp/vitvis-bench-index.json
    VITVIS_INDEX=/tmp/vitvis-bench-index.json bash "$ROOT/scripts/build.sh" || die "build failed"
  fi
fi
[ -f "$ROOT/dist/models/index.json" ] || die "dist/models/index.json missing"

# --- models (cached in build/bench-models) ---
mkdir -p "$MODELS"
export_vitb() {  # $1 = dir name, $2.. extra export flags
  local dir="$MODELS/$1"; shift
  mkdir -p "$dir"
  if [ ! -s "$dir/model.onnx" ]; then
    echo "[bench] exporting $dir/model.onnx (ViT-B/16, random weights $*)"
    "$PY" "$ROOT/scripts/export_vit.py" --arch vit_b_16 --random-init --seed 0 --no-qkv "$@" \
      --name "ViT-B/16 (random weights${*:+, $*})" --out "$dir/model.tmp.onnx" >"$dir/export.log" 2>&1 \
      || { tail -20 "$dir/export.log"; die "export of $dir failed"; }
    mv "$dir/model.tmp.onnx" "$dir/model.onnx"
  fi
}
prune() {  # $1 = dir with model.onnx -> logits.onnx + meta.json
  local dir="$1"
  if [ ! -s "$dir/logits.onnx" ] || [ "$dir/model.onnx" -nt "$dir/logits.onnx" ] || [ ! -s "$dir/meta.json" ]; then
    "$PY" "$ROOT/bench/prune_outputs.py" "$dir/model.onnx" "$dir/logits.onnx" --meta "$dir/meta.json" \
      || die "pruning $dir failed"
  fi
}
if [ "$VITB" = 1 ]; then
  export_vitb vit-b16-fp32
  prune "$MODELS/vit-b16-fp32"
  if [ "$FP16" = 1 ]; then
    export_vitb vit-b16-fp16 --half
    prune "$MODELS/vit-b16-fp16"
  fi
fi
# The bundled small model: the first entry of dist/models/index.json (snapshot, so a rebuild of dist/ by
# someone else during the run changes nothing).
SMALL_FILE="$(node -e 'const j=require(process.argv[1]);process.stdout.write(j.models[0].file)' "$ROOT/dist/models/index.json")" \
  || die "cannot read dist/models/index.json"
SMALL_ID="$(node -e 'const j=require(process.argv[1]);process.stdout.write(j.models[0].id)' "$ROOT/dist/models/index.json")"
mkdir -p "$MODELS/small"
[ -f "$ROOT/dist/models/$SMALL_FILE" ] || die "dist/models/$SMALL_FILE missing"
if ! cmp -s "$ROOT/dist/models/$SMALL_FILE" "$MODELS/small/model.onnx"; then
  cp "$ROOT/dist/models/$SMALL_FILE" "$MODELS/small/model.onnx"
fi
echo "$SMALL_ID" >"$MODELS/small/id.txt"
prune "$MODELS/small"

cd "$ROOT" && exec node "$ROOT/bench/run.mjs" "$@"
