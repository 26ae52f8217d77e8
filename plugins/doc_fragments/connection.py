# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  region:
    description:
      - Huawei Cloud region, for example C(cn-north-4) or C(ap-southeast-3).
      - Builds the default O(endpoint) and O(iam_endpoint), scopes IAM password tokens, and finds the project
        when O(project_id) is not set.
      - Required unless O(endpoint) and O(iam_endpoint) are both set.
      - Lower-case letters, digits and C(-) only, as region names are; anything else is refused before any request.
      - If not set, the value of the E(HW_REGION_NAME) environment variable is used.
    type: str
  project_id:
    description:
      - ID of the project that owns the services.
      - When not set it is looked up in IAM as the one project named like O(region).
      - If not set, the value of the E(HW_PROJECT_ID) environment variable is used.
    type: str
  endpoint:
    description:
      - ModelArts API endpoint, C(https://host[:port]); a URL with user info, a path, a query or a fragment is refused.
      - Defaults to C(https://modelarts.{region}.myhuaweicloud.com).
      - If not set, the value of the E(HW_MODELARTS_ENDPOINT) environment variable is used.
    type: str
  iam_endpoint:
    description:
      - IAM endpoint used for password tokens and project lookup, with or without a trailing C(/v3).
      - Defaults to C(https://iam.{region}.myhuaweicloud.com).
      - If not set, the value of the E(HW_AUTH_URL) environment variable is used.
    type: str
  access_key:
    description:
      - Access key ID (AK) for AK/SK request signing (C(SDK-HMAC-SHA256)), used together with O(secret_key).
      - Exactly one authentication mode may be set; AK/SK, O(auth_token), or O(user_name) with O(password)
        and O(domain_name).
      - If not set, the value of the E(HW_ACCESS_KEY) environment variable is used.
    type: str
  secret_key:
    description:
      - Secret access key (SK) that signs every request. Never logged.
      - If not set, the value of the E(HW_SECRET_KEY) environment variable is used.
    type: str
  security_token:
    description:
      - Security token of temporary AK/SK credentials, sent as C(X-Security-Token).
      - If not set, the value of the E(HW_SECURITY_TOKEN) environment variable is used.
    type: str
  auth_token:
    description:
      - An IAM token, sent as C(X-Auth-Token). It must be scoped to the project.
      - If not set, the value of the E(HW_AUTH_TOKEN) environment variable is used.
    type: str
  user_name:
    description:
      - IAM user name for password authentication, with O(password) and O(domain_name).
        The module obtains a project-scoped token from IAM once per task.
      - If not set, the value of the E(HW_USER_NAME) environment variable is used.
    type: str
  password:
    description:
      - IAM user password. Never logged.
      - If not set, the value of the E(HW_USER_PASSWORD) environment variable is used.
    type: str
  domain_name:
    description:
      - Name of the account (domain) the IAM user belongs to.
      - If not set, the value of the E(HW_DOMAIN_NAME) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificates of the endpoints. Only turn this off against a test endpoint.
    type: bool
    default: true
  ca_bundle:
    description:
      - Path of a PEM file of CA certificates to verify the endpoints with, instead of the system's.
    type: path
  api_timeout:
    description:
      - Seconds one HTTP request may take in all, connecting, and receiving the headers and the whole
        body, between 1 and 3600. An answer still arriving then is abandoned.
      - One request with all its O(retries) and the waits between them, C(Retry-After) included, takes at
        most O(api_timeout) times (O(retries) + 1) seconds; a wait that would end later is not taken.
    type: int
    default: 30
  retries:
    description:
      - How many times a read is sent again after throttling (429, honouring C(Retry-After)), a server
        error (500, 502, 503, 504) or a connection error, with exponential backoff and jitter.
      - Writes are re-sent only after 409 and 429, which mean the server did not apply them;
        after any other failure the module reads the service again instead.
      - At most 10.
    type: int
    default: 3
notes:
  - HTTPS proxies are taken from the E(HTTPS_PROXY) and E(NO_PROXY) environment variables, and with
    certificate checks on and no O(ca_bundle), the CA bundle from E(REQUESTS_CA_BUNDLE) or E(CURL_CA_BUNDLE); they are
    read once per run and host. Credentials in C(~/.netrc) are never sent.
  - All modules of this collection are in the C(hwcloud.modelarts.modelarts) action group, so
    connection options can be set once with C(module_defaults).
requirements:
  - requests
'''
