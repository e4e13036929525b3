"""Exporter tests: every output of exported graphs vs PyTorch, key remaps, metadata, fp16 weights."""
import json
import os
import re

import numpy as np
import onnx
import pytest
import torch

from conftest import ort_run
import export_vit
from export_vit import export_onnx, output_names, infer_config, remap_hf, remap_timm, remap_torchvision
from vit_model import ViT, ViTConfig

TOL = 1e-4

CONFIGS = {
    "plain": dict(image_size=16, patch_size=4, channels=1, dim=32, depth=2, heads=4, mlp_dim=64, num_classes=5),
    "distilled": dict(image_size=16, patch_size=4, channels=3, dim=24, depth=3, heads=2, mlp_dim=48,
                      num_classes=7, distilled=True),
    "registers": dict(image_size=12, patch_size=3, channels=3, dim=16, depth=2, heads=2, mlp_dim=32,
                      num_classes=4, registers=4),
    "dist_reg_ls": dict(image_size=8, patch_size=2, channels=1, dim=16, depth=1, heads=4, mlp_dim=16,
                        num_classes=3, distilled=True, registers=2, layer_scale=True, ln_eps=1e-12),
}


def make_model(cfg_dict, seed=0):
    m = ViT(ViTConfig(**cfg_dict))
    m.reset_parameters(seed=seed)
    with torch.no_grad():  # non-trivial norms/biases/layer scales
        g = torch.Generator().manual_seed(seed + 1)
        for n, p in m.named_parameters():
            if p.ndim == 1:
                p.add_(torch.randn(p.shape, generator=g) * 0.1)
    return m.eval()


