# The two commands a newcomer needs: `make demo` and `make test`.
# Everything they use is installed into .venv from requirements-dev.txt (pinned by constraints-dev.txt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

export PATH := $(CURDIR)/$(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/.build/collections
export ANSIBLE_NOCOLOR := 1
export NO_COLOR := 1

.PHONY: help venv collection-link demo test unit integration sanity lint docs changelog-lint build clean bench

help:
	@echo "make demo   - start the ModelArts emulator and run the demo playbook against it"
	@echo "make test   - unit and integration tests, ansible-test sanity, ansible-lint, doc checks"

$(STAMP): requirements-dev.txt constraints-dev.txt requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-dev.txt -c constraints-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# ansible looks collections up as ansible_collections/<namespace>/<name>: point that at this checkout.
collection-link:
	@mkdir -p .build/collections/ansible_collections/hwcloud
	@ln -sfn $(CURDIR) .build/collections/ansible_collections/hwcloud/modelarts

demo: venv collection-link
	$(BIN)/python tools/demo.py

unit: venv collection-link
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

integration: venv collection-link
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

sanity: venv
	$(BIN)/python tools/sanity.py

lint: venv collection-link
	$(BIN)/ansible-lint --profile production roles playbooks

docs: venv collection-link
	$(BIN)/python tools/check_docs.py

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

test: venv collection-link
	$(BIN)/python -m pytest tests $(PYTEST_ARGS)
	$(MAKE) --no-print-directory sanity lint docs changelog-lint
	@echo "make test: all checks passed"

# Figures for docs/performance.md (a few minutes; prints, never asserts). BENCH_ARGS e.g. --only fleet.
bench: venv collection-link
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

build: venv
	$(BIN)/ansible-galaxy collection build --force --output-path .build

clean:
	rm -rf $(VENV) .build tests/output .pytest_cache
