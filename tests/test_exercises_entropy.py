"""Notebook 04's exercises: the reference solutions pass, known wrong answers fail with the reason."""

import warnings

import numpy as np
import pytest
import torch
from exercise_support import assert_named_cause, solution_namespace

from course_utils import cross_entropy, entropy
from course_utils.exercises import entropy_exercise, kl_exercise, one_hot_kl_exercise

# ---- Exercise 1: an entropy that survives zeros -------------------------------------------------------


def test_entropy_solution_passes(capsys):
    entropy_nats = solution_namespace(entropy_exercise, capsys)["entropy_nats"]
    result = entropy_exercise.evaluate(entropy_nats)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: An entropy that survives zeros. All 7 cases match the reference, without warnings."
    )


def as_average_surprise(p):  # the notebook's entropy_safe, extended to batches
    return np.sum(p * (0.0 - np.log(np.where(p > 0, p, 1.0))), axis=-1)


def with_errstate(p):
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.sum(np.where(p > 0, p * np.log(p), 0.0), axis=-1)


def via_torch(p):
    return torch.special.entr(torch.tensor(p)).sum(dim=-1).numpy()


def via_xlogy(p):
    t = torch.tensor(p)
    return (-torch.xlogy(t, t).sum(dim=-1)).numpy()


def with_nan_to_zero_after_silencing(p):
    with np.errstate(all="ignore"):
        terms = p * np.log(p)
    return -np.sum(np.nan_to_num(terms), axis=-1)


@pytest.mark.parametrize("answer", [as_average_surprise])
def test_entropy_correct_variants_pass(answer):
    result = entropy_exercise.evaluate(answer)
    assert result.state == "correct", result.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (with_errstate, "silences NumPy's warnings (errstate)"),
        (with_nan_to_zero_after_silencing, "silences NumPy's warnings (errstate)"),
        (via_torch, "calls entr(); the exercise is to write the entropy yourself"),
        (via_xlogy, "calls xlogy(); the exercise is to write the entropy yourself"),
        (entropy, "That is course_utils's own entropy, not yours"),
    ],
)
def test_hidden_warnings_and_library_entropies_are_not_the_exercise(answer, fragment):
    """The notebook asks for an entropy written with NumPy, whose warnings are fixed, not hidden."""
    result = entropy_exercise.evaluate(answer)
    assert result.state == "incorrect" and fragment in result.message, result.message


def naive(p):
    return -np.sum(p * np.log(p), axis=-1)


def naive_silenced(p):
    with np.errstate(all="ignore"):
        return -np.sum(p * np.log(p), axis=-1)


def safe_log(p):
    return np.log(np.where(p > 0, p, 1.0))


def in_bits(p):
    return -np.sum(p * np.log2(np.where(p > 0, p, 1.0)), axis=-1)


def without_minus(p):
    return np.sum(p * safe_log(p), axis=-1)


def unweighted(p):
    return -np.sum(safe_log(p), axis=-1)


def as_mean(p):
    return -np.mean(p * safe_log(p), axis=-1)


def over_everything(p):
    return -np.sum(p * safe_log(p))


def along_axis_0(p):
    return -np.sum(p * safe_log(p), axis=0)


def along_axis_1(p):
    return -np.sum(p * safe_log(p), axis=1)


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            naive,
            "On case 3 of 7, entropy_nats(np.array([1.0, 0.0])), your function emitted RuntimeWarning: divide by zero "
            "encountered in log",
            "np.log(0) is -inf, and 0 * -inf is nan, not 0",
        ),
        (
            in_bits,
            "On case 1 of 7, entropy_nats(np.array([0.5, 0.5])), expected 0.693147, got 1",
            "that is the entropy in bits",
        ),
        (without_minus, "expected 0.693147, got -0.693147", "the sign is wrong"),
        (unweighted, "expected 0.693147, got 1.38629", "you added up the surprises -log p without weighting"),
        (as_mean, "expected 0.693147, got 0.346574", "np.mean divides by the number of outcomes"),
        (
            over_everything,
            "On case 6 of 7, entropy_nats(np.array([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0], [0.2, 0.3, 0.5]])), expected an "
            "array of shape (3,), got a single number",
            "you summed over the whole batch",
        ),
        (along_axis_0, "On case 6 of 7", "you summed along axis 0, the batch axis"),
    ],
)
def test_entropy_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(entropy_exercise.evaluate(answer), cause, fragment)


