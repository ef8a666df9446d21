"""CrossEntropyLoss at scale (notebook 08): the loss of a vocabulary-sized classifier without its logits.

A language model's last layer turns each token's hidden vector ``h`` (H numbers) into logits over a
vocabulary of V classes, ``z = W h + b``, and its loss is notebook 05's ``CrossEntropyLoss``. For N
tokens the logits hold N x V numbers, and their gradient as many again: at N = 8192 and V = 128k,
4 GiB each in float32. The loss needs far less. Per token it is ``logsumexp(z) - z_y``, and the
gradient of the logits is ``softmax(z) - onehot(y)`` (notebook 05), which a chunk of tokens can
compute, pass back through ``W`` and forget before the next chunk starts.

:func:`chunked_linear_cross_entropy` does that: its memory grows with ``chunk_size x V``, not
``N x V``. :func:`streaming_logsumexp` reads the vocabulary a block at a time with a running maximum
(notebook 03's shift invariance), the way a kernel that never writes the logits computes it. The loss with
the vocabulary split across processes lives in :mod:`course_utils.vocab_parallel` and is importable from here
too, so that notebook 08 finds every loss at scale in one place.

This module imports torch; ``import course_utils`` does not import it.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .validation import check_integer, check_number, check_reduction, check_tensor, fail, shown
from .vocab_parallel import run_vocab_parallel, simulated_vocab_parallel_cross_entropy, vocab_parallel_cross_entropy

__all__ = [
    "chunked_linear_cross_entropy",
    "streaming_logsumexp",
    "vocab_parallel_cross_entropy",
    "simulated_vocab_parallel_cross_entropy",
    "run_vocab_parallel",
]


def _compute_dtype(dtype: torch.dtype) -> torch.dtype:
    """Where the softmax runs: float32 for float16/bfloat16 inputs (their logits lose the loss), else as given."""
    return torch.promote_types(dtype, torch.float32)


def _check_arguments(func, hidden, weight, bias, target, chunk_size, ignore_index, reduction, label_smoothing):
    hidden = check_tensor(hidden, func, "hidden", 2, "(N, H)")
    weight = check_tensor(weight, func, "weight", 2, "(V, H)")
    target = check_tensor(target, func, "target", 1, "(N,)", floating=False)
    (n_tokens, width), n_classes = hidden.shape, weight.shape[0]
    if weight.shape[1] != width or n_classes == 0:
        raise fail(
            func,
            "weight",
            f"have shape (V, {width}) with V >= 1, one row per class",
            f"shape {tuple(weight.shape)}",
            "weight is the classifier's matrix, e.g. lm_head.weight.",
        )
    if bias is not None:
        bias = check_tensor(bias, func, "bias", 1, f"({n_classes},)")
        if bias.shape[0] != n_classes:
            raise fail(
                func,
                "bias",
                f"have shape ({n_classes},), one entry per class",
                f"shape {tuple(bias.shape)}",
                "Pass the classifier's bias, e.g. lm_head.bias, or leave it out.",
            )
    if target.shape[0] != n_tokens:
        raise fail(
            func,
            "target",
            f"have shape ({n_tokens},), one class index per row of hidden",
            f"shape {tuple(target.shape)}",
            "Flatten the tokens first, e.g. target.reshape(-1).",
        )
    for name, tensor in (("weight", weight), ("bias", bias), ("target", target)):
        if tensor is not None and tensor.device != hidden.device:
            raise fail(
                func,
                name,
                f"be on hidden's device, {hidden.device.type}",
                tensor.device.type,
                f"Move it with {name}.to(hidden.device).",
            )
    for name, tensor in (("weight", weight), ("bias", bias)):
        if tensor is not None and tensor.dtype != hidden.dtype:
            raise fail(
                func,
                name,
                f"have hidden's dtype, {hidden.dtype}",
                f"{tensor.dtype}",
                f"Convert it with {name}.to(hidden.dtype), or run the model under autocast.",
                TypeError,
            )
    chunk_size = check_integer(chunk_size, func, "chunk_size", "be a positive integer", "Use e.g. chunk_size=1024.")
    if chunk_size < 1:
        raise fail(func, "chunk_size", "be a positive integer", shown(chunk_size), "Use e.g. chunk_size=1024.")
    ignore_index = check_integer(ignore_index, func, "ignore_index", fix="The default is -100.")
    if not -(2**63) <= ignore_index < 2**63:  # compared with int64 targets
        raise fail(func, "ignore_index", "fit in int64, like the targets", shown(ignore_index), "The default is -100.")
    reduction = check_reduction(reduction, func)
    label_smoothing = check_number(
        label_smoothing, func, "label_smoothing", 0.0, 1.0, "Typical values are 0 (off) to 0.1."
    )
    kept = target != ignore_index
    outside = kept & ((target < 0) | (target >= n_classes))
    if outside.any():
        index = int(outside.nonzero()[0, 0])
        raise fail(
            func,
            "target",
            f"hold class indices in [0, {n_classes}) or ignore_index ({ignore_index})",
            f"{int(target[index])} at index ({index},)",
            "Each target is the index of its token's class.",
        )
    if reduction == "mean" and not kept.any():
        raise fail(
            func,
            "target",
            'keep at least one target under reduction="mean"',
            f"all {n_tokens} equal to ignore_index ({ignore_index})",
            'The mean over no targets is 0 / 0; use reduction="sum" for a batch that may be all padding.',
        )
    return hidden, weight, bias, target, chunk_size, ignore_index, reduction, label_smoothing


def _chunk_logits(hidden: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """One chunk's logits, (rows, V), in the dtype the softmax runs in."""
    return F.linear(hidden, weight, bias).to(_compute_dtype(hidden.dtype))


