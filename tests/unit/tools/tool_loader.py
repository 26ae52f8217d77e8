"""Load a file as a module of its own, fresh for each test: the tools/ scripts are no package."""

import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
TOOLS = os.path.join(ROOT, "tools")


def load_file(name, path):
    """The Python file at ``path``, executed as a new module called ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_tool(filename):
    """tools/``filename`` as a new module."""
    return load_file("tools_%s_under_test" % os.path.splitext(filename)[0], os.path.join(TOOLS, filename))
