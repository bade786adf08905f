import time
from labdriver import course_notebook


def test_tmp_boundary_live(lab):
    lab.open(course_notebook("07"))
    lab.run_all()
    lab.wait_for_figures_drawn()
    views = lab.page.locator(".boundary-view")
    lab.shot("mlp-after-runall", views.nth(1))
    lab.shot("line-after-runall", views.nth(0))
    cells = lab.page.locator(".jp-Notebook .jp-Cell")
    n = cells.count()
    target = None
    for i in range(n):
        if "view.reset()" in cells.nth(i).inner_text() and "MLP(2, [8, 8, 1], seed=2)" in cells.nth(i).inner_text():
            target = i
    cells.nth(target).locator(".jp-InputArea-editor").click()
    lab.page.keyboard.press("Escape")
    urls = []
    views.nth(1).scroll_into_view_if_needed()
    lab.page.keyboard.press("Control+Enter")
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < 8:
        urls.append(lab.page.evaluate("""() => { const c = document.querySelectorAll('.boundary-view canvas')[1]; return c ? c.toDataURL() : '' }"""))
        lab.page.wait_for_timeout(150)
    print("distinct frames during run:", len(set(urls)), "of", len(urls))
    lab.shot("mlp-after-rerun", views.nth(1))


def test_tmp_derivative(lab):
    lab.open(course_notebook("01"))
    lab.run_all()
    lab.wait_for_figures_drawn()
    lab.shot("derivative", lab.page.locator(".derivative-explorer").first)
