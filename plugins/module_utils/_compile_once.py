# -*- coding: utf-8 -*-
# Copyright: hwcloud.modelarts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Import this collection's module_utils from a module's zip with one compile of each file, not two.

Ansible runs a module from a zip on ``sys.path`` that holds source files only. CPython's zipimport
compiles a source file once to name it (``get_filename``, which the import system calls to build the
module's spec) and again to run it (``get_code``), in every release this collection supports. For a
no-op task that second compile of this collection's code costs about a tenth of the module's run
(docs/performance.md).

Every module imports this file first. When it was itself loaded by zipimport, it puts a finder in
front of ``sys.meta_path`` that answers for the rest of this collection's module_utils only: it reads
the same source through the same zipimporter and compiles it once. Anything else (another package, a
collection on disk, a zip holding no source for the name, any error) is left to the standard import
system, which then behaves exactly as without this file.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib.util
import sys
import zipimport

PACKAGE_PREFIX = "ansible_collections.hwcloud.modelarts.plugins.module_utils."


class ZipSourceLoader:
    """Runs one module_utils file from the zip: the source read once by the finder, compiled once."""

    def __init__(self, importer, source, origin):
        self.importer = importer
        self.source = source
        self.origin = origin

    def create_module(self, spec):
        return None  # the import system's default module object

    def exec_module(self, module):
        source, self.source = self.source, None
        if source is None:  # executed again (importlib.reload): read it afresh
            source = self.get_source(module.__name__)
        exec(compile(source, self.origin, "exec", dont_inherit=True), module.__dict__)

    def get_source(self, fullname):
        """For tracebacks (linecache asks the module's loader)."""
        return self.importer.get_source(fullname)

    def is_package(self, fullname):
        return self.importer.is_package(fullname)


class ZipSourceFinder:
    """A meta path finder for this collection's module_utils when their package lies in a zip."""

    def __init__(self):
        self.importers = {}

    def importer_for(self, entry):
        if entry not in self.importers:
            try:
                self.importers[entry] = zipimport.zipimporter(entry)
            except (zipimport.ZipImportError, OSError, TypeError, ValueError):
                self.importers[entry] = None
        return self.importers[entry]

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(PACKAGE_PREFIX) or not path:
            return None
        for entry in path:
            importer = self.importer_for(entry)
            if importer is None:
                continue
            try:
                is_package = importer.is_package(fullname)
                source = importer.get_source(fullname)
            except (zipimport.ZipImportError, OSError, UnicodeDecodeError):
                continue
            if source is None:  # bytecode only: zipimport knows how to run that
                return None
            location = entry.rstrip("/\\") + "/" + fullname.rpartition(".")[2]
            origin = location + ("/__init__.py" if is_package else ".py")
            spec = importlib.util.spec_from_loader(
                fullname, ZipSourceLoader(importer, source, origin), origin=origin, is_package=is_package)
            spec.has_location = True  # sets __file__, as zipimport does
            if is_package:
                spec.submodule_search_locations = [location]
            return spec
        return None


def install():
    """Put the finder in front once, and only when this file came from a zip (a module's AnsiballZ)."""
    if not isinstance(globals().get("__loader__"), zipimport.zipimporter):
        return False
    if not any(isinstance(finder, ZipSourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, ZipSourceFinder())
    return True


install()
