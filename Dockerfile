# The irisd service image, equivalent to the Dagger module's `image` function.
# ci/pkg/buildspec holds the layout (flags, paths, user, port, labels);
# ci/e2e/dockerfile_test.go fails when this file drifts from it.
#
#   docker build --build-arg VERSION=v1.2.3 --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg CREATED=$(git show -s --format=%cI HEAD) -t irisd .
#
# The Go image is a parameter so an air-gapped machine can build with a local
# toolchain image; its default matches ci/versions.go.
ARG GO_IMAGE=golang:1.27.3-bookworm

FROM ${GO_IMAGE} AS build
# Module proxy settings come from the caller's environment (never baked in);
# an unset value leaves Go's own default.
ARG GOPROXY
ARG GONOSUMDB
ARG GOFLAGS
ENV CGO_ENABLED=0 GOOS=linux
WORKDIR /src
# Dependencies first, in their own layer: a source change reuses it.
COPY go.mod go.sum ./
RUN go mod download
COPY model/ model/
COPY service/ service/
ARG VERSION=dev
ARG COMMIT=unknown
RUN go build -trimpath -buildvcs=false \
    -ldflags "-s -w -buildid= -X github.com/irisinfer/irisinfer/service/internal/buildinfo.Version=${VERSION} -X github.com/irisinfer/irisinfer/service/internal/buildinfo.Commit=${COMMIT}" \
    -o /out/irisd ./service/cmd/irisd

# No shell, no package manager: the binary, the model and nothing else.
FROM scratch
ARG VERSION=dev
ARG COMMIT=unknown
ARG CREATED
COPY --from=build /out/irisd /usr/local/bin/irisd
COPY model/artifacts/iris.json /models/iris.json
ENV IRIS_MODEL_PATH=/models/iris.json
USER 65532:65532
EXPOSE 8080
LABEL org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.source="https://github.com/irisinfer/irisinfer" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.title="irisd"
ENTRYPOINT ["/usr/local/bin/irisd"]
