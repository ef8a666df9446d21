import numpy as np
import pytest

from course_utils.validation import (
    as_float_array,
    check_axis,
    check_distribution,
    check_flag,
    check_integer,
    check_reduction,
    check_text,
    check_tolerance,
    fail,
    is_number,
    sum_tolerance,
)


@pytest.mark.parametrize(
    "value, dtype",
    [
        ([1, 2], np.float64),
        (np.array([1], np.int8), np.float64),
        (np.float16(1), np.float32),
        (np.array([1.0], np.float32), np.float32),
        (np.array([1.0]), np.float64),
        (np.longdouble(1), np.float64),
    ],
)
def test_float_dtypes(value, dtype):
    assert as_float_array(value, "f", "x").dtype == dtype


def test_message_pattern():
    error = fail("softmax", "axis", "be an integer", "'a'", "Use axis=-1.", TypeError)
    assert isinstance(error, TypeError)
    assert str(error) == "softmax: axis must be an integer; got 'a'. Use axis=-1."


def test_sum_tolerance_follows_precision():
    assert sum_tolerance(np.dtype(np.float32)) > sum_tolerance(np.dtype(np.float64))
    check_distribution(np.array([0.5, 0.50005], np.float32), "f", "p", -1)
    with pytest.raises(ValueError, match="tolerance 1e-06"):
        check_distribution(np.array([0.5, 0.50005]), "f", "p", -1)


def test_axis_is_returned_non_negative():
    assert check_axis(-1, np.zeros((2, 3)), "f", "x") == 1


def test_reduction_names():
    assert check_reduction("sum", "f") == "sum"
    with pytest.raises(ValueError, match="f: reduction must be one of"):
        check_reduction("Mean", "f")


def test_a_bool_is_neither_a_number_nor_an_integer():
    assert is_number(np.float32(0.5)) and is_number(3) and not is_number(True) and not is_number(np.True_)
    assert check_integer(np.int64(7), "f", "n") == 7 and type(check_integer(np.int64(7), "f", "n")) is int
    for value in (True, 2.0, "2", np.array([2])):
        with pytest.raises(TypeError, match=r"^f: n must be a count; got .*\. Pass n=2\.$"):
            check_integer(value, "f", "n", "be a count", "Pass n=2.")


def test_text_tolerance_and_flag_checks():
    assert check_text("", "f", "title") == ""
    with pytest.raises(TypeError, match=r"^f: title must be a string; got None\. Pass the text to show, e.g. title="):
        check_text(None, "f", "title", "x")
    with pytest.raises(ValueError, match=r"^f: hint must not be blank; got ' '\. Write the hint learners will see\.$"):
        check_text(" ", "f", "hint", blank=False)
    assert check_tolerance(np.float32(0.5), "f", "rtol") == 0.5
    wrong = [("0", TypeError), (True, TypeError), (-1e-6, ValueError), (np.nan, ValueError), (10**400, ValueError)]
    for value, error in wrong:
        with pytest.raises(error, match=r"^f: rtol must be .*Use e.g. rtol=1e-6\.$"):
            check_tolerance(value, "f", "rtol")
    assert check_flag(np.True_, "f", "on") is True
    with pytest.raises(TypeError, match=r"^f: on must be True or False; got 1\.$"):
        check_flag(1, "f", "on")
