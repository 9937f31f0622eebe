# SPDX-License-Identifier: Apache-2.0

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
# The S3 and SMTP servers the tests start; the same versions and cache as .ci/run.
TEST_BIN ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/isms-ci/bin

build:            ## static binary, no cgo, in bin/isms
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/isms ./cmd/isms

test:             ## fast suite on SQLite (browser journeys skip without Chromium)
	go test -race ./...

test-postgres: test-servers ## same suite on SQLite and PostgreSQL, with the S3 and SMTP tests; needs ISMS_TEST_POSTGRES_URL
	@test -n "$$ISMS_TEST_POSTGRES_URL" || { echo "set ISMS_TEST_POSTGRES_URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable"; exit 2; }
	ISMS_TEST_S3=$(TEST_BIN)/versitygw ISMS_TEST_MAILPIT=$(TEST_BIN)/mailpit go test -race ./...

test-servers:     ## build versitygw (S3) and mailpit (SMTP) for the tests into ~/.cache/isms-ci/bin
	GOBIN=$(TEST_BIN) go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
	GOBIN=$(TEST_BIN) go install github.com/axllent/mailpit@v1.33.1

lint:             ## gofmt, go vet, staticcheck (pinned in go.mod)
	@files="$$(gofmt -l .)"; if [ -n "$$files" ]; then echo "not gofmt-ed:"; echo "$$files"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...

run:              ## serve on 127.0.0.1:8080, rereading templates; add ARGS=--demo for demo data
	go run ./cmd/isms serve --dev $(ARGS)

ci:               ## the full CI run: Chromium, PostgreSQL, lint, tests on both databases (race detector on the concurrent packages), static build
	.ci/run

help:             ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.PHONY: build test test-postgres test-servers lint run ci help
