#!/usr/bin/env node
// Static server for dist/: correct MIME types, and COOP/COEP so ORT Web gets threads
// (--no-isolation serves without them, as a plain static host would).
// Compression: a file's precompressed sibling (FILE.br, FILE.gz, written by scripts/precompress.mjs) is
// sent when the request's Accept-Encoding allows it, with Content-Encoding and the sibling's length;
// a sibling older than its file (a test site that rewrote the file) is ignored (2 ms leeway: utimes
// rounds the time precompress.mjs copies onto it).
// Caching: no file name carries a content hash (ort/ort-wasm-simd-threaded.wasm is the same URL for
// every ORT version), so nothing is marked immutable: every response says `no-cache` with an ETag and
// Last-Modified, and a repeat visit revalidates each file with a 304 (no body).
// Usage: node scripts/serve.mjs [--port 8000] [--dir dist] [--no-isolation] [--host 127.0.0.1]
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : def; };
const port = Number(opt('--port', process.env.PORT || 8000));
const host = opt('--host', '127.0.0.1');
const root = path.resolve(opt('--dir', 'dist'));
const isolate = !args.includes('--no-isolation');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.json': 'application/json', '.onnx': 'application/octet-stream',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.ttf': 'font/ttf', '.css': 'text/css', '.md': 'text/markdown',
};
// Preferred first; each is used only if its sibling exists.
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

// The codings Accept-Encoding allows (q > 0), as a Set; `*` allows any not named.
function accepted(header) {
  const ok = new Set(), refused = new Set();
  let any = false;
  for (const part of String(header || '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const allowed = !q || Number(q[1]) > 0;
    if (name === '*') any = allowed;
    else (allowed ? ok : refused).add(name);
  }
  return (coding) => ok.has(coding) || (any && !refused.has(coding));
}

// A file's precompressed sibling the client accepts: { file, stat, coding } or null.
async function sibling(file, st, acceptEncoding) {
  const allows = accepted(acceptEncoding);
  for (const [coding, ext] of ENCODINGS) {
    if (!allows(coding)) continue;
    const s = await fs.stat(file + ext).catch(() => null);
    if (s && s.isFile() && s.mtimeMs + 2 >= st.mtimeMs) return { file: file + ext, stat: s, coding };
  }
  return null;
}

// Whether the client's copy (If-None-Match, else If-Modified-Since) is the one we would send.
function fresh(req, etag, mtime) {
  const inm = req.headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const ims = Date.parse(req.headers['if-modified-since'] || '');
  return Number.isFinite(ims) && Math.floor(mtime.getTime() / 1000) * 1000 <= ims;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(root, '.' + rel);
    if (!file.startsWith(root + path.sep) && file !== root) { res.writeHead(403).end('forbidden'); return; }
    const st = await fs.stat(file).catch(() => null);
    if (!st || !st.isFile()) {
      console.error(`404 ${rel}`);
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = types[path.extname(file)] || 'application/octet-stream';
    // Only types that have siblings vary with Accept-Encoding (an image never does).
    const compressible = !['image/png', 'image/jpeg'].includes(type);
    const packed = compressible ? await sibling(file, st, req.headers['accept-encoding']) : null;
    const sent = packed ?? { file, stat: st, coding: null };
    // One ETag per representation: the compressed body is other bytes than the file's.
    const etag = `"${Math.floor(st.mtimeMs).toString(36)}-${st.size.toString(36)}${packed ? '-' + packed.coding : ''}"`;
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      ETag: etag,
      'Last-Modified': st.mtime.toUTCString(),
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (compressible) headers.Vary = 'Accept-Encoding';
    if (isolate) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    if (fresh(req, etag, st.mtime)) { res.writeHead(304, headers).end(); return; }
    if (packed) headers['Content-Encoding'] = packed.coding;
    headers['Content-Length'] = sent.stat.size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(sent.file).pipe(res);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.listen(port, host, () => {
  console.log(`ViT-VIS on http://localhost:${port}/ (${isolate ? 'cross-origin isolated: ORT uses threads' : 'not isolated: single-threaded ORT'})`);
});
