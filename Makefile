# The two commands of the README: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo www test setup setup-browser build mock test-rust test-wasm test-js test-types clean bench --quick

demo: setup build
	node demo/tour.mjs

www: setup build
	node www/serve.mjs --port $${PORT:-8080}

test: setup-browser build
	bash scripts/test.sh

setup:
	bash scripts/setup.sh

setup-browser:
	bash scripts/setup.sh --browser

build: setup
	bash scripts/build.sh

mock: setup build
	node pkg/bin/mock-server.js --port $${PORT:-8787}

# Side by side with @hubspot/api-client (issue 6). `make bench -- --quick` (or ARGS=--quick) for a smoke run;
# a full run writes bench/RESULTS.md.
bench: build
	bash scripts/setup.sh --redis
	node bench/run.mjs $(filter-out bench,$(MAKECMDGOALS)) $(ARGS)

# Lets `make bench -- --quick` pass the flag through instead of failing on an unknown target.
--quick:
	@:

clean:
	rm -rf pkg target/wasm-pack test-output
