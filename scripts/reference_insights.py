#!/usr/bin/python3
"""Reference values for the analyses in src/core/insights.cpp (docs/analyses.md), written
independently in numpy from the definitions, for tests/native/insights_test.cpp.

Regenerate (needs only Debian's python3-torch, -numpy, -onnx, -pil; takes a few seconds):

    /usr/bin/python3 scripts/reference_insights.py [--sample samples/09_ankle_boot_0.png]

It loads models/fashion-vit/model.onnx into PyTorch (export_vit.load_vitvis_model), preprocesses
one bundled sample exactly like scripts/preprocess.py, runs ViT.forward_all and writes to
tests/native/data/insights/:
  outputs.bin   the contract outputs the C++ needs, float32 little-endian, concatenated
  outputs.json  {"spec": {...}, "sample": ..., "tensors": [{"name", "shape", "offset" (floats)}]}
  reference.json  every analysis's values (see the keys written in main()).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from export_vit import load_vitvis_model  # noqa: E402
from preprocess import preprocess  # noqa: E402

MODEL = os.path.join(ROOT, "models", "fashion-vit", "model.onnx")
OUT = os.path.join(ROOT, "tests", "native", "data", "insights")

# The pattern heuristic's thresholds (docs/analyses.md; defaults of PatternThresholds in insights.h).
VERTICAL_COLUMNS = 2
T_MIXED, T_VERTICAL, T_DIAGONAL, T_BLOCK = 0.3, 0.5, 0.5, 0.5
OUTLIER_Z = 3.5


# ---- 1. attention pattern classes (Kovaleva et al. 2019) ----
def neighbour_mask(R: int, g: int) -> np.ndarray:
    """[N, N]: the query itself, and for patch queries every patch in its 3x3 grid neighbourhood."""
    N = R + g * g
    m = np.eye(N)
    rc = np.array([divmod(i, g) for i in range(g * g)])
    cheb = np.abs(rc[:, None, :] - rc[None, :, :]).max(-1)
    m[R:, R:] = np.maximum(m[R:, R:], cheb <= 1)
    return m


def block_score(S: np.ndarray, g: int) -> float:
    """Best contiguous segmentation (segments >= one grid row) of the patch-to-patch attention by
    directed modularity Q = sum_s e_s - a_s b_s, returned as Q / (1 - sum_s a_s b_s)."""
    m = S.sum()
    if m <= 1e-12:
        return 0.0
    S = S / m
    P = S.shape[0]
    row, col = S.sum(1), S.sum(0)
    best = [-math.inf] * (P + 1)
    ab = [0.0] * (P + 1)
    best[0] = 0.0
    for j in range(1, P + 1):
        for i in range(0, j - g + 1):
            if best[i] == -math.inf:
                continue
            a, b = row[i:j].sum(), col[i:j].sum()
            q = best[i] + S[i:j, i:j].sum() - a * b
            if q > best[j]:
                best[j], ab[j] = q, ab[i] + a * b
    denom = 1.0 - ab[P]
    return float(best[P] / denom) if denom > 1e-12 else 0.0


def pattern(A: np.ndarray, R: int, g: int):
    N = A.shape[0]
    v = float(np.sort(A.mean(0))[-VERTICAL_COLUMNS:].sum())
    d = float((A * neighbour_mask(R, g)).sum() / N)
    b = block_score(A[R:, R:], g)
    if v >= T_MIXED and d >= T_MIXED:
        name = "vertical+diagonal"
    elif v >= T_VERTICAL:
        name = "vertical"
    elif d >= T_DIAGONAL:
        name = "diagonal"
    elif b >= T_BLOCK:
        name = "block"
    else:
        name = "heterogeneous"
    return {"pattern": name, "vertical": v, "diagonal": d, "block": b}


# ---- 2. attention rollout (Abnar & Zuidema 2020) ----
def rollout(attn, upto: int, fusion: str, discard: float) -> np.ndarray:
    N = attn[0].shape[-1]
    Rm = np.eye(N)
    for layer in range(upto + 1):
        A = {"mean": np.mean, "max": np.max, "min": np.min}[fusion](attn[layer], axis=0).copy()
        off = np.flatnonzero(~np.eye(N, dtype=bool))
        drop = math.floor(discard * off.size + 0.5)   # round half up
        if drop > 0:
            order = np.argsort(A.ravel()[off], kind="stable")
            A.ravel()[off[order[:drop]]] = 0.0
        A = 0.5 * A + 0.5 * np.eye(N)
        A = A / A.sum(1, keepdims=True)
        Rm = A @ Rm
    return Rm


# ---- 3. mean attention distance (Dosovitskiy et al. 2021, Fig. 7 right) ----
def patch_distances(g: int, p: int) -> np.ndarray:
    rc = np.array([divmod(i, g) for i in range(g * g)], dtype=np.float64)
    return p * np.sqrt(((rc[:, None, :] - rc[None, :, :]) ** 2).sum(-1))   # [P, P] pixels


def query_distances(A: np.ndarray, R: int, g: int, p: int) -> np.ndarray:
    S = A[R:, R:]
    w = S / S.sum(1, keepdims=True)
    return (w * patch_distances(g, p)).sum(1)    # [P]


# ---- 5/6. PCA ----
def top_pcs(X: np.ndarray, k: int):
    """X [samples, features] -> (components [k, features], explained ratio [k]), sign-fixed so
    each component's largest-|value| entry (first on ties) is positive."""
    Xc = X - X.mean(0)
    cov = Xc.T @ Xc / (X.shape[0] - 1)
    lam, vec = np.linalg.eigh(cov)
    order = np.argsort(-lam, kind="stable")[:k]
    comps = vec[:, order].T.copy()
    for c in comps:
        if c[np.argmax(np.abs(c))] < 0:
            c *= -1
    return comps, lam[order] / lam.sum(), lam[np.argsort(-lam)]


