"""Sphinx configuration of the static course (`make site`; see scripts/build_site.sh).

Built offline: the notebooks arrive already executed (scripts/site_pages.py stores their
outputs and widget state), and every script a page loads is served from _static/vendor/.
"""

project = "backprop-notebooks"
author = "backprop-notebooks contributors"
copyright = "the backprop-notebooks contributors, MIT licence"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]

# The notebooks were run by site_pages.py (fresh kernel, widget state stored): never here.
nb_execution_mode = "off"
# $...$ and $$...$$ as in JupyterLab; `amsmath` for \begin{align} and friends.
myst_enable_extensions = ["dollarmath", "amsmath"]
# Stored widget views need require.js and the widget html-manager: the site's own copies
# (myst-nb's default loads both from CDNs). widget-modules.js points require.js at the
# local bundles of anywidget and the other widget modules the notebooks use.
nb_ipywidgets_js = {
    "vendor/requirejs/require.js": {},
    "vendor/widget-modules.js": {},
    "vendor/html-manager/embed-amd.js": {},
}
# MathJax 3 from the npm package; tex-svg draws with SVG paths, so no web fonts are fetched.
mathjax_path = "vendor/mathjax/tex-svg.js"

html_theme = "alabaster"
html_title = "Backprop notebooks"
html_static_path = ["_static"]
html_copy_source = False  # the .ipynb sources are in the runnable version (lab/)
html_show_sourcelink = False
# A text column wide enough for the widest widget (07's conditioning view, 987 px); prose
# lines keep a readable length (course-static.css).
html_theme_options = {"page_width": "1280px", "sidebar_width": "200px", "body_max_width": "none"}
# What the static pages add to every course page: readouts Python computed are greyed, with a
# note and a link to the runnable version, once the learner moves a widget (no Python runs
# here); $...$ in widget HTML typeset; previous/next links spaced.
html_js_files = ["course-static.js"]
html_css_files = ["course-static.css"]


def setup(app):  # noqa: ANN001, ANN201
    # MathJax on every page, not only pages whose Markdown has maths: widget HTML (the course
    # map's lesson lines) is typeset by course-static.js.
    app.set_html_assets_policy("always")
