#!/usr/bin/env bash
# Builds the app with Emscripten (Release) and assembles the static site in dist/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${VITVIS_BUILD:-$ROOT/build/wasm}"  # (another build folder: VITVIS_BUILD)
OUT="${DIST:-$ROOT/dist}"
# shellcheck source=/dev/null
source "$ROOT/scripts/emenv.sh"
mkdir -p "$ROOT/build"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  emcmake cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release \
    -DSDL2_DIR="$ROOT/third_party/sdl2-wasm/lib/cmake/SDL2" >"$ROOT/build/wasm-configure.log" 2>&1 \
    || { tail -30 "$ROOT/build/wasm-configure.log"; exit 1; }
fi
if ! cmake --build "$BUILD" -j"$(nproc)" >"$ROOT/build/wasm-build.log" 2>&1; then
  grep -vE '^\[ *[0-9]+%\] (Building|Linking)' "$ROOT/build/wasm-build.log" | tail -40
  echo "[build] FAILED" >&2
  exit 1
fi
test -f "$BUILD/vitvis.wasm"
rm -rf "$OUT"
mkdir -p "$OUT/ort" "$OUT/fonts" "$OUT/models"
cp "$BUILD/vitvis.js" "$BUILD/vitvis.wasm" "$OUT/"
# The page's own modules without their comment lines and indentation (web/ has them; a third of
# ort_glue.mjs's gzipped bytes). Only whole-line comments go, and only from a file where no line opens a
# template string it does not close (there the lines would be text).
for f in boot.mjs ort_glue.mjs; do
  /usr/bin/python3 - "$ROOT/web/$f" "$OUT/$f" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read()
lines = src.split("\n")
if any(l.count("`") % 2 for l in lines):
    out = src
else:
    out = "\n".join(l.strip() for l in lines if l.strip() and not l.strip().startswith("//")) + "\n"
