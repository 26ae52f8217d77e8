# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Modules add support and details; these merge under them.
    DOCUMENTATION = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the changed status it predicts without modifying the target.
  diff_mode:
    description: Returns details on what has changed, or would change in check mode, when run in diff mode.
  action_group:
    description: Use C(group/hwcloud.modelarts.modelarts) in C(module_defaults) to set the connection options once.
    support: full
    membership:
      - hwcloud.modelarts.modelarts
'''
