# The two commands of the README: `make demo` and `make test`. Both install what they need.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: demo www test setup setup-browser build mock test-rust test-wasm test-js test-types clean

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

clean:
	rm -rf pkg target/wasm-pack test-output
