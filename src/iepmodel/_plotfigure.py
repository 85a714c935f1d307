"""The figure class of `iepmodel.plot`: a matplotlib figure that shows itself in notebooks."""

# matplotlib leaves `savefig`'s ``**kwargs`` untyped (see plot.py).
# pyright: reportUnknownMemberType=false

from __future__ import annotations

import io

from matplotlib.figure import Figure

__all__ = ["NotebookFigure"]


class NotebookFigure(Figure):
    """
    A `matplotlib.figure.Figure` that a notebook shows as a picture.

    A figure made without pyplot is shown by Jupyter as a line of text unless pyplot's
    inline backend was started; `_repr_png_` draws it with Agg whatever the backend.
    """

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()
