package e2e

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
	"dagger/ci/pkg/imagesize"
)

func TestImageConfig(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	img := inspectImage(t, cfg, tag)

	assert.Equal(t, buildspec.User, img.Config.User)
	assert.Equal(t, []string{buildspec.BinaryPath}, img.Config.Entrypoint)
	assert.Empty(t, img.Config.Cmd)
	assert.Equal(t, map[string]struct{}{strconv.Itoa(buildspec.Port) + "/tcp": {}}, img.Config.ExposedPorts)
	assert.Contains(t, img.Config.Env, buildspec.ModelPathEnv+"="+buildspec.ModelPath)
	assert.Equal(t, buildspec.Labels(shared.release.Version, testCommit, testCreated), img.Config.Labels)
}

// TestImageHasOnlyBinaryAndModel lists the image's filesystem: the binary and
// the model, no shell and no package manager.
func TestImageHasOnlyBinaryAndModel(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	id := mustDocker(t, cfg, "create", tag)
	removeLater(t, cfg, "rm", "--force", id)

	files := exportedFiles(t, cfg, id)
	assert.NotContains(t, files, "bin/sh")
	// Docker adds empty mount points (/.dockerenv, /etc/hosts, ...) to
	// every container; everything with content came from the image.
	var withContent []string
	for name, size := range files {
		if size > 0 {
			withContent = append(withContent, name)
		}
	}
	assert.ElementsMatch(t, []string{
		strings.TrimPrefix(buildspec.BinaryPath, "/"),
		strings.TrimPrefix(buildspec.ModelPath, "/"),
	}, withContent)

	_, err := docker(t.Context(), cfg, "", nil, "cp", id+":/bin/sh", t.TempDir())
	assert.Error(t, err, "the image must not carry a shell")
}

// exportedFiles maps every non-directory entry of the container's exported
// filesystem to its size.
func exportedFiles(t *testing.T, cfg config, id string) map[string]int64 {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), cfg.docker, "export", id)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	files := map[string]int64{}
	tr := tar.NewReader(stdout)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err)
		if h.Typeflag != tar.TypeDir {
			files[strings.TrimPrefix(filepath.Clean(h.Name), "/")] = h.Size
		}
	}
	require.NoError(t, cmd.Wait())
	return files
}

func TestImageSizeBudget(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	tarball := filepath.Join(t.TempDir(), "image.tar")
	mustDocker(t, cfg, "save", "-o", tarball, tag)

	report, err := imagesize.MeasureTarball(tarball)
	require.NoError(t, err)
	t.Logf("image size: %s compressed, %s uncompressed\n%s",
		imagesize.FormatBytes(report.Compressed), imagesize.FormatBytes(report.Uncompressed), report)
	require.NotEmpty(t, report.Layers)
	assert.Positive(t, report.Compressed)
	assert.Less(t, report.Compressed, report.Uncompressed, "a Go binary compresses")
	info, err := os.Stat(tarball)
	require.NoError(t, err)
	assert.LessOrEqual(t, report.Uncompressed, info.Size(), "the layers are inside the saved tarball")

	budget, err := imagesize.ParseBudget(imagesize.DefaultBudget)
	require.NoError(t, err)
	require.NoError(t, imagesize.Gate(report, budget))

	err = imagesize.Gate(report, report.Uncompressed-1)
	require.ErrorIs(t, err, imagesize.ErrOverBudget)
	for _, l := range report.Layers {
		_, hex, _ := strings.Cut(l.Digest, ":")
		assert.Contains(t, err.Error(), hex[:12], "the breakdown names layer %s", l.Digest)
		assert.Contains(t, err.Error(), imagesize.FormatBytes(l.Uncompressed), "the breakdown gives layer %s's size", l.Digest)
	}
	assert.Contains(t, err.Error(), fmt.Sprintf("%d bytes", report.Uncompressed))
}
