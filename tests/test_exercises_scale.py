"""Notebook 08's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import assert_named_cause, solution_namespace

from course_utils.exercises import chunk_gradient_exercise, smoothing_conversion_exercise, streaming_logsumexp_exercise
from course_utils.scale import chunked_linear_cross_entropy, streaming_logsumexp

SETUP = {"torch": torch, "F": F}  # what the notebook's setup cell provides besides np


def test_importing_the_exercises_imports_no_torch():
    code = "import sys, course_utils.exercises; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False" and result.stderr == ""


# ---- Exercise 1: a streaming logsumexp ---------------------------------------------------------------


def test_streaming_logsumexp_solution_passes(capsys):
    answer = solution_namespace(streaming_logsumexp_exercise, capsys, **SETUP)["blockwise_logsumexp"]
    result = streaming_logsumexp_exercise.evaluate(answer)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: A streaming logsumexp, one block of classes at a time. All 7 cases match torch.logsumexp."
    )


def finite_floor(logits, block_size):  # starts the maximum at -1e300, not -inf: no nan to guard against
    m = torch.full(logits.shape[:1], -1e300, dtype=logits.dtype)
    s = torch.zeros(logits.shape[:1], dtype=logits.dtype)
    for start in range(0, logits.shape[1], block_size):
        block = logits[:, start : start + block_size]
        new = torch.maximum(m, block.amax(dim=1))
        s = s * torch.exp(m - new) + torch.exp(block - new[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s)


def in_place_float64(logits, block_size):
    m = logits.new_full((logits.shape[0],), -torch.inf)
    s = logits.new_zeros(logits.shape[0])
    for block in torch.split(logits, block_size, dim=1):
        new = torch.maximum(m, block.max(dim=1).values)
        shift = torch.nan_to_num(new, neginf=0.0)
        s.mul_(torch.exp(m - shift)).add_(torch.exp(block - shift[:, None]).sum(dim=1))
        m = new
    return m + s.log()


def row_by_row(logits, block_size):  # plain Python numbers, one row at a time, gathered into a tensor
    out = []
    for row in logits.tolist():
        m, s = -float("inf"), 0.0
        for start in range(0, len(row), block_size):
            block = torch.tensor(row[start : start + block_size], dtype=torch.float64)
            new = max(m, block.max().item())
            if new == -float("inf"):
                continue
            s = s * np.exp(m - new) + torch.exp(block - new).sum().item()
            m = new
        out.append(m + np.log(s) if s > 0 else -float("inf"))
    return torch.tensor(out, dtype=torch.float64)


@pytest.mark.parametrize("answer", [finite_floor, in_place_float64, row_by_row])
def test_streaming_logsumexp_correct_variants_pass(answer):
    result = streaming_logsumexp_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def without_rescaling(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        m = torch.maximum(m, block.max(dim=1).values)
        s += torch.exp(block - m[:, None]).sum(dim=1)
    return m + torch.log(s)


def without_shift(logits, block_size):
    return torch.log(torch.exp(logits).sum(dim=1))


def full_blocks_only(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for i in range(logits.shape[1] // block_size):
        block = logits[:, i * block_size : (i + 1) * block_size]
        new = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new), 0.0, new)
        s = s * torch.exp(m - shift) + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s)


def block_max(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new = block.max(dim=1).values  # the block's maximum, forgetting the earlier ones
        s = s * torch.exp(m - new) + torch.exp(block - new[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s)


def log_of_the_sum_only(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new), 0.0, new)
        s = s * torch.exp(m - shift) + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new
    return torch.log(s)


def unguarded(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new = torch.maximum(m, block.max(dim=1).values)
        s = s * torch.exp(m - new) + torch.exp(block - new[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s)


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            without_rescaling,
            "On case 1 of 7, blockwise_logsumexp(torch.tensor([[2.0, 1.0, 0.1, -1.0, 3.0, 0.5], [0.0, 0.0, 0.0, "
            "0.0, 0.0, 0.0]], dtype=torch.float64), 2), expected [3.506, 1.79176], got [3.9743, 1.79176]",
            "when a block brings a larger maximum, the sum so far still holds exp(z - m) for the old m",
        ),
        (
            without_shift,
            "On case 3 of 7, blockwise_logsumexp(torch.tensor([[1000.0, 1001.0, 999.0, 1002.0, 998.0], [-1000.0, "
            "-1001.0, -1002.0, -999.0, -1003.0]], dtype=torch.float64), 2), got inf at index (0,) where the expected "
            "value is 1002.45.",
            "exp(1000) overflows to inf",
        ),
        (full_blocks_only, "On case 2 of 7, blockwise_logsumexp(", "your loop leaves out the last block"),
        (
            block_max,
            "On case 6 of 7, blockwise_logsumexp(torch.tensor([[1000.0, 0.0, -1000.0, -1000.0, 999.0]], "
            "dtype=torch.float64), 2), got nan at index (0,)",
            "you shifted by the block's own maximum, not the running one",
        ),
        (log_of_the_sum_only, "got [0.505997, 1.79176]", "log(s) is the logsumexp of the shifted logits"),
        (
            unguarded,
            "On case 7 of 7, blockwise_logsumexp(torch.tensor([[-torch.inf, -torch.inf, 1.0, 2.0, -torch.inf], "
            "[-torch.inf, -torch.inf, -torch.inf, -torch.inf, -torch.inf]], dtype=torch.float64), 2), got nan at "
            "index (0,) where the expected value is 2.31326.",
            "while every logit of a row so far is -inf (masked), its running maximum is -inf",
        ),
    ],
)
def test_streaming_logsumexp_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(streaming_logsumexp_exercise.evaluate(answer), cause, fragment)


def guarded_in_the_block_only(logits, block_size):  # the rescale still uses the unguarded maximum
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new_m = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new_m), 0.0, new_m)
        s = s * torch.exp(m - new_m) + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new_m
    return m + torch.log(s)


def guarded_in_the_rescale_only(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new_m = torch.maximum(m, block.max(dim=1).values)
        shift = torch.nan_to_num(new_m, neginf=0.0)
        s = s * torch.exp(m - shift) + torch.exp(block - new_m[:, None]).sum(dim=1)
        m = new_m
    return m + torch.log(s)


@pytest.mark.parametrize("answer", [guarded_in_the_block_only, guarded_in_the_rescale_only])
def test_a_shift_guarded_in_one_exponential_only_is_told_to_guard_both(answer):
    """Its nan is the same as an answer's that guards nowhere; the advice it already followed is not repeated."""
    result = streaming_logsumexp_exercise.evaluate(answer)
    assert_named_cause(
        result,
        "a guarded shift in one of the two exponentials is not enough",
        "On case 7 of 7, blockwise_logsumexp(torch.tensor([[-torch.inf, -torch.inf, 1.0, 2.0, -torch.inf], ",
    )
    assert "in BOTH places: s * torch.exp(m - shift) and torch.exp(block - shift[:, None])." in result.message
    assert "while every logit of a row so far is -inf" not in result.message


