"""Notebook 08's exercises: logsumexp one block of classes at a time, one chunk's gradients of the batch's mean
loss, and label smoothing from Megatron's convention to PyTorch's.

The first two take and return torch tensors (float64 in the checks, so that answers compare tightly); torch is
imported when they are first checked, never when this module is imported.

Examples
--------
>>> smoothing_conversion_exercise.check(lambda alpha, vocab_size: alpha / vocab_size)
... # doctest: +NORMALIZE_WHITESPACE
Incorrect: Label smoothing from Megatron's alpha to PyTorch's. On case 1 of 7, megatron_to_pytorch(0.1, 32000),
expected 0.100003, got 3.125e-06; absolute difference 0.1 (rtol=1e-06, atol=1e-09).
Likely cause: alpha / V is the probability each class gets from PyTorch's label_smoothing=alpha, not the
label_smoothing itself. The function returns PyTorch's argument: the total it spreads over all V classes, the true
one included, chosen so that the V - 1 wrong classes get alpha together.
Call .hint() for a hint, or .solution() to see one way.
>>> import torch
>>> def without_rescaling(logits, block_size):
...     m = logits.new_full(logits.shape[:1], -torch.inf)
...     s = logits.new_zeros(logits.shape[:1])
...     for start in range(0, logits.shape[1], block_size):
...         block = logits[:, start : start + block_size]
...         m = torch.maximum(m, block.max(dim=1).values)
...         s = s + torch.exp(block - m[:, None]).sum(dim=1)  # the old sum is still relative to the old m
...     return m + torch.log(s)
>>> print(streaming_logsumexp_exercise.evaluate(without_rescaling).message.splitlines()[-2])
... # doctest: +NORMALIZE_WHITESPACE
Likely cause: when a block brings a larger maximum, the sum so far still holds exp(z - m) for the old m: rescale
it by exp(m - new_m) before adding the block's exp(block - new_m).sum(dim=1).
"""

from __future__ import annotations

import numpy as np

from ..checks import FunctionExercise, Result, TensorExercise, called_names
from ..language import N_, _
from ..learner_code import Clock, Run, attempt

__all__ = ["streaming_logsumexp_exercise", "chunk_gradient_exercise", "smoothing_conversion_exercise"]


# ---- Exercise 1: logsumexp one block of classes at a time -------------------------------------------------


def _logsumexp_cases() -> list[tuple]:
    """(logits, block_size), float64: each case catches at least one of the mistakes below."""
    import torch

    inf = torch.inf
    rows = [
        # The maximum arrives in the third block: a sum not rescaled is wrong.
        ([[2.0, 1.0, 0.1, -1.0, 3.0, 0.5], [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]], 2),
        # V = 7 is not a multiple of 3: the last block holds one class, the largest.
        ([[0.5, -1.0, 2.0, 1.0, 0.0, -0.5, 4.0]], 3),
        # Logits around +-1000: exp overflows to inf, or underflows to 0.
        ([[1000.0, 1001.0, 999.0, 1002.0, 998.0], [-1000.0, -1001.0, -1002.0, -999.0, -1003.0]], 2),
        ([[1.0, 3.0, 2.0, 5.0]], 1),  # one class per block
        ([[1.0, -2.0, 0.5], [0.0, 4.0, -1.0]], 8),  # one block, larger than V
        # The largest logit in the first block, a later block 2000 below it: exp(m - m_block) overflows.
        ([[1000.0, 0.0, -1000.0, -1000.0, 999.0]], 2),
        # Masked classes: a first block all -inf, and a row all -inf (its logsumexp is -inf).
        ([[-inf, -inf, 1.0, 2.0, -inf], [-inf, -inf, -inf, -inf, -inf]], 2),
    ]
    return [(torch.tensor(logits, dtype=torch.float64), block_size) for logits, block_size in rows]


def _torch_logsumexp(logits, block_size):
    import torch

    return torch.logsumexp(logits, dim=-1)


def _blocks(logits, block_size):
    return [logits[:, start : start + block_size] for start in range(0, logits.shape[1], block_size)]


def _without_rescaling(logits, block_size):
    import torch

    m, s = logits.new_full(logits.shape[:1], -torch.inf), logits.new_zeros(logits.shape[:1])
    for block in _blocks(logits, block_size):
        m = torch.maximum(m, block.max(dim=1).values)
        s = s + torch.exp(block - m[:, None]).sum(dim=1)
    return m + torch.log(s)


