# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every secret of a module run, in the form it is sent, and the scrubbing of server text.

Ansible masks only the values registered with it, and only where they appear whole; a server
that echoes a token, or a quote cut in the middle of one, defeats that. So each secret is
registered with Ansible as it is sent (stripped, IAM-issued) and every piece of server text is
scrubbed of them before it is cut to length and quoted in a message, warning or result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

MASK = "********"
# Longer quotes of server text say nothing more to an operator and may carry data.
MAX_QUOTE = 300


class SecretRegistry:
    """The secrets sent in one module run; ``sink`` is told each new one (module.no_log_values.add)."""

    def __init__(self, sink=None):
        self._sink = sink
        self._values = set()

    def add(self, value):
        if not isinstance(value, str) or not value.strip():
            return
        for form in (value, value.strip()):
            if form not in self._values:
                self._values.add(form)
                if self._sink is not None:
                    self._sink(form)

    def __contains__(self, value):
        return value in self._values

    def scrub(self, text):
        """``text`` with every known secret replaced by a mask; longest first so none is half-masked."""
        if text is None:
            return None
        text = str(text)
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, MASK)
        return text

    def quote(self, text, limit=MAX_QUOTE):
        """Server text fit to quote: scrubbed first (a cut could split a secret), then bounded."""
        if text is None:
            return None
        scrubbed = self.scrub(text).strip()
        if not scrubbed:
            return None
        if len(scrubbed) > limit:
            return scrubbed[:limit] + "... (%d characters in all)" % len(scrubbed)
        return scrubbed


# Used where no module run registered anything (direct use of the transport in tests, tools).
NO_SECRETS = SecretRegistry()
