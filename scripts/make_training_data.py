#!/usr/bin/env python3
"""The Training window's data set (issue #37), prepared at build time from Debian's dataset-fashion-mnist:
the first TRAIN training images and the first HELD test images of Fashion-MNIST, as one small file the
trainer worker reads (web/trainer/trainer_worker.js):

  bytes 0-3   b"VVDS"
  4 x uint32  count, train, channels, size (little-endian)
  count·channels·size·size uint8 pixels (NCHW), then count uint8 labels

and a JSON description beside it (the file, the counts, the per-channel mean/std to normalise with, the
class names). Usage: make_training_data.py OUT_DIR [--train N] [--held N]
"""
import argparse
import gzip
import json
import os
import struct
import sys
import zlib

SRC = "/usr/share/datasets/fashion-mnist"
NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return shape, data[4 + 4 * dims:]


def png(path, pixels, w, h):
    """An 8-bit greyscale PNG (no library needed)."""
    raw = b"".join(b"\x00" + pixels[r * w:(r + 1) * w] for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--train", type=int, default=4000)
    ap.add_argument("--held", type=int, default=1000)
    a = ap.parse_args()
    try:
        (n_tr, h, w), tr_px = idx(os.path.join(SRC, "train-images-idx3-ubyte.gz"))
        _, tr_lab = idx(os.path.join(SRC, "train-labels-idx1-ubyte.gz"))
        (n_te, _, _), te_px = idx(os.path.join(SRC, "t10k-images-idx3-ubyte.gz"))
        _, te_lab = idx(os.path.join(SRC, "t10k-labels-idx1-ubyte.gz"))
    except OSError as e:
        sys.exit(f"make_training_data: {e} (the package dataset-fashion-mnist provides {SRC})")
    if a.train > n_tr or a.held > n_te or h != w:
        sys.exit("make_training_data: asked for more images than the data set has")
    px = h * w
    pixels = tr_px[:a.train * px] + te_px[:a.held * px]
    labels = tr_lab[:a.train] + te_lab[:a.held]
    count = a.train + a.held
    os.makedirs(a.out, exist_ok=True)
    name = f"fashion-mnist-{a.train}+{a.held}.bin"
    with open(os.path.join(a.out, name), "wb") as f:
        f.write(b"VVDS" + struct.pack("<4I", count, a.train, 1, h) + pixels + labels)
    # The mean and std of the training images' pixels in [0, 1] (what they are normalised with).
    train_px = tr_px[:a.train * px]
    s = sum(train_px) / 255.0
    n = len(train_px)
    mean = s / n
    var = sum((v / 255.0 - mean) ** 2 for v in train_px) / n
    # Samples for the trained model in the four modules ("Explore this model"): the first two held-out
    # images of each class, as the app's sample lists are (samples.json beside the PNGs).
    os.makedirs(os.path.join(a.out, "fashion-mnist-samples"), exist_ok=True)
    samples, per = [], {}
    for i in range(a.held):
        k = te_lab[i]
        if per.get(k, 0) >= 2:
            continue
        per[k] = per.get(k, 0) + 1
        file = f"fashion-mnist-samples/{k:02d}_{per[k] - 1}.png"
        png(os.path.join(a.out, file), te_px[i * px:(i + 1) * px], w, h)
        samples.append({"file": file, "label": k, "name": NAMES[k]})
    samples.sort(key=lambda s: s["file"])
    with open(os.path.join(a.out, "fashion-mnist-samples.json"), "w") as f:
        json.dump(samples, f, indent=1)
    desc = {"name": "Fashion-MNIST", "file": name, "count": count, "train": a.train, "held": a.held,
            "channels": 1, "size": h, "mean": [round(mean, 4)], "std": [round(var ** 0.5, 4)], "names": NAMES,
            "samples": "fashion-mnist-samples.json"}
    with open(os.path.join(a.out, "fashion-mnist.json"), "w") as f:
        json.dump(desc, f, indent=1)
    print(f"[data] {name}: {a.train} training + {a.held} held-out images, mean {mean:.4f} std {var ** 0.5:.4f}")


if __name__ == "__main__":
    main()
