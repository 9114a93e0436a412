"""Figures of a review as PNG bytes (matplotlib, drawn off-screen), so a
notebook shows them as static images that read on a code host too."""

from __future__ import annotations

import io

from .bounds import whole, within
from .errors import InputTypeError
from .normalise import require_text


def _png(figure) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


# Most rows, and most columns, one heatmap panel shows.
_MAX_SIDE = 50


def _require_percent_grid(grid, name: str) -> None:
    """Check ``grid`` is a table of percentages: a non-empty pandas DataFrame
    of at most 50 × 50 cells, every cell a finite
    number from 0 to 100.

    Raises:
        InputTypeError: anything else (``name`` says which argument).
    """
    import numpy as np
    import pandas as pd

    if (not isinstance(grid, pd.DataFrame) or not 0 < grid.shape[0] <= _MAX_SIDE
            or not 0 < grid.shape[1] <= _MAX_SIDE):
        raise InputTypeError(f"{name} must be a pandas DataFrame of percentages "
                             f"(at most {_MAX_SIDE} × {_MAX_SIDE}), as acceptance_grid gives")
    if not all(pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d) for d in grid.dtypes):
        raise InputTypeError(f"{name} must hold numbers (percentages), not text or other objects")
    values = grid.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise InputTypeError(f"{name} must hold a percentage in every cell (no NaN, no infinity)")
    if not ((values >= 0) & (values <= 100)).all():
        raise InputTypeError(f"{name} must hold percentages from 0 to 100")


def acceptance_heatmap(grid, title: str) -> bytes:
    """A heatmap of an acceptance grid (rows phone offset in s, columns typing
    delay in s, values percent accepted), each cell labelled.

    Raises:
        InputTypeError: ``grid`` is not a table of percentages
            (:func:`_require_percent_grid`), or ``title`` is not text.
    """
    import matplotlib

    require_text(title, "title")
    if len(title) > 200:
        raise InputTypeError("title must be at most 200 characters")
    _require_percent_grid(grid, "grid")

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(5.2, 3.6))
    image = axes.imshow(grid.values, cmap="viridis", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(grid.columns)), [str(c) for c in grid.columns])
    axes.set_yticks(range(len(grid.index)), [str(i) for i in grid.index])
    axes.set_xlabel("typing delay (s)")
    axes.set_ylabel("phone clock offset (s)")
    axes.set_title(title)
    for row, offset in enumerate(grid.index):
        for column, delay in enumerate(grid.columns):
            value = round(float(grid.loc[offset, delay]))
            axes.text(column, row, str(value), ha="center", va="center", color="white" if value < 60 else "black")
    figure.colorbar(image, ax=axes, label="% of honest logins accepted")
    return _png(figure)


def guessing_chart(timelines: dict, nist_guesses: int = 100) -> bytes:
    """Chance of online guessing success over time for each named timeline
    (:func:`~twofa_sim.review.guessing_timeline`), log-scaled, with the
    chance at the NIST limit of ``nist_guesses`` guesses as a dashed line.

    Raises:
        InputTypeError: ``timelines`` is not a dict of name → timeline
            (at most 20), or ``nist_guesses`` not a whole number.
    """
    import matplotlib
    import pandas as pd

    columns = {"days", "chance (%)", "chance at the NIST limit (%)"}
    if (not isinstance(timelines, dict) or not 0 < len(timelines) <= 20
            or not all(isinstance(k, str) and isinstance(v, pd.DataFrame) and columns <= set(v.columns)
                       for k, v in timelines.items())):
        raise InputTypeError("timelines must map names to tables from guessing_timeline (1 to 20 of them)")
    if not within(nist_guesses, (1, 10**6)):
        raise InputTypeError("nist_guesses must be a whole number from 1 to 1,000,000")
    nist_guesses = whole(nist_guesses)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6.0, 3.6))
    for name, table in timelines.items():
        axes.plot(table["days"], table["chance (%)"].clip(lower=1e-4), marker="o", label=name)
    first = next(iter(timelines.values()), None)
    if first is not None:  # the line for the first policy's window
        axes.axhline(float(first["chance at the NIST limit (%)"].iloc[-1]), linestyle="--", color="grey",
                     label=f"{nist_guesses} guesses, the NIST SP 800-63B limit ({next(iter(timelines))})")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("days of guessing, one guess a second")
    axes.set_ylabel("chance of success (%)")
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)  # beside, not over, the lines
    return _png(figure)


