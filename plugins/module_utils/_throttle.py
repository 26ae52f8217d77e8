# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One throttle shared by every thread of a run: when the API answers 429 to one worker, all of them pause."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import threading
import time


class ThrottleGate:
    """A moment before which no request is sent.

    The API throttles per account, not per connection: when one worker is told to slow down, the
    others would hit the same limit a moment later. ``hold`` moves the moment later (never earlier),
    ``wait`` sleeps until it has passed.
    """

    def __init__(self, clock=time.monotonic, sleep=time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._open_at = None
        self.holds = 0

    def hold(self, seconds):
        with self._lock:
            until = self._clock() + max(0.0, seconds)
            if self._open_at is None or until > self._open_at:
                self._open_at = until
            self.holds += 1

    def remaining(self):
        with self._lock:
            if self._open_at is None:
                return 0.0
            return max(0.0, self._open_at - self._clock())

    def wait(self):
        """Sleep until the gate is open; return the seconds slept."""
        slept = 0.0
        while True:
            remaining = self.remaining()
            if remaining <= 0:
                return slept
            self._sleep(remaining)
            slept += remaining
