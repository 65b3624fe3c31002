"""varopt.torch's gradient estimators against the exact gradient of small discrete problems
(the support enumerated), the variance orderings that hold for them, and argument checks.

Statistics: each estimator runs on N independent replicas at once (the batch dimension of the
estimators), and each coordinate of the replicas' mean must lie within 5 standard errors of
the exact value. Under the central limit theorem a correct estimator fails one such check with
probability 2Φ(−5) ≈ 5.7e-7, so the ~60 checks of this file give a false alarm for fewer than
1 in 25,000 seeds; the seeds are fixed, so a run is deterministic.
"""
import itertools

import pytest

torch = pytest.importorskip("torch")
import varopt.torch as vt  # noqa: E402  (after the skip: needs torch)

N = 100_000  # replicas
Z = 5.0      # standard errors allowed
DT = torch.float64

# Three Bernoulli variables; f a fixed table over the 8 outcomes, offset by 5 so that the
# baseline matters.
PHI = torch.tensor([0.3, -1.2, 2.0], dtype=DT)
TABLE = torch.tensor([0.3, -1.1, 0.8, 2.0, -0.4, 1.5, 0.1, -0.9], dtype=DT) + 5.0
# Two categorical variables of 3 classes; f a fixed table over the 9 outcomes.
THETA = torch.tensor([[0.5, -0.2, 1.0], [-1.0, 0.3, 0.0]], dtype=DT)
CAT_TABLE = torch.tensor([[1.0, -2.0, 0.5], [0.3, 2.2, -1.4], [0.7, 0.0, 1.9]], dtype=DT) + 3.0


def f_bernoulli(b):
    """f of samples b of shape (..., 3)."""
    index = (4 * b[..., 0] + 2 * b[..., 1] + b[..., 2]).long()
    return TABLE[index]


def f_categorical(k):
    """f of class indices k of shape (..., 2)."""
    return CAT_TABLE[k[..., 0], k[..., 1]]


def exact_bernoulli_gradient():
    """∇_φ Σ_b f(b) Π_i p_i^b_i (1 − p_i)^(1 − b_i) over the 8 outcomes, by autograd."""
    phi = PHI.clone().requires_grad_()
    outcomes = torch.tensor(list(itertools.product([0.0, 1.0], repeat=3)), dtype=DT)
    p = torch.sigmoid(phi)
    prob = torch.where(outcomes == 1, p, 1 - p).prod(-1)
    return torch.autograd.grad((prob * f_bernoulli(outcomes)).sum(), phi)[0]


def exact_categorical_gradient():
    theta = THETA.clone().requires_grad_()
    p = torch.softmax(theta, -1)
    J = (p[0][:, None] * p[1][None, :] * CAT_TABLE).sum()
    return torch.autograd.grad(J, theta)[0]


def assert_unbiased(estimates, expected):
    """Each coordinate of the replicas' mean within Z standard errors of `expected`."""
    mean = estimates.mean(0)
    se = estimates.std(0) / estimates.shape[0] ** 0.5
    assert (se > 0).all()
    z = ((mean - expected) / se).abs()
    assert (z < Z).all(), f"mean {mean}, expected {expected}, |z| {z}"


def bernoulli_samples(k, seed):
    """K samples for each of N replicas: shape (K, N, 3)."""
    gen = torch.Generator().manual_seed(seed)
    return torch.bernoulli(torch.sigmoid(PHI).expand(k, N, 3), generator=gen)


def categorical_samples(k, seed):
    """K class-index samples for each of N replicas: shape (K, N, 2)."""
    gen = torch.Generator().manual_seed(seed)
    p = torch.softmax(THETA, -1)
    return torch.multinomial(p.repeat(k * N, 1), 1, generator=gen).reshape(k, N, 2)


@pytest.mark.parametrize("baseline,k", [("none", 1), ("none", 4), ("leave-one-out", 2),
                                        ("leave-one-out", 5)])
def test_score_function_bernoulli_is_unbiased(baseline, k):
    b = bernoulli_samples(k, seed=k)
    g = vt.score_function(PHI.expand(N, 3), b, f_bernoulli(b), baseline=baseline)
    assert g.shape == (N, 3)
    assert_unbiased(g, exact_bernoulli_gradient())


def test_the_mean_baseline_shrinks_the_gradient_by_k_minus_1_over_k():
    k = 4
    b = bernoulli_samples(k, seed=40)
    g = vt.score_function(PHI.expand(N, 3), b, f_bernoulli(b), baseline="mean")
    assert_unbiased(g, (k - 1) / k * exact_bernoulli_gradient())


@pytest.mark.parametrize("baseline,k", [("none", 3), ("leave-one-out", 3)])
def test_score_function_categorical_is_unbiased(baseline, k):
    idx = categorical_samples(k, seed=10 + k)
    logits = THETA.expand(N, 2, 3)
    g = vt.score_function(logits, idx, f_categorical(idx), distribution="categorical",
                          baseline=baseline)
    assert g.shape == (N, 2, 3)
    assert_unbiased(g, exact_categorical_gradient())
    one_hot = torch.nn.functional.one_hot(idx, 3).to(DT)  # the same samples, one-hot
    assert torch.equal(g, vt.score_function(logits, one_hot, f_categorical(idx),
                                            distribution="categorical", baseline=baseline))