def _without_shift(logits, block_size):
    import torch

    s = logits.new_zeros(logits.shape[:1])
    for block in _blocks(logits, block_size):
        s = s + torch.exp(block).sum(dim=1)
    return torch.log(s)


def _streaming(logits, blocks, block_max=False, guard=True, add_max=True, inverted=False):
    """Streaming logsumexp over ``blocks``, with the slips switched on by the flags."""
    import torch

    m, s = logits.new_full(logits.shape[:1], -torch.inf), logits.new_zeros(logits.shape[:1])
    for block in blocks:
        new = block.max(dim=1).values if block_max else torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new), 0.0, new) if guard else new
        rescale = torch.exp(shift - m) if inverted else torch.exp(m - shift)
        s = s * rescale + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s) if add_max else torch.log(s)


def _without_last_partial_block(logits, block_size):
    full = logits.shape[1] // block_size
    return _streaming(logits, _blocks(logits, block_size)[:full])


def _block_max(logits, block_size):
    return _streaming(logits, _blocks(logits, block_size), block_max=True, guard=False)


def _log_s_only(logits, block_size):
    return _streaming(logits, _blocks(logits, block_size), add_max=False)


def _nan_on_masked_block(logits, block_size):
    return _streaming(logits, _blocks(logits, block_size), guard=False)


def _guarded_in_one_place(logits, block_size):
    """The guarded shift in the block's exponential, the unguarded maximum in the rescale: written out, so that
    its source shows the guard (torch.where), as a learner's would."""
    import torch

    m, s = logits.new_full(logits.shape[:1], -torch.inf), logits.new_zeros(logits.shape[:1])
    for block in _blocks(logits, block_size):
        new_m = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new_m), 0.0, new_m)
        s = s * torch.exp(m - new_m) + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new_m
    return m + torch.log(s)


def _inverted_rescale(logits, block_size):
    return _streaming(logits, _blocks(logits, block_size), inverted=True)


_MASKED_BLOCK = N_(
    "while every logit of a row so far is -inf (masked), its running maximum is -inf, and "
    "exp(-inf - (-inf)) is exp(nan), nan, for good. Shift by 0 where the maximum is still -inf: "
    "torch.where(torch.isinf(new_m), 0.0, new_m)."
)
_GUARDED_IN_ONE_PLACE = N_(
    "a guarded shift in one of the two exponentials is not enough: while a row's running maximum is still "
    "-inf, the other one still computes exp(-inf - (-inf)), nan, and s stays nan for good (0 * nan is nan). "
    "Use the guarded shift, shift = torch.where(torch.isinf(new_m), 0.0, new_m), in BOTH places: "
    "s * torch.exp(m - shift) and torch.exp(block - shift[:, None])."
)
# What an answer that guards the shift somewhere calls: its nan on a masked row comes from the other exponential.
_GUARDS = {"where", "nan_to_num", "isinf", "isneginf", "isfinite", "masked_fill", "masked_fill_", "clamp", "clip"}


class _LogsumexpExercise(TensorExercise):
    """A nan on the masked rows, the same whether the shift is guarded nowhere or in one exponential only, is
    told by the answer's source: an answer that calls a guard (torch.where, torch.nan_to_num...) is told to use
    its guarded shift in both exponentials, not the advice it already followed."""

    _answer = None  # the answer being judged, for _likely_cause

    def _judge(self, answer, clock: Clock) -> Result:
        self._answer = answer
        try:
            return super()._judge(answer, clock)
        finally:
            self._answer = None

    def _likely_cause(self, runs: list[Run], expected: list, failing: int) -> str | None:
        cause = super()._likely_cause(runs, expected, failing)
        if cause in (_MASKED_BLOCK, _GUARDED_IN_ONE_PLACE, _(_MASKED_BLOCK), _(_GUARDED_IN_ONE_PLACE)):
            return _(_GUARDED_IN_ONE_PLACE if called_names(self._answer) & _GUARDS else _MASKED_BLOCK)
        return cause


