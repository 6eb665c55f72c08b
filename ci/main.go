// The CI/CD pipeline of irisinfer: test, lint, model gate, reproducible
// image build, size gate, vulnerability scan, smoke test and publish.
//
// Decisions (versions and tags, size budgets, scan policy, gate order) live in
// plain Go packages under pkg/ with their own unit tests; the functions here
// only wire containers together.
package main

import (
	"dagger/ci/internal/dagger"
)

// srcDir is where the repository is mounted in build containers.
const srcDir = "/src"

// cachePrefix namespaces this module's cache volumes.
const cachePrefix = "irisinfer-"

// Ci is the pipeline of one source tree.
type Ci struct {
	// Source is the repository root.
	// +private
	Source *dagger.Directory
	// +private
	GoImage string
	// +private
	LintImage string
	// +private
	TrivyImage string
	// +private
	GoProxy string
}

// New creates the pipeline for a source tree.
func New(
	// Repository root to test and build.
	// +defaultPath="/"
	// +ignore=[".git", "**/bin", "**/dist", ".idea", ".vscode", "**/*.swp", "**/*.test", "**/*.out"]
	source *dagger.Directory,
	// Go toolchain image for build, test and smoke client (default: GoImage in versions.go).
	// +optional
	goImage string,
	// golangci-lint image (default: GolangciLintImage in versions.go).
	// +optional
	lintImage string,
	// Trivy image (default: TrivyImage in versions.go).
	// +optional
	trivyImage string,
	// GOPROXY for module downloads inside build containers; empty keeps Go's default.
	// +optional
	goProxy string,
) *Ci {
	return &Ci{
		Source:     source,
		GoImage:    orDefault(goImage, GoImage),
		LintImage:  orDefault(lintImage, GolangciLintImage),
		TrivyImage: orDefault(trivyImage, TrivyImage),
		GoProxy:    goProxy,
	}
}

// orDefault returns value, or fallback when value is empty.
func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

// cache returns a cache volume namespaced to this module.
func cache(name string) *dagger.CacheVolume {
	return dag.CacheVolume(cachePrefix + name)
}

// withGoCaches gives a container with the go command the module's shared
// module and build cache volumes, and the module proxy when one is set.
func (m *Ci) withGoCaches(c *dagger.Container) *dagger.Container {
	c = c.
		WithEnvVariable("GOMODCACHE", "/go/pkg/mod").
		WithEnvVariable("GOCACHE", "/root/.cache/go-build").
		WithMountedCache("/go/pkg/mod", cache("go-mod")).
		WithMountedCache("/root/.cache/go-build", cache("go-build"))
	if m.GoProxy != "" {
		c = c.WithEnvVariable("GOPROXY", m.GoProxy)
	}
	return c
}

// goContainer is the Go toolchain with module and build caches and the
// repository at srcDir; dependencies are downloaded in a layer of their own
// so a source change does not invalidate it.
func (m *Ci) goContainer() *dagger.Container {
	return m.withGoCaches(dag.Container().From(m.GoImage)).
		WithDirectory(srcDir, m.Source, dagger.ContainerWithDirectoryOpts{Include: []string{"go.mod", "go.sum"}}).
		WithWorkdir(srcDir).
		WithExec([]string{"go", "mod", "download"}).
		WithDirectory(srcDir, m.Source)
}
