"""Live matplotlib figures for the widgets: each on its own ipympl canvas, laid out once.

`live_figure` makes a Figure whose canvas is an ipympl widget, without going through
pyplot: each widget owns its figures, nothing is displayed twice, no global figure
list grows, and `%matplotlib widget` is not required. Update such a figure with
`set_data` + `canvas.draw_idle()`; never `canvas.draw()` in the cell that first shows
it (the browser canvas would stay blank).

`freeze_layout` lays a figure out once and keeps that layout (titles and axis labels
included), because re-measuring every text on every redraw is most of what a
slider-driven redraw costs.
"""

from __future__ import annotations

import itertools
import warnings

from ipympl.backend_nbagg import Canvas, FigureManager
from matplotlib.figure import Figure

# ipympl's FigureManager wants a number per figure; pyplot's numbering is not used here
_figure_numbers = itertools.count(1)


def live_figure(width: float, height: float, css_class: str) -> Figure:
    """A matplotlib Figure on its own ipympl canvas (a widget), without pyplot's bookkeeping."""
    figure = Figure(figsize=(width, height), dpi=90, layout="constrained")
    canvas = Canvas(figure)
    with warnings.catch_warnings():
        # ipympl 0.10's Toolbar passes its arguments on to traitlets, which warns about it
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, next(_figure_numbers))  # the manager relays the browser's requests
    canvas.header_visible = False
    canvas.footer_visible = False
    canvas.toolbar_visible = False
    canvas.resizable = False
    canvas.add_class(css_class)
    return figure


def freeze_layout(figure: Figure) -> None:
    """Lay the figure out once now, then keep that layout for every later draw.

    Constrained layout re-measures every text on every draw: for the nudge panel's figures
    that is about 3/4 of the time a redraw takes. The axes do not change size while a
    learner plays, so one layout is enough. (This lays out; it does not draw the canvas.)
    """
    engine = figure.get_layout_engine()
    if engine is not None:
        engine.execute(figure)
    figure.set_layout_engine("none")
    _pin_titles_and_axis_labels(figure)


def _pin_titles_and_axis_labels(figure: Figure) -> None:
    """Fix each title and axis label where matplotlib places it now.

    Otherwise every draw measures the tick labels again to decide where the axis labels
    and the title go: about a quarter of a redraw. Pinned, they land on the same pixels.
    """
    figure.draw_without_rendering()  # places titles and axis labels once
    for ax in figure.axes:
        ax.set_title(ax.get_title(), y=ax.title.get_position()[1])
        for axis in (ax.xaxis, ax.yaxis):
            label = axis.label
            where = label.get_transform().transform(label.get_position())
            axis.set_label_coords(*ax.transAxes.inverted().transform(where))
