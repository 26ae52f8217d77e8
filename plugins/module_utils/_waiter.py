# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""One time budget per module run, shared by every wait in it, and the poll intervals."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

FIRST_POLL = 0.5
POLL_FACTOR = 1.6
MAX_POLL = 15.0


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
