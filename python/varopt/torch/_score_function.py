"""The score-function (REINFORCE) gradient estimator on a batch, with baselines, and RLOO."""
import torch

from ._batches import event_dims, per_event

_BASELINES = ("none", "mean", "leave-one-out")
_DISTRIBUTIONS = ("bernoulli", "categorical")


def _weights(f: torch.Tensor, baseline: str, where: str) -> torch.Tensor:
    """w_k = f_k − b_k for the named baseline (see score_function)."""
    if baseline == "none":
        return f
    if f.shape[0] < 2:
        why = ("with one sample f − f̄ = 0, so the estimate would be 0" if baseline == "mean"
               else "the baseline of a sample is the mean over the others")
        raise ValueError(f"{where}: expected K >= 2 samples for the {baseline} baseline ({why}), "
                         f"got {f.shape[0]}")
    if baseline == "mean":
        return f - f.mean(0)
    return f - (f.sum(0) - f) / (f.shape[0] - 1)


def _one_hot_samples(logits: torch.Tensor, samples: torch.Tensor, where: str) -> torch.Tensor:
    """Categorical samples as one-hot vectors of shape (K, *logits.shape): given so, or as
    integer class indices of shape (K, *logits.shape[:-1])."""
    if not samples.is_floating_point():
        if samples.dtype == torch.bool or samples.is_complex():
            raise TypeError(f"{where}: expected categorical samples as integer class indices or "
                            f"floating one-hot vectors, got {samples.dtype}")
        if samples.shape[1:] != logits.shape[:-1]:
            raise ValueError(f"{where}: expected class indices of shape (K, "
                             f"*{tuple(logits.shape[:-1])}), got {tuple(samples.shape)}")
        return torch.nn.functional.one_hot(samples.long(), logits.shape[-1]).to(logits.dtype)
    return samples


def score_function(logits: torch.Tensor, samples: torch.Tensor, values: torch.Tensor, *,
                   distribution: str = "bernoulli", baseline: str = "none") -> torch.Tensor:
    """The score-function (log-derivative, REINFORCE) estimate of ∇ J, J(logits) = E f(x), for
    Bernoulli or categorical variables x ~ p(·|logits), on a batch (Williams 1992; the lecture's
    gradient of the variational bound):

        ∇ J = E[f(x) ∇ log p(x|logits)]  ≈  ĝ = (1/K) Σ_k w_k ∇ log p(x_k|logits),
        Bernoulli,   p = sigmoid(φ):   ∇_φ log p(x) = x − sigmoid(φ)   (element-wise),
        categorical, classes last:     ∇_θ log p(k) = e_k − softmax(θ),

    with the baseline-corrected weights w_k = f_k − b_k (formulas.md: any b_k that does not
    depend on x_k keeps the estimate unbiased, since E[∇ log p] = 0):

        "none"           w_k = f_k                          unbiased (K = 1: SGD-VO's step)
        "mean"           w_k = f_k − f̄                     E ĝ = (K − 1)/K ∇ J, because f̄
                                                            contains f_k; K ≥ 2 (K = 1: w = 0)
        "leave-one-out"  w_k = f_k − mean_{j≠k} f_j         unbiased, K ≥ 2: RLOO (Kool, van Hoof
                             = K/(K − 1) (f_k − f̄)          & Welling 2019), see rloo()

    Plain torch operations (any device, and the floating dtypes torch's sigmoid and softmax take
    there); nothing is differentiated through.
    Chain the estimate into the network that produced the logits with ``logits.backward(ĝ)``
    (J is minimized: descend along ĝ).

    Args:
        logits: distribution parameters of shape (*batch, *event); for "categorical" the last
            dimension holds the classes.
        samples: the K samples drawn for each data point: shape (K, *logits.shape), of 0s and
            1s (Bernoulli, any dtype) or one-hot vectors (categorical); categorical samples may
            also be integer class indices of shape (K, *logits.shape[:-1]).
        values: f of each sample, shape (K, *batch).
        distribution: "bernoulli" or "categorical".
        baseline: "none", "mean" or "leave-one-out".

    Returns:
        ĝ, a tensor of the logits' shape: one estimate of ∂J_b/∂logits_b per data point b.
    """
    return _estimate(logits, samples, values, distribution, baseline,
                     "varopt.torch.score_function")


def _estimate(logits, samples, values, distribution: str, baseline: str,
              where: str) -> torch.Tensor:
    """score_function's estimate, its messages naming `where` (the function the user called)."""
    events = event_dims(logits, values, where)
    if distribution not in _DISTRIBUTIONS:
        raise ValueError(f"{where}: expected distribution in {_DISTRIBUTIONS}, "
                         f"got {distribution!r}")
    if baseline not in _BASELINES:
        raise ValueError(f"{where}: expected baseline in {_BASELINES}, got {baseline!r}")
    with torch.no_grad():
        theta = logits.detach()
        if not isinstance(samples, torch.Tensor):
            raise TypeError(f"{where}: expected samples as a torch.Tensor, "
                            f"got {type(samples).__name__}")
        if distribution == "categorical":
            if events < 1:
                raise ValueError(f"{where}: expected categorical logits with the classes in a "
                                 f"dimension after the batch {tuple(values.shape[1:])}, got "
                                 f"logits of shape {tuple(logits.shape)}")
            x = _one_hot_samples(theta, samples, where)
            p = torch.softmax(theta, -1)
        else:
            x, p = samples, torch.sigmoid(theta)
        if x.shape != (values.shape[0],) + theta.shape:
            raise ValueError(f"{where}: expected samples of shape (K, *logits.shape) = "
                             f"{(values.shape[0],) + tuple(theta.shape)}, got {tuple(x.shape)}")
        w = _weights(values.to(theta.dtype), baseline, where)
        return (per_event(w, events) * (x.to(theta.dtype) - p)).mean(0)


def rloo(logits: torch.Tensor, samples: torch.Tensor, values: torch.Tensor, *,
         distribution: str = "bernoulli") -> torch.Tensor:
    """REINFORCE with the leave-one-out baseline, RLOO (Kool, van Hoof & Welling 2019, "Buy 4
    REINFORCE Samples, Get a Baseline for Free!"), K ≥ 2 samples per data point:

        ĝ = (1/K) Σ_k (f_k − mean_{j≠k} f_j) ∇ log p(x_k|logits)
          = 1/(K − 1) Σ_k (f_k − f̄) ∇ log p(x_k|logits).

    Unbiased, since the baseline of sample k does not depend on x_k. The same as
    ``score_function(..., baseline="leave-one-out")``; the arguments are score_function's.
    """
    return _estimate(logits, samples, values, distribution, "leave-one-out", "varopt.torch.rloo")
