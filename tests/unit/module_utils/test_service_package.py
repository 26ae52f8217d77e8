# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service package plugs into the core: it holds no poll loop and no write recovery of its own."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import pytest

from ansible_collections.hwcloud.modelarts.plugins.module_utils import _service

PACKAGE = os.path.dirname(_service.__file__)
SOURCES = sorted(name for name in os.listdir(PACKAGE) if name.endswith(".py"))


def source(name):
    with open(os.path.join(PACKAGE, name)) as handle:
        return handle.read()


@pytest.mark.parametrize("name", SOURCES)
def test_no_poll_loop_of_its_own(name):
    # Every wait is the core's poll_until, with its deadline and backoff.
    assert not re.search(r"\.pause\(|sleep\(|POLL_FACTOR|MAX_POLL", source(name))


@pytest.mark.parametrize("name", SOURCES)
def test_no_write_recovery_of_its_own(name):
    # "Did it land?" is the core's WriteProtocol: no resource catches the "may have landed" errors itself.
    assert not re.search(r"except[^\n]*(ModelArtsConnectionError|ModelArtsResponseError|ModelArtsOutcomeUnknown|"
                         r"ModelArtsServerError)", source(name))
    assert "def ambiguous" not in source(name)
