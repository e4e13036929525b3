"""The real reference: torchvision's own vit_b_16 (random init) vs our ONNX export run by onnxruntime."""
import os

import numpy as np
import pytest
import torch

from conftest import ort_run
import export_vit

TOL = 1e-4


@pytest.fixture(scope="module")
def vit_b_16_export(tmp_path_factory, have_node):
    import torchvision
    torch.manual_seed(0)
    tv = torchvision.models.vit_b_16().eval()
    with torch.no_grad():  # torchvision initialises the head (and class token) to zero: make them matter
        tv.heads.head.weight.normal_(0, 0.05)
        tv.heads.head.bias.normal_(0, 0.05)
        tv.class_token.normal_(0, 0.02)
    d = tmp_path_factory.mktemp("vitb16")
    sd_path, onnx_path = str(d / "vit_b_16.pth"), str(d / "vit_b_16.onnx")
    torch.save(tv.state_dict(), sd_path)
    export_vit.main(["--arch", "vit_b_16", "--checkpoint", sd_path, "--format", "torchvision", "--no-qkv",
                     "--out", onnx_path, "--name", "vit_b_16 random"])
    os.remove(sd_path)
    x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))
    res, outs = ort_run(onnx_path, x.numpy(), ["logits", "cls_final", "attn_11", "cls_logits"])
    return tv, x, res, outs


def test_vit_b_16_logits_match_torchvision(vit_b_16_export):
    tv, x, res, outs = vit_b_16_export
    with torch.no_grad():
        ref = tv(x).numpy()
    assert res["logits"].shape == (1, 1000)
    assert np.abs(ref).max() > 0.1  # logits are not trivially zero
    err = np.abs(res["logits"] - ref).max()
    assert err <= TOL, err
    assert len(outs) == 2 + 13 + 12 + 2 + 5 + 2  # no q/k/v; the 5 constants and the final LayerNorm's 2
    np.testing.assert_allclose(res["attn_11"].sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(res["cls_logits"][12], res["logits"][0], atol=1e-5)


def test_perturbed_weight_is_detected(vit_b_16_export):
    tv, x, res, _ = vit_b_16_export
    # one row of a mid-network MLP output projection, nudged by 0.01 (weights are ~0.02 in size)
    w = tv.encoder.layers.encoder_layer_6.mlp[3].weight
    with torch.no_grad():
        saved = w[5].clone()
        w[5] += 0.01
        try:
            ref = tv(x).numpy()
        finally:
            w[5] = saved
    err = np.abs(res["logits"] - ref).max()
    assert err > TOL, f"perturbation not detected: {err}"
