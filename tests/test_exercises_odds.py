import numpy as np
import pytest
from exercise_support import not_attempted

from course_utils.exercises import odds_exercise, odds_inverse_exercise, odds_ratio_exercise


@pytest.mark.parametrize(
    "exercise, answer, state, fragment",
    [
        (odds_exercise, lambda p: p / (1 - p), "correct", "All 5 cases match"),
        (odds_exercise, lambda p: (1 - p) / p, "incorrect", "odds_from_probability(0.75), expected 3, got 0.333333"),
        (odds_exercise, lambda p: p, "incorrect", "expected 3, got 0.75"),  # odds are not probabilities
        (odds_exercise, lambda p: [x / (1 - x) for x in p], "incorrect", "your function raised TypeError"),
        (odds_exercise, not_attempted, "not attempted", "Replace the `raise NotImplementedError`"),
        (odds_inverse_exercise, lambda o: o / (1 + o), "correct", "All 6 cases match"),
        (
            odds_inverse_exercise,
            lambda o: 1 / (1 + o),
            "incorrect",
            "probability_from_odds(3.0), expected 0.75, got 0.25",
        ),
        (odds_inverse_exercise, not_attempted, "not attempted", "Not attempted: Probability from odds."),
        (odds_ratio_exercise, 6.0, "correct", "Your value 6 matches."),
        (odds_ratio_exercise, 0.6 / 0.2, "incorrect", "Got 3: that is the ratio of the probabilities."),
        (odds_ratio_exercise, 1 / 6, "incorrect", "the ratio upside down"),
        (odds_ratio_exercise, 1.25, "incorrect", "the difference of the odds"),
        (odds_ratio_exercise, 5.0, "incorrect", "Got 5, which is not the answer."),
        (odds_ratio_exercise, ..., "not attempted", "Replace the `...`"),
    ],
)
def test_answers(exercise, answer, state, fragment):
    result = exercise.evaluate(answer)
    assert result.state == state
    assert fragment in result.message


def test_the_solutions_run_as_written():
    namespace = {"np": np}
    exec(odds_exercise._solution + "\n" + odds_inverse_exercise._solution, namespace)  # the author's text only
    assert odds_exercise.evaluate(namespace["odds_from_probability"]).state == "correct"
    assert odds_inverse_exercise.evaluate(namespace["probability_from_odds"]).state == "correct"


@pytest.mark.parametrize(
    "answer, fragment",
    [
        (1.5, "that is the odds of rain once the clouds gather (p = 0.6) alone"),
        (0.25, "that is the odds of rain before the clouds gather (p = 0.2) alone"),
        (6.0, "matches"),
    ],
)
def test_the_odds_ratio_names_one_odds_alone(answer, fragment):
    assert fragment in odds_ratio_exercise.evaluate(answer).message


@pytest.mark.parametrize(
    "exercise, answer, fragment",
    [
        (odds_exercise, lambda p: (1 - p) / p, "the odds of losing"),
        (odds_exercise, lambda p: p / 1 - p, "division comes before subtraction"),
        (odds_exercise, lambda p: p / (1 + p), "p / (1 + p) is not the odds"),
        (odds_exercise, lambda p: np.log(p / (1 - p)), "that is the log of the odds"),
        (odds_exercise, lambda p: (p / (1 - p),), "got a tuple of 1: a comma after `return x`"),
        (odds_inverse_exercise, lambda o: o / (1 - o), "the forward formula applied to the odds"),
        (odds_inverse_exercise, lambda o: 1 / (1 + o), "1 / (1 + odds) is the chance of losing"),
        (odds_inverse_exercise, lambda o: o / 1 + o, "division comes before addition"),
        (
            odds_inverse_exercise,
            lambda o: np.round(o / (1 + o), 3),
            "probability_from_odds(2.0), expected 0.666667, got 0.667",
        ),
        (odds_ratio_exercise, np.log(6.0), "the log of the odds ratio"),
        (odds_ratio_exercise, 0.6 / (1 - 0.6) / 0.2 / (1 - 0.2), "the brackets"),
        (odds_ratio_exercise, 4.0, "that is the treatment's odds ratio"),
        (odds_ratio_exercise, 5.99, "rounded too far"),
        (odds_ratio_exercise, (0.2 / 0.8) / (0.6 / 0.4), "Divide the odds after (p = 0.6) by the odds before"),
    ],
)
def test_the_slips_of_a_cold_read_are_named(exercise, answer, fragment):
    message = exercise.evaluate(answer).message
    assert "Incorrect" in message and fragment in message, message
