package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/gates"
	"dagger/ci/pkg/scanpolicy"
	"dagger/ci/pkg/version"
)

// Version prints the version and image tags a git ref and commit release as.
func (m *Ci) Version(
	ctx context.Context,
	// Git ref, e.g. refs/tags/v1.2.3 or refs/heads/main.
	ref string,
	// Git commit sha.
	commit string,
) (string, error) {
	rel, err := version.FromRef(ref, commit)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("version: %s\ntags: %s\nstable: %t\n", rel.Version, strings.Join(rel.Tags, " "), rel.Stable), nil
}

// Publish builds the image of a ref and commit and pushes it under every tag
// of its release; it returns the digest-qualified references.
// +cache="never"
func (m *Ci) Publish(
	ctx context.Context,
	// Registry user.
	username string,
	// Registry password or token.
	password *dagger.Secret,
	// Git ref, e.g. refs/tags/v1.2.3 or refs/heads/main.
	ref string,
	// Git commit sha.
	commit string,
	// Commit time in RFC 3339 (git show -s --format=%cI); empty means the Unix epoch.
	// +optional
	commitTime string,
	// Registry host (default: DefaultRegistry in versions.go).
	// +optional
	registry string,
	// Image repository inside the registry (default: DefaultRepository in versions.go).
	// +optional
	repository string,
) (string, error) {
	rel, meta, target, err := planRelease(ref, commit, commitTime, publishTarget{registry: registry, repository: repository, username: username, password: password})
	if err != nil {
		return "", err
	}
	return target.publish(ctx, m.image(meta), rel)
}

// planRelease validates a release's inputs before anything is built: the
// version and tags of ref, the build metadata, and the push target with its
// defaults filled in.
func planRelease(ref, commit, commitTime string, target publishTarget) (version.Release, buildMeta, publishTarget, error) {
	rel, err := version.FromRef(ref, commit)
	if err != nil {
		return version.Release{}, buildMeta{}, publishTarget{}, err
	}
	meta, err := newBuildMeta(rel.Version, commit, commitTime)
	if err != nil {
		return version.Release{}, buildMeta{}, publishTarget{}, err
	}
	target.registry = orDefault(target.registry, DefaultRegistry)
	target.repository = orDefault(target.repository, DefaultRepository)
	return rel, meta, target, nil
}

// publishTarget is where and as whom images are pushed.
type publishTarget struct {
	registry, repository, username string
	password                       *dagger.Secret
}

// publish pushes image under every tag of rel.
func (t publishTarget) publish(ctx context.Context, image *dagger.Container, rel version.Release) (string, error) {
	if t.username == "" || t.password == nil {
		return "", errors.New("publish: registry username and password are required (e.g. --username $GITHUB_ACTOR --password env:GITHUB_TOKEN)")
	}
	image = image.WithRegistryAuth(t.registry, t.username, t.password)
	var refs []string
	for _, tag := range rel.Tags {
		ref, err := image.Publish(ctx, t.address(tag))
		if err != nil {
			return "", fmt.Errorf("publish %s: %w", t.address(tag), err)
		}
		refs = append(refs, ref)
	}
	return strings.Join(refs, "\n"), nil
}

// address is the image reference of one tag.
func (t publishTarget) address(tag string) string {
	return fmt.Sprintf("%s/%s:%s", t.registry, t.repository, tag)
}

// Release runs every gate in order (test, lint, model gate, image, size gate,
// scan, smoke) and publishes only when all pass; a dry run stops before
// publishing and lists what it would push.
// +cache="never"
func (m *Ci) Release(
	ctx context.Context,
	// Git ref, e.g. refs/tags/v1.2.3 or refs/heads/main.
	ref string,
	// Git commit sha.
	commit string,
	// Commit time in RFC 3339 (git show -s --format=%cI); empty means the Unix epoch.
	// +optional
	commitTime string,
	// Registry user; required unless dry run.
	// +optional
	username string,
	// Registry password or token; required unless dry run.
	// +optional
	password *dagger.Secret,
	// Registry host (default: DefaultRegistry in versions.go).
	// +optional
	registry string,
	// Image repository inside the registry (default: DefaultRepository in versions.go).
	// +optional
	repository string,
	// Minimum held-out model accuracy.
	// +default=0.93
	minAccuracy float64,
	// Largest allowed uncompressed image size.
	// +default="500MB"
	budget string,
	// Comma-separated severities that fail the scan.
	// +default="HIGH,CRITICAL"
	severity string,
	// Skip vulnerabilities that have no fixed version yet.
	// +optional
	ignoreUnfixed bool,
	// Accepted vulnerabilities, one "ID EXPIRES REASON" a line.
	// +optional
	ignoreFile *dagger.File,
	// Trivy vulnerability database repository for mirrors.
	// +optional
	dbRepository string,
	// Run every gate but do not publish.
	// +optional
	dryRun bool,
) (string, error) {
	rel, meta, target, err := planRelease(ref, commit, commitTime, publishTarget{registry: registry, repository: repository, username: username, password: password})
	if err != nil {
		return "", err
	}
	if _, err := scanpolicy.ParseSeverities(severity); err != nil {
		return "", err
	}
	if !dryRun && (username == "" || password == nil) {
		// Fail before the gates run, not after half an hour of them.
		return "", errors.New("release: --username and --password are required unless --dry-run")
	}
	image := m.image(meta)
	steps := []gates.Gate{
		{Name: "test", Run: m.Test},
		{Name: "lint", Run: m.Lint},
		{Name: "model-gate", Run: func(ctx context.Context) (string, error) { return m.ModelGate(ctx, minAccuracy) }},
		{Name: "image", Run: func(ctx context.Context) (string, error) {
			if _, err := image.Sync(ctx); err != nil {
				return "", err
			}
			return "built " + rel.Version, nil
		}},
		{Name: "size-gate", Run: func(ctx context.Context) (string, error) { return m.sizeGate(ctx, image, budget) }},
		{Name: "scan", Run: func(ctx context.Context) (string, error) {
			trivy, err := m.scanGate(ctx, image, scanOptions{severity, ignoreUnfixed, ignoreFile, dbRepository})
			if err != nil {
				return "", err
			}
			gov, err := m.govulncheck(ctx, m.binary(meta), ignoreFile, "")
			if err != nil {
				return "", err
			}
			return trivy + "\n" + gov, nil
		}},
		{Name: "smoke", Run: func(ctx context.Context) (string, error) { return m.smoke(ctx, image) }},
		{Name: "publish", Run: func(ctx context.Context) (string, error) {
			if dryRun {
				var would []string
				for _, tag := range rel.Tags {
					would = append(would, target.address(tag))
				}
				return "dry run, would push " + strings.Join(would, " "), nil
			}
			return target.publish(ctx, image, rel)
		}},
	}
	summary, err := gates.Run(ctx, steps)
	if err != nil {
		return summary.String(), err
	}
	refs := summary[len(summary)-1].Output
	return fmt.Sprintf("release %s\n%s\n%s\n", rel.Version, summary, refs), nil
}
