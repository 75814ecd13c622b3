"""One check line per assertion ("ok  " / "FAIL"), and the exit status."""
import sys

failures = 0


def check(cond, what, got=None):
    global failures
    if cond:
        print("ok  ", what)
    else:
        failures += 1
        print("FAIL", what, "" if got is None else repr(got))


def finish():
    sys.exit(1 if failures else 0)
