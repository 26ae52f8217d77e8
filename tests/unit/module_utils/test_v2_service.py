# -*- coding: utf-8 -*-
"""The new-version service package: its rules, its comparison, its adapter with a fake API, and every body it
builds checked against the official SDK's request models (tests/sdk_contract.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy

import pytest
import yaml

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsConfigError, ModelArtsConnectionError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._module import ModuleRun
from ansible_collections.hwcloud.modelarts.plugins.module_utils._paging import ModelArtsPagingError, read_record_pages
from ansible_collections.hwcloud.modelarts.plugins.module_utils._resource import ResourceStateMachine
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service import compare, rules, schema
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.api import secrets_in
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.flow import ServiceDiffersError, V2ServiceAdapter
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.info import INFO_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.lifecycle import V2_SERVICE_OPTIONS
from ansible_collections.hwcloud.modelarts.plugins.module_utils._waiter import Deadline
from ansible_collections.hwcloud.modelarts.plugins.modules import modelarts_v2_service, modelarts_v2_service_info
from sdk_contract import assert_matches_model, body_problems

UNIT = {"name": "main", "role": "COMMON", "image": {"source": "SWR", "swr_path": "swr.cn-north-4.myhuaweicloud.com/org/img:1.0.0"},
        "custom_spec": {"cpu": 2.0, "memory": 4096}, "cmd": "python serve.py", "envs": {"LOG_LEVEL": "info"}, "port": 8080,
        "files": [{"source": "OBS", "address": "obs://bucket/model/", "mount_path": "/model", "read_only": True}],
        "readiness_health": {"check_method": "HTTP", "url": "/health", "initial_delay_seconds": 10, "timeout_seconds": 3,
                             "period_seconds": 10, "failure_threshold": 3},
        "liveness_health": {"check_method": "EXEC", "cmd": "true", "initial_delay_seconds": 10, "timeout_seconds": 3,
                            "period_seconds": 10, "failure_threshold": 3},
        "termination_grace": {"pre_stop_cmd": "sleep 5", "termination_grace_period_seconds": 30}, "recovery": "Instance", "count": 1}
# Every documented top-level field, a full deployment and unit.
FULL = {
    "name": "svc-a", "version": "1.0.0", "description": "Realistic", "type": "REAL_TIME", "deploy_type": "SINGLE",
    "group_configs": [{"name": "deploy-1", "count": 2, "weight": 100, "framework": "COMMON", "pool_id": "pool-1",
                       "schedule_strategy": "SPREAD", "unit_configs": [UNIT]}],
    "runtime_config": {"service_invoke": {"port": 8080, "protocol": "HTTPS", "auth_type": "TOKEN", "request_retry_enable": True,
                                          "request_retry_cnt_max": 2, "fuse_configs": {"error_rate_fuse_enable": True, "error_rate_threshold": 0.5},
                                          "custom_urls": ["/v1/predict"]},
                       "service_limit": {"rate_limit": {"num": 200, "unit": "SECONDS"}, "request_size_limit": 20, "request_timeout": 30,
                                         "ip_white_list": ["10.0.0.0/8"]},
                       "service_secret": {"secret_enable": True, "secret_volumes": [{"secret_name": "db", "secret_value": "s3cr3t",
                                                                                     "mount_path": "/secrets"}]},
                       "server_task_limit": {"max_task": 4}},
    "upgrade_config": {"type": "ROLLING", "rolling_update": {"max_surge": "50%", "max_unavailable": "50%"}},
    "lts_strategy": "DEFAULT",
    "log_configs": [{"type": "STDOUT", "status": "ON"},
                    {"type": "FILE", "status": "ON", "files": [{"log_path": "/var/log", "file_pattern": "*.log"}]}],
    "tags": [{"key": "team", "value": "vision"}], "workspace_id": "0", "schedule": [{"type": "STOP", "duration": 2, "time_unit": "DAYS"}],
    "custom_metrics_path": "http,8080,/metrics", "deploy_timeout_minutes": 30, "task_type": "LLM", "workload_type": "DEPLOYMENT",
}


def shown(body, status="RUNNING", service_id="s-1"):
    """A service as ShowInferService answers it after a create with ``body``: ids, statuses and extras added."""
    version = dict((key, copy.deepcopy(body[key])) for key in compare.IN_VERSION if key in body)
    version["runtime_config"]["service_invoke"].pop("custom_urls", None)
    version["log_configs"] = [dict((k, v) for k, v in entry.items() if k != "files") for entry in body.get("log_configs", [])]
    groups = copy.deepcopy(body["group_configs"])
    for index, group in enumerate(groups):
        group.update(id="d-%d" % index, status=status, running_count=group.get("count", 1), traffic_ratio="100%", version_id="v-1")
        for position, unit in enumerate(group["unit_configs"]):
            unit["id"] = "u-%d" % position
    version.update(id="v-1", version=body.get("version", "1.0.0"), instance_groups=groups)
    service = dict((key, copy.deepcopy(body[key])) for key in ("name", "type", "deploy_type", "workspace_id", "tags", "task_type") if key in body)
    service.update(id=service_id, status=status, version=version, create_at="1700000000000", frozen_infos=[],
                   schedule=[dict(entry, processed=False) for entry in body.get("schedule", [])])
    return service


# --- the SDK contract -------------------------------------------------------------------------------

def test_the_full_create_body_is_the_sdks_create_request():
    assert_matches_model(FULL, "ServiceCreateRequest", required=True, allow_missing=("$.custom_metrics_path",))


def test_the_schema_knows_no_key_the_sdk_does_not():
    """Every member of the described body is an SDK field: a body with every field set passes the model."""

    def sample(value_schema):
        if isinstance(value_schema, list):
            return [sample(value_schema[0])]
        if isinstance(value_schema, dict):
            if "*" in value_schema:
                return {"k": sample(value_schema["*"])}
            return dict((key, sample(item)) for key, item in value_schema.items())
        return {"str": "x", "int": 1, "float": 1.5, "bool": True, "any": {}}[value_schema]

    assert body_problems(sample(schema.BODY_SCHEMA), "ServiceCreateRequest") == []


def test_a_wrong_key_or_type_fails_the_contract():
    wrong = copy.deepcopy(FULL)
    wrong["group_configs"][0]["cout"] = 1
    wrong["runtime_config"]["service_invoke"]["port"] = "8080"
    problems = body_problems(wrong, "ServiceCreateRequest")
    assert any("cout" in problem for problem in problems) and any("port" in problem for problem in problems)


# --- rules ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, message", [
    (dict(name="has space"), "name must be 1 to 64"),
    (dict(version="1.0"), "version must be three numbers"),
    (dict(version="100.0.0"), "version must be three numbers"),
    (dict(description="a<b"), "must not contain < or >"),
    (dict(description="x" * 513), "at most 512"),
    (dict(workspace_id="WS"), "workspace_id must be 0 or 32"),
    (dict(deploy_timeout_minutes=301), "deploy_timeout_minutes must be from 0 to 300"),
    (dict(group_configs=[FULL["group_configs"][0]] * 2), "at most one deployment"),
    (dict(group_configs=[dict(FULL["group_configs"][0], count=129)]), "deployments[0].count must be from 1 to 128"),
    (dict(group_configs=[dict(FULL["group_configs"][0], weight=101)]), "deployments[0].weight must be from 0 to 100"),
    (dict(group_configs=[dict(FULL["group_configs"][0], unit_configs=[UNIT, UNIT])]), "exactly one unit when deploy_type is SINGLE"),
    (dict(group_configs=[dict(FULL["group_configs"][0], unit_configs=[dict(UNIT, flavor="modelarts.vm.cpu.2u")])]), "not both"),
    (dict(group_configs=[dict(FULL["group_configs"][0], unit_configs=[dict(UNIT, port=0)])]), "unit_configs[0].port must be from 1 to 65535"),
    (dict(group_configs=[dict(FULL["group_configs"][0], unit_configs=[dict(UNIT, readiness_health=dict(
        UNIT["readiness_health"], period_seconds=0))])]), "period_seconds must be at least 1"),
    (dict(group_configs=[dict(FULL["group_configs"][0], unit_configs=[dict(UNIT, readiness_health=dict(
        UNIT["readiness_health"], url=None))])]), "url is required when check_method is HTTP"),
    (dict(type="ASYNC_REAL_TIME", runtime_config=dict(FULL["runtime_config"], service_invoke=dict(
        FULL["runtime_config"]["service_invoke"], protocol="WS"))), "HTTP or HTTPS when type is ASYNC_REAL_TIME"),
    (dict(runtime_config=dict(FULL["runtime_config"], service_limit=dict(FULL["runtime_config"]["service_limit"], request_size_limit=51))),
     "request_size_limit must be from 1 to 50"),
    (dict(runtime_config=dict(FULL["runtime_config"], service_limit=dict(
        FULL["runtime_config"]["service_limit"], rate_limit={"num": 0, "unit": "SECONDS"}))), "rate_limit.num"),
    (dict(upgrade_config={"type": "ROLLING", "rolling_update": {"max_surge": "0%"}}), "max_surge must be a percentage"),
    (dict(log_configs=[{"type": "STDOUT", "status": "ON"}] * 2), "one entry per type"),
    (dict(tags=[{"key": "k", "value": "a,b"}]), "must not contain ',' or '|'"),
    (dict(tags=[{"key": "k"}, {"key": "k"}]), "each key once"),
    (dict(tags=[{"key": "k%d" % n} for n in range(21)]), "at most 20 tags"),
    (dict(schedule=[{"type": "STOP", "duration": 8, "time_unit": "DAYS"}]), "1 minute to 7 days"),
    (dict(schedule=[{"type": "STOP", "duration": 1, "time_unit": "DAYS"}] * 2), "at most one entry"),
    (dict(group_configs=[dict(FULL["group_configs"][0], count="two")]), "must be an integer"),
])
def test_each_documented_rule_fails_naming_the_option(change, message):
    body = dict(copy.deepcopy(FULL), **change)
    body = schema.without_nulls(body)
    with pytest.raises(ModelArtsConfigError) as error:
        rules.check_body(body)
    assert message in str(error.value)


def test_the_full_body_passes_every_rule():
    rules.check_body(FULL)


def test_a_create_names_every_missing_field_by_its_option():
    with pytest.raises(ModelArtsConfigError) as error:
        rules.check_create({"name": "svc-a"})
    assert str(error.value) == "type, deploy_type, deployments, runtime_config are required to create a service."


# --- compare ------------------------------------------------------------------------------------

def test_a_service_as_shown_has_no_difference_from_its_create_body():
    assert compare.differences(shown(FULL), FULL) == []


def test_only_the_fields_the_task_sets_are_compared():
    assert compare.differences(shown(FULL), {"name": "svc-a", "description": "Realistic"}) == []
    found = compare.differences(shown(FULL), {"group_configs": [dict(FULL["group_configs"][0], count=3)], "description": "Other"})
    assert [(key, option) for key, option, _shown, _wanted in found] == [("description", "description"), ("group_configs", "deployments")]


def test_numbers_compare_by_value_and_tags_as_a_subset():
    service = shown(FULL)
    service["tags"].append({"key": "added-by-console", "value": "x"})
    body = {"group_configs": [dict(FULL["group_configs"][0], unit_configs=[dict(UNIT, custom_spec={"cpu": 2, "memory": 4096.0})])],
            "tags": [{"key": "team", "value": "vision"}]}
    assert compare.differences(service, body) == []
    assert compare.differences(service, {"tags": [{"key": "team", "value": "audio"}]})[0][0] == "tags"


def test_an_update_keeps_the_deployments_ids_and_the_members_the_task_does_not_set():
    service = shown(FULL)
    value = compare.update_value(service, "group_configs", [{"name": "deploy-1", "weight": 100, "count": 3,
                                                             "unit_configs": [{"image": UNIT["image"]}]}])
    assert value[0]["id"] == "d-0" and value[0]["unit_configs"][0]["id"] == "u-0"
    assert value[0]["count"] == 3 and value[0]["unit_configs"][0]["envs"] == {"LOG_LEVEL": "info"}
    # Members only answers carry are not sent back.
    assert "status" not in value[0] and "running_count" not in value[0] and "traffic_ratio" not in value[0]


def test_tags_travel_in_an_update_as_the_sdks_string():
    assert compare.tags_text(shown(FULL), [{"key": "owner", "value": "ops"}, {"key": "team", "value": "audio"}]) == "team|audio,owner|ops"


@pytest.mark.parametrize("current, following", [("1.0.0", "1.0.1"), ("1.0.99", "1.1.0"), ("1.99.99", "2.0.0"), ("99.99.99", None)])
def test_the_next_version_carries_over(current, following):
    assert compare.next_version(current) == following


def test_secrets_are_found_at_any_depth_of_an_answer():
    assert secrets_in(shown(FULL)) == ["s3cr3t"]


# --- the adapter with a fake API -----------------------------------------------------------------

class Module:
    def __init__(self, check_mode=False, diff=False, **params):
        self.params = dict((name, None) for name in V2_SERVICE_OPTIONS)
        self.params.update(state="present", wait=True, wait_timeout=60)
        self.params.update(params)
        self.check_mode = check_mode
        self._diff = diff
        self.warnings = []
        self.no_log_values = set()

    def warn(self, text):
        self.warnings.append(text)


class Response:
    def __init__(self, body):
        self.body = body


class FakeApi:
    """One project's services; records every write's body and settles every change at once."""

    project_id = "p-1"

    def __init__(self, services=(), lose_put_answer=False):
        self.services = dict((service["id"], copy.deepcopy(service)) for service in services)
        self.writes = []
        self.lose_put_answer = lose_put_answer

    def get(self, service_id):
        return copy.deepcopy(self.services[service_id])

    def find(self, service_id):
        return self.get(service_id) if service_id in self.services else None

    def named(self, name):
        return [copy.deepcopy(s) for s in self.services.values() if s["name"] == name]

    def create(self, body):
        self.writes.append(("create", copy.deepcopy(body)))
        service = shown(body, service_id="s-new")
        self.services[service["id"]] = service
        return Response(copy.deepcopy(service))

    def update(self, service_id, body):
        self.writes.append(("update", copy.deepcopy(body)))
        service = self.services[service_id]
        version = service["version"]
        if "version" in body and body["version"] != version["version"]:
            version["version"] = body["version"]
        for key, value in body.items():
            if key == "group_configs":
                version["instance_groups"] = [dict(group, status=service["status"]) for group in copy.deepcopy(value)]
            elif key in compare.IN_VERSION:
                version[key] = copy.deepcopy(value)
            elif key == "tags":
                service["tags"] = [dict(zip(("key", "value"), pair.split("|"))) for pair in value.split(",")]
            elif key not in ("id", "version"):
                service[key] = copy.deepcopy(value)
        if self.lose_put_answer:
            raise ModelArtsConnectionError("PUT", "https://modelarts/v2/p-1/services/" + service_id, "Connection aborted")
        return copy.deepcopy(service)

    def _status(self, service_id, status):
        self.services[service_id]["status"] = status
        for group in self.services[service_id]["version"]["instance_groups"]:
            group["status"] = status
        return self.get(service_id)

    def start(self, service_id):
        self.writes.append(("start", None))
        return self._status(service_id, "RUNNING")

    def stop(self, service_id):
        self.writes.append(("stop", None))
        return self._status(service_id, "STOPPED")

    def delete(self, service_id):
        self.writes.append(("delete", {"service_ids": [service_id]}))
        del self.services[service_id]
        return Response({"service_responses": [{"id": service_id}]})


def params_of(body, **extra):
    params = dict((schema.option_name(key), value) for key, value in body.items())
    params.update(extra)
    return params


def run(api, check_mode=False, diff=False, **params):
    module = Module(check_mode=check_mode, diff=diff, **params)
    body = schema.body_from_params(module.params)
    rules.check_service_options(module.params, body)
    adapter = V2ServiceAdapter(ModuleRun(module, client=object()), api, body, deadline=Deadline(60, sleep=lambda seconds: None))
    return ResourceStateMachine(module, adapter).run(), module


def test_create_rerun_and_every_body_against_the_sdk():
    api = FakeApi()
    result, _module = run(api, **params_of(FULL))
    assert result["changed"] is True and result["service"]["id"] == "s-new"
    again, _module = run(api, **params_of(FULL))
    assert again["changed"] is False
    assert [verb for verb, _body in api.writes] == ["create"]
    assert_matches_model(api.writes[0][1], "ServiceCreateRequest")


def test_a_changed_configuration_is_a_new_version_whose_body_is_the_sdks_update_request():
    api = FakeApi([shown(FULL)])
    scaled = dict(FULL, version=None, group_configs=[dict(FULL["group_configs"][0], count=3)],
                  runtime_config=dict(FULL["runtime_config"], service_limit=dict(FULL["runtime_config"]["service_limit"], request_timeout=60)))
    result, _module = run(api, **params_of(scaled))
    assert result["changed"] is True and result["service"]["version"]["version"] == "1.0.1"
    (verb, body), = api.writes
    assert verb == "update" and body["version"] == "1.0.1" and body["id"] == "s-1"
    assert sorted(body) == ["group_configs", "id", "runtime_config", "version"]
    assert_matches_model(body, "ServiceUpdateRequest")


def test_description_tags_and_schedule_are_changed_without_a_new_version():
    api = FakeApi([shown(FULL)])
    result, _module = run(api, name="svc-a", description="Edited", tags=[{"key": "owner", "value": "ops"}],
                          schedule=[{"type": "STOP", "duration": 3, "time_unit": "HOURS"}])
    assert result["changed"] is True
    bodies = [body for _verb, body in api.writes]
    assert bodies[0] == {"id": "s-1", "version": "1.0.0", "description": "Edited"}
    assert bodies[1] == {"id": "s-1", "tags": "team|vision,owner|ops", "schedule": [{"type": "STOP", "duration": 3, "time_unit": "HOURS"}]}
    for body in bodies:
        assert_matches_model(body, "ServiceUpdateRequest")


def test_the_delete_body_is_the_sdks():
    api = FakeApi([shown(FULL)])
    result, _module = run(api, name="svc-a", state="absent")
    assert result["changed"] is True and result["service"] == {}
    assert_matches_model(api.writes[0][1], "DeleteServicesRequest")


def test_check_mode_and_diff_predict_without_writing():
    api = FakeApi([shown(FULL)])
    result, _module = run(api, check_mode=True, diff=True, name="svc-a", state="stopped",
                          deployments=[dict(FULL["group_configs"][0], count=3)])
    assert result["changed"] is True and api.writes == []
    assert result["diff"]["before"]["status"] == "RUNNING"
    assert result["diff"]["after"]["status"] == "STOPPED"
    assert result["diff"]["after"]["version"]["version"] == "1.0.1"
    assert result["diff"]["after"]["version"]["instance_groups"][0]["count"] == 3


def test_stop_then_start():
    api = FakeApi([shown(FULL)])
    assert run(api, name="svc-a", state="stopped")[0]["service"]["status"] == "STOPPED"
    assert run(api, name="svc-a", state="stopped")[0]["changed"] is False
    assert run(api, name="svc-a", state="present")[0]["changed"] is False
    assert run(api, name="svc-a", state="running")[0]["service"]["status"] == "RUNNING"
    assert [verb for verb, _body in api.writes] == ["stop", "start"]


def test_a_lost_update_answer_is_read_back_not_resent():
    api = FakeApi([shown(FULL)], lose_put_answer=True)
    result, module = run(api, name="svc-a", deployments=[dict(FULL["group_configs"][0], count=3)])
    assert result["changed"] is True and result["service"]["version"]["version"] == "1.0.1"
    assert [verb for verb, _body in api.writes] == ["update"]
    assert "landed and was not sent again" in module.warnings[0]


def test_fixed_fields_and_a_reused_version_fail_before_any_write():
    api = FakeApi([shown(FULL)])
    with pytest.raises(ServiceDiffersError) as fixed:
        run(api, name="svc-a", deploy_type="MULTI")
    assert fixed.value.fields == ["deploy_type"]
    with pytest.raises(ServiceDiffersError) as reused:
        run(api, name="svc-a", version="1.0.0", deployments=[dict(FULL["group_configs"][0], count=3)])
    assert reused.value.fields == ["deployments"] and "needs a new one" in str(reused.value)
    assert api.writes == []


# --- the modules' docs and their argument specs -----------------------------------------------------

SPEC_KEYS = ("type", "elements", "choices", "required", "default", "aliases")


def comparable(options, nested):
    found = {}
    for name, option in options.items():
        found[name] = dict((key, option[key]) for key in SPEC_KEYS if option.get(key) not in (None, False))
        if nested in option:
            found[name]["options"] = comparable(option[nested], nested)
    return found


@pytest.mark.parametrize("module, options", [(modelarts_v2_service, V2_SERVICE_OPTIONS), (modelarts_v2_service_info, INFO_OPTIONS)])
def test_documentation_matches_the_argument_spec(module, options):
    assert comparable(yaml.safe_load(module.DOCUMENTATION)["options"], "suboptions") == comparable(options, "options")


def test_the_secret_volume_value_is_no_log():
    volumes = V2_SERVICE_OPTIONS["runtime_config"]["options"]["service_secret"]["options"]["secret_volumes"]
    assert volumes["options"]["secret_value"]["no_log"] is True


def test_the_v2_package_is_built_on_the_core_alone():
    import ast
    import os

    package = os.path.dirname(schema.__file__)
    imported = []
    for filename in sorted(os.listdir(package)):
        if filename.endswith(".py"):
            with open(os.path.join(package, filename)) as handle:
                tree = ast.parse(handle.read())
            imported.extend((filename, node.module) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom))
    resources = [(filename, module) for filename, module in imported
                 if ".module_utils._" in module and module.split(".module_utils.")[1].split(".")[0] not in (
                     "_v2_service", "_client", "_connection", "_errors", "_fields", "_inputs", "_module", "_paging", "_resource",
                     "_responses", "_types", "_waiter", "_write")]
    assert resources == []


# --- the v2 pager and URLs -------------------------------------------------------------------------

def test_the_v2_pager_steps_by_limit_and_stops_at_total():
    records = [{"id": str(n)} for n in range(7)]
    asked = []

    def fetch(offset, limit):
        asked.append((offset, limit))
        return {"data": records[offset:offset + limit], "total": len(records)}

    assert read_record_pages(fetch, "data", identity=lambda r: r["id"], limit=3) == records
    assert asked == [(0, 3), (3, 3), (6, 3)]


@pytest.mark.parametrize("answer, message", [
    ({"data": []}, "without a valid total"),
    ({"data": [], "total": 5}, "empty page"),
    ({"data": [{"id": str(n)} for n in range(4)], "total": 9}, "4 records for limit=3"),
])
def test_the_v2_pager_refuses_answers_that_do_not_add_up(answer, message):
    with pytest.raises(ModelArtsPagingError) as error:
        read_record_pages(lambda offset, limit: answer, "data", identity=lambda r: r["id"], limit=3)
    assert message in str(error.value)


class SettlingApi(FakeApi):
    """A service that is DEPLOYING for its first ``reads`` reads, then RUNNING."""

    def __init__(self, services, reads):
        super(SettlingApi, self).__init__(services)
        self.reads = reads

    def get(self, service_id):
        self.reads -= 1
        if self.reads <= 0:
            service = self.services[service_id]
            service["status"] = "RUNNING"
            for group in service["version"]["instance_groups"]:
                group["status"] = "RUNNING"
        return super(SettlingApi, self).get(service_id)


def test_a_change_under_way_is_waited_for_before_it_is_compared():
    api = SettlingApi([shown(FULL, status="DEPLOYING")], reads=3)
    result, _module = run(api, **params_of(FULL))
    assert result["changed"] is False and result["service"]["status"] == "RUNNING"
    assert api.writes == []


def test_a_failed_log_configuration_is_no_difference_but_a_warning():
    service = shown(FULL)
    service["version"]["log_configs"][0].update(status="FAILED", failure_reason="LTS log group quota exceeded")
    assert compare.differences(service, {"log_configs": FULL["log_configs"]}) == []
    api = FakeApi([service])
    result, module = run(api, **params_of(FULL))
    assert result["changed"] is False and api.writes == []
    assert "STDOUT log configuration is FAILED: LTS log group quota exceeded" in module.warnings[0]
