#!/usr/bin/env python3
"""A timm ViT with random weights, laid out as the Hugging Face hub lays it out, and timm's own outputs for it.

    timm_reference.py --arch vit_base_patch16_224 [--img 384] [--seed 0] [--kwargs '{"reg_tokens": 4}'] --out DIR

writes into DIR:
  config.json              architecture, num_classes, num_features, global_pool, model_args, pretrained_cfg
  model.safetensors        timm's state_dict (timm names), float32
  reference.safetensors    the format of fixtures/README.md for schedule `none` (omitted with --no-reference):
                           input, embed, none.logits, and none.split{k}.x / .size / .logits at two split points

The weights are timm's random initialisation (pretrained=False, seeded) with every parameter then perturbed, so
that LayerNorm affines, LayerScale gammas, class and register tokens all differ from their neutral init values and
a check cannot pass by ignoring them. Nothing is downloaded.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

import torch
import timm
import timm.models.vision_transformer as vt
from safetensors.torch import save_file


def parse():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", help="timm architecture, e.g. vit_base_patch16_224")
    ap.add_argument("--img", type=int, help="input size (model_args img_size); default: the architecture's")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--kwargs", default="{}", help="JSON object of extra timm model arguments")
    ap.add_argument("--images", type=int, default=2, help="reference inputs (batch size)")
    ap.add_argument("--no-reference", action="store_true", help="write the model only")
    ap.add_argument("--out")
    ap.add_argument("--batch", help="JSON file: a list of {arch, img, seed, kwargs, out, no_reference} to write in one "
                                    "process (saves the torch start-up per model)")
    a = ap.parse_args()
    if not a.batch and not (a.arch and a.out):
        ap.error("--arch and --out are required (or --batch)")
    return a


def create(arch, img, kwargs):
    """timm.create_model, recording the arguments VisionTransformer is built with (what the hub keeps as model_args)."""
    recorded = {}
    original = vt.VisionTransformer.__init__

    def recording(self, *args, **model_args):
        if not recorded:
            recorded.update(model_args)
        original(self, *args, **model_args)

    vt.VisionTransformer.__init__ = recording
    try:
        extra = dict(kwargs)
        if img:
            extra["img_size"] = img
        model = timm.create_model(arch, pretrained=False, **extra)
    finally:
        vt.VisionTransformer.__init__ = original
    if type(model) is not vt.VisionTransformer:
        sys.exit(f"{arch}: not a plain timm VisionTransformer ({type(model).__name__})")
    return model.eval(), recorded


def perturb(model, seed):
    gen = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=gen)
            if name.endswith("gamma"):                      # LayerScale: O(1) so the branches matter
                p.copy_(0.5 + 0.2 * noise)
            elif p.dim() == 1 and name.endswith("weight"):  # norm scales around 1
                p.copy_(1.0 + 0.1 * noise)
            elif p.dim() == 1:                              # biases
                p.copy_(0.05 * noise)
            elif name == "head.weight":                     # logits of order 1, so a tolerance of 1e-3 means something
                p.copy_(noise / p.shape[1] ** 0.5)
            elif name in ("cls_token", "reg_token", "pos_embed"):
                p.copy_(0.5 * noise)
            else:
                p.add_(0.01 * noise)


# create_model plumbing that the entry points pass along, not model arguments
CREATE_ONLY = ("pretrained_cfg", "pretrained_cfg_overlay", "cache_dir", "pretrained_strict", "features_only")


def jsonable(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    return getattr(v, "__name__", None) or getattr(getattr(v, "func", None), "__name__", None) or repr(v)


def config(arch, model, recorded, img):
    args = {k: v for k, v in jsonable(recorded).items() if k not in CREATE_ONLY}
    args["img_size"] = img or model.patch_embed.img_size[0]
    args["num_classes"] = model.num_classes
    pretrained = jsonable(dict(model.pretrained_cfg))
    pretrained["input_size"] = [3, args["img_size"], args["img_size"]]
    pretrained["num_classes"] = model.num_classes
    for key in ("url", "hf_hub_id", "file"):
        pretrained.pop(key, None)
    return {"architecture": arch, "num_classes": model.num_classes, "num_features": model.num_features,
            "global_pool": model.global_pool, "model_args": args, "pretrained_cfg": pretrained}


def embed(model, x):
    x = model.patch_embed(x)
    x = model._pos_embed(x)
    x = model.patch_drop(x)
    return model.norm_pre(x)


def head(model, x):
    return model.forward_head(model.norm(x))


def reference(model, images, seed):
    """Schedule `none`: the full forward, and the split path (blocks [0, k), then [k, L) and the head)."""
    depth = len(model.blocks)
    splits = sorted({1, min(depth, max(2, (depth + 1) // 2))})  # 1 and 6 for depth 12, as the ToMe fixtures
    size = model.patch_embed.img_size
    gen = torch.Generator().manual_seed(seed + 2)
    x = torch.randn(images, model.in_chans, size[0], size[1], generator=gen)
    with torch.no_grad():
        e = embed(model, x)
        tensors = {"input": x, "embed": e, "none.logits": model(x)}
        for k in splits:
            edge = model.blocks[:k](e)
            tensors[f"none.split{k}.x"] = edge
            tensors[f"none.split{k}.size"] = torch.ones(edge.shape[0], edge.shape[1], 1)
            tensors[f"none.split{k}.logits"] = head(model, model.blocks[k:](edge))
    tokens = e.shape[1]
    meta = {"schedules": {"none": {"r": [0] * depth, "tokens": [tokens] * (depth + 1)}}, "splits": splits,
            "timm": timm.__version__, "torch": torch.__version__}
    return {k: v.contiguous().float() for k, v in tensors.items()}, meta


def write(arch, img, seed, kwargs, images, with_reference, out):
    torch.manual_seed(seed)
    model, recorded = create(arch, img, kwargs)
    perturb(model, seed)
    parent = os.path.dirname(os.path.abspath(out))
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".timm-reference-", dir=parent)
    try:
        with open(os.path.join(tmp, "config.json"), "w") as f:
            json.dump(config(arch, model, recorded, img), f, indent=2)
        state = {k: v.detach().contiguous().float() for k, v in model.state_dict().items()}
        save_file(state, os.path.join(tmp, "model.safetensors"))
        if with_reference:
            tensors, meta = reference(model, images, seed)
            save_file(tensors, os.path.join(tmp, "reference.safetensors"), metadata={"meta": json.dumps(meta)})
        os.chmod(tmp, 0o755)
        shutil.rmtree(out, ignore_errors=True)
        os.replace(tmp, out)  # the folder appears complete or not at all
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {out}: {arch} img {img or 'default'} timm {timm.__version__} torch {torch.__version__}", flush=True)


def main():
    a = parse()
    torch.set_num_threads(int(os.environ.get("JANUS_TORCH_THREADS", "2")))
    if a.batch:
        for job in json.load(open(a.batch)):
            write(job["arch"], job.get("img"), job.get("seed", 0), job.get("kwargs", {}), job.get("images", 2),
                  not job.get("no_reference", False), job["out"])
    else:
        write(a.arch, a.img, a.seed, json.loads(a.kwargs), a.images, not a.no_reference, a.out)


if __name__ == "__main__":
    main()
