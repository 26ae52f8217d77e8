"""The modelarts_services inventory plugin in-process: option rules, host names, unexpected answers, scrubbing."""

import json
import threading

import pytest
import yaml
from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.plugins.doc_fragments import constructed, inventory_cache

from ansible_collections.hwcloud.modelarts.plugins.doc_fragments import inventory_connection
from ansible_collections.hwcloud.modelarts.plugins.inventory import modelarts_services
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsApiError
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import Response

SECRET = "secretKeyThatMustNeverBeShown000000001"
BASE = {"plugin": "hwcloud.modelarts.modelarts_services", "access_key": "AKEXAMPLE", "secret_key": SECRET,
        "endpoint": "https://modelarts.example.test", "iam_endpoint": "https://iam.example.test"}


@pytest.fixture(scope="module", autouse=True)
def option_definitions():
    """What the plugin loader would register: the plugin's options and those of its doc fragments."""
    options = {}
    for documentation in (inventory_connection.ModuleDocFragment.DOCUMENTATION, constructed.ModuleDocFragment.DOCUMENTATION,
                          inventory_cache.ModuleDocFragment.DOCUMENTATION, modelarts_services.DOCUMENTATION):
        options.update(yaml.safe_load(documentation)["options"])
    C.config.initialize_plugin_configuration_definitions("inventory", modelarts_services.InventoryModule.NAME, options)


def plugin(**options):
    loaded = modelarts_services.InventoryModule()
    loaded._load_name = modelarts_services.InventoryModule.NAME
    loaded.set_options(direct=dict(BASE, **options))
    return loaded


def record(service_id, name, region="cn-north-4"):
    return {"region": region, "project_id": "p", "endpoint": "e", "models": None,
            "service": {"service_id": service_id, "service_name": name}}


def test_names_shared_anywhere_become_ids():
    loaded = plugin(regions=["cn-north-4"])
    records = [record("id-1", "ocr"), record("id-2", "ocr", region="ap-southeast-3"), record("id-3", "speech"),
               record("id-4", "bad name"), record("id-5", None), record("id-6", "id-3"), record("id-7", "asr\n")]
    assert loaded._hostnames(records) == ["id-1", "id-2", "speech", "id-4", "id-5", "id-6", "id-7"]
    assert loaded._hostnames([record("id-1", "ocr"), record("id-3", "speech")]) == ["ocr", "speech"]


@pytest.mark.parametrize("options, message", [
    ({"regions": ["cn-north-4", "ap-southeast-3"], "project_id": "p1"}, "project_id is one project ID"),
    ({"regions": ["cn-north-4"], "project_id": {"eu-west-101": "p1"}}, "regions does not list: eu-west-101"),
    ({"regions": ["cn-north-4"], "project_id": {"cn-north-4": "../x"}}, "must be a project ID"),
    ({"regions": ["cn_north/4"]}, "is not a region name"),
    ({"regions": [], "iam_endpoint": None}, "regions (HW_REGION_NAME) is required"),
    ({"regions": [], "endpoint": "https://modelarts.{region}.example.test"}, "contains {region} but no regions"),
])
def test_bad_options_fail_before_any_request(options, message):
    with pytest.raises(Exception) as raised:
        plugin(**options)._targets()
    assert message in str(raised.value)


def test_regions_get_their_own_endpoints_and_projects():
    loaded = plugin(regions=["cn-north-4", "ap-southeast-3", "cn-north-4"],
                    endpoint="https://modelarts.{region}.example.test", iam_endpoint=None,
                    project_id={"ap-southeast-3": "f9e8d7c6b5a4938271605f4e3d2c1b0a"})
    targets = loaded._targets()
    assert [(t["region"], t["project_id"], t["client"].endpoint, t["client"].iam_endpoint) for t in targets] == [
        ("cn-north-4", None, "https://modelarts.cn-north-4.example.test", "https://iam.cn-north-4.myhuaweicloud.com"),
        ("ap-southeast-3", "f9e8d7c6b5a4938271605f4e3d2c1b0a", "https://modelarts.ap-southeast-3.example.test",
         "https://iam.ap-southeast-3.myhuaweicloud.com"),
    ]


class FakeClient:
    endpoint = "https://modelarts.example.test"
    iam_endpoint = "https://iam.example.test"
    project_id = "p"
    auth = None

    def __init__(self, pages=None, error=None):
        self.pages = pages
        self.error = error

    def all_pages(self, segments, key, pairs, **kwargs):
        if self.error:
            raise self.error
        return self.pages


