package imagesize

import (
	"archive/tar"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// ErrUnknownFormat reports a tarball that is neither a docker-save archive
// (manifest.json) nor an OCI image layout (index.json).
var ErrUnknownFormat = errors.New("not an image tarball")

// Layer is the size of one image layer.
type Layer struct {
	// Digest is the layer's content digest as stored in the tarball.
	Digest string
	// Compressed is the gzip size of the layer: what a registry stores and a
	// client downloads. It is exact for compressed blobs and measured by
	// compressing for uncompressed ones.
	Compressed int64
	// Uncompressed is the size of the layer's tar stream: what it takes on disk.
	Uncompressed int64
	// CreatedBy is the build step that made the layer, from the image history.
	CreatedBy string
}

// Report is the size of an image, layer by layer, largest layer first.
type Report struct {
	Layers       []Layer
	Compressed   int64
	Uncompressed int64
}

// MeasureTarball reads an image tarball, either `docker save` format or an OCI
// image layout (what Dagger's Container.asTarball writes), and measures it.
func MeasureTarball(path string) (Report, error) {
	img, cleanup, err := openImage(path)
	if err != nil {
		return Report{}, err
	}
	defer cleanup()
	return Measure(img)
}

// Measure measures every layer of an image.
func Measure(img v1.Image) (Report, error) {
	layers, err := img.Layers()
	if err != nil {
		return Report{}, fmt.Errorf("image.Layers: %w", err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return Report{}, fmt.Errorf("image.ConfigFile: %w", err)
	}
	steps := layerSteps(cfg)
	var r Report
	for i, l := range layers {
		m, err := measureLayer(l)
		if err != nil {
			return Report{}, fmt.Errorf("layer %d: %w", i, err)
		}
		if i < len(steps) {
			m.CreatedBy = steps[i]
		}
		r.Layers = append(r.Layers, m)
		r.Compressed += m.Compressed
		r.Uncompressed += m.Uncompressed
	}
	slices.SortStableFunc(r.Layers, func(a, b Layer) int {
		return int(min(max(b.Uncompressed-a.Uncompressed, -1), 1))
	})
	return r, nil
}

// layerSteps returns the CreatedBy of each history entry that made a layer, in
// layer order.
func layerSteps(cfg *v1.ConfigFile) []string {
	if cfg == nil {
		return nil
	}
	var steps []string
	for _, h := range cfg.History {
		if !h.EmptyLayer {
			steps = append(steps, h.CreatedBy)
		}
	}
	return steps
}

// measureLayer counts a layer's compressed and uncompressed bytes.
func measureLayer(l v1.Layer) (Layer, error) {
	digest, err := l.Digest()
	if err != nil {
		return Layer{}, fmt.Errorf("layer.Digest: %w", err)
	}
	mt, err := l.MediaType()
	if err != nil {
		return Layer{}, fmt.Errorf("layer.MediaType: %w", err)
	}
	uncompressed, gzipped, err := countUncompressed(l, !isCompressed(mt))
	if err != nil {
		return Layer{}, err
	}
	compressed := gzipped
	if isCompressed(mt) {
		if compressed, err = l.Size(); err != nil {
			return Layer{}, fmt.Errorf("layer.Size: %w", err)
		}
	}
	return Layer{Digest: digest.String(), Compressed: compressed, Uncompressed: uncompressed}, nil
}

// countUncompressed reads the layer's tar stream and returns its size and, if
// asked, the size of its gzip compression.
func countUncompressed(l v1.Layer, alsoGzip bool) (size, gzipped int64, err error) {
	rc, err := l.Uncompressed()
	if err != nil {
		return 0, 0, fmt.Errorf("layer.Uncompressed: %w", err)
	}
	defer rc.Close()
	var counter byteCounter
	dst := io.Discard
	var zw *gzip.Writer
	if alsoGzip {
		zw = gzip.NewWriter(&counter)
		dst = zw
	}
	size, err = io.Copy(dst, rc)
	if err != nil {
		return 0, 0, fmt.Errorf("reading layer: %w", err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return 0, 0, fmt.Errorf("gzip.Close: %w", err)
		}
	}
	return size, counter.n, nil
}

// isCompressed tells whether a layer media type names a compressed blob.
func isCompressed(mt types.MediaType) bool {
	s := string(mt)
	return strings.Contains(s, "gzip") || strings.Contains(s, "zstd")
}

// byteCounter is an io.Writer that only counts.
type byteCounter struct{ n int64 }

func (c *byteCounter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// openImage opens the single image of a docker-save or OCI-layout tarball.
func openImage(path string) (v1.Image, func(), error) {
	noop := func() {}
	names, err := tarNames(path)
	if err != nil {
		return nil, noop, err
	}
	switch {
	case names["index.json"]:
		dir, err := os.MkdirTemp("", "imagesize-")
		if err != nil {
			return nil, noop, fmt.Errorf("os.MkdirTemp: %w", err)
		}
		cleanup := func() { _ = os.RemoveAll(dir) }
		if err := extract(path, dir); err != nil {
			cleanup()
			return nil, noop, err
		}
		img, err := layoutImage(dir)
		if err != nil {
			cleanup()
			return nil, noop, err
		}
		return img, cleanup, nil
	case names["manifest.json"]:
		img, err := tarball.ImageFromPath(path, nil)
		if err != nil {
			return nil, noop, fmt.Errorf("tarball.ImageFromPath(%s): %w", path, err)
		}
		return img, noop, nil
	default:
		return nil, noop, fmt.Errorf("%s: %w: it has neither index.json (OCI layout) nor manifest.json (docker save)", path, ErrUnknownFormat)
	}
}

// layoutImage returns the only image of an OCI layout, looking through nested
// indexes.
func layoutImage(dir string) (v1.Image, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return nil, fmt.Errorf("layout.ImageIndexFromPath: %w", err)
	}
	for {
		m, err := idx.IndexManifest()
		if err != nil {
			return nil, fmt.Errorf("index.IndexManifest: %w", err)
		}
		if len(m.Manifests) != 1 {
			return nil, fmt.Errorf("OCI layout holds %d manifests, want exactly one image: %w", len(m.Manifests), ErrUnknownFormat)
		}
		d := m.Manifests[0]
		if d.MediaType.IsIndex() {
			if idx, err = idx.ImageIndex(d.Digest); err != nil {
				return nil, fmt.Errorf("index.ImageIndex(%s): %w", d.Digest, err)
			}
			continue
		}
		img, err := idx.Image(d.Digest)
		if err != nil {
			return nil, fmt.Errorf("index.Image(%s): %w", d.Digest, err)
		}
		return img, nil
	}
}

// tarNames lists the regular files at the top of a tar archive's name space.
func tarNames(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("os.Open: %w", err)
	}
	defer f.Close()
	names := map[string]bool{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: reading tar: %w", path, err)
		}
		names[strings.TrimPrefix(filepath.ToSlash(filepath.Clean(h.Name)), "./")] = true
	}
}

// extract unpacks a tar archive's regular files into dir, refusing entries
// that would land outside it.
func extract(path, dir string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("os.Open: %w", err)
	}
	defer f.Close()
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: reading tar: %w", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		target := filepath.Join(dir, filepath.Clean("/"+h.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
			return fmt.Errorf("os.MkdirAll: %w", err)
		}
		if err := writeFile(target, tr); err != nil {
			return err
		}
	}
}

// writeFile copies r into a new file at path.
func writeFile(path string, r io.Reader) error {
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("os.Create: %w", err)
	}
	if _, err := io.Copy(out, r); err != nil {
		_ = out.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return out.Close()
}
