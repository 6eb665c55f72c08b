// Command evaluate is the model quality gate of the pipeline. It loads an
// artifact, verifies its format and checksum, recomputes the held-out split
// from the artifact's recorded seed and test fraction, and fails unless the
// accuracy reaches the minimum. Run it from the repository root:
//
//	go run ./model/cmd/evaluate [-model model/artifacts/iris.json] [-min-accuracy 0.93]
//
// Exit status: 0 pass, 1 gate failed, 2 bad usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/train"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("evaluate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("model", model.ArtifactSource, "artifact to evaluate")
	minAccuracy := fs.Float64("min-accuracy", train.DefaultMinAccuracy, "minimum held-out accuracy")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "evaluate: unexpected arguments %q\n", fs.Args())
		return 2
	}
	report, err := train.EvaluateFile(*path, *minAccuracy)
	if report.Name != "" {
		fmt.Fprint(stdout, report)
	}
	if err != nil {
		fmt.Fprintf(stderr, "evaluate: FAIL: %s: %v\n", *path, err)
		return 1
	}
	fmt.Fprintln(stdout, "PASS")
	return 0
}
