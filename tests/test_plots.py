import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from course_utils.plots import PALETTE, course_style, new_figure


def test_new_figure_has_side_by_side_axes_on_an_agg_canvas():
    with course_style():
        figure, axes = new_figure(3, width=2.0, height=1.5)
    assert len(axes) == 3 and isinstance(figure.canvas, FigureCanvasAgg)
    assert tuple(figure.get_size_inches()) == (6.0, 1.5)


def test_style_is_projector_sized_and_colour_blind_safe():
    with course_style():
        assert matplotlib.rcParams["font.size"] >= 12
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][:2] == [PALETTE["blue"], PALETTE["orange"]]
    assert all(matplotlib.colors.is_color_like(colour) for colour in PALETTE.values())


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"n_columns": 0},
            ValueError,
            "new_figure: n_columns must be a number of panels in [1, 7); got 0. "
            "Pass 1 to 6 axes side by side, e.g. n_columns=2.",
        ),
        (
            {"n_columns": 2.0},
            TypeError,
            "new_figure: n_columns must be a number of panels, an integer; got 2.0. Pass 1 to 6",
        ),
        (
            {"width": "4"},
            TypeError,
            "new_figure: width must be a number; got '4'. Pass each panel's width in inches, e.g. width=4.0.",
        ),
        ({"width": 1e308}, ValueError, "new_figure: width must lie in [0.5, 12]; got 1e+308. Pass each panel's width"),
        (
            {"height": float("nan")},
            ValueError,
            "new_figure: height must lie in [0.5, 12]; got nan. Pass the height in inches, e.g. height=3.2.",
        ),
        ({"dpi": True}, TypeError, "new_figure: dpi must be a number; got True. Pass pixels per inch, e.g. dpi=100."),
        ({"dpi": -float("inf")}, ValueError, "new_figure: dpi must lie in [50, 300]; got -inf. Pass pixels per inch"),
    ],
)
def test_new_figure_rejects_bad_sizes(kwargs, error, message):
    with pytest.raises(error) as caught:
        new_figure(**kwargs)
    assert message in str(caught.value)
