"""The browser's replay (graph.js) against the kernel's: `node --test tests/widgets/js/`.

GraphStepper.state() for every step of both passes, and LiveGraph.state(), are written to a
JSON file; tests/widgets/js/graph_replay.test.mjs replays the same records with graph.js's own
functions and must find the same pictures. Node.js is needed (no npm packages).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from lesson_graphs import small_graph

from autograd import Value
from autograd.widgets import GraphStepper, LiveGraph

JS_TESTS = Path(__file__).resolve().parent / "js"


def graphs():
    *_, loss = small_graph()
    x = Value(0.5, "x")
    fan_out = x * x + x  # a Value used three times
    neuron = (Value(0.3, "w1") * Value(2.0, "x1") + Value(-0.7, "w2") * Value(-1.0, "x2")).tanh()
    return {"L = (a*b + c) * -2": loss, "x*x + x": fan_out, "a tanh neuron": neuron}


def cases() -> dict:
    steppers, live = [], []
    for name, root in graphs().items():
        stepper = GraphStepper(root)
        states = {
            phase: [stepper.state(phase, k) for k in range(1, len(stepper.steps[phase]) + 1)]
            for phase in ("forward", "backward")
        }
        steppers.append({"name": name, "steps": stepper.steps, "states": states})
        graph = LiveGraph(root)
        live.append(
            {
                "name": name,
                "structure": graph.structure,
                "numbers": graph.numbers,
                "state": graph.state(),
            }
        )
    return {"steppers": steppers, "live": live}


@pytest.mark.slow
def test_the_javascript_replay_matches_the_kernel(tmp_path):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is needed for the JavaScript tests (apt-get install nodejs)")
        pytest.skip("Node.js is not installed")
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(cases(), ensure_ascii=False), encoding="utf-8")
    result = subprocess.run(
        [node, "--test", str(JS_TESTS / "graph_replay.test.mjs")],
        env=dict(os.environ, GRAPH_CASES=str(data)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 8" in result.stdout, result.stdout[-2000:]
