package imagesize

import (
	"archive/tar"
	"bytes"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// layerTar returns a tar stream holding one file of n bytes: random (so it
// does not compress) or zeros (so it compresses well).
func layerTar(t *testing.T, file string, n int, random bool) []byte {
	t.Helper()
	content := make([]byte, n)
	if random {
		_, err := rand.Read(content)
		require.NoError(t, err)
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	require.NoError(t, tw.WriteHeader(&tar.Header{Name: file, Mode: 0o644, Size: int64(n), Typeflag: tar.TypeReg}))
	_, err := tw.Write(content)
	require.NoError(t, err)
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

// testImage is an image of a small model layer and a bigger binary layer.
type testImage struct {
	img        v1.Image
	tars       map[string][]byte // by CreatedBy
	compressed int64
}

func newTestImage(t *testing.T, uncompressedBlobs bool) testImage {
	t.Helper()
	tars := map[string][]byte{
		"COPY model": layerTar(t, "models/iris.json", 3_000, false),
		"COPY irisd": layerTar(t, "usr/local/bin/irisd", 40_000, true),
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	var compressed int64
	for _, step := range []string{"COPY model", "COPY irisd"} {
		data := tars[step]
		var layer v1.Layer
		if uncompressedBlobs {
			layer = static.NewLayer(data, types.OCIUncompressedLayer)
		} else {
			var err error
			layer, err = tarball.LayerFromOpener(func() (io.ReadCloser, error) {
				return io.NopCloser(bytes.NewReader(data)), nil
			}, tarball.WithMediaType(types.OCILayer))
			require.NoError(t, err)
			size, err := layer.Size()
			require.NoError(t, err)
			compressed += size
		}
		var err error
		img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{CreatedBy: step}})
		require.NoError(t, err)
	}
	return testImage{img: img, tars: tars, compressed: compressed}
}

func writeDockerTarball(t *testing.T, img v1.Image) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "docker.tar")
	ref, err := name.NewTag("irisd:test")
	require.NoError(t, err)
	require.NoError(t, tarball.WriteToFile(path, ref, img))
	return path
}

// writeOCITarball writes an OCI image layout and tars it, as Dagger does.
func writeOCITarball(t *testing.T, img v1.Image) string {
	t.Helper()
	dir := t.TempDir()
	p, err := layout.Write(dir, empty.Index)
	require.NoError(t, err)
	require.NoError(t, p.AppendImage(img))
	path := filepath.Join(t.TempDir(), "oci.tar")
	out, err := os.Create(path)
	require.NoError(t, err)
	tw := tar.NewWriter(out)
	require.NoError(t, tw.AddFS(os.DirFS(dir)))
	require.NoError(t, tw.Close())
	require.NoError(t, out.Close())
	return path
}

func TestMeasureTarball(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		givenUncompressed bool
		givenWrite        func(*testing.T, v1.Image) string
	}{
		{name: "docker save", givenWrite: writeDockerTarball},
		{name: "OCI layout, gzip layers", givenWrite: writeOCITarball},
		{name: "OCI layout, uncompressed layers", givenUncompressed: true, givenWrite: writeOCITarball},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ti := newTestImage(t, tt.givenUncompressed)
			report, err := MeasureTarball(tt.givenWrite(t, ti.img))
			require.NoError(t, err)

			require.Len(t, report.Layers, 2)
			assert.Equal(t, "COPY irisd", report.Layers[0].CreatedBy, "largest layer first")
			assert.Equal(t, "COPY model", report.Layers[1].CreatedBy)
			for _, l := range report.Layers {
				assert.Equal(t, int64(len(ti.tars[l.CreatedBy])), l.Uncompressed, l.CreatedBy)
				assert.Positive(t, l.Compressed)
				assert.True(t, strings.HasPrefix(l.Digest, "sha256:"))
			}
			assert.Equal(t, int64(len(ti.tars["COPY model"])+len(ti.tars["COPY irisd"])), report.Uncompressed)
			assert.Equal(t, report.Layers[0].Compressed+report.Layers[1].Compressed, report.Compressed)
			assert.Less(t, report.Layers[1].Compressed, report.Layers[1].Uncompressed, "zeros compress")
			if !tt.givenUncompressed {
				assert.Equal(t, ti.compressed, report.Compressed, "gzip blobs are counted as stored")
			}
		})
	}
}

