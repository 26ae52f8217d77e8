# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An existing model compared with what the task sets.

A model cannot be changed in place, so the comparison only decides whether the task is already
done or must fail naming the fields. Only fields the task sets are compared, and only those the
detail (ShowModel) shows: the server adds defaults and read-only fields, shows ``apis`` as JSON
text, and shows ``initial_config`` as ``config``; objects it returns may carry members the task
left out, which are not differences.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.hwcloud.modelarts.plugins.module_utils._model.schema import OPTION_NAMES

# Body fields ShowModel shows under another name.
SHOWN_AS = {"initial_config": "config"}
# Fields whose order carries no meaning.
UNORDERED = ("install_type",)
# Identity, compared by the lookup itself.
IDENTITY = ("model_name", "model_version")


def _parsed(value):
    """JSON text read as JSON (ShowModel shows apis and config as text); anything else as it is."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def covers(current, wanted):
    """True when ``current`` holds everything ``wanted`` says (extra members of objects are allowed)."""
    if isinstance(wanted, dict):
        return isinstance(current, dict) and all(key in current and covers(current[key], item) for key, item in wanted.items())
    if isinstance(wanted, list):
        return (isinstance(current, list) and len(current) == len(wanted)
                and all(covers(have, want) for have, want in zip(current, wanted)))
    if isinstance(wanted, bool) or isinstance(current, bool):
        return wanted is current
    if isinstance(wanted, (int, float)) and isinstance(current, (int, float)):
        return float(wanted) == float(current)
    return wanted == current


def same(key, current, wanted):
    if key in UNORDERED and isinstance(current, list) and isinstance(wanted, list):
        return sorted(map(str, current)) == sorted(map(str, wanted))
    if isinstance(wanted, str) and isinstance(current, str) and current == wanted:
        return True
    if isinstance(wanted, str):
        # initial_config is text the server may store re-serialised: compare what it says.
        parsed = _parsed(wanted)
        return parsed is not wanted and covers(_parsed(current), parsed) and covers(parsed, _parsed(current))
    return covers(_parsed(current), wanted)


def differences(model, body):
    """``[(option, shown value, wanted value)]`` for each field the task sets that the model shows otherwise."""
    found = []
    for key, wanted in sorted(body.items()):
        if key in IDENTITY:
            continue
        shown = SHOWN_AS.get(key, key)
        if shown not in model:
            # Not shown by ShowModel (template, say): nothing to compare it with.
            continue
        if not same(key, model[shown], wanted):
            found.append((OPTION_NAMES.get(key, key), model[shown], wanted))
    return found