#: Most window settings one window heatmap shows side by side.
MAX_PANELS = 8


def window_heatmap(table, title: str = "") -> bytes:
    """Heatmaps of a window sweep side by side, one per window setting
    (rows phone clock offset in s, columns typing delay in s, values percent
    accepted, each cell labelled), on one colour scale.

    Args:
        table: a tidy table as :func:`~twofa_sim.sweeps.window_acceptance`
            gives (columns window, phone offset (s), typing delay (s),
            accepted (%)); at most :data:`MAX_PANELS` windows of at most
            50 × 50 cells.
        title: shown above the panels (at most 200 characters).

    Returns:
        PNG bytes, the same for the same table (no timestamp or version written).

    Raises:
        InputTypeError: ``table`` is not such a DataFrame (offsets and delays
            finite numbers, each window's grid a table of percentages as
            :func:`_require_percent_grid` checks), or ``title`` is not text.
    """
    import matplotlib
    import numpy as np
    import pandas as pd

    require_text(title, "title")
    if len(title) > 200:
        raise InputTypeError("title must be at most 200 characters")
    columns = ["window", "phone offset (s)", "typing delay (s)", "accepted (%)"]
    if not isinstance(table, pd.DataFrame) or list(table.columns) != columns \
            or not 0 < len(table) <= MAX_PANELS * 2500:
        raise InputTypeError("table must be a pandas DataFrame with the columns " + ", ".join(columns)
                             + ", as window_acceptance gives")
    for column in ("phone offset (s)", "typing delay (s)"):
        kind = table[column].dtype
        if (not pd.api.types.is_numeric_dtype(kind) or pd.api.types.is_bool_dtype(kind)
                or not np.isfinite(table[column].to_numpy(dtype=float)).all()):
            raise InputTypeError(f"table column {column!r} must hold finite numbers of seconds "
                                 "(no text, no NaN, no infinity)")
    names = list(dict.fromkeys(table["window"]))
    try:
        grids = [table[table["window"] == name].pivot(index="phone offset (s)", columns="typing delay (s)",
                                                      values="accepted (%)") for name in names]
    except (ValueError, TypeError):
        raise InputTypeError("table must hold one percentage per window, offset and delay") from None
    if len(names) > MAX_PANELS or not all(isinstance(n, str) for n in names):
        raise InputTypeError(f"table must name at most {MAX_PANELS} windows (text)")
    for name, grid in zip(names, grids):
        _require_percent_grid(grid, f"the grid of window {name!r} (one full grid of accepted (%) per window)")

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, panels = plt.subplots(1, len(names), figsize=(0.4 + 2.6 * len(names), 3.6), sharey=True,
                                  squeeze=False)
    for axes, name, grid in zip(panels[0], names, grids):
        image = axes.imshow(grid.values, cmap="viridis", vmin=0, vmax=100, aspect="auto")
        axes.set_xticks(range(len(grid.columns)), [f"{c:g}" for c in grid.columns])
        axes.set_yticks(range(len(grid.index)), [f"{i:g}" for i in grid.index])
        axes.set_xlabel("typing delay (s)")
        axes.set_title(f"window: {name}", fontsize=9)
        for row in range(grid.shape[0]):
            for column in range(grid.shape[1]):
                value = round(float(grid.iat[row, column]))
                axes.text(column, row, str(value), ha="center", va="center", fontsize=7,
                          color="white" if value < 60 else "black")
    panels[0][0].set_ylabel("phone clock offset (s)")
    if title:
        figure.suptitle(title)
    figure.colorbar(image, ax=panels[0].tolist(), label="% of honest sign-ins accepted")
    return _png(figure)
