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

Compiling once still costs a no-op task a tenth of its run, since Ansible sends source only. So, as
CPython keeps ``__pycache__`` beside files on disk, the finder keeps each file's compiled code between
runs in a folder of the user's cache (``BytecodeCache``) and compiles only a file it has not seen.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
import types
import zipimport

try:
    # Code kept from an earlier run names that run's zip, since removed: this renames it, nested code too, as
    # importlib does for a .pyc. Without it the cache is not used.
    from _imp import _fix_co_filename
except ImportError:
    _fix_co_filename = None

PACKAGE_PREFIX = "ansible_collections.hwcloud.modelarts.plugins.module_utils."
# The cache's folder under the user's cache home; one folder per interpreter's bytecode.
CACHE_FOLDER = ("hwcloud.modelarts", "bytecode")
# A group or others who may write to the folder or a file could put code there that this user would run.
OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH


class BytecodeCache:
    """This collection's compiled module_utils, kept between module runs in a folder of this user's.

    A file is named by its module and the SHA-256 of its source, and starts with the interpreter's
    bytecode magic and that digest: code is used only for the very source it was compiled from, by an
    interpreter that reads it. The folder must be this user's and writable by nobody else, each file
    too (opened without following a link); anything else, and any error, means compiling as without
    the cache. Nothing is written when Python is told not to write bytecode (``PYTHONDONTWRITEBYTECODE``,
    ``-B``). Files are written 0600 and replaced whole; a file's older versions go when a new one is
    written.
    """

    def __init__(self, folder, write=True):
        self.folder = folder
        self.write = write
        self._usable = None

    @classmethod
    def for_this_user(cls):
        """The folder under ``$XDG_CACHE_HOME``, or ``~/.cache`` when that is not set; None when the interpreter
        has no bytecode tag or cannot rename kept code, or there is no home to name."""
        tag = getattr(sys.implementation, "cache_tag", None)
        home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        if not tag or _fix_co_filename is None or not os.path.isabs(home) or not hasattr(os, "geteuid"):
            return None
        return cls(os.path.join(home, *(CACHE_FOLDER + (tag,))), write=not sys.dont_write_bytecode)

    def usable(self):
        """Whether the folder is (or, when writing, could be made) a private one; decided once per run."""
        if self._usable is None:
            try:
                if self.write:
                    os.makedirs(self.folder, mode=0o700, exist_ok=True)
                info = os.lstat(self.folder)
                self._usable = (stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()
                                and not info.st_mode & OTHERS_WRITE)
            except (OSError, ValueError):
                self._usable = False
        return self._usable

    @staticmethod
    def _stem(fullname):
        """What every version of one module's file starts with."""
        return fullname[len(PACKAGE_PREFIX):] + "-"

    def path(self, fullname, digest):
        return os.path.join(self.folder, "%s%s.pyc" % (self._stem(fullname), digest.hex()))

    @staticmethod
    def digest(source):
        return hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest()

    def header(self, digest):
        return importlib.util.MAGIC_NUMBER + digest

    def load(self, fullname, digest, filename):
        """The code kept for this source, naming ``filename``; None when there is none to trust."""
        if not self.usable():
            return None
        try:
            handle = os.open(self.path(fullname, digest), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except (OSError, ValueError):
            return None
        try:
            with os.fdopen(handle, "rb") as stream:
                info = os.fstat(stream.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & OTHERS_WRITE:
                    return None
                data = stream.read()
            header = self.header(digest)
            if not data.startswith(header):
                return None
            code = marshal.loads(data[len(header):])
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if not isinstance(code, types.CodeType):
            return None
        _fix_co_filename(code, filename)
        return code

    def store(self, fullname, digest, code):
        """Keep ``code`` for the next run: written whole under a temporary name, then renamed."""
        if not self.write or not self.usable():
            return
        target = self.path(fullname, digest)
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")  # 0600
            try:
                with os.fdopen(handle, "wb") as stream:
                    stream.write(self.header(digest) + marshal.dumps(code))
                os.replace(temporary, target)
            except BaseException:
                os.unlink(temporary)
                raise
            for name in os.listdir(self.folder):
                if name.startswith(self._stem(fullname)) and name != os.path.basename(target):
                    os.unlink(os.path.join(self.folder, name))
        except (OSError, ValueError):
            pass


class ZipSourceLoader:
    """Runs one module_utils file from the zip: the source read once by the finder, compiled once, or its
    code from the cache."""

    def __init__(self, importer, source, origin, cache=None):
        self.importer = importer
        self.source = source
        self.origin = origin
        self.cache = cache

    def create_module(self, spec):
        return None  # the import system's default module object

    def exec_module(self, module):
        source, self.source = self.source, None
        if source is None:  # executed again (importlib.reload): read it afresh
            source = self.get_source(module.__name__)
        exec(self.code(module.__name__, source), module.__dict__)

    def code(self, fullname, source):
        if self.cache is None:
            return compile(source, self.origin, "exec", dont_inherit=True)
        digest = self.cache.digest(source)
        code = self.cache.load(fullname, digest, self.origin)
        if code is None:
            code = compile(source, self.origin, "exec", dont_inherit=True)
            self.cache.store(fullname, digest, code)
        return code

    def get_source(self, fullname):
        """For tracebacks (linecache asks the module's loader)."""
        return self.importer.get_source(fullname)

    def is_package(self, fullname):
        return self.importer.is_package(fullname)


class ZipSourceFinder:
    """A meta path finder for this collection's module_utils when their package lies in a zip."""

    def __init__(self, cache=None):
        self.importers = {}
        self.cache = cache

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
                fullname, ZipSourceLoader(importer, source, origin, self.cache), origin=origin, is_package=is_package)
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
        sys.meta_path.insert(0, ZipSourceFinder(BytecodeCache.for_this_user()))
    return True


install()
