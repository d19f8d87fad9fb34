# Kiln's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# One build configuration for everything: optimised (the training core needs it), testable.
BUILD_FLAGS := -c release -Xswiftc -enable-testing
APT_PACKAGES := libpq-dev postgresql libopenblas-dev fortunes fortunes-min python3
# What only the tests need: a real single-node Slurm (KilnTestSupport's TestSlurm starts it; root only),
# and headless Chromium for kiln serve's browser test.
TEST_APT_PACKAGES := slurm-wlm munge chromium
# `make install` puts kiln and kiln-train in $(PREFIX)/bin.
PREFIX ?= /usr/local

.PHONY: deps test-deps torch build test tsan lint demo install clean

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Kiln needs these Debian packages. Install them, then run make again:"; \
	    echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

# The CPU build of PyTorch (and NumPy) for examples/torch/train.py and its end-to-end test: this kind of
# machine's pip resolves it locally (a plain `pip install torch` pulls gigabytes of CUDA libraries).
# Nothing is installed when both already import.
TORCH := torch==2.13.0+cpu
torch:
	@python3 -c 'import torch, numpy' 2>/dev/null || python3 -m pip install --quiet '$(TORCH)' numpy

# As root, installs Slurm and munge for the Slurm tests; as another user those tests are skipped.
test-deps:
	@missing=$$(for p in $(TEST_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing for the Slurm tests: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "note: the Slurm tests need root and: $$missing; they will be skipped"; \
	  fi; \
	fi

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

# Swift's tests, then the Python client's (python/tests: unit tests and parity with `kiln schedule`).
test: build test-deps torch
	KILN_BIN_DIR="$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)" $(SWIFT) test $(BUILD_FLAGS)
	bin="$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)" && cd python && KILN_BIN_DIR="$$bin" python3 -m unittest discover -s tests -v

# The scheduler's and the store's tests once more under ThreadSanitizer: a debug build of its own in
# .build/tsan (the release build's kiln-train runs the trainers, at full speed). Known false positives
# are listed, with their cause, in .ci/tsan-suppressions. Measured on 2 shared cores: about 8 min to
# build from scratch, 2.5 min to run.
TSAN_FILTER := KilnSchedulerTests|KilnStoreTests
tsan: build
	KILN_BIN_DIR="$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)" \
	TSAN_OPTIONS="suppressions=$(CURDIR)/.ci/tsan-suppressions" \
	  $(SWIFT) test --sanitize=thread --scratch-path .build/tsan --filter '$(TSAN_FILTER)'

# The format (.swift-format), as CI checks it; `swift format -i -r Sources Tests Package.swift` fixes it.
lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

demo: build
	scripts/demo.sh "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)"

# The programs and the resources they load from beside themselves (migrations, report templates) go to
# $(PREFIX)/lib/kiln; $(PREFIX)/bin gets links, which kiln resolves to find kiln-train and the resources.
install: build
	@bin="$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)"; dest="$(DESTDIR)$(PREFIX)"; set -e; \
	install -d "$$dest/bin" "$$dest/lib/kiln"; \
	install -m 0755 "$$bin/kiln" "$$bin/kiln-train" "$$dest/lib/kiln/"; \
	for resources in kiln_KilnSchema.resources kiln_KilnTemplates.resources; do \
	  rm -rf "$$dest/lib/kiln/$$resources"; cp -R "$$bin/$$resources" "$$dest/lib/kiln/"; \
	done; \
	ln -sfn ../lib/kiln/kiln "$$dest/bin/kiln"; ln -sfn ../lib/kiln/kiln-train "$$dest/bin/kiln-train"; \
	echo "installed kiln $$("$$dest/bin/kiln" --version) and kiln-train in $$dest/bin (files in $$dest/lib/kiln)"

clean:
	rm -rf .build
