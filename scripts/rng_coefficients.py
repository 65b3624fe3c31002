# Regenerates the polynomial and table constants of src/core/kernels/philox_kernels.cpp (a
# development tool, not part of the build; needs python3-mpmath): /usr/bin/python3 scripts/rng_coefficients.py
# ln table: z in [0.703125, 1.40625) = [OFF, 2 OFF), 16 intervals from the bits of x - bits(OFF):
# 9 of width 1/32, one [0.984375, 1.03125) around 1 (c = 1), 6 of width 1/16.
import mpmath as mp
mp.mp.dps = 60
def dbl(x): return float(mp.mpf(x))
off = mp.mpf(0.703125)
ivals = []
for j in range(16):
    if j < 9: lo = off + mp.mpf(j) / 32; hi = lo + mp.mpf(1) / 32
    elif j == 9: lo = mp.mpf(0.984375); hi = mp.mpf(1.03125)
    else: lo = mp.mpf(1.03125) + mp.mpf(j - 10) / 16; hi = lo + mp.mpf(1) / 16
    ivals.append((lo, hi))
invc, logc, rmin, rmax = [], [], mp.mpf(0), mp.mpf(0)
for j, (lo, hi) in enumerate(ivals):
    ic = 1.0 if j == 9 else dbl(2 / (lo + hi))
    invc.append(ic); logc.append(dbl(-mp.log(mp.mpf(ic))))
    rmin = min(rmin, lo * ic - 1); rmax = max(rmax, hi * ic - 1)
def fit(f, lo, hi, deg):
    poly = mp.chebyfit(f, [lo, hi], deg + 1)
    return [dbl(c) for c in reversed(poly)]  # lowest degree first
Q = lambda r: mp.mpf(-0.5) + r / 3 if abs(r) < mp.mpf(10) ** -30 else (mp.log1p(r) - r) / r ** 2
S = lambda y: 2 * mp.pi if y == 0 else mp.sin(2 * mp.pi * mp.sqrt(y)) / mp.sqrt(y)
C = lambda y: mp.cos(2 * mp.pi * mp.sqrt(y))
print("log_inv_c", [x.hex() for x in invc])
print("log_log_c", [x.hex() for x in logc])
print("r range", mp.nstr(rmin, 8), mp.nstr(rmax, 8))
print("log1p_q", [x.hex() for x in fit(Q, rmin, rmax, 8)])
print("sin_turns_s", [x.hex() for x in fit(S, 0, mp.mpf(1) / 64, 7)])
print("cos_turns_c", [x.hex() for x in fit(C, 0, mp.mpf(1) / 64, 7)])
