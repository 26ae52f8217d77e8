# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""modelarts_fleet: many services brought to their desired state by one task, concurrently.

Each item runs exactly the flow modelarts_service runs for the same options (``run_service``
through the core's ``execute``), with ItemModule, a per-item stand-in for the AnsibleModule
(params, check_mode, _diff, warn). What the fleet adds:
every item validated before any request, names resolved from one listing of the project, a bounded
pool of worker threads, one 429 pause shared by all of them, and failures kept to their item.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import json
import threading
import time
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.hwcloud.modelarts.plugins.module_utils._arguments import validate
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import execute
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.change import (
    SERVICE_CHANGE_OPTIONS,
    SERVICE_CHANGE_RULES,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.lifecycle import (
    check_service_selection,
    check_service_settings,
    plans_tags,
    run_service,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.options import SERVICE_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._throttle import ThrottleGate
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import pause_yields

# Documented in modelarts_fleet's DOCUMENTATION.
FLEET_OPTIONS = dict(
    services=dict(type="list", elements="dict", required=True),
    defaults=dict(type="dict", default={}),
    max_concurrency=dict(type="int", default=8),
    max_fail_percentage=dict(type="int"),
    result_detail=dict(type="str", choices=["summary", "full"], default="summary"),
)
MAX_CONCURRENCY = 64
# What results[].service keeps with result_detail=summary: what a report of a large fleet reads. The whole record
# of every service made a 1,000-service result about 1.4 MB, which Ansible (and AWX, which stores it) handles per run.
SUMMARY_SERVICE_FIELDS = ("service_id", "service_name", "status", "update_time", "error_msg")

# An item takes exactly the options of modelarts_service (without the connection: that is the task's).
ITEM_ARGUMENT_SPEC = dict(SERVICE_CHANGE_OPTIONS, **SERVICE_OPTIONS)
# Options that name one service: in defaults they would name every item the same.
IDENTITY_OPTIONS = ("service_id", "name", "service_name")


# The types of option values that are immutable. Members of exactly these types are kept as they are, without a
# call each; a subclass, such as a tagged string, takes the call (and its isinstance check).
_IMMUTABLE_TYPES = (str, int, float, bool, type(None))
# The same as a set: a lookup per member costs less than a scan of the tuple.
_IMMUTABLE_TYPE_SET = frozenset(_IMMUTABLE_TYPES)


def own_copy(value):
    """A copy of task data (dicts, lists and scalars, as options are) that shares nothing mutable with ``value``.

    copy.deepcopy does the same for any object, at several times the cost: a fleet copies every item's options,
    hundreds of values each, before the first request.
    """
    if isinstance(value, dict):
        return {key: member if type(member) in _IMMUTABLE_TYPE_SET else own_copy(member) for key, member in value.items()}
    if isinstance(value, list):
        return [member if type(member) in _IMMUTABLE_TYPE_SET else own_copy(member) for member in value]
    if isinstance(value, _IMMUTABLE_TYPES):
        return value
    return copy.deepcopy(value)


def deep_merge(defaults, item):
    """``item`` over ``defaults``: dicts merge key by key (recursively), anything else (lists included) the item replaces."""
    merged = own_copy(defaults)
    for key, value in item.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = own_copy(value)
    return merged


def item_label(index, raw):
    label = "services[%d]" % index
    if isinstance(raw, dict):
        for key in ("service_id", "name", "service_name"):
            if raw.get(key):
                return "%s (%s %s)" % (label, "name" if key == "service_name" else key, raw[key])
    return label


class FleetItem:
    def __init__(self, index, label, params):
        self.index = index
        self.label = label
        self.params = params


def _validation_messages(result):
    messages = []
    for error in result.errors:
        text = error.msg if hasattr(error, "msg") else str(error)
        if isinstance(error, UnsupportedError):
            text = "unsupported option %s" % text
        messages.append(text)
    return messages


def _passed_through(spec, key):
    """Whether validation hands a string value of option ``key`` back unchanged (an alias would be renamed)."""
    option = spec.get(key)
    return bool(option) and option.get("type") == "str" and not (option.get("choices") or option.get("no_log"))


def _shape_key(merged, spec):
    """What an item's validation depends on besides the text of its identity options, or None when it
    cannot be shared: items of a fleet differ mostly by name or id, so most share one validation."""
    identity = tuple(sorted(key for key in IDENTITY_OPTIONS if key in merged))
    if any(not isinstance(merged[key], str) or not _passed_through(spec, key) for key in identity):
        return None
    rest = dict((key, value) for key, value in merged.items() if key not in IDENTITY_OPTIONS)
    try:
        return identity, json.dumps(rest, sort_keys=True)
    except (TypeError, ValueError):
        return None


def validate_items(services, defaults, spec=None, constraints=None):
    """Every item as the single module would see it, or one error listing every bad item; sends nothing.

    Items that differ only in the text of their identity options (service_id, name: plain strings, which
    validation passes through as they are) are validated once, the others each; every item's params are its own
    copy. Each item is checked as modelarts_service checks its options (check_service_options); the rules that do
    not read the identity options (check_service_settings) run once for the items that share the rest.
    """
    spec = ITEM_ARGUMENT_SPEC if spec is None else spec
    constraints = SERVICE_CHANGE_RULES if constraints is None else constraints
    validator = ArgumentSpecValidator(spec, **constraints)
    validated = {}
    # Shapes whose settings passed check_service_settings.
    settled = set()
    errors = []
    named_in_defaults = [key for key in IDENTITY_OPTIONS if key in (defaults or {})]
    if named_in_defaults:
        errors.append("defaults: %s names one service and cannot be shared by every item; set it per item." %
                      ", ".join(named_in_defaults))
    if not services:
        errors.append("services: list at least one service.")
    items = []
    for index, raw in enumerate(services or []):
        label = item_label(index, raw)
        if not isinstance(raw, dict):
            errors.append("%s: must be a dict of modelarts_service options, got %s." % (label, type(raw).__name__))
            continue
        merged = deep_merge(defaults or {}, raw)
        shape = _shape_key(merged, spec)
        if shape is not None and shape in validated:
            params = own_copy(validated[shape])
            params.update((key, merged[key]) for key in shape[0])
        else:
            result, messages = validate(validator, merged, spec)
            messages = messages or _validation_messages(result)
            if messages:
                errors.extend("%s: %s" % (label, message) for message in messages)
                continue
            params = result.validated_parameters
            if shape is not None:
                validated[shape] = own_copy(params)
        try:
            check_service_selection(params)
            if shape is None or shape not in settled:
                check_service_settings(params)
                if shape is not None:
                    settled.add(shape)
        except ModelArtsConfigError as error:
            errors.append("%s: %s" % (label, error))
            continue
        items.append(FleetItem(index, label, params))
    seen = {}
    for item in items:
        key = ("service_id", item.params["service_id"]) if item.params.get("service_id") else ("name", item.params["name"])
        if key in seen:
            errors.append("%s: %s %s is also %s; list each service once (two items would race on it)." % (
                item.label, key[0], key[1], seen[key]))
        else:
            seen[key] = item.label
    if errors:
        raise ModelArtsConfigError("%d problem%s in the options; nothing was sent: %s" % (
            len(errors), "" if len(errors) == 1 else "s", " | ".join(errors)))
    return items


def check_fleet_options(params):
    if not 1 <= params["max_concurrency"] <= MAX_CONCURRENCY:
        raise ModelArtsConfigError("max_concurrency must be between 1 and %d, got %s." % (
            MAX_CONCURRENCY, params["max_concurrency"]))
    limit = params.get("max_fail_percentage")
    if limit is not None and not 0 <= limit <= 100:
        raise ModelArtsConfigError("max_fail_percentage must be between 0 and 100, got %s." % limit)


class ItemExit(Exception):
    """An entry point that ends with exit_json/fail_json, caught for its item."""

    def __init__(self, result, failed):
        super(ItemExit, self).__init__(result.get("msg", ""))
        self.result = result
        self.failed = failed


class ItemModule:
    """What a flow sees of the module, for one item: its params, the task's check and diff mode,
    and warnings collected into the item's result."""

    def __init__(self, params, check_mode, diff):
        self.params = params
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []

    def warn(self, warning):
        self.warnings.append(warning)

    def exit_json(self, **result):
        raise ItemExit(result, failed=False)

    def fail_json(self, **result):
        raise ItemExit(result, failed=True)


class FleetServiceApi(ServiceApi):
    """ServiceApi whose exact-name lookups are answered from one listing of the project, and whose tag plans
    start from one read of the project's tags made before any item ran (read_tags_before_items)."""

    def __init__(self, client, listing=None):
        ServiceApi.__init__(self, client)
        self._by_name = None
        if listing is not None:
            self._by_name = {}
            for summary in listing:
                self._by_name.setdefault(summary.get("service_name"), []).append(summary)
        # The project's tags before any item ran, or the error reading them; None: not read.
        self._tags_before = None

    def read_tags_before_items(self):
        """Read the project's tag list once, before any item runs, for every item's tag plan.

        Planned from a list the fleet's own writes have changed, a tag that one item added would look like
        another item's (the list cannot say which service has it), and the second service would not get it.
        A failed read fails only the items that plan tags, each with the read's error.
        """
        try:
            self._tags_before = self.project_tags()
        except ModelArtsError as error:
            self._tags_before = error

    def tags_to_plan_from(self):
        before = self._tags_before
        if before is None:
            return ServiceApi.tags_to_plan_from(self)
        if isinstance(before, ModelArtsError):
            raise before
        return before

    def services_named(self, name, **filters):
        if self._by_name is None or any(value is not None for value in filters.values()):
            return ServiceApi.services_named(self, name, **filters)
        return [dict(summary) for summary in self._by_name.get(name, [])]


def _outcome_msg(result, check_mode):
    if not result.get("changed"):
        return "unchanged"
    fields = ", ".join(result.get("changed_fields") or []) or "changed"
    return ("would change: %s" if check_mode else "changed: %s") % fields


class WorkerPace:
    """How many of a fleet's workers take new items: as many as the module's process can keep waiting.

    Against a real endpoint a request mostly waits for the answer, and ``max_concurrency`` workers overlap
    those waits. Against one that answers at once (on the same machine) the process keeps a CPU busy, and one
    more worker adds no throughput, only contention for Python's interpreter lock, which every system call of a
    request hands to another thread: a 1,000-service no-op with 8 workers made 14 context switches per request
    against 4 with 2 workers and took more CPU and more time (``make bench``, docs/performance.md). So after each
    round of items (as many as the workers taking them) the share of one CPU the process used in that round
    decides: at least BUSY, one worker fewer (never fewer than FLOOR); under IDLE, one more (never more than
    ``max_concurrency``). It starts with all of them, so a fleet against a real endpoint never waits for a ramp.

    The clocks are the process's CPU time and the monotonic time (tests give their own).
    """

    FLOOR = 2
    BUSY = 0.9
    IDLE = 0.5

    def __init__(self, limit, cpu_clock=time.process_time, clock=time.monotonic):
        self.limit = limit
        self.target = limit
        self._cpu_clock = cpu_clock
        self._clock = clock
        self._round_began = (cpu_clock(), clock())
        self._done = 0

    def item_done(self):
        """An item finished (called under the runner's lock); returns how many workers take items from now on."""
        self._done += 1
        if self._done < self.target:
            return self.target
        cpu, now = self._cpu_clock(), self._clock()
        elapsed = now - self._round_began[1]
        used = (cpu - self._round_began[0]) / elapsed if elapsed > 0 else 0.0
        self._round_began = (cpu, now)
        self._done = 0
        if used >= self.BUSY and self.target > min(self.FLOOR, self.limit):
            self.target -= 1
        elif used < self.IDLE and self.target < self.limit:
            self.target += 1
        return self.target


class _Slot:
    """A worker's place among the ``max_concurrency`` that send requests: given up while its item pauses
    between polls, so a settling service does not hold a worker (another item starts meanwhile)."""

    def __init__(self, runner):
        self.runner = runner

    def release(self):
        self.runner._slots.release()
        self.runner._paused(1)

    def acquire(self):
        self.runner._paused(-1)
        self.runner._slots.acquire()


class FleetRunner:
    """Runs the items with at most ``max_concurrency`` of them sending requests at once (an item whose service
    settles gives its place up between polls, and a thread takes the next item; the WorkerPace keeps fewer workers
    taking items while they keep a CPU busy); one item's failure stays its own."""

    def __init__(self, api, items, check_mode, diff, max_concurrency, max_fail_percentage=None,
                 run_resource=run_service, pace=None):
        self.api = api
        self.items = items
        self.check_mode = check_mode
        self.diff = diff
        self.max_fail_percentage = max_fail_percentage
        # run_resource(run, api): one item's run, as its single module runs it (the core's execute).
        self.run_resource = run_resource
        # How many threads take new items (at most max_concurrency); a WorkerPace unless a test gives its own.
        self.pace = pace or WorkerPace(max_concurrency)
        self._lock = threading.Lock()
        self._next = 0
        self._failed = 0
        self._stopped = False
        self._slots = threading.Semaphore(max_concurrency)
        # Threads not paused between polls: at most pace.target of them take new items.
        self._awake = 0
        self._threads = []
        self.results = [None] * len(items)

    def run(self):
        with self._lock:
            for _number in range(min(self.pace.target, len(self.items))):
                self._start_thread()
        while True:
            with self._lock:
                if not self._threads:
                    break
                thread = self._threads.pop()
            thread.join()
        return self.results

    def _start_thread(self):
        # Called with the lock held.
        self._awake += 1
        thread = threading.Thread(target=self._work, name="modelarts-fleet-%d" % len(self._threads))
        thread.daemon = True
        self._threads.append(thread)
        thread.start()

    def _paused(self, change):
        with self._lock:
            self._awake -= change
            if change > 0 and self._awake < self.pace.target and self._next < len(self.items):
                self._start_thread()

    def _take(self):
        with self._lock:
            if self._next >= len(self.items) or self._awake > self.pace.target:
                # Nothing left, or more threads awake than take items (one woke from a pause, or the pace
                # keeps fewer workers): this one ends.
                self._awake -= 1
                return None, False
            position = self._next
            self._next += 1
            return position, self._stopped

    def _work(self):
        while True:
            position, stopped = self._take()
            if position is None:
                return
            item = self.items[position]
            self._slots.acquire()
            try:
                if stopped:
                    result = self._entry(item, dict(changed=False, skipped=True, msg=(
                        "not started: more than %s%% of the services failed (max_fail_percentage)." %
                        self.max_fail_percentage)), failed=False)
                else:
                    pause_yields(_Slot(self))
                    try:
                        result = self.run_item(item)
                    finally:
                        pause_yields(None)
            finally:
                self._slots.release()
            with self._lock:
                self.results[position] = result
                if result["failed"]:
                    self._failed += 1
                    if (self.max_fail_percentage is not None and
                            self._failed * 100.0 / len(self.items) > self.max_fail_percentage):
                        self._stopped = True
                # Workers the pace adds start at once (this thread goes on too; those it sheds end in _take).
                for _number in range(min(self.pace.item_done() - self._awake, len(self.items) - self._next)):
                    self._start_thread()

    def run_item(self, item):
        module = ItemModule(item.params, self.check_mode, self.diff)
        runs = []

        def run_resource(run):
            runs.append(run)
            return self.run_resource(run, self.api)

        try:
            result, error = execute(module, run_resource)
            failed = error is not None
            if not failed:
                result["msg"] = _outcome_msg(result, self.check_mode)
        except ItemExit as ended:
            result, failed = dict(ended.result), ended.failed
        except Exception as error:  # pylint: disable=broad-except
            # A bug met by one item must not take down the others; its traceback goes to that item.
            failed = True
            result = dict(changed=bool(runs and runs[0].protocol.wrote), msg="%s: %s" % (type(error).__name__, error),
                          exception=traceback.format_exc())
        if module.warnings:
            result["warnings"] = list(module.warnings)
        return self._entry(item, result, failed)

    @staticmethod
    def _entry(item, result, failed):
        entry = dict(index=item.index, item=item.label, service_id=item.params.get("service_id"),
                     name=item.params.get("name"))
        entry.update(result)
        entry["changed"] = bool(entry.get("changed"))
        entry["failed"] = failed
        entry.setdefault("skipped", False)
        service = entry.get("service")
        if isinstance(service, dict):
            entry["service_id"] = entry["service_id"] or service.get("service_id")
            entry["name"] = entry["name"] or service.get("service_name")
        if "diff" in entry:
            entry["diff"] = dict(entry["diff"], before_header=item.label, after_header=item.label)
        return entry


def summarize(results):
    """The task's result: changed if any item changed, failed (after all ran) if any failed or did not start."""
    failed = [entry for entry in results if entry["failed"]]
    skipped = [entry for entry in results if entry["skipped"]]
    changed = [entry for entry in results if entry["changed"]]
    summary = dict(
        changed=bool(changed),
        results=results,
        total=len(results),
        changed_count=len(changed),
        failed_count=len(failed),
        skipped_count=len(skipped),
    )
    diffs = [entry["diff"] for entry in results if entry.get("diff")]
    if diffs:
        summary["diff"] = diffs
    if failed or skipped:
        summary["msg"] = "%d of %d services failed%s: %s" % (
            len(failed), len(results), " and %d were not started" % len(skipped) if skipped else "",
            "; ".join("%s: %s" % (entry["item"], entry["msg"]) for entry in failed[:10]) +
            ("; ..." if len(failed) > 10 else ""))
    else:
        summary["msg"] = "%d services, %d changed." % (len(results), len(changed))
    return summary


def needs_names(items):
    return any(not item.params.get("service_id") for item in items)


class FleetItemsFailed(ModelArtsError):
    """Some items failed or did not start: the task fails with the whole summary."""

    def __init__(self, summary):
        super(FleetItemsFailed, self).__init__(summary["msg"])
        self.summary = summary

    def to_result(self):
        return dict(self.summary)


def run_checked_service(run, api):
    """An item's run: its options passed check_service_options' rules in validate_items already."""
    return run_service(run, api, checked=True)


def run_fleet(run, run_resource=run_checked_service):
    """modelarts_fleet's run (the core's module shape): the summary, or a ModelArtsError.

    A failure before any item ran says ``changed: false``; once items ran, FleetItemsFailed carries
    the summary (``changed`` when any item changed).
    """
    params = run.params
    check_fleet_options(params)
    items = validate_items(params["services"], params["defaults"])
    client = run.client
    client.transport.gate = ThrottleGate()
    # Resolved once here, not by racing threads (the token or the IAM project lookup).
    if not client.project_id:
        raise ModelArtsConfigError("Could not find the project id; set project_id.")
    listing = ServiceApi(client).list_services() if needs_names(items) else None
    api = FleetServiceApi(client, listing)
    if any(plans_tags(item.params) for item in items):
        api.read_tags_before_items()
    runner = FleetRunner(api, items, run.module.check_mode, run.module._diff, params["max_concurrency"],
                         params.get("max_fail_percentage"), run_resource=run_resource)
    results = runner.run()
    if params.get("result_detail", "summary") == "summary":
        for entry in results:
            if isinstance(entry.get("service"), dict):
                entry["service"] = dict((key, entry["service"][key]) for key in SUMMARY_SERVICE_FIELDS
                                        if key in entry["service"])
    summary = summarize(results)
    for entry in summary["results"]:
        for warning in entry.get("warnings", []):
            run.module.warn("%s: %s" % (entry["item"], warning))
    if summary["failed_count"] or summary["skipped_count"]:
        raise FleetItemsFailed(summary)
    return summary
