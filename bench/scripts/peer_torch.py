#!/usr/bin/env python3
"""The PyTorch peer for `./janus bench model`: the same ViT forward, same weights, same threads, batch 1.

Reads config.json + model.safetensors directly (numpy), runs the timm ViT forward written out with
torch.nn.functional (no timm needed), optionally with ToMe's declining-rate schedule, and prints
`forward_ms median=<ms> min=<ms>` so the Java benchmark can put both numbers side by side.

Set-up on Debian: apt-get install -y python3-torch python3-numpy libopenblas0-pthread
Run with OPENBLAS_NUM_THREADS=1 so OpenBLAS threads do not fight torch's own.
"""
import argparse
import json
import math
import struct
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {"F32": np.float32, "F16": np.float16}


def load(folder):
    config = json.load(open(f"{folder}/config.json"))
    raw = open(f"{folder}/model.safetensors", "rb").read()
    header_len = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + header_len])
    weights = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        data = np.frombuffer(raw[8 + header_len + begin:8 + header_len + end], dtype=DTYPES[entry["dtype"]])
        weights[name] = torch.from_numpy(data.reshape(entry["shape"]).astype(np.float32))
    return config, weights


def removals(alpha, patches, depth):
    out, p = [], patches
    for _ in range(depth):
        r = min(int(math.floor(alpha * p + 1e-9)), p // 2)
        out.append(r)
        p -= r
    return out


def merge(x, size, metric, r):
    """ToMe: bipartite soft matching on the keys, size-weighted average, class token protected."""
    metric = metric / metric.norm(dim=-1, keepdim=True)
    scores = metric[:, ::2] @ metric[:, 1::2].transpose(1, 2)
    scores[:, 0, :] = -math.inf
    best, best_idx = scores.max(dim=-1)
    order = best.argsort(dim=-1, descending=True)[..., None]
    keep, src = order[:, r:].sort(dim=1)[0], order[:, :r]
    dst = best_idx[..., None].gather(1, src)

    def apply(t):
        a, b = t[:, ::2], t[:, 1::2]
        c = t.shape[-1]
        kept = a.gather(1, keep.expand(-1, -1, c))
        merged = b.scatter_reduce(1, dst.expand(-1, -1, c), a.gather(1, src.expand(-1, -1, c)), reduce="sum")
        return torch.cat([kept, merged], dim=1)

    summed = apply(size)
    return apply(x * size) / summed, summed


@torch.no_grad()
def forward(w, cfg, image, schedule):
    args = cfg["model_args"]
    d, heads = args["embed_dim"], args["num_heads"]
    x = F.conv2d(image, w["patch_embed.proj.weight"], w["patch_embed.proj.bias"], stride=args["patch_size"])
    x = x.flatten(2).transpose(1, 2)
    x = torch.cat([w["cls_token"].expand(x.shape[0], -1, -1), x], dim=1) + w["pos_embed"]
    size = torch.ones(x.shape[0], x.shape[1], 1)
    for i, r in enumerate(schedule):
        p = f"blocks.{i}."
        b, t, _ = x.shape
        h = F.layer_norm(x, (d,), w[p + "norm1.weight"], w[p + "norm1.bias"], 1e-6)
        qkv = F.linear(h, w[p + "attn.qkv.weight"], w.get(p + "attn.qkv.bias"))
        q, k, v = qkv.reshape(b, t, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
        logits = (q @ k.transpose(-2, -1)) * (d // heads) ** -0.5 + size.log()[:, None, None, :, 0]
        o = (logits.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + F.linear(o, w[p + "attn.proj.weight"], w[p + "attn.proj.bias"])
        if r > 0:
            x, size = merge(x, size, k.mean(1), r)
        h = F.layer_norm(x, (d,), w[p + "norm2.weight"], w[p + "norm2.bias"], 1e-6)
        h = F.linear(F.gelu(F.linear(h, w[p + "mlp.fc1.weight"], w[p + "mlp.fc1.bias"])),
                     w[p + "mlp.fc2.weight"], w[p + "mlp.fc2.bias"])
        x = x + h
    x = F.layer_norm(x, (d,), w["norm.weight"], w["norm.bias"], 1e-6)
    return F.linear(x[:, 0], w["head.weight"], w["head.bias"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--exp", type=float, default=0.0, help="declining rate α of the ToMe schedule")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cfg, w = load(a.model)
    args = cfg["model_args"]
    patches = (args["img_size"] // args["patch_size"]) ** 2
    schedule = removals(a.exp, patches, args["depth"])
    image = torch.randn(1, 3, args["img_size"], args["img_size"])
    times = []
    for i in range(a.warmup + a.runs):
        start = time.perf_counter()
        forward(w, cfg, image, schedule)
        if i >= a.warmup:
            times.append((time.perf_counter() - start) * 1000)
    print(f"forward_ms median={statistics.median(times):.3f} min={min(times):.3f} torch={torch.__version__}")


if __name__ == "__main__":
    main()
