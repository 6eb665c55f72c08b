package train_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/train"
)

func TestEvaluateCommitted(t *testing.T) {
	t.Parallel()
	r, err := train.EvaluateFile(committedPath, train.DefaultMinAccuracy)
	require.NoError(t, err)
	m, err := model.LoadFile(committedPath)
	require.NoError(t, err)
	assert.Equal(t, m.Metrics().TestAccuracy, r.Test.Accuracy, "the gate reproduces the recorded accuracy exactly")
	assert.Equal(t, m.Metrics().TestRows, r.Test.Rows)
	assert.Equal(t, m.Checksum(), r.Checksum)
	assert.Contains(t, r.String(), "held-out split: 30 rows (seed 42, test fraction 0.2)")
}

// retrained returns a model whose artifact was changed by change and
// re-encoded (so it still passes verification).
func retrained(t *testing.T, change func(a *model.Artifact)) *model.Model {
	t.Helper()
	a, err := train.Train(iris(t), train.DefaultConfig())
	require.NoError(t, err)
	change(a)
	m, err := model.Load(strings.NewReader(string(encode(t, a))))
	require.NoError(t, err)
	return m
}

func TestEvaluateFailures(t *testing.T) {
	t.Parallel()
	committed, err := model.LoadFile(committedPath)
	require.NoError(t, err)
	tests := []struct {
		name       string
		givenModel *model.Model
		whenMin    float64
		expectErr  error
		expectMsg  string
	}{
		{"below threshold", committed, 0.99, train.ErrBelowThreshold, "held-out accuracy 0.9667 < 0.9900"},
		{"bad threshold", committed, 1.5, nil, "minimum accuracy 1.5"},
		{"inflated recorded accuracy", retrained(t, func(a *model.Artifact) { a.Training.TestAccuracy = 1 }), 0.93,
			train.ErrNotReproducible, "recomputed 30 rows, accuracy 0.9666666666666667"},
		{"other seed recorded", retrained(t, func(a *model.Artifact) { a.Training.Seed = 1 }), 0.5,
			train.ErrNotReproducible, "regenerate it"},
		{"worse weights", retrained(t, func(a *model.Artifact) { a.Weights[2], a.Weights[1] = a.Weights[1], a.Weights[2] }), 0.93,
			train.ErrBelowThreshold, "held-out accuracy"},
		{"other classes", retrained(t, func(a *model.Artifact) { a.Classes = []string{"a", "b", "c"} }), 0.93,
			train.ErrNotReproducible, "classes [a b c]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := train.Evaluate(tt.givenModel, iris(t), tt.whenMin)
			require.Error(t, err)
			if tt.expectErr != nil {
				assert.ErrorIs(t, err, tt.expectErr)
			}
			assert.ErrorContains(t, err, tt.expectMsg)
			assert.Equal(t, tt.givenModel.Checksum(), r.Checksum, "the report names the model even on failure")
		})
	}
}

func TestEvaluateFileRejectsDamagedArtifact(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "iris.json")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), `"epochs": 1000`, `"epochs": 1001`, 1)), 0o600))

	_, err = train.EvaluateFile(path, train.DefaultMinAccuracy)
	assert.ErrorIs(t, err, model.ErrChecksum)
	assert.ErrorContains(t, err, "artifact failed verification")
}
