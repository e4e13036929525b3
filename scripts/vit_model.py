"""A plain PyTorch Vision Transformer shared by ViT-VIS's training and export scripts.

Pre-norm encoder blocks with timm's parameter names (cls_token, pos_embed, patch_embed.proj,
blocks.i.norm1 / attn.qkv / attn.proj / norm2 / mlp.fc1 / mlp.fc2, norm, head; optional
dist_token + head_dist (DeiT distillation) and reg_token (registers)). Attention is computed
explicitly as softmax(Q K^T / sqrt(d_head)) so the probabilities can be returned and exported.

Token order: [class, (distillation), (registers...), patches...]; pos_embed covers all N tokens.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, asdict, field
from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class ViTConfig:
    image_size: int = 28
    patch_size: int = 4
    channels: int = 1
    dim: int = 64
    depth: int = 4
    heads: int = 4
    mlp_dim: int = 128
    num_classes: int = 10
    distilled: bool = False      # DeiT distillation token + second head
    registers: int = 0           # number of register tokens
    ln_eps: float = 1e-6
    qkv_bias: bool = True
    layer_scale: bool = False    # timm/DeiT-III LayerScale (blocks.i.ls1.gamma / ls2.gamma)

    @property
    def grid(self) -> int:
        return self.image_size // self.patch_size

    @property
    def num_patches(self) -> int:
        return self.grid * self.grid

    @property
    def prefix_tokens(self) -> int:
        return 1 + (1 if self.distilled else 0) + self.registers

    @property
    def num_tokens(self) -> int:
        return self.num_patches + self.prefix_tokens

    @property
    def head_dim(self) -> int:
        return self.dim // self.heads

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "ViTConfig":
        known = {k: d[k] for k in ViTConfig.__dataclass_fields__ if k in d}
        return ViTConfig(**known)

    def validate(self) -> None:
        if self.image_size % self.patch_size:
            raise ValueError(f"image_size {self.image_size} not divisible by patch_size {self.patch_size}")
        if self.dim % self.heads:
            raise ValueError(f"dim {self.dim} not divisible by heads {self.heads}")


# Named architectures (timm / torchvision / Hugging Face sizes). num_classes/image_size may be
# overridden by the checkpoint.
ARCHS: Dict[str, dict] = {
    "vit_tiny_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=192, depth=12, heads=3, mlp_dim=768, num_classes=1000),
    "vit_small_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=384, depth=12, heads=6, mlp_dim=1536, num_classes=1000),
    "vit_base_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=768, depth=12, heads=12, mlp_dim=3072, num_classes=1000),
    "vit_base_patch32_224": dict(image_size=224, patch_size=32, channels=3, dim=768, depth=12, heads=12, mlp_dim=3072, num_classes=1000),
    "vit_large_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=1024, depth=24, heads=16, mlp_dim=4096, num_classes=1000),
    "deit_tiny_distilled_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=192, depth=12, heads=3, mlp_dim=768, num_classes=1000, distilled=True),
    "deit_small_distilled_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=384, depth=12, heads=6, mlp_dim=1536, num_classes=1000, distilled=True),
    "deit_base_distilled_patch16_224": dict(image_size=224, patch_size=16, channels=3, dim=768, depth=12, heads=12, mlp_dim=3072, num_classes=1000, distilled=True),
}
# torchvision names
ARCHS["vit_b_16"] = dict(ARCHS["vit_base_patch16_224"])
ARCHS["vit_b_32"] = dict(ARCHS["vit_base_patch32_224"])
ARCHS["vit_l_16"] = dict(ARCHS["vit_large_patch16_224"])
ARCHS["vit_l_32"] = dict(ARCHS["vit_large_patch16_224"], patch_size=32)
ARCHS["vit_h_14"] = dict(image_size=224, patch_size=14, channels=3, dim=1280, depth=32, heads=16, mlp_dim=5120, num_classes=1000)
# the bundled models
ARCHS["fashion_vit"] = dict(image_size=28, patch_size=4, channels=1, dim=64, depth=4, heads=4, mlp_dim=128, num_classes=10)


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int, qkv_bias: bool = True):
        super().__init__()
        self.heads = heads
        self.head_dim = dim // heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor):
        B, N, D = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                     # [B, heads, N, d_head]
        if self.training:  # the same maths with the scale on q: 12x fewer products than on the N x N scores
            attn = torch.softmax((q * self.scale) @ k.transpose(-2, -1), dim=-1)  # (-11 % a step, 197 tokens)
        else:  # as exported: the graph keeps the scale after QK^T, as the C++ builder writes it
            attn = torch.softmax((q @ k.transpose(-2, -1)) * self.scale, dim=-1)
        out = (attn @ v).transpose(1, 2).reshape(B, N, D)
        return self.proj(out), attn, q, k, v


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = nn.GELU()  # exact (erf) GELU, as timm/torchvision/HF
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class LayerScale(nn.Module):
    def __init__(self, dim: int):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * self.gamma


class Block(nn.Module):
    def __init__(self, cfg: ViTConfig):
        super().__init__()
        self.norm1 = nn.LayerNorm(cfg.dim, eps=cfg.ln_eps)
        self.attn = Attention(cfg.dim, cfg.heads, cfg.qkv_bias)
        self.norm2 = nn.LayerNorm(cfg.dim, eps=cfg.ln_eps)
        self.mlp = Mlp(cfg.dim, cfg.mlp_dim)
        self.ls1 = LayerScale(cfg.dim) if cfg.layer_scale else nn.Identity()
        self.ls2 = LayerScale(cfg.dim) if cfg.layer_scale else nn.Identity()

    def forward(self, x):
        a, attn, q, k, v = self.attn(self.norm1(x))
        x = x + self.ls1(a)
        x = x + self.ls2(self.mlp(self.norm2(x)))
        return x, attn, q, k, v, a


class ViT(nn.Module):
    def __init__(self, cfg: ViTConfig):
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        D = cfg.dim
        self.patch_embed = nn.Module()
        self.patch_embed.proj = nn.Conv2d(cfg.channels, D, cfg.patch_size, cfg.patch_size)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, D))
        self.dist_token = nn.Parameter(torch.zeros(1, 1, D)) if cfg.distilled else None
        self.reg_token = nn.Parameter(torch.zeros(1, cfg.registers, D)) if cfg.registers else None
        self.pos_embed = nn.Parameter(torch.zeros(1, cfg.num_tokens, D))
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.depth)])
        self.norm = nn.LayerNorm(D, eps=cfg.ln_eps)
        self.head = nn.Linear(D, cfg.num_classes)
        self.head_dist = nn.Linear(D, cfg.num_classes) if cfg.distilled else None
        self.reset_parameters()

    def reset_parameters(self, seed: Optional[int] = None):
        g = torch.Generator().manual_seed(seed) if seed is not None else None

        def tn(t, std=0.02):
            with torch.no_grad():
                t.copy_(torch.randn(t.shape, generator=g).clamp_(-2, 2) * std)

        tn(self.pos_embed)
        tn(self.cls_token, 1e-6 if g is None else 0.02)
        if self.dist_token is not None:
            tn(self.dist_token)
        if self.reg_token is not None:
            tn(self.reg_token)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                tn(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Conv2d):
                fan_in = m.in_channels * m.kernel_size[0] * m.kernel_size[1]
                tn(m.weight, 1.0 / math.sqrt(fan_in))
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def prefix(self, B: int) -> torch.Tensor:
        toks = [self.cls_token.expand(B, -1, -1)]
        if self.dist_token is not None:
            toks.append(self.dist_token.expand(B, -1, -1))
        if self.reg_token is not None:
            toks.append(self.reg_token.expand(B, -1, -1))
        return torch.cat(toks, dim=1)

    def head_logits(self, normed: torch.Tensor) -> torch.Tensor:
        """normed: [B, N, D] after the final norm -> [B, K]. Distilled: mean of both heads."""
        logits = self.head(normed[:, 0])
        if self.head_dist is not None:
            logits = (logits + self.head_dist(normed[:, 1])) / 2
        return logits

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Training forward: logits only (no intermediates kept)."""
        B = x.shape[0]
        t = self.patch_embed.proj(x).flatten(2).transpose(1, 2)
        t = torch.cat([self.prefix(B), t], dim=1) + self.pos_embed
        for blk in self.blocks:
            t = blk(t)[0]
        return self.head_logits(self.norm(t))

    def forward_all(self, x: torch.Tensor, with_qkv: bool = True) -> Dict[str, torch.Tensor]:
        """Every intermediate of the ONNX contract (see docs/model-format.md)."""
        B = x.shape[0]
        out: Dict[str, torch.Tensor] = {}
        pe = self.patch_embed.proj(x).flatten(2).transpose(1, 2)       # [B, P, D]
        t = torch.cat([self.prefix(B), pe], dim=1) + self.pos_embed     # [B, N, D]
        hiddens: List[torch.Tensor] = [t]
        attns, qs, ks, vs, os_ = [], [], [], [], []
        for blk in self.blocks:
            t, a, q, k, v, o = blk(t)
            hiddens.append(t)
            attns.append(a); qs.append(q); ks.append(k); vs.append(v); os_.append(o)
        normed = self.norm(t)
        out["logits"] = self.head_logits(normed)
        out["patch_embeddings"] = pe
        for i, h in enumerate(hiddens):
            out[f"hidden_{i}"] = h
        for i, a in enumerate(attns):
            out[f"attn_{i}"] = a
        cls_all = torch.cat([h[:1, 0] for h in hiddens], dim=0)           # [L+1, D] (batch item 0)
        out["cls_logits"] = self.head(self.norm(cls_all))                # logit lens, class-token head
        out["cls_final"] = normed[:, 0]
        if with_qkv:
            for i in range(len(qs)):
                out[f"q_{i}"] = qs[i]; out[f"k_{i}"] = ks[i]; out[f"v_{i}"] = vs[i]
                out[f"o_{i}"] = os_[i]  # attention block output: Concat(heads) · W_Oᵀ + b_O
        return out
