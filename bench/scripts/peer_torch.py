#!/usr/bin/env python3
"""The PyTorch peer for `./janus bench model`: the same ViT forward, same weights, same threads.

Reads config.json + model.safetensors directly (numpy), runs the timm ViT forward written out with
torch.nn.functional (the plain ViT: class token, pre-norm blocks, token pooling; no timm needed), optionally with
ToMe's declining-rate schedule, and prints one line per measurement:

    forward schedule=<s> batch=<b> median_ms=<ms> cpu_ms=<ms> min_ms=<ms> runs=<n>
    load_ms=<ms> peak_rss_mb=<mb> torch=<version> blas=<library>

and a `warning:` line when PyTorch runs on the reference BLAS (Debian's python3-torch with only libblas3, about 20x
slower): install OpenBLAS then (apt-get install -y libopenblas0-pthread). PyPI's torch wheel brings MKL.
Run with OPENBLAS_NUM_THREADS=1 so OpenBLAS threads do not fight torch's own.
"""
import argparse
import json
import math
import statistics
import struct
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


def removals(schedule, patches, depth):
    """none | exp:ALPHA (block l removes min(floor(alpha P), floor(P/2)) of the P patch tokens entering it)."""
    alpha = 0.0 if schedule == "none" else float(schedule.split(":", 1)[1])
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


def blas():
    """The BLAS PyTorch computes with: MKL inside PyPI's wheel, or the system libblas Debian's build links."""
    config = torch.__config__.show()
    if "BLAS_INFO=mkl" in config:
        return "mkl", None
    try:
        libs = {line.split()[-1] for line in open("/proc/self/maps") if "blas" in line and ".so" in line}
    except OSError:
        libs = set()
    if any("openblas" in lib for lib in libs):
        return "openblas", None
    reference = sorted(libs) or ["unknown"]
    return ",".join(reference), ("PyTorch runs on the reference BLAS (" + ", ".join(reference) + "), about 20x slower "
                                 "than OpenBLAS: install it with apt-get install -y libopenblas0-pthread")


def measure(fn, warmup, runs, budget_s):
    """Median wall and thread-CPU time over `runs` calls after `warmup`, stopping early (at 3 or more) past the budget.

    With one intra-op thread torch computes on this thread, so its CPU time is the work itself, as the Java side
    measures it."""
    for _ in range(warmup):
        fn()
    times, cpu, start_all = [], [], time.perf_counter()
    while len(times) < runs and (len(times) < 3 or time.perf_counter() - start_all < budget_s):
        start, start_cpu = time.perf_counter(), time.thread_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), min(times), len(times)


def peak_rss_mb():
    """VmHWM of this process (getrusage's ru_maxrss would carry the launching JVM's over exec)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--budget-s", type=float, default=30.0, help="time budget per measurement (at least 3 runs)")
    ap.add_argument("--batch", default="1", help="comma-separated batch sizes")
    ap.add_argument("--schedules", default="none", help="comma-separated: none, exp:ALPHA")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    start = time.perf_counter()
    cfg, w = load(a.model)
    load_ms = (time.perf_counter() - start) * 1000
    args = cfg["model_args"]
    patches = (args["img_size"] // args["patch_size"]) ** 2
    library, warning = blas()
    if warning:
        print("warning: " + warning, flush=True)
    with torch.inference_mode():
        for batch in [int(b) for b in a.batch.split(",")]:
            image = torch.randn(batch, 3, args["img_size"], args["img_size"])
            for s in a.schedules.split(","):
                schedule = removals(s, patches, args["depth"])
                median, cpu, best, n = measure(lambda: forward(w, cfg, image, schedule), a.warmup, a.runs, a.budget_s)
                print(f"forward schedule={s} batch={batch} median_ms={median:.3f} cpu_ms={cpu:.3f} min_ms={best:.3f} "
                      f"runs={n}", flush=True)
    rss_mb = peak_rss_mb()
    print(f"load_ms={load_ms:.1f} peak_rss_mb={rss_mb:.0f} torch={torch.__version__} blas={library}")


if __name__ == "__main__":
    main()
