"""Notebook 08's interactive figure, driven from code. Run under ipywidgets 8 and 7.7 (see Makefile)."""

import itertools
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_utils.explorers import compute_scale_memory_view, scale_memory_explorer
from course_utils.explorers.scale import (
    CHUNK_SIZES,
    HIDDEN_SIZES,
    MEASURED_CPU_MIB,
    MEASURED_LABEL,
    MEASURED_STYLE,
    TOKEN_COUNTS,
    VOCAB_SIZES,
    size_text,
)

DEFAULT_READOUT = (
    "V = 128,256, N = 8,192, float32: the logits alone 3.91 GiB; plain 11.7 GiB; chunked 634 MiB (0.053 of plain)\n"
    "chunked, C = 1,024, H = 256: one chunk's float32 logits 501 MiB + the weight's gradient 125 MiB + "
    "the hidden gradient 8 MiB + N logsumexps 32 KiB"
)
MIB = 2**20


def test_llama3_vocabulary_in_float32_exactly():
    view = compute_scale_memory_view(vocab_size=128_256, n_tokens=8192, chunk_size=1024, hidden_size=256)
    assert view.itemsize == 4
    assert view.logits_bytes == 8192 * 128_256 * 4 == 4_202_692_608
    assert view.plain_bytes == 3 * 4_202_692_608 == 12_608_077_824
    assert view.chunk_logits_bytes == 1024 * 128_256 * 4 == 525_336_576
    assert view.weight_grad_bytes == 128_256 * 256 * 4 == 131_334_144
    assert view.hidden_grad_bytes == 8192 * 256 * 4 == 8_388_608
    assert view.logsumexp_bytes == 8192 * 4
    assert view.chunked_bytes == 525_336_576 + 131_334_144 + 8_388_608 + 32_768 == 665_092_096
    assert view.ratio == 665_092_096 / 12_608_077_824


def test_bfloat16_halves_all_but_the_float32_chunk_and_logsumexps():
    single = compute_scale_memory_view(50_257, 4096, 512, 1024, "float32")
    half = compute_scale_memory_view(50_257, 4096, 512, 1024, "bfloat16")
    assert half.itemsize == 2
    assert half.logits_bytes == 4096 * 50_257 * 2 == single.logits_bytes // 2
    assert half.plain_bytes == single.plain_bytes // 2
    assert half.weight_grad_bytes == 50_257 * 1024 * 2 and half.hidden_grad_bytes == 4096 * 1024 * 2
    assert half.chunk_logits_bytes == single.chunk_logits_bytes == 512 * 50_257 * 4  # upcast whatever the dtype
    assert half.logsumexp_bytes == single.logsumexp_bytes == 4096 * 4


def test_a_chunk_is_never_longer_than_the_batch():
    view = compute_scale_memory_view(vocab_size=32_000, n_tokens=1024, chunk_size=8192)
    assert view.chunk_logits_bytes == 1024 * 32_000 * 4 == view.logits_bytes


def test_a_small_batch_with_a_wide_hidden_vector_peaks_at_the_gradients():
    """3·N·V below N·V + V·H + N·H: the plain loss's peak is when it makes the gradients of weight and hidden, which
    the chunked loss makes too; so chunking saves nothing there, and costs a little."""
    view = compute_scale_memory_view(vocab_size=8000, n_tokens=1024, chunk_size=1024, hidden_size=8192)
    assert view.plain_bytes == (1024 * 8000 + 8000 * 8192 + 1024 * 8192) * 4 > 3 * view.logits_bytes
    assert view.chunked_bytes == view.plain_bytes + 1024 * 4  # the chunk is the whole batch: only the logsumexps
    assert view.ratio > 1


@given(
    st.sampled_from(list(VOCAB_SIZES)),
    st.sampled_from(TOKEN_COUNTS),
    st.sampled_from(CHUNK_SIZES),
    st.sampled_from(HIDDEN_SIZES),
    st.sampled_from(["float32", "bfloat16"]),
)
def test_the_parts_add_up_and_the_plain_loss_holds_at_least_three_logits(vocab, tokens, chunk, hidden, dtype):
    view = compute_scale_memory_view(vocab, tokens, chunk, hidden, dtype)
    parts = view.chunk_logits_bytes + view.weight_grad_bytes + view.hidden_grad_bytes + view.logsumexp_bytes
    assert view.chunked_bytes == parts
    assert view.plain_bytes >= 3 * view.logits_bytes
    assert view.ratio == pytest.approx(view.chunked_bytes / view.plain_bytes, rel=1e-15)
    if tokens >= 4 * chunk and hidden == 256:  # a batch of four chunks or more: chunking pays
        assert view.ratio < 0.5


