"""What every exercise promises, tried on each: the notebook's stub is "not attempted", every mistake it knows is
named when a learner makes it, and ``check``, ``hint`` and ``solution`` print what they say. Hostile answers of
every kind are tried on every exercise in test_hostile_answers.py. The next exercise added to
`course_utils.exercises` gets these tests without a line here; its own module tests what is particular to it."""

import pytest
from exercise_support import not_attempted

from course_utils import exercises
from course_utils.checks import NEXT_STEP, Exercise, ValueExercise

EXERCISES = [getattr(exercises, name) for name in exercises.__all__]
NAMES = {id(exercise): name for name, exercise in zip(exercises.__all__, EXERCISES)}


def exercise_id(exercise: Exercise) -> str:
    return NAMES[id(exercise)]


def stub(exercise: Exercise):
    """What the exercise's cell holds before the learner writes anything."""
    return ... if isinstance(exercise, ValueExercise) else not_attempted


def test_every_exercise_is_listed():
    assert len(EXERCISES) == len(set(map(id, EXERCISES))) == 26
    assert all(isinstance(exercise, Exercise) for exercise in EXERCISES)


@pytest.mark.parametrize("exercise", EXERCISES, ids=exercise_id)
def test_the_stub_is_not_attempted(exercise, capsys):
    result = exercise.evaluate(stub(exercise))
    assert result.state == "not attempted"
    assert result.message == (
        f"Not attempted: {exercise.name}. Replace the {exercise.stub} with your code, then run this cell again."
    )
    exercise.check(stub(exercise))
    assert capsys.readouterr().out == result.message + "\n"


@pytest.mark.parametrize("exercise", EXERCISES, ids=exercise_id)
def test_every_known_mistake_is_named_when_made(exercise):
    assert exercise.mistakes, "an exercise names the slips learners make"
    for wrong, why in exercise.mistakes:
        result = exercise.evaluate(wrong)
        assert result.state == "incorrect", why
        assert why in result.message
        assert result.message.startswith(f"Incorrect: {exercise.name}. ") and result.message.endswith(f"\n{NEXT_STEP}")


@pytest.mark.parametrize("exercise", EXERCISES, ids=exercise_id)
def test_hint_and_solution_print_under_their_names(exercise, capsys):
    exercise.hint()
    exercise.solution()
    hint, solution = capsys.readouterr().out.split("Solution:\n")
    assert hint.startswith("Hint: ") and len(hint) > len("Hint: \n")
    assert solution.strip()
