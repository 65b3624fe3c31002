# Regenerates the table and polynomial of fast_log in src/relax/kernels/fast_math.hpp (a
# development tool, not part of the build; needs python3-mpmath):
#   /usr/bin/python3 scripts/float_log_coefficients.py
# x = 2^k m with m in [OFF, 2 OFF), OFF = 0.71875, taken from the bits of x - bits(OFF); the 3
# bits below the exponent field index 8 intervals: 4 of width 1/16 on [0.71875, 0.96875), one
# [0.96875, 1.0625) around 1 (c = 1, so log x is accurate relative to itself near 1), 3 of width
# 1/8 on [1.0625, 1.4375). inv_c is the float near 1/(interval midpoint) whose logarithm is
# closest to a float (Gal's accurate tables), so log_c = -log(inv_c) rounded to float is almost
# exact. log x = k ln2 + log_c + log1p(r), r = m inv_c - 1, log1p(r) = r + r^2 Q(r), Q of
# degree 3 fitted for relative error on the range r takes.
import struct
import mpmath as mp
mp.mp.dps = 50

def f32(x):
    return struct.unpack('<f', struct.pack('<f', float(x)))[0]

def next_f32(x, steps):
    bits = struct.unpack('<I', struct.pack('<f', x))[0] + steps
    return struct.unpack('<f', struct.pack('<I', bits))[0]

def ulp32(x):
    x = abs(f32(x))
    return next_f32(x, 1) - x

intervals = [(mp.mpf(0.71875) + mp.mpf(j) / 16, mp.mpf(0.71875) + mp.mpf(j + 1) / 16) for j in range(4)]
intervals.append((mp.mpf(0.96875), mp.mpf(1.0625)))
intervals += [(mp.mpf(1.0625) + mp.mpf(j) / 8, mp.mpf(1.0625) + mp.mpf(j + 1) / 8) for j in range(3)]

inv_c, log_c, worst_table = [], [], 0
rmin, rmax = mp.mpf(0), mp.mpf(0)
for j, (lo, hi) in enumerate(intervals):
    if j == 4:
        ic = 1.0
    else:
        centre = f32(2 / (lo + hi))
        candidates = [next_f32(centre, s) for s in range(-4096, 4097)]
        ic = min(candidates, key=lambda c: abs(mp.log(c) + f32(-mp.log(c))) / ulp32(mp.log(c)))
    lc = f32(-mp.log(ic))
    worst_table = max(worst_table, float(abs(-mp.log(ic) - lc) / ulp32(lc))) if lc != 0 else worst_table
    inv_c.append(ic)
    log_c.append(lc)
    rmin = min(rmin, lo * mp.mpf(ic) - 1)
    rmax = max(rmax, hi * mp.mpf(ic) - 1)

def q_exact(r):
    return mp.mpf(-0.5) + r / 3 if abs(r) < mp.mpf(10) ** -20 else (mp.log1p(r) - r) / r ** 2

# Weighted least squares on Chebyshev nodes for the relative error of r + r^2 Q(r), then rounded.
degree, nodes = 3, 400
xs = [(rmin + rmax) / 2 + (rmax - rmin) / 2 * mp.cos(mp.pi * (i + mp.mpf(0.5)) / nodes) for i in range(nodes)]
rows, rhs = [], []
for r in xs:
    w = r * r / mp.log1p(r)  # error of Q times r^2, relative to log1p(r)
    rows.append([w * r ** p for p in range(degree + 1)])
    rhs.append(w * q_exact(r))
coef = mp.lu_solve(mp.matrix(rows).T * mp.matrix(rows), mp.matrix(rows).T * mp.matrix(rhs))
q = [f32(coef[p]) for p in range(degree + 1)]
worst_poly = max(abs((r + r * r * sum(mp.mpf(q[p]) * r ** p for p in range(degree + 1))) / mp.log1p(r) - 1)
                 for r in [rmin + (rmax - rmin) * i / 20000 for i in range(1, 20000)] if r != 0)

print("inv_c  ", ", ".join(float(x).hex() for x in inv_c))
print("log_c  ", ", ".join(float(x).hex() for x in log_c))
print("r range", mp.nstr(rmin, 8), mp.nstr(rmax, 8))
print("Q      ", ", ".join(float(x).hex() for x in q), "(lowest degree first)")
print("table error (ulp of log_c)", worst_table, "; polynomial relative error", mp.nstr(worst_poly, 4))
