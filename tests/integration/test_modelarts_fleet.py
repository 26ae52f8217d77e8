"""modelarts_fleet against the emulator, asserting its request log.

What needs Ansible (check and diff flags, argument parsing, environment and module_defaults credentials,
no-log masking, -vvv) runs through ansible-playbook (the ``playbook`` fixture); what the module does with the
API (faults, retries, ordering, lookups, rules judged after the GET) runs the same tasks in-process (the
``in_process`` fixture: the module's main() with the real client and transport, tests/integration/in_process.py).
"""

import os

from integration.harness import MODEL_BROKEN, MODEL_V1, PROJECT_ID, SERVICE_ID, SERVICE_NAME

MODULE = "hwcloud.modelarts.modelarts_fleet"
# With the standard world's service, 100 services in the project and 100 items.
FLEET_SIZE = 99


def fleet_id(number):
    return "5e0c1d2e-f1ee-4bbb-8ccc-%012d" % number


def fleet_name(number):
    return "fleet-svc-%03d" % number


def seed_fleet(emu, size=FLEET_SIZE, status="running"):
    emu.seed({"services": [{
        "service_id": fleet_id(number), "service_name": fleet_name(number), "project_id": PROJECT_ID,
        "infer_type": "real-time", "status": status, "description": "fleet member",
        "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1,
                    "weight": 100}],
    } for number in range(size)]})


def task(title, ignore_errors=False, **args):
    step = {"name": title, MODULE: args, "register": "fleet"}
    if ignore_errors:
        step["ignore_errors"] = True
    return step


def modelarts_requests(emu):
    return [r for r in emu.requests() if r["path"].startswith("/v1/")]


def lists(log):
    return [r for r in log if r["method"] == "GET" and r["path"] == "/v1/%s/services" % PROJECT_ID]


def writes(log):
    return [r for r in log if r["method"] in ("PUT", "PATCH", "POST", "DELETE")]


def test_check_apply_reapply_of_100_services_by_name(emu, playbook):
    seed_fleet(emu)
    services = [{"name": fleet_name(number)} for number in range(FLEET_SIZE)] + [{"name": SERVICE_NAME}]
    items = len(services)
    wanted = dict(services=services, defaults={"description": "reconciled by the fleet"})

    checked = playbook.run([task("check", **wanted)], check=True, diff=True)
    assert checked.rc == 0, checked.stdout
    result = checked.task("check")
    assert result["changed"] is True and result["changed_count"] == items == 100
    assert all(entry["changed"] and entry["msg"] == "would change: description" for entry in result["results"])
    assert result["results"][7]["diff"]["after"] == {"description": "reconciled by the fleet"}
    assert result["results"][7]["diff"]["before_header"] == "services[7] (name %s)" % fleet_name(7)
    log = modelarts_requests(emu)
    assert writes(log) == []
    assert emu.service(fleet_id(3))["description"] == "fleet member"

    emu.clear_log()
    applied = playbook.run([task("apply", **wanted)])
    assert applied.rc == 0, applied.stdout
    result = applied.task("apply")
    assert result["changed"] is True and result["failed_count"] == 0
    assert [entry["service_id"] for entry in result["results"]] == [fleet_id(n) for n in range(FLEET_SIZE)] + [SERVICE_ID]
    log = modelarts_requests(emu)
    assert len(writes(log)) == items
    assert sorted(r["body"]["description"] for r in writes(log)) == ["reconciled by the fleet"] * items
    # One listing of the project resolves every name (not one lookup per service): as many
    # list requests as its pages ...
    assert 1 <= len(lists(log)) <= 2
    assert all("service_name" not in r["query"] for r in lists(log))
    assert emu.service(fleet_id(98))["description"] == emu.service(SERVICE_ID)["description"] == "reconciled by the fleet"

    emu.clear_log()
    again = playbook.run([task("again", **wanted)])
    assert again.rc == 0, again.stdout
    result = again.task("again")
    assert result["changed"] is False and result["changed_count"] == 0
    assert all(entry["msg"] == "unchanged" for entry in result["results"])
    log = modelarts_requests(emu)
    assert writes(log) == []
    # ... and a no-op costs that listing plus one GET per service.
    assert len(log) <= 2 + items
    assert len([r for r in log if r["method"] == "GET" and r["path"].startswith("/v1/%s/services/" % PROJECT_ID)]) \
        == items


def test_items_by_id_need_no_listing_and_config_changes_wait_for_their_deployment(emu, in_process):
    seed_fleet(emu, size=6)
    services = [{"service_id": fleet_id(number), "config": [{"model_id": MODEL_V1, "instance_count": 2}]}
                for number in range(6)]
    result = in_process.run([task("scale", services=services, max_concurrency=3, result_detail="full")])
    assert result.rc == 0, result.stdout
    scaled = result.task("scale")
    assert scaled["changed_count"] == 6
    assert all(entry["service"]["status"] == "running" for entry in scaled["results"])
    assert all(entry["service"]["config"][0]["instance_count"] == 2 for entry in scaled["results"])
    log = modelarts_requests(emu)
    assert lists(log) == []
    assert len([r for r in writes(log) if r["method"] == "PUT"]) == 6


