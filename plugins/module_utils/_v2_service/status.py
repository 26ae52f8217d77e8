# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The statuses of a new-version service (ShowInferService ``status``) and of its deployments
(``version.instance_groups[].status``), and what each means to a task."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

INIT = "INIT"
DEPLOYING = "DEPLOYING"
RUNNING = "RUNNING"
CONCERNING = "CONCERNING"
UPGRADING = "UPGRADING"
STOPPING = "STOPPING"
STOPPED = "STOPPED"
DELETING = "DELETING"
INTERRUPTING = "INTERRUPTING"
RESTARTING = "RESTARTING"
FAILED = "FAILED"
ERROR = "ERROR"

# Under way: wait. INIT waits for a deployment and never moves on its own, so it is settled.
IN_PROGRESS = (DEPLOYING, UPGRADING, STOPPING, DELETING, INTERRUPTING, RESTARTING)
# Serving (CONCERNING: running with some instances unhealthy).
SERVING = (RUNNING, CONCERNING)
FAILURES = (FAILED, ERROR)
# The states a start takes a service from, and a stop (StartInferService, StopInferService).
STARTABLE = (STOPPED, FAILED, ERROR)
STOPPABLE = (DEPLOYING, RUNNING, CONCERNING, FAILED, ERROR)


def status_of(service):
    return str((service or {}).get("status") or "").upper()


def deployments_of(service):
    """The deployments of the service's current version (``version.instance_groups``)."""
    version = (service or {}).get("version")
    groups = version.get("instance_groups") if isinstance(version, dict) else None
    return [group for group in groups if isinstance(group, dict)] if isinstance(groups, list) else []


def current_version(service):
    version = (service or {}).get("version")
    if isinstance(version, dict):
        return version.get("version")
    return version if isinstance(version, str) else None


def settled(service):
    """True when neither the service nor any of its deployments is under way."""
    if status_of(service) in IN_PROGRESS:
        return False
    return not any(str(group.get("status") or "").upper() in IN_PROGRESS for group in deployments_of(service))


def failures(service):
    """``[(what, status, reason)]``: the service and each deployment that ended FAILED or ERROR, in the server's words."""
    found = []
    status = status_of(service)
    if status in FAILURES:
        found.append(("service", status, failure_text(service)))
    for group in deployments_of(service):
        group_status = str(group.get("status") or "").upper()
        if group_status in FAILURES:
            text = failure_text(group) if failure_text(group, None) else failure_text(service)
            found.append(("deployment %s" % (group.get("name") or group.get("id")), group_status, text))
    return found


def failure_text(resource, default="no reason given"):
    text = (resource or {}).get("failure_reason")
    if isinstance(text, str) and text.strip():
        return text.strip()
    return default