def test_axis_1_fails_on_a_vector():
    result = entropy_exercise.evaluate(along_axis_1)
    assert result.state == "incorrect" and "On case 1 of 7" in result.message and "AxisError" in result.message


WHERE_CAUSE = (
    "the values are right, but np.log(0) still runs somewhere and warns (np.where computes both of its "
    "branches; np.nansum sums after the nan is made); replace the zeros before the log (e.g. "
    "np.where(p > 0, p, 1))."
)


def where_around_the_naive_terms(p):  # the right values, but np.where computes np.log(0) in its other branch
    return -np.sum(np.where(p > 0, np.log(p) * p, 0), axis=-1)


def test_where_around_the_naive_terms_warns_and_names_the_cause():
    result = entropy_exercise.evaluate(where_around_the_naive_terms)
    assert result.state == "incorrect"
    assert (
        "On case 3 of 7, entropy_nats(np.array([1.0, 0.0])), your function emitted RuntimeWarning: divide by zero "
        "encountered in log"
    ) in result.message
    assert f"\nLikely cause: {WHERE_CAUSE}\n" in result.message


def test_entropy_cases_cover_zeros_batches_and_a_square_batch():
    arrays = [args[0] for args in entropy_exercise.cases]
    assert any(a.ndim == 1 and (a == 0).any() for a in arrays)
    assert any(a.ndim == 2 and a.shape[0] == a.shape[1] and (a == 0).any() for a in arrays)
    assert any(a.ndim == 2 and a.shape[0] != a.shape[1] for a in arrays)
    np.testing.assert_allclose(entropy_exercise.reference(np.array([0.25] * 4)), np.log(4))


def test_the_module_doctest_message_is_exact():
    message = entropy_exercise.evaluate(naive).message
    assert message.splitlines()[1] == (
        "Likely cause: np.log(0) is -inf, and 0 * -inf is nan, not 0. Replace the "
        "zeros before taking the log: np.log(np.where(p > 0, p, 1.0)) gives log 1 = 0 "
        "there, so those terms vanish."
    )


# ---- Exercise 2: KL divergence ------------------------------------------------------------------------


def test_kl_solution_passes(capsys):
    kl = solution_namespace(kl_exercise, capsys)["kl"]
    result = kl_exercise.evaluate(kl)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: KL divergence for vectors and batches. All 6 cases match the reference, without warnings."
    )


def via_the_decomposition(p, q):
    return cross_entropy(p, q, axis=-1) - entropy(p, axis=-1)


def via_torch_kl_div(p, q):
    p_t, q_t = torch.tensor(p), torch.tensor(q)
    return torch.nn.functional.kl_div(q_t.log(), p_t, reduction="none").sum(dim=-1).numpy()


@pytest.mark.parametrize("answer", [via_the_decomposition])
def test_kl_correct_variants_pass(answer):
    result = kl_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def test_torchs_kl_div_is_not_the_exercise():
    result = kl_exercise.evaluate(via_torch_kl_div)
    assert result.state == "incorrect" and "calls kl_div(); the exercise is to write KL yourself" in result.message


def kl_naive(p, q):
    return np.sum(p * np.log(p / q), axis=-1)


def kl_swapped(p, q):
    return np.sum(q * (np.log(q) - safe_log(p)), axis=-1)


def kl_upside_down(p, q):
    return np.sum(p * safe_log(q / np.where(p > 0, p, 1.0)), axis=-1)


def kl_as_cross_entropy(p, q):
    return -np.sum(p * np.log(q), axis=-1)


