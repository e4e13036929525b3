#!/usr/bin/python3
"""Writes tests/native/data/trainer: PyTorch references for the in-browser ViT trainer (src/core/vit_trainer.h).

The model is scripts/vit_model.py's ViT (training mode), the loss F.cross_entropy with label smoothing, the
optimiser torch.optim.AdamW grouped as scripts/train_vit.py groups it, with its lr_at schedule. Everything
runs in float64 (the C++ trainer runs in float32; the test's tolerances allow for that).

  gradients: for several small models (patch 4 and 7 on 28x28, 1-4 blocks, 1-4 heads, registers or none,
    learned / sine-cosine / no position codes, 1 or 3 channels) from fixed, deliberately non-trivial weights
    (LayerNorm gains and biases away from 1 and 0, attention far from uniform) and a fixed batch: the loss,
    the logits, the first image's attention in the last block and every parameter's gradient.
  trajectories: 50 AdamW steps (warm-up and cosine decay) from fixed weights over fixed batches drawn from a
    small pool of images: the loss before each step, the learning rates, and the final weights.
  sincos: train_vit.py's sincos_2d for a few grids and widths; lr: lr_at for a few schedules.

Files: cases.json (configs, labels, losses, and where each array lies in its .bin file) and one <case>.bin
of little-endian float32 arrays per case. Run: /usr/bin/python3 scripts/make_trainer_fixtures.py
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from vit_model import ViT, ViTConfig  # noqa: E402
from train_vit import sincos_2d, mimetic_init  # noqa: E402

OUT = os.path.join(ROOT, "tests", "native", "data", "trainer")


class Blobs:
    """Float32 arrays appended to one .bin file; index: name -> [offset in floats, count]."""

    def __init__(self):
        self.parts, self.index, self.n = [], {}, 0

    def add(self, name, t):
        a = np.ascontiguousarray(torch.as_tensor(t).detach().cpu().numpy().astype("<f4").reshape(-1))
        self.index[name] = [self.n, int(a.size)]
        self.parts.append(a)
        self.n += a.size

    def write(self, path):
        np.concatenate(self.parts).tofile(path)


def make_model(c):
    cfg = ViTConfig(image_size=28, patch_size=c["patch"], channels=c["channels"], dim=c["dim"], depth=c["depth"],
                    heads=c["heads"], mlp_dim=c["mlp_dim"], num_classes=c["classes"], registers=c["registers"],
                    ln_eps=1e-6)
    return ViT(cfg), cfg


def pos_start(model, cfg, mode):
    """train_vit.py's --pos-init sincos (cls row 0); fixed: also the register rows 0; none: all 0."""
    with torch.no_grad():
        if mode == "none":
            model.pos_embed.zero_()
        elif mode in ("sincos", "sincos_fixed"):
            if mode == "sincos_fixed":
                model.pos_embed.zero_()
            model.pos_embed[0, cfg.num_tokens - cfg.num_patches:] = sincos_2d(cfg.grid, cfg.dim)
            model.pos_embed[0, :1] = 0


def scramble(model, gen):
    """Weights that make every part of the maths matter: matrices ~ N(0, 1/fan_in), LayerNorm gains
    1 + N(0, 0.3²), biases and tokens N(0, 0.3²)."""
    with torch.no_grad():
        for n, p in model.named_parameters():
            r = torch.randn(p.shape, generator=gen, dtype=torch.float64)
            if p.ndim >= 2 and n not in ("cls_token", "reg_token", "pos_embed"):
                p.copy_(r / math.sqrt(p[0].numel()))
            elif n.endswith("norm1.weight") or n.endswith("norm2.weight") or n == "norm.weight":
                p.copy_(1 + 0.3 * r)
            else:
                p.copy_(0.3 * r)


