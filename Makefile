# The commands of the README: `make lab` opens the course, `make workbook` the practice copies,
# `make test` runs every check. All set everything up first (scripts/setup.sh), and are quick
# when it is already done.
.PHONY: lab workbook test lint format typecheck quick lock figures bench clean site

# Jupyter refuses to run as root without --allow-root (containers, CI machines, Binder-like boxes).
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
# JupyterLab is rooted at the repository, so both notebooks/ (the solutions) and workbook/
# (the practice copies) are in its file browser; it opens the course map (notebook 00).
# LAB_FLAGS: extra options for jupyter lab (the tests pass a port, a token, --no-browser).
LAB = .venv/bin/jupyter lab $(ALLOW_ROOT) --ServerApp.root_dir=. $(LAB_FLAGS)

# --LabApp.default_url: the link jupyter prints (for a machine without a browser) opens the map too.
lab:
	scripts/setup.sh
	$(LAB) --LabApp.default_url=/lab/tree/notebooks/00_course_map.ipynb notebooks/00_course_map.ipynb

# Make the workbook, or refresh it (keeps every notebook you edited), then open its map.
workbook:
	scripts/setup.sh
	.venv/bin/python -m autograd.workbook
	$(LAB) --LabApp.default_url=/lab/tree/workbook/00_course_map.ipynb workbook/00_course_map.ipynb

test: lint
	.venv/bin/python -m pytest -m "not browser"
	# the browser tests in a process of their own: Playwright's sync API leaves an asyncio
	# loop running in the test process, which would change how widgets behave in later tests
	.venv/bin/python -m pytest -m browser tests/browser
	# the static site and JupyterLite build (site/), then its browser tests
	$(MAKE) site && .venv/bin/python -m pytest -m site tests/site

# site/: the course to read (static pages) and to run (JupyterLite). Downloads first, then an
# offline build (scripts/fetch_site_deps.sh, scripts/build_site.sh).
site:
	scripts/setup.sh --test
	scripts/fetch_site_deps.sh
	scripts/build_site.sh

# Style and types, on their own: ruff (lint + formatting) and mypy (settings in pyproject.toml).
lint:
	scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

typecheck:
	scripts/setup.sh --test
	.venv/bin/mypy

# Fix what ruff can fix, then format: Python files, notebooks (the same settings as `make lint`;
# `pre-commit install` runs both on every commit, see .pre-commit-config.yaml).
format:
	scripts/setup.sh --test
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# The inner loop while editing: lint without formatting or types, then every test that needs
# neither a kernel (notebooks), a browser, the built site nor a long run or a program started
# afresh (marker slow: the 100,000-node graphs, all the figures, a Python with numpy blocked),
# on both cores (-n 2, pytest-xdist; worksteal: an idle core takes tests from the busy one);
# stops at the first failure. `make test` runs all of them.
quick:
	scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/python -m pytest -q -x -n 2 --dist worksteal -m "not browser and not notebooks and not site and not slow" \
		--ignore=tests/browser --ignore=tests/site

# constraints.txt: the exact versions classrooms and Binder install (see README, "Exact versions").
lock:
	scripts/refresh_lock.sh

figures:
	scripts/setup.sh
	.venv/bin/python -m autograd.figures figures/

bench:
	scripts/setup.sh --test
	for b in benchmarks/bench_*.py; do .venv/bin/python "$$b" || exit 1; done

clean:
	rm -rf .venv site .cache test-artifacts .pytest_cache .ruff_cache .hypothesis .mypy_cache