streaming_logsumexp_exercise = _LogsumexpExercise(
    N_("A streaming logsumexp, one block of classes at a time"),
    reference=_torch_logsumexp,
    cases=_logsumexp_cases,
    outputs=("logsumexp",),
    matches=N_("torch.logsumexp"),
    rtol=1e-9,
    atol=1e-12,
    hint=N_(
        "Keep two tensors of shape (N,): the running maximum m, from -inf (logits.new_full((N,), -torch.inf)), "
        "and the running sum s of exp(z - m), from 0 (logits.new_zeros(N)). Loop over the blocks, "
        "block = logits[:, start : start + block_size] for start in range(0, V, block_size). For each block: "
        "new_m = torch.maximum(m, block.max(dim=1).values); where new_m is still -inf (every logit so far "
        "masked), exp(-inf - (-inf)) is nan, so shift by 0 there, shift = torch.where(torch.isinf(new_m), 0.0, "
        "new_m), and use that guarded shift in BOTH exponentials: rescale the old sum, s * torch.exp(m - shift), "
        "and add the block's torch.exp(block - shift[:, None]).sum(dim=1); then m = new_m. At the end, return "
        "m + torch.log(s)."
    ),
    solution=N_(
        "def blockwise_logsumexp(logits, block_size):\n"
        "    n, v = logits.shape                                      # (N, V)\n"
        "    m = logits.new_full((n,), -torch.inf)                    # running max, (N,)\n"
        "    s = logits.new_zeros(n)                                  # running sum of exp(z - m), (N,)\n"
        "    for start in range(0, v, block_size):                    # the last block may be shorter\n"
        "        block = logits[:, start : start + block_size]        # (N, B)\n"
        "        new_m = torch.maximum(m, block.max(dim=1).values)    # the max so far can only grow\n"
        "        shift = torch.where(torch.isinf(new_m), 0.0, new_m)  # all -inf so far: shift by 0, no nan\n"
        "        s = s * torch.exp(m - shift) + torch.exp(block - shift[:, None]).sum(dim=1)\n"
        "        m = new_m\n"
        "    return m + torch.log(s)                                  # a row all -inf: -inf + log(0) = -inf"
    ),
    mistakes=[
        (
            _without_rescaling,
            N_(
                "when a block brings a larger maximum, the sum so far still holds exp(z - m) for the old m: rescale "
                "it by exp(m - new_m) before adding the block's exp(block - new_m).sum(dim=1)."
            ),
        ),
        (
            _without_shift,
            N_(
                "exp(1000) overflows to inf (and exp(-1000) underflows to 0, whose log is -inf). Subtract the running "
                "maximum before torch.exp: shift invariance makes that exact, and no exponential exceeds 1."
            ),
        ),
        (
            _without_last_partial_block,
            N_(
                "your loop leaves out the last block, shorter when V is not a multiple of block_size (and the only "
                "one when block_size >= V): range(V // block_size) counts only the full blocks. Loop over "
                "range(0, V, block_size); the slice logits[:, start : start + block_size] stops at V by itself."
            ),
        ),
        (
            _block_max,
            N_(
                "you shifted by the block's own maximum, not the running one: a block far below an earlier one "
                "rescales the sum by exp(m - m_block), which overflows (exp(2000) is inf). The maximum so far "
                "can only grow: torch.maximum(m, block.max(dim=1).values)."
            ),
        ),
        (
            _log_s_only,
            N_(
                "log(s) is the logsumexp of the shifted logits, z - m; shift invariance gives back the unshifted "
                "one: logsumexp(z) = m + log(s)."
            ),
        ),
        (_nan_on_masked_block, _MASKED_BLOCK),
        (_guarded_in_one_place, _GUARDED_IN_ONE_PLACE),  # the same nan: told apart by _LogsumexpExercise
        (
            _inverted_rescale,
            N_(
                "the rescale is upside down: the old sum s holds exp(z - m), relative to the old maximum m; moving it "
                "to the new, larger maximum multiplies it by exp(m - new_m) <= 1, not by its inverse. "
                "exp(new_m - m) is inf on the first block (m = -inf), and 0 * inf is nan."
            ),
        ),
    ],
    forbidden_calls=[
        (
            name,
            N_(
                "the exercise is to build it from a running maximum and a running sum, a block at a time; "
                "torch.logsumexp of a whole row is what it is checked against."
            ),
        )
        for name in ("logsumexp", "streaming_logsumexp")
    ],
)


# ---- Exercise 2: one chunk's gradients of the batch's mean loss -----------------------------------------


