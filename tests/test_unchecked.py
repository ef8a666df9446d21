"""The unchecked core gives what the public, checked functions give for the same valid input: they are its
callers, and the training loop that calls it directly must train as the notebook does."""

import warnings

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from course_utils import _unchecked as unchecked
from course_utils.losses import cross_entropy_grad, cross_entropy_loss
from course_utils.numerics import log_softmax, logsumexp, sigmoid, softmax

LOGITS = hnp.arrays(
    st.sampled_from([np.float32, np.float64]),
    hnp.array_shapes(min_dims=2, max_dims=2, max_side=6),
    elements=st.floats(-1e4, 1e4, width=32),
)


@st.composite
def batches(draw):
    """(N, C) logits and N class indices."""
    logits = draw(LOGITS)
    target = draw(hnp.arrays(np.int64, logits.shape[0], elements=st.integers(0, logits.shape[1] - 1)))
    return logits, target


@settings(max_examples=200)
@given(logits=LOGITS)
def test_the_softmax_family_and_sigmoid_are_the_public_functions(logits):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(unchecked.logsumexp(logits, 1), logsumexp(logits, axis=1))
        np.testing.assert_array_equal(unchecked.softmax(logits, 1), softmax(logits, axis=1))
        np.testing.assert_array_equal(unchecked.log_softmax(logits, 1), log_softmax(logits, axis=1))
        np.testing.assert_array_equal(unchecked.sigmoid(logits), sigmoid(logits))


@settings(max_examples=200)
@given(batch=batches(), columns=st.booleans())
def test_the_training_loops_loss_and_gradient_are_the_public_functions(batch, columns):
    """One exponential serves both, so they agree with the public functions up to the last bits; with one
    column per sample (axis=0), as the digit classifier trains, too."""
    logits, target = batch
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if columns:
            loss, grad = unchecked.mean_cross_entropy_and_grad(np.ascontiguousarray(logits.T), target, axis=0)
            grad = grad.T
        else:
            loss, grad = unchecked.mean_cross_entropy_and_grad(logits, target)
    # Both round log-probabilities at the logits' scale: a few units in the last place of the largest logit.
    tolerance = 4 * np.finfo(logits.dtype).eps * (1 + np.abs(logits).max())
    assert grad.dtype == logits.dtype
    np.testing.assert_allclose(loss, cross_entropy_loss(logits, target), rtol=0, atol=tolerance)
    np.testing.assert_allclose(grad, cross_entropy_grad(logits, target), rtol=0, atol=tolerance)


def test_ignored_targets_count_for_nothing():
    log_probs = np.log(np.array([[0.5, 0.5], [0.25, 0.75]]))
    losses, weights = unchecked.picked_nll(log_probs, np.array([1, -100]), np.ones(2))
    np.testing.assert_allclose(losses, [np.log(2), 0.0])
    np.testing.assert_array_equal(weights, [1.0, 0.0])
    grad, kept = unchecked.softmax_minus_onehot(log_probs, np.array([0, -100]))  # softmax = exp(log_probs)
    np.testing.assert_allclose(grad, [[-0.5, 0.5], [0.0, 0.0]])
    assert kept == 1