def test_a_failed_item_fails_the_task_after_the_others_finished(emu, in_process):
    seed_fleet(emu, size=4)
    services = [{"service_id": fleet_id(number), "description": "after"} for number in range(4)]
    services[1] = {"service_id": fleet_id(1), "config": [{"model_id": MODEL_BROKEN, "specification": "modelarts.vm.cpu.2u",
                                                          "instance_count": 1, "weight": 100}]}
    result = in_process.run([task("rollout", ignore_errors=True, services=services, max_concurrency=2)])
    rollout = result.task("rollout")
    assert rollout["failed"] is True
    assert rollout["failed_count"] == 1 and rollout["changed"] is True
    assert "services[1] (service_id %s)" % fleet_id(1) in rollout["msg"]
    broken = rollout["results"][1]
    assert broken["failed"] is True and broken["changed"] is True
    assert "liveness probe failed" in broken["msg"]
    others = [entry for entry in rollout["results"] if entry["index"] != 1]
    assert all(not entry["failed"] and entry["changed"] for entry in others)
    assert all(emu.service(fleet_id(n))["description"] == "after" for n in (0, 2, 3))


def test_invalid_items_fail_before_any_request_naming_item_and_option(emu, playbook):
    seed_fleet(emu, size=3)
    emu.clear_log()
    services = [
        {"name": fleet_name(0), "description": "fine"},
        {"name": fleet_name(1), "config": [{"instance_count": 2}]},
        {"service_id": fleet_id(2), "state": "sleeping"},
        {"name": fleet_name(0)},
    ]
    result = playbook.run([task("invalid", ignore_errors=True, services=services, defaults={"wait_timeout": 60})])
    invalid = result.task("invalid")
    assert invalid["failed"] is True
    msg = invalid["msg"]
    assert "nothing was sent" in msg
    assert "services[1] (name %s): missing required arguments: model_id found in config" % fleet_name(1) in msg
    assert "services[2] (service_id %s): value of state must be one of" % fleet_id(2) in msg
    assert "services[3] (name %s): name %s is also services[0]" % (fleet_name(0), fleet_name(0)) in msg
    assert emu.requests(api=None) == []


def test_a_name_shared_by_two_services_fails_only_its_item(emu, in_process):
    seed_fleet(emu, size=2)
    emu.seed({"services": [{
        "service_id": "5e0c1d2e-f1ee-4bbb-8ccc-dddddddddddd", "service_name": fleet_name(1), "project_id": PROJECT_ID,
        "infer_type": "real-time", "status": "running",
        "config": [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}],
    }]})
    services = [{"name": fleet_name(0), "description": "x"}, {"name": fleet_name(1), "description": "x"},
                {"name": SERVICE_NAME, "description": "x"}]
    result = in_process.run([task("ambiguous", ignore_errors=True, services=services)])
    ambiguous = result.task("ambiguous")
    assert ambiguous["failed_count"] == 1
    assert "2 services are named" in ambiguous["results"][1]["msg"]
    assert ambiguous["results"][2]["service_id"] == SERVICE_ID and ambiguous["results"][2]["changed"] is True
    assert len(lists(modelarts_requests(emu))) == 1


def test_a_create_whose_answer_was_lost_is_looked_up_afresh_not_in_the_fleets_listing(emu, in_process):
    """The fleet answers name lookups from one listing made before any item ran; whether a create whose
    answer was lost landed is only seen by a fresh list, so the POST is not sent twice."""
    emu.fault(method="POST", path="/services$", drop="after")
    config = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}]
    result = in_process.run([task("create", services=[{"name": "fleet-new", "config": config}])])
    assert result.rc == 0, result.stdout
    entry = result.task("create")["results"][0]
    assert entry["changed"] is True and entry["failed"] is False and entry["service"]["status"] == "running"
    assert any("landed and was not sent again" in w for w in entry["warnings"])
    log = modelarts_requests(emu)
    assert [r["method"] for r in writes(log)] == ["POST"]
    # The fleet's listing, then the fresh lookup by name after the lost answer.
    assert [r["query"].get("service_name") for r in lists(log)] == [None, ["fleet-new"]]


PLAYBOOKS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "playbooks")
OCR_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000012"
SPEECH_ID = "5e0c1d2e-aaaa-4bbb-8ccc-000000000013"


def seed_example_inventory_services(emu):
    entry = {"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.2u", "instance_count": 1, "weight": 100}
    emu.seed({"services": [
        {"service_id": OCR_ID, "service_name": "invoice-ocr", "project_id": PROJECT_ID, "config": [entry]},
        {"service_id": SPEECH_ID, "service_name": "speech-to-text", "project_id": PROJECT_ID, "config": [entry]},
    ]})