def token_rgb(H: np.ndarray, R: int):
    X = H[R:].astype(np.float64)
    comps, ratio, _ = top_pcs(X, 3)
    scores = (X - X.mean(0)) @ comps.T    # [P, 3]
    lo, hi = scores.min(0), scores.max(0)
    rgb = np.where(hi > lo, (scores - lo) / np.where(hi > lo, hi - lo, 1), 0.0)
    return rgb, ratio


# ---- 7. logit lens ----
def lens(cls_logits: np.ndarray, k: int):
    out = []
    for row in cls_logits.astype(np.float64):
        p = np.exp(row - row.max())
        p /= p.sum()
        idx = sorted(range(len(row)), key=lambda i: (-row[i], i))[:k]
        out.append([{"index": i, "probability": float(p[i])} for i in idx])
    return out


# ---- 8. token norms (Darcet et al. 2023) ----
def norms(H: np.ndarray, R: int):
    n = np.linalg.norm(H.astype(np.float64), axis=1)
    pn = n[R:]
    med = float(np.median(pn))
    mad = float(np.median(np.abs(pn - med)))
    scale = 1.4826 * mad if mad > 0 else 1.253314 * float(np.mean(np.abs(pn - med)))
    thr = med + OUTLIER_Z * scale
    flags = [bool(i >= R and n[i] > thr and scale > 0) for i in range(len(n))]
    return {"norm": n.tolist(), "median": med, "mad": mad, "threshold": thr, "high": flags}


