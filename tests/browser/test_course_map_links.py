"""The course map in a real JupyterLab: a link opens the notebook as a JupyterLab
tab, in the same page, without reloading it (no "Leave site?" dialog, nothing lost), and
Reset asks before it forgets anything."""

from __future__ import annotations

import pytest
from labdriver import NOTEBOOKS_DIR, LabPage

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

TABS = ".lm-DockPanel-tabBar .lm-TabBar-tab .lm-TabBar-tabLabel"
CURRENT = ".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current .lm-TabBar-tabLabel"


def test_a_map_link_opens_the_notebook_as_a_tab_without_reloading(lab: LabPage) -> None:
    dialogs: list[str] = []
    lab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    lab.open(NOTEBOOKS_DIR / "00_course_map.ipynb")
    lab.run_all()
    link = lab.page.locator(
        ".course-map-row[data-notebook='01_what_a_derivative_is.ipynb'] a.course-map-link"
    )
    lab.wait_for_visible(link, "the map's link to notebook 01", 60)
    assert link.get_attribute("data-commandlinker-command") == "docmanager:open"
    lab.page.evaluate("window.__still_the_same_page = true")
    url_before = lab.page.url
    lab.shot("map-before-click", lab.page.locator(".course-map"))
    link.click()
    current = lab.poll(
        lambda: lab.page.locator(CURRENT).all_inner_texts(),
        lambda shown: "01_what_a_derivative_is.ipynb" in shown,
        "notebook 01 open as the current JupyterLab tab",
        timeout=60,
    )
    assert current == ["01_what_a_derivative_is.ipynb"]
    assert lab.page.evaluate("window.__still_the_same_page === true"), "the page reloaded"
    assert "00_course_map.ipynb" in lab.page.locator(TABS).all_inner_texts()  # the map stays
    assert not dialogs, dialogs
    assert lab.page.url.split("/lab")[0] == url_before.split("/lab")[0]
    lab.shot("notebook-01-opened")


def test_reset_asks_first_in_the_browser(lab: LabPage) -> None:
    lab.open(NOTEBOOKS_DIR / "00_course_map.ipynb")
    lab.run_all()
    reset = lab.page.locator(".course-map-reset")
    lab.wait_for_visible(reset, "the Reset button", 60)
    reset.click()
    confirm = lab.page.locator(".course-map-reset-confirm")
    lab.wait_for_visible(confirm, "the question before resetting", 30)
    lab.shot("reset-asks")
    lab.page.locator(".course-map-reset-cancel").click()
    lab.poll(confirm.is_visible, lambda shown: not shown, "the question closed", timeout=30)
