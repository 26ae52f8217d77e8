# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Kept equal to galaxy.yml's version by tests/unit/module_utils/test_version.py.
COLLECTION_VERSION = "0.2.0"
