#!/usr/bin/env python3
"""Random-init checkpoints in the layouts the app's ViT graph builder reads (tests only: no hub here).

Writes, under OUT_DIR, one folder per checkpoint with config.json, model.safetensors and (where the
real model has one) preprocessor_config.json, shaped like the Hugging Face hub's files:
  hf-vit        ViTForImageClassification (model_type "vit"), float32
  hf-vit-f16    the same layout with float16 weights
  hf-vit-bf16   and with bfloat16 weights
  hf-deit       DeiTForImageClassificationWithTeacher (distillation token, two heads)
  timm-reg      timm layout: fused qkv, LayerScale, 2 register tokens without position embeddings
  timm-deit     timm DeiT distilled: distillation token and head_dist
  swin          a Swin config (refused by the builder before any weights are read)
  timm-in1k     timm layout with 1000 classes and no names (the app names them ImageNet-1k's)
  hf-vit-wide   hf-vit's layout at dim 384 (14 MB): a file that comes in several byte ranges
Sizes are small (32x32 images, 8x8 patches, dim 32, 2 layers) so the tests run in seconds; pass
--vit-b16 DIR to also write a ViT-B/16-sized ViTForImageClassification (for the bench).

  /usr/bin/python3 scripts/make_hf_checkpoints.py OUT_DIR [--seed N] [--vit-b16]
"""
import argparse
import json
import os
import struct

import numpy as np


