#!/usr/bin/python3
"""NumPy reference of the head trainer (src/core/head_training.cpp, issue #20; docs/analyses.md §10),
written from the definition, for tests/native/head_training_test.cpp.

    /usr/bin/python3 scripts/reference_head.py

Fixed features: 3 classes x 22 examples of dimension 64 (seeded Gaussian clusters, float32), labels
in the order a student adds them (round robin). Writes tests/native/data/head/:
  features.bin    [n, 64] float32 little-endian
  reference.json  labels, the held-out mask, the step size, the curve (every 5 steps), W, b and the
                  predictions of the trained head on every example
"""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "native", "data", "head")
STEPS, L2, EVERY = 300, 1e-3, 5


def held_out(labels):
    """Of each class's examples in the order added, every 5th is held out."""
    seen, held = {}, []
    for c in labels:
        seen[c] = seen.get(c, 0) + 1
        held.append(seen[c] % 5 == 0)
    return held


def score(W, b, X, y):
    if len(y) == 0:
        return 0.0, 0.0
    z = X @ W.T + b
    m = z.max(1, keepdims=True)
    lse = (m + np.log(np.exp(z - m).sum(1, keepdims=True)))[:, 0]
    loss = float((lse - z[np.arange(len(y)), y]).mean() + 0.5 * L2 * (W ** 2).sum())
    return loss, float((z.argmax(1) == y).mean())


def main():
    rng = np.random.default_rng(20)
    K, D, per = 3, 64, 22
    centres = rng.normal(0, 1.0, (K, D))
    labels = [i % K for i in range(K * per)]
    X32 = np.stack([centres[c] + rng.normal(0, 1.5, D) for c in labels]).astype(np.float32)
    held = held_out(labels)
    tr = [i for i in range(len(labels)) if not held[i]]
    ho = [i for i in range(len(labels)) if held[i]]
    X = X32.astype(np.float64)
    y = np.array(labels)
    Xt, yt, Xh, yh = X[tr], y[tr], X[ho], y[ho]
    step = 1.0 / (0.5 * (Xt ** 2).sum(1).max() + L2)
    W, b = np.zeros((K, D)), np.zeros(K)
    onehot = np.eye(K)[yt]
    curve = []

    def record(s):
        tl, ta = score(W, b, Xt, yt)
        hl, ha = score(W, b, Xh, yh)
        curve.append({"step": s, "train_loss": tl, "train_accuracy": ta, "held_loss": hl, "held_accuracy": ha})

    record(0)
    for s in range(1, STEPS + 1):
        z = Xt @ W.T + b
        p = np.exp(z - z.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        g = (p - onehot) / len(yt)
        W = W - step * (g.T @ Xt + L2 * W)
        b = b - step * g.sum(0)
        if s % EVERY == 0 or s == STEPS:
            record(s)
    os.makedirs(OUT, exist_ok=True)
    X32.astype("<f4").tofile(os.path.join(OUT, "features.bin"))
    pred = (X @ W.T + b).argmax(1).tolist()
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"dim": D, "classes": K, "steps": STEPS, "l2": L2, "every": EVERY, "labels": labels,
                   "held": held, "step_size": step, "curve": curve, "weight": W.flatten().tolist(),
                   "bias": b.tolist(), "predictions": pred, "tolerance": 1e-5}, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: final train loss {curve[-1]['train_loss']:.6f}, held-out accuracy {curve[-1]['held_accuracy']:.3f}")


if __name__ == "__main__":
    main()
