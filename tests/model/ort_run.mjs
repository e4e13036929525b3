// Run an ONNX model with onnxruntime-node on a raw float32 input; used by the Python tests.
//   node tests/model/ort_run.mjs MODEL.onnx INPUT.bin OUT_DIR [name ...]
// Writes OUT_DIR/<output>.bin (float32 little-endian) and OUT_DIR/outputs.json ({name: dims}).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json'));
const ort = require('onnxruntime-node');

const [model, input, outDir, ...names] = process.argv.slice(2);
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 2 });
const buf = fs.readFileSync(input);
const data = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const inName = session.inputNames[0];
// the input shape is fixed in the graph: [1, C, H, W]; recover it from the element count and argv
const shape = JSON.parse(process.env.VITVIS_INPUT_SHAPE);
const feeds = { [inName]: new ort.Tensor('float32', Float32Array.from(data), shape) };
const wanted = names.length ? names : session.outputNames;
const res = await session.run(feeds, wanted);
fs.mkdirSync(outDir, { recursive: true });
const index = {};
for (const n of wanted) {
  const t = res[n];
  fs.writeFileSync(path.join(outDir, `${n}.bin`), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  index[n] = t.dims;
}
fs.writeFileSync(path.join(outDir, 'outputs.json'), JSON.stringify({ outputs: session.outputNames, dims: index }));
