# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: modelarts_services
short_description: Huawei Cloud ModelArts inference services as inventory hosts
version_added: 0.2.0
description:
  - Makes one inventory host of every ModelArts service of one or more regions (projects), for playbooks such
    as C(playbooks/fleet_update.yml) that act on each service from the controller. Nothing connects to these
    hosts.
  - Reads the services with the list API C(GET /v1/{project_id}/services), paged through with the same client
    and pager as the modules, so even thousands of services take a handful of requests per region.
  - The inventory source is a YAML file whose name ends in C(.modelarts_services.yml) or
    C(.modelarts_services.yaml) and whose O(plugin) key names this plugin.
  - Connection and authentication options are those of the modules, under the same names and with the same
    E(HW_*) environment variables (the AWX credential type of this collection injects them). Exactly one
    authentication mode may be set.
  - The host name is the service name (C(service_name)). Service names need not be unique, also across
    regions; every service whose name is shared with another service listed (or is not a valid service name)
    gets its service ID as host name instead, and the plugin warns once per such name, listing the IDs.
  - Every host is in the group C(modelarts_services) and has the variables C(modelarts_service_id),
    C(modelarts_service_name), C(modelarts_status), C(modelarts_infer_type), C(modelarts_description) and
    C(modelarts_workspace_id) from the list API's answer (null where the answer has no value), and
    C(modelarts_region), C(modelarts_project_id) and C(modelarts_endpoint), the region, project and ModelArts
    endpoint the service was listed in, which C(playbooks/fleet_update.yml) connects with. Every variable costs
    ansible-core time per host, so the plugin sets these rather than the whole answer.
  - The models a service serves (its C(config)) are not in the list API's answer, which has only summaries.
    With O(include_models=true) the plugin reads each service once more to add C(modelarts_models) (per model
    C(model_id), C(model_name), C(model_version), C(weight), C(specification), C(instance_count)) and
    C(modelarts_model_ids). When a list answer carries C(config) itself, these variables are set without that
    extra request.
  - A template in a server value (a name, a description, ...) is never rendered; before ansible-core 2.19 the
    plugin marks these values unsafe for that.
author:
  - hwcloud.modelarts developers (@hwcloud)
