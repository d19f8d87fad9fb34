# Kiln's two commands: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
# One build configuration for everything: optimised (the training core needs it), testable.
BUILD_FLAGS := -c release -Xswiftc -enable-testing
APT_PACKAGES := libpq-dev postgresql libopenblas-dev fortunes fortunes-min python3

.PHONY: deps build test demo clean

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

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

test: build
	KILN_BIN_DIR="$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)" $(SWIFT) test $(BUILD_FLAGS)

demo: build
	scripts/demo.sh "$$($(SWIFT) build $(BUILD_FLAGS) --show-bin-path)"

clean:
	rm -rf .build
