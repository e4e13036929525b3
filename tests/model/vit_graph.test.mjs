// The C++ ViT graph builder (build/native/vitvis_vit_graph) against the Python exporter on the same
// Hugging Face checkpoints (random weights from scripts/make_hf_checkpoints.py): every output within
// 1e-4 under onnxruntime-node, the weights read from the safetensors file as ONNX external data.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, ort, readOnnxMetadata, maxAbsDiff } from './helpers.mjs';

const TOL = 1e-4;
const TOOL = path.join(ROOT, 'build', 'native', 'vitvis_vit_graph');
const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'vitvis-hf-'));

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });

before(() => {
  assert.ok(fs.existsSync(TOOL), `${TOOL} missing: build the native tree first (scripts/test.sh does)`);
  const r = run('/usr/bin/python3', [path.join(ROOT, 'scripts', 'make_hf_checkpoints.py'), DIR]);
  assert.equal(r.status, 0, r.stderr);
});

function build(name, extra = []) {
  const d = path.join(DIR, name);
  const args = [path.join(d, 'config.json'), path.join(d, 'model.safetensors'), path.join(d, 'graph.onnx'), ...extra];
  if (fs.existsSync(path.join(d, 'preprocessor_config.json'))) args.push('--preprocessor', path.join(d, 'preprocessor_config.json'));
  return run(TOOL, args);
}

function reference(name) {
  const d = path.join(DIR, name);
  const timm = name.startsWith('timm');
  const r = run('/usr/bin/python3', [path.join(ROOT, 'scripts', 'export_vit.py'), '--checkpoint', path.join(d, 'model.safetensors'),
    '--format', timm ? 'timm' : 'hf', '--heads', '4', ...(timm ? [] : ['--labels', path.join(d, 'config.json')]), '--resize', '32',
    '--out', path.join(d, 'ref.onnx')]);
  assert.equal(r.status, 0, r.stderr);
  return path.join(d, 'ref.onnx');
}

async function outputs(file) {
  const s = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
  const x = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.sin(i * 0.37) * 1.5);
  return { names: s.outputNames, out: await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 32, 32]) }) };
}

const CASES = [['hf-vit', 'ViT, float32'], ['hf-vit-f16', 'ViT, float16 weights'], ['hf-vit-bf16', 'ViT, bfloat16 weights'],
  ['hf-deit', 'DeiT with teacher'],
  ['timm-reg', 'timm: fused qkv, LayerScale, 2 registers without position embeddings'], ['timm-deit', 'timm DeiT distilled']];
for (const [name, what] of CASES) {
  test(`${what}: the builder's graph computes what the Python exporter's does`, async () => {
    const r = build(name);
    assert.equal(r.status, 0, r.stderr);
    const graph = path.join(DIR, name, 'graph.onnx');
    // The graph holds no weights (52-103 KB here), only nodes and small constants (shapes, scalars).
    assert.ok(fs.statSync(graph).size < 20000, `graph.onnx is ${fs.statSync(graph).size} bytes`);
    const [mine, ref] = await Promise.all([outputs(graph), outputs(reference(name))]);
    assert.deepEqual([...mine.names].sort(), [...ref.names].sort());
    for (const n of ref.names) {
      assert.deepEqual(mine.out[n].dims, ref.out[n].dims, n);
      const d = maxAbsDiff(mine.out[n].data, ref.out[n].data);
      assert.ok(d <= TOL, `${n}: max |diff| ${d}`);
    }
    const meta = readOnnxMetadata(fs.readFileSync(graph));
    assert.deepEqual(JSON.parse(meta.labels).slice(0, 2), ['thing 0', 'thing 1']);  // id2label
    const deit = name === 'hf-deit', timm = name.startsWith('timm');
    assert.equal(meta.prefix_tokens, { 'hf-deit': '2', 'timm-deit': '2', 'timm-reg': '3' }[name] ?? '1');
    assert.equal(meta.registers, name === 'timm-reg' ? '2' : '0');
    // DeiT's processor: resize 36, centre crop 32; timm's crop_pct 0.9: floor(32 / 0.9) = 35.
    assert.equal(meta.resize, deit ? '36' : timm ? '35' : '32');
    assert.deepEqual(JSON.parse(meta.mean), deit ? [0.485, 0.456, 0.406] : [0.5, 0.5, 0.5]);
    assert.equal(meta.weights, { 'hf-vit-f16': 'float16', 'hf-vit-bf16': 'bfloat16' }[name] ?? 'float32');
    // As the checkpoint's own processor: ViTImageProcessor squashes to 32 x 32 (bilinear, resample 2);
    // DeiT (resample 3) and timm (pretrained_cfg) resample bicubic: format 2.
    assert.equal(meta.interpolation, name.startsWith('hf-vit') ? 'bilinear' : 'bicubic');
    assert.equal(meta.resize_mode, name.startsWith('hf-vit') ? 'exact' : 'shorter');
    assert.equal(meta.vitvis_format, '2');
  });
}

test('without q/k/v the graph has the required outputs only', async () => {
  const r = build('hf-vit', ['--no-qkv']);
  assert.equal(r.status, 0, r.stderr);
  const { names } = await outputs(path.join(DIR, 'hf-vit', 'graph.onnx'));
  assert.ok(!names.includes('q_0') && !names.includes('wo_0'));
  assert.ok(names.includes('attn_1') && names.includes('cls_logits') && names.includes('head_bias'));
});

test('a Swin config, a truncated file and a config that does not fit the weights are refused', () => {
  const swin = run(TOOL, [path.join(DIR, 'swin', 'config.json'), path.join(DIR, 'hf-vit', 'model.safetensors'), path.join(DIR, 'x.onnx')]);
  assert.notEqual(swin.status, 0);
  assert.match(swin.stderr, /"swin" model; the app builds Hugging Face ViT/);
  const cut = path.join(DIR, 'cut.safetensors');
  const bytes = fs.readFileSync(path.join(DIR, 'hf-vit', 'model.safetensors'));
  fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
  const t = run(TOOL, [path.join(DIR, 'hf-vit', 'config.json'), cut, path.join(DIR, 'x.onnx')]);
  assert.notEqual(t.status, 0);
  assert.match(t.stderr, /past the end of the file/);
  const cfg = JSON.parse(fs.readFileSync(path.join(DIR, 'hf-vit', 'config.json'), 'utf8'));
  fs.writeFileSync(path.join(DIR, 'wide.json'), JSON.stringify({ ...cfg, hidden_size: 48, num_attention_heads: 4 }));
  const w = run(TOOL, [path.join(DIR, 'wide.json'), path.join(DIR, 'hf-vit', 'model.safetensors'), path.join(DIR, 'x.onnx')]);
  assert.notEqual(w.status, 0);
  assert.match(w.stderr, /has shape \[.*\], but config.json implies/);
  assert.ok(!fs.existsSync(path.join(DIR, 'x.onnx')));
});
