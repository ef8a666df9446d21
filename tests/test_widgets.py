"""Widget parts, driven from code without a browser. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import base64

import IPython.display
import ipywidgets
import pytest
from matplotlib.figure import Figure

from course_utils.plots import new_figure
from course_utils.widgets import (
    InteractiveFigure,
    LiveFigure,
    class_selector,
    logit_slider,
    probability_slider,
    temperature_slider,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def small_figure():
    figure, (ax,) = new_figure(1, width=2, height=2)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    (point,) = ax.plot([0.5], [0.5], "o")
    return LiveFigure(figure, [point]), point


def test_sliders_have_the_documented_ranges():
    assert (probability_slider().min, probability_slider().max) == (0.01, 0.99)
    assert (logit_slider(bound=3).min, logit_slider(bound=3).max) == (-3, 3)
    t = temperature_slider(0.5)
    assert t.value == pytest.approx(0.5) and 10**t.min == pytest.approx(0.1) and 10**t.max == pytest.approx(10)
    assert class_selector(4).options[-1] == ("class 3", 3)
    full = probability_slider(1.0, low=0.0, high=1.0)
    assert (full.min, full.max, full.step, full.value, full.readout_format) == (0.0, 1.0, 0.01, 1.0, ".2f")


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: probability_slider(1.0), ValueError, "probability_slider: value must lie in [0.01, 0.99]; got 1.0"),
        (lambda: probability_slider("0.5"), TypeError, "probability_slider: value must be a number"),
        (lambda: probability_slider(0.0), ValueError, "probability_slider: value must lie in [0.01, 0.99]; got 0.0"),
        (lambda: probability_slider(0.05, low=0.1, high=0.9), ValueError, "value must lie in [0.1, 0.9]; got 0.05"),
        (lambda: probability_slider(0.5, low=-0.1), ValueError, "probability_slider: low must lie in [0, 1]; got -0.1"),
        (lambda: probability_slider(0.5, high=1.5), ValueError, "probability_slider: high must lie in [0, 1]; got 1.5"),
        (
            lambda: probability_slider(0.5, low=0.6, high=0.4),
            ValueError,
            "probability_slider: low and high must satisfy low < high; got low = 0.6, high = 0.4. "
            "The default range is low=0.01, high=0.99.",
        ),
        (
            lambda: probability_slider(description=None),
            TypeError,
            'probability_slider: description must be a string; got None. Pass the text to show, e.g. description="p".',
        ),
        (
            lambda: logit_slider(bound=10**400),
            ValueError,
            "logit_slider: bound must lie in [0.1, 10000]; got an int of about 400 digits",
        ),
        (lambda: probability_slider(0.5, low="0"), TypeError, "probability_slider: low must be a number"),
        (lambda: logit_slider(5, bound=2), ValueError, "logit_slider: value must lie in [-2, 2]; got 5"),
        (lambda: temperature_slider(0), ValueError, "temperature_slider: value must lie in [0.1, 10]"),
        (
            lambda: class_selector(1),
            ValueError,
            "class_selector: n_classes must be an integer from 2 to 100; got 1. One entry per class: pass e.g. "
            "n_classes=3.",
        ),
        (lambda: class_selector(3, value=3), ValueError, "class_selector: value must be a class index in [0, 3)"),
        (
            lambda: LiveFigure("figure", []),
            TypeError,
            "LiveFigure: figure must be a matplotlib Figure on an Agg canvas; "
            "got 'figure'. Build it with course_utils.plots.new_figure().",
        ),
        (
            lambda: LiveFigure(Figure(), []),
            TypeError,
            "LiveFigure: figure must be a matplotlib Figure on an Agg canvas; "
            "got a Figure on a FigureCanvasBase. Build it with",
        ),
        (
            lambda: LiveFigure(new_figure()[0], []),
            TypeError,
            "LiveFigure: animated must be a non-empty list of the "
            "figure's matplotlib artists; got []. Pass what the plotting",
        ),
        (
            lambda: LiveFigure(new_figure()[0], [object()]),
            TypeError,
            "animated must be a non-empty list of the figure's matplotlib artists; got object at index 0. Pass",
        ),
        (
            lambda: LiveFigure(new_figure()[0], small_figure()[1:]),
            ValueError,
            "got an artist not on this figure at index 0. Pass what the plotting calls on its axes returned",
        ),
        (
            lambda: InteractiveFigure(None, [], small_figure()[0], lambda: "x"),
            TypeError,
            'InteractiveFigure: title must be a string; got None. Pass the text to show, e.g. title="Odds explorer".',
        ),
        (
            lambda: InteractiveFigure("t", [object()], small_figure()[0], lambda: "x"),
            TypeError,
            "InteractiveFigure: controls must be a list of ipywidgets controls with a value; got object at index 0. "
            "Pass e.g. [probability_slider()].",
        ),
        (
            lambda: InteractiveFigure("t", [], small_figure()[0], 42),
            TypeError,
            "InteractiveFigure: update must be a function of no arguments; got 42. Pass a function of no arguments",
        ),
        (
            lambda: InteractiveFigure("t", [], small_figure()[0], lambda p: "p"),
            TypeError,
            "InteractiveFigure: update must be a function of no arguments; got <lambda>. Pass a function",
        ),
        (
            lambda: InteractiveFigure("t", [], small_figure()[0], lambda: 0.5),
            TypeError,
            'InteractiveFigure: update must return the readout text, a str; got 0.5. End it with e.g. return f"p = '
            '{p:.2f}".',
        ),
        (
            lambda: InteractiveFigure("t", [], "live", lambda: "x"),
            TypeError,
            "InteractiveFigure: live must be a LiveFigure; got 'live'. Wrap the figure: LiveFigure(figure, artists).",
        ),
    ],
)
def test_bad_arguments(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert words in str(info.value)


def test_live_figure_renders_png_and_redraws_only_animated_artists():
    live, point = small_figure()
    first = live.render()
    assert first.startswith(PNG_SIGNATURE)
    point.set_data([0.9], [0.1])
    assert live.render() != first
    point.set_data([0.5], [0.5])
    assert live.render() == first  # the background is restored, not drawn over


def test_interactive_figure_updates_on_slider_change():
    live, point = small_figure()
    slider = probability_slider(0.5)

    def update():
        point.set_data([slider.value], [slider.value])
        return f"p = {slider.value:.2f}"

    view = InteractiveFigure("Demo", [slider], live, update)
    before = view.image.value
    slider.value = 0.8
    assert view.readout_text == "p = 0.80" and "p = 0.80" in view.readout.value
    assert view.image.value != before and view.error_area.value == ""


def test_error_in_a_callback_is_shown_under_the_figure():
    live, point = small_figure()
    slider = probability_slider(0.5)

    def update():
        if slider.value > 0.6:
            raise ZeroDivisionError("deliberately broken for p > 0.6")
        return "fine"

    view = InteractiveFigure("Broken", [slider], live, update)
    slider.value = 0.7
    assert "ZeroDivisionError" in view.error_area.value and "deliberately broken" in view.error_area.value
    slider.value = 0.4
    assert view.error_area.value == ""


def test_display_bundle_has_widget_static_png_and_text(monkeypatch):
    live, point = small_figure()
    view = InteractiveFigure("Demo", [probability_slider(0.5)], live, lambda: "p = 0.50\nodds = 1")
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda data, raw: shown.append(data))
    view._ipython_display_()  # what IPython calls to show it; what nbconvert saves
    (data,) = shown
    assert data["text/plain"] == "Demo: p = 0.50; odds = 1"
    assert base64.b64decode(data["image/png"]).startswith(PNG_SIGNATURE)
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == view.model_id


def test_works_with_this_ipywidgets_generation():
    assert int(ipywidgets.__version__.split(".")[0]) in (7, 8)
