"""scripts/preprocess.py: the reference preprocessing the C++ app is tested against."""
import json
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from conftest import ROOT
import preprocess as pp

META1 = {"channels": "1", "resize": "28", "crop": "28", "mean": "[0.286]", "std": "[0.353]",
         "interpolation": "bilinear", "invert": "0"}


def test_gray_28_is_plain_normalisation():
    a = np.random.RandomState(0).randint(0, 256, (28, 28)).astype(np.uint8)
    x = pp.preprocess(Image.fromarray(a, "L"), META1)
    assert x.shape == (1, 28, 28) and x.dtype == np.float32
    np.testing.assert_allclose(x[0], (a / 255.0 - 0.286) / 0.353, atol=2e-6)


def test_same_size_antialiased_interpolate_is_identity():
    t = torch.rand(1, 3, 28, 21)
    assert torch.allclose(F.interpolate(t, size=(28, 21), mode="bilinear", align_corners=False, antialias=True),
                          t, atol=1e-6)


def test_sizes_and_offsets_follow_python_round():
    assert pp.resized_size(30, 40, 28) == (28, 37)       # 37.33
    assert pp.resized_size(40, 30, 28) == (37, 28)
    assert pp.resized_size(2, 5, 3) == (3, 8)            # 7.5 -> 8 (half to even)
    assert pp.resized_size(2, 13, 3) == (3, 20)          # 19.5 -> 20
    assert pp.resized_size(4, 9, 2) == (2, 4)            # 4.5 -> 4 (half to even)
    assert pp.crop_offsets(37, 28, 24) == (6, 2)         # 6.5 -> 6, 2
    assert pp.crop_offsets(31, 29, 24) == (4, 2)         # 3.5 -> 4, 2.5 -> 2


def test_rgba_resize_crop_matches_torchvision_pipeline():
    import torchvision.transforms.functional as TF
    rs = np.random.RandomState(1)
    rgba = rs.randint(0, 256, (45, 60, 4)).astype(np.uint8)
    meta = {"channels": "3", "resize": "32", "crop": "24", "mean": "[0.485,0.456,0.406]",
            "std": "[0.229,0.224,0.225]", "interpolation": "bilinear", "invert": "0"}
    x = pp.preprocess(Image.fromarray(rgba, "RGBA"), meta)
    assert x.shape == (3, 24, 24)
    f = rgba.astype(np.float32) / 255
    rgb = torch.from_numpy((f[..., :3] * f[..., 3:]).transpose(2, 0, 1).copy())
    r = TF.resize(rgb, [32, 43], interpolation=TF.InterpolationMode.BILINEAR, antialias=True)  # 60*32/45=42.67
    c = TF.center_crop(r, [24, 24])
    ref = TF.normalize(c, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]).numpy()
    np.testing.assert_allclose(x, ref, atol=1e-5)


def test_luminance_alpha_and_invert():
    px = np.zeros((4, 4, 4), np.uint8)
    px[..., 0], px[..., 1], px[..., 2], px[..., 3] = 200, 100, 50, 128
    meta = dict(META1, resize="4", crop="4", mean="[0]", std="[1]")
    x = pp.preprocess(Image.fromarray(px, "RGBA"), meta)
    lum = (0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255 * (128 / 255)
    np.testing.assert_allclose(x, lum, atol=1e-6)
    xi = pp.preprocess(Image.fromarray(px, "RGBA"), dict(meta, invert="1"))
    np.testing.assert_allclose(xi, 1 - lum, atol=1e-6)


def test_cli_writes_raw_float32(tmp_path):
    import onnx
    from onnx import helper, TensorProto
    g = helper.make_graph([helper.make_node("Identity", ["pixel_values"], ["logits"])], "g",
                          [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, [1, 1, 28, 28])],
                          [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, 1, 28, 28])])
    m = helper.make_model(g)
    helper.set_model_props(m, META1)
    mp, ip, op = tmp_path / "m.onnx", tmp_path / "i.png", tmp_path / "o.bin"
    onnx.save(m, str(mp))
    a = np.random.RandomState(2).randint(0, 256, (30, 40, 3)).astype(np.uint8)
    Image.fromarray(a, "RGB").save(ip)
    subprocess.run([sys.executable, f"{ROOT}/scripts/preprocess.py", str(mp), str(ip), str(op)], check=True)
    got = np.fromfile(op, dtype="<f4")
    assert got.size == 28 * 28
    np.testing.assert_array_equal(got.reshape(1, 28, 28), pp.preprocess(str(ip), META1))


def test_bundled_reference_inputs_are_the_preprocessed_sample_pngs():
    """tests/model/fixtures/<id>-reference.json inputs == preprocess(models/<id>/samples/*.png)."""
    import onnx
    import os
    idx = json.load(open(os.path.join(ROOT, "models", "index.json")))
    checked = 0
    for m in idx["models"]:
        ref_path = os.path.join(ROOT, "tests", "model", "fixtures", f"{m['id']}-reference.json")
        if not os.path.exists(ref_path):
            continue
        meta = pp.read_onnx_metadata(os.path.join(ROOT, "models", m["file"]))
        ref = json.load(open(ref_path))
        for s in ref["samples"]:
            x = pp.preprocess(os.path.join(ROOT, "models", m["id"], s["file"]), meta)
            np.testing.assert_allclose(x.ravel(), np.asarray(s["input"], np.float32), atol=1e-5)
            checked += 1
    assert checked >= 40
