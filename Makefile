# The README's commands. Each target is a thin name for a script or a go
# command, so that the README, CI (.ci/run) and a laptop run the same thing.

GO ?= go
# The Go toolchain the root go.mod pins on its toolchain line (fetched through
# the module proxy on first use), also for machines that default to local.
export GOTOOLCHAIN := $(shell sed -n 's/^toolchain //p' go.mod)

.PHONY: run test test-unit lint bench image measure image-variants train model-gate infra-up infra-down

## run: build and serve the model on :8080 (the main job; IRIS_* variables configure it)
run:
	$(GO) run ./service/cmd/irisd

## test: every test: formatting, vet, unit, fuzz seeds, type-check of the Dagger module,
## workflow lint, and the Docker end-to-end tests (sets up Docker and a registry itself)
test:
	bash scripts/test.sh

## test-unit: the tests that need no Docker (root module and the ci module's packages)
test-unit:
	IRISINFER_SKIP_E2E=1 bash scripts/test.sh

## lint: golangci-lint at the version pinned in ci/versions.go, with .golangci.yml
lint:
	bash scripts/lint.sh

## bench: load benchmark of POST /predict with wrk, plus RSS and time to ready
bench:
	bash scripts/bench.sh

## image: build the service image with Docker from the Dockerfile
image:
	bash scripts/infra/up.sh
	. /tmp/irisinfer-infra/env && /usr/bin/docker build $${IRISINFER_GO_IMAGE:+--build-arg GO_IMAGE=$$IRISINFER_GO_IMAGE} -t irisinfer:dev .

## measure: image size (compressed and uncompressed), time to ready, cold and warm build time
measure:
	bash scripts/infra/up.sh
	bash scripts/measure-image.sh

## image-variants: sizes of a naive, a multi-stage and the release image (runbook/image.md)
image-variants:
	bash scripts/infra/up.sh
	bash scripts/image-variants.sh

## train: retrain the model and rewrite model/artifacts/iris.json (byte-identical for unchanged code)
train:
	$(GO) run ./model/cmd/train

## model-gate: the ML quality gate on the committed artifact (minimum accuracy: model/train.DefaultMinAccuracy)
model-gate:
	$(GO) run ./model/cmd/evaluate

infra-up:
	bash scripts/infra/up.sh

infra-down:
	bash scripts/infra/down.sh
