from pathlib import Path
import pytest

@pytest.mark.parametrize("drag", [0, 40])
def test_scratch(lab, drag):
    lab.open(Path("/tmp/browser-dev/05_fit.ipynb"))
    lab.run_all()
    panel = lab.page.locator(".nudge-panel")
    lab.wait_for_visible(panel, "panel", 30)
    if drag:
        handle = panel.locator(".nudge-k1 .noUi-handle")
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        lab.page.mouse.move(x, y); lab.page.mouse.down(); lab.page.mouse.move(x + drag, y, steps=8); lab.page.mouse.up()
        lab.page.wait_for_timeout(1000)
    print("before", lab.text(".nudge-loss"), "|", lab.text(".nudge-prediction"))
    panel.locator(".nudge-train").click()
    lab.page.wait_for_timeout(500)
    lab.settle(lambda: (lab.text(".nudge-loss"), lab.text(".nudge-train")))
    print("after", lab.text(".nudge-loss"), "|", lab.text(".nudge-prediction"), "|", lab.text(".nudge-status"))
    print([lab.readout(f".nudge-k{k}") for k in range(6)])
    lab.shot("trained", panel)
