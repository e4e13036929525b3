#!/usr/bin/env bash
# Idempotent setup on a fresh Debian 12 machine: Debian packages, ImGui/SDL2 sources, SDL2 for wasm, npm deps.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
THIRD="$ROOT/third_party"          # ignored by git
mkdir -p "$THIRD"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

PKGS=(emscripten libeigen3-dev libstb-dev chromium dpkg-dev cmake g++ googletest libgtest-dev
      python3-torch python3-onnx python3-torchvision python3-numpy python3-pil libopenblas0-pthread
      dataset-fashion-mnist fonts-dejavu-core fonts-wqy-microhei python3-fonttools python3-pytest clang libclang-rt-14-dev)

# Node.js/npm: keep the machine's own if present (a NodeSource node conflicts with Debian's npm).
command -v node >/dev/null || PKGS+=(nodejs)
command -v npm >/dev/null || PKGS+=(npm)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

SRC_LIST=/etc/apt/sources.list.d/vitvis-src.sources
need_update=0
if [ ! -f "$SRC_LIST" ]; then
  $SUDO tee "$SRC_LIST" >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  need_update=1
fi
# Never install trixie binaries: pin trixie below everything (sources only).
if [ ! -f /etc/apt/preferences.d/vitvis-no-trixie ]; then
  printf 'Package: *\nPin: release n=trixie\nPin-Priority: -1\n' | $SUDO tee /etc/apt/preferences.d/vitvis-no-trixie >/dev/null
fi

if [ ${#missing[@]} -gt 0 ] || [ $need_update = 1 ] || [ ! -d "$THIRD/imgui" ] || [ ! -d "$THIRD/sdl2-src" ]; then
  echo "[setup] apt-get update"
  $SUDO apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Dear ImGui 1.90.1 (trixie source) and SDL2 2.26.5 (bookworm source), unpacked into third_party/.
fetch_src() { # name spec dest
  local name=$1 spec=$2 dest=$3
  [ -d "$dest" ] && return 0
  local tmp; tmp="$(mktemp -d "$THIRD/src.XXXX")"
  (cd "$tmp" && apt-get source -qq "$spec" >/dev/null)
  local dir; dir="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name "${name}*" | head -1)"
  [ -n "$dir" ] || { echo "[setup] apt-get source $spec failed" >&2; exit 1; }
  mv "$dir" "$dest"; rm -rf "$tmp"
}
fetch_src imgui imgui/trixie "$THIRD/imgui"
fetch_src libsdl2 libsdl2/bookworm "$THIRD/sdl2-src"

# Emscripten environment: Debian's emcc, or an emsdk of the pinned version when EMSDK is set.
# shellcheck source=/dev/null
source "$ROOT/scripts/emenv.sh"

SDL_PREFIX="$THIRD/sdl2-wasm"
# Only what the app uses: video, events and timers on WebGL2. No audio, joystick, haptic, sensor,
# power, renderer or file system; SDL_LEAN_AND_MEAN drops the software blitters (kept alive by the
# cursor code otherwise). Size-optimised and LTO'd with the app: a smaller download.
SDL_OPTS=(-DCMAKE_BUILD_TYPE=MinSizeRel "-DCMAKE_C_FLAGS=-DSDL_LEAN_AND_MEAN=1 -flto"
  -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_THREADS=OFF
  -DSDL_AUDIO=OFF -DSDL_DISKAUDIO=OFF -DSDL_DUMMYAUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_VIRTUAL_JOYSTICK=OFF
  -DSDL_HIDAPI=OFF -DSDL_HAPTIC=OFF -DSDL_SENSOR=OFF -DSDL_POWER=OFF -DSDL_RENDER=OFF
  -DSDL_FILESYSTEM=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF -DSDL_OFFSCREEN=OFF)
# A build made with other options (an older checkout) is rebuilt, and the app's build with it.
SDL_STAMP="$SDL_PREFIX/vitvis-options.txt"
if [ ! -f "$SDL_PREFIX/lib/cmake/SDL2/SDL2Config.cmake" ] || [ "$(cat "$SDL_STAMP" 2>/dev/null)" != "${SDL_OPTS[*]}" ]; then
  echo "[setup] building SDL2 for Emscripten (once, ~5 min)"
  rm -rf "$THIRD/sdl2-build" "$SDL_PREFIX" "$ROOT/build/wasm"
  emcmake cmake -S "$THIRD/sdl2-src" -B "$THIRD/sdl2-build" "${SDL_OPTS[@]}" \
    -DCMAKE_INSTALL_PREFIX="$SDL_PREFIX" >"$THIRD/sdl2-configure.log" 2>&1 \
    || { tail -30 "$THIRD/sdl2-configure.log"; exit 1; }
  cmake --build "$THIRD/sdl2-build" -j"$(nproc)" >"$THIRD/sdl2-build.log" 2>&1 || { tail -30 "$THIRD/sdl2-build.log"; exit 1; }
  cmake --install "$THIRD/sdl2-build" >/dev/null
  printf '%s' "${SDL_OPTS[*]}" >"$SDL_STAMP"
fi

# npm dependencies (web runtime + test tools); offline-safe postinstall for onnxruntime-node.
for dir in "$ROOT/web" "$ROOT/tests"; do
  if [ -f "$dir/package-lock.json" ] && [ ! -f "$dir/node_modules/.package-lock.json" -o "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "[setup] npm ci in ${dir#$ROOT/}"
    (cd "$dir" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error)
  fi
done
echo "[setup] ok"
