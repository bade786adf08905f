"""The browser-drawn plots of notebooks 1 and 7: the derivative explorer and the boundary view.

Notebook 1's explorer draws the secant and tangent in the browser from the parabola's
coefficients, following its sliders through jslink: moving h redraws the plot even while
the kernel is busy (nothing goes through it). Notebook 9's boundary views draw the decision
regions sent as a grid of numbers. Selectors are the CSS classes the widgets give their parts.
"""

from __future__ import annotations

import pytest
from labdriver import LabPage, course_notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

EXPLORER = ".derivative-explorer"


def test_the_explorer_follows_h_in_the_browser_even_with_the_kernel_busy(lab: LabPage) -> None:
    lab.open(course_notebook("01"))
    lab.run_all()
    lab.wait_for_figures_drawn()
    before = lab.canvas_pixels(EXPLORER)
    draws = lab.plot_draws(EXPLORER)
    readout = lab.text(".derivative-readout")
    lab.shot("explorer-start", lab.page.locator(EXPLORER))

    # Keep the kernel busy for 3 s: a redraw that needed it would wait until then.
    lab.page.locator(".jp-Notebook .jp-Cell").first.click()
    lab.page.keyboard.press("Escape")
    lab.page.evaluate("() => window.scrollTo(0, 0)")
    lab.page.keyboard.press("b")  # a new code cell below the first, in command mode
    lab.page.keyboard.press("Enter")
    lab.page.keyboard.type("import time; time.sleep(3)")
    lab.page.keyboard.press("Shift+Enter")
    lab.page.locator(".derivative-h .noUi-handle").focus()
    for _ in range(8):
        lab.page.keyboard.press("ArrowLeft")
    lab.poll(lambda: lab.plot_draws(EXPLORER), lambda n: n > draws, "the explorer redrawn", 2.5)
    moved = lab.canvas_pixels(EXPLORER)
    assert moved != before, "moving h did not change the picture"
    lab.shot("explorer-h-moved", lab.page.locator(EXPLORER))
    # The kernel catches up afterwards: the readout (text, from the kernel) follows.
    lab.poll(lambda: lab.text(".derivative-readout"), lambda t: t != readout, "readout updated")
    lab.assert_clean()


def test_the_boundary_views_draw_their_regions(lab: LabPage) -> None:
    lab.open(course_notebook("09"))
    lab.run_all()
    assert lab.wait_for_figures_drawn() >= 4  # two views, each a plane and a loss plot
    planes = lab.page.locator(".boundary-plane")
    assert planes.count() == 2
    for index in range(2):
        selector = f".boundary-plane >> nth={index}"
        planes.nth(index).scroll_into_view_if_needed()
        lab.shot(f"boundary-{index}", planes.nth(index))
        coloured = planes.nth(index).evaluate(
            """(el) => { const c = el.querySelector('canvas');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 0; i < d.length; i += 4) {
                   if (Math.max(d[i], d[i+1], d[i+2]) - Math.min(d[i], d[i+1], d[i+2]) > 60) n++; }
                 return n / (d.length / 4); }"""
        )
        assert coloured > 0.2, f"{selector}: the decision regions are not drawn ({coloured:.0%})"
    lab.assert_clean()
