# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import yaml

from ansible_collections.hwcloud.modelarts.plugins.module_utils._transport import USER_AGENT
from ansible_collections.hwcloud.modelarts.plugins.module_utils._version import COLLECTION_VERSION

GALAXY_YML = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "galaxy.yml")


def galaxy():
    with open(GALAXY_YML, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_collection_version_equals_galaxy_version():
    assert COLLECTION_VERSION == str(galaxy()["version"])


def test_galaxy_names_this_collection():
    data = galaxy()
    assert (data["namespace"], data["name"]) == ("hwcloud", "modelarts")


def test_version_is_semantic():
    assert re.match(r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$", COLLECTION_VERSION)


def test_user_agent_carries_the_version():
    assert USER_AGENT == "hwcloud.modelarts/" + COLLECTION_VERSION
