package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
)

// TestBinaryIsReproducible builds the image again without any cache (both
// stages run anew) and expects the very same binary as in the shared image.
// It logs, without asserting, whether the whole image came out identical:
// BuildKit in Docker 20.10 has no SOURCE_DATE_EPOCH, so the config's created
// time and the layers' file mtimes are expected to differ.
func TestBinaryIsReproducible(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	rebuilt := randomName("irisinfer-e2e:rebuild-")
	_, err := buildImage(t.Context(), cfg, shared.release.Version,
		imageBuild{contextDir: shared.context, tag: rebuilt, noCache: true})
	require.NoError(t, err)
	removeLater(t, cfg, "image", "rm", "--force", rebuilt)

	first := copyOut(t, cfg, tag, buildspec.BinaryPath)
	second := copyOut(t, cfg, rebuilt, buildspec.BinaryPath)
	assert.Equal(t, first, second, "two builds of one commit must give the same binary")

	a, b := inspectImage(t, cfg, tag), inspectImage(t, cfg, rebuilt)
	t.Logf("binary sha256 %s in both builds; image id identical: %t (%s, %s); layer diff ids identical: %t",
		first, a.ID == b.ID, a.ID, b.ID, slices.Equal(a.RootFS.Layers, b.RootFS.Layers))
}

// copyOut copies path out of a (never started) container of image and
// returns its sha256.
func copyOut(t *testing.T, cfg config, image, path string) string {
	t.Helper()
	data, err := os.ReadFile(copyOutFile(t, cfg, image, path))
	require.NoError(t, err)
	require.NotEmpty(t, data)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// copyOutFile copies path out of a (never started) container of image into a
// temporary directory and returns where it is.
func copyOutFile(t *testing.T, cfg config, image, path string) string {
	t.Helper()
	id := mustDocker(t, cfg, "create", image)
	removeLater(t, cfg, "rm", "--force", id)
	dst := filepath.Join(t.TempDir(), filepath.Base(path))
	mustDocker(t, cfg, "cp", id+":"+path, dst)
	return dst
}
