"""``POST /_emulator/requests/wait``: block until the request log shows what a test waits for.

A test that must act at a point of a running playbook (release a service once the module has
been seen polling it, inject a fault once the first write landed) waits here instead of
sleeping and re-reading the log: the call returns as soon as a matching request is logged, so
nothing depends on how fast the machine is. ``timeout`` only bounds a test that would
otherwise hang; reaching it is reported, never taken as an answer.
"""

import re
import time

MAX_TIMEOUT = 300.0


def _matcher(body):
    if not isinstance(body, dict):
        raise ValueError("the body must be an object")
    unknown = set(body) - {"method", "path", "after_seq", "count", "timeout", "api"}
    if unknown:
        raise ValueError("unknown fields: %s" % ", ".join(sorted(unknown)))
    method = re.compile("^(?:%s)$" % (body.get("method") or ".*"), re.IGNORECASE)
    path = re.compile(body.get("path") or "")
    api = body.get("api")
    after_seq = body.get("after_seq", 0)
    count = body.get("count", 1)
    timeout = body.get("timeout", 60)
    for name, value in (("after_seq", after_seq), ("count", count)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("%s must be an integer >= 0" % name)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= MAX_TIMEOUT:
        raise ValueError("timeout must be a number of seconds from 0 to %d" % MAX_TIMEOUT)

    def matching(entries):
        return [dict(entry) for entry in entries if entry["seq"] > after_seq and method.search(entry["method"])
                and path.search(entry["path"]) and (api is None or entry["api"] == api)]
    return matching, max(1, count), float(timeout)


def wait_for_requests(state, body):
    """The first ``count`` logged requests after ``after_seq`` matching ``method``/``path`` (regexes)."""
    matching, count, timeout = _matcher(body)
    give_up = time.monotonic() + timeout
    with state.logged:
        while True:
            found = matching(state.requests)
            if len(found) >= count:
                return {"requests": found[:count], "timed_out": False}
            left = give_up - time.monotonic()
            if left <= 0:
                return {"requests": found, "timed_out": True}
            state.logged.wait(left)
