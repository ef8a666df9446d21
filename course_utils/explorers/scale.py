"""Notebook 08's figure: the memory CrossEntropyLoss needs over a vocabulary-sized classifier, plain and chunked,
against the vocabulary size, beside the points measured on a CPU.

Pure arithmetic: this module imports neither torch nor `course_utils.scale`, whose loss it describes.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator
from matplotlib.transforms import offset_copy

from ..language import N_, _
from ..plots import PALETTE, course_style, new_figure
from ..validation import check_integer, fail, shown
from ..widgets import CONTROL_LAYOUT, CONTROL_STYLE, InteractiveFigure, LiveFigure

__all__ = ["ScaleMemoryView", "compute_scale_memory_view", "scale_memory_explorer", "MEASURED_CPU_MIB"]

# Extra peak resident memory, in MiB, of one forward and backward pass of the loss, measured on a 2-core CPU under
# torch 2.13 with `python benchmarks/ce_at_scale.py --vocab V` at its defaults: N=8192 tokens, H=256, float32,
# chunk_size=1024. One row per vocabulary size V (between 8,000 and 256,000, the figure's axis); a new measurement
# is a new row, and the figure draws it.
MEASURED_CPU_MIB = {
    8_000: {"plain": 793, "chunked": 140, "torch_linear_cross_entropy": 127},
    16_000: {"plain": 1536, "chunked": 141, "torch_linear_cross_entropy": 147},
    32_000: {"plain": 3051, "chunked": 217, "torch_linear_cross_entropy": 201},
    64_000: {"plain": 6028, "chunked": 358, "torch_linear_cross_entropy": 240},
}
MEASURED_LABEL = N_("measured on a CPU, N=8192, H=256, float32")  # English in the legend, translated in the readout

BYTES = {"float32": 4, "bfloat16": 2}  # bytes per number, b, of the logits (and of hidden, weight and their gradients)
FLOAT32 = 4  # a chunk's logits and the logsumexps are float32, whatever the dtype
# The vocabulary sizes the slider offers, from 8k to 256k, with the models that use some of them.
VOCAB_SIZES = {
    8_000: "8,000",
    16_000: "16,000",
    32_000: "32,000 (Llama 2)",
    50_257: "50,257 (GPT-2)",
    64_000: "64,000",
    128_256: "128,256 (Llama 3)",
    256_000: "256,000 (Gemma)",
}
# The x-axis labels: every size but 64k, too close to 50k for a label of its own.
VOCAB_TICKS = {
    8_000: "8k",
    16_000: "16k",
    32_000: "32k",
    50_257: "50k\nGPT-2",
    128_256: "128k\nLlama 3",
    256_000: "256k\nGemma",
}
TOKEN_COUNTS = tuple(2**k for k in range(10, 17))  # tokens per batch: 1,024 to 65,536
CHUNK_SIZES = tuple(2**k for k in range(8, 14))  # tokens per chunk: 256 to 8,192
HIDDEN_SIZES = tuple(2**k for k in range(8, 14))  # the hidden vector's width: 256 to 8,192
LARGEST = 10**9  # the largest size compute_scale_memory_view takes: every product stays exact and every ratio finite
# The axes: x over the slider's vocabulary sizes (with a margin for the markers at the ends); y ticked from 8 MiB to
# 256 GiB, which holds every line at every setting of the controls (the tests check it) and every measured point.
VOCAB_AXIS = (7_000, 290_000)
MEMORY_TICKS = [2**k for k in range(23, 39, 3)]  # 8 MiB, 64 MiB, ..., 256 GiB
MEMORY_AXIS = (2**22, 2**39)  # a power of two beyond the ticks each way: room for a value written by its dot
CURVE_VOCAB = np.geomspace(min(VOCAB_SIZES), max(VOCAB_SIZES), 80)
PLAIN_COLOUR, CHUNKED_COLOUR, TORCH_COLOUR = PALETTE["vermillion"], PALETTE["blue"], PALETTE["green"]
# The measured points: one hollow marker shape per method, none of them the dots on the lines, and each moved
# sideways by a few points, so that two methods of about the same memory (chunked and torch's) stay apart.
MEASURED_STYLE = {
    "plain": ("D", PLAIN_COLOUR, 0, "plain F.cross_entropy"),
    "chunked": ("s", CHUNKED_COLOUR, -6, "chunked_linear_cross_entropy"),
    "torch_linear_cross_entropy": ("^", TORCH_COLOUR, 6, "torch's F.linear_cross_entropy"),
}
UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")

# Where the explorer starts by default: Llama 3's vocabulary at the measured settings.
DEFAULTS = {"vocab_size": 128_256, "n_tokens": 8192, "chunk_size": 1024, "hidden_size": 256, "dtype": "float32"}
SIZE_FIXES = {
    "vocab_size": "Pass the number of classes, e.g. vocab_size=128256 (Llama 3).",
    "n_tokens": "Pass the tokens in a batch (batch size x sequence length), e.g. n_tokens=8192.",
    "chunk_size": "Pass the tokens per chunk, e.g. chunk_size=1024.",
    "hidden_size": "Pass the width of the hidden vector, e.g. hidden_size=256.",
}
DTYPE_FIX = 'Pass the name as a string: "float32" (4 bytes a number) or "bfloat16" (2).'


def size_text(n_bytes: float) -> str:
    """``n_bytes`` in the largest binary unit that keeps it under 1000, to three significant digits.

    Examples
    --------
    >>> size_text(4_202_692_608), size_text(665_092_096), size_text(32_768), size_text(1000 * 2**20)
    ('3.91 GiB', '634 MiB', '32 KiB', '0.977 GiB')
    """
    value = float(n_bytes)
    for unit in UNITS[:-1]:
        if float(f"{value:.3g}") < 1000:  # rounded first: 999.7 MiB is "0.976 GiB", not "1e+03 MiB"
            return f"{value:.3g} {unit}"
        value /= 1024
    return f"{value:.3g} {UNITS[-1]}"


@dataclass(frozen=True)
class ScaleMemoryView:
    """The memory CrossEntropyLoss needs for N tokens over V classes, plain and chunked; every size in bytes.

    Attributes
    ----------
    vocab_size, n_tokens, chunk_size, hidden_size : int
        V, N, C and H.
    dtype : str
        The dtype of the logits, and of ``hidden``, ``weight`` and their gradients: "float32" or "bfloat16".
    itemsize : int
        Bytes per number of that dtype, b: 4 or 2.
    logits_bytes : int
        The logits alone: N·V·b.
    plain_bytes : int
        The peak of the plain loss: max(3·N·V, N·V + V·H + N·H)·b.
    chunk_logits_bytes : int
        One chunk's logits, in float32 whatever the dtype: min(C, N)·V·4.
    weight_grad_bytes : int
        The weight's gradient: V·H·b.
    hidden_grad_bytes : int
        The hidden vectors' gradient: N·H·b.
    logsumexp_bytes : int
        One float32 logsumexp per token, kept from the forward pass for the backward pass: N·4.
    chunked_bytes : int
        The peak of the chunked loss: the four above together.
    ratio : float
        ``chunked_bytes / plain_bytes``.
    """

    vocab_size: int
    n_tokens: int
    chunk_size: int
    hidden_size: int
    dtype: str
    itemsize: int
    logits_bytes: int
    plain_bytes: int
    chunk_logits_bytes: int
    weight_grad_bytes: int
    hidden_grad_bytes: int
    logsumexp_bytes: int
    chunked_bytes: int
    ratio: float


def _memory(vocab, n_tokens: int, chunk_size: int, hidden_size: int, itemsize: int, maximum=max) -> dict:
    """The formulas of :func:`compute_scale_memory_view`'s Notes, in bytes: exact for ints (with ``max``), and for
    an array of vocabulary sizes (with ``np.maximum``) one value per size."""
    v, n, h, b = vocab, n_tokens, hidden_size, itemsize
    parts = {
        "logits_bytes": n * v * b,
        # Backward pass of log_softmax: its saved output, the gradient coming in and the one going out; or, later,
        # the logits' gradient with the two gradients it makes. The first is the larger unless N is small and H large.
        "plain_bytes": maximum(3 * n * v, n * v + v * h + n * h) * b,
        "chunk_logits_bytes": min(chunk_size, n) * v * FLOAT32,  # the last chunk may be shorter; one is never longer
        "weight_grad_bytes": v * h * b,
        "hidden_grad_bytes": n * h * b,
        "logsumexp_bytes": n * FLOAT32,
    }
    parts["chunked_bytes"] = (
        parts["chunk_logits_bytes"] + parts["weight_grad_bytes"] + parts["hidden_grad_bytes"] + parts["logsumexp_bytes"]
    )
    return parts


def _check_size(value, func: str, name: str) -> int:
    """``value``, one of the four sizes, as an int in [1, LARGEST] (a 0-d array or a NumPy integer will do)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    rule = f"be an integer from 1 to {LARGEST:,}"
    value = check_integer(value, func, name, rule, SIZE_FIXES[name])
    if not 1 <= value <= LARGEST:
        raise fail(func, name, rule, shown(value), SIZE_FIXES[name])
    return value


