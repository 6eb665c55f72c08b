package main

// Every pinned image and tool version of the pipeline, once. Dagger pragmas
// hold only literals, so the module's image arguments are optional without a
// default and fall back to these constants: one source of truth.
const (
	// GoImage builds, tests and vets the code: Debian (glibc and gcc) so the
	// race detector works. It also runs the smoke client.
	GoImage = "golang:1.27.3-bookworm"
	// GolangciLintImage runs the linter with the repository's .golangci.yml.
	GolangciLintImage = "golangci/golangci-lint:v2.15.0"
	// TrivyImage scans the image tarball for known vulnerabilities.
	TrivyImage = "aquasec/trivy:0.74.0"
	// GovulncheckModule is the govulncheck command, run with `go run` in the
	// Go image at this exact version.
	GovulncheckModule = "golang.org/x/vuln/cmd/govulncheck@v1.9.0"
	// VulnDBModule is the Go vulnerability database as a module (its
	// data/osv holds every report). scripts/infra/up.sh indexes it into an
	// offline database for govulncheck's -db flag, as an air-gapped network
	// would; pass that file:// path to `dagger call govulncheck --db`.
	VulnDBModule = "golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018"
	// DefaultRegistry is where release images are published.
	DefaultRegistry = "ghcr.io"
	// DefaultRepository is the image repository inside DefaultRegistry.
	DefaultRepository = "irisinfer/irisinfer"
)
