"""Shared helpers for the model-pipeline tests (/usr/bin/python3 -m pytest tests/model -q).

Python's onnxruntime is not available on Debian 12, so exported graphs are run with
onnxruntime-node (tests/node_modules) through tests/model/ort_run.mjs.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

torch.set_num_threads(2)
ORT_RUN = os.path.join(ROOT, "tests", "model", "ort_run.mjs")


def ort_run(model_path, x, names=None):
    """Run MODEL on x (float32 [1,C,H,W]) with onnxruntime-node -> (dict name -> array, graph output names)."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    with tempfile.TemporaryDirectory() as td:
        inp = os.path.join(td, "in.bin")
        x.astype("<f4").tofile(inp)
        out_dir = os.path.join(td, "out")
        env = dict(os.environ, VITVIS_INPUT_SHAPE=json.dumps(list(x.shape)))
        subprocess.run(["node", ORT_RUN, model_path, inp, out_dir] + list(names or []), check=True, env=env,
                       cwd=ROOT)
        with open(os.path.join(out_dir, "outputs.json")) as f:
            idx = json.load(f)
        res = {n: np.fromfile(os.path.join(out_dir, f"{n}.bin"), dtype="<f4").reshape(d)
               for n, d in idx["dims"].items()}
    return res, idx["outputs"]


@pytest.fixture(scope="session")
def have_node():
    if not os.path.isdir(os.path.join(ROOT, "tests", "node_modules", "onnxruntime-node")):
        pytest.fail("tests/node_modules/onnxruntime-node missing: cd tests && ONNXRUNTIME_NODE_INSTALL=skip npm ci")
    return True
