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
import io
import numbers
import traceback
from typing import Callable, Sequence

import ipywidgets as widgets
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from PIL import Image

from .validation import fail

CONTROL_LAYOUT = {"width": "460px"}
CONTROL_STYLE = {"description_width": "110px"}


def _check_number(value, func: str, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise fail(func, name, "be a number", repr(value), error=TypeError)
    if not low <= value <= high:
        raise fail(func, name, f"lie in [{low:g}, {high:g}]", repr(value))
    return float(value)


def probability_slider(value: float = 0.5, description: str = "p", low: float = 0.01,
                       high: float = 0.99) -> widgets.FloatSlider:
    """A slider over probabilities in [low, high], in steps of 0.01.

    By default [0.01, 0.99]: the ends 0 and 1 would give infinite odds and logits. A figure whose
    numbers stay defined there (entropies, distributions) can pass ``low=0.0, high=1.0``.

    Raises
    ------
    TypeError
        If ``value``, ``low`` or ``high`` is not a number.
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
    low = _check_number(low, "probability_slider", "low", 0.0, 1.0)
    high = _check_number(high, "probability_slider", "high", 0.0, 1.0)
    if low >= high:
        raise fail("probability_slider", "low", f"be below high = {high:g}", repr(low),
                   "The default range is low=0.01, high=0.99.")
    value = _check_number(value, "probability_slider", "value", low, high)
    return widgets.FloatSlider(value=value, min=low, max=high, step=0.01, description=description,
                               readout_format=".2f", continuous_update=True,
                               layout=CONTROL_LAYOUT, style=CONTROL_STYLE)


def logit_slider(value: float = 0.0, description: str = "z", bound: float = 6.0) -> widgets.FloatSlider:
    """A slider over logits (log-odds) in [-bound, bound], in steps of 0.1.

    Examples
    --------
    >>> logit_slider(1.5, bound=4).max
    4.0
    """
    bound = _check_number(bound, "logit_slider", "bound", 0.1, 1e4)
    value = _check_number(value, "logit_slider", "value", -bound, bound)
    return widgets.FloatSlider(value=value, min=-bound, max=bound, step=0.1, description=description,
                               readout_format=".1f", continuous_update=True,
                               layout=CONTROL_LAYOUT, style=CONTROL_STYLE)


def temperature_slider(value: float = 1.0, description: str = "temperature T") -> widgets.FloatLogSlider:
    """A log-scale slider over temperatures in [0.1, 10].

    Examples
    --------
    >>> temperature_slider(2.0).value
    2.0
    """
    value = _check_number(value, "temperature_slider", "value", 0.1, 10.0)
    return widgets.FloatLogSlider(value=value, base=10, min=-1, max=1, step=0.02, description=description,
                                  readout_format=".2f", continuous_update=True,
                                  layout=CONTROL_LAYOUT, style=CONTROL_STYLE)


def class_selector(n_classes: int, value: int = 0, description: str = "true class") -> widgets.Dropdown:
    """A drop-down of class indices 0..n_classes-1.

    Examples
    --------
    >>> class_selector(3, value=2).value
    2
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, numbers.Integral) or n_classes < 2:
        raise fail("class_selector", "n_classes", "be an integer of at least 2", repr(n_classes))
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not 0 <= value < n_classes:
        raise fail("class_selector", "value", f"be a class index in [0, {n_classes})", repr(value))
    return widgets.Dropdown(options=[(f"class {c}", c) for c in range(n_classes)], value=int(value),
                            description=description, layout={"width": "240px"}, style=CONTROL_STYLE)


class LiveFigure:
    """A figure drawn once; :meth:`render` redraws only the ``animated`` artists and returns PNG bytes.

    Everything else (axes, ticks, fixed curves) is drawn into a cached background, so the animated
    artists must not change the axes' limits.
    """

    def __init__(self, figure: Figure, animated: Sequence[Artist]):
        if not isinstance(figure, Figure):
            raise fail("LiveFigure", "figure", "be a matplotlib Figure", type(figure).__name__,
                       "Build it with course_utils.plots.new_figure().", TypeError)
        if not animated or not all(isinstance(artist, Artist) for artist in animated):
            raise fail("LiveFigure", "animated", "be a non-empty sequence of matplotlib artists", repr(animated),
                       error=TypeError)
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
    return ('<div style="color:#b00020"><b>The figure could not be updated:</b>'
            f'<pre style="white-space:pre-wrap">{html.escape("".join(lines))}</pre></div>')


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
    """

    def __init__(self, title: str, controls: Sequence[widgets.Widget], live: LiveFigure,
                 update: Callable[[], str]):
        if not callable(update):
            raise fail("InteractiveFigure", "update", "be callable", repr(update), error=TypeError)
        if not isinstance(live, LiveFigure):
            raise fail("InteractiveFigure", "live", "be a LiveFigure", type(live).__name__, error=TypeError)
        self.title = title
        self.controls = list(controls)
        self.live = live
        self.update = update
        width, _ = live.canvas.get_width_height()
        self.image = widgets.Image(format="png", layout={"width": "100%", "max_width": f"{width}px"})
        self.readout = widgets.HTML()
        self.error_area = widgets.HTML()
        self.readout_text = ""
        super().__init__([*self.controls, self.image, self.readout, self.error_area])
        self._draw()  # an error while building is the author's: let it raise
        for control in self.controls:
            control.observe(self.refresh, names="value")

    def _draw(self) -> None:
        self.readout_text = self.update()
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
            "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0,
                                                         "model_id": self.model_id},
        }

    def _ipython_display_(self, **kwargs) -> None:
        # Overrides how ipywidgets 7 and 8 display themselves, which would leave out the PNG.
        from IPython.display import display

        display(self.display_bundle(), raw=True)
