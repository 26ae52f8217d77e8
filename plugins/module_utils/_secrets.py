# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every secret of a module run, in every form a server may echo it, and the scrubbing of server text.

Ansible masks only the values registered with it, and only where they appear whole; a server
that echoes a token, or a quote cut in the middle of one, defeats that. So each secret is
registered with Ansible as it is sent (stripped, IAM-issued) and every piece of server text is
scrubbed of them before it is cut to length and quoted in a message, warning or result.

A server, gateway or WAF that quotes a request body in its error does not quote the secret as it
was given: a password travels inside a JSON body, so it comes back JSON-escaped (``\\"``, ``\\\\``,
``\\u00f6``, or with ``ö`` left as it is), HTML-safe (``\\u003c``, ``\\u003d``, ...), escaped twice
(the body quoted inside a message string), percent-encoded or as HTML entities. Each of those forms
is registered with Ansible (which masks only whole, literal values), and the scrubber matches every
mixture of them character by character, so a form no list foresaw is masked too.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import re

from urllib.parse import quote, quote_plus

MASK = "********"
# Longer quotes of server text say nothing more to an operator and may carry data.
MAX_QUOTE = 300

# Characters JSON encoders escape as \u00XX to keep a string safe inside HTML: Go's <>&, Gson's
# <>&=' and .NET's <>&'+`" (.NET writes every escape in upper-case hex).
HTML_SAFE_SETS = ("<>&", "<>&='", "<>&'+`\"", "<>&='+`\"")
# JSON's two-character escapes.
SHORT_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t"}
HTML_ENTITIES = {"<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "(?:apos|#x27)"}
# A \uXXXX escape, not a backslash of the value followed by a u (that is \\u in JSON).
_UNICODE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u([0-9a-f]{4})")


def _html_safe(escaped, chars):
    if '"' in chars:
        # \" becomes \u0022 with the other quotes, not \\u0022.
        escaped = escaped.replace('\\"', '"')
    for char in chars:
        escaped = escaped.replace(char, "\\u%04x" % ord(char))
    return escaped


def _upper_hex(escaped):
    return _UNICODE_ESCAPE.sub(lambda match: match.group(1) + "\\u" + match.group(2).upper(), escaped)


def echoed_forms(value):
    """The literal forms in which the common encoders quote ``value``: as given, JSON-escaped with and
    without ensure_ascii (with ``/`` escaped or not), HTML-safe, escaped twice, percent-encoded."""
    forms = set([value])
    for ensure_ascii in (True, False):
        escaped = json.dumps(value, ensure_ascii=ensure_ascii)[1:-1]
        variants = set([escaped, escaped.replace("/", "\\/")])
        for chars in HTML_SAFE_SETS:
            variants.add(_html_safe(escaped, chars))
        variants.update([_upper_hex(variant) for variant in variants])
        forms.update(variants)
        forms.update(json.dumps(form, ensure_ascii=ensure_ascii)[1:-1] for form in variants)
    for encoded in (quote(value, safe=""), quote_plus(value, safe="")):
        forms.add(encoded)
        forms.add(re.sub("%[0-9A-F]{2}", lambda match: match.group(0).lower(), encoded))
    forms.add(value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
              .replace("'", "&#x27;"))
    return forms


def _hex(number, digits):
    # Escapes are written in either case: \u00f6, \u00F6, %c3%b6, %C3%B6.
    return "".join("[%s%s]" % (d.lower(), d.upper()) if d.isalpha() else d for d in "%0*x" % (digits, number))


def _char_pattern(char):
    """A regular expression for ``char`` in any of the forms above, escaped any number of times."""
    code = ord(char)
    options = [re.escape(char)]
    if code > 0xFFFF:
        high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
        options.append(r"\\+u%s\\+u%s" % (_hex(high, 4), _hex(low, 4)))
    else:
        options.append(r"\\+u%s" % _hex(code, 4))
    if char in SHORT_ESCAPES:
        options.append(r"\\+" + re.escape(SHORT_ESCAPES[char]))
    options.append("".join("%%%s" % _hex(byte, 2) for byte in bytearray(char.encode("utf-8", "surrogatepass"))))
    options.append("&#0*%d;" % code)
    options.append("&#[xX]0*%s;" % _hex(code, 1))
    if char in HTML_ENTITIES:
        options.append("&%s;" % HTML_ENTITIES[char])
    if char == " ":
        options.append(r"\+")
    return "(?:%s)" % "|".join(options)


def echo_pattern(value):
    """A compiled pattern matching ``value`` in any echoed form, even a mixture of them."""
    return re.compile("".join(_char_pattern(char) for char in value))


class SecretRegistry:
    """The secrets sent in one module run; ``sink`` is told each new form (module.no_log_values.add)."""

    def __init__(self, sink=None):
        self._sink = sink
        self._values = set()
        self._forms = set()
        # Compiled on the first scrub: most runs quote no server text at all.
        self._patterns = None

    def add(self, value):
        if not isinstance(value, str) or not value.strip():
            return
        for secret in (value, value.strip()):
            if secret in self._values:
                continue
            self._values.add(secret)
            self._patterns = None
            for form in sorted(echoed_forms(secret)):
                if form not in self._forms:
                    self._forms.add(form)
                    if self._sink is not None:
                        self._sink(form)

    def __contains__(self, value):
        return value in self._values

    def forms(self):
        """Every literal form registered (what Ansible was told to mask)."""
        return set(self._forms)

    def scrub(self, text):
        """``text`` with every known secret, in any form, replaced by a mask; longest first so none is half-masked."""
        if text is None:
            return None
        text = str(text)
        for form in sorted(self._forms, key=len, reverse=True):
            text = text.replace(form, MASK)
        if self._patterns is None:
            self._patterns = [echo_pattern(secret) for secret in sorted(self._values, key=len, reverse=True)]
        for pattern in self._patterns:
            text = pattern.sub(MASK, text)
        return text

    def quote(self, text, limit=MAX_QUOTE):
        """Server text fit to quote: scrubbed first (a cut could split a secret), then bounded."""
        if text is None:
            return None
        scrubbed = self.scrub(text).strip()
        if not scrubbed:
            return None
        if len(scrubbed) > limit:
            return scrubbed[:limit] + "... (%d characters in all)" % len(scrubbed)
        return scrubbed


# Used where no module run registered anything (direct use of the transport in tests, tools).
NO_SECRETS = SecretRegistry()