def kl_in_bits(p, q):
    return np.sum(p * (np.log2(np.where(p > 0, p, 1.0)) - np.log2(q)), axis=-1)


def kl_over_everything(p, q):
    return np.sum(p * (safe_log(p) - np.log(q)))


def kl_along_axis_0(p, q):
    return np.sum(p * (safe_log(p) - np.log(q)), axis=0)


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            kl_naive,
            "On case 4 of 6, kl(np.array([0.0, 1.0, 0.0]), np.array([0.7, 0.2, 0.1])), your function emitted "
            "RuntimeWarning: divide by "
            "zero encountered in log",
            "where p = 0, p / q is 0",
        ),
        (
            kl_swapped,
            "On case 1 of 6, kl(np.array([0.1, 0.9]), np.array([0.5, 0.5])), expected 0.368064, got 0.510826",
            "that is KL(q || p), with the arguments swapped",
        ),
        (kl_upside_down, "expected 0.368064, got -0.368064", "the ratio is upside down"),
        (kl_as_cross_entropy, "expected 0.368064, got 0.693147", "that is the cross-entropy H(p, q)"),
        (kl_in_bits, "expected 0.368064, got 0.531004", "that is KL in bits"),
        (kl_over_everything, "On case 6 of 6", "you summed over the whole batch"),
        (kl_along_axis_0, "On case 6 of 6", "you summed along axis 0, the batch axis"),
    ],
)
def test_kl_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(kl_exercise.evaluate(answer), cause, fragment)


def test_kl_where_around_the_naive_terms_names_the_cause():
    result = kl_exercise.evaluate(lambda p, q: np.sum(np.where(p > 0, p * np.log(p / q), 0), axis=-1))
    assert result.state == "incorrect" and "RuntimeWarning: divide by zero encountered in log" in result.message
    assert f"\nLikely cause: {WHERE_CAUSE}\n" in result.message


def test_kl_cases_have_zeros_in_p_only_and_a_square_batch():
    for p, q in kl_exercise.cases:
        assert (q > 0).all()
    assert any((p == 0).any() for p, _ in kl_exercise.cases)
    assert any(p.ndim == 2 and p.shape[0] == p.shape[1] for p, _ in kl_exercise.cases)
    assert any(np.array_equal(p, q) for p, q in kl_exercise.cases)


# ---- Exercise 3: one-hot target -----------------------------------------------------------------------


def test_one_hot_solution_runs_as_printed(capsys):
    kl_draw = solution_namespace(one_hot_kl_exercise, capsys)["kl_draw"]
    assert one_hot_kl_exercise.evaluate(kl_draw).state == "correct"


@pytest.mark.parametrize(
    "answer, state",
    [
        (-np.log(0.2), "correct"),
        (np.log(1 / 0.2), "correct"),
        (1.609, "correct"),  # typed from a rounded printout
        (float(entropy([0.0, 1.0, 0.0]) + 1.6094379124341003), "correct"),
        (..., "not attempted"),
        (1.5, "incorrect"),
    ],
)
def test_one_hot(answer, state):
    assert one_hot_kl_exercise.evaluate(answer).state == state
    assert one_hot_kl_exercise.expected == pytest.approx(1.6094379124341003)


def test_one_hot_expected_is_kl_and_cross_entropy():
    from course_utils import kl_divergence

    p, q = [0.0, 1.0, 0.0], [0.7, 0.2, 0.1]
    assert one_hot_kl_exercise.expected == pytest.approx(kl_divergence(p, q))
    assert one_hot_kl_exercise.expected == pytest.approx(cross_entropy(p, q))


