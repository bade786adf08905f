"""autograd.nn: Neuron, Layer, MLP (gradients, parameters, zero_grad, training) and two_moons."""

import math

import numpy as np
import pytest

from autograd import MLP, Layer, Neuron, Value, check_gradients
from autograd.nn import accuracy, two_moons


def test_neuron_is_tanh_of_weighted_sum_plus_bias():
    neuron = Neuron(3, seed=4)
    x = [0.5, -1.0, 2.0]
    expected = math.tanh(sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data)
    assert neuron(x).data == pytest.approx(expected)
    assert [p.label for p in neuron.parameters()] == ["w1", "w2", "w3", "b"]


def test_same_seed_same_network_and_different_seed_different_network():
    first = [p.data for p in MLP(2, [4, 1], seed=7).parameters()]
    again = [p.data for p in MLP(2, [4, 1], seed=7).parameters()]
    other = [p.data for p in MLP(2, [4, 1], seed=8).parameters()]
    assert first == again
    assert first != other
    assert all(-1 <= w <= 1 for w in first)


@pytest.mark.parametrize(
    ("n_inputs", "sizes", "count"), [(2, [1], 3), (2, [4, 4, 1], 12 + 20 + 5), (3, [5, 2], 32)]
)
def test_parameter_count(n_inputs, sizes, count):
    model = MLP(n_inputs, sizes)
    assert len(model.parameters()) == count
    assert len({id(p) for p in model.parameters()}) == count  # no parameter listed twice
    assert f"{count} parameters" in repr(model)


def test_layer_gives_one_output_per_neuron_and_mlp_unwraps_a_single_output():
    assert len(Layer(2, 3)([1.0, 2.0])) == 3
    assert isinstance(MLP(2, [3, 1])([1.0, 2.0]), Value)
    outputs = MLP(2, [3, 2])([1.0, 2.0])
    assert isinstance(outputs, list) and len(outputs) == 2


def test_mlp_gradients_match_central_differences():
    model = MLP(2, [3, 3, 1], seed=2)
    params = model.parameters()
    x, target = [0.7, -0.4], 0.5

    def loss_with(*values: Value) -> Value:
        # put the given Values in place of the parameters, run the model, restore
        saved = [(n, list(n.w), n.b) for layer in model.layers for n in layer.neurons]
        it = iter(values)
        for layer in model.layers:
            for n in layer.neurons:
                n.w = [next(it) for _ in n.w]
                n.b = next(it)
        try:
            return (model(x) - target) ** 2
        finally:
            for n, w, b in saved:
                n.w, n.b = w, b

    result = check_gradients(loss_with, params)
    assert result.ok, result
    # and backward() through the model itself gives the same numbers
    model.zero_grad()
    ((model(x) - target) ** 2).backward()
    assert [p.grad for p in params] == pytest.approx(result.analytic, rel=1e-9)


