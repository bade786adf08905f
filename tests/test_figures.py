"""`python -m autograd.figures DIR` regenerates every diagram of the course as valid PNG + SVG,
byte-stable between runs, with the numbers of a real backward pass, and without pyplot."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from autograd import figures
from autograd.dot import ascii_svg

ROOT = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_ROOT_TAG = "{http://www.w3.org/2000/svg}svg"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a valid PNG has right after its signature."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR", f"{path.name} has no IHDR chunk first"
    return struct.unpack(">II", head[16:24])


def svg_text(path: Path) -> str:
    root = ElementTree.parse(path).getroot()  # raises on malformed XML
    assert root.tag == SVG_ROOT_TAG, f"{path.name}: root element is {root.tag}"
    return "".join(root.itertext())


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("figures")
    result = subprocess.run(
        [sys.executable, "-m", "autograd.figures", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", f"warnings while drawing:\n{result.stderr}"
    printed = sorted(Path(line).name for line in result.stdout.splitlines())
    expected = sorted(f"{name}.{ext}" for name in figures.FIGURE_NAMES for ext in ("png", "svg"))
    assert printed == expected
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_every_figure_is_a_valid_png_and_svg(generated: Path, name: str) -> None:
    width, height = png_size(generated / f"{name}.png")
    assert 300 <= width <= 4000 and 150 <= height <= 3000, (width, height)
    svg_text(generated / f"{name}.svg")


@pytest.mark.slow
def test_graph_figures_show_the_numbers_of_a_real_backward_pass(generated: Path) -> None:
    # c = a + b, L = c * d with a = 2, b = -3, d = 4: the "+" hands c.grad = d = 4 to both
    sum_rule = svg_text(generated / "sum_rule.svg")
    assert sum_rule.count("grad 4.0") == 3  # a, b and c
    # c = a * b: a.grad = b * c.grad = -3 * 4, b.grad = a * c.grad = 2 * 4
    product_rule = svg_text(generated / "product_rule.svg")
    assert "grad -12.0" in product_rule and "grad 8.0" in product_rule
    # L = (a*b + c) * f with a=2, b=-3, c=10, f=-2: dL/da = b*f = 6, dL/db = a*f = -4
    example = svg_text(generated / "example_graph.svg")
    for text in ("data -8.0", "grad 6.0", "grad -4.0", "grad 4.0"):
        assert text in example


def test_the_rules_highlight_their_own_node() -> None:
    for drawing, op in ((figures.sum_rule_graph(), "+"), (figures.product_rule_graph(), "*")):
        highlighted_ops = [
            line for line in drawing.body if "shape=ellipse" in line and "highlight" in line
        ]
        assert len(highlighted_ops) == 1 and f'label="{op}"' in highlighted_ops[0]


@pytest.mark.slow
def test_final_fit_reaches_the_least_squares_floor() -> None:
    fig = figures.final_fit_figure()
    points_ax, loss_ax = fig.axes
    loss_line, floor_line = loss_ax.get_lines()
    losses, floor = loss_line.get_ydata(), floor_line.get_ydata()[0]
    assert losses[0] > 10 * floor  # it starts far above the floor ...
    assert floor <= losses[-1] < 1.01 * floor  # ... and ends within 1% of it, never below
    fitted, least_squares = points_ax.get_lines()
    assert abs(fitted.get_ydata() - least_squares.get_ydata()).max() < 0.02


@pytest.mark.slow
def test_regenerating_gives_the_same_bytes(generated: Path, tmp_path: Path) -> None:
    names = ["sum_rule", "four_steps"]  # one Graphviz and one matplotlib figure: both writers
    for path in figures.generate_figures(tmp_path, names):
        assert path.read_bytes() == (generated / path.name).read_bytes(), path.name


@pytest.mark.slow
def test_figures_leave_no_pyplot_state_behind(tmp_path: Path) -> None:
    code = (
        "import sys, autograd.figures as f; f.generate_figures(sys.argv[1], ['four_steps']); "
        "assert 'matplotlib.pyplot' not in sys.modules, 'figures imported pyplot'"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_unknown_figure_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown figure.*'loss_surface'.*choose from"):
        figures.generate_figures(tmp_path, ["loss_surface"])
    with pytest.raises(SystemExit):
        figures.main([str(tmp_path), "--only", "loss_surface"])
    assert list(tmp_path.iterdir()) == []


def words_of(svg: str) -> list[str]:
    """The words and numbers an SVG shows: Graphviz writes <text>, matplotlib a comment per text
    (its glyphs are paths). Layout, fonts and tool versions do not change these."""
    comments = [c.strip() for c in re.findall(r"<!--(.*?)-->", svg, re.DOTALL)]
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    return [c for c in comments if not c.startswith("Generated by graphviz")] + texts


@pytest.mark.slow
def test_committed_figures_are_up_to_date(generated: Path) -> None:
    """figures/ holds every figure, showing what the code draws today (same words and numbers)."""
    committed = ROOT / "figures"
    missing = [p.name for p in sorted(generated.iterdir()) if not (committed / p.name).is_file()]
    assert not missing, f"run `python -m autograd.figures figures/`; missing: {missing}"
    stale = [
        p.name
        for p in sorted(generated.glob("*.svg"))
        if words_of((committed / p.name).read_text()) != words_of(p.read_text())
    ]
    assert not stale, f"run `python -m autograd.figures figures/`; out of date: {stale}"


@pytest.mark.slow
@pytest.mark.parametrize("name", figures.FIGURE_NAMES)
def test_every_svg_is_ascii_with_its_symbols_as_character_references(generated: Path, name: str):
    """JupyterLite showed 03's and 06's figures broken: a base64 step garbled the non-ASCII
    characters (×, ←, −, →). As references they survive any encoding and still read as the
    same characters to an XML parser."""
    for folder in (generated, ROOT / "figures"):
        raw = (folder / f"{name}.svg").read_bytes()
        assert raw.isascii(), f"{folder.name}/{name}.svg has non-ASCII bytes"
    text = svg_text(generated / f"{name}.svg")
    if name == "product_rule":
        assert "a.grad = b × c.grad" in text  # the reference parses back to the real ×


def test_ascii_svg_keeps_ascii_and_references_the_rest():
    assert ascii_svg("<t>k ← k − 1 × 2</t>") == "<t>k &#x2190; k &#x2212; 1 &#xd7; 2</t>"
    assert ascii_svg("plain <svg/>") == "plain <svg/>"