def test_fleet_reconcile_playbook_takes_the_fleet_update_inventory_check_apply_reapply(emu, playbook):
    seed_example_inventory_services(emu)
    reconcile = os.path.join(PLAYBOOKS, "fleet_reconcile.yml")
    inventory = os.path.join(PLAYBOOKS, "inventory", "fleet.yml")

    checked = playbook.run_file(reconcile, inventory=inventory, check=True)
    assert checked.rc == 0, checked.stdout
    assert writes(modelarts_requests(emu)) == []

    applied = playbook.run_file(reconcile, inventory=inventory)
    assert applied.rc == 0, applied.stdout
    run = applied.task("Bring the services to their state, one task per region and project")
    assert run["changed"] is True
    assert emu.service(SERVICE_ID)["config"][0]["instance_count"] == 2
    ocr = emu.service(OCR_ID)
    assert ocr["description"] == "Invoice OCR, business hours only" and ocr["config"][0]["envs"] == {"LOG_LEVEL": "warning"}
    assert emu.service(SPEECH_ID)["status"] == "stopped"
    # One module task for the whole fleet, run once for the play's hosts (the services).
    assert len([r for r in applied.records if r["task"] == RECONCILE_TASK]) == 1
    assert [entry["name"] for entry in run["results"][0]["results"]] == ["image-classifier", "invoice-ocr", "speech-to-text"]

    emu.clear_log()
    again = playbook.run_file(reconcile, inventory=inventory)
    assert again.rc == 0, again.stdout
    assert again.task("Bring the services to their state, one task per region and project")["changed"] is False
    log = modelarts_requests(emu)
    assert writes(log) == [] and len(log) <= 2 + 3


RECONCILE_TASK = "Bring the services to their state, one task per region and project"


def test_fleet_reconcile_playbook_reconciles_exactly_the_hosts_of_its_limit_slice(emu, playbook, tmp_path):
    """Job slicing (AWX) or --limit partitions: each run reconciles its own hosts, with one listing and one task."""
    size, slices = 9, 3
    seed_fleet(emu, size=size)
    inventory = tmp_path / "fleet.yml"
    inventory.write_text("modelarts_services:\n  hosts:\n" + "".join(
        "    %s:\n      service_config: [{model_id: %s, instance_count: 2}]\n" % (fleet_name(number), MODEL_V1)
        for number in range(size)))
    written = []
    for number in range(slices):
        # As AWX slices an inventory: every slices-th host, starting at the slice's number.
        members = [fleet_name(index) for index in range(number, size, slices)]
        emu.clear_log()
        result = playbook.run_file(os.path.join(PLAYBOOKS, "fleet_reconcile.yml"), inventory=str(inventory),
                                   limit=",".join(members))
        assert result.rc == 0, result.stdout
        runs = [r for r in result.records if r["task"] == RECONCILE_TASK]
        assert len(runs) == 1, "one module task per slice, not one per host"
        assert [entry["name"] for entry in runs[0]["result"]["results"][0]["results"]] == members
        log = modelarts_requests(emu)
        assert len(lists(log)) == 1, "one listing per slice"
        written += [r["path"].rsplit("/", 1)[1] for r in writes(log)]
    # The slices' union is the whole fleet, and no service was touched twice.
    assert sorted(written) == sorted(fleet_id(number) for number in range(size))
    assert all(emu.service(fleet_id(number))["config"][0]["instance_count"] == 2 for number in range(size))


def test_fleet_reconcile_playbook_fails_naming_the_failed_service(emu, playbook, tmp_path):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(
        "modelarts_services:\n"
        "  hosts:\n"
        "    image-classifier:\n"
        "      service_description: reconciled\n"
        "    no-such-service:\n"
        "      service_description: reconciled\n")
    result = playbook.run_file(os.path.join(PLAYBOOKS, "fleet_reconcile.yml"), inventory=str(inventory))
    assert result.rc != 0
    assert result.failed("Fail when any service failed")
    assert "FAILED" in result.stdout and "no-such-service" in result.stdout, result.stdout
    assert emu.service(SERVICE_ID)["description"] == "reconciled"


def test_results_summarise_each_service_unless_asked_for_the_full_record(emu, in_process):
    seed_fleet(emu, size=3)
    services = [{"service_id": fleet_id(number)} for number in range(3)]
    result = in_process.run([task("summary", services=services), task("full", services=services, result_detail="full")])
    assert result.rc == 0, result.stdout
    summary, full = result.task("summary")["results"], result.task("full")["results"]
    assert [sorted(entry["service"]) for entry in summary] == [["service_id", "service_name", "status", "update_time"]] * 3
    assert all(entry["service"]["status"] == "running" for entry in summary)
    assert [entry["service"]["service_id"] for entry in full] == [entry["service"]["service_id"] for entry in summary]
    assert all("config" in entry["service"] and "access_address" in entry["service"] for entry in full)
