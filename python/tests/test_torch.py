"""varopt.torch's relaxations against torch: the formula softmax((logits + g)/tau, dim) and
torch.nn.functional.gumbel_softmax on the same noise g, autograd of the unfused formulas,
gradcheck, the documented noise of a seed, repeatability, and argument checks."""
import math

import pytest

torch = pytest.importorskip("torch")
import varopt.torch as vt  # noqa: E402  (after the skip: needs torch)

F = torch.nn.functional

# (shape, dim): rows of few and many classes, dim first, middle and last, a 3-D tensor.
CASES = [((64, 10), -1), ((8, 300), 1), ((6, 7, 5), 0), ((3, 4, 1500), -1), ((5, 9, 4), 1),
         ((4, 3, 6), -2), ((17,), 0)]
DTYPES = [torch.float32, torch.float64]


def logits_and_noise(shape, dtype, seed):
    """Logits of spread 2 and torch's Gumbel noise g = −log(Exponential(1)), as its own
    gumbel_softmax draws it."""
    gen = torch.Generator().manual_seed(seed)
    x = 2 * torch.randn(shape, dtype=dtype, generator=gen)
    g = -torch.empty(shape, dtype=dtype).exponential_(generator=gen).log()
    return x, g


def assert_close_to_formula(y, x, g, tau, dim):
    """float64: y = softmax((x + g)/tau, dim) to 1e-12 relative. float32: against the same formula
    in float64 on the float32 sums x + g, each element within 4 ulps of float32 times the
    conditioning of its exponential, 1 + |z_i − max z| for z = (x + g)/tau (an argument known to
    half an ulp moves exp(z) by that much; torch's own float32 softmax is no closer)."""
    if y.dtype == torch.float64:
        torch.testing.assert_close(y, torch.softmax((x + g) / tau, dim), rtol=1e-12, atol=0)
        return
    z = (x + g).double() / tau
    want = torch.softmax(z, dim)
    conditioning = 1 + (z - z.amax(dim, keepdim=True)).abs()
    ulps = (y.double() - want).abs() / (want * torch.finfo(torch.float32).eps)
    assert (ulps <= 4 * conditioning).all(), f"max {float((ulps / conditioning).max()):.2f} ulps"


