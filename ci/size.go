package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/imagesize"
)

// measure exports the image as a gzip tarball into this module's own
// container and measures it there: File.Contents is not byte-safe, Export is.
func measure(ctx context.Context, image *dagger.Container) (imagesize.Report, error) {
	dir, err := os.MkdirTemp("", "image-")
	if err != nil {
		return imagesize.Report{}, fmt.Errorf("os.MkdirTemp: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "image.tar")
	tarball := image.AsTarball(dagger.ContainerAsTarballOpts{ForcedCompression: dagger.ImageLayerCompressionGzip})
	if _, err := tarball.Export(ctx, path); err != nil {
		return imagesize.Report{}, fmt.Errorf("exporting image tarball: %w", err)
	}
	return imagesize.MeasureTarball(path)
}

// SizeReport builds the image and returns its size, layer by layer, largest
// first: compressed (what a pull downloads) and uncompressed (disk).
func (m *Ci) SizeReport(ctx context.Context) (string, error) {
	report, err := measure(ctx, m.image(devMeta()))
	if err != nil {
		return "", fmt.Errorf("size report: %w", err)
	}
	return report.String(), nil
}

// SizeGate fails when the image's uncompressed size is over budget, with the
// per-layer breakdown in the error.
func (m *Ci) SizeGate(
	ctx context.Context,
	// Largest allowed uncompressed size: 500MB (SI), 500MiB (IEC), 1.5GB or a byte count.
	// +default="500MB"
	budget string,
) (string, error) {
	return m.sizeGate(ctx, m.image(devMeta()), budget)
}

// sizeGate measures image and checks it against budget.
func (m *Ci) sizeGate(ctx context.Context, image *dagger.Container, budget string) (string, error) {
	limit, err := imagesize.ParseBudget(budget)
	if err != nil {
		return "", err
	}
	report, err := measure(ctx, image)
	if err != nil {
		return "", fmt.Errorf("size gate: %w", err)
	}
	if err := imagesize.Gate(report, limit); err != nil {
		return "", err
	}
	return fmt.Sprintf("size ok: %s uncompressed, %s compressed, budget %s\n%s",
		imagesize.FormatBytes(report.Uncompressed), imagesize.FormatBytes(report.Compressed), imagesize.FormatBytes(limit), report), nil
}

// devMeta is the build metadata of a gate run outside a release.
func devMeta() buildMeta {
	meta, _ := newBuildMeta("", "", "") // constant inputs: cannot fail
	return meta
}