@pytest.mark.parametrize("pages", [[{"service_name": "no-id"}], ["not a service"], [{"service_id": "a/b"}]])
def test_a_list_answer_without_valid_services_fails_clearly(pages):
    loaded = plugin(regions=["cn-north-4"])
    with pytest.raises(AnsibleParserError) as raised:
        loaded._read([{"region": "cn-north-4", "project_id": "p", "client": FakeClient(pages)}])
    assert "the API answer is not what the list call expects" in str(raised.value)
    assert "without a valid service_id" in str(raised.value)


def test_errors_are_scrubbed_and_bounded():
    loaded = plugin(regions=["cn-north-4"])
    loaded._targets()
    error = ModelArtsApiError(401, "APIG.0301", "signature of %s is wrong %s" % (SECRET, "x" * 1000), "req-1",
                              "GET", "https://modelarts.example.test/v1/p/services")
    with pytest.raises(AnsibleParserError) as raised:
        loaded._read([{"region": "cn-north-4", "project_id": "p", "client": FakeClient(error=error)}])
    text = str(raised.value)
    assert SECRET not in text and SECRET[:8] not in text
    assert "HTTP 401 APIG.0301: signature of ******** is wrong" in text
    assert "(request id req-1)" in text
    assert len(text) < 600


def test_the_cache_key_has_no_secret_and_follows_the_identity():
    loaded = plugin(regions=["cn-north-4"])
    targets = loaded._targets()
    key = loaded._services_cache_key("/tmp/x.modelarts_services.yml", targets)
    assert SECRET not in key
    identity = str(loaded._identity(targets))
    assert SECRET not in identity and "AKEXAMPLE" in identity
    other = plugin(regions=["cn-north-4"], status="running")
    assert other._services_cache_key("/tmp/x.modelarts_services.yml", other._targets()) != key


def test_only_its_own_file_names_are_taken(tmp_path):
    loaded = modelarts_services.InventoryModule()
    for name, taken in (("fleet.modelarts_services.yml", True), ("fleet.modelarts_services.yaml", True),
                        ("fleet.yml", False), ("modelarts_services.yml.bak", False)):
        path = tmp_path / name
        path.write_text("plugin: hwcloud.modelarts.modelarts_services\n")
        assert loaded.verify_file(str(path)) is taken, name


class DetailClient(FakeClient):
    """Lists two services; the second is deleted before its GET."""

    def call(self, method, *segments, **kwargs):
        if segments[-1] == "gone":
            raise ModelArtsApiError(404, "ModelArts.3502", "service not found", "r", method, "u")

        class Answer:
            body = {"service_id": segments[-1], "service_name": "ocr", "status": "running",
                    "config": [{"model_id": "m-1", "model_version": "1.0.0", "envs": {"A": "1"}}]}
        return Answer()


def test_include_models_reads_details_and_leaves_deleted_services_out():
    loaded = plugin(regions=["cn-north-4"], include_models=True)
    records = loaded._read([{"region": "cn-north-4", "project_id": "p", "client": DetailClient(
        [{"service_id": "here", "service_name": "ocr"}, {"service_id": "gone", "service_name": "old"}])}])
    assert [r["service"]["service_id"] for r in records] == ["here"]
    assert records[0]["models"] == [{"model_id": "m-1", "model_version": "1.0.0"}]
    hostvars = loaded._hostvars(records[0])
    assert hostvars["modelarts_model_ids"] == ["m-1"]


class ConcurrentDetailClient(DetailClient):
    """Lists ``count`` services; each detail GET waits until DETAIL_CONCURRENCY of them are in flight together."""

    def __init__(self, count):
        DetailClient.__init__(self, [{"service_id": "svc-%02d" % number, "service_name": "svc-%02d" % number}
                                     for number in range(count)])
        self.barrier = threading.Barrier(modelarts_services.DETAIL_CONCURRENCY, timeout=30)
        self.in_flight = self.most = 0
        self.lock = threading.Lock()

    def call(self, method, *segments, **kwargs):
        if method != "GET" or segments[-1] == "services":
            return DetailClient.call(self, method, *segments, **kwargs)
        with self.lock:
            self.in_flight += 1
            self.most = max(self.most, self.in_flight)
        # A sequential reader would break the barrier (BrokenBarrierError) instead of passing it.
        self.barrier.wait()
        with self.lock:
            self.in_flight -= 1
        return DetailClient.call(self, method, *segments, **kwargs)


def test_include_models_reads_run_concurrently_within_the_fleets_limit_in_listing_order():
    loaded = plugin(regions=["cn-north-4"], include_models=True)
    count = 3 * modelarts_services.DETAIL_CONCURRENCY
    client = ConcurrentDetailClient(count)
    records = loaded._read([{"region": "cn-north-4", "project_id": "p", "client": client}])
    assert [r["service"]["service_id"] for r in records] == ["svc-%02d" % number for number in range(count)]
    assert client.most == modelarts_services.DETAIL_CONCURRENCY == 8


