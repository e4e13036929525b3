"""Training tests: a run stopped and resumed (--resume) ends where the same run without a stop ends."""
import json
import os
import subprocess

import pytest
import torch

from conftest import ROOT

TRAIN = os.path.join(ROOT, "scripts", "train_vit.py")
FASHION = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
SMALL = ["--dataset", "fashion", "--limit", "256", "--epochs", "3", "--batch", "64", "--dim", "16", "--depth", "1",
         "--heads", "2", "--mlp-dim", "32", "--patch", "7", "--warmup", "4", "--threads", "1"]


def train(*args):
    r = subprocess.run(["/usr/bin/python3", TRAIN, *args], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


@pytest.mark.skipif(not os.path.exists(FASHION), reason="dataset-fashion-mnist is not installed")
def test_a_resumed_run_equals_one_that_never_stopped(tmp_path):
    whole, part = str(tmp_path / "whole.pt"), str(tmp_path / "part.pt")
    train(*SMALL, "--out", whole)
    out = train(*SMALL, "--out", part, "--max-minutes", "0.00001")  # stops after its first epoch
    assert "time budget reached" in out
    stopped = torch.load(part, map_location="cpu", weights_only=False)
    assert stopped["meta"]["epochs_done"] == 1
    out = train("--resume", part, "--out", part, "--threads", "1")
    assert "resuming" in out and "after epoch 1 of 3" in out
    a = torch.load(whole, map_location="cpu", weights_only=False)
    b = torch.load(part, map_location="cpu", weights_only=False)
    assert b["meta"]["epochs_done"] == 3
    assert [c["epoch"] for c in b["meta"]["curve"]] == [1, 2, 3]
    assert [c["test_acc"] for c in b["meta"]["curve"]] == [c["test_acc"] for c in a["meta"]["curve"]]
    for k, v in a["state_dict"].items():
        assert torch.equal(v, b["state_dict"][k]), k


def test_resume_refuses_a_checkpoint_without_training_state(tmp_path):
    old = str(tmp_path / "old.pt")
    torch.save({"format": "vitvis", "config": {}, "state_dict": {}, "meta": {}}, old)
    r = subprocess.run(["/usr/bin/python3", TRAIN, "--resume", old, "--out", old], capture_output=True, text=True)
    assert r.returncode != 0 and "no training state" in r.stderr


@pytest.mark.skipif(not os.path.exists(FASHION), reason="dataset-fashion-mnist is not installed")
def test_head_patterns_counts_every_head_on_every_image(tmp_path):
    ck, out = str(tmp_path / "m.pt"), str(tmp_path / "patterns.json")
    train(*SMALL, "--epochs", "1", "--out", ck)
    r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "head_patterns.py"), ck, "--per-class", "2",
                        "--json", out], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    with open(out) as f:
        s = json.load(f)
    assert s["images"] == 20 and s["heads"] == 2  # 1 layer x 2 heads, 2 test images of each of 10 classes
    assert set(s["counts"]) == {"vertical", "diagonal", "vertical+diagonal", "block", "heterogeneous"}
    assert sum(s["counts"].values()) == 40
    for h in s["per_head"]:
        assert sum(h["counts"].values()) == 20
        assert all(0 <= v <= 1 for v in h["max"].values()), h
    per_image = s["per_image"]
    assert len(per_image) == 20 and sum(per_image) == 40 - s["counts"]["heterogeneous"]
    if max(per_image) == 0:
        assert s["richest"] == -1
    else:
        assert per_image[s["richest"]] == max(per_image) and max(per_image[:s["richest"]], default=-1) < max(per_image)


def test_mimetic_init_and_sincos_codes():
    import sys
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from train_vit import mimetic_init, sincos_2d
    from vit_model import ViT, ViTConfig
    cfg = ViTConfig(image_size=28, patch_size=4, channels=1, dim=32, depth=2, heads=4, mlp_dim=64, num_classes=10)
    model = ViT(cfg)
    mimetic_init(model, torch.Generator().manual_seed(3))
    D, eye = cfg.dim, torch.eye(cfg.dim)
    for blk in model.blocks:
        w = blk.attn.qkv.weight.detach()
        qk = w[:D].T @ w[D:2 * D]                      # a token's logit against another: x_i qk x_j^T
        vo = w[2 * D:].T @ blk.attn.proj.weight.detach().T
        assert abs(qk.diag().mean().item() - 0.7) < 0.1 and abs(vo.diag().mean().item() + 0.4) < 0.1
        assert (qk - 0.7 * eye).std().item() < 0.25    # the rest: 0.7 Z, Z ~ N(0, 1/d)
    # On a 7 x 7 grid a patch's code is most like its own, then its neighbours', then farther ones'.
    p = sincos_2d(7, 32)
    sim = p @ p[24]  # the centre patch (3, 3)
    assert sim[24] > sim[25] > sim[26] > sim[27] and sim[24] > sim[31] > sim[38]
    assert p.shape == (49, 32)
