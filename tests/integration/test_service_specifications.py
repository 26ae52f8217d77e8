"""The supported specifications (ShowServiceSpecifications): in modelarts_service_info with include_specifications,
and modelarts_service's opt-in check_specification, against the emulator."""

from integration.harness import MODEL_V1, MODEL_V2, SERVICE_ID, module_task

SERVICE = "hwcloud.modelarts.modelarts_service"
INFO = "hwcloud.modelarts.modelarts_service_info"


def spec_reads(emu):
    return [r for r in emu.requests() if r["path"].endswith("/services/specifications")]


def test_info_lists_the_specifications_only_when_asked(emu, in_process):
    result = in_process.run([
        module_task(INFO, "plain", dict(service_id=SERVICE_ID)),
        module_task(INFO, "with", dict(service_id=SERVICE_ID, include_specifications=True)),
    ])
    assert result.rc == 0, result.stdout
    assert "specifications" not in result.task("plain")
    names = [item["specification"] for item in result.task("with")["specifications"]]
    assert "modelarts.vm.cpu.2u" in names and len(names) == len(set(names))
    assert len(spec_reads(emu)) >= 1
    assert all(r["method"] == "GET" for r in emu.requests())


def test_check_specification_refuses_an_unlisted_flavor_before_any_service_request(emu, in_process):
    wanted = [{"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.64u"}]
    result = in_process.run([module_task(SERVICE, "checked", dict(service_id=SERVICE_ID, config=wanted, check_specification=True),
                                         ignore_errors=True)])
    checked = result.task("checked")
    assert checked["failed"] is True and checked["changed"] is False
    assert "config[0].specification modelarts.vm.cpu.64u is not among the specifications the API lists for real-time" \
        in checked["msg"]
    assert emu.requests() and emu.requests() == spec_reads(emu), "only the list was read"
    assert all("real-time" in str(r["query"]) for r in spec_reads(emu)), "the list of the service's kind"


def test_check_specification_lets_listed_flavors_and_custom_through_check_apply_reapply(emu, in_process):
    wanted = dict(service_id=SERVICE_ID, check_specification=True, config=[
        {"model_id": MODEL_V1, "specification": "modelarts.vm.cpu.4u", "weight": 60},
        {"model_id": MODEL_V2, "specification": "modelarts.vm.cpu.2u", "weight": 40, "instance_count": 1}])
    result = in_process.run([module_task(SERVICE, "check", wanted, check_mode=True), module_task(SERVICE, "apply", wanted),
                             module_task(SERVICE, "again", wanted)])
    assert result.rc == 0, result.stdout
    assert [result.task(name)["changed"] for name in ("check", "apply", "again")] == [True, True, False]
    assert [r["method"] for r in emu.writes()] == ["PUT"]
    assert len(spec_reads(emu)) == 3, "one read of the list per task"
    emu.clear_log()
    custom = in_process.run([module_task(SERVICE, "custom only", dict(
        service_id=SERVICE_ID, check_specification=True,
        config=[{"model_id": MODEL_V1, "specification": "custom", "custom_spec": {"cpu": 1, "memory": 1024}}]),
        ignore_errors=True)])
    # custom is not looked up (nothing else to check: no list read); the pool rule then refuses it as before.
    assert spec_reads(emu) == []
    assert "dedicated resource pool" in custom.task("custom only")["msg"]
