# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The write protocol every resource follows, for every verb.

- A write whose outcome is unknown (``ModelArtsOutcomeUnknown``: no answer, a 5xx, a success
  status whose body is not the call's answer) is never sent again before a fresh read says
  whether it landed. Landed: reported as written, with a warning that says what the read found.
  Not landed: the error stands, or, where the verb allows it (create, delete), the write goes once
  more; a second unknown outcome is read again the same way and then stands.
- Any other failure is an answer given before anything was applied: it stands, unread.
- A create is sent at most once per lookup that found nothing (the API has no idempotency key):
  after an unknown outcome the resource is looked up by what identifies it (a service's name, a
  model's name and version); one means it landed, none that it did not, several that another
  create ran at the same time, and the run fails naming every id without sending more.
- After a create that answered, the identity is looked up once more: a second resource with it
  means a concurrent create, and the run fails naming both ids rather than reporting success.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.hwcloud.modelarts.plugins.module_utils._errors import ModelArtsError, ModelArtsOutcomeUnknown


class Landing:
    """What a fresh read says of a write whose outcome was unknown.

    ``landed`` is what the caller needs from a landed write (True, a new resource's id, ...) or
    None when the read shows it did not land; ``found`` says in words what the read found.
    """

    def __init__(self, landed, found):
        self.landed = landed
        self.found = found


class Written:
    """A write's outcome: the ``response`` it answered, or ``landing`` when a read had to tell."""

    def __init__(self, response=None, landing=None):
        self.response = response
        self.landing = landing


class ModelArtsTwinsError(ModelArtsError):
    """More than one resource has what should identify one: a concurrent create made a twin."""

    def __init__(self, message, ids):
        super(ModelArtsTwinsError, self).__init__(message)
        self.ids = list(ids)

    def to_result(self):
        return {"ids": self.ids}


class WriteProtocol:
    """Sends the writes of one run and remembers whether any of them may have changed something.

    ``warn`` is the module's warn(): every recovery says what it found and did.
    """

    def __init__(self, warn):
        self.warn = warn
        self.wrote = False

    def send(self, verb, write, reread, resend=False):
        """``write()``'s outcome as a Written; ``reread()`` (a Landing) decides after an unknown outcome.

        ``verb`` names the write in warnings ("update of service 1a2b", "create"). With ``resend``
        a write the read shows did not land goes once more.
        """
        attempts = 2 if resend else 1
        for attempt in range(1, attempts + 1):
            try:
                response = write()
            except ModelArtsOutcomeUnknown as error:
                landing = reread()
                if landing.landed:
                    self.wrote = True
                    self.warn("%s; %s, so the %s landed and was not sent again." % (error, landing.found, verb))
                    return Written(landing=landing)
                if attempt == attempts:
                    raise
                self.warn("%s; %s, so the %s did not land and is sent once more." % (error, landing.found, verb))
                continue
            self.wrote = True
            return Written(response=response)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def create_once(self, what, post, lookup, id_of, answered_id):
        """POST a new resource at most once per empty lookup; its id.

        ``what`` names it by its identity ("service 'web'", "model 'resnet' 1.0.0"); ``lookup()``
        lists the resources with that identity; ``id_of(resource)`` is a listed resource's id and
        ``answered_id(response)`` the id the POST answered (None when it named none).
        """

        def one_of(found, event):
            if len(found) > 1:
                # Every caller is after a POST was sent: one of the twins may be this run's own.
                self.wrote = True
                raise ModelArtsTwinsError(
                    "%s; %d resources are %s now (%s): another create ran at the same time. Nothing more was sent; "
                    "delete the extra one by its id." % (event, len(found), what, ", ".join(str(id_of(r)) for r in found)),
                    [id_of(r) for r in found])
            return id_of(found[0]) if found else None

        def reread():
            found = lookup()
            created = one_of(found, "The create of %s ended without a clear answer" % what)
            return Landing(created, "%s exists now (%s)" % (what, created) if created else "no %s exists" % what)

        written = self.send("create of %s" % what, post, reread, resend=True)
        if written.landing is not None:
            return written.landing.landed
        created = answered_id(written.response)
        found = lookup()
        if created is None:
            # A 2xx means it landed; without an id in the answer, the identity finds it.
            created = one_of(found, "The create of %s answered without an id" % what)
            if created is None:
                raise ModelArtsError("The create of %s was answered with success but without an id, and no %s exists "
                                     "now; check before running the task again." % (what, what))
            return created
        twins = [id_of(r) for r in found if id_of(r) != created]
        if twins:
            raise ModelArtsTwinsError(
                "Created %s as %s, but %s exists as well (%s): another create ran at the same time. Delete the one "
                "that should not be there by its id; no more was sent." % (what, created, what, ", ".join(map(str, twins))),
                [created] + twins)
        return created
