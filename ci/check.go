package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/scanpolicy"
)

// testPackages are the packages of the service and model under test; ci/ is a
// module of its own and is tested with plain `go test` there.
var testPackages = []string{"./model/...", "./service/..."}

// coverProfile is where Test writes its coverage profile.
const coverProfile = "/tmp/cover.out"

// Test vets the code and runs the unit tests with the race detector, in
// random order, uncached; it returns the total statement coverage.
func (m *Ci) Test(ctx context.Context) (string, error) {
	testArgs := append([]string{"go", "test", "-race", "-shuffle=on", "-count=1", "-coverprofile=" + coverProfile}, testPackages...)
	out, err := m.goContainer().
		WithEnvVariable("CGO_ENABLED", "1").
		WithExec([]string{"go", "vet", "./..."}).
		WithExec(testArgs).
		WithExec([]string{"go", "tool", "cover", "-func=" + coverProfile}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("test: %w", err)
	}
	return lastLine(out), nil
}

// Lint runs golangci-lint with the repository's configuration.
func (m *Ci) Lint(ctx context.Context) (string, error) {
	out, err := m.withGoCaches(dag.Container().From(m.LintImage)).
		WithMountedCache("/root/.cache/golangci-lint", cache("golangci-lint")).
		WithEnvVariable("GOLANGCI_LINT_CACHE", "/root/.cache/golangci-lint").
		WithDirectory(srcDir, m.Source).WithWorkdir(srcDir).
		WithExec([]string{"golangci-lint", "run", "./..."}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("lint: %w", err)
	}
	return "lint ok\n" + out, nil
}

// ModelGate evaluates the committed model artifact: it verifies its checksum
// and fails below the minimum held-out accuracy.
func (m *Ci) ModelGate(
	ctx context.Context,
	// Minimum held-out accuracy, between 0 and 1.
	// +default=0.93
	minAccuracy float64,
) (string, error) {
	if minAccuracy <= 0 || minAccuracy > 1 {
		return "", fmt.Errorf("model gate: min accuracy %v out of range: give a fraction in (0, 1], e.g. 0.93", minAccuracy)
	}
	out, err := m.goContainer().
		WithExec([]string{"go", "run", "./model/cmd/evaluate", "-min-accuracy", strconv.FormatFloat(minAccuracy, 'f', -1, 64)}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("model gate: %w", err)
	}
	return out, nil
}

// Govulncheck reports known Go vulnerabilities in the service binary's
// dependencies and standard library, and fails on any not accepted by the
// ignore file. It reads the binary the image ships, so it judges what runs.
func (m *Ci) Govulncheck(
	ctx context.Context,
	// Accepted vulnerabilities, one "ID EXPIRES REASON" a line (see pkg/scanpolicy).
	// +optional
	ignoreFile *dagger.File,
	// Vulnerability database URL for air-gapped runs, e.g. file:///db; empty uses govulncheck's default.
	// +optional
	db string,
) (string, error) {
	return m.govulncheck(ctx, m.binary(devMeta()), ignoreFile, db)
}

// govulncheckBinaryPath is where the binary under check is mounted.
const govulncheckBinaryPath = "/scan/irisd"

// govulncheck runs govulncheck in binary mode on bin and applies the policy.
func (m *Ci) govulncheck(ctx context.Context, bin *dagger.File, ignoreFile *dagger.File, db string) (string, error) {
	args := []string{"go", "run", GovulncheckModule, "-mode", "binary", "-format", "json"}
	if db != "" {
		args = append(args, "-db", db)
	}
	// With -format json govulncheck exits 0 even when it finds vulnerabilities:
	// the findings in the stream decide, through the same policy as Scan.
	out, err := m.goContainer().
		WithMountedFile(govulncheckBinaryPath, bin).
		// The database changes daily, as for Scan.
		WithEnvVariable("SCAN_DAY", today().Format(time.DateOnly)).
		WithExec(append(args, govulncheckBinaryPath)).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("govulncheck: %w", err)
	}
	findings, err := scanpolicy.ParseGovulncheck(strings.NewReader(out))
	if err != nil {
		return "", fmt.Errorf("govulncheck: %w", err)
	}
	ignores, err := readIgnores(ctx, ignoreFile)
	if err != nil {
		return "", err
	}
	res := scanpolicy.GovulncheckPolicy(ignores, today()).Apply(findings)
	if err := res.Err(); err != nil {
		return "", fmt.Errorf("govulncheck: %w", err)
	}
	return res.Summary(), nil
}

// readIgnores parses an optional ignore file.
func readIgnores(ctx context.Context, f *dagger.File) ([]scanpolicy.Ignore, error) {
	if f == nil {
		return nil, nil
	}
	text, err := f.Contents(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading ignore file: %w", err)
	}
	return scanpolicy.ParseIgnores(bytes.NewReader([]byte(text)))
}

// lastLine returns the last non-empty line of s.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