def test_the_formulas_match_what_was_measured_on_a_cpu():
    """The measured table's settings (N=8192, H=256, float32, chunk_size=1024): plain within 10%; chunked above the
    formula by at most 100 MiB (the process's resident memory also holds torch's working memory and the allocator's
    slack, 37 to 93 MiB in the measurements)."""
    for vocab, row in MEASURED_CPU_MIB.items():
        view = compute_scale_memory_view(vocab, 8192, 1024, 256, "float32")
        assert row["plain"] * MIB == pytest.approx(view.plain_bytes, rel=0.1), vocab
        assert view.chunked_bytes <= row["chunked"] * MIB <= view.chunked_bytes + 100 * MIB, vocab


@pytest.mark.parametrize(
    "n_bytes, text",
    [(4, "4 bytes"), (32_768, "32 KiB"), (8 * MIB, "8 MiB"), (999.7 * MIB, "0.976 GiB"), (188 * 2**30, "188 GiB")],
)
def test_size_text(n_bytes, text):
    assert size_text(n_bytes) == text


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"vocab_size": 0},
            ValueError,
            "compute_scale_memory_view: vocab_size must be an integer from 1 to 1,000,000,000; got 0. Pass the number "
            "of classes, e.g. vocab_size=128256 (Llama 3).",
        ),
        (
            {"n_tokens": 8192.0},
            TypeError,
            "compute_scale_memory_view: n_tokens must be an integer from 1 to 1,000,000,000; got 8192.0. Pass the "
            "tokens in a batch (batch size x sequence length), e.g. n_tokens=8192.",
        ),
        (
            {"chunk_size": True},
            TypeError,
            "compute_scale_memory_view: chunk_size must be an integer from 1 to 1,000,000,000; got True. Pass the "
            "tokens per chunk, e.g. chunk_size=1024.",
        ),
        (
            {"hidden_size": 10**10},
            ValueError,
            "compute_scale_memory_view: hidden_size must be an integer from 1 to 1,000,000,000; got 10000000000. "
            "Pass the width of the hidden vector, e.g. hidden_size=256.",
        ),
        (
            {"dtype": "float16"},
            ValueError,
            "compute_scale_memory_view: dtype must be one of 'float32', 'bfloat16'; got 'float16'. Pass the name as "
            'a string: "float32" (4 bytes a number) or "bfloat16" (2).',
        ),
        (
            {"dtype": None},
            TypeError,
            "compute_scale_memory_view: dtype must be one of 'float32', 'bfloat16'; got None.",
        ),
    ],
)
def test_compute_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error) as caught:
        compute_scale_memory_view(**kwargs)
    assert str(caught.value).startswith(message)


def test_numpy_integers_and_zero_d_arrays_are_sizes():
    view = compute_scale_memory_view(np.int64(32_000), np.array(8192), np.int32(1024), np.uint16(256))
    assert view == compute_scale_memory_view(32_000, 8192, 1024, 256)
    assert type(view.vocab_size) is int and type(view.logits_bytes) is int


def test_explorer_default_readout_and_controls():
    explorer = scale_memory_explorer()
    assert explorer.readout_text == DEFAULT_READOUT
    assert [c.description for c in explorer.controls] == [
        "vocabulary V",
        "tokens N",
        "chunk size C",
        "hidden width H",
        "dtype",
    ]
    assert [c.value for c in explorer.controls] == [128_256, 8192, 1024, 256, "float32"]


def lines(explorer) -> dict:
    """The figure's three computed lines, by colour: the plain loss, the chunked loss, the logits alone."""
    ax = explorer.live.figure.axes[0]
    computed = [line for line in ax.lines if len(line.get_xdata()) > 2 and line.get_linestyle() != "None"]
    by_colour = {line.get_color(): line for line in computed}
    plain, chunked, logits = (
        by_colour[c] for c in (MEASURED_STYLE["plain"][1], MEASURED_STYLE["chunked"][1], "#999999")
    )
    return {"plain": plain, "chunked": chunked, "logits": logits}


def test_every_control_changes_the_figure():
    explorer = scale_memory_explorer()
    vocab, tokens, chunk, hidden, dtype = explorer.controls
    # which of the three lines each control moves (the vocabulary moves the marker, not the lines)
    moves = {tokens: {"plain", "chunked", "logits"}, chunk: {"chunked"}, hidden: {"chunked"}}
    moves[dtype] = {"plain", "chunked", "logits"}
    for control, value in [(vocab, 32_000), (tokens, 65_536), (chunk, 256), (hidden, 4096), (dtype, "bfloat16")]:
        before = {name: line.get_ydata().copy() for name, line in lines(explorer).items()}
        image = explorer.image.value
        control.value = value
        assert explorer.image.value != image, control.description
        moved = {name for name, line in lines(explorer).items() if not np.array_equal(line.get_ydata(), before[name])}
        assert moved == moves.get(control, set()), control.description
    assert explorer.readout_text.startswith(
        "V = 32,000, N = 65,536, bfloat16: the logits alone 3.91 GiB; plain 11.7 GiB; chunked 794 MiB "
        "(0.066 of plain)\nchunked, C = 256, H = 4,096:"
    )