def write_safetensors(path, tensors, dtype):
    """tensors: name -> float32 ndarray, stored as dtype ('F32', 'F16' or 'BF16': the upper half of each
    float32, rounded to nearest even), header padded to 8 bytes."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, arr in tensors.items():
        if dtype == "BF16":
            u = np.ascontiguousarray(arr, dtype="<f4").view("<u4").astype(np.uint64)
            raw = ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype("<u2").tobytes()
        else:
            raw = np.ascontiguousarray(arr.astype({"F32": "<f4", "F16": "<f2"}[dtype])).tobytes()
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def hf_tensors(rng, prefix, c, distilled, teacher):
    D, M, K, C, p, L = c["hidden_size"], c["intermediate_size"], c["num_labels"], c["num_channels"], c["patch_size"], c["num_hidden_layers"]
    n = (c["image_size"] // p) ** 2 + 1 + int(distilled)
    r = lambda *s, std=0.02: (rng.standard_normal(s) * std).astype(np.float32)
    t = {f"{prefix}embeddings.cls_token": r(1, 1, D), f"{prefix}embeddings.position_embeddings": r(1, n, D),
         f"{prefix}embeddings.patch_embeddings.projection.weight": r(D, C, p, p, std=0.1),
         f"{prefix}embeddings.patch_embeddings.projection.bias": r(D)}
    if distilled:
        t[f"{prefix}embeddings.distillation_token"] = r(1, 1, D)
    for i in range(L):
        b = f"{prefix}encoder.layer.{i}."
        for ln in ("layernorm_before", "layernorm_after"):
            t[b + ln + ".weight"] = 1 + r(D, std=0.1)
            t[b + ln + ".bias"] = r(D)
        for q in ("query", "key", "value"):
            t[b + f"attention.attention.{q}.weight"] = r(D, D, std=0.2)
            t[b + f"attention.attention.{q}.bias"] = r(D)
        t[b + "attention.output.dense.weight"] = r(D, D, std=0.1)
        t[b + "attention.output.dense.bias"] = r(D)
        t[b + "intermediate.dense.weight"] = r(M, D, std=0.1)
        t[b + "intermediate.dense.bias"] = r(M)
        t[b + "output.dense.weight"] = r(D, M, std=0.1)
        t[b + "output.dense.bias"] = r(D)
    t[f"{prefix}layernorm.weight"] = 1 + r(D, std=0.1)
    t[f"{prefix}layernorm.bias"] = r(D)
    heads = ("cls_classifier", "distillation_classifier") if teacher else ("classifier",)
    for h in heads:
        t[h + ".weight"] = r(K, D, std=0.2)
        t[h + ".bias"] = r(K)
    return t


def timm_tensors(rng, c, registers=0, distilled=False, layer_scale=False, embed_prefix=True):
    D, M, K, C, p, L = c["dim"], c["mlp"], c["classes"], 3, c["patch"], c["layers"]
    P = (c["size"] // p) ** 2
    prefix = 1 + int(distilled) + registers
    r = lambda *s, std=0.02: (rng.standard_normal(s) * std).astype(np.float32)
    t = {"cls_token": r(1, 1, D), "pos_embed": r(1, P + (prefix if embed_prefix else 0), D),
         "patch_embed.proj.weight": r(D, C, p, p, std=0.1), "patch_embed.proj.bias": r(D)}
    if registers:
        t["reg_token"] = r(1, registers, D)
    if distilled:
        t["dist_token"] = r(1, 1, D)
    for i in range(L):
        b = f"blocks.{i}."
        for n in ("norm1", "norm2"):
            t[b + n + ".weight"] = 1 + r(D, std=0.1)
            t[b + n + ".bias"] = r(D)
        t[b + "attn.qkv.weight"] = r(3 * D, D, std=0.2)
        t[b + "attn.qkv.bias"] = r(3 * D)
        t[b + "attn.proj.weight"] = r(D, D, std=0.1)
        t[b + "attn.proj.bias"] = r(D)
        t[b + "mlp.fc1.weight"] = r(M, D, std=0.1)
        t[b + "mlp.fc1.bias"] = r(M)
        t[b + "mlp.fc2.weight"] = r(D, M, std=0.1)
        t[b + "mlp.fc2.bias"] = r(D)
        if layer_scale:
            t[b + "ls1.gamma"] = 0.5 + r(D, std=0.1)
            t[b + "ls2.gamma"] = 0.5 + r(D, std=0.1)
    t["norm.weight"] = 1 + r(D, std=0.1)
    t["norm.bias"] = r(D)
    t["head.weight"] = r(K, D, std=0.2)
    t["head.bias"] = r(K)
    if distilled:
        t["head_dist.weight"] = r(K, D, std=0.2)
        t["head_dist.bias"] = r(K)
    return t


def timm_config(arch, size, classes, labels):
    cfg = {"architecture": arch, "num_classes": classes, "global_pool": "token", "label_names": labels,
            "model_args": {"num_heads": 4},
            "pretrained_cfg": {"input_size": [3, size, size], "interpolation": "bicubic", "crop_pct": 0.9,
                               "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5], "num_classes": classes}}
    if labels is None:  # as timm's ImageNet-1k checkpoints: the app names the classes itself
        del cfg["label_names"]
    return cfg


def config(model_type, arch, size, patch, dim, layers, heads, mlp, labels):
    return {"architectures": [arch], "model_type": model_type, "image_size": size, "patch_size": patch,
            "num_channels": 3, "hidden_size": dim, "num_hidden_layers": layers, "num_attention_heads": heads,
            "intermediate_size": mlp, "hidden_act": "gelu", "layer_norm_eps": 1e-12, "qkv_bias": True,
            "num_labels": len(labels), "id2label": {str(i): l for i, l in enumerate(labels)},
            "label2id": {l: i for i, l in enumerate(labels)}}


def write(out, name, cfg, tensors, dtype, preprocessor):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    json.dump(cfg, open(os.path.join(d, "config.json"), "w"), indent=2)
    if preprocessor:
        json.dump(preprocessor, open(os.path.join(d, "preprocessor_config.json"), "w"), indent=2)
    if tensors is not None:
        write_safetensors(os.path.join(d, "model.safetensors"), tensors, dtype)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--vit-b16", action="store_true")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    labels = [f"thing {i}" for i in range(10)]
    vit_pre = {"image_processor_type": "ViTImageProcessor", "do_resize": True, "size": {"height": 32, "width": 32},
               "resample": 2, "do_normalize": True, "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5]}
    c = config("vit", "ViTForImageClassification", 32, 8, 32, 2, 4, 64, labels)
    t = hf_tensors(rng, "vit.", {**c, "num_labels": 10}, False, False)
    write(a.out, "hf-vit", c, t, "F32", vit_pre)
    write(a.out, "hf-vit-f16", c, t, "F16", vit_pre)
    write(a.out, "hf-vit-bf16", c, t, "BF16", vit_pre)
    deit_pre = {"image_processor_type": "DeiTImageProcessor", "do_resize": True, "size": {"height": 36, "width": 36},
                "do_center_crop": True, "crop_size": {"height": 32, "width": 32}, "resample": 3,
                "image_mean": [0.485, 0.456, 0.406], "image_std": [0.229, 0.224, 0.225]}
    c = config("deit", "DeiTForImageClassificationWithTeacher", 32, 8, 32, 2, 4, 64, labels)
    write(a.out, "hf-deit", c, hf_tensors(rng, "deit.", {**c, "num_labels": 10}, True, True), "F32", deit_pre)
    small = {"dim": 32, "mlp": 64, "classes": 10, "patch": 8, "layers": 2, "size": 32}
    write(a.out, "timm-reg", timm_config("vit_small_patch8_32.test_reg2", 32, 10, labels),
          timm_tensors(rng, small, registers=2, layer_scale=True, embed_prefix=False), "F32", None)
    write(a.out, "timm-deit", timm_config("deit_small_distilled_patch8_32.test", 32, 10, labels),
          timm_tensors(rng, small, distilled=True), "F32", None)
    swin = {"architectures": ["SwinForImageClassification"], "model_type": "swin", "image_size": 224,
            "patch_size": 4, "embed_dim": 96, "depths": [2, 2, 6, 2]}
    write(a.out, "swin", swin, None, "F32", None)
    # 1000 classes without names, as timm's ImageNet-1k checkpoints (own generator: the others stay as they were).
    write(a.out, "timm-in1k", timm_config("vit_small_patch8_32.test_in1k", 32, 1000, None),
          timm_tensors(np.random.default_rng(a.seed + 1), {**small, "classes": 1000}), "F32", None)
    # 14 MB, enough to come in several byte ranges (own generator: the others stay as they were).
    c = config("vit", "ViTForImageClassification", 32, 8, 384, 2, 6, 1536, labels)
    write(a.out, "hf-vit-wide", c, hf_tensors(np.random.default_rng(a.seed + 2), "vit.", {**c, "num_labels": 10}, False, False),
          "F32", vit_pre)
    if a.vit_b16:
        imagenet = [f"class {i}" for i in range(1000)]
        c = config("vit", "ViTForImageClassification", 224, 16, 768, 12, 12, 3072, imagenet)
        pre = dict(vit_pre, size={"height": 224, "width": 224})
        write(a.out, "hf-vit-b16", c, hf_tensors(rng, "vit.", {**c, "num_labels": 1000}, False, False), "F32", pre)
    print(f"checkpoints in {a.out}")


if __name__ == "__main__":
    main()
