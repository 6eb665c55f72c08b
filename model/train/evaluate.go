package train

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
)

// DefaultMinAccuracy is the held-out accuracy a model must reach to ship.
const DefaultMinAccuracy = 0.93

// metricTolerance absorbs the last-bit differences of math.Exp between CPU
// architectures when a recorded log-loss is recomputed.
const metricTolerance = 1e-9

// Gate errors, for errors.Is.
var (
	// ErrBelowThreshold: the held-out accuracy is under the minimum.
	ErrBelowThreshold = errors.New("accuracy below threshold")
	// ErrNotReproducible: the artifact does not match the data set, or its
	// recorded metrics differ from the recomputed ones.
	ErrNotReproducible = errors.New("recorded metrics not reproducible")
)

// Report is the outcome of Evaluate.
type Report struct {
	Name, Version, Checksum string
	Seed                    int64
	TestFraction            float64
	// Test holds the recomputed held-out figures.
	Test Scores
	// Recorded are the metrics stored in the artifact at training time.
	Recorded    model.Metrics
	MinAccuracy float64
}

// String is the short summary the evaluate command prints.
func (r Report) String() string {
	return fmt.Sprintf("model %s %s (%s)\nheld-out split: %d rows (seed %d, test fraction %v)\naccuracy %.4f (minimum %.4f, recorded %.4f), log-loss %.4f (recorded %.4f)\n",
		r.Name, r.Version, r.Checksum, r.Test.Rows, r.Seed, r.TestFraction,
		r.Test.Accuracy, r.MinAccuracy, r.Recorded.TestAccuracy, r.Test.LogLoss, r.Recorded.TestLogLoss)
}

// Evaluate recomputes the held-out split of ds from the seed and test
// fraction recorded in m, measures m on it and checks that the accuracy is
// at least minAccuracy and that the recorded metrics are reproduced. The
// report is filled in whenever the split could be scored, also on failure.
func Evaluate(m *model.Model, ds dataset.Dataset, minAccuracy float64) (Report, error) {
	t := m.Training()
	r := Report{
		Name: m.Name(), Version: m.Version(), Checksum: m.Checksum(),
		Seed: t.Seed, TestFraction: t.TestFraction,
		Recorded: m.Metrics(), MinAccuracy: minAccuracy,
	}
	if !(minAccuracy >= 0 && minAccuracy <= 1) {
		return r, fmt.Errorf("train.Evaluate: minimum accuracy %v: want a number in [0, 1]", minAccuracy)
	}
	if !slices.Equal(m.Features(), ds.Features) || !slices.Equal(m.Classes(), ds.Classes) {
		return r, fmt.Errorf("train.Evaluate: %w: model features %v and classes %v, data set has %v and %v",
			ErrNotReproducible, m.Features(), m.Classes(), ds.Features, ds.Classes)
	}
	_, test, err := dataset.Split(ds, t.TestFraction, t.Seed)
	if err != nil {
		return r, fmt.Errorf("train.Evaluate: %w", err)
	}
	if r.Test, err = Score(m, test); err != nil {
		return r, fmt.Errorf("train.Evaluate: %w", err)
	}
	if r.Test.Accuracy < minAccuracy {
		return r, fmt.Errorf("train.Evaluate: %w: held-out accuracy %.4f < %.4f: retrain or fix the model before release",
			ErrBelowThreshold, r.Test.Accuracy, minAccuracy)
	}
	if r.Test.Rows != t.TestRows || r.Test.Accuracy != t.TestAccuracy ||
		math.Abs(r.Test.LogLoss-t.TestLogLoss) > metricTolerance {
		return r, fmt.Errorf("train.Evaluate: %w: recomputed %d rows, accuracy %v, log-loss %v; artifact records %d, %v, %v: regenerate it with go run ./model/cmd/train",
			ErrNotReproducible, r.Test.Rows, r.Test.Accuracy, r.Test.LogLoss, t.TestRows, t.TestAccuracy, t.TestLogLoss)
	}
	return r, nil
}

// EvaluateFile loads and verifies the artifact at path (format, checksum,
// shapes) and evaluates it on the embedded Iris data set.
func EvaluateFile(path string, minAccuracy float64) (Report, error) {
	m, err := model.LoadFile(path)
	if err != nil {
		return Report{}, fmt.Errorf("train.EvaluateFile: artifact failed verification: %w", err)
	}
	ds, err := dataset.Iris()
	if err != nil {
		return Report{}, fmt.Errorf("train.EvaluateFile: %w", err)
	}
	return Evaluate(m, ds, minAccuracy)
}