def _check_dtype(dtype, func: str) -> str:
    if not isinstance(dtype, str) or dtype not in BYTES:
        raise fail(
            func,
            "dtype",
            f"be one of {', '.join(map(repr, BYTES))}",
            shown(dtype),
            DTYPE_FIX,
            ValueError if isinstance(dtype, str) else TypeError,
        )
    return str(dtype)


def compute_scale_memory_view(
    vocab_size: int = 128_256,
    n_tokens: int = 8192,
    chunk_size: int = 1024,
    hidden_size: int = 256,
    dtype: str = "float32",
) -> ScaleMemoryView:
    """The memory CrossEntropyLoss needs for ``n_tokens`` tokens over ``vocab_size`` classes, forward and backward:
    the plain loss ``F.cross_entropy(hidden @ weight.T, target)`` and the chunked one of
    :func:`course_utils.scale.chunked_linear_cross_entropy`.

    Parameters
    ----------
    vocab_size : int, default 128256
        V, the number of classes (Llama 3's vocabulary by default); 1 to 1e9, as are the other sizes.
    n_tokens : int, default 8192
        N, the tokens in a batch: batch size x sequence length.
    chunk_size : int, default 1024
        C, the tokens per chunk of the chunked loss.
    hidden_size : int, default 256
        H, the width of the hidden vector: ``hidden`` is (N, H), ``weight`` (V, H).
    dtype : {"float32", "bfloat16"}, default "float32"
        The dtype of ``hidden``, ``weight`` and the logits.

    Returns
    -------
    ScaleMemoryView
        The sizes in bytes; see :class:`ScaleMemoryView` for what each holds.

    Raises
    ------
    TypeError
        If a size is not an integer (a bool or 8192.0 is not one), or ``dtype`` is not a string.
    ValueError
        If a size is outside [1, 1e9], or ``dtype`` is not "float32" or "bfloat16".

    Notes
    -----
    With b bytes a number, 4 for float32 and 2 for bfloat16:

    - The logits alone hold N·V numbers: :math:`N V b` bytes.
    - The plain loss peaks in its backward pass, when three tensors of N·V numbers are alive: the log-probabilities
      that ``log_softmax`` saved for it, their gradient (from ``nll_loss``'s backward pass), and the logits' gradient
      that ``log_softmax``'s backward pass makes of the two: :math:`3 N V b`. (The logits themselves are gone by
      then, since no step saves them; code that keeps them, ``logits = hidden @ weight.T``, adds a fourth.) Then the
      logits' gradient becomes the gradients of ``weight`` and ``hidden``: :math:`(N V + V H + N H) b`, the larger of
      the two only for a small N and a wide H.
    - The chunked loss never holds more than one chunk's logits, upcast to float32 whatever the dtype:
      :math:`\\min(C, N) V \\cdot 4`; beside them, the gradients of ``weight`` and ``hidden``, :math:`V H b + N H b`,
      and the N float32 logsumexps that the forward pass keeps for the backward pass, :math:`4 N`.

    These count the tensors of the loss, not its inputs, nor the small temporaries of each step. What
    ``benchmarks/ce_at_scale.py`` measures of a process (``MEASURED_CPU_MIB``, float32) adds the allocator's slack:
    a few percent for the plain loss, more for the far smaller chunked one. In bfloat16 the chunked loss of
    `course_utils.scale` holds somewhat more than its formula: it sums the weight's gradient in float32
    (:math:`4 V H`), and a chunk exists in both dtypes for a moment while it is converted.

    Examples
    --------
    >>> view = compute_scale_memory_view(vocab_size=128_256, n_tokens=8192, chunk_size=1024, hidden_size=256)
    >>> view.logits_bytes, view.plain_bytes, view.chunked_bytes
    (4202692608, 12608077824, 665092096)
    >>> round(view.ratio, 3)
    0.053
    >>> compute_scale_memory_view(dtype="bfloat16").logits_bytes  # half: 2 bytes a number
    2101346304
    """
    func = "compute_scale_memory_view"
    sizes = {
        name: _check_size(value, func, name)
        for name, value in (
            ("vocab_size", vocab_size),
            ("n_tokens", n_tokens),
            ("chunk_size", chunk_size),
            ("hidden_size", hidden_size),
        )
    }
    dtype = _check_dtype(dtype, func)
    itemsize = BYTES[dtype]
    parts = _memory(sizes["vocab_size"], sizes["n_tokens"], sizes["chunk_size"], sizes["hidden_size"], itemsize)
    return ScaleMemoryView(
        **sizes,
        dtype=dtype,
        itemsize=itemsize,
        **parts,
        ratio=parts["chunked_bytes"] / parts["plain_bytes"],
    )


