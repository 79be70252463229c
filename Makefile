# The two commands: `make run` (demo on SQLite) and `make test` (every gate, SQLite then PostgreSQL).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000

.PHONY: help setup setup-test run test lint bench

help:
	@echo "make run    set up and serve the demo at http://127.0.0.1:$(PORT) (SQLite in var/)"
	@echo "make test   set up and run every gate and the whole suite (SQLite, then PostgreSQL)"
	@echo "make setup  install dependencies and compile translations (idempotent)"
	@echo "make bench  run the benchmarks under bench/"

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

run: setup
	@DEBUG=1 scripts/run-demo.sh $(PORT)

test: setup-test
	@scripts/test.sh

lint: setup
	@scripts/uv.sh run ruff check . && scripts/uv.sh run ruff format --check . && scripts/uv.sh run mypy

bench: setup
	@scripts/bench.sh