def test_the_hint_says_to_use_the_guarded_shift_in_both_exponentials(capsys):
    streaming_logsumexp_exercise.hint()
    hint = capsys.readouterr().out
    assert "use that guarded shift in BOTH exponentials" in hint
    assert "s * torch.exp(m - shift)" in hint and "torch.exp(block - shift[:, None]).sum(dim=1)" in hint


def inverted_rescale(logits, block_size):
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0], dtype=torch.float64)
    for block in torch.split(logits, block_size, dim=1):
        new_m = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new_m), 0.0, new_m)
        s = s * torch.exp(new_m - m) + torch.exp(block - shift[:, None]).sum(dim=1)
        m = new_m
    return m + torch.log(s)


def test_an_inverted_rescale_is_told_which_way_the_sum_moves():
    assert_named_cause(
        streaming_logsumexp_exercise.evaluate(inverted_rescale),
        "the rescale is upside down: the old sum s holds exp(z - m), relative to the old maximum m; moving it to "
        "the new, larger maximum multiplies it by exp(m - new_m) <= 1, not by its inverse.",
        "On case 1 of 7, blockwise_logsumexp(torch.tensor([[2.0, 1.0, 0.1, -1.0, 3.0, 0.5], [0.0, 0.0, 0.0, 0.0, "
        "0.0, 0.0]], dtype=torch.float64), 2), got nan at index (0,) where the expected value is 3.506.",
    )


