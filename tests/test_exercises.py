import numpy as np
import pytest

from course_utils.exercises import start_here_loss

LOGITS = np.array([2.0, 1.0, 0.1])


def test_expected_value():
    assert start_here_loss.expected == pytest.approx(1.4170300162778335, rel=1e-12)


def test_solution_text_passes(capsys):
    # The solution is shown as text; check that the same expression, written out here, passes.
    start_here_loss.solution()
    assert capsys.readouterr().out == "Solution:\nloss = -np.log(np.exp(logits[1]) / np.exp(logits).sum())\n"
    logits = LOGITS
    assert start_here_loss.evaluate(-np.log(np.exp(logits[1]) / np.exp(logits).sum())).state == "correct"


@pytest.mark.parametrize("answer, state, fragment", [
    (1.4170300162778335, "correct", "Correct: The loss when the true class is 1. Your value 1.41703 matches."),
    (..., "not attempted", "Not attempted: The loss when the true class is 1. Replace the `...`"),
    (-1.4170300162778335, "incorrect", "Got -1.41703, which is not the answer"),
    (-np.log(np.exp(LOGITS[0]) / np.exp(LOGITS).sum()), "incorrect", "Got 0.41703"),
    (np.exp(LOGITS[1]) / np.exp(LOGITS).sum(), "incorrect", "Got 0.242433"),
    (-np.log(np.exp(LOGITS) / np.exp(LOGITS).sum()), "incorrect", "Expected a single number, got an array of shape (3,)."),
])
def test_start_here_loss(answer, state, fragment):
    result = start_here_loss.evaluate(answer)
    assert result.state == state
    assert fragment in result.message
