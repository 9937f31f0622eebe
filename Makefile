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

# The Go benchmarks of the hot paths of DESIGN §7 and docs/performance.md:
# risk scoring, the risk register and heatmap, the posture, the SoA view and
# its XLSX and PDF exports, the readiness check, audit-trail verification,
# the built-in ISO 27001 import, and the NIST SP 800-53 import beside its
# bare unmarshal-and-validate floor. Each runs on SQLite, and on PostgreSQL
# too when ISMS_TEST_POSTGRES_URL is set. BENCHTIME and BENCHCOUNT size the
# run; the raw output goes to BENCH_OUT, then benchstat summarizes it,
# leaving out the counts that only describe a benchmark's data (its
# requirements, links, findings, blockers and rules).
BENCHTIME ?= 1s
BENCHCOUNT ?= 3
BENCH_OUT ?= bench-go.txt
BENCH_PKGS = ./internal/isms ./internal/catalog ./internal/sqldb ./internal/app
BENCH_NAMES = RiskScoring|FindRisks|RiskRegister|RiskHeatmap|Posture|SoAViewAndXLSX|SoAPDF|ReadinessCheck|VerifyAuditChain|ImportBuiltinISO|Import80053Moderate|UnmarshalValidate800_53

bench: SHELL := /bin/bash
bench: .SHELLFLAGS := -o pipefail -c
bench:            ## Go benchmarks of the hot paths on SQLite and PostgreSQL (with ISMS_TEST_POSTGRES_URL); raw output in bench-go.txt, summarized by benchstat
	@test -n "$$ISMS_TEST_POSTGRES_URL" || echo "ISMS_TEST_POSTGRES_URL is not set: the benchmarks run on SQLite only"
	go test -p 1 -run '^$$' -bench '^Benchmark($(BENCH_NAMES))$$' -benchmem -benchtime $(BENCHTIME) -count $(BENCHCOUNT) -timeout 2h $(BENCH_PKGS) | tee $(BENCH_OUT)
	go tool benchstat -filter '-.unit:(requirements OR links OR findings OR blockers OR rules)' $(BENCH_OUT)

bench-http: build ## HTTP load benchmark of DESIGN §7 (large demo, against the ceiling) on SQLite, and on PostgreSQL when ISMS_BENCH_POSTGRES_URL is set; ARGS adds flags
	bin/isms bench http --postgres-url "$(ISMS_BENCH_POSTGRES_URL)" $(ARGS)

ci:               ## the full CI run: Chromium, PostgreSQL, lint, tests on both databases (race detector on the concurrent packages), static build
	.ci/run

help:             ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

.PHONY: build test test-postgres test-servers lint run bench bench-http ci help
