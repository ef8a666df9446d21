"""What the hostile-input tests share: a value every conversion of which fails."""


class Hostile:
    """An object every conversion of which raises, some with an empty message: NumPy, float(), int(), ==, repr(),
    str(), len(), bool()."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError()

    def __float__(self):
        raise ValueError()

    __int__ = __index__ = __float__

    def __eq__(self, other):
        raise TypeError("no ==")

    __hash__ = None

    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__

    def __len__(self):
        raise RuntimeError()

    def __bool__(self):
        raise RuntimeError()
