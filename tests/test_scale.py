"""course_utils.scale: the chunked linear cross-entropy and the streaming logsumexp, against torch's own."""

import itertools
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course_utils.scale import chunked_linear_cross_entropy, streaming_logsumexp

N_TOKENS, WIDTH, N_CLASSES = 11, 5, 13


def problem(dtype=torch.float64, seed=0, with_bias=True, ignored=(2, 7)):
    """Hidden vectors, weight, bias and targets of a small classifier, leaves that require grad."""
    generator = torch.Generator().manual_seed(seed)
    hidden = torch.randn(N_TOKENS, WIDTH, generator=generator, dtype=dtype) * 2
    weight = torch.randn(N_CLASSES, WIDTH, generator=generator, dtype=dtype)
    bias = torch.randn(N_CLASSES, generator=generator, dtype=dtype) if with_bias else None
    target = torch.randint(0, N_CLASSES, (N_TOKENS,), generator=generator)
    target[list(ignored)] = -100
    leaves = [tensor.requires_grad_() for tensor in (hidden, weight, bias) if tensor is not None]
    return hidden, weight, bias, target, leaves


def loss_and_grads(loss_fn, dtype, with_bias, reduction, **options):
    hidden, weight, bias, target, leaves = problem(dtype, with_bias=with_bias)
    loss = loss_fn(hidden, weight, bias, target, reduction=reduction, **options)
    upstream = (
        torch.linspace(0.5, 2.0, N_TOKENS, dtype=dtype) if reduction == "none" else torch.tensor(1.5, dtype=dtype)
    )
    (loss * upstream).sum().backward()
    return loss.detach(), [leaf.grad for leaf in leaves]


def plain(hidden, weight, bias, target, **options):
    return F.cross_entropy(F.linear(hidden, weight, bias), target, **options)


def chunked(chunk_size):
    def loss_fn(hidden, weight, bias, target, **options):
        return chunked_linear_cross_entropy(hidden, weight, target, bias=bias, chunk_size=chunk_size, **options)

    return loss_fn


OPTIONS = list(itertools.product(["mean", "sum", "none"], [0.0, 0.1], [True, False], [1, 4, N_TOKENS, 1000]))


