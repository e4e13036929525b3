// A stand-in Hugging Face hub for the tests (there is no internet here): its own origin with HF's URL
// layout /{owner}/{name}/resolve/{revision}/{file}; config files answer directly, model.safetensors
// answers 302 to a second origin (the "file storage"), CORS open on both, as the real hub does.
// Repositories: owner "vitvis-test", name = a folder of scripts/make_hf_checkpoints.py's output;
// "slow-*" serves that folder's weights at ~40 KB/s (to cancel a download), "whole-*" ignores byte ranges
// (as a server without them does), "cut-*" drops the connection half-way through the weights, "nocors-*"
// answers without CORS headers (the browser refuses to hand the answer over); anything else is a 404.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './browser.mjs';
import { SITE, linkDist } from './site.mjs';

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, Location',
               'Cross-Origin-Resource-Policy': 'cross-origin' };

function listen(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

// The file, or the one byte range asked for (206, as the hub's file storage answers). Content-Range is
// not exposed to CORS, as a CDN may not: the app must find the size another way.
function sendFile(req, res, file, how) {
  const size = fs.statSync(file).size, slow = how === 'slow';
  if (how === 'cut') {  // the headers of the whole file, half of its bytes, then the connection is gone
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/octet-stream', 'Content-Length': size });
    res.write(fs.readFileSync(file).subarray(0, size >> 1), () => setTimeout(() => res.destroy(), 50));
    return;
  }
  const range = how !== 'whole' && /^bytes=(\d+)-(\d*)$/.exec(req.headers.range || '');
  let start = 0, end = size - 1;
  if (range) {
    start = Number(range[1]);
    end = Math.min(size - 1, range[2] ? Number(range[2]) : size - 1);
    if (start >= size || end < start) { res.writeHead(416, { ...CORS, 'Content-Range': `bytes */${size}` }).end(); return; }
    res.writeHead(206, { ...CORS, 'Content-Type': 'application/octet-stream', 'Content-Length': end - start + 1,
                         'Content-Range': `bytes ${start}-${end}/${size}`, 'Accept-Ranges': 'bytes' });
  } else {
    res.writeHead(200, { ...CORS, 'Content-Type': 'application/octet-stream', 'Content-Length': size, 'Accept-Ranges': 'bytes' });
  }
  if (!slow) return fs.createReadStream(file, { start, end }).pipe(res);
  const data = fs.readFileSync(file).subarray(start, end + 1);
  let at = 0;
  const timer = setInterval(() => {
    if (res.destroyed || at >= data.length) { clearInterval(timer); res.end(); return; }
    res.write(data.subarray(at, at + 4096));
    at += 4096;
  }, 100);
  res.on('close', () => clearInterval(timer));
}

// dir: checkpoint folders. Returns { url, storage, requests (the hub's), ranges (the storage's: {path, range}), stop }.
export async function startHub(dir) {
  const requests = [], ranges = [];
  const storage = await listen((req, res) => {
    ranges.push({ path: req.url, range: req.headers.range ?? null });
    const m = req.url.match(/^\/blobs\/([\w.-]+)\/(?:(slow|whole|cut)\/)?([\w.-]+)$/);
    const file = m && path.join(dir, m[1], m[3]);
    if (!m || !fs.existsSync(file)) { res.writeHead(404, CORS).end('not found'); return; }
    sendFile(req, res, file, m[2]);
  });
  const hub = await listen((req, res) => {
    requests.push(req.url);
    if (req.method === 'OPTIONS') { res.writeHead(204, { ...CORS, 'Access-Control-Allow-Headers': '*' }).end(); return; }
    const m = req.url.match(/^\/vitvis-test\/([\w.-]+)\/resolve\/([\w.%-]+)\/([\w.-]+)$/);
    const how = m && /^(slow|whole|cut|nocors)-/.exec(m[1])?.[1];
    const name = m && (how ? m[1].slice(how.length + 1) : m[1]);
    const file = m && path.join(dir, name, m[3]);
    if (!m || !fs.existsSync(file)) { res.writeHead(404, { ...CORS, 'Content-Type': 'text/plain' }).end('Entry not found'); return; }
    if (m[3].endsWith('.safetensors')) {
      res.writeHead(302, { ...CORS, Location: `${storage.url}/blobs/${name}/${how ? how + '/' : ''}${m[3]}` }).end();
      return;
    }
    res.writeHead(200, how === 'nocors' ? { 'Content-Type': 'application/json' } : { ...CORS, 'Content-Type': 'application/json' });
    fs.createReadStream(file).pipe(res);
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    hub.server.close();
    storage.server.close();
    hub.server.closeAllConnections?.();
    storage.server.closeAllConnections?.();
  };
  return { url: hub.url, storage: storage.url, requests, ranges, stop };
}

// The checkpoints, and a site (dist/ plus a hub.json naming the stand-in hub, and the page built for it
// by scripts/write_page.py, as scripts/build.sh builds it for the real hub).
// bases: the hub bases the site lists (default: the stand-in hub alone); name: the site's folder suffix.
export function buildHubSite(checkpoints, hub, { bases, name = 'hub' } = {}) {
  const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'make_hf_checkpoints.py'), checkpoints], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const site = `${SITE}-${name}`;
  linkDist(site, ['index.html', 'hub.json']);
  const hubJson = path.join(site, 'models', 'hub.json');
  fs.writeFileSync(hubJson, JSON.stringify({
    bases: bases ?? [{ url: hub.url, name: 'stand-in hub' }], storage_hosts: [hub.storage],
    models: [{ id: 'vitvis-test/hf-deit', bytes: fs.statSync(path.join(checkpoints, 'hf-deit', 'model.safetensors')).size, note: 'DeiT' },
             { id: 'vitvis-test/hf-vit', bytes: fs.statSync(path.join(checkpoints, 'hf-vit', 'model.safetensors')).size, note: 'ViT' }],
  }));
  const w = spawnSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'write_page.py'), hubJson, path.join(ROOT, 'web', 'index.html'),
    path.join(site, 'index.html')], { encoding: 'utf8' });
  if (w.status !== 0) throw new Error(w.stderr);
  return site;
}