def rounded(x):
    """Floats to 9 significant digits (float32 has ~7; keeps reference.json small)."""
    if isinstance(x, float):
        return float(f"{x:.9g}")
    if isinstance(x, list):
        return [rounded(v) for v in x]
    if isinstance(x, dict):
        return {k: rounded(v) for k, v in x.items()}
    return x


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", default="samples/09_ankle_boot_0.png")
    args = ap.parse_args(argv)

    model, meta = load_vitvis_model(MODEL)
    cfg = model.cfg
    x = preprocess(os.path.join(os.path.dirname(MODEL), args.sample), meta)
    with torch.no_grad():
        o = {k: v[0].numpy() if v.shape[0] == 1 and k != "cls_logits" else v.numpy()
             for k, v in model.forward_all(torch.from_numpy(x)[None], with_qkv=False).items()}
    L, Hh, R, g, p = cfg.depth, cfg.heads, cfg.prefix_tokens, cfg.grid, cfg.patch_size
    o["pos_embed"] = model.pos_embed.detach()[0].numpy()
    o["patch_weight"] = model.patch_embed.proj.weight.detach().numpy()
    o["patch_bias"] = model.patch_embed.proj.bias.detach().numpy()
    o["head_weight"] = model.head.weight.detach().numpy()
    o["head_bias"] = model.head.bias.detach().numpy()
    o["norm_weight"] = model.norm.weight.detach().numpy()
    o["norm_bias"] = model.norm.bias.detach().numpy()

    # (a) the outputs, with the contract's shapes
    N, D, K = cfg.num_tokens, cfg.dim, cfg.num_classes
    shapes = {"logits": [1, K], "patch_embeddings": [1, cfg.num_patches, D], "cls_logits": [L + 1, K],
              "cls_final": [1, D], "pos_embed": [1, N, D], "patch_weight": [D, cfg.channels, p, p],
              "patch_bias": [D], "head_weight": [K, D], "head_bias": [K], "norm_weight": [D], "norm_bias": [D]}
    shapes.update({f"hidden_{i}": [1, N, D] for i in range(L + 1)})
    shapes.update({f"attn_{i}": [1, Hh, N, N] for i in range(L)})
    os.makedirs(OUT, exist_ok=True)
    tensors, offset = [], 0
    with open(os.path.join(OUT, "outputs.bin"), "wb") as f:
        for name, shape in shapes.items():
            a = np.ascontiguousarray(o[name], dtype="<f4").reshape(shape)
            f.write(a.tobytes())
            tensors.append({"name": name, "shape": shape, "offset": offset})
            offset += a.size
    spec = {"image_size": cfg.image_size, "patch_size": p, "channels": cfg.channels, "layers": L,
            "heads": Hh, "dim": D, "prefix_tokens": R, "num_classes": K}
    with open(os.path.join(OUT, "outputs.json"), "w") as f:
        json.dump({"model": "models/fashion-vit/model.onnx", "sample": args.sample, "spec": spec,
                   "tensors": tensors}, f, indent=1)
        f.write("\n")

    # (b) the analyses, from the float32 values the C++ reads
    attn = [o[f"attn_{i}"].astype(np.float32).astype(np.float64) for i in range(L)]
    hid = [o[f"hidden_{i}"].astype(np.float32) for i in range(L + 1)]
    ref = {"tolerance": 1e-4, "patterns": [[pattern(attn[l][h], R, g) for h in range(Hh)] for l in range(L)]}
    ref["rollout"] = []
    for fusion, discard in (("mean", 0.0), ("max", 0.9), ("min", 0.5)):
        for upto in range(L):
            Rm = rollout(attn, upto, fusion, discard)
            item = {"fusion": fusion, "discard": discard, "layer": upto, "cls_map": Rm[0, R:].tolist()}
            if upto == L - 1:
                item["matrix"] = Rm.ravel().tolist()
            ref["rollout"].append(item)
    ref["distance"] = [[float(query_distances(attn[l][h], R, g, p).mean()) for h in range(Hh)] for l in range(L)]
    ref["query_distance"] = [[query_distances(attn[l][h], R, g, p).tolist() for h in range(Hh)] for l in range(L)]
    pe = o["pos_embed"][R:].astype(np.float64)
    pn = pe / np.linalg.norm(pe, axis=1, keepdims=True)
    ref["pos_cosine"] = (pn @ pn.T).ravel().tolist()
    W = o["patch_weight"].astype(np.float64).reshape(D, -1)
    k = min(6, W.shape[1])
    comps, ratio, lam = top_pcs(W, k)
    ref["filter_pca"] = {"k": k, "components": comps.ravel().tolist(), "explained": ratio.tolist(),
                         "eigen_gaps": np.diff(-lam[:k + 1]).tolist()}
    ref["token_pca"] = []
    for layer in range(L + 1):
        rgb, tr = token_rgb(hid[layer], R)
        ref["token_pca"].append({"rgb": rgb.ravel().tolist(), "explained": tr.tolist()})
    ref["logit_lens"] = lens(o["cls_logits"], 5)
    ref["token_norms"] = [norms(hid[layer], R) for layer in range(L + 1)]
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(rounded(ref), f, separators=(",", ":"))
        f.write("\n")
    for l, row in enumerate(ref["patterns"]):
        print(f"layer {l}: " + ", ".join(f"{r['pattern']} (v {r['vertical']:.2f} d {r['diagonal']:.2f} "
                                          f"b {r['block']:.2f})" for r in row))
    print("distance", np.round(ref["distance"], 2).tolist())
    print("filter eigen gaps", np.round(ref["filter_pca"]["eigen_gaps"], 5).tolist())
    print("high-norm tokens", [sum(t["high"]) for t in ref["token_norms"]])
    print("bytes", os.path.getsize(os.path.join(OUT, "outputs.bin")),
          os.path.getsize(os.path.join(OUT, "reference.json")))


if __name__ == "__main__":
    main()
