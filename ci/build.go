package main

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"time"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/buildspec"
)

// Defaults for local builds that are not releases.
const (
	devVersion = "v0.0.0-dev"
	devCommit  = "unknown"
)

// buildMeta is what a build stamps into the binary and the image labels.
type buildMeta struct {
	version, commit string
	created         time.Time
}

// newBuildMeta validates the build inputs; an empty commit time is the Unix
// epoch so that builds without one are still reproducible.
func newBuildMeta(version, commit, commitTime string) (buildMeta, error) {
	meta := buildMeta{version: orDefault(version, devVersion), commit: orDefault(commit, devCommit), created: time.Unix(0, 0).UTC()}
	if commitTime != "" {
		t, err := time.Parse(time.RFC3339, commitTime)
		if err != nil {
			return buildMeta{}, fmt.Errorf("commit time %q is not RFC 3339: pass `git show -s --format=%%cI <commit>`: %w", commitTime, err)
		}
		meta.created = t.UTC()
	}
	return meta, nil
}

// Binary builds the static service binary, byte-for-byte reproducible for one
// commit: -trimpath and an empty build id, file time set to the commit time.
func (m *Ci) Binary(
	// Version stamped into the binary, e.g. v1.2.3.
	// +optional
	version string,
	// Git commit stamped into the binary.
	// +optional
	commit string,
	// Commit time in RFC 3339 (git show -s --format=%cI); empty means the Unix epoch.
	// +optional
	commitTime string,
) (*dagger.File, error) {
	meta, err := newBuildMeta(version, commit, commitTime)
	if err != nil {
		return nil, err
	}
	return m.binary(meta), nil
}

// binary builds the service binary for meta.
func (m *Ci) binary(meta buildMeta) *dagger.File {
	out := path.Join("/out", buildspec.BinaryName)
	args := append([]string{"go", "build"}, buildspec.BuildFlags...)
	args = append(args, "-ldflags", buildspec.LDFlags(meta.version, meta.commit), "-o", out, buildspec.MainPackage)
	c := m.goContainer()
	for _, k := range slices.Sorted(maps.Keys(buildspec.Env)) {
		c = c.WithEnvVariable(k, buildspec.Env[k])
	}
	return c.WithExec(args).File(out).WithTimestamps(int(meta.created.Unix()))
}

// Image builds the runtime image: scratch (no shell, no package manager) with
// the binary, the model artifact and nothing else, running as a non-root user.
func (m *Ci) Image(
	// Version stamped into the binary and labels, e.g. v1.2.3.
	// +optional
	version string,
	// Git commit stamped into the binary and labels.
	// +optional
	commit string,
	// Commit time in RFC 3339, used for file times and the created label; empty means the Unix epoch.
	// +optional
	commitTime string,
) (*dagger.Container, error) {
	meta, err := newBuildMeta(version, commit, commitTime)
	if err != nil {
		return nil, err
	}
	return m.image(meta), nil
}

// image assembles the runtime image for meta.
func (m *Ci) image(meta buildMeta) *dagger.Container {
	stamp := int(meta.created.Unix())
	model := m.Source.File(buildspec.ModelSource).WithTimestamps(stamp)
	c := dag.Container().
		WithFile(buildspec.BinaryPath, m.binary(meta), dagger.ContainerWithFileOpts{Permissions: 0o555}).
		WithFile(buildspec.ModelPath, model, dagger.ContainerWithFileOpts{Permissions: 0o444}).
		WithEnvVariable(buildspec.ModelPathEnv, buildspec.ModelPath).
		WithUser(buildspec.User).
		WithExposedPort(buildspec.Port).
		WithEntrypoint([]string{buildspec.BinaryPath})
	labels := buildspec.Labels(meta.version, meta.commit, meta.created.Format(time.RFC3339))
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		c = c.WithLabel(k, labels[k])
	}
	return c
}
