"""CrossEntropyLoss with the vocabulary split across processes (notebook 08), as Megatron-LM computes it.

Each of P processes holds the logits of one slice of the vocabulary, classes ``[start, start + V/P)``,
for every token. The exact loss ``logsumexp(z) - z_y`` needs three numbers per token from all of them,
each one all-reduce:

1. the largest logit (``MAX``): every process shifts its logits by it, so no exponential exceeds 1
   (notebook 03's shift invariance: the loss does not change);
2. the target's shifted logit (``SUM``): the one process whose slice holds ``y`` contributes it, the
   others 0;
3. the sum of the exponentials (``SUM``).

The gradient needs no communication: each process's slice of ``softmax - onehot`` is its own
exponentials over the shared sum, less 1 at the target if the target is in its slice.

:func:`vocab_parallel_cross_entropy` runs inside a process group (gloo on CPUs, NCCL on GPUs);
:func:`simulated_vocab_parallel_cross_entropy` performs the same three reductions over explicit shards in
one process; :func:`run_vocab_parallel` starts real processes and gathers what they computed.
"""

from __future__ import annotations

import contextlib
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from .validation import check_integer, check_tensor, fail, shown

__all__ = ["vocab_parallel_cross_entropy", "simulated_vocab_parallel_cross_entropy", "run_vocab_parallel"]

# Reduces one tensor per shard to the one result every shard receives: "max" or "sum".
AllReduce = Callable[[list, str], torch.Tensor]


def _three_reductions(shards: list, starts: list, target: torch.Tensor, all_reduce: AllReduce):
    """Megatron's forward pass over ``shards`` (the logits each process holds, (N, V_p)) whose first classes
    are ``starts``. Returns each token's loss, each shard's exponentials, their shared sum, and each shard's
    local target index with whether the target lies in it."""
    top = all_reduce([shard.max(dim=1).values for shard in shards], "max")  # 1: the largest logit
    shifted = [shard - top[:, None] for shard in shards]
    local = []
    for shard, start in zip(shifted, starts):
        inside = (target >= start) & (target < start + shard.shape[1])
        index = torch.where(inside, target - start, 0)
        local.append((index, inside))
    picked = [
        torch.where(inside, shard.gather(1, index[:, None]).squeeze(1), 0)
        for shard, (index, inside) in zip(shifted, local)
    ]
    target_logit = all_reduce(picked, "sum")  # 2: the target's shifted logit, from the one shard holding it
    exps = [shard.exp() for shard in shifted]
    total = all_reduce([exp.sum(dim=1) for exp in exps], "sum")  # 3: the sum of the exponentials
    return total.log() - target_logit, exps, total, local


def _softmax_minus_onehot(exp: torch.Tensor, total: torch.Tensor, index: torch.Tensor, inside: torch.Tensor):
    """One shard's slice of ``softmax - onehot(y)``: its exponentials over the shared sum, less 1 at the target."""
    grad = exp / total[:, None]
    grad[torch.arange(grad.shape[0]), index] -= inside.to(grad.dtype)
    return grad


def _distributed_all_reduce(group) -> AllReduce:
    operations = {"max": dist.ReduceOp.MAX, "sum": dist.ReduceOp.SUM}

    def all_reduce(tensors: list, operation: str) -> torch.Tensor:
        (reduced,) = [tensor.clone() for tensor in tensors]  # one shard: this process's
        dist.all_reduce(reduced, op=operations[operation], group=group)
        return reduced

    return all_reduce


class _VocabParallelCrossEntropy(torch.autograd.Function):
    @staticmethod
    def forward(ctx, local_logits, target, vocab_start, group):
        losses, (exp,), total, ((index, inside),) = _three_reductions(
            [local_logits.detach()], [vocab_start], target, _distributed_all_reduce(group)
        )
        ctx.save_for_backward(exp, total, index, inside)
        return losses

    @staticmethod
    def backward(ctx, grad_losses):
        exp, total, index, inside = ctx.saved_tensors
        return _softmax_minus_onehot(exp, total, index, inside) * grad_losses[:, None], None, None, None


def _check_shard(local_logits, target, func: str, name: str = "local_logits"):
    local_logits = check_tensor(local_logits, func, name, 2, "(N, V_p)")
    target = check_tensor(target, func, "target", 1, "(N,)", floating=False)
    if target.shape[0] != local_logits.shape[0]:
        raise fail(
            func,
            "target",
            f"have shape ({local_logits.shape[0]},), one class index per token",
            f"shape {tuple(target.shape)}",
            "Flatten the tokens first, e.g. target.reshape(-1).",
        )
    if local_logits.shape[1] == 0:
        raise fail(
            func,
            name,
            "hold at least one class",
            f"shape {tuple(local_logits.shape)}",
            "Give every process a non-empty slice of the vocabulary.",
        )
    return local_logits, target


def vocab_parallel_cross_entropy(
    local_logits: torch.Tensor, target: torch.Tensor, vocab_start: int, group=None
) -> torch.Tensor:
    """Each token's cross-entropy when this process holds only the logits of classes
    ``[vocab_start, vocab_start + V_p)``; call it in every process of ``group`` at once.

    Parameters
    ----------
    local_logits : Tensor, shape (N, V_p)
        This process's slice of the logits, for every token.
    target : Tensor of int, shape (N,)
        Every token's class in the whole vocabulary, the same in every process.
    vocab_start : int
        The first class of this process's slice.
    group : ProcessGroup, optional
        The processes that share the vocabulary; the default group if None.

    Returns
    -------
    Tensor, shape (N,)
        Each token's loss, the same in every process: ``F.cross_entropy(full_logits, target,
        reduction="none")``. Its gradient reaches ``local_logits`` without communication.
    """
    func = "vocab_parallel_cross_entropy"
    if not dist.is_available() or not dist.is_initialized():
        raise fail(
            func,
            "group",
            "be an initialised process group",
            "no process group",
            "Call torch.distributed.init_process_group first, or use run_vocab_parallel.",
            RuntimeError,
        )
    local_logits, target = _check_shard(local_logits, target, func)
    vocab_start = check_integer(vocab_start, func, "vocab_start", fix="Pass this process's first class.")
    n_classes = torch.tensor(local_logits.shape[1])
    dist.all_reduce(n_classes, group=group)  # the whole vocabulary's size, for the targets' check
    _check_targets(target, int(n_classes), func)
    return _VocabParallelCrossEntropy.apply(local_logits, target, vocab_start, group)


