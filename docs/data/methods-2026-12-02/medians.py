import json, sys, statistics, math
d = json.load(open(sys.argv[1]))
A, B = ('varopt', 'cma'), ('pagmo2', 'pagmo-cmaes')
runs = {}
for r in d['runs']:
    e = r['evaluations_to_target'][-1]
    runs.setdefault((r['function'], r['dim'], r['library'], r['method']), []).append(math.inf if e is None else e)
def med(v):
    v = sorted(v); n = len(v)
    return v[n//2] if n % 2 else (v[n//2-1] + v[n//2]) / 2
print('| function | d | cma median | pagmo cmaes median | ratio | cma succ | cmaes succ | cma median_ok | cmaes median_ok | ratio_ok |')
print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
keys = sorted({(k[0], k[1]) for k in runs}, key=lambda k: (d['settings'].get('functions', []).index(k[0]) if k[0] in d['settings'].get('functions', []) else 0, k[1]))
for f, n in keys:
    a = runs.get((f, n) + A); b = runs.get((f, n) + B)
    if not a or not b: continue
    ma, mb = med(a), med(b)
    oka = [x for x in a if x != math.inf]; okb = [x for x in b if x != math.inf]
    moa, mob = med(oka), med(okb)
    fmt = lambda x: '∞' if x == math.inf else f'{x:g}'
    print(f'| {f} | {n} | {fmt(ma)} | {fmt(mb)} | {ma/mb:.2f} | {len(oka)}/{len(a)} | {len(okb)}/{len(b)} | {fmt(moa)} | {fmt(mob)} | {moa/mob:.2f} |')
