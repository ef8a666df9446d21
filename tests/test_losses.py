import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils import cross_entropy_loss, log_softmax, nll_loss, softmax
from course_utils.losses import cross_entropy_grad

NOTES_LOGITS = [[0.8982, 0.805, 0.6393, 0.9983, 0.5731, 0.0469, 0.556, 0.1476, 0.8404, 0.5544]]
IGNORE = -100


def test_the_notes_example_three_ways():
    assert round(float(cross_entropy_loss(NOTES_LOGITS, [1])), 4) == 2.1438
    assert round(float(nll_loss(log_softmax(NOTES_LOGITS, axis=1), [1])), 4) == 2.1438
    x = torch.tensor(NOTES_LOGITS)
    assert round(torch.nn.CrossEntropyLoss()(x, torch.tensor([1])).item(), 4) == 2.1438


def test_loss_is_minus_logit_plus_logsumexp():
    x = np.array(NOTES_LOGITS[0])
    assert cross_entropy_loss(x, 1) == pytest.approx(-x[1] + np.log(np.exp(x).sum()))


def test_nll_loss_takes_no_log():
    log_probs = np.log([[0.7, 0.2, 0.1]])
    assert nll_loss(log_probs, [0]) == pytest.approx(-np.log(0.7))
    with np.errstate(invalid="ignore"):
        assert np.isnan(-np.log(np.log(0.7)))  # the notes' -log(log P) is not even defined


def test_untrained_model_starts_near_log_k():
    rng = np.random.default_rng(0)
    logits = rng.normal(scale=0.01, size=(256, 10))
    assert cross_entropy_loss(logits, rng.integers(0, 10, 256)) == pytest.approx(np.log(10), abs=0.01)


def test_weighted_mean_divides_by_the_targets_weights():
    logits = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]])
    target, weight = np.array([0, 1, 1]), np.array([1.0, 3.0, 1.0])
    per_sample = cross_entropy_loss(logits, target, weight=weight, reduction="none")
    mean = cross_entropy_loss(logits, target, weight=weight)
    assert mean == pytest.approx(per_sample.sum() / 7.0)
    assert mean != pytest.approx(per_sample.mean())


def test_ignore_index_leaves_numerator_and_denominator():
    logits = np.array([[2.0, 0.0], [0.0, 2.0], [5.0, -5.0]])
    full = cross_entropy_loss(logits[:2], [0, 1])
    assert cross_entropy_loss(logits, [0, 1, IGNORE]) == pytest.approx(full)
    assert cross_entropy_loss(logits, [0, 1, 7], ignore_index=7) == pytest.approx(full)
    assert cross_entropy_loss(logits, [0, 1, IGNORE], reduction="none")[2] == 0.0


def test_all_ignored_mean_is_an_error_not_nan():
    with pytest.raises(ValueError, match="reduction='sum'"):
        cross_entropy_loss([[1.0, 2.0]], [IGNORE])
    assert cross_entropy_loss([[1.0, 2.0]], [IGNORE], reduction="sum") == 0.0


def test_binary_cross_entropy_with_logits_equals_two_class_cross_entropy():
    z = np.array([-3.0, -0.5, 0.0, 2.0, 10.0])
    y = np.array([0, 1, 1, 0, 1])
    two_logits = np.stack([np.zeros_like(z), z], axis=1)  # class 1 has logit z, class 0 logit 0
    bce = F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(y, dtype=torch.float64)).item()
    assert cross_entropy_loss(two_logits, y) == pytest.approx(bce, rel=1e-12)


def test_gradient_is_softmax_minus_one_hot():
    x = torch.tensor(NOTES_LOGITS, dtype=torch.float64, requires_grad=True)
    F.cross_entropy(x, torch.tensor([1])).backward()
    expected = softmax(np.array(NOTES_LOGITS), axis=1) - np.eye(10)[[1]]
    np.testing.assert_allclose(x.grad.numpy(), expected, atol=1e-12)