def simulated_vocab_parallel_cross_entropy(logits: torch.Tensor, target: torch.Tensor, world_size: int = 2):
    """The same three reductions over ``world_size`` explicit shards of ``logits``, in this process.

    Returns each token's loss (N,) and the gradient of their sum with respect to ``logits``, put together
    from each shard's own slice of ``softmax - onehot``: what :func:`run_vocab_parallel`'s processes compute.

    Examples
    --------
    >>> logits = torch.tensor([[1000.0, 2.0, 3.0, 1001.0]], dtype=torch.float64)  # class 3 in the second shard
    >>> losses, grad = simulated_vocab_parallel_cross_entropy(logits, torch.tensor([3]), world_size=2)
    >>> losses.round(decimals=4), grad.round(decimals=4)
    (tensor([0.3133], dtype=torch.float64), tensor([[ 0.2689,  0.0000,  0.0000, -0.2689]], dtype=torch.float64))
    """
    func = "simulated_vocab_parallel_cross_entropy"
    logits, target, world_size = _check_whole_vocabulary(logits, target, world_size, func)
    shards, starts = _split(logits.detach(), world_size)

    def all_reduce(tensors: list, operation: str) -> torch.Tensor:
        stacked = torch.stack(tensors)
        return stacked.max(dim=0).values if operation == "max" else stacked.sum(dim=0)

    losses, exps, total, local = _three_reductions(shards, starts, target, all_reduce)
    grad = torch.cat([_softmax_minus_onehot(exp, total, *where) for exp, where in zip(exps, local)], dim=1)
    return losses, grad


def _check_targets(target: torch.Tensor, n_classes: int, func: str) -> None:
    outside = (target < 0) | (target >= n_classes)
    if outside.any():
        index = int(outside.nonzero()[0, 0])
        raise fail(
            func,
            "target",
            f"hold class indices in [0, {n_classes})",
            f"{int(target[index])} at index ({index},)",
            "Each target is a class of the whole vocabulary.",
        )


def _check_whole_vocabulary(logits, target, world_size, func: str):
    """The whole vocabulary's logits (N, V), targets in [0, V) and a process count from 1 to V."""
    logits, target = _check_shard(logits, target, func, "logits")
    world_size = check_integer(world_size, func, "world_size", "be a positive integer", "Use e.g. world_size=2.")
    if not 1 <= world_size <= logits.shape[1]:
        raise fail(
            func,
            "world_size",
            f"lie in [1, {logits.shape[1]}], at most one process per class",
            shown(world_size),
            "Use e.g. world_size=2.",
        )
    _check_targets(target, logits.shape[1], func)
    return logits, target, world_size


def _split(logits: torch.Tensor, world_size: int) -> tuple[list, list]:
    """The vocabulary's slices, one per process (as even as they come), and each slice's first class."""
    shards = list(torch.tensor_split(logits, world_size, dim=1))
    return shards, [sum(shard.shape[1] for shard in shards[:rank]) for rank in range(world_size)]


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _worker(rank: int, world_size: int, port: int, logits: torch.Tensor, target: torch.Tensor, folder: str) -> None:
    """One process: its slice of the logits, the loss (the mean over tokens) and its slice of the gradient."""
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=world_size)
    try:
        shards, starts = _split(logits, world_size)
        shard, start = shards[rank].clone().requires_grad_(), starts[rank]
        loss = vocab_parallel_cross_entropy(shard, target, start).mean()
        loss.backward()
        torch.save({"loss": loss.detach(), "grad": shard.grad}, Path(folder) / f"{rank}.pt")
    finally:
        dist.destroy_process_group()


def run_vocab_parallel(logits: torch.Tensor, target: torch.Tensor, world_size: int = 2):
    """Split ``logits`` (N, V) over ``world_size`` real processes (gloo, on this machine) and compute the mean
    cross-entropy with :func:`vocab_parallel_cross_entropy` and its gradient.

    Returns the loss (a scalar, as every process computed it) and the gradient with respect to ``logits``,
    put together from the processes' slices: ``F.cross_entropy(logits, target)`` and its gradient. A
    process that fails raises a ``RuntimeError`` here that says which one and why.
    """
    func = "run_vocab_parallel"
    logits, target, world_size = _check_whole_vocabulary(logits, target, world_size, func)
    with tempfile.TemporaryDirectory() as folder:
        arguments = (world_size, _free_port(), logits.detach().cpu(), target.cpu(), folder)
        try:
            mp.spawn(_worker, args=arguments, nprocs=world_size, join=True)
        except mp.ProcessRaisedException as error:
            last = str(error).strip().splitlines()[-1]
            raise RuntimeError(f"{func}: process {error.error_index} of {world_size} failed: {last}") from error
        except mp.ProcessExitedException as error:
            raise RuntimeError(
                f"{func}: process {error.error_index} of {world_size} exited with code {error.exit_code}"
            ) from error
        results = [torch.load(Path(folder) / f"{rank}.pt") for rank in range(world_size)]
    return results[0]["loss"], torch.cat([result["grad"] for result in results], dim=1)