def test_the_streaming_hint_carries_the_steps(capsys):
    streaming_logsumexp_exercise.hint()
    hint = capsys.readouterr().out
    for step in (
        "Keep two tensors of shape (N,): the running maximum m",
        "the running sum s",
        "new_m = torch.maximum(m, block.max(dim=1).values)",
        "shift = torch.where(torch.isinf(new_m), 0.0, new_m)",
        "range(0, V, block_size)",
        "return m + torch.log(s)",
    ):
        assert step in hint, step


def float32_running_sum(logits, block_size):  # torch.zeros(n) is float32, and s *= ... keeps it so
    m = torch.full((logits.shape[0],), -torch.inf, dtype=torch.float64)
    s = torch.zeros(logits.shape[0])
    for block in torch.split(logits, block_size, dim=1):
        new = torch.maximum(m, block.max(dim=1).values)
        shift = torch.where(torch.isinf(new), 0.0, new)
        s *= torch.exp(m - shift)
        s += torch.exp(block - shift[:, None]).sum(dim=1)
        m = new
    return m + torch.log(s)


def test_a_float32_running_sum_is_told_its_precision():
    assert_named_cause(
        streaming_logsumexp_exercise.evaluate(float32_running_sum),
        "your values agree with the reference to float32's precision only",
        "On case 1 of 7",
    )


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (
            lambda logits, block_size: torch.logsumexp(logits, dim=1).numpy(),
            "Your function calls logsumexp(); the exercise is to build it from a running maximum",
        ),
        (streaming_logsumexp, "That is course_utils's own streaming_logsumexp, not yours"),
        (torch.logsumexp, "That is torch's own logsumexp, not yours"),
    ],
)
def test_streaming_logsumexp_forbidden_calls(answer, fragment):
    result = streaming_logsumexp_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_streaming_logsumexp_cases_catch_each_mistake():
    cases = streaming_logsumexp_exercise.cases
    assert all(logits.dtype == torch.float64 for logits, _ in cases)
    assert any(logits.abs().max() >= 1000 for logits, _ in cases)  # exp overflows
    assert any(logits.shape[1] % block > 0 and logits.shape[1] > block for logits, block in cases)  # partial block
    assert any(block == 1 for _, block in cases) and any(block >= logits.shape[1] for logits, block in cases)
    for logits, block in cases:  # the blocks' maxima, row by row: (N, blocks)
        maxima = torch.stack([b.max(dim=1).values for b in torch.split(logits, block, dim=1)], dim=1)
        if maxima.shape[1] > 1 and (maxima[:, 1:].max(dim=1).values > maxima[:, 0]).any():
            break
    else:
        pytest.fail("no case whose maximum arrives in a later block")
    masked = [logits for logits, block in cases if torch.isinf(logits[:, :block]).all(dim=1).any()]
    assert masked and any(torch.isinf(logits).all(dim=1).any() for logits in masked)  # a row all -inf, too
    # The largest logit in the first block and a later block more than 709 below it: exp(m - m_block) overflows.
    assert any(
        logits.shape[1] > block
        and logits[:, :block].max() == logits.max()
        and logits[:, block : 2 * block].max() < logits.max() - 709
        for logits, block in cases
    )


def test_the_reference_is_the_packages_streaming_logsumexp():
    for logits, block_size in streaming_logsumexp_exercise.cases:
        torch.testing.assert_close(
            streaming_logsumexp(logits, block_size),
            streaming_logsumexp_exercise.reference(logits, block_size),
            rtol=1e-12,
            atol=0,
        )


# ---- Exercise 2: one chunk's gradients ---------------------------------------------------------------


def test_chunk_gradients_solution_passes(capsys):
    answer = solution_namespace(chunk_gradient_exercise, capsys, **SETUP)["chunk_gradients"]
    result = chunk_gradient_exercise.evaluate(answer)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: One chunk's gradients of the batch's mean loss. All 4 cases match the gradients autograd gives."
    )


