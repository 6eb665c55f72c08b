// Tests of the ci module, run against a real engine:
//
//	dagger call -m ci/tests all
//
// Each test calls the module through its generated binding (dag.Ci()) the
// way a user's `dagger call` does, and returns an error saying what broke.
package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"dagger/tests/internal/dagger"

	"golang.org/x/sync/errgroup"
)

// Tests is the test suite of the ci module.
type Tests struct{}

// commit is a well-formed commit sha for version and build tests.
const commit = "0123456789abcdef0123456789abcdef01234567"

// All runs every test, independent ones in parallel.
func (m *Tests) All(ctx context.Context) error {
	eg, ctx := errgroup.WithContext(ctx)
	for _, test := range []func(context.Context) error{
		m.Version, m.VersionRejectsBadTag, m.Image, m.BinaryReproducible,
		m.Test, m.Lint, m.ModelGate, m.SizeGate, m.SizeGateOverBudget, m.SizeReport,
		m.ScanGate, m.Smoke, m.ReleaseDryRun,
	} {
		eg.Go(func() error { return test(ctx) })
	}
	return eg.Wait()
}

// Version checks the tags of a stable release.
func (m *Tests) Version(ctx context.Context) error {
	out, err := dag.Ci().Version(ctx, "refs/tags/v1.2.3", commit)
	if err != nil {
		return err
	}
	return expectContains(out, "version: v1.2.3", "tags: 1.2.3 1.2 1 latest", "stable: true")
}

// VersionRejectsBadTag checks that a malformed tag fails with guidance.
func (m *Tests) VersionRejectsBadTag(ctx context.Context) error {
	_, err := dag.Ci().Version(ctx, "refs/tags/v1.2", commit)
	if err == nil {
		return errors.New("version accepted the malformed tag v1.2")
	}
	return expectContains(err.Error(), "invalid release tag", "e.g. v1.2.3")
}

// Image checks the runtime image's metadata and contents.
func (m *Tests) Image(ctx context.Context) error {
	const version, created = "v1.2.3", "2026-05-01T12:00:00Z"
	image := dag.Ci().Image(dagger.CiImageOpts{Version: version, Commit: commit, CommitTime: created})
	if got, err := image.Label(ctx, "org.opencontainers.image.version"); err != nil || got != version {
		return fmt.Errorf("version label = %q, %v; want %q", got, err, version)
	}
	if got, err := image.Label(ctx, "org.opencontainers.image.created"); err != nil || got != created {
		return fmt.Errorf("created label = %q, %v; want the commit time %q", got, err, created)
	}
	user, err := image.User(ctx)
	if err != nil {
		return err
	}
	if user == "" || user == "root" || strings.HasPrefix(user, "0:") || user == "0" {
		return fmt.Errorf("image runs as %q, want a non-root user", user)
	}
	entrypoint, err := image.Entrypoint(ctx)
	if err != nil || len(entrypoint) != 1 {
		return fmt.Errorf("entrypoint = %q, %v; want the binary alone", entrypoint, err)
	}
	if size, err := image.File(entrypoint[0]).Size(ctx); err != nil || size == 0 {
		return fmt.Errorf("entrypoint %s: size %d, %v", entrypoint[0], size, err)
	}
	ports, err := image.ExposedPorts(ctx)
	if err != nil || len(ports) != 1 {
		return fmt.Errorf("exposed ports = %d, %v; want one", len(ports), err)
	}
	for _, name := range []string{"IRIS_MODEL_PATH"} {
		path, err := image.EnvVariable(ctx, name)
		if err != nil || path == "" {
			return fmt.Errorf("env %s = %q, %v", name, path, err)
		}
		if size, err := image.File(path).Size(ctx); err != nil || size == 0 {
			return fmt.Errorf("model %s: size %d, %v", path, size, err)
		}
	}
	return nil
}

