#!/usr/bin/python3
"""NumPy reference for hiding patches and the occlusion sweep (src/core/occlusion.cpp, issue #19;
docs/analyses.md, "Hiding patches"), written from the definitions, for tests/native/occlusion_test.cpp.

Regenerate (Debian's python3-torch, -numpy, -onnx, -pil; a few seconds):

    /usr/bin/python3 scripts/reference_occlusion.py [--sample samples/09_ankle_boot_0.png]

It loads models/fashion-vit/model.onnx into PyTorch, preprocesses one bundled sample like
scripts/preprocess.py, and writes to tests/native/data/occlusion/:
  input.bin       pixels [C, S, S] then normalized [C, S, S] (float32 little-endian)
  hidden.bin      for each fill (zero, mean, blur): the input with `mask` hidden, pixels then normalized
  sweep_w{1,2}.bin  the model's probabilities for every run of the sweep with window 1 and 2 (mean fill),
                  [runs, K] float32, after the unedited image's [K]
  reference.json  the mask, the spec, and the drop maps of two classes per window
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from export_vit import load_vitvis_model  # noqa: E402
from preprocess import preprocess  # noqa: E402

MODEL = os.path.join(ROOT, "models", "fashion-vit", "model.onnx")
OUT = os.path.join(ROOT, "tests", "native", "data", "occlusion")
FILLS = ["zero", "mean", "blur"]


def box_blur(plane: np.ndarray, r: int) -> np.ndarray:
    """(2r+1)-box mean along x then y, the edges repeated."""
    k = 2 * r + 1
    p = np.pad(plane.astype(np.float64), ((0, 0), (r, r)), mode="edge")
    tmp = np.stack([p[:, i:i + plane.shape[1]] for i in range(k)]).sum(0).astype(np.float32) / np.float32(k)
    p = np.pad(tmp.astype(np.float64), ((r, r), (0, 0)), mode="edge")
    return (np.stack([p[i:i + plane.shape[0]] for i in range(k)]).sum(0).astype(np.float32) / np.float32(k))


def hide(pixels: np.ndarray, mask: np.ndarray, fill: str, patch: int, mean, std):
    """pixels [C, S, S] in [0, 1]; mask [g, g] (1 = hidden) -> (pixels, normalized) with the hidden
    patches filled: zero = 0, mean = the image's mean per channel, blur = box blur r = max(1, patch // 2)."""
    out = pixels.copy()
    up = np.kron(mask, np.ones((patch, patch))).astype(bool)
    for c in range(pixels.shape[0]):
        if fill == "zero":
            src = np.zeros_like(pixels[c])
        elif fill == "mean":
            src = np.full_like(pixels[c], np.float32(pixels[c].astype(np.float64).mean()))
        else:
            src = box_blur(pixels[c], max(1, patch // 2))
        out[c][up] = src[up]
    norm = ((out - mean[:, None, None]) / std[:, None, None]).astype(np.float32)
    return out, norm


def drop_map(base: np.ndarray, probs: np.ndarray, g: int, w: int, cls: int) -> np.ndarray:
    """Each patch: the mean of base[cls] - p_i[cls] over the windows i that cover it."""
    side = g - w + 1
    s, n = np.zeros((g, g)), np.zeros((g, g))
    for i in range(side * side):
        r, c = divmod(i, side)
        s[r:r + w, c:c + w] += float(base[cls]) - float(probs[i, cls])
        n[r:r + w, c:c + w] += 1
    return s / np.maximum(n, 1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", default="samples/09_ankle_boot_0.png")
    args = ap.parse_args(argv)
    model, meta = load_vitvis_model(MODEL)
    cfg = model.cfg
    img = os.path.join(os.path.dirname(MODEL), args.sample)
    C = cfg.channels
    pixels = preprocess(img, dict(meta, mean=[0.0] * C, std=[1.0] * C))
    mean = np.asarray(json.loads(meta["mean"]), dtype=np.float32)
    std = np.asarray(json.loads(meta["std"]), dtype=np.float32)
    normalized = ((pixels - mean[:, None, None]) / std[:, None, None]).astype(np.float32)
    g, p = cfg.grid, cfg.patch_size

    def probs_of(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            logits = model.forward_all(torch.from_numpy(batch), with_qkv=False)["logits"].double()
        return torch.softmax(logits, -1).numpy()

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "input.bin"), "wb") as f:
        f.write(pixels.astype("<f4").tobytes() + normalized.astype("<f4").tobytes())
    mask = np.zeros((g, g), dtype=np.uint8)
    mask[0, 0] = mask[2, 3] = mask[3, 3] = mask[3, 4] = mask[g - 1, g - 1] = 1
    with open(os.path.join(OUT, "hidden.bin"), "wb") as f:
        for fill in FILLS:
            px, nm = hide(pixels, mask, fill, p, mean, std)
            f.write(px.astype("<f4").tobytes() + nm.astype("<f4").tobytes())
    base = probs_of(normalized[None])[0]
    ref = {"model": "models/fashion-vit/model.onnx", "sample": args.sample, "grid": g, "patch": p,
           "channels": C, "image_size": cfg.image_size, "classes": cfg.num_classes,
           "mean": mean.tolist(), "std": std.tolist(), "mask": [int(v) for v in mask.flatten()],
           "fills": FILLS, "tolerance": 1e-4, "sweeps": []}
    pred = int(base.argmax())
    for w in (1, 2):
        side = g - w + 1
        batch = []
        for i in range(side * side):
            m = np.zeros((g, g), dtype=np.uint8)
            r, c = divmod(i, side)
            m[r:r + w, c:c + w] = 1
            batch.append(hide(pixels, m, "mean", p, mean, std)[1])
        probs = probs_of(np.stack(batch))
        with open(os.path.join(OUT, f"sweep_w{w}.bin"), "wb") as f:
            f.write(base.astype("<f4").tobytes() + probs.astype("<f4").tobytes())
        second = int(np.argsort(-base)[1])
        ref["sweeps"].append({"window": w, "runs": side * side, "file": f"sweep_w{w}.bin",
                              "maps": {str(k): drop_map(base.astype(np.float32), probs.astype(np.float32), g, w, k)
                                       .flatten().tolist() for k in (pred, second)}})
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: prediction {pred} ({base[pred]:.4f})")


if __name__ == "__main__":
    main()