def minus_one_at_the_target(hidden, weight, target, n_tokens):
    g = torch.softmax(hidden @ weight.T, dim=-1)
    g[torch.arange(len(target)), target] -= 1
    g /= n_tokens
    return g @ weight, g.T @ hidden


def with_einsum_and_a_list(hidden, weight, target, n_tokens):
    probs = F.softmax(torch.einsum("ch,vh->cv", hidden, weight), dim=1)
    g = (probs - F.one_hot(target, num_classes=weight.shape[0]).to(probs.dtype)) / n_tokens
    return [torch.einsum("cv,vh->ch", g, weight), torch.einsum("cv,ch->vh", g, hidden)]


@pytest.mark.parametrize("answer", [minus_one_at_the_target, with_einsum_and_a_list])
def test_chunk_gradients_correct_variants_pass(answer):
    result = chunk_gradient_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def g_of(hidden, weight, target, divisor, probs=None, onehot=1.0):
    logits = hidden @ weight.T
    probs = torch.softmax(logits, dim=1) if probs is None else probs
    return (probs - onehot * F.one_hot(target, weight.shape[0])) / divisor


def over_chunk_size(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, len(target))
    return g @ weight, g.T @ hidden


def summed(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, 1)
    return g @ weight, g.T @ hidden


def onehot_minus_softmax(hidden, weight, target, n_tokens):
    g = -g_of(hidden, weight, target, n_tokens)
    return g @ weight, g.T @ hidden


def softmax_only(hidden, weight, target, n_tokens):
    g = torch.softmax(hidden @ weight.T, dim=1) / n_tokens
    return g @ weight, g.T @ hidden


def through_weight_t(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, n_tokens)
    return g @ weight.T, g.T @ hidden


def hidden_t_first(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, n_tokens)
    return g @ weight, hidden.T @ g


def softmax_dim0(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, n_tokens, probs=torch.softmax(hidden @ weight.T, dim=0))
    return g @ weight, g.T @ hidden


def log_softmax_instead(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, n_tokens, probs=F.log_softmax(hidden @ weight.T, dim=1))
    return g @ weight, g.T @ hidden


def grad_hidden_only(hidden, weight, target, n_tokens):
    return g_of(hidden, weight, target, n_tokens) @ weight


def weight_first(hidden, weight, target, n_tokens):
    g = g_of(hidden, weight, target, n_tokens)
    return g.T @ hidden, g @ weight


def naive_softmax(hidden, weight, target, n_tokens):
    e = torch.exp(hidden @ weight.T)
    g = g_of(hidden, weight, target, n_tokens, probs=e / e.sum(dim=1, keepdim=True))
    return g @ weight, g.T @ hidden


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            over_chunk_size,
            "On case 1 of 4, chunk_gradients(torch.tensor([[",
            "the loss is the mean over all n_tokens tokens of the batch, not over this chunk's C",
        ),
        (summed, "On case 1 of 4", "that is the gradient of the summed loss"),
        (onehot_minus_softmax, "On case 1 of 4", "the sign is flipped"),
        (softmax_only, "for grad_hidden, expected [[", "that is the gradient of logsumexp alone"),
        (
            through_weight_t,
            "your function raised RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x4 and 3x4).",
            "G is (C, V) and weight is (V, H): grad_hidden = G @ weight, (C, H).",
        ),
        (
            hidden_t_first,
            "for grad_weight, expected a tensor of shape (4, 3), got a tensor of shape (3, 4).",
            "hidden.T @ G is (H, V), the transpose of grad_weight",
        ),
        (softmax_dim0, "On case 1 of 4", "softmax along dim 0 spreads each class over the chunk's tokens"),
        (log_softmax_instead, "On case 1 of 4", "that starts from log_softmax"),
        (
            grad_hidden_only,
            "got one tensor, of shape (2, 3); return both, as a pair: return grad_hidden, grad_weight.",
            "that is grad_hidden alone",
        ),
        (
            weight_first,
            "for grad_hidden, expected a tensor of shape (2, 3), got a tensor of shape (4, 3).",
            "the pair is the wrong way round",
        ),
        (
            naive_softmax,
            "On case 4 of 4, chunk_gradients(torch.tensor([[10.0, 0.0], [0.0, -10.0]], dtype=torch.float64), "
            "torch.tensor([[80.0, 0.0], [0.0, 80.0], [-80.0, 0.0]], dtype=torch.float64), torch.tensor([1, 2]), 6), "
            "for grad_hidden, got nan at index (0, 0)",
            "exp(800) overflows to inf",
        ),
    ],
)
def test_chunk_gradients_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(chunk_gradient_exercise.evaluate(answer), cause, fragment)