def _chunk_cases() -> list[tuple]:
    """(hidden (C, H), weight (V, H), target (C,), n_tokens), float64, with H != V so that a transposed
    product shows; one decimal, so that a failing case prints short."""
    import torch

    generator = torch.Generator().manual_seed(8)

    def numbers(*shape):
        return torch.randn(*shape, generator=generator, dtype=torch.float64).mul(10).round().div(10)

    return [
        (numbers(2, 3), numbers(4, 3), torch.tensor([1, 3]), 5),  # a chunk of 2 tokens out of 5
        (numbers(1, 3), numbers(4, 3), torch.tensor([2]), 4),  # a chunk of one token
        (numbers(3, 2), numbers(5, 2), torch.tensor([4, 0, 2]), 3),  # the whole batch in one chunk
        (  # logits of +-800: exp overflows
            torch.tensor([[10.0, 0.0], [0.0, -10.0]], dtype=torch.float64),
            torch.tensor([[80.0, 0.0], [0.0, 80.0], [-80.0, 0.0]], dtype=torch.float64),
            torch.tensor([1, 2]),
            6,
        ),
    ]


def _autograd_gradients(hidden, weight, target, n_tokens):
    """The gradients autograd gives for the chunk's share of the batch's mean loss."""
    import torch
    import torch.nn.functional as F

    hidden, weight = hidden.detach().requires_grad_(), weight.detach().requires_grad_()
    with torch.enable_grad():
        loss = F.cross_entropy(hidden @ weight.T, target, reduction="sum") / n_tokens
        return torch.autograd.grad(loss, (hidden, weight))


def _chunk_g(hidden, weight, target, divisor, probs=None, onehot=True):
    """(probs - onehot) / divisor for the chunk, probs defaulting to softmax over the classes."""
    import torch

    logits = hidden @ weight.T
    probs = torch.softmax(logits, dim=1) if probs is None else probs(logits)
    return (probs - torch.nn.functional.one_hot(target, weight.shape[0]) * onehot) / divisor


def _over_chunk_size(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, hidden.shape[0])
    return g @ weight, g.T @ hidden


def _without_mean(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, 1)
    return g @ weight, g.T @ hidden


def _sign_flipped(hidden, weight, target, n_tokens):
    g = -_chunk_g(hidden, weight, target, n_tokens)
    return g @ weight, g.T @ hidden


def _without_onehot(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens, onehot=False)
    return g @ weight, g.T @ hidden


def _hidden_through_weight_t(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens)
    return g @ weight.T, g.T @ hidden


def _weight_transposed(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens)
    return g @ weight, hidden.T @ g


def _softmax_over_tokens(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens, probs=lambda z: z.softmax(dim=0))
    return g @ weight, g.T @ hidden


def _log_softmax_instead(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens, probs=lambda z: z.log_softmax(dim=1))
    return g @ weight, g.T @ hidden


def _naive_softmax(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens, probs=lambda z: z.exp() / z.exp().sum(dim=1, keepdim=True))
    return g @ weight, g.T @ hidden


def _swapped(hidden, weight, target, n_tokens):
    g = _chunk_g(hidden, weight, target, n_tokens)
    return g.T @ hidden, g @ weight


def _grad_hidden_only(hidden, weight, target, n_tokens):
    return _chunk_g(hidden, weight, target, n_tokens) @ weight


