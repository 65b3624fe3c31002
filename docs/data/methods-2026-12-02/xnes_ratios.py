import json, sys, math
d = json.load(open(sys.argv[1]))
rows = {}
for t in d['table']:
    rows.setdefault((t['function'], t['dim']), {})[t['method']] = t
fs = d['settings']['functions']; ds = d['settings']['dims']
short = lambda f: f.replace('shifted-rotated-', 'sr-').replace('shifted-', 's-')
def fe(t):
    e = t['ert']; s = '∞' if e is None or e == math.inf or (isinstance(e, str)) else f'{e:.0f}'
    return s + ('' if t['successes'] == t['runs'] else f" ({t['successes']}/{t['runs']})")
print('| function | ' + ' | '.join(f'd={n}: xnes / pagmo xnes → ratio' for n in ds) + ' |')
print('|---|' + '---:|' * len(ds))
for f in fs:
    cells = []
    for n in ds:
        r = rows[(f, n)]; a = r['xnes']; b = r['pagmo-xnes']
        q = a['ert_ratio'].get('pagmo-xnes')
        qs = '–' if q is None else ('∞' if q == math.inf else f'{q:.2f}')
        cells.append(f'{fe(a)} / {fe(b)} → **{qs}**')
    print(f'| {short(f)} | ' + ' | '.join(cells) + ' |')
