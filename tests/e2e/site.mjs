// Builds build/e2e-site: dist/ plus extra models for tests — a ViT-B/16-sized random-weight export
// and deliberately broken models — listed in its own models/index.json.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './browser.mjs';

const DIST = path.join(ROOT, 'dist');
export const SITE = path.join(ROOT, 'build', 'e2e-site');
const VITB = path.join(ROOT, 'build', 'e2e-models', 'vit-b16', 'model.onnx');

function python(code, args = []) {
  const r = spawnSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
}

export function ensureVitB16() {
  if (fs.existsSync(VITB)) return VITB;
  fs.mkdirSync(path.dirname(VITB), { recursive: true });
  const r = spawnSync('/usr/bin/python3', [path.join(ROOT, 'scripts', 'export_vit.py'), '--arch', 'vit_b_16', '--random-init',
    '--no-qkv', '--out', VITB, '--name', 'ViT-B/16 (random weights)'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`export failed: ${r.stderr}`);
  return VITB;
}

// A fresh test site at `site`: every file of dist/ linked in, but for the files named in `own` (at the
// top or in models/), which the caller writes.
export function linkDist(site, own = []) {
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(path.join(site, 'models'), { recursive: true });
  for (const e of fs.readdirSync(DIST)) if (e !== 'models' && !own.includes(e)) fs.symlinkSync(path.join(DIST, e), path.join(site, e));
  for (const e of fs.readdirSync(path.join(DIST, 'models')))
    if (!own.includes(e)) fs.symlinkSync(path.join(DIST, 'models', e), path.join(site, 'models', e));
}

export function buildSite({ vitb = false } = {}) {
  linkDist(SITE, ['index.json']);
  const index = JSON.parse(fs.readFileSync(path.join(DIST, 'models', 'index.json'), 'utf8'));
  const dir = (name) => { const d = path.join(SITE, 'models', name); fs.mkdirSync(d, { recursive: true }); return d; };
  // Not ONNX at all.
  fs.writeFileSync(path.join(dir('broken'), 'model.onnx'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  // Valid ONNX, but not a ViT in the contract; and a contract model whose labels disagree with its logits.
  const fashion = path.join(DIST, 'models', index.models[0].file);
  python(`
import json, sys, onnx
from onnx import helper, TensorProto
g = helper.make_graph([helper.make_node('Identity', ['x'], ['y'])], 'g',
    [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 4])], [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 4])])
onnx.save(helper.make_model(g), sys.argv[1])
m = onnx.load(sys.argv[2])
for p in m.metadata_props:
    if p.key == 'labels': p.value = json.dumps(['a', 'b', 'c'])
onnx.save(m, sys.argv[3])
`, [path.join(dir('not-vit'), 'model.onnx'), fashion, path.join(dir('bad-labels'), 'model.onnx')]);
  // Over the app's 800 MB model cap (a sparse file: no disk used): refused from its Content-Length.
  fs.writeFileSync(path.join(dir('too-big'), 'model.onnx'), '');
  fs.truncateSync(path.join(SITE, 'models', 'too-big', 'model.onnx'), 900e6);
  const extra = [
    { id: 'broken', name: 'Broken file', file: 'broken/model.onnx' },
    { id: 'not-vit', name: 'Not a ViT', file: 'not-vit/model.onnx' },
    { id: 'bad-labels', name: 'Wrong labels', file: 'bad-labels/model.onnx' },
    { id: 'missing', name: 'Missing file', file: 'missing/model.onnx' },
    { id: 'too-big', name: 'Too big', file: 'too-big/model.onnx' },
  ];
  if (vitb) {
    const d = dir('vit-b16');
    fs.symlinkSync(ensureVitB16(), path.join(d, 'model.onnx'));
    const samples = ['rgb_241x300.png', 'rgba_37x23.png', 'gray_50x80.png'];
    for (const s of samples) fs.copyFileSync(path.join(ROOT, 'tests', 'native', 'data', s), path.join(d, s));
    // Labels (arbitrary classes of the random model) so that the true class shown can be checked.
    fs.writeFileSync(path.join(d, 'samples.json'), JSON.stringify(samples.map((file, i) => ({ file, name: `class ${i + 3}`, label: i + 3 }))));
    extra.push({ id: 'vit-b16', name: 'ViT-B/16 (random)', file: 'vit-b16/model.onnx', samples: 'vit-b16/samples.json' });
  }
  index.models.push(...extra);
  fs.writeFileSync(path.join(SITE, 'models', 'index.json'), JSON.stringify(index, null, 1));
  return SITE;
}