def test_the_chunk_hint_carries_the_steps(capsys):
    chunk_gradient_exercise.hint()
    hint = capsys.readouterr().out
    for step in (
        "logits = hidden @ weight.T",
        "torch.softmax(logits, dim=1)",
        "subtract 1 at each token's target class",
        "Divide by n_tokens, the number of tokens in the whole batch, not by the chunk's C",
        "grad_hidden = G @ weight",
        "grad_weight = G.T @ hidden",
    ):
        assert step in hint, step


def with_backward(hidden, weight, target, n_tokens):
    hidden, weight = hidden.requires_grad_(), weight.requires_grad_()
    (F.cross_entropy(hidden @ weight.T, target, reduction="sum") / n_tokens).backward()
    return hidden.grad, weight.grad


def with_autograd_grad(hidden, weight, target, n_tokens):
    hidden, weight = hidden.requires_grad_(), weight.requires_grad_()
    loss = F.cross_entropy(hidden @ weight.T, target, reduction="sum") / n_tokens
    return torch.autograd.grad(loss, (hidden, weight))


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (with_backward, "Your function calls backward(); the exercise is to write the gradients yourself"),
        (with_autograd_grad, "Your function calls grad(); the exercise is to write the gradients yourself"),
    ],
)
def test_chunk_gradients_forbidden_calls(answer, fragment):
    result = chunk_gradient_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_chunk_gradients_cases_catch_each_mistake():
    cases = chunk_gradient_exercise.cases
    for hidden, weight, target, n_tokens in cases:
        assert hidden.dtype == weight.dtype == torch.float64 and target.dtype == torch.int64
        assert weight.shape[0] != weight.shape[1]  # H != V: a transposed product has the wrong shape
        assert len(target) == hidden.shape[0] <= n_tokens
    assert any(len(target) < n for _, _, target, n in cases)  # the chunk is part of the batch: C != n_tokens
    assert any(len(target) == 1 for _, _, target, _ in cases)
    assert any((hidden @ weight.T).abs().max() > 709 for hidden, weight, _, _ in cases)  # exp overflows


def test_summed_over_the_chunks_the_gradients_are_the_whole_batchs():
    """What the exercise's function is for: a batch of 7 tokens in chunks of 3, 3 and 1, each chunk's gradients
    added up, give the gradients of the batch's mean loss, as chunked_linear_cross_entropy computes them."""
    generator = torch.Generator().manual_seed(0)
    hidden = torch.randn(7, 5, generator=generator, dtype=torch.float64, requires_grad=True)
    weight = torch.randn(11, 5, generator=generator, dtype=torch.float64, requires_grad=True)
    target = torch.randint(0, 11, (7,), generator=generator)
    chunks = [slice(0, 3), slice(3, 6), slice(6, 7)]
    parts = [chunk_gradient_exercise.reference(hidden[rows], weight, target[rows], 7) for rows in chunks]
    grad_hidden = torch.cat([part[0] for part in parts])
    grad_weight = sum(part[1] for part in parts)
    chunked_linear_cross_entropy(hidden, weight, target, chunk_size=3).backward()
    torch.testing.assert_close(grad_hidden, hidden.grad, rtol=1e-12, atol=1e-15)
    torch.testing.assert_close(grad_weight, weight.grad, rtol=1e-12, atol=1e-15)


# ---- Exercise 3: label smoothing, Megatron's alpha to PyTorch's ---------------------------------------------


