// Helpers for the bundled-model tests (node --test tests/model/).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'tests', 'package.json'));
export const ort = require('onnxruntime-node');

// metadata_props of an ONNX ModelProto (field 14: StringStringEntryProto {1: key, 2: value}),
// read straight from the protobuf bytes (onnxruntime-node does not expose them).
export function readOnnxMetadata(bytes) {
  const meta = {};
  let p = 0;
  const varint = (buf, at) => {
    let v = 0, mul = 1, b;
    do { b = buf[at.p++]; v += (b & 0x7f) * mul; mul *= 128; } while (b & 0x80);
    return v;
  };
  const at = { p };
  const dec = new TextDecoder();
  while (at.p < bytes.length) {
    const key = varint(bytes, at);
    const field = Math.floor(key / 8), wt = key & 7;
    if (wt === 0) varint(bytes, at);
    else if (wt === 1) at.p += 8;
    else if (wt === 5) at.p += 4;
    else if (wt === 2) {
      const len = varint(bytes, at);
      if (field === 14) {
        const sub = bytes.subarray(at.p, at.p + len);
        const s = { p: 0 };
        let k = '', v = '';
        while (s.p < sub.length) {
          const kk = varint(sub, s);
          const l = varint(sub, s);
          const str = dec.decode(sub.subarray(s.p, s.p + l));
          s.p += l;
          if (kk >> 3 === 1) k = str; else if (kk >> 3 === 2) v = str;
        }
        meta[k] = v;
      }
      at.p += len;
    } else throw new Error(`unsupported protobuf wire type ${wt}`);
  }
  return meta;
}

export function readIdx(file) {
  const buf = zlib.gunzipSync(fs.readFileSync(file));
  const ndim = buf[3];
  const dims = [];
  for (let i = 0; i < ndim; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: buf.subarray(4 + 4 * ndim) };
}

export function loadJSON(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function maxAbsDiff(a, b) {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function argmax(a) {
  let best = 0;
  for (let i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
  return best;
}

export async function openModel(id) {
  const index = loadJSON(path.join(ROOT, 'models', 'index.json'));
  const entry = index.models.find((m) => m.id === id);
  const file = path.join(ROOT, 'models', entry.file);
  const bytes = fs.readFileSync(file);
  const meta = readOnnxMetadata(bytes);
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 2 });
  return { entry, file, bytes, meta, session };
}

// Accuracy over 28x28 8-bit-style images given as floats in [0,1] (x01(i, j) -> value), normalised
// exactly as preprocessing does for resize == crop == 28, channels == 1: (x - mean) / std.
export async function accuracy(session, meta, count, x01, label) {
  const mean = JSON.parse(meta.mean)[0], std = JSON.parse(meta.std)[0];
  const invert = meta.invert === '1';
  const buf = new Float32Array(784);
  let correct = 0;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < 784; j++) {
      let v = x01(i, j);
      if (invert) v = 1 - v;
      buf[j] = (v - mean) / std;
    }
    const res = await session.run({ pixel_values: new ort.Tensor('float32', buf, [1, 1, 28, 28]) }, ['logits']);
    if (argmax(res.logits.data) === label(i)) correct++;
  }
  return correct / count;
}