@pytest.mark.parametrize(
    "answer, reason",
    [
        (np.log(0.2), "the minus sign is missing"),
        (-np.log(0.7), "the model's favourite"),
        (-np.log(0.1), "the surprise of a loss"),
        (0.2, "a probability"),
        (0.8, "1 - q is not a surprise"),
        (-np.log2(0.2), "in bits"),
        (float(entropy([0.7, 0.2, 0.1])), "that is H(q)"),
        (-np.log([0.7, 0.2, 0.1]).sum(), "adds the surprises of all three outcomes"),
        (1.6, "Is it the answer, rounded too far? The check accepts four significant digits"),
        (1.5995, "rounded too far"),
    ],
)
def test_one_hot_known_mistakes_say_why(answer, reason):
    result = one_hot_kl_exercise.evaluate(answer)
    assert result.state == "incorrect" and reason in result.message


def test_one_hot_nan_from_the_kl_formula_says_why():
    p, q = np.array([0.0, 1.0, 0.0]), np.array([0.7, 0.2, 0.1])
    with np.errstate(all="ignore"):
        kl_draw = np.sum(p * np.log(p / q))  # 0 * log 0 = 0 * -inf = nan in the zero entries of p
    assert np.isnan(kl_draw)
    assert one_hot_kl_exercise.evaluate(kl_draw).message.startswith(
        "Incorrect: KL divergence with a one-hot target. Got nan: 0 · log 0 from the zero entries of p; those "
        "terms are 0, and only the draw's term is left."
    )


def test_swapped_kl_arguments_are_named():
    from course_utils.exercises import one_hot_kl_exercise

    message = one_hot_kl_exercise.evaluate(np.inf).message
    assert "that is KL(q || p), with the arguments swapped" in message


def test_a_silenced_naive_entropy_is_told_that_hiding_the_warning_is_no_fix():
    result = entropy_exercise.evaluate(naive_silenced)
    assert result.state == "incorrect" and "silences NumPy's warnings (errstate)" in result.message


# ---- F.kl_div in the right order ----------------------------------------------------------------------


def test_the_kl_div_reference_is_torchs_batchmean():
    from course_utils.exercises import kl_div_exercise

    for logits, target in kl_div_exercise.cases:
        x, p = torch.tensor(logits, dtype=torch.float64), torch.tensor(target, dtype=torch.float64)
        expected = torch.nn.functional.kl_div(torch.log_softmax(x, dim=1), p, reduction="batchmean").item()
        assert kl_div_exercise.reference(logits, target) == pytest.approx(expected, rel=1e-10)


def test_the_kl_div_solution_passes_as_printed(capsys):
    from course_utils.exercises import kl_div_exercise

    answer = solution_namespace(kl_div_exercise, capsys, torch=torch, F=torch.nn.functional)["batch_kl"]
    assert kl_div_exercise.evaluate(answer).state == "correct"


def kl_div_with(log_q, order="right", reduction="batchmean"):
    F = torch.nn.functional

    def answer(logits, target):
        x, p = torch.tensor(logits), torch.tensor(target)
        first, second = (log_q(x), p) if order == "right" else (p.log(), torch.softmax(x, dim=1))
        return F.kl_div(first, second, reduction=reduction).item()

    return answer


@pytest.mark.parametrize(
    "answer, cause",
    [
        (kl_div_with(lambda x: torch.softmax(x, dim=1).log()), "torch.softmax(x).log() is -inf where a probability"),
        (kl_div_with(None, order="swapped"), "that is KL(model || target)"),
        (
            kl_div_with(lambda x: torch.log_softmax(x, dim=1), reduction="mean"),
            'reduction="mean" divides by every entry',
        ),
        (kl_div_with(lambda x: torch.log_softmax(x, dim=1), reduction="sum"), 'reduction="sum" adds the KL'),
        (kl_div_with(lambda x: torch.softmax(x, dim=1)), "kl_div's first argument must be log-probabilities"),
    ],
)
def test_kl_div_mistakes_fail_and_say_why(answer, cause):
    from course_utils.exercises import kl_div_exercise

    with warnings.catch_warnings():  # torch warns about reduction="mean"; the checker records it itself
        warnings.simplefilter("ignore")
        result = kl_div_exercise.evaluate(answer)
    assert result.state == "incorrect" and f"\nLikely cause: {cause}" in result.message, result.message
