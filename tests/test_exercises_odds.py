import numpy as np
import pytest
from exercise_support import not_attempted

from course_utils.exercises import odds_exercise, odds_inverse_exercise, odds_ratio_exercise


@pytest.mark.parametrize("exercise, answer, state, fragment", [
    (odds_exercise, lambda p: p / (1 - p), "correct", "All 5 cases match"),
    (odds_exercise, lambda p: (1 - p) / p, "incorrect", "odds_from_probability(0.75), expected 3, got 0.333333"),
    (odds_exercise, lambda p: p, "incorrect", "expected 3, got 0.75"),  # odds are not probabilities
    (odds_exercise, lambda p: [x / (1 - x) for x in p], "incorrect", "your function raised TypeError"),
    (odds_exercise, not_attempted, "not attempted", "Replace the `raise NotImplementedError`"),
    (odds_inverse_exercise, lambda o: o / (1 + o), "correct", "All 5 cases match"),
    (odds_inverse_exercise, lambda o: 1 / (1 + o), "incorrect", "probability_from_odds(3), expected 0.75, got 0.25"),
    (odds_inverse_exercise, not_attempted, "not attempted", "Not attempted: Probability from odds."),
    (odds_ratio_exercise, 6.0, "correct", "Your value 6 matches."),
    (odds_ratio_exercise, 0.6 / 0.2, "incorrect", "Got 3: that is the ratio of the probabilities."),
    (odds_ratio_exercise, 1 / 6, "incorrect", "the ratio upside down"),
    (odds_ratio_exercise, 1.25, "incorrect", "the difference of the odds"),
    (odds_ratio_exercise, 5.0, "incorrect", "Got 5, which is not the answer."),
    (odds_ratio_exercise, ..., "not attempted", "Replace the `...`"),
])
def test_answers(exercise, answer, state, fragment):
    result = exercise.evaluate(answer)
    assert result.state == state
    assert fragment in result.message


def test_the_solutions_run_as_written():
    namespace = {"np": np}
    exec(odds_exercise._solution + "\n" + odds_inverse_exercise._solution, namespace)  # the author's text only
    assert odds_exercise.evaluate(namespace["odds_from_probability"]).state == "correct"
    assert odds_inverse_exercise.evaluate(namespace["probability_from_odds"]).state == "correct"
