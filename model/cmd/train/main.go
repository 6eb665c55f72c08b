// Command train fits the Iris model on the embedded data set and writes the
// artifact, by default over the committed model/artifacts/iris.json. Run it
// from the repository root:
//
//	go run ./model/cmd/train [-out path] [-version 1.0.0]
//
// Training is deterministic: the same code writes the same bytes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
	"github.com/irisinfer/irisinfer/model/train"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", model.ArtifactSource, "where to write the artifact")
	version := fs.String("version", train.DefaultVersion, "semantic version recorded in the artifact")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	ds, err := dataset.Iris()
	if err != nil {
		return err
	}
	cfg := train.DefaultConfig()
	cfg.Version = *version
	a, err := train.Train(ds, cfg)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := a.Encode(&buf); err != nil {
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	t := a.Training
	_, err = fmt.Fprintf(stdout, "wrote %s: %s %s %s\ntrain accuracy %.4f (%d rows), test accuracy %.4f (%d rows), test log-loss %.4f\n",
		*out, a.Name, a.Version, a.Checksum, t.TrainAccuracy, t.TrainRows, t.TestAccuracy, t.TestRows, t.TestLogLoss)
	return err
}

// writeFileAtomic replaces path in one step, so that a failed run never
// leaves a half-written artifact behind.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".artifact-*.json")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("chmod %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("rename to %s: %w", path, err)
	}
	return nil
}
