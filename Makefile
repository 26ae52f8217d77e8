# The two commands a newcomer needs: `make demo` and `make test`.
# Everything they use is installed into .venv from requirements-dev.txt (pinned by constraints-dev.txt).
# `make help` lists every target.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The integration tests spend most of their time waiting (on ansible-playbook processes, and on modules polling the
# emulator), so they run four pytest-xdist workers per core, at most 16: on 2 cores, -n 2 kept the CPU 47 %
# busy and -n 8 keeps it 97 % busy. Work stealing hands a slow test's neighbours to an idle worker instead of
# leaving them queued behind it at the end of the run.
PYTEST_WORKERS ?= $(shell $(PYTHON) -c 'import os; print(min(16, 4 * (os.cpu_count() or 1)))')
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist worksteal
# The unit tests run in one process: starting eight workers
# (each imports the test tree) costs more on 2 cores than they save: 30 s in one process, 41 s with -n 8.
UNIT_PYTEST_ARGS ?= -p no:xdist

# The version matrix: the oldest supported ansible-core and the newest one, each on a controller Python it supports,
# run by tox (tox.ini: environments ansible-<ansible-core minor>, installed from requirements-matrix.txt and pinned by
# constraints-<minor>.txt, in .tox/). README.md, section Compatibility, states the same matrix.
MATRIX_OLDEST := 2.17
MATRIX_NEWEST := 2.21
PYTHON_OLDEST ?= python3.10
PYTHON_NEWEST ?= python3.13
MATRIX_PYTEST_ARGS ?= $(PYTEST_ARGS)

# galaxy-importer (what Galaxy runs on an uploaded collection) has pins of its own: a venv of its own.
IMPORTER_VENV := .venv-importer

# `make demo` has a venv of its own with only what the demo runs: ansible-core and requests (requirements-demo.txt,
# pinned by constraints-dev.txt); the emulator is standard library only.
DEMO_VENV := .venv-demo

# `make matrix` runs tox from a venv of its own.
TOX_VENV := .venv-tox

export PATH := $(abspath $(BIN)):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build/collections
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1

.PHONY: help venv collection-link demo test unit integration sanity lint ruff docs changelog-lint build importer ee-context ee-check docsite docsite-check \
	matrix matrix-oldest matrix-newest clean bench test-suite test-gates ansible-test-units ansible-test-integration

help:
	@echo "make demo            - start the ModelArts emulator and run the demo playbook against it"
	@echo "make test            - unit and integration tests, ansible-test sanity, units and integration, ansible-lint, ruff,"
	@echo "                       doc checks, changelog lint, galaxy-importer on the built artifact (ansible-core of .venv)"
	@echo "make matrix          - integration tests and sanity on the oldest and the newest ansible-core, through tox (tox.ini):"
	@echo "make matrix-oldest   -   only ansible-core $(MATRIX_OLDEST) on $(PYTHON_OLDEST) (PYTHON_OLDEST=...)"
	@echo "make matrix-newest   -   only ansible-core $(MATRIX_NEWEST) on $(PYTHON_NEWEST) (PYTHON_NEWEST=...)"
	@echo "make test-suite      - only the pytest suite of make test: unit tests in one process"
	@echo "                       (UNIT_PYTEST_ARGS=...), then the rest with workers (PYTEST_ARGS=..., PYTEST_WORKERS=...)"
	@echo "make test-gates      - only the gates of make test beside the pytest suite (sanity, lint, ruff, docs, docs site,"
	@echo "                       changelog, importer, EE, ansible-test units and integration)"
	@echo "make unit            - unit tests (module_utils, emulator, tools), in one process"
	@echo "make ansible-test-units - ansible-test units on a copy in .build/ansible-test/ansible_collections/hwcloud/modelarts"
	@echo "make ansible-test-integration - ansible-test integration (tests/integration/targets) there: against the emulator,"
	@echo "                       or a real project given in tests/integration/integration_config.yml (tests/integration/README.md)"
	@echo "make integration     - integration tests against the emulator (ansible-playbook, and in-process runs)"
	@echo "make sanity          - ansible-test sanity on a clean copy of the collection"
	@echo "make lint            - ansible-lint --profile production on the whole collection"
	@echo "make ruff            - ruff check of all Python files"
	@echo "make docs            - antsibull-docs lint-collection-docs on every plugin, role and extra doc page"
	@echo "make changelog-lint  - antsibull-changelog lint of changelogs/"
	@echo "make docsite         - the docs site (antsibull-docs and Sphinx, as on docs.ansible.com) in .build/docsite"
	@echo "make docsite-check   - the docs site, then its internal links and anchors checked offline"
	@echo "make build           - build the collection artifact into .build/"
	@echo "make importer        - galaxy-importer on the artifact, failing on any warning"
	@echo "make ee-context      - the execution environment's build context from the artifact, in .build/ee-context"
	@echo "make ee-check        - ansible-builder create on both EE definitions (from the artifact, from Galaxy)"
	@echo "make venv            - install .venv (PYTHON=$(PYTHON)); VENV=<dir> uses another one for every target"
	@echo "make collection-link - make .build/collections/ansible_collections/hwcloud/modelarts this checkout"
	@echo "make bench           - benchmark figures for docs/performance.md against the emulator (BENCH_ARGS=...)"
	@echo "make clean           - remove the virtual environments and build output"

