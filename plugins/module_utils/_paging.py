# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading every record of a ModelArts list call, whatever ``offset`` turns out to mean.

The API reference calls ``offset`` of the service and event lists the "start page of the
paging list" and ``limit`` the "maximum number of records returned on each page" (default
1000). Generic offset pagers read the same parameter as a count of records to skip. Nobody has
shown which one the server does, so the pager below is right under both readings and tells
them apart with the request it would send anyway.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError

# The documented default and, as far as the reference says, the most a page holds.
PAGE_LIMIT = 1000

# The v2 lists (ListInferServices, ListInferServiceEvents): limit 1 to 500.
V2_PAGE_LIMIT = 500
PAGE_INDEX = "page"
RECORD_OFFSET = "record"


class ModelArtsPagingError(ModelArtsError):
    """The list API's answers do not add up to one list; a partial list is never returned."""


def whole_record(record):
    """Identity of a record that has no id of its own (events): all of it."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), default=str)


def field(name):
    """Identity of a record by one of its fields (``service_id`` for services)."""
    def identity(record):
        return record.get(name)
    return identity


def read_all_pages(fetch, key, identity=whole_record, limit=PAGE_LIMIT, what="the list"):
    """Every distinct record under ``key`` of a paged list, in the order first seen.

    ``fetch(offset, limit)`` sends one list request and answers its body. ``identity(record)``
    tells records apart: a record seen twice is kept once.

    How it pages, and why:

    - The first request asks for ``limit`` records at ``offset=0``, which both readings agree
      on. Its ``total_count`` (the records matching, not paged) says whether more are needed;
      with the default of 1000 one request covers most projects.
    - A first page shorter than ``limit`` while ``total_count`` is larger means the server caps
      the page size. Later requests ask for exactly that many (the server's page size), so a
      page index and a record offset step over the same records.
    - The second request is ``offset=1``: the next page if ``offset`` is a page index, the
      first page shifted by one record if it is a record offset. Under the page reading it
      shares nothing with the first page; under the record reading it shares all but one
      record. So a page that mostly repeats the first means record offsets, otherwise page
      indexes (with a page size of one both readings are the same; "mostly", so that one
      event identical to an earlier one does not decide). This request's new records count
      either way: it is never wasted under the documented reading, and costs one request more
      than the floor under the other (2500 services: 3 requests by page index, 4 by record
      offset; 1001 services: 2 either way).
    - From then on the offset advances by one page or by the records received, and paging
      stops as soon as the distinct records reach ``total_count`` or the requests have covered
      every position ``total_count`` announces (records may repeat: events have no id, and two
      identical events are kept once).
    - The caller sorts by a stable key in ascending order (services by ``publish_at``, events
      by ``occur_time``) so a record created while the pages are read lands at the end instead
      of pushing a record already read onto the next page. A record deleted meanwhile can
      still shift one record past the page boundary; no offset pager can see that.
    - An empty page at or past the end ends the paging. The server's answers are inconsistent,
      and ModelArtsPagingError is raised (never a silently partial list, never an endless
      loop), when an answer is not a list page with a ``total_count``; when a page adds nothing
      or comes back empty while ``total_count`` promises more (a server that ignores
      ``offset``); when a page before the end comes back short under the page reading (its
      missing records could never be read); or when the requests would exceed one more than
      ``total_count`` needs at the server's page size.
    """
    records = []
    seen = set()
    state = {"requests": 0}

    def request(offset, size):
        state["requests"] += 1
        body = fetch(offset, size)
        if not isinstance(body, dict) or not isinstance(body.get(key), list) \
                or not all(isinstance(record, dict) for record in body[key]):
            raise ModelArtsPagingError("%s answered offset=%d without a list of records under %r." % (what, offset, key))
        total = body.get("total_count")
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ModelArtsPagingError("%s answered offset=%d without a valid total_count (got %r)." % (
                what, offset, _bounded(total)))
        batch = body[key]
        added = overlap = 0
        for record in batch:
            ident = identity(record)
            if ident is None:
                raise ModelArtsPagingError("%s answered offset=%d with a record that has no id." % (what, offset))
            if ident in seen:
                overlap += 1
                continue
            seen.add(ident)
            records.append(record)
            added += 1
        return batch, total, added, overlap

    batch, total, added, _overlap = request(0, limit)
    if len(records) >= total or len(batch) >= total:
        return records
    if not batch:
        raise ModelArtsPagingError("%s answered an empty first page but total_count %d." % (what, total))
    size = len(batch)  # the server's page size: it may cap limit below what was asked

    batch, total, added, overlap = request(1, size)
    # Most of it (all but one record) repeats the first page under the record reading.
    reading = RECORD_OFFSET if size > 1 and overlap * 2 >= len(batch) > 0 else PAGE_INDEX
    offset, start = 1, (1 if reading == RECORD_OFFSET else size)
    while True:
        covered = start + len(batch)
        if len(records) >= total:
            return records
        if batch and not added:
            raise _inconsistent(what, offset, reading, "only records already read", total, len(records))
        if covered >= total:
            # Every position was read: the rest were repeats (identical events) or deleted meanwhile.
            return records
        if not batch:
            raise _inconsistent(what, offset, reading, "no records", total, len(records))
        if reading == PAGE_INDEX and len(batch) < size:
            raise ModelArtsPagingError(
                "%s answered page %d with %d records of %d before the end (total_count %d); records would be skipped." % (
                    what, offset, len(batch), size, total))
        # One request more than total_count needs at this page size (the probe at offset=1).
        if state["requests"] >= 1 + -(-total // size):
            raise ModelArtsPagingError("%s needed more than %d requests for total_count %d at %d records a page." % (
                what, state["requests"], total, size))
        if reading == PAGE_INDEX:
            offset, start = offset + 1, (offset + 1) * size
        else:
            offset = start = covered
        batch, total, added, overlap = request(offset, size)


def read_record_pages(fetch, key, identity=whole_record, limit=V2_PAGE_LIMIT, what="the list"):
    """Every distinct record under ``key`` of a v2 list, in the order first seen.

    The v2 list pages document one reading: ``offset`` is a record offset that must be a multiple
    of ``limit``, and every answer carries ``total``. So the offset advances by ``limit``, whatever
    the page holds (a short page before the end would otherwise move the offset off a multiple).
    ModelArtsPagingError, never a silently partial list or an endless loop: an answer without a
    list under ``key`` or a valid ``total``, a page longer than ``limit``, an empty page while
    ``total`` promises more, or more requests than ``total`` needs.
    """
    records = []
    seen = set()
    offset = 0
    while True:
        body = fetch(offset, limit)
        if not isinstance(body, dict) or not isinstance(body.get(key), list) \
                or not all(isinstance(record, dict) for record in body[key]):
            raise ModelArtsPagingError("%s answered offset=%d without a list of records under %r." % (what, offset, key))
        total = body.get("total")
        if isinstance(total, bool) or not isinstance(total, int) or total < 0:
            raise ModelArtsPagingError("%s answered offset=%d without a valid total (got %r)." % (what, offset, _bounded(total)))
        batch = body[key]
        if len(batch) > limit:
            raise ModelArtsPagingError("%s answered %d records for limit=%d." % (what, len(batch), limit))
        for record in batch:
            ident = identity(record)
            if ident is None:
                raise ModelArtsPagingError("%s answered offset=%d with a record that has no id." % (what, offset))
            if ident not in seen:
                seen.add(ident)
                records.append(record)
        offset += limit
        if len(records) >= total or offset >= total:
            return records
        if not batch:
            raise ModelArtsPagingError("%s answered an empty page at offset=%d but total %d (%d records read)." % (
                what, offset - limit, total, len(records)))


def _inconsistent(what, offset, reading, answer, total, distinct):
    return ModelArtsPagingError(
        "%s answered offset=%d (read as a %s) with %s, but total_count is %d and %d distinct records were read; "
        "its pages do not add up." % (what, offset, "page index" if reading == PAGE_INDEX else "record offset",
                                      answer, total, distinct))


def _bounded(value):
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "..."
