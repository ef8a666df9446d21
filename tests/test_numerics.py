import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from course_utils import log_softmax, logit, logsumexp, odds, odds_to_prob, sigmoid, softmax
from tests.conftest import FLOAT_DTYPES, logit_arrays


def tolerance(dtype):
    return dict(rtol=2e-5, atol=2e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-12)


# --- odds and logit -------------------------------------------------------------------------


def test_odds_worked_values():
    np.testing.assert_allclose(odds([0.75, 0.5, 0.9, 0.1]), [3.0, 1.0, 9.0, 1 / 9])
    assert odds(1.0) == np.inf and odds(0.0) == 0.0


def test_odds_to_prob_inverts_odds():
    p = np.linspace(0, 0.99, 100)
    np.testing.assert_allclose(odds_to_prob(odds(p)), p, atol=1e-12)
    assert odds_to_prob(3) == 0.75 and odds_to_prob(np.inf) == 1.0


def test_odds_asymmetry_becomes_symmetry_in_log():
    assert odds(0.9) == pytest.approx(1 / odds(0.1))
    assert logit(0.9) == pytest.approx(-logit(0.1))


@given(st.floats(1e-9, 1 - 1e-9))  # 1 - p must not round to 1
def test_logit_is_odd_about_one_half(p):
    np.testing.assert_allclose(logit(1 - p), -logit(p), rtol=1e-6, atol=1e-9)


def test_logit_against_torch(dtype):
    p = np.array([1e-6, 0.1, 0.5, 0.75, 0.999], dtype=dtype)
    np.testing.assert_allclose(logit(p), torch.logit(torch.from_numpy(p)).numpy(), **tolerance(dtype))
    assert logit(0.5) == 0.0 and logit(0.0) == -np.inf and logit(1.0) == np.inf


@given(st.floats(-15, 15))  # further out, 1 - sigmoid(z) keeps too few digits for the way back
def test_sigmoid_inverts_logit(z):
    np.testing.assert_allclose(logit(sigmoid(z)), z, rtol=1e-6, atol=1e-6)


@given(st.floats(-1e6, 1e6))
def test_sigmoid_stays_in_unit_interval(z):
    assert 0 <= sigmoid(z) <= 1


def test_sigmoid_against_torch(dtype):
    z = np.array([-1000, -50, -1, 0, 1, 50, 1000], dtype=dtype)
    np.testing.assert_allclose(sigmoid(z), torch.sigmoid(torch.from_numpy(z)).numpy(), **tolerance(dtype))


def test_sigmoid_of_extremes_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
        assert sigmoid(-np.inf) == 0.0 and sigmoid(np.inf) == 1.0
        assert sigmoid(np.float32(-1000)).dtype == np.float32


def test_sigmoid_two_forms_agree():
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(sigmoid(z), np.exp(z) / (np.exp(z) + 1), rtol=1e-12)