$(STAMP): requirements-dev.txt constraints-dev.txt requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt -c constraints-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# ansible looks collections up as ansible_collections/<namespace>/<name>: point that at this checkout.
collection-link:
	@mkdir -p .build/collections/ansible_collections/hwcloud
	@ln -sfn $(CURDIR) .build/collections/ansible_collections/hwcloud/modelarts

$(DEMO_VENV)/.installed: requirements-demo.txt requirements.txt constraints-dev.txt
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --disable-pip-version-check -q -r requirements-demo.txt -c constraints-dev.txt
	touch $@

demo: $(DEMO_VENV)/.installed collection-link
	$(DEMO_VENV)/bin/python tools/demo.py

unit: venv collection-link
	$(BIN)/python -m pytest tests/unit $(UNIT_PYTEST_ARGS)

integration: venv collection-link
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

sanity: venv
	$(BIN)/python tools/sanity.py

lint: venv collection-link
	$(BIN)/ansible-lint --profile production

ruff: venv
	$(BIN)/ruff check .

# antsibull-docs' linter of the docs site of docs.ansible.com: docs schema, markup, references to this collection and
# ansible.builtin, RST generation and rstcheck, roles' argument specs, extra docs; any message fails (exit 3). That
# every plugin's docs load and render is checked by `make docsite` (antsibull-docs collection --fail-on-error),
# validate-modules of `make sanity` (schema, argument spec, EXAMPLES, RETURN) and galaxy-importer's ansible-doc.
docs: venv collection-link
	$(BIN)/antsibull-docs lint-collection-docs --plugin-docs --check-extra-docs-refs --validate-collection-refs dependent \
		.build/collections/ansible_collections/hwcloud/modelarts

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# The docs site as antsibull-docs' `sphinx-init` sets it up for collections on docs.ansible.com (docs/site/: its
# Sphinx configuration, antsibull-docs configuration and start page): the reST of every module, plugin, role and
# extra doc page (docs/docsite/) from antsibull-docs, then Sphinx, failing on any warning or unresolved reference.
DOCSITE := .build/docsite
docsite: venv collection-link
	rm -rf $(DOCSITE)
	mkdir -p $(DOCSITE)/rst
	chmod og-w $(DOCSITE)/rst
	$(BIN)/antsibull-docs --config-file docs/site/antsibull-docs.cfg collection --cleanup everything --fail-on-error \
		--use-current --dest-dir $(DOCSITE)/rst hwcloud.modelarts
	cp docs/site/rst/index.rst $(DOCSITE)/rst/
	$(BIN)/sphinx-build -M html $(DOCSITE)/rst $(DOCSITE)/build -c docs/site -n -W --keep-going -q
	@echo "docs site: $(DOCSITE)/build/html/index.html"

# Every page is there and every internal link and anchor resolves (offline: external links are not fetched).
docsite-check: docsite
	$(BIN)/python tools/check_docsite.py $(DOCSITE)/build/html

# Three jobs at a time: the two virtual environments install side by side, then the test suite runs beside the
# static gates (which share the third job among themselves); each job's output is printed whole when it ends.
# Any failure fails `make test`.
test:
	$(MAKE) --no-print-directory -j3 --output-sync=target test-suite test-gates
	@echo "make test: all checks passed"

test-suite: venv collection-link
	$(BIN)/python -m pytest tests/unit $(UNIT_PYTEST_ARGS)
	$(BIN)/python -m pytest tests --ignore=tests/unit $(PYTEST_ARGS)

