#!/bin/sh
# Print the absolute path of a Python interpreter, for the version matrix (`make matrix`).
#   tools/find_python.sh python3.10      (a command name or a path)
# The command is taken if it runs. Under pyenv every installed version has a shim on PATH that fails unless that
# version is selected, so pyenv's own installation of the version (`pyenv prefix 3.10`) is tried next.
# Exits 1 with a message naming the interpreter when neither works.
set -u
wanted=${1:?usage: tools/find_python.sh pythonX.Y}
version=${wanted##*python}

if found=$("$wanted" -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -n "$found" ]; then
    echo "$found"
    exit 0
fi

if command -v pyenv >/dev/null 2>&1 && prefix=$(pyenv prefix "$version" 2>/dev/null) \
        && [ -x "$prefix/bin/python$version" ]; then
    echo "$prefix/bin/python$version"
    exit 0
fi

echo "find_python: no working $wanted on PATH (nor a pyenv installation of Python $version)." >&2
echo "find_python: install Python $version, or name the interpreter: make matrix PYTHON_OLDEST=... PYTHON_NEWEST=..." >&2
exit 1