def test_masked_logits_and_extremes_without_warning():
    logits = np.array([[0.0, -np.inf, 1e4], [-1e4, 1e4, 0.0]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses = cross_entropy_loss(logits, [2, 1], reduction="none", label_smoothing=0.0)
        assert cross_entropy_loss(logits, [1, 1], reduction="none")[0] == np.inf
        soft = cross_entropy_loss(logits, np.array([[0.5, 0.0, 0.5], [0, 1, 0]], np.float32))
    assert losses.dtype == np.float32
    np.testing.assert_allclose(losses, [0, 0], atol=1e-6)
    assert np.isfinite(soft)


@st.composite
def loss_cases(draw):
    """A random call of F.cross_entropy: shapes, dtype and every option."""
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    n, c = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    extra = draw(st.sampled_from([(), (3,), (2, 3)]))  # K-dimensional input (N, C, d1, ..., dK)
    logits = draw(hnp.arrays(dtype, (n, c) + extra, elements=st.floats(-30, 30, width=32)))
    soft = draw(st.booleans())
    if soft:
        raw = draw(hnp.arrays(np.float64, (n, c) + extra, elements=st.floats(0.01, 1)))
        target = (raw / raw.sum(axis=1, keepdims=True)).astype(dtype)
    else:
        target = draw(hnp.arrays(np.int64, (n,) + extra, elements=st.sampled_from(list(range(c)) + [IGNORE])))
    weight = draw(st.none() | hnp.arrays(dtype, (c,), elements=st.floats(0.25, 3, width=32)))
    options = dict(
        weight=weight,
        reduction=draw(st.sampled_from(["mean", "sum", "none"])),
        label_smoothing=draw(st.sampled_from([0.0, 0.1, 0.35])),
    )
    return logits, target, options


@given(loss_cases())
def test_cross_entropy_loss_matches_torch(case):
    logits, target, options = case
    weight = None if options["weight"] is None else torch.from_numpy(options["weight"])
    expected = F.cross_entropy(
        torch.from_numpy(logits), torch.from_numpy(target), **{**options, "weight": weight}
    ).numpy()
    if np.isnan(expected).any():  # torch's mean over zero targets; ours refuses
        with pytest.raises(ValueError, match="at least one target"):
            cross_entropy_loss(logits, target, **options)
        return
    ours = cross_entropy_loss(logits, target, **options)
    assert np.asarray(ours).dtype == logits.dtype and np.shape(ours) == expected.shape
    tol = dict(rtol=1e-4, atol=1e-4) if logits.dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(ours, expected, **tol)


@given(loss_cases().filter(lambda case: case[1].dtype == np.int64))
def test_nll_loss_matches_torch(case):
    logits, target, options = case
    log_probs = log_softmax(logits, axis=1)
    weight = None if options["weight"] is None else torch.from_numpy(options["weight"])
    expected = F.nll_loss(
        torch.from_numpy(log_probs), torch.from_numpy(target), weight=weight, reduction=options["reduction"]
    ).numpy()
    if np.isnan(expected).any():
        return
    tol = dict(rtol=1e-4, atol=1e-4) if logits.dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(
        nll_loss(log_probs, target, weight=options["weight"], reduction=options["reduction"]), expected, **tol
    )


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_unbatched_input_matches_torch(reduction):
    x = np.array([1.0, -2.0, 0.5])
    expected = F.cross_entropy(torch.tensor(x), torch.tensor(2), reduction=reduction).numpy()
    np.testing.assert_allclose(cross_entropy_loss(x, 2, reduction=reduction), expected, rtol=1e-12)
    soft = F.cross_entropy(
        torch.tensor(x), torch.tensor([0.2, 0.3, 0.5], dtype=torch.float64), reduction=reduction
    ).numpy()
    np.testing.assert_allclose(cross_entropy_loss(x, [0.2, 0.3, 0.5], reduction=reduction), soft, rtol=1e-12)


def torch_grad(logits, target, reduction="mean", ignore_index=IGNORE):
    """What backward() leaves in logits.grad; for reduction="none", the gradient of the losses' sum."""
    x = torch.tensor(logits, requires_grad=True)
    loss = F.cross_entropy(x, torch.tensor(target), reduction=reduction, ignore_index=ignore_index)
    (loss.sum() if reduction == "none" else loss).backward()
    return loss.detach().numpy(), x.grad.numpy()


@given(loss_cases().filter(lambda case: case[1].dtype == np.int64))
def test_cross_entropy_grad_matches_torch_autograd(case):
    logits, target, options = case
    reduction = options["reduction"]
    loss, expected = torch_grad(logits, target, reduction)
    if np.isnan(loss).any():  # torch's mean over zero targets; ours refuses
        with pytest.raises(ValueError, match="at least one target"):
            cross_entropy_grad(logits, target, reduction=reduction)
        return
    ours = cross_entropy_grad(logits, target, reduction=reduction)
    assert ours.dtype == logits.dtype and ours.shape == logits.shape
    tol = dict(rtol=1e-4, atol=1e-6) if logits.dtype == np.float32 else dict(rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(ours, expected, **tol)
    np.testing.assert_allclose(ours.sum(axis=1), 0, atol=1e-5 if logits.dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_cross_entropy_grad_unbatched_and_ignore_index(reduction):
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(
        cross_entropy_grad(x, 2, reduction=reduction), torch_grad(x, 2, reduction)[1], rtol=1e-12
    )
    logits = np.array([[2.0, 0.0], [0.0, 2.0], [5.0, -5.0]])
    np.testing.assert_allclose(
        cross_entropy_grad(logits, [0, 7, 1], ignore_index=7, reduction=reduction),
        torch_grad(logits, [0, 7, 1], reduction, ignore_index=7)[1],
        rtol=1e-12,
    )
    assert (cross_entropy_grad(logits, [0, IGNORE, 1], reduction=reduction)[1] == 0).all()


def test_cross_entropy_grad_is_what_the_notebooks_write():
    logits = np.array(NOTES_LOGITS * 3) + np.arange(3)[:, None]
    target = np.array([1, 4, 9])
    expected = (softmax(logits, axis=1) - np.eye(10)[target]) / 3  # (softmax - onehot) / N
    np.testing.assert_allclose(cross_entropy_grad(logits, target), expected, rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(cross_entropy_grad(logits + 1000, target), expected, atol=1e-13)  # shift invariant


def test_cross_entropy_grad_of_masked_logits_matches_torch_without_warning():
    logits = np.array([[0.0, -np.inf, 2.0], [-np.inf, 1e4, 0.0], [1.0, -np.inf, -np.inf]])
    for target in ([2, 1, 0], [1, 0, 0]):  # the second: masked true classes, infinite losses
        loss, expected = torch_grad(logits, target)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ours = cross_entropy_grad(logits, target)
        np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=1e-300)
        assert np.isfinite(ours).all()  # finite where the loss is infinite, as in torch
    assert loss == np.inf and cross_entropy_loss(logits, [1, 0, 0]) == np.inf


def test_one_hot_wrapper_from_the_forum_takes_the_wrong_axis():
    one_hot = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 1]])
    assert one_hot.argmax(0).tolist() == [2, 0, 1]  # max over dim 0: one index per class, not per sample
    assert one_hot.argmax(1).tolist() == [1, 2, 0, 2]


BAD_CALLS = [
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [2]),
        ValueError,
        ["cross_entropy_loss: target must hold class indices in [0, 2); got 2.", "Labels 1..C? subtract 1"],
    ),
    (lambda: cross_entropy_loss([[1.0, 2.0]], [-1]), ValueError, ["got -1", "ignore_index=-1"]),
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [1.0]),
        TypeError,
        ["target must hold integer class indices of shape (1,), or float probabilities", "astype(int)"],
    ),
    (
        lambda: cross_entropy_loss([[1.0, 2.0, 0.0]], [[0, 1, 0]]),
        ValueError,
        ["target must have shape (1,) for input of shape (1, 3)", "target.argmax(1)"],
    ),
    (
        lambda: cross_entropy_loss(np.zeros((2, 3)), np.array([[0.2, 0.2, 0.2], [1, 0, 0]])),
        ValueError,
        ["target must sum to 1 along axis 1 (tolerance 1e-06); got a sum of 0.6 at index (0,)"],
    ),
    (
        lambda: cross_entropy_loss(np.zeros((1, 3)), [[0.5, 0.7, -0.2]]),
        ValueError,
        ["target must hold probabilities in [0, 1]"],
    ),
    (
        lambda: cross_entropy_loss(np.zeros((2, 3)), [[0, 1]]),
        ValueError,
        ["target must have shape (2,) for input of shape (2, 3)"],
    ),
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [0], reduction="avg"),
        ValueError,
        ["reduction must be one of 'none', 'mean', 'sum'; got 'avg'"],
    ),
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [0], label_smoothing=1.5),
        ValueError,
        ["label_smoothing must lie in [0, 1]; got 1.5"],
    ),
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [0], weight=[1.0, 2.0, 3.0]),
        ValueError,
        ["weight must have one entry per class, shape (2,); got shape (3,)"],
    ),
    (
        lambda: cross_entropy_loss([[1.0, 2.0]], [0], weight=[1.0, -2.0]),
        ValueError,
        ["weight must be finite and non-negative"],
    ),
    (lambda: cross_entropy_loss([[np.nan, 2.0]], [0]), ValueError, ["logits must not contain NaN"]),
    (lambda: cross_entropy_loss(1.0, 0), ValueError, ["logits must have shape (C,), (N, C)"]),
    (lambda: cross_entropy_loss([[1.0, 2.0]], ["a"]), TypeError, ["target must hold integer class indices"]),
    (lambda: cross_entropy_loss([[1.0, 2.0]], [0], ignore_index=0.5), TypeError, ["ignore_index must be an integer"]),
    (
        lambda: nll_loss([[0.7, 0.3]], [0]),
        ValueError,
        ["nll_loss: log_probs must hold log-probabilities (at most 0); got 0.7", "log_softmax"],
    ),
    (
        lambda: nll_loss(np.log([[0.7, 0.3]]), [0.0]),
        TypeError,
        ["nll_loss: target must hold integer class indices of shape (1,); got float64"],
    ),
    (
        lambda: nll_loss(np.log([[0.7, 0.3]]), [0], reduction=None),
        TypeError,
        ["nll_loss: reduction must be one of 'none', 'mean', 'sum'; got None. Pass the name as a string"],
    ),
    (
        lambda: cross_entropy_grad([[1.0, 2.0]], [2]),
        ValueError,
        ["cross_entropy_grad: target must hold class indices in [0, 2); got 2.", "Labels 1..C? subtract 1"],
    ),
    (
        lambda: cross_entropy_grad([[1.0, 2.0]], [[0.3, 0.7]]),
        TypeError,
        ["cross_entropy_grad: target must hold integer class indices of shape (1,); got float64 of shape (1, 2)."],
    ),
    (lambda: cross_entropy_grad([[1.0, 2.0, 0.0]], [[0, 1, 0]]), ValueError, ["target.argmax(1)"]),
    (
        lambda: cross_entropy_grad([[1.0, np.inf]], [0]),
        ValueError,
        ["cross_entropy_grad: logits must be finite or -inf (a mask); got +inf at index (0, 1)."],
    ),
    (lambda: cross_entropy_grad([[np.nan, 2.0]], [0]), ValueError, ["cross_entropy_grad: logits must not contain NaN"]),
    (
        lambda: cross_entropy_grad([[-np.inf, -np.inf]], [0]),
        ValueError,
        ["cross_entropy_grad: logits must have a finite entry along axis 1"],
    ),
    (lambda: cross_entropy_grad([[1.0, 2.0]], [IGNORE]), ValueError, ["reduction='sum'"]),
    (
        lambda: cross_entropy_grad([[1.0, 2.0]], [0], reduction="avg"),
        ValueError,
        ["cross_entropy_grad: reduction must be one of 'none', 'mean', 'sum'; got 'avg'"],
    ),
    (lambda: cross_entropy_grad(1.0, 0), ValueError, ["cross_entropy_grad: logits must have shape (C,), (N, C)"]),
    (lambda: cross_entropy_grad([["a", "b"]], [0]), TypeError, ["cross_entropy_grad: logits must be an array of real"]),
]


@pytest.mark.parametrize("call, error, words", BAD_CALLS)
def test_bad_input_messages(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)
    assert "probabilities of the input" not in str(info.value) or "cross_entropy_loss" in str(info.value)