class _ChunkedLinearCrossEntropy(torch.autograd.Function):
    """Forward: each chunk's logsumexp and loss, keeping only the logsumexp (N numbers). Backward: each
    chunk's logits again, then ``softmax - onehot`` through ``W``. Never more than one chunk's logits."""

    @staticmethod
    def forward(ctx, hidden, weight, bias, target, chunk_size, ignore_index, reduction, label_smoothing):
        compute = _compute_dtype(hidden.dtype)
        kept = target != ignore_index
        safe = torch.where(kept, target, 0)
        losses = hidden.new_zeros(hidden.shape[0], dtype=compute)
        logsumexps = torch.empty_like(losses)
        for start in range(0, hidden.shape[0], chunk_size):
            rows = slice(start, start + chunk_size)
            logits = _chunk_logits(hidden[rows], weight, bias)  # the chunk's one (rows, V) buffer
            picked = logits.gather(1, safe[rows, None]).squeeze(1)
            mean_logit = logits.mean(dim=1) if label_smoothing else None
            top = logits.max(dim=1).values
            # logsumexp = max + log(sum(exp(z - max))), computed in the logits' own buffer: no second one
            logsumexps[rows] = top + logits.sub_(top[:, None]).exp_().sum(dim=1).log_()
            loss = logsumexps[rows] - picked  # -log softmax(z)_y
            if label_smoothing:  # PyTorch's convention: alpha spread over all V classes, -mean_c log softmax(z)_c
                loss = (1 - label_smoothing) * loss + label_smoothing * (logsumexps[rows] - mean_logit)
            losses[rows] = torch.where(kept[rows], loss, 0)
            del logits  # before the next chunk's logits exist, not after: one buffer at a time
        ctx.save_for_backward(hidden, weight, bias, safe, kept, logsumexps)
        ctx.options = chunk_size, reduction, label_smoothing
        if reduction == "none":
            return losses.to(hidden.dtype)
        total = losses.sum()
        return (total / kept.sum() if reduction == "mean" else total).to(hidden.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        hidden, weight, bias, safe, kept, logsumexps = ctx.saved_tensors
        chunk_size, reduction, label_smoothing = ctx.options
        compute = logsumexps.dtype
        # d loss / d loss_i for each token: the upstream gradient, over the kept count for a mean; 0 if ignored.
        per_token = grad_output.to(compute) * kept
        if reduction == "mean":
            per_token = per_token / kept.sum()
        need_hidden, need_weight, need_bias = ctx.needs_input_grad[:3]
        grad_hidden = torch.zeros_like(hidden) if need_hidden else None
        grad_weight = torch.zeros(weight.shape, dtype=compute, device=weight.device) if need_weight else None
        grad_bias = torch.zeros(weight.shape[0], dtype=compute, device=weight.device) if need_bias else None
        n_classes = weight.shape[0]
        for start in range(0, hidden.shape[0], chunk_size):
            rows = slice(start, start + chunk_size)
            logits = _chunk_logits(hidden[rows], weight, bias)
            grad = logits.sub_(logsumexps[rows, None]).exp_()  # softmax(z), in the logits' own buffer
            grad.scatter_add_(1, safe[rows, None], grad.new_full((grad.shape[0], 1), -(1 - label_smoothing)))
            if label_smoothing:
                grad -= label_smoothing / n_classes  # softmax - (1 - alpha) onehot - alpha / V
            grad *= per_token[rows, None]
            if need_hidden:
                grad_hidden[rows] = (grad.to(weight.dtype) @ weight).to(hidden.dtype)
            if need_weight:
                grad_weight.addmm_(grad.T, hidden[rows].to(compute))  # summed in place: no (V, H) temporary
            if need_bias:
                grad_bias += grad.sum(dim=0)
            del logits, grad  # one buffer at a time, as in the forward pass
        return (
            grad_hidden,
            None if grad_weight is None else grad_weight.to(weight.dtype),
            None if grad_bias is None else grad_bias.to(bias.dtype),
            None,
            None,
            None,
            None,
            None,
        )


def chunked_linear_cross_entropy(
    hidden: torch.Tensor,
    weight: torch.Tensor,
    target: torch.Tensor,
    *,
    bias: torch.Tensor | None = None,
    chunk_size: int = 1024,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> torch.Tensor:
    """``F.cross_entropy(hidden @ weight.T + bias, target, ...)`` without the (N, V) logits.

    The tokens are taken ``chunk_size`` at a time: a chunk's logits are made, reduced to its losses and
    logsumexps, and dropped; the backward pass makes them again and sends ``softmax - onehot`` back
    through ``weight``. At most ``chunk_size x V`` logits exist at once, in the forward pass and the
    backward pass alike. Inputs in float16 or bfloat16 have their logits upcast to float32 before the
    softmax, as every production loss does.

    Parameters
    ----------
    hidden : Tensor, shape (N, H)
        One hidden vector per token (flatten batch and sequence first).
    weight : Tensor, shape (V, H)
        The classifier's matrix, one row per class, e.g. ``lm_head.weight``; of ``hidden``'s dtype.
    target : Tensor of int, shape (N,)
        Class indices in [0, V), or ``ignore_index``.
    bias : Tensor, shape (V,), optional
        The classifier's bias.
    chunk_size : int, default 1024
        Tokens per chunk: memory grows with ``chunk_size x V``, the Python loop with ``N / chunk_size``.
    ignore_index : int, default -100
        Targets equal to it (padding) add nothing and are not counted by the mean.
    reduction : {"mean", "sum", "none"}, default "mean"
        As in ``F.cross_entropy``.
    label_smoothing : float in [0, 1], default 0.0
        PyTorch's convention: the target puts ``1 - label_smoothing`` on the class and spreads
        ``label_smoothing`` over all V classes.

    Returns
    -------
    Tensor
        The loss, a scalar (or one per token for ``reduction="none"``), of ``hidden``'s dtype; it has
        gradients for ``hidden``, ``weight`` and ``bias``.

    Raises
    ------
    TypeError
        If an argument is not a tensor of the right kind (float inputs, integer targets), dtypes differ,
        or an option is not a number.
    ValueError
        If shapes do not match, a target is out of range, every target is ignored under
        ``reduction="mean"`` (0 / 0), or an option is out of range.

    Examples
    --------
    >>> generator = torch.Generator().manual_seed(0)
    >>> hidden = torch.randn(6, 4, generator=generator, dtype=torch.float64, requires_grad=True)
    >>> weight = torch.randn(10, 4, generator=generator, dtype=torch.float64, requires_grad=True)
    >>> target = torch.tensor([1, 3, 5, 7, 9, -100])
    >>> loss = chunked_linear_cross_entropy(hidden, weight, target, chunk_size=4)
    >>> plain = F.cross_entropy(hidden @ weight.T, target)
    >>> bool(torch.isclose(loss, plain, rtol=1e-12, atol=0))
    True
    """
    arguments = _check_arguments(
        "chunked_linear_cross_entropy",
        hidden,
        weight,
        bias,
        target,
        chunk_size,
        ignore_index,
        reduction,
        label_smoothing,
    )
    hidden, weight, bias, target, chunk_size, ignore_index, reduction, label_smoothing = arguments
    return _ChunkedLinearCrossEntropy.apply(
        hidden, weight, bias, target, chunk_size, ignore_index, reduction, label_smoothing
    )


def streaming_logsumexp(logits: torch.Tensor, block_size: int = 4096) -> torch.Tensor:
    """``torch.logsumexp(logits, dim=-1)``, reading ``block_size`` classes at a time.

    It keeps a running maximum ``m`` and a sum ``s`` of ``exp(z - m)`` over the classes read so far.
    When a block brings a larger maximum ``m'``, the sum is rescaled by ``exp(m - m')`` first: shift
    invariance (notebook 03) says that the shifted sums describe the same total. At the end,
    ``logsumexp = m + log(s)``. No more than one block of exponentials exists at once, and no
    exponential exceeds 1.

    Parameters
    ----------
    logits : Tensor, shape (..., V)
        Floating logits; ``-inf`` masks a class out.
    block_size : int, default 4096
        Classes read per step.

    Returns
    -------
    Tensor, shape (...)
        The logsumexp over the last dimension; ``-inf`` where every logit is ``-inf``.

    Examples
    --------
    >>> z = torch.tensor([[1000.0, 1001.0, 999.0, 1002.0, 998.0]], dtype=torch.float64)
    >>> streaming_logsumexp(z, block_size=2)
    tensor([1002.4519], dtype=torch.float64)
    """
    func = "streaming_logsumexp"
    if not isinstance(logits, torch.Tensor) or not logits.dtype.is_floating_point:
        got = f"dtype {logits.dtype}" if isinstance(logits, torch.Tensor) else shown(logits)
        raise fail(func, "logits", "be a floating torch tensor", got, "Pass e.g. torch.randn(4, 1000).", TypeError)
    if logits.dim() == 0 or logits.shape[-1] == 0:
        raise fail(
            func,
            "logits",
            "have at least one class along the last dimension",
            f"shape {tuple(logits.shape)}",
            "Pass logits of shape (..., V) with V >= 1.",
        )
    block_size = check_integer(block_size, func, "block_size", "be a positive integer", "Use e.g. block_size=4096.")
    if block_size < 1:
        raise fail(func, "block_size", "be a positive integer", shown(block_size), "Use e.g. block_size=4096.")
    running_max = torch.full(logits.shape[:-1], -torch.inf, dtype=logits.dtype, device=logits.device)
    running_sum = torch.zeros_like(running_max)
    for start in range(0, logits.shape[-1], block_size):
        block = logits[..., start : start + block_size]
        new_max = torch.maximum(running_max, block.max(dim=-1).values)
        anchor = torch.where(torch.isinf(new_max), 0, new_max)  # all -inf so far: exp(-inf - 0) = 0, no nan
        running_sum = running_sum * torch.exp(running_max - anchor) + torch.exp(block - anchor[..., None]).sum(-1)
        running_max = new_max
    return torch.where(torch.isinf(running_max), running_max, running_max + torch.log(running_sum))
