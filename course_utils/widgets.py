"""The parts every interactive figure is made of.

Sliders and a class selector built from core ipywidgets (so they work in JupyterLab, Notebook 7,
Colab and Binder, under ipywidgets 7.7 and 8.x), and :class:`InteractiveFigure`, which wires
controls to a matplotlib figure that is drawn once and updated in place:

- only the artists that change are redrawn (blitting over a cached background), and the PNG is
  encoded at the fastest zlib setting, which keeps a slider step within one 60 Hz frame;
- the figure reaches the browser through an ``ipywidgets.Image``, so no front-end extension is needed;
- its display bundle also carries a static PNG and a text summary, for nbconvert, slides and nbval;
- an error raised while updating is shown under the figure instead of being lost in the kernel log.

A fast drag does not queue work: the widgets front end keeps one update in flight and merges the
slider positions that arrive meanwhile into the next message.
"""

from __future__ import annotations

import base64
import html
import inspect
import io
import traceback
from typing import Callable, Sequence

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from PIL import Image

from .language import _
from .validation import check_index, check_integer, check_number, check_text, fail, shown

__all__ = [
    "probability_slider",
    "logit_slider",
    "temperature_slider",
    "class_selector",
    "LiveFigure",
    "InteractiveFigure",
    "CONTROL_LAYOUT",
    "CONTROL_STYLE",
]

CONTROL_LAYOUT = {"width": "460px"}
CONTROL_STYLE = {"description_width": "110px"}
MAX_OPTIONS = 100  # the most classes a drop-down offers


def probability_slider(
    value: float = 0.5, description: str = "p", low: float = 0.01, high: float = 0.99
) -> widgets.FloatSlider:
    """A slider over probabilities in [low, high], in steps of 0.01.

    By default [0.01, 0.99]: the ends 0 and 1 would give infinite odds and logits. A figure whose
    numbers stay defined there (entropies, distributions) can pass ``low=0.0, high=1.0``.

    Raises
    ------
    TypeError
        If ``value``, ``low`` or ``high`` is not a number, or ``description`` not a string.
    ValueError
        If ``low`` or ``high`` is outside [0, 1], ``low >= high``, or ``value`` is outside [low, high].

    Examples
    --------
    >>> probability_slider(0.75).value
    0.75
    >>> slider = probability_slider(1.0, low=0.0, high=1.0)
    >>> slider.min, slider.max
    (0.0, 1.0)
    """
    func, fix = "probability_slider", "The default range is low=0.01, high=0.99."
    check_text(description, func, "description", "p")
    low = check_number(low, func, "low", 0.0, 1.0, fix)
    high = check_number(high, func, "high", 0.0, 1.0, fix)
    if low >= high:
        raise fail(func, "low and high", "satisfy low < high", f"low = {low:g}, high = {high:g}", fix)
    value = check_number(value, func, "value", low, high, f"Pass a probability in the slider's range, e.g. {low:g}.")
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=0.01,
        description=description,
        readout_format=".2f",
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )


def logit_slider(value: float = 0.0, description: str = "z", bound: float = 6.0) -> widgets.FloatSlider:
    """A slider over logits (log-odds) in [-bound, bound], in steps of 0.1.

    Raises
    ------
    TypeError
        If ``value`` or ``bound`` is not a number (a bool is not one), or ``description`` not a string.
    ValueError
        If ``bound`` is outside [0.1, 1e4], or ``value`` outside [-bound, bound].

    Examples
    --------
    >>> logit_slider(1.5, bound=4).max
    4.0
    """
    func = "logit_slider"
    check_text(description, func, "description", "z")
    bound = check_number(bound, func, "bound", 0.1, 1e4, "Pass e.g. bound=6.0.")
    value = check_number(value, func, "value", -bound, bound, "Pass a logit in the slider's range, e.g. 0.0.")
    return widgets.FloatSlider(
        value=value,
        min=-bound,
        max=bound,
        step=0.1,
        description=description,
        readout_format=".1f",
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )


