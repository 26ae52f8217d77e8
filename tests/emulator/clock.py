"""The clock that moves services through their transitions, and the test's hand on it.

Two modes:

- ``real`` (the default of a bare emulator and of ``make demo``): a transition lasts its
  duration in wall-clock seconds (``deploy_seconds``, ``stop_seconds``, ``settle_seconds``).
- ``held``: a transition does not move with wall-clock time at all. It finishes only when the
  test says so: ``advance`` (N seconds of transition time pass: a transition whose duration is
  used up finishes, events on its way appear), ``release`` (finish it now), or a read rule
  (``release_after_reads``: the Nth ModelArts GET of the service sees it finished). A read
  rule ties the transition to what the client does, not to how fast the machine is: a module
  that polls sees the transitional state first and the settled one on its next poll.

The mechanism is generic: it acts on whatever ``Transition`` a service is in (deploying to
running or failed, stopping to stopped, deleting to gone, an admin-set status with
``settle_to``), wherever the transition was started. A transition is taken over by the clock
the first time the State looks at the service (``adopt``), so code that starts a transition
needs to know nothing about the clock. All functions expect the State lock held.
"""

from emulator.services import to_ms

REAL = "real"
HELD = "held"
MODES = (REAL, HELD)
_FOREVER = float("inf")


class Clock:
    """The mode and the read rule new held transitions get."""

    def __init__(self):
        self.mode = REAL
        self.release_after_reads = 0  # 0: a held transition waits for advance or release

    def describe(self):
        return {"mode": self.mode, "release_after_reads": self.release_after_reads}

    def configure(self, changes):
        if not isinstance(changes, dict):
            raise ValueError("the clock body must be an object")
        unknown = set(changes) - {"mode", "release_after_reads"}
        if unknown:
            raise ValueError("unknown clock fields: %s" % ", ".join(sorted(unknown)))
        mode = changes.get("mode", self.mode)
        if mode not in MODES:
            raise ValueError("mode must be one of %s" % ", ".join(MODES))
        reads = changes.get("release_after_reads", self.release_after_reads)
        if isinstance(reads, bool) or not isinstance(reads, int) or reads < 0:
            raise ValueError("release_after_reads must be an integer >= 0")
        self.mode = mode
        self.release_after_reads = reads


def adopt(clock, service, now):
    """Put a transition the clock has not seen yet under the clock's current mode."""
    transition = service.transition
    if transition is None or getattr(transition, "held", None) is not None:
        return
    if clock.mode == HELD:
        # Started under the held clock: no transition time has passed, however long ago it began.
        _hold(service, transition, now, clock.release_after_reads, fresh=True)
    else:
        transition.held = False


def _duration(transition):
    return max(0.0, transition.ends_at - transition.started) if transition.ends_at != _FOREVER else transition.duration


def _hold(service, transition, now, release_after_reads, fresh=False):
    """From now on the transition moves only when the test moves it."""
    if transition.held:
        transition.release_after_reads = release_after_reads
        transition.reads = 0
        return
    transition.duration = _duration(transition)
    transition.elapsed = 0.0 if fresh else min(transition.duration, max(0.0, now - transition.started))
    transition.ends_at = _FOREVER
    transition.held = True
    transition.reads = 0
    transition.release_after_reads = release_after_reads
    # Events planned for later than now wait for the transition to get there.
    cutoff = to_ms(transition.started if fresh else now)
    span_ms = to_ms(transition.duration)
    started_ms = to_ms(transition.started)
    planned = [event for event in service.events if event["occur_time"] > cutoff]
    service.events = [event for event in service.events if event["occur_time"] <= cutoff]
    transition.planned = [((event["occur_time"] - started_ms) / span_ms if span_ms else 1.0, event) for event in planned]


def _unhold(service, transition, now):
    """Back to wall-clock time: the rest of the transition takes its remaining duration."""
    remaining = max(0.0, transition.duration - transition.elapsed)
    transition.started = now - transition.elapsed
    transition.ends_at = now + remaining
    for fraction, event in getattr(transition, "planned", []):
        event["occur_time"] = to_ms(transition.started + fraction * transition.duration)
        service.events.append(event)
    transition.planned = []
    transition.held = False