chunk_gradient_exercise = TensorExercise(
    N_("One chunk's gradients of the batch's mean loss"),
    reference=_autograd_gradients,
    cases=_chunk_cases,
    outputs=("grad_hidden", "grad_weight"),
    matches=N_("the gradients autograd gives"),
    rtol=1e-9,
    atol=1e-12,
    hint=N_(
        "Compute the chunk's logits, logits = hidden @ weight.T, (C, V), and their probabilities, "
        "torch.softmax(logits, dim=1): each token's softmax over the classes. Each token's loss has the gradient "
        "softmax - onehot(target) with respect to its logits (notebook 05): subtract 1 at each token's target "
        "class (torch.nn.functional.one_hot(target, V), or G[torch.arange(C), target] -= 1). Divide by "
        "n_tokens, the number of tokens in the whole batch, not by the chunk's C: the loss is the batch's mean. "
        "Call that G, (C, V). The chain rule through logits = hidden @ weight.T then gives "
        "grad_hidden = G @ weight, (C, H), and grad_weight = G.T @ hidden, (V, H): each gradient has the shape "
        "of its tensor. Return both, grad_hidden, grad_weight."
    ),
    solution=N_(
        "def chunk_gradients(hidden, weight, target, n_tokens):\n"
        "    logits = hidden @ weight.T                                      # (C, V): this chunk's only\n"
        "    onehot = torch.nn.functional.one_hot(target, logits.shape[1])   # (C, V)\n"
        "    G = (torch.softmax(logits, dim=1) - onehot) / n_tokens          # d mean loss / d logits\n"
        "    grad_hidden = G @ weight                                        # (C, V) @ (V, H) = (C, H)\n"
        "    grad_weight = G.T @ hidden                                      # (V, C) @ (C, H) = (V, H)\n"
        "    return grad_hidden, grad_weight"
    ),
    mistakes=[
        (
            _over_chunk_size,
            N_(
                "the loss is the mean over all n_tokens tokens of the batch, not over this chunk's C: divide by "
                "n_tokens. Divided by C, every chunk's gradients are n_tokens / C times too large."
            ),
        ),
        (
            _without_mean,
            N_(
                "that is the gradient of the summed loss; the batch's mean divides it by n_tokens, the number of "
                "tokens in the whole batch."
            ),
        ),
        (
            _sign_flipped,
            N_(
                "the sign is flipped: the loss falls when the target's logit rises, so its entry of G is negative: "
                "softmax - onehot, not onehot - softmax."
            ),
        ),
        (
            _without_onehot,
            N_(
                "that is the gradient of logsumexp alone; the loss is logsumexp(z) - z_y, and its -z_y term adds -1 "
                "at each token's target: subtract onehot(target)."
            ),
        ),
        (
            _hidden_through_weight_t,
            N_(
                "G is (C, V) and weight is (V, H): grad_hidden = G @ weight, (C, H). The logits are "
                "hidden @ weight.T, so the chain rule multiplies by weight itself, not by its transpose."
            ),
        ),
        (
            _weight_transposed,
            N_(
                "hidden.T @ G is (H, V), the transpose of grad_weight; a gradient has the shape of its tensor, "
                "weight's (V, H): grad_weight = G.T @ hidden."
            ),
        ),
        (
            _softmax_over_tokens,
            N_(
                "softmax along dim 0 spreads each class over the chunk's tokens; each token's distribution is over "
                "the classes, along dim=1."
            ),
        ),
        (
            _log_softmax_instead,
            N_(
                "that starts from log_softmax; the gradient of the loss with respect to the logits is "
                "softmax(z) - onehot(target), the probabilities themselves."
            ),
        ),
        (
            _grad_hidden_only,
            N_(
                "that is grad_hidden alone. The chunk's loss depends on weight too, and the chunked loss adds each "
                "chunk's grad_weight into weight's gradient: return both, grad_hidden, grad_weight."
            ),
        ),
        (
            _swapped,
            N_(
                "the pair is the wrong way round: return grad_hidden first, then grad_weight, in the order of the "
                "arguments."
            ),
        ),
        (
            _naive_softmax,
            N_(
                "exp(800) overflows to inf, and inf / inf is nan. torch.softmax subtracts each row's largest logit "
                "first: use it."
            ),
        ),
    ],
    forbidden_calls=[
        (
            name,
            N_(
                "the exercise is to write the gradients yourself, from softmax - onehot: the chunked loss's backward "
                "pass computes them by hand, one chunk at a time, with no graph to call autograd on."
            ),
        )
        for name in ("backward", "grad")
    ],
)


# ---- Exercise 3: label smoothing, Megatron's alpha to PyTorch's ---------------------------------------------


def _megatron_to_pytorch(alpha, vocab_size):
    """The label_smoothing whose target gives the V - 1 wrong classes alpha in total: a (V - 1) / V = alpha."""
    return alpha / ((vocab_size - 1) / vocab_size)