def temperature_slider(value: float = 1.0, description: str = "temperature T") -> widgets.FloatLogSlider:
    """A log-scale slider over temperatures in [0.1, 10].

    Raises
    ------
    TypeError
        If ``value`` is not a number (a bool is not one), or ``description`` not a string.
    ValueError
        If ``value`` is outside [0.1, 10].

    Examples
    --------
    >>> temperature_slider(2.0).value
    2.0
    """
    func = "temperature_slider"
    check_text(description, func, "description", "temperature T")
    value = check_number(value, func, "value", 0.1, 10.0, "Pass a temperature in the slider's range, e.g. 1.0.")
    if description == "temperature T":  # the default, in the learner's language
        description = _("temperature T")
    return widgets.FloatLogSlider(
        value=value,
        base=10,
        min=-1,
        max=1,
        step=0.02,
        description=description,
        readout_format=".2f",
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )


def class_selector(n_classes: int, value: int = 0, description: str = "true class") -> widgets.Dropdown:
    """A drop-down of class indices 0..n_classes-1.

    Raises
    ------
    TypeError
        If ``n_classes`` or ``value`` is not an integer (a bool is not one), or ``description`` not a string.
    ValueError
        If ``n_classes`` is outside [2, 100], or ``value`` outside [0, n_classes).

    Examples
    --------
    >>> class_selector(3, value=2).value
    2
    """
    func = "class_selector"
    check_text(description, func, "description", "true class")
    rule, fix = f"be an integer from 2 to {MAX_OPTIONS}", "One entry per class: pass e.g. n_classes=3."
    n_classes = check_integer(n_classes, func, "n_classes", rule, fix)
    if not 2 <= n_classes <= MAX_OPTIONS:
        raise fail(func, "n_classes", rule, shown(n_classes), fix)
    value = check_index(value, func, "value", 0, n_classes, "a class index", "Class indices start at 0.")
    if description == "true class":  # the default, in the learner's language
        description = _("true class")
    return widgets.Dropdown(
        options=[(_("class {index}").format(index=c), c) for c in range(n_classes)],
        value=value,
        description=description,
        layout={"width": "240px"},
        style=CONTROL_STYLE,
    )


class LiveFigure:
    """A figure drawn once; :meth:`render` redraws only the ``animated`` artists and returns PNG bytes.

    Everything else (axes, ticks, fixed curves) is drawn into a cached background, so the animated
    artists must not change the axes' limits.

    Raises
    ------
    TypeError
        If ``figure`` is not a matplotlib Figure on an Agg canvas (as :func:`~course_utils.plots.new_figure`
        makes), or ``animated`` not a non-empty list or tuple of matplotlib artists.
    ValueError
        If one of the artists is not on ``figure``.
    """

    def __init__(self, figure: Figure, animated: Sequence[Artist]):
        func, rule = "LiveFigure", "be a non-empty list of the figure's matplotlib artists"
        if not isinstance(figure, Figure) or not hasattr(figure.canvas, "copy_from_bbox"):  # an Agg canvas caches
            got = shown(figure) if not isinstance(figure, Figure) else f"a Figure on a {type(figure.canvas).__name__}"
            raise fail(
                func,
                "figure",
                "be a matplotlib Figure on an Agg canvas",
                got,
                "Build it with course_utils.plots.new_figure().",
                TypeError,
            )
        fix = "Pass what the plotting calls on its axes returned, e.g. [point] from point, = ax.plot(...)."
        if not isinstance(animated, (list, tuple)) or not animated:
            raise fail(func, "animated", rule, shown(animated), fix, TypeError)
        for i, artist in enumerate(animated):
            if not isinstance(artist, Artist):
                raise fail(func, "animated", rule, f"{type(artist).__name__} at index {i}", fix, TypeError)
            if artist.figure is not figure:
                raise fail(func, "animated", rule, f"an artist not on this figure at index {i}", fix)
        self.figure = figure
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas = figure.canvas
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(figure.bbox)

    def render(self) -> bytes:
        self.canvas.restore_region(self._background)
        for artist in self.animated:
            self.figure.draw_artist(artist)
        image = Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        png = io.BytesIO()
        image.convert("RGB").save(png, format="png", compress_level=1)
        return png.getvalue()


def format_error(error: BaseException) -> str:
    """The error as HTML for the learner: its type, message and where it happened."""
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    heading = html.escape(_("The figure could not be updated:"))
    return (
        f'<div style="color:#b00020"><b>{heading}</b>'
        f'<pre style="white-space:pre-wrap">{html.escape("".join(lines))}</pre></div>'
    )


