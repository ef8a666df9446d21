"""Notebook 06's exercises: CrossEntropyLoss from scratch with its options, the weighted mean it reports, the
binary loss from logits. The references agree with torch, the solutions pass as printed, known wrong answers fail
with the reason, and the notebook's stubs count as not attempted."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from exercise_support import assert_named_cause, solution_namespace

from course_utils.exercises import bce_with_logits_exercise, cross_entropy_loss_exercise, weighted_mean_exercise
from course_utils.exercises.cross_entropy_practice import EXERCISE_LOSSES, EXERCISE_TARGET, EXERCISE_WEIGHT


def notebook_arrays():
    """Fresh copies of the arrays the notebook provides for exercise 3, by the names it gives them."""
    return {"losses": EXERCISE_LOSSES.copy(), "targets": EXERCISE_TARGET.copy(), "class_weight": EXERCISE_WEIGHT.copy()}


def torch_loss(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return F.cross_entropy(
        torch.tensor(logits),
        torch.tensor(target),
        weight=None if weight is None else torch.tensor(weight),
        ignore_index=ignore_index,
        reduction=reduction,
    ).numpy()


# ---- Exercise 1: CrossEntropyLoss from scratch, with weight, ignore_index and reduction ------------------------------


def test_the_reference_matches_torch_on_every_case():
    for args in cross_entropy_loss_exercise.cases:
        np.testing.assert_allclose(
            cross_entropy_loss_exercise.reference(*args), torch_loss(*args), rtol=1e-12, atol=1e-12
        )


def test_the_cases_cover_what_the_notebook_promises():
    cases = cross_entropy_loss_exercise.cases
    assert len(cases) == 13
    assert {args[4] for args in cases} == {"none", "sum", "mean"}
    assert len({args[0].shape for args in cases}) >= 4
    assert any(args[2] is not None and args[4] == "mean" for args in cases)
    assert any(args[2] is not None and args[4] == "none" for args in cases)  # weights apply without a mean too
    assert any((args[1] == args[3]).any() and args[4] == "mean" for args in cases)
    assert any(args[3] != -100 for args in cases)
    assert max(np.abs(args[0]).max() for args in cases) >= 1000
    # A weighted case in which sum(weight[target]) != N, so that .mean() is caught.
    assert any(
        args[2] is not None and not np.isclose(args[2][args[1][args[1] != args[3]]].sum(), len(args[1]))
        for args in cases
    )
    assert cases[0][0].shape == (1, 10)
    assert round(float(cross_entropy_loss_exercise.reference(*cases[0])), 4) == 2.1438


def test_the_solution_passes_as_printed(capsys):
    answer = solution_namespace(cross_entropy_loss_exercise, capsys, **notebook_arrays())["cross_entropy_from_scratch"]
    result = cross_entropy_loss_exercise.evaluate(answer)
    assert result.state == "correct", result.message
    assert result.message == (
        "Correct: CrossEntropyLoss from scratch, with weight, ignore_index and reduction. "
        "All 13 cases match the reference, without warnings."
    )


def with_a_loop(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    losses, weights = [], []
    for row, y in zip(logits, target):
        if y == ignore_index:
            losses.append(0.0)
            weights.append(0.0)
            continue
        w = 1.0 if weight is None else weight[y]
        top = row.max()
        losses.append(w * (top + np.log(np.exp(row - top).sum()) - row[y]))
        weights.append(w)
    losses = np.array(losses)
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / sum(weights)


@pytest.mark.parametrize("answer", [with_a_loop])
def test_correct_variants_pass(answer):
    result = cross_entropy_loss_exercise.evaluate(answer)
    assert result.state == "correct", result.message


def test_torchs_loss_is_not_the_exercise():
    """The text asks for the loss written with NumPy."""
    result = cross_entropy_loss_exercise.evaluate(torch_loss)
    assert (
        result.state == "incorrect"
        and "calls cross_entropy(); the exercise is to write the loss with NumPy" in result.message
    )


def stable_log_probs(logits):
    top = logits.max(axis=1, keepdims=True)
    return logits - top - np.log(np.exp(logits - top).sum(axis=1, keepdims=True))


def reduce(losses, denominator, reduction):
    if reduction == "none":
        return losses
    return losses.sum() if reduction == "sum" else losses.sum() / denominator


def plain_mean(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, kept.sum(), reduction)  # .mean() over the kept rows, unweighted


def denominator_counts_ignored(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w_all = (np.ones(logits.shape[1]) if weight is None else weight)[safe]
    losses = -np.where(kept, w_all, 0.0) * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, w_all.sum(), reduction)  # the ignored rows' weights are still counted


def divides_by_n(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe]
    return reduce(losses, len(target), reduction)


def log_of_softmax(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    exps = np.exp(logits - logits.max(axis=1, keepdims=True))
    log_probs = np.log(exps / exps.sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def naive_logsumexp(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def one_based(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), safe - 1]
    return reduce(losses, w.sum(), reduction)


def unweighted_none(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    losses = -stable_log_probs(logits)[np.arange(len(target)), safe]
    if reduction == "none":
        return np.where(kept, losses, 0.0)  # the weights forgotten here
    return reduce(w * losses, w.sum(), reduction)


def one_max_per_batch(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    shifted = logits - logits.max()
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def sum_without_keepdims(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1))  # (N, C) - (N,)
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def every_column(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    return reduce(-stable_log_probs(logits)[:, target], len(target), reduction)  # (N, N)


def logsumexp_over_the_batch(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    safe = np.where(kept, target, 0)
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
    top = logits.max(axis=0, keepdims=True)
    log_probs = logits - top - np.log(np.exp(logits - top).sum(axis=0, keepdims=True))
    return reduce(-w * log_probs[np.arange(len(target)), safe], w.sum(), reduction)


def no_ignore_index(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    w = (np.ones(logits.shape[1]) if weight is None else weight)[target]
    losses = -w * stable_log_probs(logits)[np.arange(len(target)), target]
    return reduce(losses, w.sum(), reduction)


def picks_from(log_probs_of, reduce_by_classes=False):
    """An answer with every step right but LogSoftmax replaced by ``log_probs_of``, or "mean" dividing by C."""

    def answer(logits, target, weight=None, ignore_index=-100, reduction="mean"):
        kept = target != ignore_index
        safe = np.where(kept, target, 0)
        w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[safe], 0.0)
        losses = -w * log_probs_of(logits)[np.arange(len(target)), safe]
        return reduce(losses, logits.shape[1] if reduce_by_classes else w.sum(), reduction)

    return answer


def every_class_added(logits, target, weight=None, ignore_index=-100, reduction="mean"):
    kept = target != ignore_index
    w = np.where(kept, (np.ones(logits.shape[1]) if weight is None else weight)[np.where(kept, target, 0)], 0.0)
    return reduce(-w * stable_log_probs(logits).sum(axis=1), w.sum(), reduction)


@pytest.mark.parametrize(
    "answer, fragment, cause",
    [
        (
            picks_from(lambda logits: logits),
            "On case 1 of 13",
            "the logits themselves were picked as log-probabilities",
        ),
        (
            picks_from(lambda logits: logits - logits.max(axis=1, keepdims=True)),
            "On case 1 of 13",
            "only the row maximum was subtracted",
        ),
        (
            picks_from(stable_log_probs, reduce_by_classes=True),
            "On case 1 of 13",
            '"mean" divided by the number of classes C',
        ),
        (every_class_added, "On case 1 of 13", "that adds the log-probabilities of every class in a row"),
        (plain_mean, "On case 5 of 13", 'with weight, reduction="mean" divides by the sum of the targets\' weights'),
        (divides_by_n, "On case 5 of 13", 'with weight, reduction="mean" divides by the sum of the targets\' weights'),
        (denominator_counts_ignored, "On case 7 of 13", "ignored rows must leave the denominator too"),
        (
            log_of_softmax,
            "On case 13 of 13, cross_entropy_from_scratch(np.array([[1000.0, 0.0, -1000.0], [0.0, 0.0, "
            "0.0]]), np.array([2, 1]), None, -100, 'none'), your function emitted RuntimeWarning: divide "
            "by zero encountered in log",
            "np.log(softmax(...)) is -inf where a probability underflows to 0",
        ),
        (
            naive_logsumexp,
            "On case 12 of 13, cross_entropy_from_scratch(np.array([[1000.0, 999.0, 998.0], "
            "[-1000.0, -999.0, -998.0]])",
            "np.exp(1000) overflows",
        ),
        (one_based, "On case 1 of 13", "the targets are class indices starting at 0"),
        (no_ignore_index, "On case 7 of 13, ", "a target equal to ignore_index (-100 or 255 here) is not a class"),
        (
            unweighted_none,
            "On case 6 of 13, cross_entropy_from_scratch(np.array([[-0.8, -1.32, -0.25]",
            "with reduction=\"none\" each example's loss is still multiplied by its target's weight",
        ),
        (
            one_max_per_batch,
            "On case 12 of 13, cross_entropy_from_scratch(np.array([[1000.0, 999.0, 998.0], [-1000.0, "
            "-999.0, -998.0]]), np.array([1, 2]), None, -100, 'mean'), your function emitted "
            "RuntimeWarning: divide by zero",
            "one maximum for the whole batch, logits.max(), is not enough",
        ),
        (logsumexp_over_the_batch, "On case 1 of 13", "the maximum and the sum of logsumexp ran along axis 0"),
        (
            sum_without_keepdims,
            "On case 2 of 13, cross_entropy_from_scratch(np.array([[-0.8, -1.32, -0.25]",
            "a row-wise max or sum without keepdims=True",
        ),
    ],
)
def test_known_mistakes_fail_and_say_why(answer, fragment, cause):
    assert_named_cause(cross_entropy_loss_exercise.evaluate(answer), cause, fragment)


def test_picking_every_column_is_explained():
    result = cross_entropy_loss_exercise.evaluate(every_column)
    assert result.state == "incorrect"
    assert (
        "On case 2 of 13" in result.message
        and "expected an array of shape (4,), got an array of shape (4, 4)" in result.message
    )
    assert "\nLikely cause: log_probs[:, target] picks every target's column for every row" in result.message


def test_the_module_doctest_names_the_weighted_mean():
    message = cross_entropy_loss_exercise.evaluate(plain_mean).message
    assert message.splitlines()[-2].startswith('Likely cause: with weight, reduction="mean" divides by the sum')


# ---- Exercise 2: the weighted mean it reports --------------------------------------------------------------


def test_weighted_mean_is_what_torch_reports():
    assert weighted_mean_exercise.expected == pytest.approx(7.8 / 7.5)
    # Rows [0, log(e^l - 1), -inf] in some order have log_softmax -l at the 0: each example's loss is exactly l.
    target = torch.tensor(EXERCISE_TARGET)
    logits = torch.full((4, 3), -torch.inf, dtype=torch.float64)
    logits[torch.arange(4), target] = 0.0
    logits[torch.arange(4), (target + 1) % 3] = torch.log(torch.expm1(torch.tensor(EXERCISE_LOSSES)))
    torch.testing.assert_close(F.cross_entropy(logits, target, reduction="none"), torch.tensor(EXERCISE_LOSSES))
    reported = F.cross_entropy(logits, target, weight=torch.tensor(EXERCISE_WEIGHT))
    assert reported.item() == pytest.approx(weighted_mean_exercise.expected)


def test_weighted_mean_solution_passes_as_printed(capsys):
    value = solution_namespace(weighted_mean_exercise, capsys, **notebook_arrays())["weighted_mean"]
    assert weighted_mean_exercise.evaluate(value).state == "correct"


@pytest.mark.parametrize(
    "answer, state, fragment",
    [
        (1.04, "correct", "Your value 1.04 matches"),
        (..., "not attempted", "Replace the `...`"),
        (1.95, "incorrect", ".mean() of the weighted losses"),
        (1.1, "incorrect", "the plain mean, without the weights"),
        (7.8, "incorrect", "that is the weighted sum"),
        (7.8 / 4.5, "incorrect", "sum of the three class weights"),
        (2.6, "incorrect", "divides by the number of classes"),
        (7.5, "incorrect", "the sum of the weights alone"),
        (4.5, "incorrect", "the largest weighted loss"),
        (1.0, "incorrect", "rounded too far"),
        (-1.04, "incorrect", "minus the answer"),
        (1.2, "incorrect", "which is not the answer"),
    ],
)
def test_weighted_mean(answer, state, fragment):
    result = weighted_mean_exercise.evaluate(answer)
    assert result.state == state and fragment in result.message


# ---- Exercise 3: the binary loss from logits ----------------------------------------------------------


def test_the_bce_reference_is_torchs():
    for z, y in bce_with_logits_exercise.cases:
        expected = F.binary_cross_entropy_with_logits(
            torch.as_tensor(z, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64), reduction="none"
        )
        np.testing.assert_allclose(bce_with_logits_exercise.reference(z, y), expected.numpy(), rtol=1e-12)


def test_the_bce_cases_reach_logits_of_1000_and_soft_targets():
    zs = [np.abs(np.asarray(z)).max() for z, _ in bce_with_logits_exercise.cases]
    assert max(zs) >= 1000
    assert any(((np.asarray(y) > 0) & (np.asarray(y) < 1)).any() for _, y in bce_with_logits_exercise.cases)


def test_the_bce_solution_passes_as_printed(capsys):
    answer = solution_namespace(bce_with_logits_exercise, capsys)["bce_with_logits"]
    assert bce_with_logits_exercise.evaluate(answer).state == "correct"


def torch_bce(z, y):
    return F.binary_cross_entropy_with_logits(
        torch.as_tensor(z, dtype=torch.float64), torch.as_tensor(y, dtype=torch.float64), reduction="none"
    ).numpy()


def cross_entropy_on_two_logits(z, y):
    """The binary loss as CrossEntropyLoss on [z, 0], class 0 the positive one: its target is 1 - y."""
    shape = np.shape(z)
    z, y = np.atleast_1d(np.asarray(z, dtype=float)), np.atleast_1d(np.asarray(y, dtype=float))
    logits = torch.tensor(np.stack([z, np.zeros_like(z)], axis=1))
    target = torch.tensor(np.stack([y, 1 - y], axis=1))
    return F.cross_entropy(logits, target, reduction="none").numpy().reshape(shape)


def test_torch_is_not_the_exercise_but_agrees():
    """The text asks for NumPy; torch's loss, and CrossEntropyLoss on [z, 0] with target 1 - y, are what the
    reference is checked against."""
    for answer in (torch_bce, cross_entropy_on_two_logits):
        assert bce_with_logits_exercise.evaluate(answer).state == "incorrect"
        for z, y in bce_with_logits_exercise.cases:
            np.testing.assert_allclose(answer(z, y), bce_with_logits_exercise.reference(z, y), rtol=1e-12)


def sigmoid_then_log(z, y):
    p = 1 / (1 + np.exp(-z))
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


@pytest.mark.parametrize(
    "answer, cause",
    [
        (sigmoid_then_log, "sigma(z) rounds to exactly 0 or 1 for large |z|"),
        (lambda z, y: np.log(1 + np.exp(-z)) + (1 - y) * z, "log(1 + e^-z) is right on paper"),
        (lambda z, y: np.maximum(-z, 0) + z * y + np.log1p(np.exp(-np.abs(z))), "that is the loss of -z"),
        (
            lambda z, y: -z * y + np.log1p(np.exp(-np.abs(z))),
            "log(1 + e^z) = max(z, 0) + log(1 + e^-|z|): the max(z, 0) part is missing",
        ),
        (lambda z, y: np.log(1 + np.exp(z)) - z * y, "log(1 + e^z) - z y is right on paper (notebook 02's form)"),
        (
            lambda z, y: (1 - y) * z + np.maximum(-z, 0) + np.log(np.exp(-np.abs(z))),
            "np.log(np.exp(-|z|)) is just -|z|: the 1 + is missing",
        ),
        # Both agree with the swapped labels at y = 1; the checker names the slip that agrees on every case.
        (
            lambda z, y: (1 - y) * z + np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z))),
            "in the form (1 - y) z + log(1 + e^-z), the stable log(1 + e^-z) is max(-z, 0) + log(1 + e^-|z|): the max "
            "takes -z",
        ),
        (
            lambda z, y: (1 - y) * z + np.log1p(np.exp(-np.abs(z))),
            "in the form (1 - y) z + log(1 + e^-z), log(1 + e^-z) is max(-z, 0) + log(1 + e^-|z|): the max(-z, 0) part "
            "is missing",
        ),
        (lambda z, y: (np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))) / np.log(10), "that is in base 10"),
        (lambda z, y: np.maximum(z, 0) - z * y + np.log1p(np.exp(-z)), "np.exp(-z) needs the absolute value"),
    ],
)
def test_bce_mistakes_fail_and_say_why(answer, cause):
    assert_named_cause(bce_with_logits_exercise.evaluate(answer), cause)


def test_silencing_the_overflow_is_not_a_fix(tmp_path):
    """A naive formula under np.errstate gives right values with no warning; the checker reads the source."""
    source = tmp_path / "answer.py"
    source.write_text(
        "import numpy as np\n\n"
        "def quiet(z, y):\n"
        "    with np.errstate(over='ignore', divide='ignore', invalid='ignore'):\n"
        "        return np.logaddexp(0, z) - z * y\n"
    )
    namespace = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    import linecache

    linecache.updatecache(str(source))
    result = bce_with_logits_exercise.evaluate(namespace["quiet"])
    assert result.state == "incorrect" and "silences NumPy's warnings (errstate)" in result.message
