"""Choose where torch cells run: CUDA, then Apple MPS, then CPU. Torch is imported only when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch


def pick_device() -> "torch.device":
    """The best available torch device: ``cuda``, else ``mps`` (Apple silicon), else ``cpu``.

    The course's torch cells give the same rounded results on each, so a notebook's committed
    outputs hold whichever one runs it.

    Returns
    -------
    torch.device

    Examples
    --------
    >>> pick_device().type in {"cuda", "mps", "cpu"}
    True
    """
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")