extends_documentation_fragment:
  - hwcloud.modelarts.inventory_connection
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description:
      - The name of this plugin; it marks the file as this plugin's configuration.
    type: str
    required: true
    choices: [hwcloud.modelarts.modelarts_services]
  regions:
    description:
      - The regions whose services to list, for example C([cn-north-4, ap-southeast-3]). The environment
        variable may hold several, separated by commas.
      - Each region is listed at its own endpoints, C(https://modelarts.{region}.myhuaweicloud.com) and
        C(https://iam.{region}.myhuaweicloud.com), unless O(endpoint) or O(iam_endpoint) is set. A
        C({region}) in either is replaced by the region's name; without it, that endpoint is used for every
        region.
      - Required unless O(endpoint) and O(iam_endpoint) are both set.
    type: list
    elements: str
    aliases: [region]
    env:
      - name: HW_REGION_NAME
  project_id:
    description:
      - The project whose services to list in each region.
      - A single ID applies to the only region of O(regions). With several regions give a mapping of region
        name to project ID; a region the mapping does not name has its project looked up in IAM as the one
        project named like the region (one IAM request per region; with IAM password authentication the
        project comes with the token, at no extra request).
      - Not set, every region's project is looked up.
    type: raw
    env:
      - name: HW_PROJECT_ID
  status:
    description:
      - Only services in this status, as the list API filters by it.
    type: str
    choices: [running, deploying, concerning, failed, stopped, finished]
  infer_type:
    description:
      - Only services of this kind.
    type: str
    choices: [real-time, batch, edge]
  model_id:
    description:
      - Only services that serve this model (in any of their config entries).
    type: str
  service_name:
    description:
      - Only services named exactly this. The list API is asked with the name, and services whose name merely
        contains it are dropped from the answer.
    type: str
  workspace_id:
    description:
      - Only services of this workspace. C(0) is the default workspace.
    type: str
  include_models:
    description:
      - Read every listed service with C(GET /v1/{project_id}/services/{service_id}) to add
        C(modelarts_models) and C(modelarts_model_ids) to its host.
      - This costs one request per service (2500 services are 2500 more requests after the handful of list
        requests), sent 8 at a time (the default concurrency of M(hwcloud.modelarts.modelarts_fleet)); an HTTP 429
        pauses all of them. Combine it with O(cache) for large projects.
      - A service deleted between the list and its GET is left out.
    type: bool
    default: false
  service_api:
    description:
      - Which services to list. V(v1) the services of the v1 API (C(GET /v1/{project_id}/services)); V(v2) the
        new-version real-time services of the v2 API (C(GET /v2/{project_id}/services), all pages); V(both) both.
      - A new-version service's host has the same variables, from the v2 list's answer (C(modelarts_infer_type) is
        its C(type), such as C(REAL_TIME); its C(status) is upper case), and C(modelarts_api=v2).
      - O(status) filters new-version services by the same status in upper case; O(infer_type), O(model_id) and
        O(include_models) apply to v1 services only, so with O(infer_type) or O(model_id) set no new-version
        service is listed.
    type: str
    choices: [v1, v2, both]
    default: v1
    version_added: 0.3.0
notes:
  - The inventory fails as a whole, naming the region, when any region cannot be listed (bad credentials, an
    unknown project, an API error), because a partial fleet would look like services that vanished.
  - Run it with E(ANSIBLE_INVENTORY_UNPARSED_FAILED=true) (AWX inventory updates do) so that a source that
    fails to parse fails the command instead of leaving an empty inventory with a warning.
  - The cache key is made of the plugin, the source file, the regions, projects, endpoints, filters,
    O(include_models), the authentication mode and the non-secret part of the identity (O(access_key), or
    O(user_name) and O(domain_name)); never of a secret. O(compose), O(groups) and O(keyed_groups) are applied
    on every run, also to cached services.
  - The cache keeps only what the hosts are made of (the service fields of the C(modelarts_*) variables and, with
    O(include_models), the model fields of C(modelarts_models)), one row per service, so reading it is faster than
    listing the services again.
  - A file cache plugin (C(ansible.builtin.jsonfile), ...) writes the cache readable by its owner only (0600),
    and a cache directory it creates is its owner's only (0700), because the cache describes the project's
    services and, with O(include_models), their models.
seealso:
  - name: ListServices API reference
    description: The list API the plugin reads, its filters and the fields of each service.
    link: https://support.huaweicloud.com/intl/en-us/api-modelarts/ListServices.html
  - module: hwcloud.modelarts.modelarts_service_info
'''

EXAMPLES = r'''
# fleet.modelarts_services.yml: every service of the project of HW_REGION_NAME, with the credentials
# (HW_ACCESS_KEY, HW_SECRET_KEY, ...) taken from the environment.
plugin: hwcloud.modelarts.modelarts_services

---
# Two regions, each with its project, only real-time services, grouped by status and by region:
# groups such as status_running and region_ap_southeast_3.
plugin: hwcloud.modelarts.modelarts_services
regions:
  - cn-north-4
  - ap-southeast-3
project_id:
  cn-north-4: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
  ap-southeast-3: f9e8d7c6b5a4938271605f4e3d2c1b0a
infer_type: real-time
keyed_groups:
  - key: modelarts_status
    prefix: status
  - key: modelarts_region
    prefix: region
groups:
  # Services that are up but have faulty instances.
  degraded: modelarts_status == 'concerning'

---
# The models each service serves (one more request per service), cached for an hour in files:
# groups such as model_7f3c8d0e_1111_4a5b_9c8d_000000000001 hold the services serving that model.
plugin: hwcloud.modelarts.modelarts_services
include_models: true
keyed_groups:
  - key: modelarts_model_ids
    prefix: model
compose:
  # fleet_update.yml addresses the service by this ID.
  service_id: modelarts_service_id
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/modelarts-inventory
cache_timeout: 3600
'''

import hashlib
import json
import os
import re
import threading
from collections.abc import Mapping

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

try:
    from ansible.utils.unsafe_proxy import wrap_var
except ImportError:  # gone from an ansible-core that never renders untrusted inventory data anyway
    wrap_var = None

from ansible_collections.hwcloud.modelarts.plugins.module_utils._auth import AKSK, PASSWORD, select_auth_mode
from ansible_collections.hwcloud.modelarts.plugins.module_utils._connection import (
    CONNECTION_ARGUMENT_SPEC,
    SECRET_OPTIONS,
    build_client,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import (
    ModelArtsApiError,
    ModelArtsConfigError,
    ModelArtsConnectionError,
    ModelArtsError,
)
from ansible_collections.hwcloud.modelarts.plugins.module_utils._inputs import ID_PATTERN, REGION_PATTERN
from ansible_collections.hwcloud.modelarts.plugins.module_utils._secrets import MAX_QUOTE, SecretRegistry
from ansible_collections.hwcloud.modelarts.plugins.module_utils._service.api import ServiceApi
from ansible_collections.hwcloud.modelarts.plugins.module_utils._throttle import ThrottleGate
from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import REQUESTS_IMPORT_ERROR
from ansible_collections.hwcloud.modelarts.plugins.module_utils._v2_service.api import V2ServiceApi

GROUP = "modelarts_services"
FILTERS = ("status", "infer_type", "model_id", "workspace_id")
# Connection options the plugin takes per region instead of once.
PER_REGION = ("region", "project_id")
MODEL_FIELDS = ("model_id", "model_name", "model_version", "weight", "specification", "instance_count")
# What the hosts are built from (_hostvars, _hostnames): the only fields of a service that are kept and cached.
# "api" is set on new-version (v2) records only: modelarts_api=v2 must survive the cache like the rest.
SERVICE_FIELDS = ("service_id", "service_name", "status", "infer_type", "description", "workspace_id", "api")
# The include_models reads at once: modelarts_fleet's default max_concurrency, under the same 429 pause.
DETAIL_CONCURRENCY = 8
# The cache holds rows, not a dict per host: ansible-core decodes a cache much slower per object than per value.
CACHE_FORMAT = "modelarts_services/rows-1"

# CreateService: 1 to 64 letters, digits, hyphens, underscores or Chinese characters.
SERVICE_NAME_RE = re.compile(r"^[\w-]{1,64}$", re.UNICODE)

# Option values quoted back in an error are cut to this many characters.
MAX_QUOTED_OPTION = 64

# ansible-core 2.19 and later render no template in inventory data unless it is marked trusted (plugins
# that could declare so have trusted_by_default); earlier versions render every string not wrapped as unsafe.
WRAP_UNSAFE = wrap_var is not None and not hasattr(BaseInventoryPlugin, "trusted_by_default")


def _pack(records):
    """The records as the cache keeps them: one list of values per service."""
    return {"format": CACHE_FORMAT, "service_fields": list(SERVICE_FIELDS), "rows": [
        [record["region"], record["project_id"], record["endpoint"],
         [record["service"].get(key) for key in SERVICE_FIELDS], record["models"]] for record in records]}


def _unpack(cached):
    """The records of a cache written by _pack, or None (a miss) for anything else, such as an older format."""
    if not isinstance(cached, Mapping) or cached.get("format") != CACHE_FORMAT \
            or list(cached.get("service_fields") or []) != list(SERVICE_FIELDS) or not isinstance(cached.get("rows"), list):
        return None
    records = []
    for row in cached["rows"]:
        region, project_id, endpoint, values, models = row
        service = dict((key, value) for key, value in zip(SERVICE_FIELDS, values) if value is not None)
        records.append({"region": region, "project_id": project_id, "endpoint": endpoint, "service": service,
                        "models": models})
    return records


def _untrusted(value):
    return wrap_var(value) if WRAP_UNSAFE else value


def _bounded(text, limit=MAX_QUOTED_OPTION):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "hwcloud.modelarts.modelarts_services"

    def __init__(self):
        super(InventoryModule, self).__init__()
        # Every secret of this run in the forms sent: the options' values, and each token IAM
        # issues, which the clients register here as they obtain it.
        self._secrets = SecretRegistry()
        self._clients = []

    def verify_file(self, path):
        return (super(InventoryModule, self).verify_file(path)
                and path.endswith((".modelarts_services.yml", ".modelarts_services.yaml")))

    # ---- secrets -------------------------------------------------------------------------------

    def _scrub(self, text):
        """``text`` without any secret the plugin was given or a client obtained (IAM tokens, renewed ones too)."""
        return self._secrets.scrub(text)

    def _quote(self, text, limit=MAX_QUOTE):
        """Server text for a message: scrubbed first, so that cutting it cannot leave part of a secret."""
        return self._secrets.quote(text, limit)

    def _fail(self, message):
        # "from None" keeps the original exception, whose text was not scrubbed, out of -vvv tracebacks.
        raise AnsibleParserError("%s: %s" % (self.NAME, self._scrub(message))) from None

    # ---- options -------------------------------------------------------------------------------

    def _text_option(self, name):
        value = self.get_option(name)
        # AWX injects an optional credential field left empty as an empty string: not set.
        return value if value not in ("", None) else None

    def _regions(self):
        regions = []
        for region in self.get_option("regions") or []:
            region = str(region).strip()
            if not region:
                continue
            if not REGION_PATTERN.fullmatch(region):
                raise ModelArtsConfigError(
                    "regions: %r is not a region name (lower-case letters and digits in parts joined by hyphens, "
                    "such as cn-north-4 or eu-de)." % _bounded(region))
            if region not in regions:
                regions.append(region)
        return regions

    def _project_ids(self, regions):
        value = self.get_option("project_id")
        if value in ("", None):
            return {}
        if isinstance(value, str):
            if len(regions) > 1:
                raise ModelArtsConfigError(
                    "project_id is one project ID but regions lists %d regions (%s); give project_id as a mapping "
                    "of region to project ID, or leave a region out of it to look its project up."
                    % (len(regions), ", ".join(regions)))
            mapping = {regions[0] if regions else None: value}
        elif isinstance(value, Mapping):
            unknown = sorted(str(key) for key in value if key not in regions)
            if unknown:
                raise ModelArtsConfigError("project_id names regions that regions does not list: %s."
                                           % ", ".join(_bounded(key) for key in unknown))
            mapping = dict(value)
        else:
            raise ModelArtsConfigError("project_id must be a project ID or a mapping of region to project ID, got %s."
                                       % type(value).__name__)
        for region, project_id in mapping.items():
            if project_id in ("", None):
                continue
            if not isinstance(project_id, str) or not ID_PATTERN.fullmatch(project_id):
                raise ModelArtsConfigError("project_id%s must be a project ID (letters, digits, - and _), got %r." % (
                    " of %s" % region if region else "", _bounded(project_id)))
        return dict((region, project_id) for region, project_id in mapping.items() if project_id not in ("", None))

    @staticmethod
    def _endpoint_for(value, region, option):
        if value is None or "{region}" not in value:
            return value
        if region is None:
            raise ModelArtsConfigError("%s contains {region} but no regions are set." % option)
        return value.replace("{region}", region)

    def _connection_params(self):
        return dict((name, self.get_option(name)) for name in CONNECTION_ARGUMENT_SPEC if name not in PER_REGION)

    def _targets(self):
        """One (region, client) per region, every option checked; sends nothing."""
        if REQUESTS_IMPORT_ERROR is not None:
            raise ModelArtsConfigError("the Python library requests is required: pip install requests.")
        common = self._connection_params()
        for name in SECRET_OPTIONS:
            self._secrets.add(common.get(name))
        select_auth_mode(common)
        regions = self._regions()
        if not regions and not (self._text_option("endpoint") and self._text_option("iam_endpoint")):
            raise ModelArtsConfigError(
                "regions (HW_REGION_NAME) is required unless both endpoint and iam_endpoint are set.")
        project_ids = self._project_ids(regions)
        targets = []
        for region in regions or [None]:
            params = dict(common)
            params.update(
                region=region,
                project_id=project_ids.get(region),
                endpoint=self._endpoint_for(self._text_option("endpoint"), region, "endpoint"),
                iam_endpoint=self._endpoint_for(self._text_option("iam_endpoint"), region, "iam_endpoint"),
            )
            client = build_client(params, register_secret=self._secrets.add)
            self._clients.append(client)
            targets.append({"region": region, "project_id": project_ids.get(region), "client": client})
        return targets

    def _filters(self):
        return dict((name, self._text_option(name)) for name in FILTERS if self._text_option(name) is not None)

    # ---- cache ---------------------------------------------------------------------------------

    def _identity(self, targets):
        """What the listed services depend on, without any secret."""
        params = self._connection_params()
        mode = select_auth_mode(params)
        who = {"mode": mode}
        if mode == AKSK:
            who["access_key"] = (params.get("access_key") or "").strip()
        elif mode == PASSWORD:
            who["user_name"] = params.get("user_name")
            who["domain_name"] = params.get("domain_name")
        return {
            "auth": who,
            "targets": [[t["region"], t["project_id"], t["client"].endpoint, t["client"].iam_endpoint] for t in targets],
            "filters": self._filters(),
            "service_name": self._text_option("service_name"),
            "include_models": bool(self.get_option("include_models")),
            "service_api": self.get_option("service_api"),
        }

    def _services_cache_key(self, path, targets):
        digest = hashlib.sha256(json.dumps(self._identity(targets), sort_keys=True).encode("utf-8")).hexdigest()
        return "%s_%s" % (self.get_cache_key(path), digest[:16])

    # ---- reading -------------------------------------------------------------------------------

    def _where(self, target):
        return "region %s" % target["region"] if target["region"] else "endpoint %s" % target["client"].endpoint

    def _read_region(self, target):
        records = []
        if self.get_option("service_api") in ("v1", "both"):
            records.extend(self._read_region_v1(target))
        if self.get_option("service_api") in ("v2", "both"):
            records.extend(self._read_region_v2(target))
        return records

    def _read_region_v2(self, target):
        """The region's new-version services, as records of the v1 shape (``service_id``, ``service_name``, ...)."""
        filters = self._filters()
        if "infer_type" in filters or "model_id" in filters:
            # Filters of v1 services only: no new-version service matches them.
            return []
        wanted_name = self._text_option("service_name")
        entries = V2ServiceApi(target["client"]).list(name=wanted_name, status=filters["status"].upper() if "status" in filters else None,
                                                      workspace_id=filters.get("workspace_id"))
        project_id = target["client"].project_id
        records = []
        for entry in entries:
            if not ID_PATTERN.fullmatch(entry["id"]):
                raise ValueError("the v2 list answer has a service without a valid id: %s" % self._quote(json.dumps(entry, default=str)))
            service = {"service_id": entry["id"], "service_name": entry.get("name"), "status": entry.get("status"),
                       "infer_type": entry.get("type"), "description": entry.get("description"),
                       "workspace_id": entry.get("workspace_id"), "api": "v2"}
            records.append({"region": target["region"], "project_id": project_id, "endpoint": target["client"].endpoint,
                            "service": service, "models": None})
        return records

    def _read_region_v1(self, target):
        api = ServiceApi(target["client"])
        wanted_name = self._text_option("service_name")
        filters = self._filters()
        if wanted_name is not None:
            filters["service_name"] = wanted_name
        entries = api.list_services(**filters)
        if not isinstance(entries, list):
            raise ValueError("the list answer has no list of services")
        project_id = target["client"].project_id
        records = []
        kept = []
        seen = set()
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("service_id"), str) \
                    or not ID_PATTERN.fullmatch(entry["service_id"]):
                raise ValueError("the list answer has a service without a valid service_id: %s"
                                 % self._quote(json.dumps(entry, default=str)))
            if entry["service_id"] in seen:
                continue
            seen.add(entry["service_id"])
            if wanted_name is not None and entry.get("service_name") != wanted_name:
                continue
            kept.append(entry)
        details = self._details(api, [entry for entry in kept if entry.get("config") is None]) \
            if self.get_option("include_models") else {}
        for entry in kept:
            models = entry.get("config")
            if models is None and self.get_option("include_models"):
                detail = details.get(entry["service_id"])
                if detail is None:
                    self.display.vvv("%s: service %s was deleted after it was listed; left out."
                                     % (self.NAME, entry["service_id"]))
                    continue
                entry = detail
                models = detail.get("config") or []
            records.append({
                "region": target["region"],
                "project_id": project_id,
                "endpoint": target["client"].endpoint,
                "service": dict((key, entry[key]) for key in SERVICE_FIELDS if key in entry),
                "models": [dict((k, m[k]) for k in MODEL_FIELDS if k in m) for m in models if isinstance(m, dict)]
                if isinstance(models, list) else None,
            })
        return records

    @staticmethod
    def _details(api, entries):
        """Each service of ``entries`` read in full, DETAIL_CONCURRENCY at a time: {service_id: service or None}."""
        transport = getattr(api.client, "transport", None)
        if transport is not None and transport.gate is None:
            # One 429 pauses every reader, as it pauses every worker of modelarts_fleet.
            transport.gate = ThrottleGate()
        todo = list(entries)
        found = {}
        failures = []
        lock = threading.Lock()

        def work():
            while True:
                with lock:
                    if not todo or failures:
                        return
                    entry = todo.pop(0)
                try:
                    detail = api.find_service(entry["service_id"])
                except Exception as error:  # pylint: disable=broad-except  # raised in the caller's thread below
                    with lock:
                        failures.append(error)
                    return
                with lock:
                    found[entry["service_id"]] = detail

        threads = [threading.Thread(target=work, name="modelarts-inventory-%d" % number)
                   for number in range(min(DETAIL_CONCURRENCY, len(todo)))]
        for thread in threads:
            thread.daemon = True
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        return found

    def _read(self, targets):
        records = []
        for target in targets:
            try:
                records.extend(self._read_region(target))
            except ModelArtsApiError as error:
                self._fail("listing the services of %s failed: %s %s returned HTTP %s%s%s%s" % (
                    self._where(target), error.method, error.url, error.status,
                    " %s" % self._quote(error.error_code, 64) if error.error_code else "",
                    ": %s" % self._quote(error.error_msg) if error.error_msg else "",
                    " (request id %s)" % self._quote(error.request_id, 64) if error.request_id else ""))
            except ModelArtsConnectionError as error:
                self._fail("listing the services of %s failed: %s %s failed without an answer: %s" % (
                    self._where(target), error.method, error.url, self._quote(error.reason)))
            except ModelArtsError as error:
                self._fail("listing the services of %s failed: %s" % (self._where(target), self._quote(error, 1000)))
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                self._fail("listing the services of %s failed: the API answer is not what the list call expects "
                           "(%s: %s)" % (self._where(target), type(error).__name__, self._quote(error)))
        return records

    # ---- hosts ---------------------------------------------------------------------------------

    def _hostnames(self, records):
        """Service name per record, or the service ID when the name is shared or not a service name."""
        ids = set(record["service"]["service_id"] for record in records)
        by_name = {}
        for record in records:
            by_name.setdefault(record["service"].get("service_name"), []).append(record["service"]["service_id"])
        hostnames = []
        for record in records:
            service = record["service"]
            name = service.get("service_name")
            if isinstance(name, str) and SERVICE_NAME_RE.fullmatch(name) and len(by_name[name]) == 1 and name not in ids:
                hostnames.append(name)
            else:
                hostnames.append(service["service_id"])
        for name, service_ids in sorted(by_name.items(), key=lambda item: str(item[0])):
            if isinstance(name, str) and SERVICE_NAME_RE.fullmatch(name) and len(service_ids) == 1 and name not in ids:
                continue
            if isinstance(name, str) and SERVICE_NAME_RE.fullmatch(name):
                why = "is the name of %d services" % len(service_ids) if len(service_ids) > 1 else "is a service ID"
            else:
                why = "is not a valid service name"
            self.display.warning(self._scrub("%s: %r %s, so these hosts are named by service ID: %s." % (
                self.NAME, self._quote(name, 64), why, ", ".join(sorted(service_ids)))))
        return hostnames

    @staticmethod
    def _hostvars(record):
        service = record["service"]
        hostvars = {
            "modelarts_service_id": service["service_id"],
            "modelarts_service_name": service.get("service_name"),
            "modelarts_status": service.get("status"),
            "modelarts_infer_type": service.get("infer_type"),
            "modelarts_description": service.get("description"),
            "modelarts_workspace_id": service.get("workspace_id"),
            "modelarts_region": record["region"],
            "modelarts_project_id": record["project_id"],
            "modelarts_endpoint": record["endpoint"],
        }
        if service.get("api") == "v2":
            hostvars["modelarts_api"] = "v2"
        if record["models"] is not None:
            hostvars["modelarts_models"] = record["models"]
            hostvars["modelarts_model_ids"] = [m["model_id"] for m in record["models"] if "model_id" in m]
        return hostvars

    def _populate(self, records):
        self.inventory.add_group(GROUP)
        strict = self.get_option("strict")
        for hostname, record in zip(self._hostnames(records), records):
            hostvars = dict((key, _untrusted(value)) for key, value in self._hostvars(record).items())
            self.inventory.add_host(hostname, group=GROUP)
            for key, value in hostvars.items():
                self.inventory.set_variable(hostname, key, value)
            self._set_composite_vars(self.get_option("compose"), hostvars, hostname, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, hostname, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, hostname, strict=strict)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        # The cache plugin is loaded here, and a file cache plugin creates its directory as it loads. Created
        # under this umask, the directory is its owner's only (0700), so the files written in it later are
        # never readable by others, not even between the plugin's chmod 0644 and _write_cache's 0600.
        # The umask is the process's: a file another thread creates meanwhile is only more private.
        umask = os.umask(0o077)
        try:
            self._read_config_data(path)
        finally:
            os.umask(umask)
        try:
            targets = self._targets()
        except ModelArtsError as error:
            self._fail(error)

        use_cache = self.get_option("cache")
        cache_key = self._services_cache_key(path, targets)
        records = None
        if use_cache and cache:
            try:
                records = _unpack(self._cache[cache_key])
            except KeyError:
                records = None
        fresh = records is None
        if fresh:
            records = self._read(targets)
            if use_cache:
                self._cache[cache_key] = _pack(records)
        self._populate(records)
        if fresh and use_cache:
            # After _populate, which may add to the records: what the inventory manager would write.
            self._write_cache(cache_key)

    def _write_cache(self, cache_key):
        """Write the cache now, readable by its owner only: it describes the project's services and their models.

        A file cache plugin makes its files readable by all (0644) when the inventory manager writes
        the cache after parse; written here, the manager finds nothing changed and leaves them as set.
        A directory the plugin created is 0700 (parse), which covers the moment between the two modes.
        """
        self.set_cache_plugin()
        plugin = getattr(self._cache, "_plugin", None)
        file_name = getattr(plugin, "_get_cache_file_name", None)
        if file_name is None:
            # Not a file cache (memcached, redis, ...): its own access control applies.
            return
        # ansible-core 2.19 and later put a format version before the key in the file's name (s1_...).
        directory, name = os.path.split(file_name(cache_key))
        prefix = name[:-len(cache_key)]
        try:
            for entry in os.listdir(directory):
                if entry.startswith(prefix) and entry.endswith(cache_key):
                    os.chmod(os.path.join(directory, entry), 0o600)
        except OSError as error:
            self.display.warning("%s: could not make the cache file readable by its owner only: %s" % (
                self.NAME, error.strerror))