@pytest.mark.parametrize("reduction, label_smoothing, with_bias, chunk_size", OPTIONS)
def test_float64_value_and_gradients_equal_the_plain_loss(reduction, label_smoothing, with_bias, chunk_size):
    options = {"reduction": reduction, "label_smoothing": label_smoothing}
    want, want_grads = loss_and_grads(plain, torch.float64, with_bias, **options)
    got, got_grads = loss_and_grads(chunked(chunk_size), torch.float64, with_bias, **options)
    torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12)
    for got_grad, want_grad in zip(got_grads, want_grads, strict=True):
        torch.testing.assert_close(got_grad, want_grad, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_float32_agrees_to_float32_precision(reduction):
    want, want_grads = loss_and_grads(plain, torch.float32, True, reduction, label_smoothing=0.05)
    got, got_grads = loss_and_grads(chunked(3), torch.float32, True, reduction, label_smoothing=0.05)
    torch.testing.assert_close(got, want)  # float32's default tolerances
    for got_grad, want_grad in zip(got_grads, want_grads, strict=True):
        torch.testing.assert_close(got_grad, want_grad)


def test_gradcheck_on_a_tiny_problem():
    hidden, weight, bias, target, _ = problem()
    assert torch.autograd.gradcheck(
        lambda h, w, b: chunked_linear_cross_entropy(h, w, target, bias=b, chunk_size=4, label_smoothing=0.2),
        (hidden, weight, bias),
    )


def test_the_backward_pass_keeps_no_logits():
    """What the graph saves for the backward pass: the inputs and one logsumexp per token, never (N, V)."""
    hidden, weight, bias, target, _ = problem()
    loss = chunked_linear_cross_entropy(hidden, weight, target, bias=bias, chunk_size=4)
    saved = loss.grad_fn.saved_tensors
    assert max(tensor.numel() for tensor in saved) == N_CLASSES * WIDTH
    assert not any(tensor.shape == (N_TOKENS, N_CLASSES) for tensor in saved)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_half_precision_inputs_get_a_float32_softmax(dtype):
    """With logits in the tens, the chunked loss (its softmax in float32) is the loss of its rounded inputs to
    within the dtype's spacing; F.cross_entropy on bfloat16 logits on the CPU misses it by more."""
    hidden, weight, bias, target, _ = problem(torch.float64, ignored=())
    low = [tensor.detach().to(dtype) * scale for tensor, scale in zip((hidden, weight, bias), (30, 1, 1))]
    reference = plain(*(tensor.double() for tensor in low), target)  # the loss of the rounded inputs, exactly
    spacing = torch.finfo(dtype).eps * 2 ** torch.floor(torch.log2(reference))  # between two losses in dtype
    chunked_loss = chunked_linear_cross_entropy(low[0], low[1], target, bias=low[2], chunk_size=4)
    assert chunked_loss.dtype == dtype
    assert abs(chunked_loss.double() - reference) <= spacing
    if dtype == torch.bfloat16:  # 8 bits of mantissa: torch's own loss on bfloat16 logits misses
        assert abs(plain(*low, target).double() - reference) > spacing


def test_a_mean_over_no_targets_is_refused():
    hidden, weight, _, _, _ = problem()
    target = torch.full((N_TOKENS,), -100)
    with pytest.raises(ValueError, match=r"^chunked_linear_cross_entropy: target must keep at least one target"):
        chunked_linear_cross_entropy(hidden, weight, target)
    assert chunked_linear_cross_entropy(hidden, weight, target, reduction="sum").item() == 0.0


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"hidden": [[1.0]]}, TypeError, "hidden must be a torch tensor of shape (N, H); got [[1.0]]"),
        ({"hidden": torch.ones(2, 3, 4)}, ValueError, "hidden must have shape (N, H); got shape (2, 3, 4)"),
        ({"weight": torch.ones(N_CLASSES, 3, dtype=torch.float64)}, ValueError, "weight must have shape (V, 5)"),
        ({"weight": torch.ones(N_CLASSES, WIDTH)}, TypeError, "weight must have hidden's dtype, torch.float64"),
        ({"bias": torch.ones(3, dtype=torch.float64)}, ValueError, "bias must have shape (13,)"),
        ({"target": torch.zeros(N_TOKENS)}, TypeError, "target must hold integer class indices; got dtype"),
        ({"target": torch.zeros(3, dtype=torch.long)}, ValueError, "target must have shape (11,), one class index"),
        ({"target": torch.full((N_TOKENS,), 13)}, ValueError, "target must hold class indices in [0, 13) or ignore"),
        ({"chunk_size": 0}, ValueError, "chunk_size must be a positive integer; got 0. Use e.g. chunk_size=1024."),
        ({"chunk_size": True}, TypeError, "chunk_size must be a positive integer; got True."),
        ({"reduction": "avg"}, ValueError, "reduction must be one of 'none', 'mean', 'sum'; got 'avg'."),
        ({"label_smoothing": 1.5}, ValueError, "label_smoothing must lie in [0, 1]; got 1.5."),
        ({"ignore_index": 1.0}, TypeError, "ignore_index must be an integer; got 1.0. The default is -100."),
        ({"ignore_index": 10**30}, ValueError, "ignore_index must fit in int64, like the targets"),
        ({"weight": torch.empty(N_CLASSES, WIDTH, device="meta")}, TypeError, "weight must hold values; got a tensor"),
        (
            {"hidden": torch.full((N_TOKENS, WIDTH), torch.nan, dtype=torch.float64)},
            ValueError,
            "hidden must be finite; got nan at index (0, 0). NaN and infinity come from an earlier step",
        ),
        (
            {"bias": torch.tensor([0.0] * 12 + [torch.inf], dtype=torch.float64)},
            ValueError,
            "bias must be finite; got inf at index (12,)",
        ),
    ],
)
def test_bad_input_is_named(change, error, message):
    hidden, weight, bias, target, _ = problem()
    arguments = {"hidden": hidden, "weight": weight, "target": target, "bias": bias} | change
    with pytest.raises(error) as caught:
        chunked_linear_cross_entropy(**arguments)
    assert str(caught.value).startswith("chunked_linear_cross_entropy: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("block_size", [1, 2, 3, 7, 100])
def test_streaming_logsumexp_is_torchs(block_size):
    generator = torch.Generator().manual_seed(1)
    logits = torch.randn(4, 3, 7, generator=generator, dtype=torch.float64) * 300
    logits[0, 0, :] = -torch.inf  # a row of only masked classes
    logits[1, 2, 3] = -torch.inf
    logits[2, 1, 0] = 1e308  # no overflow: every exponential is at most 1
    torch.testing.assert_close(
        streaming_logsumexp(logits, block_size), torch.logsumexp(logits, dim=-1), rtol=1e-14, atol=0
    )


@pytest.mark.parametrize(
    "logits, block_size, error, message",
    [
        ([1.0, 2.0], 2, TypeError, "logits must be a floating torch tensor; got [1.0, 2.0]"),
        (torch.ones(2, 0), 2, ValueError, "logits must have at least one class along the last dimension"),
        (torch.ones(2, 3), 0, ValueError, "block_size must be a positive integer; got 0"),
    ],
)
def test_streaming_logsumexp_names_bad_input(logits, block_size, error, message):
    with pytest.raises(error, match=r"^streaming_logsumexp: ") as caught:
        streaming_logsumexp(logits, block_size)
    assert message in str(caught.value)


WRONG_KINDS = [
    None,
    "x",
    1.5,
    True,
    [1.0],
    np.ones((4, 3)),
    torch.tensor(1.0),
    torch.ones(4, 3, dtype=torch.complex64),
    torch.ones(4, 3, dtype=torch.bool),
    torch.ones(0, 3),
    torch.empty(4, 3, device="meta"),
    torch.tensor([10**12, 0, 0, 0]),
    10**30,
    -1,
    float("nan"),
]


@pytest.mark.parametrize(
    "name", ["hidden", "weight", "target", "bias", "chunk_size", "ignore_index", "reduction", "label_smoothing"]
)
def test_every_argument_turns_a_wrong_kind_of_value_into_a_named_error(name):
    """A value of the wrong kind in any argument: a TypeError or ValueError in the house pattern, naming the
    argument at fault (hidden's shape can make weight's the one that does not fit)."""
    hidden, weight, bias, target, _ = problem()
    arguments = {"hidden": hidden, "weight": weight, "target": target, "bias": bias, "chunk_size": 4}
    for value in WRONG_KINDS:
        try:
            chunked_linear_cross_entropy(**(arguments | {name: value}))
        except (TypeError, ValueError) as error:
            assert re.match(r"chunked_linear_cross_entropy: \w+ must .+; got .+\.", str(error)), (value, error)
