"""Notebook 00's first exercise: the loss of one example, worked by hand."""

import numpy as np
import pytest

from course_utils.exercises import start_here_loss

LOGITS = np.array([2.0, 1.0, 0.1])


def test_expected_value():
    assert start_here_loss.expected == pytest.approx(1.4170300162778335, rel=1e-12)


def test_the_hint_gives_the_formula(capsys):
    start_here_loss.hint()
    hint = capsys.readouterr().out
    assert "e^z1 / (e^z0 + e^z1 + e^z2)" in hint and "-np.log" in hint


def test_solution_text_passes(capsys):
    # The solution is shown as text; check that the same expression, written out here, passes.
    start_here_loss.solution()
    assert capsys.readouterr().out == "Solution:\nloss_class_1 = -np.log(np.exp(logits[1]) / np.exp(logits).sum())\n"
    logits = LOGITS
    assert start_here_loss.evaluate(-np.log(np.exp(logits[1]) / np.exp(logits).sum())).state == "correct"


PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum()


@pytest.mark.parametrize(
    "answer, state, fragment",
    [
        (1.4170300162778335, "correct", "Correct: The loss when the true class is 1. Your value 1.41703 matches."),
        (1.417, "correct", "Your value 1.417 matches"),  # typed from the printout: the course's rule
        (1.4170, "correct", "matches"),
        (..., "not attempted", "Not attempted: The loss when the true class is 1. Replace the `...`"),
        (-1.4170300162778335, "incorrect", "Got -1.41703: the minus sign is missing"),
        (-1.417, "incorrect", "the minus sign is missing"),
        (-np.log(PROBS[0]), "incorrect", "Got 0.41703: that is the loss for class 0"),
        (0.417, "incorrect", "that is the loss for class 0"),
        (-np.log(PROBS[2]), "incorrect", "that is the loss for class 2"),
        (PROBS[1], "incorrect", "Got 0.242433: that is the probability softmax gives class 1"),
        (-np.log10(PROBS[1]), "incorrect", "np.log10"),
        (-np.log2(PROBS[1]), "incorrect", "np.log2"),
        (1.5, "incorrect", "Got 1.5, which is not the answer"),
        (-np.log(PROBS), "incorrect", "Expected a single number, got an array of shape (3,)."),
    ],
)
def test_start_here_loss(answer, state, fragment):
    result = start_here_loss.evaluate(answer)
    assert result.state == state
    assert fragment in result.message


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (np.log(np.exp(LOGITS).sum()), "the numerator, e^z1, is missing"),
        (-LOGITS[1], "the division by the sum of the exponentials is missing"),
        (-np.log(np.exp(LOGITS[1]) / LOGITS.sum()), "the sum in the denominator needs the exponentials too"),
        (-np.log(np.exp(LOGITS[1])) / np.exp(LOGITS).sum(), "the parentheses"),
        (-np.log(LOGITS[1]), "softmax first turns the logits into probabilities"),
        (1 - PROBS[1], "1 - p_1 is the probability that the class is not 1"),
        (1.42, "Is it the answer, rounded too far?"),
        (np.nan, "nan comes from 0 / 0, inf - inf or the log of a negative number"),
        (np.inf, "inf comes from the log of 0 or from an overflow"),
    ],
)
def test_the_likeliest_slips_are_named(answer, fragment):
    """A student's cold read found each of these answered with only "not the answer"."""
    message = start_here_loss.evaluate(answer).message
    assert "Incorrect" in message and fragment in message, message
