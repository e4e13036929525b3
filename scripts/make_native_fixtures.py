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
    # image, channels, resize, crop, invert, mean, std, interpolation, resize_mode
    cases = [
        ("rgba_37x23.png", 1, 16, 16, 0, 0.5, 0.25, "bilinear", "shorter"),
        ("rgba_37x23.png", 3, 20, 16, 1, 0.45, 0.22, "bilinear", "shorter"),
        ("gray_50x80.png", 1, 28, 28, 0, 0.2860, 0.3530, "bilinear", "shorter"),
        ("rgb_8x8.png", 3, 28, 28, 0, 0.5, 0.5, "bilinear", "shorter"),
        ("rgb_241x300.png", 3, 64, 56, 0, 0.485, 0.229, "bilinear", "shorter"),
        ("rgb_241x300.png", 1, 28, 28, 1, 0.1307, 0.3081, "bilinear", "shorter"),
        # format 2: DeiT's bicubic resize + crop, ViTImageProcessor's squash to a square, and upscaling
        ("rgb_241x300.png", 3, 64, 56, 0, 0.485, 0.229, "bicubic", "shorter"),
        ("rgb_241x300.png", 3, 32, 32, 0, 0.5, 0.5, "bilinear", "exact"),
        ("rgba_37x23.png", 3, 48, 48, 0, 0.5, 0.5, "bicubic", "exact"),
        ("rgb_8x8.png", 3, 28, 28, 0, 0.5, 0.5, "bicubic", "shorter"),
    ]
    lines = []
    for i, (img, c, resize, crop, inv, mean, std, interp, mode) in enumerate(cases):
        meta = {"channels": str(c), "resize": str(resize), "crop": str(crop), "image_size": str(crop),
                "invert": str(inv), "mean": str([mean] * c), "std": str([std] * c), "interpolation": interp,
                "resize_mode": mode}
        x = preprocess(os.path.join(OUT, img), meta)
        ref = f"ref_{i}.bin"
        np.asarray(x, dtype="<f4").tofile(os.path.join(OUT, ref))
        lines.append(f"{img} {ref} {c} {resize} {crop} {inv} {mean} {std} {interp} {mode}")
    with open(os.path.join(OUT, "preprocess_cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")




def bad_images():
    """tests/native/data/bad: the awkward files a student or teacher may throw at the app."""
    import io
    import struct
    import zlib
    d = os.path.join(OUT, "bad")
    os.makedirs(d, exist_ok=True)
    rgb = pattern(40, 30, 5)
    Image.fromarray(rgb, "RGB").save(os.path.join(d, "ok.png"))
    png = open(os.path.join(d, "ok.png"), "rb").read()
    open(os.path.join(d, "empty.png"), "wb").close()
    open(os.path.join(d, "truncated.png"), "wb").write(png[: len(png) // 2])
    jpg = io.BytesIO()
    Image.fromarray(rgb, "RGB").save(jpg, "JPEG", quality=90)
    open(os.path.join(d, "truncated.jpg"), "wb").write(jpg.getvalue()[: len(jpg.getvalue()) * 6 // 10])
    open(os.path.join(d, "not_an_image.png"), "w").write("<html><body>this is not a picture</body></html>\n")
    # 16-bit grey: value 0x8000 everywhere -> 128 after stb's 16 -> 8 bit conversion.
    Image.fromarray(np.full((12, 10), 0x8000, dtype=np.uint16), "I;16").save(os.path.join(d, "gray16.png"))
    Image.fromarray(np.full((12, 10), 200, dtype=np.uint8), "L").save(os.path.join(d, "gray.png"))
    la = np.zeros((12, 10, 2), dtype=np.uint8)
    la[..., 0] = 255
    la[..., 1] = 128
    Image.fromarray(la, "LA").save(os.path.join(d, "gray_alpha.png"))
    Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(os.path.join(d, "cmyk.jpg"), "JPEG", quality=95)  # red
    frames = [Image.new("RGB", (8, 8), (255, 0, 0)), Image.new("RGB", (8, 8), (0, 0, 255))]
    frames[0].save(os.path.join(d, "animated.gif"), save_all=True, append_images=frames[1:], duration=100, loop=0)
    Image.fromarray(rgb, "RGB").save(os.path.join(d, "progressive.jpg"), "JPEG", progressive=True, quality=90)
    # A PNG whose header claims 20000 x 20000 pixels (1.6 GB as RGBA) with a tiny body.

    def chunk(t, data):
        return struct.pack(">I", len(data)) + t + data + struct.pack(">I", zlib.crc32(t + data) & 0xFFFFFFFF)
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 6, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")
    open(os.path.join(d, "huge_20000.png"), "wb").write(huge)
    print(f"wrote bad images to {d}")


if __name__ == "__main__":
    main()
    bad_images()
