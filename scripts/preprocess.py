#!/usr/bin/python3
"""ViT-VIS reference image preprocessing (docs/model-format.md, "Preprocessing").

The C++ app implements the same steps and is tested against this file.

    /usr/bin/python3 scripts/preprocess.py MODEL.onnx IMAGE OUT.bin

writes the model input as raw float32 little-endian [C, H, W].

Steps, with `meta` = the model's metadata_props (strings) or a dict with the same keys:
  1. decode to 8-bit RGBA (PIL .convert("RGBA")); composite over black:
     c = (c8 / 255) * (a8 / 255), in float32;
  2. channels == 1: L = 0.299 R + 0.587 G + 0.114 B; channels == 3: R, G, B;
  3. resize so the shorter side == `resize`, keeping aspect; the longer side becomes
     round_half_even(long * resize / short) (Python's round(), as torchvision) — or, with
     resize_mode "exact" (format 2), both sides == `resize`; resampling is
     torch.nn.functional.interpolate(x, (h, w), mode=interpolation, align_corners=False, antialias=True)
     with interpolation "bilinear" (default) or "bicubic" (format 2; PIL's cubic, a = -0.5)
     (skipped when the size is unchanged: it is the identity then);
  4. centre crop crop x crop: top = round_half_even((h - crop) / 2), left likewise (torchvision);
  5. invert == 1: x = 1 - x;
  6. x = (x - mean[c]) / std[c].
"""
from __future__ import annotations

import json
import os
import sys
from typing import Mapping, Union

import numpy as np
from PIL import Image


def _get(meta: Mapping, key: str, default=None):
    v = meta.get(key, default)
    if v is None:
        raise KeyError(f"metadata lacks {key!r}")
    return v


def _list(v):
    return json.loads(v) if isinstance(v, str) else list(v)


def resized_size(h: int, w: int, resize: int):
    """(new_h, new_w): shorter side -> resize, longer side -> round(long * resize / short)."""
    if h <= w:
        return resize, int(round(w * resize / h))
    return int(round(h * resize / w)), resize


def crop_offsets(h: int, w: int, crop: int):
    return int(round((h - crop) / 2.0)), int(round((w - crop) / 2.0))


def to_float_image(img: Union[str, os.PathLike, Image.Image], channels: int) -> np.ndarray:
    """Steps 1-2: -> float32 [C, h, w] in [0, 1]."""
    if not isinstance(img, Image.Image):
        img = Image.open(img)
    a = np.asarray(img.convert("RGBA"), dtype=np.float32)              # [h, w, 4], 0..255
    rgb = (a[..., :3] / np.float32(255)) * (a[..., 3:4] / np.float32(255))
    if channels == 1:
        x = (np.float32(0.299) * rgb[..., 0] + np.float32(0.587) * rgb[..., 1]
             + np.float32(0.114) * rgb[..., 2])[None]
    elif channels == 3:
        x = rgb.transpose(2, 0, 1)
    else:
        raise ValueError(f"unsupported channels {channels}")
    return np.ascontiguousarray(x, dtype=np.float32)


def resize_aa(x: np.ndarray, h: int, w: int, mode: str = "bilinear") -> np.ndarray:
    import torch
    import torch.nn.functional as F
    if x.shape[1] == h and x.shape[2] == w:
        return x
    t = torch.from_numpy(np.ascontiguousarray(x))[None]
    return F.interpolate(t, size=(h, w), mode=mode, align_corners=False, antialias=True)[0].numpy()


def preprocess(img, meta: Mapping) -> np.ndarray:
    """-> float32 numpy [C, crop, crop], ready to be fed as pixel_values[0]."""
    channels = int(_get(meta, "channels"))
    resize = int(_get(meta, "resize"))
    crop = int(_get(meta, "crop"))
    interp = meta.get("interpolation", "bilinear")
    if interp not in ("bilinear", "bicubic"):
        raise ValueError(f"unsupported interpolation {interp!r}")
    exact = meta.get("resize_mode", "shorter") == "exact"
    if crop > resize:
        raise ValueError("crop must be <= resize")
    invert = str(meta.get("invert", "0")) in ("1", "true", "True")
    mean = np.asarray(_list(_get(meta, "mean")), dtype=np.float32)
    std = np.asarray(_list(_get(meta, "std")), dtype=np.float32)
    x = to_float_image(img, channels)
    h, w = (resize, resize) if exact else resized_size(x.shape[1], x.shape[2], resize)
    x = resize_aa(x, h, w, interp)
    top, left = crop_offsets(h, w, crop)
    x = x[:, top:top + crop, left:left + crop]
    if invert:
        x = np.float32(1) - x
    x = (x - mean[:, None, None]) / std[:, None, None]
    return np.ascontiguousarray(x, dtype=np.float32)


def model_samples(model_path: str, meta: Mapping) -> np.ndarray:
    """A ViT-VIS .onnx's own samples (samples.json beside it), preprocessed: float32 [B, C, crop, crop],
    in the file's order (the app's sample indices)."""
    folder = os.path.dirname(os.path.abspath(model_path))
    with open(os.path.join(folder, "samples.json")) as f:
        files = [e["file"] for e in json.load(f) if e.get("file")]
    return np.stack([preprocess(os.path.join(folder, f), meta) for f in files])


def read_onnx_metadata(path: str) -> dict:
    import onnx
    m = onnx.load(path, load_external_data=False)
    return {p.key: p.value for p in m.metadata_props}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    model, image, out = argv
    x = preprocess(image, read_onnx_metadata(model))
    x.astype("<f4").tofile(out)
    print(f"{out}: float32 {list(x.shape)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
