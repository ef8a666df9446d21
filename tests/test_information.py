import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from course_utils import cross_entropy, entropy, kl_divergence
from tests.conftest import FLOAT_DTYPES, distributions

pairs = st.integers(2, 6).flatmap(lambda k: st.tuples(distributions(np.float64, k), distributions(np.float64, k)))


def test_the_notes_game_numbers():
    assert entropy([0.5, 0.5]) == pytest.approx(0.693147, abs=1e-6)
    assert entropy([0.1, 0.9]) == pytest.approx(0.325083, abs=1e-6)
    assert entropy([1.0, 0.0]) == 0.0


def test_bits_and_nats():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([0.25] * 4, base=2) == pytest.approx(2.0)
    assert kl_divergence([0.1, 0.9], [0.5, 0.5], base=2) == pytest.approx(
        kl_divergence([0.1, 0.9], [0.5, 0.5]) / np.log(2)
    )


@pytest.mark.parametrize("k", [2, 3, 10])
def test_uniform_maximises_entropy(k):
    assert entropy(np.full(k, 1 / k)) == pytest.approx(np.log(k))


@given(st.integers(2, 6).flatmap(lambda k: distributions(np.float64, k)))
def test_entropy_bounded_by_log_k(p):
    assert -1e-12 <= entropy(p) <= np.log(len(p)) + 1e-12


def test_zero_log_zero_is_zero_without_warning():
    with np.errstate(divide="ignore", invalid="ignore"):
        assert np.isnan(-np.sum(np.array([0.0, 1.0]) * np.log([0.0, 1.0])))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert entropy([0.0, 1.0]) == 0.0
        assert kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(np.log(2))


@given(pairs)
def test_decomposition_and_gibbs_inequality(pq):
    p, q = pq
    np.testing.assert_allclose(cross_entropy(p, q), entropy(p) + kl_divergence(p, q), rtol=1e-9, atol=1e-12)
    assert kl_divergence(p, q) >= -1e-12
    assert kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)


def test_kl_is_not_symmetric():
    p, q = [0.1, 0.9], [0.5, 0.5]
    assert kl_divergence(p, q) == pytest.approx(0.368064, abs=1e-6)
    assert kl_divergence(q, p) == pytest.approx(0.510826, abs=1e-6)


def test_one_hot_p_makes_cross_entropy_equal_kl_and_minus_log_q():
    p, q = np.array([0.0, 1.0, 0.0]), np.array([0.2, 0.7, 0.1])
    assert entropy(p) == 0
    assert cross_entropy(p, q) == pytest.approx(kl_divergence(p, q)) == pytest.approx(-np.log(0.7))


def test_zero_model_probability_gives_infinity_not_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == np.inf
        assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == np.inf


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
@given(data=st.data())
def test_against_torch(dtype, data):
    k = data.draw(st.integers(2, 6))
    p = data.draw(distributions(dtype, k, batch=4))
    q = data.draw(distributions(dtype, k, batch=4, zeros=False))
    tp, tq = torch.from_numpy(p), torch.from_numpy(q)
    tol = dict(rtol=1e-4, atol=1e-5) if dtype == np.float32 else dict(rtol=1e-10, atol=1e-12)
    h = entropy(p, axis=1)
    assert h.dtype == dtype
    np.testing.assert_allclose(h, torch.distributions.Categorical(probs=tp).entropy().numpy(), **tol)
    np.testing.assert_allclose(cross_entropy(p, q, axis=1), -torch.special.xlogy(tp, tq).sum(1).numpy(), **tol)
    kl_rows = F.kl_div(tq.log(), tp, reduction="none").sum(1).numpy()
    np.testing.assert_allclose(kl_divergence(p, q, axis=1), kl_rows, **tol)
    batchmean = F.kl_div(tq.log(), tp, reduction="batchmean").item()
    assert kl_divergence(p, q, axis=1).mean() == pytest.approx(batchmean, rel=1e-4)


def test_axis_zero():
    p = np.array([[0.5, 0.2], [0.5, 0.8]])
    np.testing.assert_allclose(entropy(p, axis=0), [entropy(p[:, 0]), entropy(p[:, 1])])


@pytest.mark.parametrize(
    "call, words",
    [
        (
            lambda: entropy([0.5, 0.6]),
            [
                "entropy: probs must sum to 1 along axis 0 (tolerance 1e-06)",
                "1.1",
                "probs / probs.sum(axis=0, keepdims=True)",
            ],
        ),
        (lambda: entropy(np.array([0.5, 0.6], np.float32)), ["(tolerance 0.0001)"]),
        (lambda: entropy([1.5, -0.5]), ["entropy: probs must hold probabilities in [0, 1]", "1.5"]),
        (lambda: entropy([0.5, np.nan]), ["entropy: probs must not contain NaN"]),
        (lambda: entropy([0.5, 0.5], base=1), ["entropy: base must be positive, finite and not 1"]),
        (
            lambda: cross_entropy([0.5, 0.5], [1 / 3] * 3),
            ["cross_entropy: p and q must have the same shape", "(2,) and (3,)"],
        ),
        (lambda: kl_divergence([0.5, 0.5], [0.3, 0.3]), ["kl_divergence: q must sum to 1", "0.6"]),
        (lambda: kl_divergence([[0.5, 0.5]], [[0.5, 0.5]], axis=2), ["kl_divergence: axis must lie in [-2, 1]"]),
    ],
)
def test_bad_input_messages(call, words):
    with pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value)


def test_base_of_wrong_type():
    with pytest.raises(TypeError, match="entropy: base must be a number or None"):
        entropy([0.5, 0.5], base="2")


@given(st.integers(2, 6).flatmap(lambda k: distributions(np.float64, k, zeros=False)), st.floats(1e-18, 1e-12))
def test_kl_is_never_negative_for_nearly_equal_distributions(p, scale):
    """Rounding used to give -2.8e-17 for q a hair away from p; the promise is KL >= 0."""
    q = np.abs(p + scale * np.sin(np.arange(p.size)))
    q = q / q.sum()
    assert kl_divergence(p, q) >= 0.0
    assert kl_divergence(p, p) == 0.0