# --keep-going: one run reports every gate that fails, not only the first. ansible-test units and integration run
# here too (the commands of the ecosystem, on the collection copy). Measured on 2 busy cores: units 2.3 minutes with
# 2 workers (2 minutes of CPU: each test forks), the integration targets 2.9 minutes (1.8 minutes of CPU).
test-gates: venv collection-link $(IMPORTER_VENV)/.installed
	$(MAKE) --no-print-directory --keep-going sanity lint ruff docs changelog-lint importer ee-check docsite-check \
		ansible-test-units ansible-test-integration

# The standard commands of the ecosystem, on a copy of the tracked files in
# .build/ansible-test/ansible_collections/hwcloud/modelarts (tools/run_ansible_test.py: --local, offline), e.g.
# ANSIBLE_TEST_ARGS=modelarts_service for one target. The integration targets run against the emulator, or unchanged
# against the real project that tests/integration/integration_config.yml gives (tests/integration/README.md).
ANSIBLE_TEST_ARGS ?=
ansible-test-units: venv
	$(BIN)/python tools/run_ansible_test.py units $(ANSIBLE_TEST_ARGS)

ansible-test-integration: venv
	$(BIN)/python tools/run_ansible_test.py integration $(ANSIBLE_TEST_ARGS)

# Figures for docs/performance.md (a few minutes; prints, never asserts). BENCH_ARGS e.g. --only fleet.
bench: venv collection-link
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

build: venv
	$(BIN)/ansible-galaxy collection build --force --output-path .build

# The execution environment from the artifact of this checkout (awx/execution-environment-local.yml, which reads it
# from .build/ee/ under a name without the version); `podman build .build/ee-context` or `docker build` builds the
# image. ansible-builder create needs no container runtime.
COLLECTION_VERSION = $(shell sed -n 's/^version: *//p' galaxy.yml)
ee-context: build
	@mkdir -p .build/ee
	cp .build/hwcloud-modelarts-$(COLLECTION_VERSION).tar.gz .build/ee/hwcloud-modelarts.tar.gz
	$(BIN)/ansible-builder create --file awx/execution-environment-local.yml --context .build/ee-context

# Both definitions write a build context: from the artifact (what builds today) and from Galaxy (once published).
ee-check: ee-context
	$(BIN)/ansible-builder create --file awx/execution-environment.yml --context .build/ee-context-galaxy

# --no-compile: one galaxy-importer process at a time compiles what it imports when it imports it. (The test venvs
# stay byte-compiled by pip: eight test workers starting at once would each compile the same modules.)
$(IMPORTER_VENV)/.installed: requirements-importer.txt constraints-importer.txt
	$(PYTHON) -m venv $(IMPORTER_VENV)
	$(IMPORTER_VENV)/bin/python -m pip install --disable-pip-version-check --no-compile -q -r requirements-importer.txt \
		-c constraints-importer.txt
	touch $@

importer: build $(IMPORTER_VENV)/.installed
	$(IMPORTER_VENV)/bin/python tools/galaxy_import.py .build

# tox itself, pinned by constraints-dev.txt, in a venv of its own.
$(TOX_VENV)/.installed: constraints-dev.txt
	$(PYTHON) -m venv $(TOX_VENV)
	$(TOX_VENV)/bin/python -m pip install --disable-pip-version-check -q tox -c constraints-dev.txt
	touch $@

# Integration tests and sanity on one ansible-core of the matrix (tox environment ansible<minor>), on the
# interpreter tools/find_python.sh finds (pyenv installations included; it fails naming it). The unit tests do not
# depend on ansible-core's version and run in `make test`.
matrix-run-%: $(TOX_VENV)/.installed collection-link
	@python=$$(tools/find_python.sh $(if $(filter $*,$(MATRIX_OLDEST)),$(PYTHON_OLDEST),$(PYTHON_NEWEST))) \
		&& $(if $(filter $*,$(MATRIX_OLDEST)),PYTHON_OLDEST,PYTHON_NEWEST)="$$python" \
		$(TOX_VENV)/bin/tox run -e ansible$* -- $(MATRIX_PYTEST_ARGS)

matrix-oldest: matrix-run-$(MATRIX_OLDEST)
matrix-newest: matrix-run-$(MATRIX_NEWEST)

matrix:
	$(MAKE) --no-print-directory matrix-oldest matrix-newest
	@echo "make matrix: ansible-core $(MATRIX_OLDEST) and $(MATRIX_NEWEST) passed"

clean:
	rm -rf $(VENV) .venv-* .tox .build tests/output .pytest_cache .ruff_cache