def _show_due_events(service, transition, now, everything=False):
    due = [(fraction, event) for fraction, event in transition.planned
           if everything or fraction * transition.duration <= transition.elapsed]
    for item in due:
        transition.planned.remove(item)
        item[1]["occur_time"] = to_ms(now)
        service.events.append(item[1])


def release(service, now):
    """Finish the service's transition at ``now`` (the next settle applies it). True if there was one."""
    transition = service.transition
    if transition is None:
        return False
    if transition.held:
        transition.elapsed = transition.duration
        _show_due_events(service, transition, now, everything=True)
    transition.ends_at = now
    return True


def advance(service, now, seconds):
    """Let ``seconds`` of transition time pass for the service. True if it had a transition."""
    transition = service.transition
    if transition is None:
        return False
    if transition.held:
        transition.elapsed = min(transition.duration, transition.elapsed + seconds)
        if transition.elapsed >= transition.duration:
            return release(service, now)
        _show_due_events(service, transition, now)
        return True
    # A wall-clock transition: as if it had begun ``seconds`` earlier; what was ahead comes sooner.
    shift = max(0.0, min(seconds, transition.ends_at - now))
    transition.started -= shift
    transition.ends_at -= shift
    cutoff = to_ms(now)
    for event in service.events:
        if event["occur_time"] > cutoff:
            event["occur_time"] = max(cutoff, event["occur_time"] - to_ms(shift))
    return True


def hold(service, now, release_after_reads=0):
    """Hold the service's transition (whatever the mode) until advanced, released or read N times."""
    transition = service.transition
    if transition is None:
        return False
    _hold(service, transition, now, release_after_reads)
    return True


def set_mode(clock, services, now, mode):
    """Switch mode; transitions under way move over to it with the time they have left."""
    clock.mode = mode
    for service in services:
        transition = service.transition
        if transition is None or getattr(transition, "held", None) is None:
            continue
        if mode == HELD and not transition.held:
            _hold(service, transition, now, clock.release_after_reads)
        elif mode == REAL and transition.held:
            _unhold(service, transition, now)


def note_read(service, now):
    """A client read the service (GET): count it against the transition's read rule."""
    transition = service.transition
    if transition is None or not transition.held or not transition.release_after_reads:
        return
    transition.reads += 1
    if transition.reads >= transition.release_after_reads:
        release(service, now)


def _identity(resource):
    """``{"service_id": ...}`` for a service, ``{"model_id": ...}`` for a model (an import under way)."""
    if hasattr(resource, "service_id"):
        return {"service_id": resource.service_id}
    return {"model_id": resource.model_id}


def describe(service, now):
    transition = service.transition
    if transition is None:
        return None
    view = dict(_identity(service), status=transition.status, settle_to=transition.settle_to)
    view["held"] = bool(getattr(transition, "held", False))
    if view["held"]:
        view.update(elapsed_seconds=transition.elapsed, duration_seconds=transition.duration,
                    reads=transition.reads, release_after_reads=transition.release_after_reads)
    else:
        view["remaining_seconds"] = max(0.0, transition.ends_at - now)
    return view


# --- reads and the admin interface (/_emulator/clock...) -----------------------------------

def note_service_read(state, project_id, service_id):
    """Called by GET /v1/{p}/services/{id} before it answers, so a read rule can release on this read."""
    with state.lock:
        service = state.services.get(service_id)
        if service is None or service.project_id != project_id:
            return
        now = state.now()
        adopt(state.clock, service, now)
        note_read(service, now)


def note_model_read(state, project_id, model_id):
    """Called by GET /v1/{p}/models/{id} before it answers, so a read rule can release on this read."""
    with state.lock:
        model = state.models.get(model_id)
        if model is None or model.project_id != project_id:
            return
        now = state.now()
        adopt(state.clock, model, now)
        note_read(model, now)