def to_f32(model):
    """The fixtures hold float32: the float64 reference starts from exactly the weights the C++ test reads."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.float().double())


def gradient_case(name, c, gen):
    model, cfg = make_model(c)
    model.double().train()
    scramble(model, gen)
    pos_start(model, cfg, c["pos"])
    to_f32(model)
    x = (torch.rand((c["batch"], c["channels"], 28, 28), generator=gen, dtype=torch.float64) * 2 - 1).float().double()
    y = torch.randint(0, c["classes"], (c["batch"],), generator=gen)
    out = model.forward_all(x, with_qkv=False)
    loss = F.cross_entropy(out["logits"], y, label_smoothing=c["smoothing"])
    model.zero_grad()
    loss.backward()
    b = Blobs()
    b.add("images", x)
    b.add("logits", out["logits"])
    b.add("attn_last", out[f"attn_{cfg.depth - 1}"][0])  # the first image's [heads, N, N]
    params = []
    for n, p in model.named_parameters():
        b.add("w:" + n, p)
        b.add("g:" + n, p.grad)
        params.append({"name": n, "shape": list(p.shape)})
    b.write(os.path.join(OUT, name + ".bin"))
    return dict(kind="gradients", name=name, config=c, labels=y.tolist(), loss=loss.item(), params=params,
                blobs=b.index)


def lr_schedule(lr, warmup, total):
    warm = min(warmup, total // 5)

    def lr_at(step):
        if step < warm:
            return lr * (step + 1) / warm
        return lr * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))
    return lr_at


def trajectory_case(name, c, pool, gen, seed):
    model, cfg = make_model(c)
    model.reset_parameters(seed=seed)
    pos_start(model, cfg, c["pos"])
    if c["attn_init"] == "mimetic":
        mimetic_init(model, torch.Generator().manual_seed(seed + 1))
    model.double().train()
    frozen = c["pos"] in ("none", "sincos_fixed")
    model.pos_embed.requires_grad_(not frozen)
    b = Blobs()
    for n, p in model.named_parameters():
        b.add("w:" + n, p)
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        if p.requires_grad:
            (no_decay if p.ndim < 2 or n in ("pos_embed", "cls_token") else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": c["wd"]},
                             {"params": no_decay, "weight_decay": 0.0}], lr=c["lr"])
    lr_at = lr_schedule(c["lr"], c["warmup"], c["steps"])
    batches, losses, lrs = [], [], []
    for step in range(c["steps"]):
        idx = torch.randperm(pool[0].shape[0], generator=gen)[: c["batch"]]
        batches.append(idx.tolist())
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        loss = F.cross_entropy(model(pool[0][idx]), pool[1][idx], label_smoothing=c["smoothing"])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
        lrs.append(lr_at(step))
    for n, p in model.named_parameters():
        b.add("final:" + n, p)
    b.write(os.path.join(OUT, name + ".bin"))
    return dict(kind="trajectory", name=name, config=c, batches=batches, losses=losses, lrs=lrs,
                params=[{"name": n, "shape": list(p.shape), "decay": bool(p.ndim >= 2 and n not in ("pos_embed", "cls_token"))}
                        for n, p in model.named_parameters()], blobs=b.index)


def base(**kw):
    c = dict(patch=4, channels=1, dim=16, depth=1, heads=1, mlp_dim=32, classes=10, registers=0, pos="random",
             attn_init="default", smoothing=0.1, batch=3)
    c.update(kw)
    return c


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    torch.manual_seed(0)  # ViT() draws its first weights from the global generator
    gen = torch.Generator().manual_seed(37)
    cases = []
    grads = [
        ("grad_p4_d1_h1", base()),
        ("grad_p7_d2_h2_reg2_sincos", base(patch=7, depth=2, heads=2, mlp_dim=24, registers=2, pos="sincos", smoothing=0.0)),
        ("grad_p4_d3_h4_reg1_nopos", base(depth=3, heads=4, registers=1, pos="none")),
        ("grad_p7_d4_h4_c3_fixed", base(patch=7, channels=3, depth=4, heads=4, classes=5,
                                        pos="sincos_fixed", smoothing=0.2)),
        ("grad_p4_d1_h2_reg4_dim32", base(dim=32, depth=1, heads=2, mlp_dim=32, registers=4, batch=4)),
    ]
    for name, c in grads:
        cases.append(gradient_case(name, c, gen))
    pool_x = (torch.rand((16, 1, 28, 28), generator=gen, dtype=torch.float64) * 2 - 1)
    pool_y = torch.arange(16) % 4
    pool_x[:, :, 8:20, 8:20] += (pool_y.double() - 1.5)[:, None, None, None] * 0.5  # something to learn
    pool_x[:, :, :4, :4] += pool_y[:, None, None, None].double() * 0.5
    pool_x = pool_x.float().double()
    pool = (pool_x, pool_y)
    pb = Blobs()
    pb.add("images", pool_x)
    pb.write(os.path.join(OUT, "pool.bin"))
    trajs = [
        ("traj_p7_d2_h2_reg1", base(patch=7, depth=2, heads=2, registers=1, classes=4, lr=5e-3, wd=0.05, warmup=10,
                                    steps=50, batch=8)),
        ("traj_p4_d1_h4_mimetic_fixed", base(patch=4, depth=1, heads=4, classes=4, pos="sincos_fixed", attn_init="mimetic",
                                             lr=1e-2, wd=0.1, warmup=20, steps=50, batch=8, smoothing=0.0)),
    ]
    for i, (name, c) in enumerate(trajs):
        cases.append(trajectory_case(name, c, pool, gen, seed=i))
    sincos = []
    for grid, dim in ((7, 16), (4, 24), (7, 18), (2, 4), (3, 3)):
        sincos.append(dict(grid=grid, dim=dim, codes=[float(f"{v:.9g}") for v in sincos_2d(grid, dim).reshape(-1).tolist()]))
    lrs = []
    for lr, warmup, total in ((2e-3, 500, 14070), (1e-3, 100, 50), (5e-3, 0, 30), (1e-2, 7, 7)):
        f = lr_schedule(lr, warmup, total)
        steps = sorted({0, 1, 5, 9, 10, 11, 99, 100, 101, 499, 500, 501, total // 2, total - 1, total})
        lrs.append(dict(lr=lr, warmup=warmup, total=total, steps=steps, values=[f(s) for s in steps]))
    manifest = dict(generator="scripts/make_trainer_fixtures.py", dtype="float64 in PyTorch, float32 little-endian in the .bin files",
                    pool=dict(file="pool.bin", labels=pool_y.tolist(), blobs=pb.index), cases=cases,
                    sincos=sincos, lr_at=lrs)
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(manifest, f, indent=None, separators=(",", ":"))
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"wrote {len(cases)} cases to {OUT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
