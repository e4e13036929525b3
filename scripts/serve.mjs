#!/usr/bin/env node
// Static server for dist/: correct MIME types, and COOP/COEP so ORT Web gets threads
// (--no-isolation serves without them, as a plain static host would).
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
    const headers = {
      'Content-Type': types[path.extname(file)] || 'application/octet-stream',
      'Content-Length': st.size,
      'Cache-Control': 'no-cache',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    if (isolate) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.listen(port, host, () => {
  console.log(`ViT-VIS on http://localhost:${port}/ (${isolate ? 'cross-origin isolated: ORT uses threads' : 'not isolated: single-threaded ORT'})`);
});
