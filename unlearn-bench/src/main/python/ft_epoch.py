#!/usr/bin/python3
"""The PyTorch half of unlearn-bench/compare-pytorch: times one FT unlearning epoch.

Mirrors io.github.unlearn4j.bench.FtEpochMain (see its javadoc) step for step:

* data: the first --limit training images of Fashion-MNIST (all 60,000 by default) from the
  gzipped IDX files in --data, pixels / 255 as float32, held in one tensor;
* forget set: every image of class --forget-class (3); retain set: every other image;
* model: 784-256-256-10 MLP (Linear, ReLU, Linear, ReLU, Linear), freshly initialized from --seed
  the way DJL initializes Linear blocks (weights ~ N(0, 2 / fan_in), biases 0: DJL's
  Parameter.Type.WEIGHT Xavier(GAUSSIAN, IN, 2)), not with PyTorch's default; the draws differ,
  the distribution is the same; nothing is trained before fine-tuning;
* FT: one epoch over the retain set, reshuffled with a seeded generator, batch 256 (the last one
  smaller), mean cross-entropy, torch.optim.SGD(lr=0.01, momentum=0.9, weight_decay=5e-4); per
  step: zero the gradients in place, gather the batch, forward, backward, step, read the loss
  (unlearn4j reads it every step to check for divergence);
* timing: --warmup untimed epochs (1), then --repeats timed epochs (1), each starting from a copy of
  the same initial model; a timed epoch includes copying the model and checking at the end that
  every parameter is finite, as Unlearner.unlearn does.

Prints one JSON object on stdout. Run it with Debian's /usr/bin/python3 (python3-torch).
"""

import argparse
import copy
import gzip
import json
import os
import re
import time

import numpy as np
import torch
from torch import nn

BATCH = 256


def read_idx(folder, prefix, limit):
    """Reads PREFIX-images-idx3-ubyte[.gz] and PREFIX-labels-idx1-ubyte[.gz]; returns (x, y)."""

    def read(base):
        path = os.path.join(folder, base)
        if os.path.exists(path + ".gz"):
            with gzip.open(path + ".gz", "rb") as f:
                return f.read()
        with open(path, "rb") as f:
            return f.read()

    images = read(prefix + "-images-idx3-ubyte")
    labels = read(prefix + "-labels-idx1-ubyte")
    magic, n, rows, cols = np.frombuffer(images, dtype=">i4", count=4)
    if magic != 0x803 or np.frombuffer(labels, dtype=">i4", count=1)[0] != 0x801:
        raise SystemExit(f"ft_epoch.py: {folder}: not IDX image/label files")
    n = min(int(n), limit)
    x = np.frombuffer(images, dtype=np.uint8, count=n * rows * cols, offset=16)
    x = x.reshape(n, rows * cols).astype(np.float32) / np.float32(255)
    y = np.frombuffer(labels, dtype=np.uint8, count=n, offset=8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def blas_library():
    """The BLAS shared library mapped into this process, resolved through symlinks."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    found = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if re.search(r"blas|mkl|blis", os.path.basename(path)):
                found.add(os.path.realpath(path))
    return sorted(found)


def ft_epoch(initial, x, y, retain_ids, seed):
    """One FT epoch on a copy of the initial model; returns (model, mean loss, steps)."""
    model = copy.deepcopy(initial)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    order = retain_ids[torch.randperm(len(retain_ids), generator=gen)]
    total, steps = 0.0, 0
    for start in range(0, len(order), BATCH):
        rows = order[start:start + BATCH]
        opt.zero_grad(set_to_none=False)
        loss = loss_fn(model(x[rows]), y[rows])
        loss.backward()
        opt.step()
        value = loss.item()
        if not np.isfinite(value):
            raise SystemExit(f"ft_epoch.py: diverged at step {steps}: loss = {value}")
        total += value
        steps += 1
    for p in model.parameters():
        if not torch.isfinite(p).all():
            raise SystemExit("ft_epoch.py: a parameter is not finite")
    return model, total / steps, steps


def accuracy(model, x, y, ids):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(ids), 1024):
            rows = ids[start:start + 1024]
            correct += (model(x[rows]).argmax(1) == y[rows]).sum().item()
    return correct / len(ids)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--limit", type=int, default=2**31 - 1)
    ap.add_argument("--forget-class", type=int, default=3)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2, help="intra-op threads (torch.set_num_threads)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(args.seed)

    x, y = read_idx(args.data, "train", args.limit)
    retain_ids = torch.nonzero(y != args.forget_class).flatten()
    initial = nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 10))
    with torch.no_grad():
        for layer in initial:
            if isinstance(layer, nn.Linear):
                layer.weight.normal_(0.0, (2.0 / layer.in_features) ** 0.5)
                layer.bias.zero_()

    warmup_seconds, seconds = [], []
    for run in range(args.warmup + args.repeats):
        t0 = time.perf_counter()
        model, mean_loss, steps = ft_epoch(initial, x, y, retain_ids, args.seed)
        elapsed = time.perf_counter() - t0
        (warmup_seconds if run < args.warmup else seconds).append(elapsed)

    config = torch.__config__.show()
    blas_info = re.search(r"BLAS_INFO=(\w+)", config)
    print(json.dumps({
        "side": "pytorch",
        "torch": torch.__version__,
        "python": os.path.realpath("/proc/self/exe"),
        "intra_op_threads": torch.get_num_threads(),
        "inter_op_threads": torch.get_num_interop_threads(),
        "blas_info": blas_info.group(1) if blas_info else None,
        "blas_libraries": blas_library(),
        "data": args.data,
        "rows": len(y),
        "retain": len(retain_ids),
        "steps": steps,
        "warmup_seconds": warmup_seconds,
        "seconds": seconds,
        "median_seconds": sorted(seconds)[len(seconds) // 2],
        "mean_loss": mean_loss,
        "retain_accuracy": accuracy(model, x, y, retain_ids),
    }))


if __name__ == "__main__":
    main()
