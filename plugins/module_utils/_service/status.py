# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one vocabulary of service states: what each means to a flow that changes or waits for a service."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Every status the API documents (GetService / ListServices), as the info module offers them.
STATUSES = ("running", "deploying", "concerning", "failed", "stopped", "finished", "stopping", "deleting",
            "pending", "waiting")
# The statuses the list API filters by (ListServices ``status``).
LISTABLE_STATUSES = ("running", "deploying", "concerning", "failed", "stopped", "finished")
# States a service passes through on its way to running, stopped or deleted.
TRANSITIONAL = frozenset(("deploying", "stopping", "deleting", "pending", "waiting"))
FAILED = "failed"
# ``concerning`` ("some instances are abnormal", GetService/ListServices status) is no transition: nothing is
# under way that would end it by itself, and the API accepts config and instance changes in it as in running
# (only a start is refused). So it counts as running: a wait ends on it (the task warns, see DEGRADED), and a
# task asking for running neither starts nor waits for it. Waiting on would only turn a serving service into a
# wait_timeout failure after the full timeout.
DEGRADED = "concerning"
RUNNING_LIKE = ("running", DEGRADED)
REACHED = {"running": RUNNING_LIKE, "stopped": ("stopped",)}
# The API refuses config and status changes in these states ...
REFUSES_CHANGES = ("deploying", "stopping", "deleting")
# ... and refuses starting in these.
REFUSES_START = ("waiting", "concerning")
# While a status change is under way the service already heads for its target.
HEADING_FOR = {"stopped": ("stopping", "stopped"), "running": ("deploying",) + RUNNING_LIKE}
