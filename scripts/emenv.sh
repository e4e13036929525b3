# Sourced: puts the pinned Emscripten on PATH (emsdk when $EMSDK is set, else Debian's emscripten).
want="$(cat "$(dirname "${BASH_SOURCE[0]}")/../emsdk-version.txt")"
if [ -n "${EMSDK:-}" ] && [ -f "$EMSDK/emsdk_env.sh" ]; then
  # shellcheck source=/dev/null
  source "$EMSDK/emsdk_env.sh" >/dev/null 2>&1
fi
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
if ! command -v emcc >/dev/null; then echo "emcc not found (apt-get install emscripten, or set EMSDK)" >&2; return 1; fi
# awk reads all of emcc's output: `head -1` would close the pipe early, emcc would die of SIGPIPE and,
# under a caller's `set -o pipefail -e`, abort the build at random.
have="$(emcc --version 2>/dev/null | awk 'NR == 1 && match($0, /[0-9]+\.[0-9]+\.[0-9]+/) { print substr($0, RSTART, RLENGTH) }')"
[ "$have" = "$want" ] || echo "[emenv] warning: emcc $have, emsdk-version.txt says $want" >&2