@pytest.mark.parametrize("model", [MLP(2, [3, 1], seed=1), Layer(2, 3, seed=1), Neuron(2, seed=1)])
def test_zero_grad_resets_every_parameter(model):
    out = model([1.0, -1.0])
    (sum(out) if isinstance(out, list) else out).backward()
    assert all(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def test_numpy_whole_numbers_are_sizes_and_seeds_too():
    # sizes and seeds read from a numpy array are np.int64, not int
    model = MLP(np.int64(2), np.array([3, 1]), seed=np.int64(7))
    same = MLP(2, [3, 1], seed=7)
    assert [p.data for p in model.parameters()] == [p.data for p in same.parameters()]
    assert repr(model) == repr(same)
    assert len(Neuron(np.int64(3)).w) == 3


def test_without_zero_grad_a_second_backward_doubles_the_grads():
    model = MLP(2, [3, 1], seed=1)
    out = model([1.0, -1.0])
    out.backward()
    once = [p.grad for p in model.parameters()]
    model([1.0, -1.0]).backward()
    assert [p.grad for p in model.parameters()] == pytest.approx([2 * g for g in once])


@pytest.mark.slow
def test_training_lowers_the_loss_and_separates_the_moons():
    points, labels = two_moons(30, noise=0.1, seed=0)
    model = MLP(2, [8, 8, 1], seed=0)

    def loss() -> Value:
        return sum((model(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)

    first = loss().data
    for _ in range(60):
        current = loss()
        model.zero_grad()
        current.backward()
        for p in model.parameters():
            p.data -= 0.3 * p.grad
    assert loss().data < first / 4
    assert accuracy(model, points, labels) >= 0.9


def test_two_moons_is_seeded_balanced_and_labelled_plus_minus_one():
    points, labels = two_moons(40, noise=0.1, seed=3)
    assert (points, labels) == two_moons(40, noise=0.1, seed=3)
    assert points != two_moons(40, noise=0.1, seed=4)[0]
    assert sorted(set(labels)) == [-1.0, 1.0]
    assert labels.count(1.0) == labels.count(-1.0) == 20
    assert all(len(p) == 2 for p in points)


@pytest.mark.slow
def test_a_single_neuron_cannot_fit_the_moons_but_is_a_line():
    # the moons are not linearly separable: the best line still misclassifies some points
    points, labels = two_moons(60, noise=0.0, seed=0)
    neuron = Neuron(2, seed=0)
    for _ in range(150):
        loss = sum((neuron(x) - y) ** 2 for x, y in zip(points, labels)) / len(points)
        for p in neuron.parameters():
            p.grad = 0.0
        loss.backward()
        for p in neuron.parameters():
            p.data -= 0.3 * p.grad
    assert 0.6 < accuracy(neuron, points, labels) < 1.0


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: Neuron(0), ValueError, "n_inputs must be a positive whole number"),
        (lambda: Neuron(2.5), ValueError, "n_inputs"),
        (lambda: MLP(2, []), ValueError, "at least one layer"),
        (lambda: MLP(2, np.array([], dtype=int)), ValueError, "at least one layer"),
        (lambda: MLP(2, 8), TypeError, "one size per layer, e.g. \\[8, 1\\], got int 8"),
        (lambda: MLP(True, [1]), ValueError, "n_inputs must be a positive whole number, got bool"),
        (lambda: MLP(2, [np.float64(3.0)]), ValueError, "n_outputs"),
        (lambda: MLP(2, [3, 0]), ValueError, "n_outputs"),
        (lambda: MLP(2, [3], seed="x"), TypeError, "seed must be an int"),
        (lambda: Neuron(2)([1.0]), ValueError, "takes 2 inputs, got 1"),
        (lambda: two_moons(1), ValueError, "at least 2 points"),
        (lambda: two_moons(10, noise=-1), ValueError, "noise"),
        (lambda: two_moons(10, seed="x"), TypeError, "seed must be an int"),
        (lambda: two_moons(10, seed=None), TypeError, "seed must be an int"),
        (lambda: accuracy(Neuron(2), [(0, 0)], []), ValueError, "as many labels"),
    ],
)
def test_bad_input_gets_a_clear_error(build, error, message):
    with pytest.raises(error, match=message):
        build()


# ---------------------------------------------------------------- inputs a model cannot take
@pytest.mark.parametrize(
    ("x", "message"),
    [
        (5, r"got int 5\. This model takes 2 input\(s\): call it as model\(\[0\.5, -1\.0\]\)"),
        (np.float64(0.5), "got float64"),
        ({1.0, 2.0}, "ordered list .* got a set"),
        ({"x1": 1.0, "x2": 2.0}, "ordered list .* got a dict"),
        ("ab", "got a string"),
        ((v for v in [1.0, 2.0]), "got generator"),
    ],
)
def test_a_model_called_on_something_other_than_a_list_of_inputs_says_what_to_pass(x, message):
    for model in (MLP(2, [3, 1]), Layer(2, 3), Neuron(2)):
        with pytest.raises(TypeError, match=message):
            model(x)


def test_ordered_inputs_of_any_kind_still_work():
    model = MLP(2, [3, 1], seed=1)
    expected = model([0.5, -1.0]).data
    assert model((0.5, -1.0)).data == expected
    assert model(np.array([0.5, -1.0])).data == expected
    assert model([Value(0.5), -1.0]).data == expected


def test_accuracy_refuses_unordered_points():
    with pytest.raises(TypeError, match="points must be an ordered list"):
        accuracy(Neuron(2), {(0.0, 1.0), (1.0, 0.0)}, [1.0, -1.0])


@pytest.mark.parametrize(
    ("noise", "error", "message"),
    [
        (math.nan, ValueError, "noise must be finite, got nan"),
        (math.inf, ValueError, "noise must be finite, got inf"),
        ("0.1", TypeError, "noise must be a real number, got str"),
    ],
)
def test_two_moons_refuses_a_noise_that_is_not_a_finite_number(noise, error, message):
    with pytest.raises(error, match=message):
        two_moons(10, noise=noise)