open(sys.argv[2], "w", encoding="utf-8").write(out)
PY
done
# The embed API's client (docs/embedding.md), for course pages that load it from the app's host.
cp "$ROOT/web/vitvis_embed.mjs" "$OUT/"
# The page, its CSP allowing the hub hosts of models/hub.json (and no other origin).
HUB="${VITVIS_HUB:-$ROOT/models/hub.json}"
/usr/bin/python3 "$ROOT/scripts/write_page.py" "$HUB" "$ROOT/web/index.html" "$OUT/index.html"
ORT="$ROOT/web/node_modules/onnxruntime-web/dist"
cp "$ORT/ort.wasm.min.mjs" "$ORT/ort-wasm-simd-threaded.mjs" "$ORT/ort-wasm-simd-threaded.wasm" "$OUT/ort/"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$OUT/fonts/"
# Chinese: a subset of WenQuanYi Micro Hei (Debian fonts-wqy-microhei): the glyphs the zh-CN catalogs
# use, and GB2312's 6763 characters with CJK and full-width punctuation, so a teacher's lesson in
# Chinese shows whole (1.2 MB, ~0.55 MB compressed; fetched only when Chinese is chosen or a lesson's
# words need it; the atlas holds only the glyphs on screen).
/usr/bin/python3 - "$ROOT/src/ui/i18n" "$OUT/fonts/cjk-text.txt" <<'PY'
import json, sys, glob
text = "".join(v for f in sorted(glob.glob(sys.argv[1] + "/zh-CN*.json")) for v in json.load(open(f, encoding="utf-8")).values())
chars = set(c for c in text if ord(c) > 0x2E7F)
for hi in range(0xB0, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
chars.update(chr(c) for c in list(range(0x3000, 0x3040)) + list(range(0xFF00, 0xFF60)))
open(sys.argv[2], "w", encoding="utf-8").write("".join(sorted(chars)))
PY
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/truetype/wqy/wqy-microhei.ttc --font-number=0 \
  --text-file="$OUT/fonts/cjk-text.txt" --output-file="$OUT/fonts/cjk.ttf" --no-hinting --desubroutinize 2>/dev/null
rm "$OUT/fonts/cjk-text.txt"
# The languages' own names (src/app/i18n.h: "中文"), so the language menu reads before Chinese's font is
# fetched: a few glyphs, loaded at start.
NAMES=$(/usr/bin/python3 -c 'import re,sys; m=re.search(r"names = \{([^}]*)\}", open(sys.argv[1], encoding="utf-8").read()); print("".join(sorted(set(c for c in "".join(re.findall(r"\"([^\"]*)\"", m.group(1))) if ord(c) > 0x2E7F))))' "$ROOT/src/app/i18n.h")
[ -n "$NAMES" ] || { echo "[build] no language names found in src/app/i18n.h" >&2; exit 1; }
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/truetype/wqy/wqy-microhei.ttc --font-number=0 \
  --text="$NAMES" --output-file="$OUT/fonts/names.ttf" --no-hinting --desubroutinize 2>/dev/null
# The other languages' texts, fetched when chosen (English is compiled into the app).
mkdir -p "$OUT/i18n"
for f in "$ROOT"/src/ui/i18n/*.json; do
  case "$(basename "$f")" in en.json|en.teaching.json) ;; *) cp "$f" "$OUT/i18n/" ;; esac
done
# Models: the index, each listed model's folder (ONNX, samples, card).
INDEX="${VITVIS_INDEX:-$ROOT/models/index.json}"
cp "$INDEX" "$OUT/models/index.json"
[ -f "$HUB" ] && cp "$HUB" "$OUT/models/hub.json"
cp -r "$ROOT/models/photos" "$OUT/models/photos"  # samples for RGB models without their own
# ImageNet-1k class names for 1000-class checkpoints that name none (timm), from Debian's torchvision.
/usr/bin/python3 -c "import json, sys; from torchvision.models._meta import _IMAGENET_CATEGORIES as c; json.dump(list(c), open(sys.argv[1], 'w'))" \
  "$OUT/models/imagenet-1k.json"
for d in "$ROOT"/models/*/; do
  name="$(basename "$d")"
  if grep -q "\"$name/" "$INDEX"; then cp -r "$d" "$OUT/models/$name"; fi
done
# Watch a ViT learn (#37): the trainer worker (its own wasm, scripts/build_trainer.sh) and its data set, a
# Fashion-MNIST subset prepared here from Debian's dataset-fashion-mnist (fetched only when the window opens).
bash "$ROOT/scripts/build_trainer.sh" >"$ROOT/build/trainer-build-dist.log" 2>&1 \
  || { tail -30 "$ROOT/build/trainer-build-dist.log"; echo "[build] the trainer failed" >&2; exit 1; }
TRAINER="${VITVIS_TRAINER_BUILD:-$ROOT/build/trainer}"
mkdir -p "$OUT/trainer" "$OUT/data"
cp "$TRAINER/trainer.js" "$TRAINER/trainer.wasm" "$ROOT/web/trainer/trainer_worker.js" "$OUT/trainer/"
DATA_CACHE="$ROOT/build/training-data"
[ -f "$DATA_CACHE/fashion-mnist-samples.json" ] || /usr/bin/python3 "$ROOT/scripts/make_training_data.py" "$DATA_CACHE"
cp -r "$DATA_CACHE"/* "$OUT/data/"
# The boot screen's total from the start: the decoded size of each binary it downloads (a compressed
# transfer's Content-Length counts compressed bytes, its stream decoded ones).
SIZES="$(cd "$OUT" && for f in vitvis.wasm ort/ort-wasm-simd-threaded.wasm; do printf "'%s': %s, " "$f" "$(stat -c %s "$f")"; done)"
sed -i "s|^const SIZES = .*|const SIZES = { ${SIZES%, } };|" "$OUT/boot.mjs"
grep -q "^const SIZES = { 'vitvis.wasm': [0-9]" "$OUT/boot.mjs" || { echo "[build] could not write the sizes into boot.mjs" >&2; exit 1; }
# What "Make available offline…" stores (#35): every file of dist/ the app can need, its size, in groups
# (dist/offline.json, scripts/write_offline_manifest.py); it prints the folders they are in, which the
# service worker keeps what it fetches from.
OFFLINE_DIRS="$(/usr/bin/python3 "$ROOT/scripts/write_offline_manifest.py" "$OUT")"
[ -n "$OFFLINE_DIRS" ] && [ -f "$OUT/offline.json" ] || { echo "[build] could not write dist/offline.json" >&2; exit 1; }
OFFLINE_DIRS="$(printf '%s\n' $OFFLINE_DIRS | sed "s/.*/'&'/" | paste -sd, | sed 's/,/, /g')"
# Service worker for offline use (web/sw.js): its cache is named by a build id, a hash of everything
# in dist/, so any change to the app, ORT or a model is a new sw.js and replaces the old caches.
# The app shell it precaches: the page, its scripts, both wasm binaries, ORT, fonts, the model list. Not
# the Chinese font (1.2 MB): it is kept when Chinese is first chosen, or by "Make available offline".
BUILD_ID="$(cd "$OUT" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
SHELL_LIST="$(cd "$OUT" && { printf '%s\n' index.html boot.mjs ort_glue.mjs vitvis.js vitvis.wasm models/index.json offline.json; \
  find ort fonts -type f ! -name cjk.ttf | LC_ALL=C sort; } | sed "s/.*/'&'/" | paste -sd, | sed 's/,/, /g')"
sed -e "s|^const BUILD = .*|const BUILD = '$BUILD_ID';|" -e "s|^const SHELL = .*|const SHELL = [$SHELL_LIST];|" \
  -e "s|^const OFFLINE_DIRS = .*|const OFFLINE_DIRS = [$OFFLINE_DIRS];|" \
  "$ROOT/web/sw.js" >"$OUT/sw.js"
grep -q "^const BUILD = '$BUILD_ID';" "$OUT/sw.js" || { echo "[build] could not write the build id into sw.js" >&2; exit 1; }
grep -q "^const OFFLINE_DIRS = \['" "$OUT/sw.js" || { echo "[build] could not write the offline folders into sw.js" >&2; exit 1; }
# Precompressed siblings (FILE.br, FILE.gz) of every compressible file, for scripts/serve.mjs and static
# hosts that serve them (docs/hosting.md). Brotli at its best quality (11): the first time ~50 s here, most
# of it ORT's wasm (2.36 MB; quality 9 takes 2 s for 2.69 MB: VITVIS_BROTLI_QUALITY=9); unchanged files
# then come from build/precompress-cache, so a rebuild recompresses only the app (~2 s).
node "$ROOT/scripts/precompress.mjs" "$OUT" --cache "$ROOT/build/precompress-cache"
echo "[build] dist ready: $(du -sh "$OUT" | cut -f1), build $BUILD_ID"
