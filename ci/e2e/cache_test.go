package e2e

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
)

// Build steps the layer-cache test follows, as the Dockerfile spells them.
const (
	stepDownload = "RUN go mod download"
	stepSources  = "COPY service/ service/"
)

// TestLayerCacheSurvivesSourceChange rebuilds from a copy of the build
// context whose only change is a service source file: the dependency layer
// must come from the cache and the source layer must not.
func TestLayerCacheSurvivesSourceChange(t *testing.T) {
	t.Parallel()
	cfg, _ := sharedImage(t)
	dir := copyBuildContext(t, shared.context)
	sources, err := filepath.Glob(filepath.Join(dir, filepath.FromSlash(buildspec.MainPackage), "*.go"))
	require.NoError(t, err)
	sources = slices.DeleteFunc(sources, func(s string) bool { return strings.HasSuffix(s, "_test.go") })
	require.NotEmpty(t, sources, "the main package should have a source file")
	f, err := os.OpenFile(sources[0], os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\n// " + randomName("layer cache probe ") + "\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())

	tag := randomName("irisinfer-e2e:cache-")
	out, err := buildImage(t.Context(), cfg, shared.release.Version, imageBuild{contextDir: dir, tag: tag})
	require.NoError(t, err)
	removeLater(t, cfg, "image", "rm", "--force", tag)

	cached := cachedSteps(out)
	assert.True(t, cached[stepDownload], "%q was rebuilt after a source change:\n%s", stepDownload, out)
	assert.False(t, cached[stepSources], "%q came from the cache although a source changed:\n%s", stepSources, out)
}

// vertexLine matches "#7 [build 4/7] RUN go mod download" in plain progress.
var vertexLine = regexp.MustCompile(`^#(\d+) \[[^\]]+\] (.+)$`)

// cachedSteps maps each build step of a --progress=plain log to whether
// BuildKit answered it from the cache.
func cachedSteps(log string) map[string]bool {
	names := map[string]string{}
	cached := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(log))
	for sc.Scan() {
		line := sc.Text()
		if m := vertexLine.FindStringSubmatch(line); m != nil {
			names[m[1]] = strings.Join(strings.Fields(m[2]), " ")
			continue
		}
		if id, ok := strings.CutSuffix(line, " CACHED"); ok {
			cached[strings.TrimPrefix(id, "#")] = true
		}
	}
	steps := map[string]bool{}
	for id, name := range names {
		steps[name] = cached[id]
	}
	return steps
}

// contextFiles are what the Dockerfile reads from the build context.
var contextFiles = []string{"Dockerfile", ".dockerignore", "go.mod", "go.sum", "model", "service"}

// copyBuildContext copies the build context at root into a new temporary
// directory, so a test can change it without touching the repository.
func copyBuildContext(t *testing.T, root string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, copyContext(root, dir))
	return dir
}

// copyContext copies contextFiles from root into dir, keeping file modes
// (BuildKit's cache keys include them).
func copyContext(root, dir string) error {
	for _, name := range contextFiles {
		err := filepath.WalkDir(filepath.Join(root, name), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			dst := filepath.Join(dir, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, info.Mode().Perm())
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, data, info.Mode().Perm())
		})
		if err != nil {
			return fmt.Errorf("copying %s: %w", name, err)
		}
	}
	return nil
}

func TestCachedSteps(t *testing.T) {
	t.Parallel()
	log := strings.Join([]string{
		"#7 [build 3/7] COPY go.mod go.sum ./",
		"#7 sha256:aa",
		"#7 CACHED",
		"",
		"#8 [build 4/7] RUN go mod download",
		"#8 CACHED",
		"#9 [build 6/7] COPY service/ service/",
		"#9 DONE 0.1s",
	}, "\n")
	assert.Equal(t, map[string]bool{
		"COPY go.mod go.sum ./":  true,
		"RUN go mod download":    true,
		"COPY service/ service/": false,
	}, cachedSteps(log))
}
