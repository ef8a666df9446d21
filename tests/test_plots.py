import matplotlib
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
