package model

import (
	"fmt"
	"math"
	"regexp"
)

// semverPattern accepts MAJOR.MINOR.PATCH with an optional -pre-release
// made of dot-separated identifiers, without leading zeros in numbers.
var semverPattern = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)

// Validate checks everything about a but its checksum: format version,
// metadata, shapes and values. Its errors wrap the package's sentinels.
func (a *Artifact) Validate() error {
	if a.Format != FormatVersion {
		return fmt.Errorf("%w: format %d, this build reads format %d", ErrFormat, a.Format, FormatVersion)
	}
	if err := a.validateMetadata(); err != nil {
		return err
	}
	if err := a.validateShape(); err != nil {
		return err
	}
	return a.validateValues()
}

func (a *Artifact) validateMetadata() error {
	if a.Name == "" {
		return fmt.Errorf("%w: empty name", ErrMetadata)
	}
	if !semverPattern.MatchString(a.Version) {
		return fmt.Errorf("%w: version %q is not a semantic version MAJOR.MINOR.PATCH[-pre]", ErrMetadata, a.Version)
	}
	if err := checkLabels("feature", a.Features, 1); err != nil {
		return err
	}
	if err := checkLabels("class", a.Classes, 2); err != nil {
		return err
	}
	if a.Training.Algorithm == "" {
		return fmt.Errorf("%w: training.algorithm is empty", ErrMetadata)
	}
	return nil
}

// checkLabels requires at least min distinct, non-empty names.
func checkLabels(what string, names []string, min int) error {
	if len(names) < min {
		return fmt.Errorf("%w: %d %s names, want at least %d", ErrMetadata, len(names), what, min)
	}
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		if n == "" {
			return fmt.Errorf("%w: %s name %d is empty", ErrMetadata, what, i)
		}
		if seen[n] {
			return fmt.Errorf("%w: duplicate %s name %q", ErrMetadata, what, n)
		}
		seen[n] = true
	}
	return nil
}

func (a *Artifact) validateShape() error {
	nf, nc := len(a.Features), len(a.Classes)
	if len(a.Scaling.Mean) != nf || len(a.Scaling.Std) != nf {
		return fmt.Errorf("%w: scaling has %d means and %d stds for %d features", ErrShape, len(a.Scaling.Mean), len(a.Scaling.Std), nf)
	}
	if len(a.Weights) != nc {
		return fmt.Errorf("%w: %d weight rows for %d classes", ErrShape, len(a.Weights), nc)
	}
	for k, row := range a.Weights {
		if len(row) != nf {
			return fmt.Errorf("%w: weights[%d] has %d values for %d features", ErrShape, k, len(row), nf)
		}
	}
	if len(a.Bias) != nc {
		return fmt.Errorf("%w: %d biases for %d classes", ErrShape, len(a.Bias), nc)
	}
	return nil
}

func (a *Artifact) validateValues() error {
	check := func(where string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: %s is %v", ErrValue, where, v)
		}
		return nil
	}
	for j := range a.Features {
		if err := check(fmt.Sprintf("scaling.mean[%d]", j), a.Scaling.Mean[j]); err != nil {
			return err
		}
		if err := check(fmt.Sprintf("scaling.std[%d]", j), a.Scaling.Std[j]); err != nil {
			return err
		}
		if a.Scaling.Std[j] <= 0 {
			return fmt.Errorf("%w: scaling.std[%d] is %v, want > 0", ErrValue, j, a.Scaling.Std[j])
		}
	}
	for k, row := range a.Weights {
		for j, w := range row {
			if err := check(fmt.Sprintf("weights[%d][%d]", k, j), w); err != nil {
				return err
			}
		}
		if err := check(fmt.Sprintf("bias[%d]", k), a.Bias[k]); err != nil {
			return err
		}
	}
	t := a.Training
	for _, f := range []struct {
		name string
		v    float64
		ok   bool
	}{
		{"training.test_fraction", t.TestFraction, t.TestFraction > 0 && t.TestFraction < 1},
		{"training.learning_rate", t.LearningRate, t.LearningRate > 0},
		{"training.l2", t.L2, t.L2 >= 0},
		{"training.train_accuracy", t.TrainAccuracy, t.TrainAccuracy >= 0 && t.TrainAccuracy <= 1},
		{"training.test_accuracy", t.TestAccuracy, t.TestAccuracy >= 0 && t.TestAccuracy <= 1},
		{"training.test_log_loss", t.TestLogLoss, t.TestLogLoss >= 0},
	} {
		if err := check(f.name, f.v); err != nil {
			return err
		}
		if !f.ok {
			return fmt.Errorf("%w: %s is %v, out of range", ErrValue, f.name, f.v)
		}
	}
	if t.Epochs <= 0 || t.TrainRows <= 0 || t.TestRows <= 0 {
		return fmt.Errorf("%w: training epochs %d, train_rows %d, test_rows %d: want all > 0", ErrValue, t.Epochs, t.TrainRows, t.TestRows)
	}
	return nil
}
