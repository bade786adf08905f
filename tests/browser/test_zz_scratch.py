from pathlib import Path
import pytest
from test_every_notebook import test_notebook_runs_clean_in_the_browser as t

@pytest.mark.parametrize("name", ["05_dev", "99_bad", "98_warn"])
def test_scratch(lab, name):
    t(lab, Path(f"/tmp/browser-dev/{name}.ipynb"))
