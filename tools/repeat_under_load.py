"""Run the test suite N times in a row under load and count the runs that failed.

    .venv/bin/python tools/repeat_under_load.py --runs 10 --workers 8 [--hog 2 [--hog-runs 1]] [pytest args ...]

Each run is ``pytest -n WORKERS`` (default: the whole of ``tests``); ``--hog K`` keeps K extra
processes spinning on the CPU during every run (``--hog-runs M``: only the last M runs), so the
suite runs on a machine busier than it has cores. Prints one line per run (outcome, counts, wall time, ansible-playbook runs) and a
summary; exits 1 if any run failed. A test that depends on timing shows up here as a failure in
some of the runs.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_COUNTS = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)")


# A CPU hog: a Python process of its own that spins until it is stopped. (A process started with exec, not a fork:
# the unit tests run this tool inside a pytest worker whose emulator threads a fork would copy mid-flight.)
SPIN = "while True:\n    sum(range(100000))\n"


def parse_counts(output):
    """{"passed": n, "failed": n, ...} from pytest's last summary line."""
    summary = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed|errors?)", line)]
    counts = {}
    if summary:
        for number, word in _COUNTS.findall(summary[-1]):
            counts["error" if word.startswith("error") else word] = int(number)
    return counts


def run_once(index, pytest_args, workers, hogs):
    with tempfile.NamedTemporaryFile("w+", prefix="playbook-runs-", suffix=".log", delete=False) as log:
        log_path = log.name
    env = dict(os.environ, PLAYBOOK_RUN_LOG=log_path)
    command = [sys.executable, "-m", "pytest", "-q", "-n", str(workers), "-p", "no:cacheprovider"] + pytest_args
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    with open(log_path) as handle:
        playbook_runs = sum(1 for line in handle if line.strip())
    os.unlink(log_path)
    counts = parse_counts(done.stdout)
    ok = done.returncode == 0
    print("run %2d: %s  %s  %.0f s  %d ansible-playbook runs  %d CPU hog(s)" % (
        index, "PASS" if ok else "FAIL", " ".join("%s=%d" % item for item in sorted(counts.items())), seconds,
        playbook_runs, hogs), flush=True)
    if not ok:
        failed = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        for line in failed or done.stdout.splitlines()[-20:]:
            print("        " + line, flush=True)
    return ok


def start_hogs(count):
    return [subprocess.Popen([sys.executable, "-c", SPIN]) for _number in range(count)]


def stop_hogs(hogs):
    for hog in hogs:
        hog.kill()
        hog.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--runs", type=int, default=10, help="how many runs in a row (default 10)")
    parser.add_argument("--workers", type=int, default=4, help="pytest-xdist workers per run (default 4)")
    parser.add_argument("--hog", type=int, default=0, help="extra CPU-spinning processes beside the runs (default 0)")
    parser.add_argument("--hog-runs", type=int, default=None,
                        help="only the last HOG_RUNS runs have the hogs beside them (default: every run)")
    args, pytest_args = parser.parse_known_args(argv)
    hog_runs = args.runs if args.hog_runs is None else min(args.hog_runs, args.runs)
    print("%d runs of pytest -n %d %s, %d CPU hog(s) beside the last %d, %d cores" % (
        args.runs, args.workers, " ".join(pytest_args) or "tests", args.hog, hog_runs if args.hog else 0,
        os.cpu_count() or 0), flush=True)
    outcomes = []
    for index in range(1, args.runs + 1):
        hogged = args.hog and index > args.runs - hog_runs
        hogs = start_hogs(args.hog if hogged else 0)
        try:
            outcomes.append(run_once(index, pytest_args, args.workers, len(hogs)))
        finally:
            stop_hogs(hogs)
    print("passed %d of %d runs, failed %d" % (outcomes.count(True), len(outcomes), outcomes.count(False)))
    return 0 if all(outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