def grad_tolerance(dtype):
    return dict(rtol=1e-12, atol=1e-13) if dtype == torch.float64 else dict(rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", CASES)
@pytest.mark.parametrize("tau", [0.3, 1.0])
def test_soft_forward_is_the_formula_on_the_same_noise(shape, dim, dtype, tau):
    x, g = logits_and_noise(shape, dtype, seed=len(shape) + dim + 10)
    y = vt.gumbel_softmax(x, tau, dim=dim, noise=g)
    assert y.shape == x.shape and y.dtype == dtype and y.is_contiguous()
    assert_close_to_formula(y, x, g, tau, dim)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", CASES)
def test_backward_is_autograd_of_the_unfused_formula(shape, dim, dtype):
    tau = 0.5
    x, g = logits_and_noise(shape, dtype, seed=3)
    v = torch.randn(shape, dtype=dtype, generator=torch.Generator().manual_seed(4))
    for hard in (False, True):
        a = x.clone().requires_grad_()
        b = x.clone().requires_grad_()
        y = vt.gumbel_softmax(a, tau, hard, dim, noise=g)
        want = torch.softmax((b + g) / tau, dim)  # the hard output's gradient is the soft one's
        (got,) = torch.autograd.grad(y, a, v)
        (expected,) = torch.autograd.grad(want, b, v)
        torch.testing.assert_close(got, expected, **grad_tolerance(dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", CASES)
def test_hard_is_one_hot_and_equals_torchs_own_op_on_the_same_noise(shape, dim, dtype):
    tau = 0.7
    x = 2 * torch.randn(shape, dtype=dtype, generator=torch.Generator().manual_seed(5))
    v = torch.randn(shape, dtype=dtype, generator=torch.Generator().manual_seed(6))
    a = x.clone().requires_grad_()
    b = x.clone().requires_grad_()
    # torch's op draws -log(Exponential(1)) from the default generator: replay that draw.
    torch.manual_seed(1234)
    want = F.gumbel_softmax(b, tau=tau, hard=True, dim=dim)
    torch.manual_seed(1234)
    g = -torch.empty_like(x).exponential_().log()
    y = vt.gumbel_softmax(a, tau, hard=True, dim=dim, noise=g)
    assert ((y == 0) | (y == 1)).all()
    assert torch.equal(y.sum(dim), torch.ones_like(y.sum(dim)))
    assert torch.equal(y.argmax(dim), torch.softmax((x + g) / tau, dim).argmax(dim))
    # torch's forward is y_hard − y_soft + y_soft: one-hot up to an ulp.
    torch.testing.assert_close(y, want.detach(), rtol=0, atol=torch.finfo(dtype).eps)
    torch.testing.assert_close(torch.autograd.grad(y, a, v)[0], torch.autograd.grad(want, b, v)[0],
                               **grad_tolerance(dtype))


@pytest.mark.parametrize("shape,dim", CASES)
def test_soft_forward_equals_torchs_own_op_on_the_same_noise(shape, dim):
    x = torch.randn(shape, dtype=torch.float64, generator=torch.Generator().manual_seed(7))
    torch.manual_seed(99)
    want = F.gumbel_softmax(x, tau=0.4, dim=dim)
    torch.manual_seed(99)
    g = -torch.empty_like(x).exponential_().log()
    torch.testing.assert_close(vt.gumbel_softmax(x, 0.4, dim=dim, noise=g), want,
                               rtol=1e-12, atol=0)


def test_given_noise_gets_the_logits_gradient():
    x, g = logits_and_noise((6, 5), torch.float64, seed=8)
    x.requires_grad_()
    g.requires_grad_()
    y = vt.gumbel_softmax(x, 0.6, noise=g)
    v = torch.randn(6, 5, dtype=torch.float64)
    gx, gg = torch.autograd.grad(y, (x, g), v)
    torch.testing.assert_close(gg, gx, rtol=0, atol=0)
    torch.testing.assert_close(gx, torch.autograd.grad(torch.softmax((x + g) / 0.6, -1), x, v)[0],
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape,dim", CASES)
def test_own_noise_is_the_documented_stream_of_the_drawn_seed(shape, dim, dtype):
    x = torch.randn(shape, dtype=dtype, generator=torch.Generator().manual_seed(9))
    seed = vt.draw_seed(torch.Generator().manual_seed(21))
    g = vt.gumbel_noise(x, seed, dim)
    y = vt.gumbel_softmax(x, 0.8, dim=dim, generator=torch.Generator().manual_seed(21))
    assert_close_to_formula(y, x, g, 0.8, dim)


def test_gumbel_noise_is_gumbel_distributed():
    g = vt.gumbel_noise(torch.empty(200_000, dtype=torch.float64), seed=5)
    # Gumbel(0, 1): mean = Euler's γ, variance π²/6; 5 standard errors (variance of the sample
    # variance from the Gumbel's excess kurtosis 12/5).
    n = g.numel()
    assert abs(float(g.mean()) - 0.5772156649) < 5 * math.sqrt(math.pi**2 / 6 / n)
    assert abs(float(g.var()) - math.pi**2 / 6) < 5 * (math.pi**2 / 6) * math.sqrt((2 + 12 / 5) / n)


@pytest.mark.parametrize("shape,dim", [((5, 4), -1), ((3, 4, 5), 1), ((6, 3), 0)])
def test_gradcheck_float64(shape, dim):
    x = torch.randn(shape, dtype=torch.float64, requires_grad=True)
    _, g = logits_and_noise(shape, torch.float64, seed=11)
    assert torch.autograd.gradcheck(lambda a: vt.gumbel_softmax(a, 0.7, dim=dim, noise=g), (x,))
    # With a generator in a fixed state the op is a deterministic function of the logits too.
    fixed = lambda: torch.Generator().manual_seed(2)  # noqa: E731
    assert torch.autograd.gradcheck(
        lambda a: vt.gumbel_softmax(a, 1.3, dim=dim, generator=fixed()), (x,))
    assert torch.autograd.gradcheck(lambda a: vt.relaxed_bernoulli(a, 0.8, generator=fixed()), (x,))


def test_manual_seed_makes_runs_repeatable():
    x = torch.randn(300, 37)
    for op in (lambda: vt.gumbel_softmax(x, 0.5), lambda: vt.gumbel_softmax(x, 0.5, hard=True),
               lambda: vt.relaxed_bernoulli(x, 0.5), lambda: vt.straight_through_bernoulli(x)):
        torch.manual_seed(7)
        a = op()
        torch.manual_seed(7)
        b = op()
        c = op()  # the default generator moved on
        assert torch.equal(a, b)
        assert not torch.equal(a, c)
    gen = torch.Generator().manual_seed(3)
    first = vt.gumbel_softmax(x, generator=gen)
    assert torch.equal(first, vt.gumbel_softmax(x, generator=torch.Generator().manual_seed(3)))
    assert not torch.equal(first, vt.gumbel_softmax(x, generator=gen))


def test_results_do_not_depend_on_the_thread_count():
    x = torch.randn(4096, 37, requires_grad=True)
    v = torch.randn(4096, 37)
    threads = torch.get_num_threads()
    runs = []
    try:
        for n in (1, 2):
            torch.set_num_threads(n)
            y = vt.gumbel_softmax(x, 0.5, hard=True, generator=torch.Generator().manual_seed(1))
            runs.append((y, torch.autograd.grad(y, x, v)[0]))
    finally:
        torch.set_num_threads(threads)
    assert torch.equal(runs[0][0], runs[1][0])
    assert torch.equal(runs[0][1], runs[1][1])


def test_non_contiguous_inputs_give_the_contiguous_result():
    x = torch.randn(12, 9, dtype=torch.float64)
    _, g = logits_and_noise((9, 12), torch.float64, seed=12)
    t = x.t()  # strided
    assert not t.is_contiguous()
    torch.testing.assert_close(vt.gumbel_softmax(t, noise=g),
                               vt.gumbel_softmax(t.contiguous(), noise=g), rtol=0, atol=0)
    sliced = x[::2, 1:]
    gen = lambda: torch.Generator().manual_seed(4)  # noqa: E731
    assert torch.equal(vt.relaxed_bernoulli(sliced, generator=gen()),
                       vt.relaxed_bernoulli(sliced.contiguous(), generator=gen()))
    assert torch.equal(vt.gumbel_softmax(sliced, dim=0, generator=gen()),
                       vt.gumbel_softmax(sliced.contiguous(), dim=0, generator=gen()))


def test_zero_dimensional_and_empty_tensors():
    y = vt.gumbel_softmax(torch.tensor(0.3), 0.5)
    assert y.shape == () and float(y) == 1.0
    assert vt.gumbel_softmax(torch.tensor(0.3), hard=True, dim=-1).shape == ()
    for shape, dim in (((0, 5), -1), ((4, 0), 1), ((3, 0, 2), 0)):
        x = torch.empty(shape, requires_grad=True)
        assert vt.gumbel_softmax(x, dim=dim).shape == shape
    assert vt.relaxed_bernoulli(torch.empty(0, 3)).shape == (0, 3)


def test_no_nan_at_tiny_temperature_or_huge_logits():
    for dtype in DTYPES:
        x = (1e4 * torch.randn(64, 100, dtype=dtype)).requires_grad_()
        v = 1e3 * torch.randn(64, 100, dtype=dtype)
        for hard in (False, True):
            y = vt.gumbel_softmax(x, 1e-3, hard)
            assert torch.isfinite(y).all()
            assert torch.isfinite(torch.autograd.grad(y, x, v)[0]).all()


def test_double_backward_is_refused():
    # Refused when the graph of the gradient is asked for, whether the upstream gradient depends
    # on x (pow) or not (a constant weight: torch's once_differentiable would then silently return
    # a gradient without a graph, and a gradient penalty built on it would lose its own gradient).
    x = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    w = torch.randn(4, 3, dtype=torch.float64)
    for op in (vt.gumbel_softmax, vt.relaxed_bernoulli, vt.straight_through_bernoulli):
        for loss in (lambda y: y.pow(2).sum(), lambda y: (y * w).sum()):  # noqa: B023
            with pytest.raises(RuntimeError, match="create_graph"):
                torch.autograd.grad(loss(op(x)), x, create_graph=True)
    # First-order gradients are unchanged (and create_graph=False is the default).
    (g,) = torch.autograd.grad((vt.gumbel_softmax(x) * w).sum(), x)
    assert torch.isfinite(g).all()


@pytest.mark.parametrize("dtype", DTYPES)
def test_relaxed_and_straight_through_bernoulli_match_the_unfused_formulas(dtype):
    x = torch.randn(33, 17, dtype=dtype, requires_grad=True)
    v = torch.randn(33, 17, dtype=dtype)
    seed_of = lambda: torch.Generator().manual_seed(21)  # noqa: E731
    noise = vt.logistic_noise(x, vt.draw_seed(seed_of()))
    tau = 0.6
    tol = grad_tolerance(dtype)
    soft = torch.sigmoid((x + noise) / tau)
    sample = (x + noise > 0).to(dtype)
    (soft_grad,) = torch.autograd.grad(soft, x, v, retain_graph=True)
    for hard in (False, True):
        y = vt.relaxed_bernoulli(x, tau, hard, generator=seed_of())
        if hard:
            assert torch.equal(y, sample)
        else:
            torch.testing.assert_close(y, soft, **tol)
        torch.testing.assert_close(torch.autograd.grad(y, x, v)[0], soft_grad, **tol)
    b = vt.straight_through_bernoulli(x, generator=seed_of())
    assert torch.equal(b, sample)  # the same draw as relaxed_bernoulli(hard=True)'s
    torch.testing.assert_close(torch.autograd.grad(b, x, v)[0],
                               torch.autograd.grad(torch.sigmoid(x), x, v)[0], **tol)


def test_bernoulli_samples_have_the_right_mean():
    logits = torch.tensor([-2.0, -0.3, 0.0, 1.1, 3.0], dtype=torch.float64)
    n = 40_000
    b = vt.straight_through_bernoulli(logits.expand(n, 5).contiguous(),
                                      generator=torch.Generator().manual_seed(8))
    p = torch.sigmoid(logits)
    # 5 standard errors of a Bernoulli mean.
    assert ((b.mean(0) - p).abs() < 5 * torch.sqrt(p * (1 - p) / n)).all()


@pytest.mark.parametrize("op", [vt.gumbel_softmax, vt.relaxed_bernoulli])
def test_bad_temperatures(op):
    x = torch.randn(4, 3)
    for tau in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="tau > 0 and finite"):
            op(x, tau)
    for tau in ("1", None, torch.ones(2), torch.ones((), requires_grad=True)):
        with pytest.raises(TypeError, match="tau as a real number"):
            op(x, tau)
    assert op(x, torch.tensor(0.5)).shape == x.shape


@pytest.mark.parametrize("op", [vt.gumbel_softmax, vt.relaxed_bernoulli,
                                vt.straight_through_bernoulli])
def test_bad_tensors(op):
    with pytest.raises(TypeError, match="torch.float32 or torch.float64"):
        op(torch.ones(4, 3, dtype=torch.int64))
    with pytest.raises(TypeError, match="torch.float32 or torch.float64"):
        op(torch.ones(4, 3, dtype=torch.float16))
    with pytest.raises(TypeError, match="as a torch.Tensor"):
        op([[1.0, 2.0]])
    with pytest.raises(ValueError, match="on the CPU"):
        op(torch.ones(4, 3, device="meta"))


def test_bad_dims_and_noise():
    x = torch.randn(4, 3)
    for dim in (2, -3):
        with pytest.raises(ValueError, match=r"dim in \[-2, 1\] for a 2-D tensor"):
            vt.gumbel_softmax(x, dim=dim)
    with pytest.raises(TypeError, match="dim as an integer"):
        vt.gumbel_softmax(x, dim=1.0)
    with pytest.raises(ValueError, match="noise of the logits' shape"):
        vt.gumbel_softmax(x, noise=torch.randn(3, 4))
    with pytest.raises(TypeError, match="noise of the logits' dtype"):
        vt.gumbel_softmax(x, noise=torch.randn(4, 3, dtype=torch.float64))
    with pytest.raises(ValueError, match="noise or generator, got both"):
        vt.gumbel_softmax(x, noise=torch.randn(4, 3), generator=torch.Generator())


def test_undefined_inputs_give_nan_samples_as_torch_does():
    # The hard samples of NaN logits (and of rows that are -inf throughout) looked valid: the
    # arg-max put the one-hot on the NaN's index 0 always, or never elsewhere.
    nan, inf = math.nan, math.inf
    x = torch.tensor([[0.0, nan, 0.0], [0.0, 1.0, 2.0], [nan, 0.0, 0.0], [-inf, -inf, -inf],
                      [-inf, 0.0, -inf]])
    expected_rows = [True, False, True, True, False]  # all NaN, or a one-hot
    noise = vt.gumbel_noise(x, 7)
    theirs = torch.nn.functional.softmax(x + noise, dim=-1)  # torch's hard rows are NaN there
    for dim, logits, g in ((-1, x, noise), (0, x.t(), noise.t())):
        y = vt.gumbel_softmax(logits, hard=True, dim=dim, noise=g)
        rows = y if dim == -1 else y.t()
        assert torch.isnan(rows).all(dim=1).tolist() == expected_rows
        assert torch.isnan(theirs).all(dim=1).tolist() == expected_rows
        assert (rows[~torch.tensor(expected_rows)].sum(dim=1) == 1).all()
    b = torch.tensor([nan, -50.0, 50.0])
    for sample in (vt.straight_through_bernoulli(b), vt.relaxed_bernoulli(b, hard=True)):
        assert math.isnan(sample[0]) and sample[1:].tolist() == [0.0, 1.0]


def test_noise_seeds_are_64_bit_integers():
    # -1 and 2**64 gave pybind11's "incompatible function arguments" with the uninitialized
    # output in the message; 1.5 was truncated to seed 1.
    x = torch.zeros(3, 4)
    for op in (vt.gumbel_noise, vt.logistic_noise):
        for seed, error in ((-1, ValueError), (2**64, ValueError), (True, TypeError),
                            (1.5, TypeError), ("7", TypeError)):
            with pytest.raises(error, match="seed"):
                op(x, seed)
        assert torch.equal(op(x, 2**64 - 1), op(x, 2**64 - 1))


def test_a_row_with_plus_inf_is_undefined_in_hard_samples_as_in_torch():
    # softmax over a row with +inf is NaN; the hard sample was a valid-looking one-hot of the
    # first +inf with a NaN gradient.
    x = torch.tensor([[math.inf, 0.0, math.inf], [0.0, 1.0, 2.0]], requires_grad=True)
    y = vt.gumbel_softmax(x, hard=True, generator=torch.Generator().manual_seed(0))
    assert torch.isnan(y[0]).all() and not torch.isnan(y[1]).any()


def test_a_temperature_whose_inverse_overflows_the_dtype_is_refused():
    x = torch.randn(2, 5)
    with pytest.raises(ValueError, match="1/tau must be a finite torch.float32"):
        vt.gumbel_softmax(x, 1e-39)  # it returned NaN rows
    assert not torch.isnan(vt.gumbel_softmax(x.double(), 1e-39)).any()