def test_smoothing_conversion_solution_passes(capsys):
    answer = solution_namespace(smoothing_conversion_exercise, capsys, **SETUP)["megatron_to_pytorch"]
    result = smoothing_conversion_exercise.evaluate(answer)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: Label smoothing from Megatron's alpha to PyTorch's. All 7 cases match the reference, without "
        "warnings."
    )


@pytest.mark.parametrize(
    "answer",
    [
        lambda alpha, vocab_size: alpha / (1 - 1 / vocab_size),
        lambda alpha, vocab_size: torch.tensor(alpha * vocab_size / (vocab_size - 1)),  # float32 is close enough
        lambda alpha, vocab_size: np.float64(alpha) * vocab_size / (vocab_size - 1),
    ],
)
def test_smoothing_conversion_correct_variants_pass(answer):
    result = smoothing_conversion_exercise.evaluate(answer)
    assert result.state == "correct", result.message


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            lambda alpha, vocab_size: alpha * (vocab_size - 1) / vocab_size,
            "On case 1 of 7, megatron_to_pytorch(0.1, 32000), expected 0.100003, got 0.0999969",
            "that is the other way round",
        ),
        (
            lambda alpha, vocab_size: alpha,
            "expected 0.100003, got 0.1;",
            "PyTorch's label_smoothing=alpha is not Megatron's alpha",
        ),
        (lambda alpha, vocab_size: alpha / vocab_size, "got 3.125e-06", "alpha / V is the probability each class"),
        (
            lambda alpha, vocab_size: alpha / (vocab_size - 1),
            "got 3.1251e-06",
            "alpha / (V - 1) is what each wrong class gets",
        ),
        (
            lambda alpha, vocab_size: 2 * alpha,
            "got 0.2",
            "with label_smoothing=0.2, PyTorch's target gives the 31999 wrong classes 0.199994 in total, where "
            "Megatron's alpha=0.1 gives them 0.1: the two targets must be the same.",
        ),
    ],
)
def test_smoothing_conversion_mistakes_fail_and_say_why(answer, fragment, cause):
    result = smoothing_conversion_exercise.evaluate(answer)
    assert_named_cause(result, cause, fragment)
    assert "must lie in [0, 1]" not in result.message  # every value here is in range


def test_a_mistake_that_agrees_with_a_known_one_at_v_32000_only_is_not_named_after_it():
    """alpha * V / (V + 1) and the inverse conversion, alpha * (V - 1) / V, agree within rtol at V = 32000 (the
    first case), not at V = 2: no wrong cause, the target it gives instead."""
    result = smoothing_conversion_exercise.evaluate(lambda alpha, vocab_size: alpha * vocab_size / (vocab_size + 1))
    assert_named_cause(
        result,
        "with label_smoothing=0.0999969, PyTorch's target gives the 31999 wrong classes 0.0999938 in total, where "
        "Megatron's alpha=0.1 gives them 0.1: the two targets must be the same.",
        "On case 1 of 7, megatron_to_pytorch(0.1, 32000), expected 0.100003, got 0.0999969",
    )
    assert "the other way round" not in result.message


def test_a_label_smoothing_above_1_is_told_pytorchs_range():
    result = smoothing_conversion_exercise.evaluate(lambda alpha, vocab_size: alpha * (vocab_size - 1))
    assert_named_cause(
        result,
        "with label_smoothing=3199.9, PyTorch's target gives the 31999 wrong classes 3199.8 in total, where "
        "Megatron's alpha=0.1 gives them 0.1: the two targets must be the same. PyTorch's label_smoothing must lie "
        "in [0, 1]: F.cross_entropy raises an error for 3199.9.\n",
        "On case 1 of 7, megatron_to_pytorch(0.1, 32000), expected 0.100003, got 3199.9",
    )
    with pytest.raises(RuntimeError, match="label_smoothing must be between 0.0 and 1.0"):
        F.cross_entropy(torch.zeros(1, 3), torch.tensor([0]), label_smoothing=3199.9)


