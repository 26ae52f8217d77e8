"""Check the built docs site (`make docsite`) offline: every page is there, and every internal link resolves.

Usage (``make docsite-check``, part of ``make test``)::

    python tools/check_docsite.py [the site's html directory, default .build/docsite/build/html]

- Every module, inventory plugin and role of the checkout, and every extra doc page of
  docs/docsite/extra-docs.yml, has its page in the site.
- Every link and resource (href, src) without a scheme resolves to a file of the site, and a #fragment to an
  element with that id (or an anchor with that name) in it. Links with a scheme (https:, mailto:, ...) are listed
  by count, not fetched: the check runs offline.

Sphinx's own `-n -W` (in `make docsite`) already fails on an unresolved cross-reference; this checks the HTML that
the theme and the generated pages link to in the end.
"""

import glob
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTION = os.path.join("collections", "hwcloud", "modelarts")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for name in ("href", "src"):
            if attributes.get(name) is not None:
                self.links.append(attributes[name])


def expected_pages():
    """The site's pages for what the checkout holds, relative to the html directory."""
    def names(pattern):
        return sorted(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(ROOT, pattern)))

    pages = [os.path.join(COLLECTION, "index.html")]
    pages += [os.path.join(COLLECTION, "%s_module.html" % name) for name in names("plugins/modules/*.py")]
    pages += [os.path.join(COLLECTION, "%s_inventory.html" % name) for name in names("plugins/inventory/*.py")]
    pages += [os.path.join(COLLECTION, "%s_role.html" % os.path.basename(path))
              for path in sorted(glob.glob(os.path.join(ROOT, "roles", "*"))) if os.path.isdir(path)]
    with open(os.path.join(ROOT, "docs", "docsite", "extra-docs.yml"), encoding="utf-8") as handle:
        extra = yaml.safe_load(handle) or {}
    for section in extra.get("sections", []):
        pages += [os.path.join(COLLECTION, "docsite", "%s.html" % entry) for entry in section.get("toctree", [])]
    return [name for name in pages if not name.endswith("__init___module.html")]


def check(html):
    problems = []
    pages = {}
    for directory, _subdirectories, files in os.walk(html):
        for name in files:
            if name.endswith(".html"):
                path = os.path.join(directory, name)
                page = Page()
                with open(path, encoding="utf-8") as handle:
                    page.feed(handle.read())
                pages[os.path.normpath(path)] = page
    for name in expected_pages():
        if os.path.normpath(os.path.join(html, name)) not in pages:
            problems.append("missing page: %s" % name)
    external = 0
    for path, page in sorted(pages.items()):
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                external += 1
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(path), unquote(parts.path))) if parts.path else path
            where = os.path.relpath(path, html)
            if not os.path.exists(target):
                problems.append("%s: broken link %s" % (where, link))
            elif parts.fragment and target.endswith(".html"):
                if target not in pages or unquote(parts.fragment) not in pages[target].ids:
                    problems.append("%s: no anchor #%s in %s" % (where, parts.fragment, os.path.relpath(target, html)))
    return problems, len(pages), external


def main(argv):
    html = os.path.abspath(argv[0] if argv else os.path.join(ROOT, ".build", "docsite", "build", "html"))
    if not os.path.isdir(html):
        print("[docsite] %s not found: run `make docsite` first" % html)
        return 1
    problems, count, external = check(html)
    for problem in problems:
        print("[docsite] " + problem)
    print("[docsite] %d pages, %d problems; %d external links not fetched" % (count, len(problems), external))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