# --- logsumexp, softmax, log_softmax ----------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@given(data=st.data())
def test_softmax_family_against_torch(dtype, data):
    x = data.draw(logit_arrays(dtype))
    t = torch.from_numpy(x)
    np.testing.assert_allclose(softmax(x, axis=1), torch.softmax(t, dim=1).numpy(), **tolerance(dtype))
    np.testing.assert_allclose(
        log_softmax(x, axis=1),
        torch.log_softmax(t, dim=1).numpy(),
        rtol=tolerance(dtype)["rtol"],
        atol=1e-3 if dtype == np.float32 else 1e-9,
    )
    np.testing.assert_allclose(
        logsumexp(x, axis=1),
        torch.logsumexp(t, dim=1).numpy(),
        rtol=tolerance(dtype)["rtol"],
        atol=1e-3 if dtype == np.float32 else 1e-9,
    )


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@given(data=st.data())
def test_softmax_sums_to_one_and_keeps_dtype(dtype, data):
    x = data.draw(logit_arrays(dtype, min_dims=1, max_dims=3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs = softmax(x, axis=-1)
    assert probs.dtype == dtype and probs.shape == x.shape
    np.testing.assert_allclose(probs.sum(axis=-1), 1, atol=1e-5 if dtype == np.float32 else 1e-12)
    assert (probs >= 0).all()


@given(logit_arrays(np.float64, bound=100), st.floats(-1e3, 1e3))
def test_softmax_shift_invariance(x, shift):
    np.testing.assert_allclose(softmax(x + shift, axis=1), softmax(x, axis=1), atol=1e-9)
    np.testing.assert_allclose(log_softmax(x + shift, axis=1), log_softmax(x, axis=1), atol=1e-9)


@given(st.floats(-50, 50))
def test_two_class_softmax_is_sigmoid(z):
    np.testing.assert_allclose(softmax([z, 0.0])[0], sigmoid(z), rtol=1e-12, atol=1e-300)


def test_naive_softmax_fails_where_ours_does_not():
    x = np.array([1000.0, 1001.0, 999.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = np.exp(x) / np.exp(x).sum()
    assert np.isnan(naive).all()
    np.testing.assert_allclose(softmax(x), softmax(x - 1000))


def test_log_softmax_survives_underflow():
    with np.errstate(divide="ignore", under="ignore"):
        assert np.log(softmax([0.0, -800.0]))[1] == -np.inf
    np.testing.assert_allclose(log_softmax([0.0, -800.0]), [0.0, -800.0])


def test_extreme_float32_logits_without_warning():
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4]], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probs, logp, lse = softmax(x, axis=1), log_softmax(x, axis=1), logsumexp(x, axis=1)
    assert probs.dtype == logp.dtype == lse.dtype == np.float32
    np.testing.assert_allclose(probs[0], [1, 0, 0])
    np.testing.assert_allclose(probs[1], [1 / 3] * 3, rtol=1e-6)
    np.testing.assert_allclose(lse, [1e4, -1e4 + np.log(3)], rtol=1e-6)


def test_minus_inf_masks_a_class():
    x = np.array([[0.0, -np.inf, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(softmax(x, axis=1), [[0.5, 0.0, 0.5]])
        assert log_softmax(x, axis=1)[0, 1] == -np.inf
        assert logsumexp([-np.inf, -np.inf]) == -np.inf
    torch_probs = torch.softmax(torch.from_numpy(x), dim=1).numpy()
    np.testing.assert_allclose(softmax(x, axis=1), torch_probs)


def test_batch_softmax_axis():
    x = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    np.testing.assert_allclose(softmax(x, axis=1).sum(axis=1), [1, 1])
    assert not np.allclose(softmax(x, axis=0).sum(axis=1), [1, 1])
    np.testing.assert_allclose(softmax(x, axis=1), softmax(x, axis=-1))


def test_logsumexp_keepdims_broadcasts():
    x = np.arange(6.0).reshape(2, 3)
    assert logsumexp(x, axis=1, keepdims=True).shape == (2, 1)
    np.testing.assert_allclose(np.exp(x - logsumexp(x, axis=1, keepdims=True)), softmax(x, axis=1))


def test_scalar_in_scalar_out():
    assert np.ndim(sigmoid(0.0)) == 0 and np.ndim(odds(0.5)) == 0 and np.ndim(logsumexp([1.0, 2.0])) == 0


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: odds(1.2), ValueError, ["odds: p must hold probabilities in [0, 1]", "1.2"]),
        (lambda: odds([0.5, np.nan]), ValueError, ["odds: p must not contain NaN", "index (1,)"]),
        (lambda: odds_to_prob(-1), ValueError, ["odds_to_prob: odds must be non-negative", "sigmoid"]),
        (lambda: logit(-0.1), ValueError, ["logit: p must hold probabilities in [0, 1]", "-0.1"]),
        (lambda: sigmoid("3"), TypeError, ["sigmoid: z must be an array of real numbers; got '3'. Pass real numbers"]),
        (lambda: sigmoid([True]), TypeError, ["sigmoid: z", "astype(float)"]),
        (
            lambda: sigmoid([[1.0], [1.0, 2.0]]),
            TypeError,
            ["sigmoid: z must be an array with rows of equal length", "Pad the short rows"],
        ),
        (lambda: softmax([1.0, np.nan]), ValueError, ["softmax: logits must not contain NaN"]),
        (lambda: softmax([1.0, np.inf]), ValueError, ["softmax: logits must be finite or -inf"]),
        (lambda: softmax([-np.inf, -np.inf]), ValueError, ["softmax: logits must have a finite entry"]),
        (lambda: softmax([1.0, 2.0], axis=1), ValueError, ["softmax: axis must lie in [-1, 0]", "got 1"]),
        (lambda: softmax([1.0, 2.0], axis=0.5), TypeError, ["softmax: axis must be an integer"]),
        (lambda: softmax(3.0), ValueError, ["softmax: logits must have at least one dimension", "[3.0]"]),
        (lambda: softmax(np.zeros((2, 0))), ValueError, ["softmax: logits must have at least one entry along axis 1"]),
        (lambda: log_softmax([[np.nan]]), ValueError, ["log_softmax: logits must not contain NaN", "(0, 0)"]),
        (lambda: logsumexp([np.inf]), ValueError, ["logsumexp: x must be finite or -inf"]),
    ],
)
def test_bad_input_messages(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_torch_tensor_that_needs_grad_gets_a_hint():
    with pytest.raises(TypeError, match=r"detach\(\)\.cpu\(\)\.numpy\(\)"):
        softmax(torch.zeros(3, requires_grad=True))
