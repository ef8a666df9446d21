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


def ends(control) -> list:
    """The values at a control's two ends (every option of a dropdown)."""
    if hasattr(control, "options"):
        return [option[1] for option in control.options]
    if hasattr(control, "base"):  # a log slider's min and max are exponents
        return [control.base**control.min, control.base**control.max]
    return [control.min, control.max]


# Controls that change only what the readout says: a reduction changes the reported loss, not the figure's bars.
READOUT_ONLY = {("loss_options_explorer", "reduction")}


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda builder: builder.__name__)
def test_every_control_reaches_both_ends_without_error(builder):
    explorer = builder()
    for control in explorer.controls:
        for value in ends(control):
            control.value = value
            assert explorer.error_area.value == "", f"{control.description} = {value}"


@pytest.mark.parametrize("builder", BUILDERS, ids=lambda builder: builder.__name__)
def test_the_figure_follows_every_control(builder):
    explorer = builder()
    for control in explorer.controls:
        start, image, readout = control.value, explorer.image.value, explorer.readout_text
        control.value = next(value for value in reversed(ends(control)) if value != start)
        assert explorer.readout_text != readout, control.description
        readout_only = (builder.__name__, control.description) in READOUT_ONLY
        assert (explorer.image.value != image) != readout_only, control.description
        assert explorer.error_area.value == ""
        control.value = start  # back near the start (coupled sliders, such as a distribution's, may not return)


@pytest.mark.parametrize(
    "builder, p, readout",
    [
        (odds_explorer, 0.5, "p = 0.50: odds = 0.50 / 0.50 = 1"),
        (odds_explorer, 0.9, "p = 0.90: odds = 0.90 / 0.10 = 9"),
        (odds_explorer, 0.99, "odds = 0.99 / 0.01 = 99"),
        (logit_explorer, 0.5, "p = 0.50: odds = 0.50 / 0.50 = 1, logit = log(1) = 0.000; sigmoid(0.000) = 0.50"),
        (logit_explorer, 0.9, "p = 0.90: odds = 0.90 / 0.10 = 9, logit = log(9) = 2.197; sigmoid(2.197) = 0.90"),
        (logit_explorer, 0.99, "logit = log(99) = 4.595"),
    ],
)
def test_the_probability_slider_readouts(builder, p, readout):
    explorer = builder(0.7)
    (slider,) = explorer.controls
    slider.value = p
    assert readout in explorer.readout_text
