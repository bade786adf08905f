# The two commands of the README: `make lab` opens the course, `make test` runs every check.
# Both set everything up first (scripts/setup.sh), and are quick when it is already done.
.PHONY: lab test lint figures bench clean site

# Jupyter refuses to run as root without --allow-root (containers, CI machines, Binder-like boxes).
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

lab:
	scripts/setup.sh
	.venv/bin/jupyter lab $(ALLOW_ROOT) notebooks/01_*.ipynb

test:
	scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
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

figures:
	scripts/setup.sh
	.venv/bin/python -m autograd.figures figures/

bench:
	scripts/setup.sh --test
	for b in benchmarks/bench_*.py; do .venv/bin/python "$$b" || exit 1; done

clean:
	rm -rf .venv site .cache test-artifacts .pytest_cache .ruff_cache .hypothesis