def meta_for(cfg: ViTConfig):
    return {"vitvis_format": "1", "name": "t", "channels": str(cfg.channels), "num_classes": str(cfg.num_classes),
            "prefix_tokens": str(cfg.prefix_tokens)}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_every_output_matches_pytorch(name, tmp_path, have_node):
    model = make_model(CONFIGS[name])
    cfg = model.cfg
    path = str(tmp_path / "m.onnx")
    names = export_onnx(model, path, meta_for(cfg), with_qkv=True)
    x = torch.randn(1, cfg.channels, cfg.image_size, cfg.image_size, generator=torch.Generator().manual_seed(5))
    res, graph_outputs = ort_run(path, x.numpy())
    with torch.no_grad():
        ref = model.forward_all(x, with_qkv=True)
    sd = model.state_dict()
    ref.update(pos_embed=sd["pos_embed"], patch_weight=sd["patch_embed.proj.weight"],
               patch_bias=sd["patch_embed.proj.bias"], head_weight=sd["head.weight"], head_bias=sd["head.bias"],
               norm_weight=sd["norm.weight"], norm_bias=sd["norm.bias"])
    for i in range(cfg.depth):
        ref[f"wo_{i}"] = sd[f"blocks.{i}.attn.proj.weight"].T
        ref[f"bo_{i}"] = sd[f"blocks.{i}.attn.proj.bias"]
    assert graph_outputs == names
    assert set(names) == set(ref)
    L, N, D, K, H = cfg.depth, cfg.num_tokens, cfg.dim, cfg.num_classes, cfg.heads
    shapes = {"logits": [1, K], "patch_embeddings": [1, cfg.num_patches, D], "cls_logits": [L + 1, K],
              "cls_final": [1, D], "pos_embed": [1, N, D],
              "patch_weight": [D, cfg.channels, cfg.patch_size, cfg.patch_size], "patch_bias": [D],
              "head_weight": [K, D], "head_bias": [K], "norm_weight": [D], "norm_bias": [D]}
    for i in range(L):
        shapes.update({f"o_{i}": [1, N, D], f"wo_{i}": [D, D], f"bo_{i}": [D]})
    for n in names:
        want = shapes.get(n)
        if want is None:
            want = {"h": [1, N, D], "a": [1, H, N, N]}.get(n[0], [1, H, N, D // H])
        assert list(res[n].shape) == want, n
        err = np.abs(res[n] - ref[n].numpy()).max()
        assert err <= TOL, f"{n}: max error {err}"
    # semantics the app relies on
    for i in range(L):
        np.testing.assert_allclose(res[f"attn_{i}"].sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(res["cls_logits"][L], res["head_weight"] @ res["cls_final"][0] + res["head_bias"],
                               atol=1e-5)
    if not cfg.distilled:
        np.testing.assert_allclose(res["cls_logits"][L], res["logits"][0], atol=1e-5)
    for i in range(L):  # the attention block: o = Concat_h(attn_h · v_h) · wo + bo
        ctx = np.einsum("hij,hjd->ihd", res[f"attn_{i}"][0], res[f"v_{i}"][0]).reshape(N, D)
        np.testing.assert_allclose(ctx @ res[f"wo_{i}"] + res[f"bo_{i}"], res[f"o_{i}"][0], atol=1e-4)
    pe = res["patch_embeddings"][0]
    np.testing.assert_allclose(res["hidden_0"][0, cfg.prefix_tokens:], pe + res["pos_embed"][0, cfg.prefix_tokens:],
                               atol=1e-5)


def test_upgrade_from_an_earlier_export(tmp_path, have_node):
    """An export without o/wo/bo (as before they existed) re-exports from the .onnx alone, same numbers."""
    model = make_model(CONFIGS["dist_reg_ls"])
    old = str(tmp_path / "old.onnx")
    meta = export_vit.build_meta(export_vit.parse_args(["--out", old, "--name", "Old", "--labels", str(_labels(tmp_path, 3))]),
                                 model.cfg, {"format": "random"})
    export_onnx(model, old, meta, with_qkv=False)
    new = str(tmp_path / "new.onnx")
    export_vit.main(["--checkpoint", old, "--out", new])
    m = onnx.load(new)
    got = {p.key: p.value for p in m.metadata_props}
    assert {k: v for k, v in got.items() if k != "qkv"} == {k: v for k, v in meta.items() if k != "qkv"}
    assert got["qkv"] == "1"
    x = np.random.default_rng(3).standard_normal((1, 1, 8, 8)).astype(np.float32)
    a, _ = ort_run(old, x)
    b, outs = ort_run(new, x)
    assert {"o_0", "wo_0", "bo_0", "q_0"} <= set(outs)
    for n in a:
        np.testing.assert_allclose(b[n], a[n], atol=1e-5, err_msg=n)
    sd = model.state_dict()
    np.testing.assert_array_equal(b["wo_0"], sd["blocks.0.attn.proj.weight"].numpy().T)


def _labels(tmp_path, k):
    p = tmp_path / "labels.txt"
    p.write_text("\n".join(f"c{i}" for i in range(k)))
    return p


def test_graph_is_opset17_and_checked(tmp_path):
    model = make_model(CONFIGS["plain"])
    path = str(tmp_path / "m.onnx")
    export_onnx(model, path, {"vitvis_format": "1", "name": "x"}, with_qkv=False)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    assert [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")] == [17]
    assert [i.name for i in m.graph.input] == ["pixel_values"]
    assert m.graph.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT
    outs = [o.name for o in m.graph.output]
    assert not any(re.match(r"[qkv]_\d+$", o) for o in outs)
    assert outs == output_names(model.cfg, False) + ["pos_embed", "patch_weight", "patch_bias", "head_weight",
                                                     "head_bias", "norm_weight", "norm_bias"]
    ids = {n.output[0] for n in m.graph.node if n.op_type == "Identity"}
    assert {"pos_embed", "patch_weight", "patch_bias", "head_weight", "head_bias"} <= ids
    # a softmax per layer: attention is explicit
    assert sum(n.op_type == "Softmax" for n in m.graph.node) == model.cfg.depth


def test_half_weights(tmp_path, have_node):
    model = make_model(dict(CONFIGS["plain"], dim=64, mlp_dim=128))
    p32, p16 = str(tmp_path / "f32.onnx"), str(tmp_path / "f16.onnx")
    export_onnx(model, p32, {"name": "a"})
    export_onnx(model, p16, {"name": "a"}, half=True)
    assert os.path.getsize(p16) < 0.6 * os.path.getsize(p32)
    m = onnx.load(p16)
    assert all(o.type.tensor_type.elem_type == onnx.TensorProto.FLOAT for o in m.graph.output)
    assert any(i.data_type == onnx.TensorProto.FLOAT16 for i in m.graph.initializer)
    # reference: the same model with fp16-rounded weights
    ref_model = make_model(dict(CONFIGS["plain"], dim=64, mlp_dim=128))
    with torch.no_grad():
        for p in ref_model.parameters():
            if p.numel() >= 64:
                p.copy_(p.half().float())
    x = torch.randn(1, 1, 16, 16, generator=torch.Generator().manual_seed(3))
    res, _ = ort_run(p16, x.numpy(), ["logits", "hidden_2", "attn_1"])
    with torch.no_grad():
        ref = ref_model.forward_all(x)
        full = model.forward_all(x)
    for n in res:
        assert np.abs(res[n] - ref[n].numpy()).max() <= TOL, n
    # and fp16 storage really changed the numbers (the test can tell the two apart)
    assert np.abs(res["hidden_2"] - full["hidden_2"].numpy()).max() > 1e-5


# ------------------------------------------------------------------------------------------------
# state-dict remaps (generated state dicts with the upstream key names and shapes)
# ------------------------------------------------------------------------------------------------
def to_timm(model: ViT, no_embed_class=False):
    sd = {k: v.clone() for k, v in model.state_dict().items()}
    if no_embed_class:
        pre = model.cfg.prefix_tokens
        assert torch.all(sd["pos_embed"][:, :pre] == 0)
        sd["pos_embed"] = sd["pos_embed"][:, pre:]
    return sd


def to_hf(model: ViT, prefix="vit."):
    sd = model.state_dict()
    D = model.cfg.dim
    out = {f"{prefix}embeddings.cls_token": sd["cls_token"],
           f"{prefix}embeddings.position_embeddings": sd["pos_embed"],
           f"{prefix}embeddings.patch_embeddings.projection.weight": sd["patch_embed.proj.weight"],
           f"{prefix}embeddings.patch_embeddings.projection.bias": sd["patch_embed.proj.bias"],
           f"{prefix}layernorm.weight": sd["norm.weight"], f"{prefix}layernorm.bias": sd["norm.bias"],
           "classifier.weight": sd["head.weight"], "classifier.bias": sd["head.bias"]}
    for i in range(model.cfg.depth):
        b, h = f"blocks.{i}.", f"{prefix}encoder.layer.{i}."
        for kind in ("weight", "bias"):
            q, k, v = sd[b + f"attn.qkv.{kind}"].split(D, 0)
            out[h + f"attention.attention.query.{kind}"] = q
            out[h + f"attention.attention.key.{kind}"] = k
            out[h + f"attention.attention.value.{kind}"] = v
            out[h + f"attention.output.dense.{kind}"] = sd[b + f"attn.proj.{kind}"]
            out[h + f"intermediate.dense.{kind}"] = sd[b + f"mlp.fc1.{kind}"]
            out[h + f"output.dense.{kind}"] = sd[b + f"mlp.fc2.{kind}"]
            out[h + f"layernorm_before.{kind}"] = sd[b + f"norm1.{kind}"]
            out[h + f"layernorm_after.{kind}"] = sd[b + f"norm2.{kind}"]
    return out


def load_via_exporter(sd, tmp_path, *extra):
    p = str(tmp_path / "sd.pt")
    torch.save(sd, p)
    args = ["--checkpoint", p, "--out", str(tmp_path / "unused.onnx")] + list(extra)
    ns = _parse(args)
    return export_vit.build_model(ns)


def _parse(argv):
    return export_vit.parse_args(argv)


def same_outputs(a: ViT, b: ViT, atol=1e-6):
    x = torch.randn(1, a.cfg.channels, a.cfg.image_size, a.cfg.image_size, generator=torch.Generator().manual_seed(9))
    with torch.no_grad():
        return torch.allclose(a(x), b(x), atol=atol) and \
            torch.allclose(a.forward_all(x)["hidden_1"], b.forward_all(x)["hidden_1"], atol=atol)


def test_timm_remap(tmp_path):
    src = make_model(dict(CONFIGS["distilled"], heads=3))
    sd = to_timm(src)
    loaded, info = load_via_exporter(sd, tmp_path, "--heads", "3")
    assert info["format"] == "timm"
    assert loaded.cfg.distilled and loaded.cfg.heads == 3 and loaded.cfg.image_size == 16
    assert same_outputs(src, loaded)
    # wrong head count is detectable: the attention changes
    wrong, _ = load_via_exporter(sd, tmp_path, "--heads", "1")
    assert not same_outputs(src, wrong)


def test_timm_registers_no_embed_class(tmp_path):
    cfgd = dict(CONFIGS["registers"])
    src = make_model(cfgd)
    with torch.no_grad():
        src.pos_embed[:, :src.cfg.prefix_tokens] = 0
    sd = to_timm(src, no_embed_class=True)
    assert sd["pos_embed"].shape[1] == src.cfg.num_patches
    loaded, info = load_via_exporter(sd, tmp_path, "--heads", "2")
    assert loaded.cfg.registers == 4 and loaded.cfg.prefix_tokens == 5
    assert same_outputs(src, loaded)


def test_hf_remap(tmp_path):
    src = make_model(dict(CONFIGS["plain"], ln_eps=1e-12))
    sd = to_hf(src)
    assert "vit.encoder.layer.1.attention.attention.query.weight" in sd
    loaded, info = load_via_exporter(sd, tmp_path, "--heads", "4")
    assert info["format"] == "hf" and loaded.cfg.ln_eps == 1e-12
    assert same_outputs(src, loaded)
    # swapping query and key must be noticed (the remap's q/k/v order matters)
    bad = dict(sd)
    bad["vit.encoder.layer.0.attention.attention.query.weight"] = sd["vit.encoder.layer.0.attention.attention.key.weight"]
    bad["vit.encoder.layer.0.attention.attention.key.weight"] = sd["vit.encoder.layer.0.attention.attention.query.weight"]
    wrong, _ = load_via_exporter(bad, tmp_path, "--heads", "4")
    assert not same_outputs(src, wrong)


def test_hf_safetensors(tmp_path):
    src = make_model(CONFIGS["plain"])
    sd = to_hf(src)
    # write a .safetensors file by hand (format: u64 header length, JSON header, raw little-endian data)
    header, blobs, off = {}, [], 0
    for k, v in sd.items():
        b = v.detach().numpy().astype("<f4").tobytes()
        header[k] = {"dtype": "F32", "shape": list(v.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header).encode()
    p = tmp_path / "model.safetensors"
    p.write_bytes(len(h).to_bytes(8, "little") + h + b"".join(blobs))
    ns = _parse(["--checkpoint", str(p), "--out", str(tmp_path / "x.onnx"), "--heads", "4", "--ln-eps", "1e-6"])
    loaded, info = export_vit.build_model(ns)
    assert info["format"] == "hf"
    assert same_outputs(src, loaded)


def test_torchvision_remap_small_real_model(tmp_path):
    """torchvision's own VisionTransformer (small config) vs our remapped model, in PyTorch."""
    from torchvision.models.vision_transformer import VisionTransformer
    torch.manual_seed(0)
    tv = VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=4, hidden_dim=32, mlp_dim=64,
                           num_classes=6).eval()
    with torch.no_grad():
        tv.heads.head.weight.normal_(0, 0.5)  # torchvision initialises the head to zero
        tv.heads.head.bias.normal_(0, 0.5)
        tv.encoder.pos_embedding.normal_(0, 0.5)
        tv.class_token.normal_(0, 0.5)
    ours, info = load_via_exporter(tv.state_dict(), tmp_path, "--heads", "4")
    assert info["format"] == "torchvision"
    x = torch.randn(2, 3, 32, 32)
    with torch.no_grad():
        a, b = tv(x), ours(x)
    assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()
    # remapped keys in detail
    sd = remap_torchvision(tv.state_dict())
    assert "blocks.1.attn.qkv.weight" in sd and "blocks.0.mlp.fc2.bias" in sd and "pos_embed" in sd


def test_infer_config_errors():
    m = make_model(CONFIGS["plain"])
    sd = dict(m.state_dict())
    sd["pos_embed"] = sd["pos_embed"][:, :7]
    with pytest.raises(ValueError):
        infer_config(sd, {}, 4)
    with pytest.raises(ValueError):
        remap_timm({"fc_norm.weight": torch.zeros(3), "patch_embed.proj.weight": torch.zeros(3, 3, 2, 2)})
    with pytest.raises(ValueError):
        remap_hf({"vit.encoder.layer.0.attention.attention.query.weight": torch.zeros(2, 2)})


def test_cli_metadata(tmp_path):
    labels = tmp_path / "config.json"
    labels.write_text(json.dumps({"id2label": {str(i): f"L{i}" for i in range(5)}}))
    out = tmp_path / "m.onnx"
    export_vit.main(["--random-init", "--image-size", "16", "--patch-size", "4", "--channels", "3", "--dim", "32",
                     "--depth", "2", "--heads", "4", "--mlp-dim", "64", "--num-classes", "5", "--labels",
                     str(labels), "--out", str(out), "--name", "Tiny", "--no-qkv", "--registers", "2"])
    meta = {p.key: p.value for p in onnx.load(str(out)).metadata_props}
    required = ["vitvis_format", "name", "description", "image_size", "patch_size", "channels", "layers", "heads",
                "dim", "prefix_tokens", "num_classes", "mean", "std", "labels", "resize", "crop",
                "interpolation", "invert", "source", "license", "training", "accuracy"]
    for k in required:
        assert k in meta, k
    assert meta["vitvis_format"] == "1" and meta["prefix_tokens"] == "3" and meta["layers"] == "2"
    assert json.loads(meta["labels"]) == [f"L{i}" for i in range(5)]
    assert len(json.loads(meta["mean"])) == 3 and meta["crop"] == "16" and meta["interpolation"] == "bilinear"


def test_update_index_replaces_its_entry_and_keeps_what_else_it_says(tmp_path):
    onnx_path = tmp_path / "m" / "model.onnx"
    onnx_path.parent.mkdir()
    onnx_path.write_bytes(b"12345")
    index = tmp_path / "index.json"
    index.write_text(json.dumps({"models": [
        {"id": "a", "name": "old", "file": "m/model.onnx", "bytes": 1, "description": "old", "finer": "b"},
        {"id": "b", "name": "B", "file": "b/model.onnx", "bytes": 2, "description": "b"}]}))
    export_vit.update_index(str(index), "a", str(onnx_path), {"name": "new", "description": "new d"}, None)
    export_vit.update_index(str(index), "c", str(onnx_path), {"name": "C", "description": "c"}, None)
    models = json.loads(index.read_text())["models"]
    assert [m["id"] for m in models] == ["a", "b", "c"]  # order kept, a new id at the end
    assert models[0] == {"id": "a", "name": "new", "file": "m/model.onnx", "bytes": 5, "description": "new d",
                         "finer": "b"}  # the (c) panel's link to a finer grid survives a new export
    assert models[1]["name"] == "B" and "finer" not in models[2]
