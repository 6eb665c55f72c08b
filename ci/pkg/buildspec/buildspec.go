// Package buildspec is the single source of truth for how the service image is
// built: the Go package, build flags, runtime layout, user, port and labels.
//
// Both the Dagger module (ci/) and the Dockerfile build the same image; the
// Dockerfile cannot import Go, so a drift test compares it to these values.
package buildspec

import (
	"fmt"
	"strings"
)

const (
	// MainPackage is the service's main package, relative to the repository root.
	MainPackage = "./service/cmd/irisd"
	// BinaryName is the name of the service binary.
	BinaryName = "irisd"
	// BinaryPath is where the binary lives in the runtime image; it is the entrypoint.
	BinaryPath = "/usr/local/bin/irisd"
	// ModelSource is the committed model artifact, relative to the repository root.
	ModelSource = "model/artifacts/iris.json"
	// ModelPath is where the runtime image carries the model artifact.
	ModelPath = "/models/iris.json"
	// ModelPathEnv is the service's environment variable naming the model file.
	ModelPathEnv = "IRIS_MODEL_PATH"
	// User is the non-root uid:gid the runtime image runs as.
	User = "65532:65532"
	// Port is the TCP port the service listens on inside the image.
	Port = 8080
	// BuildInfoPackage is the Go package whose variables carry version and commit.
	BuildInfoPackage = "github.com/irisinfer/irisinfer/service/internal/buildinfo"
	// SourceURL is the repository the image is built from (org.opencontainers.image.source).
	SourceURL = "https://github.com/irisinfer/irisinfer"
)

// Env is the static environment of the build stage: a static binary with no
// dependency on the C library.
var Env = map[string]string{"CGO_ENABLED": "0", "GOOS": "linux"}

// BuildFlags are the go build flags, other than -ldflags, for a reproducible binary.
var BuildFlags = []string{"-trimpath", "-buildvcs=false"}

// LDFlags returns the -ldflags value that strips debug data, clears the build id
// (so the same commit gives the same bytes) and stamps version and commit.
func LDFlags(version, commit string) string {
	return strings.Join([]string{
		"-s", "-w", "-buildid=",
		fmt.Sprintf("-X %s.Version=%s", BuildInfoPackage, version),
		fmt.Sprintf("-X %s.Commit=%s", BuildInfoPackage, commit),
	}, " ")
}

// Label keys of the OCI image annotations the image carries.
const (
	LabelVersion  = "org.opencontainers.image.version"
	LabelRevision = "org.opencontainers.image.revision"
	LabelSource   = "org.opencontainers.image.source"
	LabelCreated  = "org.opencontainers.image.created"
	LabelTitle    = "org.opencontainers.image.title"
)

// Labels returns the OCI labels for an image of the given version and commit;
// created is the commit time in RFC 3339, never the wall clock, so that two
// builds of one commit carry the same labels.
func Labels(version, commit, created string) map[string]string {
	return map[string]string{
		LabelVersion:  version,
		LabelRevision: commit,
		LabelSource:   SourceURL,
		LabelCreated:  created,
		LabelTitle:    BinaryName,
	}
}
