import numpy as np
import pytest

from course_utils.validation import (as_float_array, check_axis, check_distribution, check_reduction, fail,
                                     sum_tolerance)


@pytest.mark.parametrize("value, dtype", [
    ([1, 2], np.float64), (np.array([1], np.int8), np.float64), (np.float16(1), np.float32),
    (np.array([1.0], np.float32), np.float32), (np.array([1.0]), np.float64), (np.longdouble(1), np.float64),
])
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