def _ratio_text(ratio: float) -> str:
    """The ratio as the readout gives it: "(0.053 of plain)", or "(1.00 times plain)" where chunking saves nothing."""
    number = f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.2g}"
    return (
        _("({ratio} of plain)").format(ratio=number) if ratio < 1 else _("({ratio} times plain)").format(ratio=number)
    )


def _start_at(control: widgets.Widget, value, func: str, name: str) -> None:
    """Move the selection ``control`` to ``value``, the explorer's argument ``name``: one of the control's values."""
    values = [option for _, option in control.options]
    listed = ", ".join(map(repr, values))
    fix = f"Pick a value the control shows, e.g. {name}={DEFAULTS[name]!r}."
    if name == "dtype":
        value = _check_dtype(value, func)
    else:
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value[()]
        value = check_integer(value, func, name, f"be one of {listed}", fix)
    if value not in values:
        raise fail(func, name, f"be one of {listed}", shown(value), fix)
    control.value = value


def _selection_slider(options: list[tuple[str, int]], description: str) -> widgets.SelectionSlider:
    return widgets.SelectionSlider(
        options=options,
        description=description,
        continuous_update=True,
        layout=CONTROL_LAYOUT,
        style=CONTROL_STYLE,
    )


def scale_memory_explorer(
    vocab_size: int = 128_256,
    n_tokens: int = 8192,
    chunk_size: int = 1024,
    hidden_size: int = 256,
    dtype: str = "float32",
) -> InteractiveFigure:
    """Sliders for the vocabulary size V, the tokens per batch N, the chunk size C and the hidden width H, and the
    dtype; the peak memory of the plain and the chunked loss against V, with the points measured on a CPU.

    Alt text: one panel, both axes on log scales: the vocabulary size from 8k to 256k (GPT-2's 50k, Llama 3's 128k
    and Gemma's 256k named under the axis) across, peak memory from 8 MiB to 256 GiB up. Three lines, computed for
    the current settings, rise from left to right: the plain F.cross_entropy in vermillion, highest; a dashed grey
    line for the logits alone, a third of it; and the chunked loss in blue, far below both for a large batch. A
    vertical black line marks the current vocabulary size, with a dot where it meets the plain and the chunked line
    and each dot's memory written beside it. Hollow markers, at each vocabulary size measured, show what was
    measured on a CPU with N=8192, H=256 and float32: a vermillion diamond for the plain loss, and side by
    side a blue square for the chunked one and a green triangle for torch's own F.linear_cross_entropy. The legends
    stand right of the panel: the lines above, the measured points below.

    Parameters
    ----------
    vocab_size : int, default 128256
        Where the vocabulary slider starts: 8000, 16000, 32000, 50257, 64000, 128256 or 256000.
    n_tokens : int, default 8192
        Where the tokens slider starts: a power of two from 1024 to 65536.
    chunk_size : int, default 1024
        Where the chunk size slider starts: a power of two from 256 to 8192.
    hidden_size : int, default 256
        Where the hidden width slider starts: a power of two from 256 to 8192.
    dtype : {"float32", "bfloat16"}, default "float32"
        Where the dtype selector starts.

    Raises
    ------
    TypeError
        If a size is not an integer (a bool is not one), or ``dtype`` not a string.
    ValueError
        If a size or ``dtype`` is not one its control offers.
    """
    func = "scale_memory_explorer"
    vocab_slider = _selection_slider([(label, v) for v, label in VOCAB_SIZES.items()], _("vocabulary V"))
    tokens_slider = _selection_slider([(f"{n:,}", n) for n in TOKEN_COUNTS], _("tokens N"))
    chunk_slider = _selection_slider([(f"{c:,}", c) for c in CHUNK_SIZES], _("chunk size C"))
    hidden_slider = _selection_slider([(f"{h:,}", h) for h in HIDDEN_SIZES], _("hidden width H"))
    dtype_selector = widgets.Dropdown(
        options=[(name, name) for name in BYTES],
        description="dtype",
        layout={"width": "240px"},
        style=CONTROL_STYLE,
    )
    controls = [vocab_slider, tokens_slider, chunk_slider, hidden_slider, dtype_selector]
    starts = {
        "vocab_size": vocab_size,
        "n_tokens": n_tokens,
        "chunk_size": chunk_size,
        "hidden_size": hidden_size,
        "dtype": dtype,
    }
    for control, (name, value) in zip(controls, starts.items()):
        _start_at(control, value, func, name)
    with course_style():
        figure, (ax,) = new_figure(1, width=9.2, height=3.6)
        (plain_line,) = ax.plot(CURVE_VOCAB, CURVE_VOCAB, color=PLAIN_COLOUR, linewidth=2.5)
        (logits_line,) = ax.plot(CURVE_VOCAB, CURVE_VOCAB, color=PALETTE["grey"], linewidth=2, linestyle="--")
        (chunked_line,) = ax.plot(CURVE_VOCAB, CURVE_VOCAB, color=CHUNKED_COLOUR, linewidth=2.5)
        cursor = ax.axvline(min(VOCAB_SIZES), color="black", linewidth=1)
        dots = [ax.plot([], [], "o", color=colour, markersize=7)[0] for colour in (PLAIN_COLOUR, CHUNKED_COLOUR)]
        # White boxes keep the values readable where a line runs behind them.
        labels = [
            ax.annotate(
                "",
                (min(VOCAB_SIZES), MEMORY_AXIS[0]),
                xytext=(0, 0),
                textcoords="offset points",
                color=colour,
                fontsize=11,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
            )
            for colour in (PLAIN_COLOUR, CHUNKED_COLOUR)
        ]
        measured, vocab = [], sorted(MEASURED_CPU_MIB)
        for method, (marker, colour, shift, name) in MEASURED_STYLE.items():
            mib = [MEASURED_CPU_MIB[v][method] for v in vocab]
            measured += ax.plot(
                vocab,
                np.array(mib, dtype=float) * 2**20,
                marker,
                transform=offset_copy(ax.transData, fig=figure, x=shift, units="points"),
                color=colour,
                markerfacecolor="white",
                markeredgewidth=2,
                markersize=9,
                linestyle="none",
                label=name,
            )
        ax.set_xscale("log")
        ax.set_yscale("log", base=2)
        ax.set(
            xlim=VOCAB_AXIS,
            ylim=MEMORY_AXIS,
            xlabel="vocabulary size V (log scale)",
            ylabel="peak memory (log scale)",
            title="CrossEntropyLoss, forward and backward: peak memory",
        )
        ax.set_xticks(list(VOCAB_TICKS), list(VOCAB_TICKS.values()))
        ax.set_yticks(MEMORY_TICKS, [size_text(tick) for tick in MEMORY_TICKS])
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_minor_locator(NullLocator())
        ax.grid(True, color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
        # Both legends right of the panel, where no line at any setting can run over them.
        legend = {"fontsize": 10, "title_fontsize": 10, "frameon": False, "alignment": "left"}
        figure.legend(
            handles=[
                Line2D([], [], color=PLAIN_COLOUR, linewidth=2.5, label="plain F.cross_entropy"),
                Line2D([], [], color=CHUNKED_COLOUR, linewidth=2.5, label="chunked, C tokens at a time"),
                Line2D([], [], color=PALETTE["grey"], linewidth=2, linestyle="--", label="the logits alone"),
            ],
            loc="outside right upper",
            title="computed for the settings above",
            **legend,
        )
        figure.legend(
            handles=measured, loc="outside right lower", title=MEASURED_LABEL.replace(", N=", ",\nN="), **legend
        )
        live = LiveFigure(figure, [plain_line, logits_line, chunked_line, cursor, *dots, *labels])

    def update() -> str:
        view = compute_scale_memory_view(
            vocab_slider.value, tokens_slider.value, chunk_slider.value, hidden_slider.value, dtype_selector.value
        )
        curves = _memory(CURVE_VOCAB, view.n_tokens, view.chunk_size, view.hidden_size, view.itemsize, np.maximum)
        plain_line.set_ydata(curves["plain_bytes"])
        logits_line.set_ydata(curves["logits_bytes"])
        chunked_line.set_ydata(curves["chunked_bytes"])
        v = view.vocab_size
        cursor.set_xdata([v, v])
        left = v > 100_000  # near the right edge the values go on the left of the line
        plain_on_top = view.plain_bytes >= view.chunked_bytes  # the higher value above its dot, the lower below
        values = (view.plain_bytes, view.chunked_bytes)
        for dot, label, value, above in zip(dots, labels, values, (plain_on_top, not plain_on_top)):
            dot.set_data([v], [value])
            label.xy = (v, value)
            label.set_text(size_text(value))
            label.set_position((-7 if left else 7, 5 if above else -5))
            label.set(ha="right" if left else "left", va="bottom" if above else "top")
        lines = [
            _(
                "V = {vocab:,}, N = {tokens:,}, {dtype}: the logits alone {logits}; plain {plain}; "
                "chunked {chunked} {ratio}"
            ).format(
                vocab=v,
                tokens=view.n_tokens,
                dtype=view.dtype,
                logits=size_text(view.logits_bytes),
                plain=size_text(view.plain_bytes),
                chunked=size_text(view.chunked_bytes),
                ratio=_ratio_text(view.ratio),
            ),
            _(
                "chunked, C = {chunk:,}, H = {hidden:,}: one chunk's float32 logits {chunk_logits} + "
                "the weight's gradient {weight_grad} + the hidden gradient {hidden_grad} + N logsumexps {logsumexps}"
            ).format(
                chunk=view.chunk_size,
                hidden=view.hidden_size,
                chunk_logits=size_text(view.chunk_logits_bytes),
                weight_grad=size_text(view.weight_grad_bytes),
                hidden_grad=size_text(view.hidden_grad_bytes),
                logsumexps=size_text(view.logsumexp_bytes),
            ),
        ]
        if v in MEASURED_CPU_MIB:
            row = MEASURED_CPU_MIB[v]
            lines.append(
                _(
                    "{measured} at V = {vocab:,}: plain {plain:,} MiB, chunked {chunked:,} MiB, "
                    "torch's F.linear_cross_entropy {torch:,} MiB"
                ).format(
                    measured=_(MEASURED_LABEL),
                    vocab=v,
                    plain=row["plain"],
                    chunked=row["chunked"],
                    torch=row["torch_linear_cross_entropy"],
                )
            )
        return "\n".join(lines)

    return InteractiveFigure(_("Scale memory explorer"), controls, live, update)