class _SmoothingExercise(FunctionExercise):
    """A wrong number that no known mistake explains is told the target it gives; a known mistake is named only
    when it agrees with the answer on every case (at V = 32000, alpha * V / (V + 1) and the inverse conversion
    differ by a part in a billion; V = 2 tells them apart); and a label_smoothing outside [0, 1], which PyTorch
    refuses above 1 and ignores below 0, is told so."""

    def _likely_cause(self, runs: list[Run], expected: list, failing: int) -> str | None:
        cause = super()._likely_cause(runs, expected, failing)
        got = attempt(np.asarray, runs[failing].value, np.float64) if runs[failing].error is None else None
        if got is None or got.shape != ():
            return cause
        named = [wrong for wrong, why in self.mistakes if cause in (why, _(why))]
        if named and not all(self._agrees(run, named[0], args) for run, args in zip(runs, self.cases)):
            cause = self._wrong_value_cause(got, self.cases[failing])
        if not 0 <= got <= 1 and not np.isnan(got):
            if got > 1:
                outside = _(
                    "PyTorch's label_smoothing must lie in [0, 1]: F.cross_entropy raises an error for {value:.6g}."
                )
            else:
                outside = _(
                    "PyTorch's label_smoothing must lie in [0, 1]: F.cross_entropy silently takes {value:.6g} as no "
                    "smoothing at all."
                )
            outside = outside.format(value=float(got))
            cause = f"{_(cause)} {outside}" if cause else outside
        return cause

    def _agrees(self, run: Run, wrong, args: tuple) -> bool:
        """Whether ``run`` gave, without an error, the number the known mistake ``wrong`` gives on ``args``."""
        got = attempt(np.asarray, run.value, np.float64) if run.error is None else None
        return (
            got is not None
            and got.shape == ()
            and bool(np.isclose(got, wrong(*args), rtol=max(self.rtol, 1e-6), atol=self.atol, equal_nan=True))
        )

    def _wrong_value_cause(self, got: np.ndarray, args: tuple) -> str | None:
        smoothing = attempt(float, got)
        if smoothing is None or not np.isfinite(smoothing):
            return None
        alpha, vocab_size = args
        return _(
            "with label_smoothing={smoothing:.6g}, PyTorch's target gives the {wrong} wrong classes {total:.6g} in "
            "total, where Megatron's alpha={alpha:g} gives them {alpha:g}: the two targets must be the same."
        ).format(
            smoothing=smoothing, wrong=vocab_size - 1, total=smoothing * (vocab_size - 1) / vocab_size, alpha=alpha
        )


smoothing_conversion_exercise = _SmoothingExercise(
    N_("Label smoothing from Megatron's alpha to PyTorch's"),
    reference=_megatron_to_pytorch,
    cases=[(0.1, 32000), (0.1, 2), (0.1, 3), (0.2, 10), (0, 32000), (0.0, 3), (0.5, 2)],
    hint=N_(
        "Write down both targets. PyTorch's label_smoothing=a puts 1 - a + a/V on the true class and a/V on "
        "each of the V - 1 others, so the wrong classes get a (V - 1) / V in total; Megatron's alpha gives them "
        "alpha in total. Solve a (V - 1) / V = alpha for a."
    ),
    solution=N_(
        "def megatron_to_pytorch(alpha, vocab_size):\n"
        "    # PyTorch's label_smoothing a gives the V - 1 wrong classes a * (V - 1) / V in total; Megatron's\n"
        "    # alpha gives them alpha. Equal targets: a = alpha * V / (V - 1).\n"
        "    return alpha * vocab_size / (vocab_size - 1)"
    ),
    mistakes=[
        (
            lambda alpha, vocab_size: alpha * (vocab_size - 1) / vocab_size,
            N_(
                "that is the other way round, the total PyTorch's label_smoothing=alpha gives the wrong classes, "
                "alpha (V - 1) / V: Megatron's alpha from PyTorch's. Here the unknown is PyTorch's label_smoothing: "
                "the one whose share for the V - 1 wrong classes comes to Megatron's alpha."
            ),
        ),
        (
            lambda alpha, vocab_size: alpha,
            N_(
                "PyTorch's label_smoothing=alpha is not Megatron's alpha: PyTorch spreads it over all V classes, "
                "the true one included, so the V - 1 wrong classes get alpha (V - 1) / V, less than alpha. Find the "
                "label_smoothing, a little larger, whose share for the wrong classes is alpha."
            ),
        ),
        (
            lambda alpha, vocab_size: alpha / vocab_size,
            N_(
                "alpha / V is the probability each class gets from PyTorch's label_smoothing=alpha, not the "
                "label_smoothing itself. The function returns PyTorch's argument: the total it spreads over all V "
                "classes, the true one included, chosen so that the V - 1 wrong classes get alpha together."
            ),
        ),
        (
            lambda alpha, vocab_size: alpha / (vocab_size - 1),
            N_(
                "alpha / (V - 1) is what each wrong class gets under Megatron's alpha; PyTorch's label_smoothing is "
                "not one class's share but the total it spreads evenly over all V classes, the true one included."
            ),
        ),
    ],
)
