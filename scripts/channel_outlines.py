#!/usr/bin/python3
"""How many of a model's channel maps (module (c)) follow the object's outline, on its own samples.

  /usr/bin/python3 scripts/channel_outlines.py models/fashion-vit/model.onnx [--threshold 0.7] [--json OUT]

For every sample (samples.json beside the .onnx, preprocessed as the app does) the silhouette is the
picture averaged over each patch (a grid x grid map, like a channel map). For the embedding (hidden_0:
patch embeddings + positions) and after every encoder layer (hidden_l), each channel's map over the
patch tokens (class token excluded, as (c) shows them) is compared with the silhouette by Pearson's r.
Printed per layer: the share of (sample, channel) maps with |r| >= threshold, and the mean over samples
of the best |r| of any channel. Used to compare the Fashion-MNIST models of issue #16
(models/fashion-vit-14/README.md, "Channel maps").
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_vit import load_vitvis_model  # noqa: E402
from preprocess import model_samples  # noqa: E402


def pearson_rows(maps: np.ndarray, target: np.ndarray) -> np.ndarray:
    """|r| of each row of maps [C, P] with target [P]; 0 where a row (or the target) is constant."""
    m = maps - maps.mean(axis=1, keepdims=True)
    t = target - target.mean()
    den = np.sqrt((m * m).sum(axis=1) * (t * t).sum())
    r = np.divide((m * t).sum(axis=1), den, out=np.zeros(len(maps)), where=den > 0)
    return np.abs(r)


def silhouette(pixels: np.ndarray, patch: int) -> np.ndarray:
    """[C, H, W] picture -> [grid*grid] mean per patch, row-major like the tokens."""
    c, h, w = pixels.shape
    g = h // patch
    return pixels[:, :g * patch, :g * patch].reshape(c, g, patch, g, patch).mean(axis=(0, 2, 4)).reshape(-1)


def outline_stats(hidden: list[np.ndarray], pictures: np.ndarray, patch: int, prefix: int, threshold: float):
    """hidden: per stage [B, N, D]; pictures [B, C, H, W] -> per stage (share >= threshold, mean best |r|)."""
    sil = [silhouette(p, patch) for p in pictures]
    out = []
    for h in hidden:
        rs = [pearson_rows(h[b, prefix:].T.astype(np.float64), sil[b]) for b in range(len(sil))]
        out.append((float(np.mean([(r >= threshold).mean() for r in rs])), float(np.mean([r.max() for r in rs]))))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model", help="a ViT-VIS .onnx with samples.json beside it")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args(argv)
    model, meta = load_vitvis_model(args.model)
    batch = model_samples(args.model, meta)
    cfg = model.cfg
    with torch.no_grad():
        out = model.forward_all(torch.from_numpy(batch), with_qkv=False)
    hidden = [out[f"hidden_{i}"].numpy() for i in range(cfg.depth + 1)]
    stats = outline_stats(hidden, batch, cfg.patch_size, cfg.prefix_tokens, args.threshold)
    rows = []
    for i, (share, best) in enumerate(stats):
        stage = "embedding" if i == 0 else f"layer {i}"
        rows.append({"stage": stage, "share": share, "mean_best_r": best})
        print(f"{stage}: {100 * share:.1f} % of channel maps |r| >= {args.threshold} (mean best |r| {best:.2f})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"model": args.model, "samples": len(batch), "grid": cfg.grid, "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
