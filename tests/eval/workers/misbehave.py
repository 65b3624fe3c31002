#!/usr/bin/env python3
"""A test worker for varopt's worker pool (protocol varopt-worker/1) that misbehaves on purpose.

Usage: misbehave.py MODE [STATE_FILE or, for huge, the line's size in bytes, for slow the delay
in seconds]. f is the sum of squares of every number in the point.
Modes: ok, batch (answers batch requests), batch_short (a batch answer without its last entry), crash (exits on its first request),
crash_leaving_child (starts a process that keeps stdout open, then exits on its first request), crash_once (exits
on the first request seen by any worker sharing STATE_FILE, then behaves), hang, exit_early
(answers once, then exits), garbage, nan, wrong_id, huge (a line of 17 MiB or the given size), error, two_lines,
stderr (writes to stderr, then answers), slow (answers after STATE_FILE's place holds seconds).
"""
import json
import os
import sys
import time


def first_to_claim(state):
    """True for the one worker that creates STATE_FILE (atomically: O_EXCL), false afterwards."""
    try:
        os.close(os.open(state, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def f(x):
    total = 0.0
    for value in x.values():
        for v in (value if isinstance(value, list) else [value]):
            total += float(v) * float(v)
    return total


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    mode = sys.argv[1]
    state = sys.argv[2] if len(sys.argv) > 2 else None
    answered = 0
    for line in sys.stdin:
        request = json.loads(line)
        if mode in ("batch", "batch_short"):
            answers = [{"id": r["id"], "f": f(r["x"])} for r in request["batch"]]
            say({"batch": answers[:-1] if mode == "batch_short" else answers[::-1]})
            continue
        rid = request["id"]
        if mode == "crash" or (mode == "crash_once" and first_to_claim(state)):
            os._exit(3)
        if mode == "crash_leaving_child":
            if os.fork() == 0:  # holds the worker's stdout open for a minute
                time.sleep(60)
                os._exit(0)
            os._exit(3)
        if mode == "hang":
            time.sleep(60)
        if mode == "exit_early" and answered == 1:
            sys.exit(0)
        if mode == "garbage":
            sys.stdout.write("hello, this is not JSON\n")
            sys.stdout.flush()
            continue
        if mode == "nan":
            say({"id": rid, "f": float("nan")})
            continue
        if mode == "wrong_id":
            say({"id": rid + 1000, "f": 1.0})
            continue
        if mode == "huge":
            size = int(state) if state else 17 << 20
            sys.stdout.write('{"id": %d, "f": 1.0, "pad": "%s"}\n' % (rid, "x" * size))
            sys.stdout.flush()
            continue
        if mode == "error":
            say({"id": rid, "error": "bad point"})
            continue
        if mode == "slow":
            time.sleep(float(state))
        if mode == "stderr":
            sys.stderr.write("worker diagnostics for %d\n" % rid)
            sys.stderr.flush()
        say({"id": rid, "f": f(request["x"])})
        if mode == "two_lines":
            say({"id": rid, "f": 0.0})
        answered += 1


main()
