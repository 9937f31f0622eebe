# SPDX-License-Identifier: Apache-2.0

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

build:            ## static binary, no cgo, in bin/isms
	CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/isms ./cmd/isms

test:             ## fast suite on SQLite (browser journeys skip without Chromium)
	go test -race ./...

test-postgres:    ## same suite on SQLite and PostgreSQL; needs ISMS_TEST_POSTGRES_URL
	@test -n "$$ISMS_TEST_POSTGRES_URL" || { echo "set ISMS_TEST_POSTGRES_URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable"; exit 2; }
	go test -race ./...

lint:             ## gofmt, go vet, staticcheck (pinned in go.mod)
	@files="$$(gofmt -l .)"; if [ -n "$$files" ]; then echo "not gofmt-ed:"; echo "$$files"; exit 1; fi
	go vet ./...
	go tool staticcheck ./...

run:              ## serve on 127.0.0.1:8080, rereading templates; add ARGS=--demo for demo data
	go run ./cmd/isms serve --dev $(ARGS)

ci:               ## the full CI run: Chromium, PostgreSQL, lint, race tests on both databases, static build
	.ci/run

help:             ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.PHONY: build test test-postgres lint run ci help