def _check_update(update) -> None:
    """``update`` must be a function that can be called with no arguments."""
    try:
        inspect.signature(update).bind()
    except (TypeError, ValueError):  # not callable, needs arguments, or a built-in whose signature cannot be read
        got = getattr(update, "__name__", type(update).__name__) if callable(update) else shown(update)
        raise fail(
            "InteractiveFigure",
            "update",
            "be a function of no arguments",
            got,
            "Pass a function of no arguments that moves the artists and returns the readout text.",
            TypeError,
        ) from None


class InteractiveFigure(widgets.VBox):
    """Controls, a live figure, a readout line and an error area, wired together.

    Parameters
    ----------
    title : str
        Names the figure in its text summary (what nbval and screen readers see).
    controls : sequence of ipywidgets widgets with a ``value``
        Every change of one of them triggers ``update`` and a re-render.
    live : LiveFigure
        The figure to show.
    update : callable () -> str
        Reads the controls, moves the animated artists, and returns the readout text
        (plain text; lines separated by newlines).

    Raises
    ------
    TypeError
        If ``title`` is not a string, ``controls`` not a list or tuple of widgets with a ``value``, ``live``
        not a :class:`LiveFigure`, ``update`` not a function of no arguments, or its first call returns no
        string. Whatever else that first call raises is raised too; later errors are shown under the figure.
    """

    def __init__(self, title: str, controls: Sequence[widgets.Widget], live: LiveFigure, update: Callable[[], str]):
        func = "InteractiveFigure"
        check_text(title, func, "title", "Odds explorer")
        rule, fix = "be a list of ipywidgets controls with a value", "Pass e.g. [probability_slider()]."
        if not isinstance(controls, (list, tuple)):
            raise fail(func, "controls", rule, shown(controls), fix, TypeError)
        for i, control in enumerate(controls):
            if not (isinstance(control, widgets.Widget) and control.has_trait("value")):
                raise fail(func, "controls", rule, f"{type(control).__name__} at index {i}", fix, TypeError)
        _check_update(update)
        if not isinstance(live, LiveFigure):
            raise fail(
                func, "live", "be a LiveFigure", shown(live), "Wrap the figure: LiveFigure(figure, artists).", TypeError
            )
        self.title = title
        self.controls = list(controls)
        self.live = live
        self.update = update
        width, _height = live.canvas.get_width_height()
        self.image = widgets.Image(format="png", layout={"width": "100%", "max_width": f"{width}px"})
        self.readout = widgets.HTML()
        self.error_area = widgets.HTML()
        self.readout_text = ""
        super().__init__([*self.controls, self.image, self.readout, self.error_area])
        self._draw()  # an error while building is the author's: let it raise
        for control in self.controls:
            control.observe(self.refresh, names="value")

    def _draw(self) -> None:
        readout = self.update()
        if not isinstance(readout, str):
            raise fail(
                "InteractiveFigure",
                "update",
                "return the readout text, a str",
                shown(readout),
                'End it with e.g. return f"p = {p:.2f}".',
                TypeError,
            )
        self.readout_text = readout
        lines = "<br>".join(html.escape(line) for line in self.readout_text.splitlines())
        self.readout.value = f'<div style="font-size:1.05em">{lines}</div>'
        self.image.value = self.live.render()

    def refresh(self, change: dict | None = None) -> None:
        """Redraw from the controls' current values; show any error under the figure."""
        try:
            self._draw()
            self.error_area.value = ""
        except Exception as error:  # shown to the learner, who can fix the cause and move a slider again
            self.error_area.value = format_error(error)

    def display_bundle(self) -> dict:
        """The live widget, plus a static PNG and a text summary for viewers without a kernel."""
        return {
            "text/plain": f"{self.title}: {self.readout_text}".replace("\n", "; "),
            "image/png": base64.b64encode(self.image.value).decode("ascii"),
            "application/vnd.jupyter.widget-view+json": {
                "version_major": 2,
                "version_minor": 0,
                "model_id": self.model_id,
            },
        }

    def _ipython_display_(self, **kwargs) -> None:
        # Overrides how ipywidgets 7 and 8 display themselves, which would leave out the PNG.
        from IPython.display import display

        display(self.display_bundle(), raw=True)
