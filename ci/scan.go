package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/scanpolicy"
)

// Paths inside the Trivy container.
const (
	scanImagePath  = "/scan/image.tar"
	scanReportPath = "/scan/report.json"
	trivyCacheDir  = "/root/.cache/trivy"
)

// Scan scans the image for known vulnerabilities of every severity and
// returns Trivy's JSON report; ScanGate applies the policy to it.
func (m *Ci) Scan(
	// Trivy vulnerability database repository for mirrors; empty uses Trivy's default.
	// +optional
	dbRepository string,
) *dagger.File {
	return m.scan(m.image(devMeta()), dbRepository)
}

// scan runs Trivy on the image tarball; the report lists all severities so
// the policy, not the scanner, decides what blocks.
func (m *Ci) scan(image *dagger.Container, dbRepository string) *dagger.File {
	args := []string{
		"trivy", "image", "--input", scanImagePath, "--scanners", "vuln",
		"--format", "json", "--output", scanReportPath, "--exit-code", "0",
		"--cache-dir", trivyCacheDir,
	}
	if dbRepository != "" {
		args = append(args, "--db-repository", dbRepository)
	}
	return dag.Container().From(m.TrivyImage).
		WithMountedCache(trivyCacheDir, cache("trivy")).
		WithMountedFile(scanImagePath, image.AsTarball()).
		// The database changes daily: a new day is a new input, so the engine
		// does not answer today's scan from yesterday's cache.
		WithEnvVariable("SCAN_DAY", today().Format(time.DateOnly)).
		WithExec(args).
		File(scanReportPath)
}

// ScanGate scans the image and fails when the policy finds blocking
// vulnerabilities; the summary lists blocking, ignored and expired entries.
func (m *Ci) ScanGate(
	ctx context.Context,
	// Comma-separated severities that fail the gate.
	// +default="HIGH,CRITICAL"
	severity string,
	// Skip vulnerabilities that have no fixed version yet.
	// +optional
	ignoreUnfixed bool,
	// Accepted vulnerabilities, one "ID EXPIRES REASON" a line (see pkg/scanpolicy).
	// +optional
	ignoreFile *dagger.File,
	// Trivy vulnerability database repository for mirrors; empty uses Trivy's default.
	// +optional
	dbRepository string,
) (string, error) {
	return m.scanGate(ctx, m.image(devMeta()), scanOptions{severity, ignoreUnfixed, ignoreFile, dbRepository})
}

// scanOptions are the policy inputs of a scan gate.
type scanOptions struct {
	severity      string
	ignoreUnfixed bool
	ignoreFile    *dagger.File
	dbRepository  string
}

// scanGate scans image and applies the policy.
func (m *Ci) scanGate(ctx context.Context, image *dagger.Container, opts scanOptions) (string, error) {
	severities, err := scanpolicy.ParseSeverities(opts.severity)
	if err != nil {
		return "", err
	}
	ignores, err := readIgnores(ctx, opts.ignoreFile)
	if err != nil {
		return "", err
	}
	text, err := m.scan(image, opts.dbRepository).Contents(ctx)
	if err != nil {
		return "", fmt.Errorf("scan: %w", err)
	}
	report, err := scanpolicy.ParseTrivy(strings.NewReader(text))
	if err != nil {
		return "", fmt.Errorf("scan: %w", err)
	}
	policy := scanpolicy.Policy{Severities: severities, IgnoreUnfixed: opts.ignoreUnfixed, Ignores: ignores, Now: today()}
	res := policy.Apply(report.Findings())
	if err := res.Err(); err != nil {
		return "", err
	}
	return res.Summary(), nil
}

// today is the current UTC day: ignore entries expire by it and scans are
// refreshed once a day.
func today() time.Time {
	return time.Now().UTC().Truncate(24 * time.Hour)
}