def test_a_negative_label_smoothing_is_told_pytorchs_range():
    result = smoothing_conversion_exercise.evaluate(lambda alpha, vocab_size: -alpha)
    assert result.state == "incorrect", result.message
    assert result.message.splitlines()[1].endswith(
        " PyTorch's label_smoothing must lie in [0, 1]: F.cross_entropy silently takes -0.1 as no smoothing at all."
    ), result.message
    logits, target = torch.tensor([[2.0, 0.0, -1.0]]), torch.tensor([0])
    assert F.cross_entropy(logits, target, label_smoothing=-0.1) == F.cross_entropy(logits, target)


def test_the_smoothing_causes_point_at_the_reasoning_without_the_formula(capsys):
    formula = ("V / (V - 1)", "alpha * V", "alpha V")
    for wrong, why in smoothing_conversion_exercise.mistakes:
        assert not any(text in why for text in formula), why
        message = smoothing_conversion_exercise.evaluate(wrong).message
        assert not any(text in message for text in formula), message
    smoothing_conversion_exercise.solution()
    assert "a = alpha * V / (V - 1)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (lambda alpha, vocab_size: None, "your function returned None. Did you forget `return`?"),
        (lambda alpha, vocab_size: (alpha,), "expected a single number, got a tuple of 1"),
        (lambda alpha, vocab_size: alpha.item(), "your function raised AttributeError"),  # an int or a float
        (0.100003, "Expected a function, got float 0.100003."),
    ],
)
def test_smoothing_conversion_wrong_kinds_of_answer(answer, fragment):
    result = smoothing_conversion_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def test_smoothing_conversion_cases():
    cases = smoothing_conversion_exercise.cases
    assert {vocab_size for _, vocab_size in cases} >= {2, 3, 32000}
    assert {alpha for alpha, _ in cases} >= {0, 0.1}
    assert any(type(alpha) is int for alpha, _ in cases) and any(type(alpha) is float for alpha, _ in cases)


def megatron_loss(logits, target, alpha):
    """Megatron's smoothed loss by its own definition: 1 - alpha on the target, alpha shared by the V - 1 others."""
    log_probs = F.log_softmax(logits, dim=1)
    picked = log_probs.gather(1, target[:, None]).squeeze(1)
    others = (log_probs.sum(dim=1) - picked) / (logits.shape[1] - 1)
    return (-(1 - alpha) * picked - alpha * others).mean()


@pytest.mark.parametrize("alpha, vocab_size", smoothing_conversion_exercise.cases)
def test_the_converted_smoothing_gives_megatrons_target_and_loss(alpha, vocab_size):
    smoothing = smoothing_conversion_exercise.reference(alpha, vocab_size)
    target = torch.tensor([0, vocab_size - 1])
    pytorch_target = (1 - smoothing) * F.one_hot(target, vocab_size).double() + smoothing / vocab_size
    megatron_target = torch.full((2, vocab_size), alpha / (vocab_size - 1), dtype=torch.float64)
    megatron_target[torch.arange(2), target] = 1 - alpha
    torch.testing.assert_close(pytorch_target, megatron_target, rtol=1e-12, atol=1e-15)
    logits = torch.randn(2, vocab_size, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    loss = F.cross_entropy(logits, target, label_smoothing=smoothing)
    torch.testing.assert_close(loss, megatron_loss(logits, target, alpha), rtol=1e-12, atol=1e-15)
    # Megatron's own code path: PyTorch's form with its alpha * V / (V - 1), as in _VocabParallelCrossEntropy.
    scaled = alpha * vocab_size / (vocab_size - 1)
    nll = F.cross_entropy(logits, target, reduction="none")
    inside = ((1 - scaled) * nll - scaled * F.log_softmax(logits, dim=1).mean(dim=1)).mean()
    torch.testing.assert_close(loss, inside, rtol=1e-12, atol=1e-15)


def warns_but_is_right(alpha, vocab_size):
    np.log(np.float64(0))  # a stray divide-by-zero warning, then the right value
    return alpha * vocab_size / (vocab_size - 1)


def test_a_right_value_with_a_warning_is_told_the_warning_alone():
    """No target is described for a value that is right: the warning is what is wrong."""
    message = smoothing_conversion_exercise.evaluate(warns_but_is_right).message
    assert "your function emitted RuntimeWarning: divide by zero encountered in log." in message
    assert "Likely cause" not in message
