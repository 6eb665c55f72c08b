package e2e

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"dagger/ci/pkg/version"
)

// shared is the image every test inspects, built once on first use so that
// `go test -run Dockerfile` needs no Docker.
var shared struct {
	once    sync.Once
	cfg     config
	release version.Release
	tag     string
	context string // a snapshot of the build context: other work may edit the tree meanwhile
	id      string
	skip    string // why Docker cannot be used
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.context != "" {
		_ = os.RemoveAll(shared.context)
	}
	if shared.id != "" {
		// Leave the build cache: a second run is then quick.
		_, _ = docker(context.Background(), shared.cfg, "", nil, "image", "rm", "--force", shared.tag)
	}
	os.Exit(code)
}

// sharedImage returns the config and the image built from the repository,
// skipping (or failing, when required) without Docker.
func sharedImage(t *testing.T) (config, string) {
	t.Helper()
	if testing.Short() && os.Getenv(envRequire) != "require" {
		t.Skip("end-to-end image tests do not run with -short")
	}
	shared.once.Do(buildShared)
	if shared.skip != "" {
		unavailable(t, shared.skip)
	}
	if shared.err != nil {
		t.Fatalf("building the shared image: %v", shared.err)
	}
	return shared.cfg, shared.tag
}

func buildShared() {
	cfg, err := loadConfig()
	if err != nil {
		shared.err = err
		return
	}
	shared.cfg = cfg
	if reason := dockerReady(cfg); reason != "" {
		shared.skip = reason
		return
	}
	if shared.release, err = version.FromRef(testRef, testCommit); err != nil {
		shared.err = fmt.Errorf("version.FromRef: %w", err)
		return
	}
	root, err := repoRootDir()
	if err != nil {
		shared.err = err
		return
	}
	if shared.context, err = os.MkdirTemp("", "irisinfer-e2e-context-"); err != nil {
		shared.err = fmt.Errorf("os.MkdirTemp: %w", err)
		return
	}
	if err := copyContext(root, shared.context); err != nil {
		shared.err = err
		return
	}
	shared.tag = randomName("irisinfer-e2e:")
	_, err = buildImage(context.Background(), cfg, shared.release.Version,
		imageBuild{contextDir: shared.context, tag: shared.tag})
	if err != nil {
		shared.err = err
		return
	}
	out, err := docker(context.Background(), cfg, "", nil, "image", "inspect", "--format", "{{.Id}}", shared.tag)
	if err != nil {
		shared.err = err
		return
	}
	shared.id = strings.TrimSpace(out)
}