def test_rloo_is_the_leave_one_out_score_function():
    b = bernoulli_samples(3, seed=7)
    f = f_bernoulli(b)
    g = vt.rloo(PHI.expand(N, 3), b, f)
    assert torch.equal(g, vt.score_function(PHI.expand(N, 3), b, f, baseline="leave-one-out"))
    # Kool et al.'s form: 1/(K − 1) Σ_k (f_k − f̄) (b_k − p).
    manual = ((f - f.mean(0))[..., None] * (b - torch.sigmoid(PHI))).sum(0) / 2
    torch.testing.assert_close(g, manual, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("estimator", [vt.arm, vt.disarm])
@pytest.mark.parametrize("pairs", [1, 3])
def test_arm_and_disarm_are_unbiased(estimator, pairs):
    logits = PHI.expand(N, 3)
    pair = vt.antithetic_bernoulli(logits, pairs, generator=torch.Generator().manual_seed(pairs))
    g = estimator(logits, pair, f_bernoulli(pair.b1), f_bernoulli(pair.b2))
    assert g.shape == (N, 3)
    assert_unbiased(g, exact_bernoulli_gradient())


def test_antithetic_pairs_are_bernoulli_samples():
    pair = vt.antithetic_bernoulli(PHI.expand(N, 3), 1, generator=torch.Generator().manual_seed(9))
    p = torch.sigmoid(PHI)
    se = torch.sqrt(p * (1 - p) / N)
    for b in (pair.b1, pair.b2):
        assert ((b.mean((0, 1)) - p).abs() < Z * se).all()
    assert torch.equal(pair.b1, (pair.u > torch.sigmoid(-PHI)).to(DT))
    assert torch.equal(pair.b2, (pair.u < torch.sigmoid(PHI)).to(DT))


def test_a_baseline_lowers_the_score_functions_variance():
    # The lecture's complaint about VO on discrete variables is the variance of the score
    # function; a baseline removes the part due to f's offset (here 5, large against f's
    # spread). Same samples, same evaluations: the estimates differ only in the baseline.
    b = bernoulli_samples(4, seed=50)
    f = f_bernoulli(b)
    plain = vt.score_function(PHI.expand(N, 3), b, f).var(0)
    loo = vt.rloo(PHI.expand(N, 3), b, f).var(0)
    assert (loo < 0.2 * plain).all(), (loo, plain)


def test_disarm_never_has_more_variance_than_arm():
    # DisARM is ARM's conditional expectation given (b1, b2) (Dong, Mnih & Tucker 2020), so its
    # variance is at most ARM's for every f and φ; on the same pairs the sample variances keep
    # that order. (Between RLOO and ARM/DisARM no order holds in general: not tested.)
    logits = PHI.expand(N, 3)
    pair = vt.antithetic_bernoulli(logits, 1, generator=torch.Generator().manual_seed(11))
    f1, f2 = f_bernoulli(pair.b1), f_bernoulli(pair.b2)
    arm = vt.arm(logits, pair, f1, f2).var(0)
    disarm = vt.disarm(logits, pair, f1, f2).var(0)
    assert (disarm < arm).all(), (disarm, arm)


def test_one_distribution_without_a_batch():
    b = bernoulli_samples(6, seed=3)[:, 0]  # (K, 3): K samples of one distribution
    g = vt.rloo(PHI, b, f_bernoulli(b))
    assert g.shape == (3,)
    pair = vt.antithetic_bernoulli(PHI, 2)
    assert vt.disarm(PHI, pair, f_bernoulli(pair.b1), f_bernoulli(pair.b2)).shape == (3,)


def test_estimates_carry_no_graph():
    phi = PHI.clone().requires_grad_()
    b = bernoulli_samples(2, seed=1)[:, :4]
    g = vt.rloo(phi.expand(4, 3), b, f_bernoulli(b))
    assert not g.requires_grad
    phi.expand(4, 3).backward(g)  # how a training loop chains the estimate into its network
    torch.testing.assert_close(phi.grad, g.sum(0))


def test_bad_arguments():
    b = bernoulli_samples(2, seed=1)[:, :4]
    logits = PHI.expand(4, 3)
    f = f_bernoulli(b)
    with pytest.raises(ValueError, match="baseline in"):
        vt.score_function(logits, b, f, baseline="median")
    with pytest.raises(ValueError, match="distribution in"):
        vt.score_function(logits, b, f, distribution="gaussian")
    with pytest.raises(ValueError,  # naming rloo, not score_function, which it calls
                       match=r"^varopt\.torch\.rloo: expected K >= 2 samples for the leave-one"):
        vt.rloo(logits, b[:1], f[:1])
    # One sample with the mean baseline: every weight f − f̄ would be 0, so would the estimate.
    with pytest.raises(ValueError, match="K >= 2 samples for the mean baseline"):
        vt.score_function(logits, b[:1], f[:1], baseline="mean")
    with pytest.raises(ValueError, match=r"values of shape \(K, \*batch\)"):
        vt.score_function(logits, b, f[:, :3])
    with pytest.raises(ValueError, match=r"samples of shape \(K, \*logits.shape\)"):
        vt.score_function(logits, b[:, :, :2], f)
    with pytest.raises(TypeError, match="logits of a floating dtype"):
        vt.score_function(logits.long(), b, f)
    with pytest.raises(TypeError, match="samples as a torch.Tensor"):
        vt.score_function(logits, b.tolist(), f)
    with pytest.raises(ValueError, match="categorical logits with the classes"):
        vt.score_function(PHI, torch.zeros(2, 3, dtype=torch.long), torch.zeros(2, 3),
                          distribution="categorical")
    pair = vt.antithetic_bernoulli(logits, 2)
    with pytest.raises(ValueError, match="pair of shape"):
        vt.arm(logits, pair, f[:1], f[:1])
    with pytest.raises(ValueError, match="values2 of the shape of values1"):
        vt.disarm(logits, pair, f, f[:1])
    with pytest.raises(TypeError, match="pair from antithetic_bernoulli"):
        vt.arm(logits, tuple(pair), f, f)
    with pytest.raises(ValueError, match="pairs >= 1"):
        vt.antithetic_bernoulli(logits, 0)