func TestMeasureTarballErrors(t *testing.T) {
	t.Parallel()
	notImage := filepath.Join(t.TempDir(), "files.tar")
	require.NoError(t, os.WriteFile(notImage, layerTar(t, "hello.txt", 10, false), 0o644))
	notTar := filepath.Join(t.TempDir(), "junk.tar")
	require.NoError(t, os.WriteFile(notTar, []byte("this is not a tar archive at all, just text"), 0o644))

	tests := []struct {
		name       string
		givenPath  string
		expectIs   error
		expectText string
	}{
		{name: "tar without image", givenPath: notImage, expectIs: ErrUnknownFormat, expectText: "neither index.json"},
		{name: "missing file", givenPath: filepath.Join(t.TempDir(), "nope.tar"), expectIs: os.ErrNotExist, expectText: "os.Open"},
		{name: "not a tar", givenPath: notTar, expectText: "reading tar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := MeasureTarball(tt.givenPath)
			require.Error(t, err)
			if tt.expectIs != nil {
				require.ErrorIs(t, err, tt.expectIs)
			}
			assert.Contains(t, err.Error(), tt.expectText)
		})
	}
}

func TestGate(t *testing.T) {
	t.Parallel()
	report := Report{
		Layers: []Layer{
			{Digest: "sha256:aaaaaaaaaaaaaaaaaaaa", Compressed: 4_000_000, Uncompressed: 9_000_000, CreatedBy: "COPY irisd"},
			{Digest: "sha256:bbbbbbbbbbbbbbbbbbbb", Compressed: 1_000, Uncompressed: 3_000, CreatedBy: "COPY model"},
		},
		Compressed: 4_001_000, Uncompressed: 9_003_000,
	}
	tests := []struct {
		name        string
		givenBudget int64
		expectErrIs error
		expectText  []string
	}{
		{name: "under budget", givenBudget: 10_000_000},
		{name: "exactly at budget", givenBudget: 9_003_000},
		{name: "over budget", givenBudget: 9_000_000, expectErrIs: ErrOverBudget,
			expectText: []string{"9.0 MB uncompressed (9003000 bytes)", "budget of 9.0 MB", "by 3.0 kB", "aaaaaaaaaaaa", "COPY irisd", "COPY model"}},
		{name: "zero budget", givenBudget: 0, expectErrIs: ErrInvalidBudget, expectText: []string{"positive"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := Gate(report, tt.givenBudget)
			if tt.expectErrIs == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.expectErrIs)
			for _, s := range tt.expectText {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestReportString(t *testing.T) {
	t.Parallel()
	r := Report{
		Layers:     []Layer{{Digest: "sha256:0123456789abcdef", Compressed: 1500, Uncompressed: 2_500_000, CreatedBy: strings.Repeat("x", 100)}},
		Compressed: 1500, Uncompressed: 2_500_000,
	}
	s := r.String()
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	require.Len(t, lines, 3, s)
	assert.Contains(t, lines[0], "UNCOMPRESSED")
	assert.Contains(t, lines[1], "2.5 MB")
	assert.Contains(t, lines[1], "1.5 kB")
	assert.Contains(t, lines[1], "0123456789ab")
	assert.Contains(t, lines[1], strings.Repeat("x", 57)+"...")
	assert.Contains(t, lines[2], "total")
	assert.Contains(t, lines[2], "1 layers")
}

func TestParseBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		given  string
		expect int64
	}{
		{"500MB", 500_000_000},
		{"500mb", 500_000_000},
		{"500 MB", 500_000_000},
		{"500MiB", 500 << 20},
		{"1.5GB", 1_500_000_000},
		{"2GiB", 2 << 30},
		{"64KB", 64_000},
		{"64KiB", 64 << 10},
		{"1TB", 1_000_000_000_000},
		{"1234", 1234},
		{"1234B", 1234},
		{" 10MB ", 10_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBudget(tt.given)
			require.NoError(t, err)
			assert.Equal(t, tt.expect, got)
		})
	}
}

func TestParseBudgetErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		given      string
		expectText string
	}{
		{"", "not a number"},
		{"MB", "not a number"},
		{"five MB", "not a number"},
		{"500XB", "not a number"},
		{"-5MB", "at least one byte"},
		{"0", "at least one byte"},
		{"0.1B", "at least one byte"},
		{"NaN", "not a number"},
		{"1e30TB", "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			t.Parallel()
			_, err := ParseBudget(tt.given)
			require.ErrorIs(t, err, ErrInvalidBudget)
			assert.Contains(t, err.Error(), tt.expectText)
			assert.Contains(t, err.Error(), `"500MB"`, "the error shows a valid example")
		})
	}
}

func TestFormatBytes(t *testing.T) {
	t.Parallel()
	for given, expect := range map[int64]string{
		0: "0 B", 999: "999 B", 1000: "1.0 kB", 1_500_000: "1.5 MB", 2_000_000_000: "2.0 GB",
	} {
		assert.Equal(t, expect, FormatBytes(given), given)
	}
}
