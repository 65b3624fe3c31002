import numpy as np
import varopt


def rosenbrock(x):
    return float(np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2))


# CMA-ES (the default method) from x0 = 0 with initial step size 0.5, until f ≤ 1e-10
res = varopt.minimize(rosenbrock, x0=np.zeros(10), sigma0=0.5, target=1e-10, seed=1)
print(res.termination, res.fun, res.nfev)
print(np.round(res.x, 4))

# the same run as an ask/tell loop: you evaluate the points, in any way you like
solver = varopt.Solver(np.zeros(10), 0.5, target=1e-10, seed=1)
while not solver.done:
    X = solver.ask()                          # a (λ, 10) array: this generation's points
    solver.tell([rosenbrock(x) for x in X])   # one value per row, in order
print("same result:", solver.result.fun == res.fun)

# a mixed search space: the points are dicts in your own types
space = {"x": varopt.Real(3, lower=-5, upper=5),
         "solver": varopt.Categorical(["cg", "gmres"]),
         "n": varopt.Integer(0, 10)}


def cost(p):
    return float(np.sum(p["x"] ** 2)) + (p["solver"] == "gmres") + abs(p["n"] - 3)


res = varopt.minimize(cost, space=space, target=1e-6, seed=1)
print(res.x["solver"], res.x["n"], res.fun)
