#!/usr/bin/python3
"""Writes tests/native/data: small test images and their Python-preprocessed reference tensors.

The C++ preprocessing (src/core/image.cpp) is tested against these, so both sides implement
docs/model-format.md identically. Run: /usr/bin/python3 scripts/make_native_fixtures.py
"""
import os
import sys

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from preprocess import preprocess  # noqa: E402

OUT = os.path.join(ROOT, "tests", "native", "data")


def pattern(h, w, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    base = np.stack([(x * 255 // max(w - 1, 1)), (y * 255 // max(h - 1, 1)), ((x * y) % 256)], -1)
    noise = rng.integers(0, 60, size=(h, w, 3))
    return np.clip(base + noise, 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgba = np.concatenate([pattern(23, 37, 1), np.linspace(0, 255, 23 * 37).reshape(23, 37, 1).astype(np.uint8)], -1)
    Image.fromarray(rgba, "RGBA").save(os.path.join(OUT, "rgba_37x23.png"))
    Image.fromarray(pattern(80, 50, 2)[..., 0], "L").save(os.path.join(OUT, "gray_50x80.png"))
    Image.fromarray(pattern(8, 8, 3), "RGB").save(os.path.join(OUT, "rgb_8x8.png"))
    Image.fromarray(pattern(300, 241, 4), "RGB").save(os.path.join(OUT, "rgb_241x300.png"))
    # image, channels, resize, crop, invert, mean, std
    cases = [
        ("rgba_37x23.png", 1, 16, 16, 0, 0.5, 0.25),
        ("rgba_37x23.png", 3, 20, 16, 1, 0.45, 0.22),
        ("gray_50x80.png", 1, 28, 28, 0, 0.2860, 0.3530),
        ("rgb_8x8.png", 3, 28, 28, 0, 0.5, 0.5),
        ("rgb_241x300.png", 3, 64, 56, 0, 0.485, 0.229),
        ("rgb_241x300.png", 1, 28, 28, 1, 0.1307, 0.3081),
    ]
    lines = []
    for i, (img, c, resize, crop, inv, mean, std) in enumerate(cases):
        meta = {"channels": str(c), "resize": str(resize), "crop": str(crop), "image_size": str(crop),
                "invert": str(inv), "mean": str([mean] * c), "std": str([std] * c)}
        x = preprocess(os.path.join(OUT, img), meta)
        ref = f"ref_{i}.bin"
        np.asarray(x, dtype="<f4").tofile(os.path.join(OUT, ref))
        lines.append(f"{img} {ref} {c} {resize} {crop} {inv} {mean} {std}")
    with open(os.path.join(OUT, "preprocess_cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
