// Command sizereport prints the size of an image tarball (docker save or OCI
// layout) layer by layer, with the pipeline's own measure (ci/pkg/imagesize):
//
//	docker save -o image.tar irisd && go run ./cmd/sizereport image.tar
//
// scripts/measure-image.sh uses it. Exit status: 0 measured, 1 failed, 2 bad usage.
package main

import (
	"fmt"
	"io"
	"os"

	"dagger/ci/pkg/imagesize"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: sizereport IMAGE.tar")
		return 2
	}
	report, err := imagesize.MeasureTarball(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "sizereport: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, report)
	fmt.Fprintf(stdout, "compressed_bytes=%d uncompressed_bytes=%d\n", report.Compressed, report.Uncompressed)
	return 0
}