def _resources(state):
    """Everything the clock moves: v1 and v2 (new-version) services, and models."""
    return list(state.services.values()) + list(state.v2_services.values()) + list(state.models.values())


def _targets(state, body):
    """What a clock call acts on: the service named by ``service_id`` or the model named by
    ``model_id``, else every service and model in a transition."""
    if body.get("service_id") is not None and body.get("model_id") is not None:
        raise ValueError("name service_id or model_id, not both")
    if body.get("model_id") is not None:
        kind, key, found = "model", body["model_id"], state.models.get(body["model_id"])
    elif body.get("service_id") is not None:
        service_id = body["service_id"]
        kind, key, found = "service", service_id, state.services.get(service_id) or state.v2_services.get(service_id)
    else:
        return [resource for resource in _resources(state) if resource.transition is not None]
    if found is None:
        raise LookupError(kind, key)
    if found.transition is None:
        raise ValueError("%s %s is %s, not in a transition" % (kind, key, found.status))
    return [found]


def _settled_views(state, resources):
    views = []
    for resource in resources:
        if hasattr(resource, "service_id") and resource.service_id in state.v2_services:
            resource.settle(state.now())
            views.append({"service_id": resource.service_id, "status": "deleted" if resource.deleted else resource.status})
            continue
        if hasattr(resource, "service_id"):
            settled = state.service(resource.project_id, resource.service_id)
        else:
            settled = state.model(resource.project_id, resource.model_id)
        views.append(dict(_identity(resource), status=settled.status if settled else "deleted"))
    return views


def handle_admin(state, method, segments, body):
    """The clock calls; answers a JSON-able dict. Raises ValueError (400) or LookupError (404 service)."""
    if body is not None and not isinstance(body, dict):
        raise ValueError("the body must be an object")
    body = body or {}
    with state.lock:
        now = state.now()
        for resource in _resources(state):
            adopt(state.clock, resource, now)
        if segments == [] and method == "GET":
            return dict(state.clock.describe(), transitions=[
                view for view in (describe(resource, now) for resource in _resources(state)) if view])
        if segments == [] and method == "POST":
            previous = state.clock.mode
            state.clock.configure(body)
            if state.clock.mode != previous:
                set_mode(state.clock, _resources(state), now, state.clock.mode)
            return state.clock.describe()
        if method != "POST" or len(segments) != 1:
            return None
        unknown = set(body) - {"advance": {"seconds", "service_id", "model_id"}, "release": {"service_id", "model_id", "after_reads"},
                               "hold": {"service_id", "model_id", "release_after_reads"}}.get(segments[0], set(body))
        if unknown:
            raise ValueError("unknown fields for clock/%s: %s" % (segments[0], ", ".join(sorted(unknown))))
        if segments[0] == "advance":
            seconds = body.get("seconds")
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise ValueError("seconds must be a number >= 0")
            services = _targets(state, body)
            for service in services:
                advance(service, now, float(seconds))
            return {"advanced": _settled_views(state, services)}
        if segments[0] == "release":
            services = _targets(state, body)
            after_reads = body.get("after_reads")
            if after_reads is None:
                for service in services:
                    release(service, now)
                return {"released": _settled_views(state, services)}
            if isinstance(after_reads, bool) or not isinstance(after_reads, int) or after_reads < 1:
                raise ValueError("after_reads must be an integer >= 1")
            for service in services:
                hold(service, now, after_reads)
            return {"armed": [describe(service, now) for service in services]}
        if segments[0] == "hold":
            if "service_id" not in body and "model_id" not in body:
                raise ValueError("hold needs service_id or model_id")
            reads = body.get("release_after_reads", 0)
            if isinstance(reads, bool) or not isinstance(reads, int) or reads < 0:
                raise ValueError("release_after_reads must be an integer >= 0")
            services = _targets(state, body)
            for service in services:
                hold(service, now, reads)
            return {"held": [describe(service, now) for service in services]}
    return None
