#!/usr/bin/python3
"""PyTorch's side of bench/trainer.mjs: AdamW training steps of scripts/vit_model.py's ViT, as
scripts/train_vit.py takes them (label smoothing 0.1, weight decay on tensors of 2+ dims but pos_embed and
cls_token), on random images; prints one JSON object (ms per step of each timed chunk).

  /usr/bin/python3 bench/trainer_torch.py --threads 1 --batch 128 --steps 20 [--dim 64 --depth 4 ...]
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from vit_model import ViT, ViTConfig  # noqa: E402

ap = argparse.ArgumentParser()
for k, v in dict(threads=1, batch=128, steps=20, chunk=5, warm=3, image_size=28, patch=4, dim=64, depth=4, heads=4,
                 mlp_dim=128, classes=10, images=2048).items():
    ap.add_argument("--" + k.replace("_", "-"), type=int, default=v)
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
cfg = ViTConfig(image_size=a.image_size, patch_size=a.patch, channels=1, dim=a.dim, depth=a.depth, heads=a.heads,
                mlp_dim=a.mlp_dim, num_classes=a.classes)
model = ViT(cfg)
model.reset_parameters(seed=0)
decay, no_decay = [], []
for n, p in model.named_parameters():
    (no_decay if p.ndim < 2 or n in ("pos_embed", "cls_token") else decay).append(p)
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": no_decay, "weight_decay": 0.0}], lr=1e-3)
X = torch.randn(a.images, 1, a.image_size, a.image_size)
Y = torch.randint(0, a.classes, (a.images,))
model.train()
at = 0


def step():
    global at
    idx = torch.arange(at, at + a.batch) % a.images
    at += a.batch
    loss = F.cross_entropy(model(X[idx]), Y[idx], label_smoothing=0.1)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return float(loss)


for _ in range(a.warm):
    step()
chunks = []
for _ in range(a.steps // a.chunk):
    t0 = time.perf_counter()
    for _ in range(a.chunk):
        step()
    chunks.append((time.perf_counter() - t0) * 1000 / a.chunk)
print(json.dumps({"torch": torch.__version__, "threads": a.threads, "batch": a.batch, "ms_per_step_chunks": chunks,
                  "params": sum(p.numel() for p in model.parameters())}))
