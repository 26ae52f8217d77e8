# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One time budget per module run, shared by every wait in it, and the poll intervals."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsWaitError

FIRST_POLL = 0.5
POLL_FACTOR = 1.6
# The cap bounds how late a wait sees a service reach its state: at most MAX_POLL plus one request
# after the fact, under 2 s. It costs one GET per 1.5 s per waiting service (400 for a 10-minute
# deployment), 5.3 requests/s for modelarts_fleet's default of 8 concurrent waits: well below the
# per-API limits the Huawei Cloud API reference states (tens of calls per second, for example
# 20/s), and a 429 pauses every worker of the run (ThrottleGate), so the rate stays allowed.
MAX_POLL = 1.5


class Deadline:
    """One wait_timeout shared by every wait of a module run."""

    def __init__(self, seconds, clock=time.monotonic, sleep=time.sleep):
        self.seconds = seconds
        self._clock = clock
        self._sleep = sleep
        self._start = clock()
        self.waited = 0.0

    def remaining(self):
        return self.seconds - (self._clock() - self._start)

    def pause(self, seconds):
        began = self._clock()
        self._sleep(max(0.0, min(seconds, self.remaining())))
        self.waited += self._clock() - began


def next_delay(delay):
    """The pause after ``delay``: soon at first (small changes settle in seconds), then every MAX_POLL."""
    return min(MAX_POLL, delay * POLL_FACTOR)


def poll_until(read, settled, deadline, timeout_message, resource_key="resource", first_delay=FIRST_POLL):
    """Read until ``settled(resource)`` is true and return that read: the one poll loop of the collection.

    ``settled`` may raise (a ModelArtsWaitError, say) to end the wait with a failure the resource
    shows. When the run's ``deadline`` has passed, the wait fails with ``timeout_message(resource)``
    (what the last read still shows), carrying that read under ``resource_key``.
    """
    delay = first_delay
    while True:
        resource = read()
        if settled(resource):
            return resource
        if deadline.remaining() <= 0:
            raise ModelArtsWaitError("Timed out after %d s waiting for %s." % (deadline.seconds, timeout_message(resource)),
                                     resource=resource, waited=round(deadline.waited, 3), resource_key=resource_key)
        deadline.pause(delay)
        delay = next_delay(delay)


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
