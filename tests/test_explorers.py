"""What every explorer promises, tried on each: its view is a documented frozen record, and every control reaches
both ends without an error. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import dataclasses
import re
import typing

import pytest

from course_utils import explorers
from course_utils.explorers import logit_explorer, odds_explorer


BUILDERS = [getattr(explorers, name) for name in explorers.__all__ if name.endswith("_explorer")]
VIEWS = [getattr(explorers, name) for name in explorers.__all__ if name.startswith("compute_")]


@pytest.mark.parametrize("compute", VIEWS, ids=lambda compute: compute.__name__)
def test_every_view_is_a_frozen_record_documented_attribute_by_attribute(compute):
    record = typing.get_type_hints(compute)["return"]
    assert dataclasses.is_dataclass(record) and record.__dataclass_params__.frozen
    assert f"see :class:`{record.__name__}` for what each holds" in compute.__doc__
    assert record.__name__ in explorers.__all__
    documented = re.search(r"Attributes\n    -+\n(.*)", record.__doc__, re.S).group(1)
    names = [name for group in re.findall(r"^    (\w+(?:, \w+)*) : ", documented, re.M) for name in group.split(", ")]
    assert names == [field.name for field in dataclasses.fields(record)]


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda builder: builder.__name__)
def test_every_control_reaches_both_ends_without_error(builder):
    explorer = builder()
    for control in explorer.controls:
        ends = [control.options[0][1], control.options[-1][1]] if hasattr(control, "options") else \
            [control.min, control.max]
        if hasattr(control, "base"):  # a log slider's min and max are exponents
            ends = [control.base ** end for end in ends]
        for value in ends:
            control.value = value
            assert explorer.error_area.value == "", f"{control.description} = {value}"


@pytest.mark.parametrize("builder, readout_at_top", [
    (odds_explorer, "odds = 0.99 / 0.01 = 99"),
    (logit_explorer, "logit = log(99) = 4.595"),
])
def test_top_of_the_probability_slider(builder, readout_at_top):
    explorer = builder()
    slider, = explorer.controls
    slider.value = slider.max
    assert readout_at_top in explorer.readout_text