// BinaryReproducible checks that the binary alone and the binary in the
// image of the same inputs are the same bytes.
func (m *Tests) BinaryReproducible(ctx context.Context) error {
	opts := dagger.CiBinaryOpts{Version: "v1.2.3", Commit: commit, CommitTime: "2026-05-01T12:00:00Z"}
	alone, err := dag.Ci().Binary(opts).Digest(ctx)
	if err != nil {
		return err
	}
	image := dag.Ci().Image(dagger.CiImageOpts{Version: opts.Version, Commit: opts.Commit, CommitTime: opts.CommitTime})
	entrypoint, err := image.Entrypoint(ctx)
	if err != nil || len(entrypoint) == 0 {
		return fmt.Errorf("entrypoint: %q, %v", entrypoint, err)
	}
	inImage, err := image.File(entrypoint[0]).Digest(ctx, dagger.FileDigestOpts{ExcludeMetadata: true})
	if err != nil {
		return err
	}
	aloneContent, err := dag.Ci().Binary(opts).Digest(ctx, dagger.FileDigestOpts{ExcludeMetadata: true})
	if err != nil {
		return err
	}
	if aloneContent != inImage || alone == "" {
		return fmt.Errorf("binary %s differs from the image's %s", aloneContent, inImage)
	}
	return nil
}

// Test checks that the unit tests pass and report coverage.
func (m *Tests) Test(ctx context.Context) error {
	out, err := dag.Ci().Test(ctx)
	if err != nil {
		return err
	}
	return expectContains(out, "total:", "%")
}

// Lint checks that the code is lint-clean.
func (m *Tests) Lint(ctx context.Context) error {
	_, err := dag.Ci().Lint(ctx)
	return err
}

// ModelGate checks that the committed model passes and that a nonsense
// threshold is refused.
func (m *Tests) ModelGate(ctx context.Context) error {
	out, err := dag.Ci().ModelGate(ctx)
	if err != nil {
		return err
	}
	if err := expectContains(out, "PASS"); err != nil {
		return err
	}
	if _, err := dag.Ci().ModelGate(ctx, dagger.CiModelGateOpts{MinAccuracy: 1.5}); err == nil {
		return errors.New("model gate accepted a min accuracy of 1.5")
	}
	return nil
}

// SizeGate checks that the image fits the default budget.
func (m *Tests) SizeGate(ctx context.Context) error {
	out, err := dag.Ci().SizeGate(ctx)
	if err != nil {
		return err
	}
	return expectContains(out, "size ok", "total")
}

// SizeGateOverBudget checks that a tiny budget fails with the breakdown.
func (m *Tests) SizeGateOverBudget(ctx context.Context) error {
	_, err := dag.Ci().SizeGate(ctx, dagger.CiSizeGateOpts{Budget: "1MB"})
	if err == nil {
		return errors.New("size gate passed a 1MB budget")
	}
	return expectContains(err.Error(), "over size budget", "UNCOMPRESSED")
}

// SizeReport checks the per-layer report.
func (m *Tests) SizeReport(ctx context.Context) error {
	out, err := dag.Ci().SizeReport(ctx)
	if err != nil {
		return err
	}
	return expectContains(out, "UNCOMPRESSED", "COMPRESSED", "total")
}

// ScanGate checks that the image has no blocking vulnerabilities.
func (m *Tests) ScanGate(ctx context.Context) error {
	out, err := dag.Ci().ScanGate(ctx)
	if err != nil {
		return err
	}
	return expectContains(out, "blocking: 0")
}

// Smoke checks that the image serves a correct prediction.
func (m *Tests) Smoke(ctx context.Context) error {
	out, err := dag.Ci().Smoke(ctx)
	if err != nil {
		return err
	}
	return expectContains(out, "smoke ok")
}

// ReleaseDryRun checks that a release runs every gate in order and would
// push every tag, without credentials.
func (m *Tests) ReleaseDryRun(ctx context.Context) error {
	out, err := dag.Ci().Release(ctx, "refs/tags/v1.2.3", commit, dagger.CiReleaseOpts{DryRun: true})
	if err != nil {
		return err
	}
	if err := expectContains(out, "release v1.2.3", "dry run, would push", ":1.2.3", ":latest"); err != nil {
		return err
	}
	order := []string{"test", "lint", "model-gate", "image", "size-gate", "scan", "smoke", "publish"}
	var got []string
	for line := range strings.Lines(out) {
		if name, ok := strings.CutPrefix(line, "ok   "); ok {
			name, _, _ = strings.Cut(strings.TrimSpace(name), ":")
			got = append(got, name)
		}
	}
	if !slices.Equal(got, order) {
		return fmt.Errorf("gates ran as %q, want %q", got, order)
	}
	return nil
}

// expectContains fails unless s holds every part.
func expectContains(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("output lacks %q:\n%s", p, s)
		}
	}
	return nil
}
