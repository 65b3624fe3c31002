"""varopt: black-box minimization by Variational Optimization, with numpy in and out.

    import varopt, numpy as np
    res = varopt.minimize(lambda x: float(np.sum(x**2)), x0=np.ones(10), target=1e-8)

minimize() runs the loop; Solver is the ask/tell interface; spaces of Real, Integer,
Categorical and Binary blocks give mixed search spaces; list_methods() names the presets.
varopt.torch holds the Gumbel-softmax op and the gradient estimators for PyTorch, varopt.plot a
convergence plot. docs/python.md is the guide.
"""
from . import _core
from .minimize import minimize
from .result import OptimizeResult
from .solver import Solver
from .spaces import Binary, Categorical, Integer, Real

__all__ = ["minimize", "Solver", "OptimizeResult", "Real", "Integer", "Categorical", "Binary",
           "list_methods", "list_distributions", "list_estimators", "simd_level", "__version__"]

__version__ = "0.1.0"


def list_methods() -> dict[str, str]:
    """The presets (``method=``), name → description."""
    return dict(_core.methods())


def list_distributions() -> dict[str, str]:
    """The search distributions (``distribution=``), name → description."""
    return dict(_core.distributions())


def list_estimators() -> dict[str, str]:
    """The gradient estimators and elite-fit rules (``estimator=``), name → description."""
    return dict(_core.estimators())


def simd_level() -> str:
    """The instruction set of the kernels in use: "avx512", "avx2" or "portable" (chosen at
    import for this CPU; the environment variable VAROPT_SIMD can ask for a lower one)."""
    return _core.simd_level()
