"""Extra peak memory and time of CrossEntropyLoss over a large vocabulary, forward and backward: the plain loss
``F.cross_entropy(hidden @ weight.T, target)``, the chunked loss of `course_utils.scale`, and torch's own
``F.linear_cross_entropy`` with its chunking options where this torch has it (2.13 and later).

Each method runs in a fresh process, so that no method's memory hides in another's. On the CPU the extra peak
is the process's peak resident memory (``ru_maxrss``) less what it held once the inputs were made; on CUDA,
``torch.cuda.max_memory_allocated`` less the memory allocated then. The time is the median of three forward and
backward passes after the first. Ratios are to the plain loss in the same run; the losses must agree.

Run: python benchmarks/ce_at_scale.py  [--tokens 8192 --width 256 --vocab 32000 --dtype float32 --device cpu
     --chunk-size 1024]  (about a minute on two cores at the defaults; --device cuda --dtype bfloat16 on a GPU)
"""

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from course_utils.scale import chunked_linear_cross_entropy

METHODS = ("plain", "chunked", "torch_linear_cross_entropy")
REPEATS = 3


def resident_bytes() -> int:
    """This process's resident memory now (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def loss_function(method: str, chunk_size: int):
    if method == "plain":
        return lambda hidden, weight, target: F.cross_entropy(hidden @ weight.T, target)
    if method == "chunked":
        return lambda hidden, weight, target: chunked_linear_cross_entropy(
            hidden, weight, target, chunk_size=chunk_size
        )
    options = torch.nn.LinearCrossEntropyOptions()
    return lambda hidden, weight, target: F.linear_cross_entropy(hidden, weight, target, options=options)


def measure_one(method: str, tokens: int, width: int, vocab: int, dtype: str, device: str, chunk_size: int) -> dict:
    """One method in this process: extra peak bytes, median seconds, the loss."""
    generator = torch.Generator(device=device).manual_seed(0)
    kind = getattr(torch, dtype)
    hidden = torch.randn(tokens, width, generator=generator, device=device, dtype=kind).requires_grad_()
    weight = (torch.randn(vocab, width, generator=generator, device=device, dtype=kind) / width**0.5).requires_grad_()
    target = torch.randint(0, vocab, (tokens,), generator=generator, device=device)
    loss_fn = loss_function(method, chunk_size)
    cuda = device.startswith("cuda")
    if cuda:
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
    else:
        before = resident_bytes()
    seconds = []
    for _ in range(REPEATS + 1):
        hidden.grad = weight.grad = None
        start = time.perf_counter()
        loss = loss_fn(hidden, weight, target)
        loss.backward()
        if cuda:
            torch.cuda.synchronize()
        seconds.append(time.perf_counter() - start)
    peak = torch.cuda.max_memory_allocated() if cuda else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"extra_peak": peak - before, "seconds": statistics.median(seconds[1:]), "loss": loss.item()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=8192)
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--vocab", type=int, default=32000)
    parser.add_argument("--dtype", default="float32", choices=["float32", "bfloat16", "float16", "float64"])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--chunk-size", type=int, default=1024)
    parser.add_argument("--one", choices=METHODS, help=argparse.SUPPRESS)  # the child process's method
    args = parser.parse_args()
    sizes = (args.tokens, args.width, args.vocab, args.dtype, args.device, args.chunk_size)
    if args.one:
        print(json.dumps(measure_one(args.one, *sizes)))
        return
    methods = [m for m in METHODS if m != "torch_linear_cross_entropy" or hasattr(F, "linear_cross_entropy")]
    results = {}
    for method in methods:
        child = subprocess.run(
            [sys.executable, __file__, "--one", method, *sys.argv[1:]], capture_output=True, text=True, check=True
        )
        results[method] = json.loads(child.stdout)
    logits_bytes = args.tokens * args.vocab * torch.finfo(getattr(torch, args.dtype)).bits // 8
    print(
        f"N={args.tokens} tokens, H={args.width}, V={args.vocab}, {args.dtype} on {args.device}, "
        f"chunk_size={args.chunk_size}; the logits alone: {logits_bytes / 2**20:,.0f} MiB"
    )
    if "torch_linear_cross_entropy" not in results:
        print("torch.nn.functional.linear_cross_entropy: not in this torch (2.13 added it); skipped")
    print(f"{'method':28s} {'extra peak':>12s} {'/ plain':>8s} {'time':>9s} {'/ plain':>8s} {'loss':>10s}")
    base = results["plain"]
    for method, result in results.items():
        print(
            f"{method:28s} {result['extra_peak'] / 2**20:9,.0f} MiB {result['extra_peak'] / base['extra_peak']:8.3f} "
            f"{result['seconds']:7.3f} s {result['seconds'] / base['seconds']:8.2f} {result['loss']:10.5f}"
        )
    tolerance = 1e-3 if args.dtype in ("float32", "float64") else 5e-2
    for method, result in results.items():
        assert abs(result["loss"] - base["loss"]) <= tolerance * abs(base["loss"]), (method, result, base)


if __name__ == "__main__":
    main()
