# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One time budget per module run, shared by every wait in it, and the poll intervals."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsWaitError

FIRST_POLL = 0.5
POLL_FACTOR = 1.6
# The cap bounds how late a wait sees a service reach its state: at most MAX_POLL plus one request
# after the fact, under 2 s. It costs one GET per 1.5 s per waiting service (400 for a 10-minute
# deployment). However many services settle at once, modelarts_fleet sends at most max_concurrency
# requests at a time, and a 429 pauses every worker of the run (ThrottleGate), so the rate stays
# within the per-API limits the Huawei Cloud API reference states (tens of calls per second, for
# example 20/s).
MAX_POLL = 1.5
# A resource that reports its progress (a deployment's 0-100 ``progress``) is polled from that instead: the
# time left is estimated from how fast the progress moved, and the next poll comes after a third of it,
# never longer than MAX_STRIDE, than the progress has been watched, or than it has stood still (a pace read
# from its first percents, or from steps, can be far off: a slow start that speeds up would otherwise be
# polled long after its end). Near the end the poll comes when the end is due, then every NEAR_END_POLL,
# less often while it is late (up to MAX_POLL). A 10-minute deployment that moves evenly costs about 40
# GETs instead of 400 (make bench measures it); one whose progress speeds up, slows down or moves in steps
# is still seen less than 2 s late (the unit tests try such shapes). Progress that does not move, or no
# progress, keeps the schedule above.
MAX_STRIDE = 30.0
STRIDE_SHARE = 1.0 / 3.0
NEAR_END_POLL = 0.25


# What the current thread gives up while it pauses between polls (modelarts_fleet's worker slot), or nothing.
_PAUSING = threading.local()


def pause_yields(hook):
    """While this thread pauses between polls, ``hook.release()`` before and ``hook.acquire()`` after: a fleet
    worker's slot goes to another item while its service settles. None ends it."""
    _PAUSING.hook = hook


# The waiting options of every module that changes a resource: the same names, defaults and rule everywhere.
WAIT_OPTIONS = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=1200),
)


def check_wait_options(params):
    """wait_timeout is a number of seconds to wait, 0 or more (checked before any request)."""
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise ModelArtsConfigError("wait_timeout must be 0 or more seconds, got %s." % params["wait_timeout"])


class Deadline:
    """One wait_timeout shared by every wait of a module run."""

    def __init__(self, seconds, clock=time.monotonic, sleep=time.sleep):
        self.seconds = seconds
        self._clock = clock
        self._sleep = sleep
        self._start = clock()
        self.waited = 0.0

    def now(self):
        return self._clock()

    def remaining(self):
        return self.seconds - (self._clock() - self._start)

    def pause(self, seconds):
        began = self._clock()
        hook = getattr(_PAUSING, "hook", None)
        if hook is not None:
            hook.release()
        try:
            self._sleep(max(0.0, min(seconds, self.remaining())))
        finally:
            if hook is not None:
                hook.acquire()
        self.waited += self._clock() - began


def next_delay(delay):
    """The pause after ``delay``: soon at first (small changes settle in seconds), then every MAX_POLL."""
    return min(MAX_POLL, delay * POLL_FACTOR)


def progress_of(resource):
    """The 0-100 progress a resource reports while it moves, else None."""
    value = resource.get("progress") if isinstance(resource, dict) else None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 100:
        return None
    return float(value)


class ProgressPace:
    """The pause after each read: from the resource's progress while it moves, else the schedule of next_delay."""

    def __init__(self, clock):
        self._clock = clock
        self._first = None
        self._changed = None
        self._last = None
        # The last pause after the end was due, while the reads keep finding it due (they grow); else None.
        self._late = None

    def __call__(self, resource, previous, first_delay=FIRST_POLL):
        fallback = first_delay if previous is None else next_delay(previous)
        # Kept only by a read that finds the end due again (the last branch).
        late, self._late = self._late, None
        progress = progress_of(resource)
        now = self._clock()
        if progress is None or self._first is None or progress < self._first[1]:
            # Nothing to measure a speed from yet (or a new deployment started over): start from this reading.
            self._first = None if progress is None else (now, progress)
            self._changed = self._last = None if progress is None else (now, progress)
            return fallback
        last, self._last = self._last, (now, progress)
        if progress != self._changed[1]:
            self._changed = (now, progress)
        moved = progress - self._first[1]
        watched = now - self._first[0]
        if moved <= 0 or watched <= 0:
            return fallback
        per_percent = watched / moved
        if progress > last[1] and now > last[0]:
            # A deployment that speeds up is judged by its latest pace, not its average.
            per_percent = min(per_percent, (now - last[0]) / (progress - last[1]))
        if now - self._changed[0] > 2 * per_percent + MAX_POLL:
            # Stalled for longer than its own pace explains: the estimate says nothing about the end.
            return fallback
        # Whole percents are shown, so the true progress may be up to one more: the estimate errs early.
        left = max(0.0, 99.0 - progress) * per_percent
        # A third of the time left, never longer than the progress has been watched, nor, when it did not move
        # since the last read, than it has stood still: a pace read from a few percents, or from steps, can be
        # far off, and these bounds keep a wrong estimate from pausing past the end.
        stride = min(MAX_STRIDE, watched, left * STRIDE_SHARE)
        if progress == last[1]:
            stride = min(stride, now - self._changed[0])
        if stride >= fallback:
            return stride
        if left > NEAR_END_POLL:
            # The end is due within the usual pause: read when it is due.
            return min(fallback, left)
        # Due now: soon (within the last percent, which takes about per_percent), then less often while late.
        self._late = max(NEAR_END_POLL, min(MAX_POLL, per_percent / 4.0)) if late is None else next_delay(late)
        return self._late


def poll_until(read, settled, deadline, timeout_message, resource_key="resource", first_delay=FIRST_POLL):
    """Read until ``settled(resource)`` is true and return that read: the one poll loop of the collection.

    ``settled`` may raise (a ModelArtsWaitError, say) to end the wait with a failure the resource
    shows. When the run's ``deadline`` has passed, the wait fails with ``timeout_message(resource)``
    (what the last read still shows), carrying that read under ``resource_key``.
    """
    delay = None
    pace = ProgressPace(deadline.now)
    while True:
        resource = read()
        if settled(resource):
            return resource
        if deadline.remaining() <= 0:
            raise ModelArtsWaitError("Timed out after %d s waiting for %s." % (deadline.seconds, timeout_message(resource)),
                                     resource=resource, waited=round(deadline.waited, 3), resource_key=resource_key)
        delay = pace(resource, delay, first_delay)
        deadline.pause(delay)


def watch_until(read, stop, deadline, interval):
    """Read every ``interval`` seconds until ``stop(resource)`` is true or the deadline has passed.

    Unlike poll_until, the end of the time is the expected end (a health watch over a soak), not a
    failure: returns (last read, number of reads, whether ``stop`` ended it). The last pause is cut
    to the time left, so the last read is the one at the end of the watch.
    """
    resource = read()
    reads = 1
    while not stop(resource):
        if deadline.remaining() <= 0:
            return resource, reads, False
        deadline.pause(interval)
        resource = read()
        reads += 1
    return resource, reads, True
