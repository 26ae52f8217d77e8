# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""JSON pointers (RFC 6901): parsing, escaping, array indexes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

# RFC 6901 array index: 0, or digits without a leading zero.
_ARRAY_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")


def parse_pointer(pointer):
    """The reference tokens of a JSON pointer, unescaped (``~1`` is ``/``, ``~0`` is ``~``).

    Raises ValueError for text that is not a JSON pointer.
    """
    if not isinstance(pointer, str):
        raise ValueError("a JSON pointer is a string, got %r" % (pointer,))
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError("a JSON pointer starts with /")
    tokens = []
    for raw in pointer[1:].split("/"):
        if re.search(r"~(?![01])", raw):
            raise ValueError("~ must be followed by 0 or 1 (~0 is ~, ~1 is /) in %r" % raw)
        # RFC 6901 section 4: ~1 first, then ~0, so that ~01 becomes ~1 and not /.
        tokens.append(raw.replace("~1", "/").replace("~0", "~"))
    return tokens


def escape_token(token):
    return token.replace("~", "~0").replace("/", "~1")


def to_pointer(tokens):
    return "".join("/" + escape_token(token) for token in tokens)


def is_array_index(token):
    return bool(_ARRAY_INDEX.match(token))