def test_the_cache_keeps_only_what_builds_the_hosts_and_a_former_cache_is_a_miss():
    loaded = plugin(regions=["cn-north-4"], include_models=True)
    records = loaded._read([{"region": "cn-north-4", "project_id": "p", "client": DetailClient(
        [{"service_id": "here", "service_name": "ocr"}])}])
    # The detail's config (with its envs) is not kept: only the fields the host variables are made of.
    assert records[0]["service"] == {"service_id": "here", "service_name": "ocr", "status": "running"}
    packed = modelarts_services._pack(records)
    assert "envs" not in json.dumps(packed) and set(packed) == {"format", "service_fields", "rows"}
    unpacked = modelarts_services._unpack(json.loads(json.dumps(packed)))
    assert unpacked == records
    assert [loaded._hostvars(record) for record in unpacked] == [loaded._hostvars(record) for record in records]
    # A cache written by an earlier release (a list of records) is read again from the API.
    assert modelarts_services._unpack(records) is None
    assert modelarts_services._unpack(dict(packed, service_fields=["service_id"])) is None


def test_a_token_iam_issued_is_scrubbed_from_errors():
    token = "MIIissuedTokenThatMustNeverBeShown0000000000000001"
    loaded = plugin(regions=["cn-north-4"], access_key=None, secret_key=None, user_name="ops", password="pw-123456",
                    domain_name="acme")
    client = loaded._targets()[0]["client"]
    # The client's password auth asks IAM for a token, as on its first request.
    client.auth._transport.request = lambda *args, **kwargs: Response(
        201, {"X-Subject-Token": token}, {"token": {"project": {"id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9"}}}, "")
    assert client.auth.token() == token
    error = ModelArtsApiError(401, "APIG.0307", "token %s expired" % token, "req-2", "GET",
                              "https://modelarts.example.test/v1/p/services")
    with pytest.raises(AnsibleParserError) as raised:
        loaded._read([{"region": "cn-north-4", "project_id": "p", "client": FakeClient(error=error)}])
    text = str(raised.value)
    assert token not in text and "pw-123456" not in text
    assert "token ******** expired" in text


def test_a_password_echoed_json_escaped_or_html_safe_is_scrubbed_from_errors(monkeypatch):
    # Given the AWX way (HW_USER_PASSWORD); a gateway quotes it as it appeared in the JSON body it received.
    password = u'Pa"ss\\w\u00f6rd=<>&'
    monkeypatch.setenv("HW_USER_PASSWORD", password)
    loaded = plugin(regions=["cn-north-4"], access_key=None, secret_key=None, user_name="ops", password=None,
                    domain_name="acme")
    loaded._targets()
    escaped = json.dumps(password)[1:-1]
    html_safe = escaped.replace("=", "\\u003d").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    error = ModelArtsApiError(400, "APIG.0201", "bad body %s / %s" % (escaped, html_safe), "req-3", "GET",
                              "https://modelarts.example.test/v1/p/services")
    with pytest.raises(AnsibleParserError) as raised:
        loaded._read([{"region": "cn-north-4", "project_id": "p", "client": FakeClient(error=error)}])
    text = str(raised.value)
    assert "bad body ******** / ********" in text, text
    assert escaped[:6] not in text and "w\\u00f6rd" not in text


def test_the_cache_keeps_what_marks_a_new_version_service():
    """A v2 record's ``api`` survives _pack/_unpack, so a cached inventory still sets modelarts_api=v2."""
    v2 = {"region": "cn-north-4", "project_id": "p" * 32, "endpoint": "https://modelarts.example.invalid",
          "service": {"service_id": "5e0c1d2e-aaaa-4bbb-8ccc-000000000001", "service_name": "detector",
                      "status": "RUNNING", "infer_type": "REAL_TIME", "api": "v2"}, "models": None}
    v1 = dict(v2, service={"service_id": "5e0c1d2e-aaaa-4bbb-8ccc-000000000002", "service_name": "classifier",
                           "status": "running", "infer_type": "real-time"}, models=[])
    unpacked = modelarts_services._unpack(json.loads(json.dumps(modelarts_services._pack([v2, v1]))))
    assert unpacked == [v2, v1]
    hostvars = modelarts_services.InventoryModule._hostvars(unpacked[0])
    assert hostvars["modelarts_api"] == "v2"
    assert "modelarts_api" not in modelarts_services.InventoryModule._hostvars(unpacked[1])
