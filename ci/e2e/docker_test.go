package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// commandTimeout bounds any single docker command, builds included.
const commandTimeout = 10 * time.Minute

// docker runs the docker client with BuildKit enabled and returns its
// combined output; extraEnv entries (KEY=VALUE) are added to the environment.
func docker(ctx context.Context, c config, stdin string, extraEnv []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.docker, args...)
	cmd.Env = append(append(os.Environ(), "DOCKER_BUILDKIT=1"), extraEnv...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("docker %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 4000))
	}
	return out.String(), nil
}

// mustDocker is docker for steps that must succeed.
func mustDocker(t *testing.T, c config, args ...string) string {
	t.Helper()
	out, err := docker(t.Context(), c, "", nil, args...)
	require.NoError(t, err)
	return strings.TrimSpace(out)
}

// removeLater runs a docker removal command when the test ends, with a
// context of its own: t.Context() is already canceled by then.
func removeLater(t *testing.T, c config, args ...string) {
	t.Helper()
	t.Cleanup(func() {
		out, err := docker(context.Background(), c, "", nil, args...)
		if err != nil && !strings.Contains(out, "No such") {
			t.Logf("cleanup: %v: %s", err, out)
		}
	})
}

// imageBuild describes one docker build of the repository's Dockerfile.
type imageBuild struct {
	contextDir string
	tag        string
	target     string // stage to stop at; empty for the runtime image
	noCache    bool
}

// Release facts the shared image is built with.
const (
	testCommit  = "0123456789abcdef0123456789abcdef01234567"
	testRef     = "refs/tags/v1.2.3"
	testCreated = "2026-01-02T03:04:05Z"
)

// buildImage runs docker build with --progress=plain and returns its output.
func buildImage(ctx context.Context, c config, version string, b imageBuild) (string, error) {
	args := []string{"build", "--progress=plain", "-t", b.tag,
		"--build-arg", argVersion + "=" + version,
		"--build-arg", argCommit + "=" + testCommit,
		"--build-arg", argCreated + "=" + testCreated,
	}
	if c.goImage != "" {
		args = append(args, "--build-arg", argGoImage+"="+c.goImage)
	}
	args = append(args, c.goEnvArgs...)
	if b.target != "" {
		args = append(args, "--target", b.target)
	}
	if b.noCache {
		args = append(args, "--no-cache")
	}
	return docker(ctx, c, "", nil, append(args, b.contextDir)...)
}

// imageConfig is the part of `docker image inspect` the tests read.
type imageConfig struct {
	ID     string `json:"Id"`
	Config struct {
		User         string
		Entrypoint   []string
		Cmd          []string
		Env          []string
		ExposedPorts map[string]struct{}
		Labels       map[string]string
	}
	RootFS struct {
		Layers []string
	}
}

func inspectImage(t *testing.T, c config, ref string) imageConfig {
	t.Helper()
	var got []imageConfig
	require.NoError(t, json.Unmarshal([]byte(mustDocker(t, c, "image", "inspect", ref)), &got))
	require.Len(t, got, 1)
	return got[0]
}

// randomName returns a prefix with a random suffix, unique per test run.
func randomName(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// tail returns the last n bytes of s, for error messages.
func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}
