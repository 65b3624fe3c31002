#!/usr/bin/env python3
"""A varopt worker (protocol varopt-worker/1, docs/workers.md) in plain Python 3, standard library
only: f = the sum of squares of every real, integer and binary variable of the point, plus 1 for
any categorical choice other than "cg" (so the minimum is 0 at x = 0 with solver = "cg").

    varopt minimize --space space.json --workers 2 \\
        --objective-cmd /usr/bin/python3 examples/workers/sphere_worker.py

Each request is one JSON line on stdin; each answer one JSON line on stdout, flushed. Answers
batch requests too ({"batch": [...]} in, {"batch": [...]} out). Diagnostics go to stderr (varopt
writes them to its worker log).
"""
import json
import sys


def f(point):
    total = 0.0
    for value in point.values():
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, str):
                total += 0.0 if v == "cg" else 1.0
            else:
                total += float(v) * float(v)
    return total


def answer(request):
    try:
        return {"id": request["id"], "f": f(request["x"])}
    except Exception as e:  # a point this objective cannot evaluate: one failed member
        return {"id": request["id"], "error": repr(e)}


def main():
    for line in sys.stdin:
        request = json.loads(line)
        if "batch" in request:
            reply = {"batch": [answer(r) for r in request["batch"]]}
        else:
            reply = answer(request)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
