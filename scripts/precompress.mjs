#!/usr/bin/env node
// Writes FILE.br (brotli) and FILE.gz (gzip) next to every compressible file of a folder (scripts/build.sh:
// dist/), so scripts/serve.mjs, nginx's brotli_static / gzip_static and other static hosts can send them
// to browsers that accept them (docs/hosting.md). A sibling is kept only where it saves at least MIN_SAVING
// of the file; it gets the file's modification time (scripts/serve.mjs ignores a sibling older than its file).
// Brotli at quality 11 is slow on big files (ONNX Runtime's 14 MB wasm: ~25 s on one core, 2.36 MB, where
// quality 9 takes 2 s for 2.69 MB), so each result is kept in a cache folder named by the content's hash
// and the settings: a rebuild recompresses only what changed (vitvis.wasm: ~2 s).
// Usage: node scripts/precompress.mjs DIR [--cache DIR] [--quality 0-11]
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : def; };
const dir = path.resolve(args[0] ?? 'dist');
const cacheDir = opt('--cache', '');
const quality = Number(opt('--quality', process.env.VITVIS_BROTLI_QUALITY || 11));
// Text and WebAssembly compress well; fonts and the data set's raw pixels too; ONNX weights barely (the
// bundled models: 11 % with brotli, 10 % with gzip). PNG and JPEG are compressed already.
const EXTENSIONS = new Set(['.wasm', '.js', '.mjs', '.json', '.html', '.css', '.svg', '.txt', '.md', '.ttf', '.onnx', '.bin']);
const MIN_SAVING = 0.10;  // below this the sibling is not worth a second copy on disk (and a host's lookup)
const MIN_BYTES = 512;    // smaller files fit a packet or two either way

const encoders = {
  br: (b) => zlib.brotliCompressSync(b, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_GENERIC,
  } }),
  gz: (b) => zlib.gzipSync(b, { level: 9 }),
};
const settings = { br: `q${quality}`, gz: 'l9' };

function* walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

const t0 = Date.now();
let before = 0, after = 0, written = 0, fromCache = 0;
const files = [...walk(dir)].filter((f) => EXTENSIONS.has(path.extname(f)) && fs.statSync(f).size >= MIN_BYTES).sort();
for (const file of files) {
  const body = fs.readFileSync(file);
  const { mtime } = fs.statSync(file);
  const hash = crypto.createHash('sha256').update(body).digest('hex');
  for (const [ext, encode] of Object.entries(encoders)) {
    const out = `${file}.${ext}`;
    fs.rmSync(out, { force: true });
    const cached = cacheDir && path.join(cacheDir, `${hash}.${settings[ext]}.${ext}`);
    let packed;
    if (cached && fs.existsSync(cached)) {
      packed = fs.readFileSync(cached);
      fs.utimesSync(cached, new Date(), new Date());  // (kept by the pruning below)
      fromCache++;
    }
    else {
      packed = encode(body);
      if (cached) { fs.mkdirSync(cacheDir, { recursive: true }); fs.writeFileSync(cached + '.tmp', packed); fs.renameSync(cached + '.tmp', cached); }
    }
    if (packed.length > body.length * (1 - MIN_SAVING)) continue;
    fs.writeFileSync(out, packed);
    fs.utimesSync(out, mtime, mtime);
    written++;
    if (ext === 'br') { before += body.length; after += packed.length; }
  }
}
// The cache keeps what some build used in the last two weeks (each app build adds its vitvis.wasm).
if (cacheDir && fs.existsSync(cacheDir)) {
  for (const e of fs.readdirSync(cacheDir)) {
    const p = path.join(cacheDir, e);
    if (Date.now() - fs.statSync(p).mtimeMs > 14 * 86400e3) fs.rmSync(p, { force: true });
  }
}
const mb = (n) => (n / 1e6).toFixed(2) + ' MB';
console.log(`[precompress] ${written} files (.br/.gz) for ${files.length} candidates in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
  ` (${fromCache} from the cache); brotli q${quality}: ${mb(before)} -> ${mb(after)}`);