def test_the_marker_and_its_dots_follow_the_vocabulary():
    explorer = scale_memory_explorer()
    ax = explorer.live.figure.axes[0]
    explorer.controls[0].value = 50_257
    view = compute_scale_memory_view(50_257)
    cursor = next(line for line in ax.lines if line.get_color() == "black")
    assert list(cursor.get_xdata()) == [50_257, 50_257]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert sorted(dot.get_ydata()[0] for dot in dots) == [view.chunked_bytes, view.plain_bytes]
    assert {text.get_text() for text in ax.texts} >= {size_text(view.plain_bytes), size_text(view.chunked_bytes)}


def test_the_measured_points_are_drawn_with_their_own_legend():
    figure = scale_memory_explorer().live.figure
    ax = figure.axes[0]
    for method, (marker, colour, _, name) in MEASURED_STYLE.items():
        (points,) = [line for line in ax.lines if line.get_marker() == marker]
        assert points.get_color() == colour and points.get_markerfacecolor() == "white"
        assert list(points.get_xdata()) == sorted(MEASURED_CPU_MIB)
        np.testing.assert_array_equal(
            points.get_ydata(), [MEASURED_CPU_MIB[v][method] * MIB for v in sorted(MEASURED_CPU_MIB)]
        )
    titles = [legend.get_title().get_text().replace("\n", " ") for legend in figure.legends]
    assert MEASURED_LABEL == "measured on a CPU, N=8192, H=256, float32" and MEASURED_LABEL in titles
    (measured,) = [legend for legend in figure.legends if legend.get_title().get_text().startswith("measured")]
    assert [text.get_text() for text in measured.get_texts()] == [name for *_, name in MEASURED_STYLE.values()]


def test_the_measured_readout_line_at_a_measured_vocabulary():
    explorer = scale_memory_explorer(vocab_size=32_000)
    assert explorer.readout_text.endswith(
        "measured on a CPU, N=8192, H=256, float32 at V = 32,000: plain 3,051 MiB, chunked 217 MiB, "
        "torch's F.linear_cross_entropy 201 MiB"
    )
    explorer.controls[0].value = 50_257
    assert "measured" not in explorer.readout_text


def test_every_line_and_point_stays_inside_the_fixed_axes():
    figure = scale_memory_explorer().live.figure
    ax = figure.axes[0]
    (low, high), (left, right) = ax.get_ylim(), ax.get_xlim()
    extremes = itertools.product(
        [min(VOCAB_SIZES), max(VOCAB_SIZES)],
        [TOKEN_COUNTS[0], TOKEN_COUNTS[-1]],
        [CHUNK_SIZES[0], CHUNK_SIZES[-1]],
        [HIDDEN_SIZES[0], HIDDEN_SIZES[-1]],
        ["float32", "bfloat16"],
    )
    for settings in extremes:
        view = compute_scale_memory_view(*settings)
        sizes = [view.plain_bytes, view.chunked_bytes, view.logits_bytes]
        assert 2 * low <= min(sizes) and max(sizes) <= high / 2, settings  # a power of two to spare for the values
    for row in MEASURED_CPU_MIB.values():
        assert all(low < mib * MIB < high for mib in row.values())
    assert all(left < vocab < right for vocab in MEASURED_CPU_MIB)


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (
            {"vocab_size": 100_000},
            ValueError,
            "scale_memory_explorer: vocab_size must be one of 8000, 16000, 32000, 50257, 64000, 128256, 256000; "
            "got 100000. Pick a value the control shows, e.g. vocab_size=128256.",
        ),
        (
            {"n_tokens": 3000},
            ValueError,
            "scale_memory_explorer: n_tokens must be one of 1024, 2048, 4096, 8192, 16384, 32768, 65536; got 3000.",
        ),
        ({"chunk_size": "1024"}, TypeError, "scale_memory_explorer: chunk_size must be one of 256, 512,"),
        ({"hidden_size": 128}, ValueError, "scale_memory_explorer: hidden_size must be one of 256, 512,"),
        ({"dtype": "fp32"}, ValueError, "scale_memory_explorer: dtype must be one of 'float32', 'bfloat16'; got"),
    ],
)
def test_explorer_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error) as caught:
        scale_memory_explorer(**kwargs)
    assert str(caught.value).startswith(message)


def test_the_explorer_starts_where_it_is_told():
    explorer = scale_memory_explorer(50_257, 65_536, 256, 8192, "bfloat16")
    assert [c.value for c in explorer.controls] == [50_257, 65_536, 256, 8192, "bfloat16"]
    assert explorer.readout_text.startswith("V = 50,257, N = 65,536, bfloat16:")


def test_display_bundle_has_a_snapshot_and_a_summary():
    bundle = scale_memory_explorer().display_bundle()
    assert bundle["text/plain"].startswith("Scale memory explorer: V = 128,256, N = 8,192, float32:")
    assert bundle["image/png"]


def test_the_explorers_leave_torch_unimported():
    code = "import sys, course_utils.explorers; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
