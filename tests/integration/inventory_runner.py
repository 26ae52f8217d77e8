"""Run ansible-inventory, the way an operator or an AWX inventory update would, against the emulator."""

import json
import os
import subprocess
import sys

import yaml

BIN = os.path.dirname(sys.executable)


class InventoryResult:
    def __init__(self, rc, stdout, stderr):
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self):
        return self.stdout + self.stderr

    @property
    def data(self):
        """The parsed --list output, with ansible-core 2.19's unsafe markers taken off the values."""
        assert self.rc == 0, "ansible-inventory failed (rc %s):\n%s" % (self.rc, self.stderr)
        return _plain(json.loads(self.stdout))

    @property
    def hostvars(self):
        return self.data["_meta"]["hostvars"]

    def group(self, name):
        """Host names directly in the group ``name`` (empty when the group is not there)."""
        return sorted(self.data.get(name, {}).get("hosts", []))


def _plain(value):
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((key, _plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


class InventoryRunner:
    """Writes a plugin configuration file and runs ansible-inventory on it with the emulator's HW_* environment."""

    def __init__(self, emu, tmp_path):
        self.emu = emu
        self.tmp_path = tmp_path

    def write(self, config, name="fleet"):
        path = self.tmp_path / ("%s.modelarts_services.yml" % name)
        path.write_text(yaml.safe_dump(dict({"plugin": "hwcloud.modelarts.modelarts_services"}, **config),
                                       sort_keys=False))
        return str(path)

    def run(self, config=None, path=None, args=("--list",), auth="aksk", env=None, verbosity=0):
        source = path or self.write(config or {})
        command = [os.path.join(BIN, "ansible-inventory"), "-i", source] + list(args)
        if verbosity:
            command.append("-" + "v" * verbosity)
        run_env = dict((k, v) for k, v in os.environ.items() if not k.startswith("HW_"))
        run_env.update(self.emu.env(auth))
        run_env.update({
            "ANSIBLE_NOCOLOR": "1",
            # As AWX runs inventory updates: a source that does not parse fails the command.
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1",
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        })
        run_env.update(env or {})
        # umask 022, the usual one: files and directories made by the run are readable by others unless it
        # makes them private itself.
        done = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=600, check=False,
                              umask=0o022)
        return InventoryResult(done.returncode, done.stdout, done.stderr)
