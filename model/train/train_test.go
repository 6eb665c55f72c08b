package train_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
	"github.com/irisinfer/irisinfer/model/train"
)

// committedPath is the committed artifact, relative to this package.
const committedPath = "../artifacts/iris.json"

func iris(t *testing.T) dataset.Dataset {
	t.Helper()
	ds, err := dataset.Iris()
	require.NoError(t, err)
	return ds
}

func encode(t *testing.T, a *model.Artifact) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, a.Encode(&buf))
	return buf.Bytes()
}

func TestTrainDeterministic(t *testing.T) {
	t.Parallel()
	first, err := train.Train(iris(t), train.DefaultConfig())
	require.NoError(t, err)
	second, err := train.Train(iris(t), train.DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, encode(t, first), encode(t, second), "two runs must write the same bytes")
}

// TestCommittedArtifactUpToDate fails when the code or data changed but the
// committed artifact was not regenerated.
func TestCommittedArtifactUpToDate(t *testing.T) {
	t.Parallel()
	committed, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	var recorded model.Artifact
	require.NoError(t, json.Unmarshal(committed, &recorded))

	cfg := train.DefaultConfig()
	cfg.Version = recorded.Version // the version is chosen at release, not by the code
	a, err := train.Train(iris(t), cfg)
	require.NoError(t, err)
	assert.Equal(t, string(committed), string(encode(t, a)),
		"model/artifacts/iris.json is stale: run go run ./model/cmd/train -version %s (and go test ./model -run TestGolden -update)", recorded.Version)
}

func TestTrainQuality(t *testing.T) {
	t.Parallel()
	a, err := train.Train(iris(t), train.DefaultConfig())
	require.NoError(t, err)
	tr := a.Training
	assert.GreaterOrEqual(t, tr.TestAccuracy, train.DefaultMinAccuracy)
	assert.GreaterOrEqual(t, tr.TrainAccuracy, 0.93)
	assert.Less(t, tr.TestLogLoss, 0.3, "a useless model scores ln 3 ≈ 1.1")
	assert.Equal(t, 120, tr.TrainRows)
	assert.Equal(t, 30, tr.TestRows)
	assert.Equal(t, train.Algorithm, tr.Algorithm)
	assert.Equal(t, train.DefaultVersion, a.Version)
	assert.Equal(t, model.Name, a.Name)
	assert.Equal(t, model.FormatVersion, a.Format)
}

// TestTrainScaling checks the stored scaling against the training split
// computed independently.
func TestTrainScaling(t *testing.T) {
	t.Parallel()
	cfg := train.DefaultConfig()
	a, err := train.Train(iris(t), cfg)
	require.NoError(t, err)
	trainSet, _, err := dataset.Split(iris(t), cfg.TestFraction, cfg.Seed)
	require.NoError(t, err)
	for j := range a.Features {
		var sum, sq float64
		for _, x := range trainSet.X {
			sum += x[j]
		}
		mean := sum / float64(trainSet.Len())
		for _, x := range trainSet.X {
			sq += (x[j] - mean) * (x[j] - mean)
		}
		assert.InDelta(t, mean, a.Scaling.Mean[j], 1e-8, "mean of feature %d", j)
		assert.InDelta(t, math.Sqrt(sq/float64(trainSet.Len())), a.Scaling.Std[j], 1e-8, "std of feature %d", j)
	}
}

// TestMoreEpochsLowerLoss checks that gradient descent makes progress: the
// training loss (through accuracy and log-loss on held-out rows) improves
// from a barely trained model to the default one.
func TestMoreEpochsLowerLoss(t *testing.T) {
	t.Parallel()
	short := train.DefaultConfig()
	short.Epochs = 1
	early, err := train.Train(iris(t), short)
	require.NoError(t, err)
	full, err := train.Train(iris(t), train.DefaultConfig())
	require.NoError(t, err)
	assert.Less(t, full.Training.TestLogLoss, early.Training.TestLogLoss)
}

func TestTrainRejectsBadConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		whenCfg   func(c *train.Config)
		expectMsg string
	}{
		{"zero epochs", func(c *train.Config) { c.Epochs = 0 }, "epochs 0"},
		{"negative learning rate", func(c *train.Config) { c.LearningRate = -1 }, "learning rate -1"},
		{"NaN learning rate", func(c *train.Config) { c.LearningRate = math.NaN() }, "learning rate NaN"},
		{"negative l2", func(c *train.Config) { c.L2 = -0.1 }, "l2 -0.1"},
		{"bad fraction", func(c *train.Config) { c.TestFraction = 1 }, "test fraction 1"},
		{"bad version", func(c *train.Config) { c.Version = "latest" }, `version "latest"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := train.DefaultConfig()
			tt.whenCfg(&cfg)
			_, err := train.Train(iris(t), cfg)
			require.ErrorContains(t, err, tt.expectMsg)
		})
	}
}

func TestTrainRejectsConstantFeature(t *testing.T) {
	t.Parallel()
	ds := iris(t)
	for _, x := range ds.X {
		x[1] = 3
	}
	_, err := train.Train(ds, train.DefaultConfig())
	require.ErrorContains(t, err, "feature 1 is constant")
}

func TestScore(t *testing.T) {
	t.Parallel()
	m, err := model.Embedded()
	require.NoError(t, err)
	ds := dataset.Dataset{
		Features: m.Features(), Classes: m.Classes(),
		X: [][]float64{{5.0, 3.4, 1.5, 0.2}, {6.6, 3.0, 5.6, 2.1}},
		Y: []int{0, 0}, // the second is a virginica labelled setosa
	}
	s, err := train.Score(m, ds)
	require.NoError(t, err)
	assert.Equal(t, 2, s.Rows)
	assert.Equal(t, 0.5, s.Accuracy)
	p0, err := m.Predict(ds.X[0])
	require.NoError(t, err)
	p1, err := m.Predict(ds.X[1])
	require.NoError(t, err)
	assert.InDelta(t, -(math.Log(p0.Probabilities[0])+math.Log(p1.Probabilities[0]))/2, s.LogLoss, 1e-12)

	_, err = train.Score(m, dataset.Dataset{})
	assert.ErrorContains(t, err, "no rows")
	ds.Y[1] = 7
	_, err = train.Score(m, ds)
	assert.ErrorContains(t, err, "row 1: label 7 out of range")
}
