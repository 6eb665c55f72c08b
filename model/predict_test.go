package model_test

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
)

// reference computes the probabilities the way FORMAT.md defines them, from
// the artifact's own fields, to check the model's folded fast path.
func reference(a *model.Artifact, x []float64) []float64 {
	z := make([]float64, len(a.Classes))
	top := math.Inf(-1)
	for k := range z {
		z[k] = a.Bias[k]
		for j, v := range x {
			z[k] += a.Weights[k][j] * (v - a.Scaling.Mean[j]) / a.Scaling.Std[j]
		}
		top = max(top, z[k])
	}
	var sum float64
	for k := range z {
		z[k] = math.Exp(z[k] - top)
		sum += z[k]
	}
	for k := range z {
		z[k] /= sum
	}
	return z
}

func TestPredictMatchesDefinition(t *testing.T) {
	t.Parallel()
	m, a := embedded(t), committedArtifact(t)
	ds, err := dataset.Iris()
	require.NoError(t, err)
	extra := [][]float64{{0, 0, 0, 0}, {10, 10, 10, 10}, {-3, 100, 0.5, -7}}
	for i, x := range append(ds.X, extra...) {
		p, err := m.Predict(x)
		require.NoError(t, err)
		want := reference(a, x)
		assert.InDeltaSlice(t, want, p.Probabilities, 1e-12, "row %d", i)

		var sum float64
		for _, v := range p.Probabilities {
			assert.True(t, v >= 0 && v <= 1, "row %d: probability %v", i, v)
			sum += v
		}
		assert.InDelta(t, 1, sum, 1e-12, "row %d: probabilities sum to 1", i)
		for k, v := range p.Probabilities {
			assert.LessOrEqual(t, v, p.Probabilities[p.Class], "row %d: class %d beats the argmax", i, k)
		}
		assert.Equal(t, m.Classes()[p.Class], p.Label)
	}
}

func TestPredictKnownFlowers(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	tests := []struct {
		name        string
		givenX      []float64
		expectLabel string
	}{
		{"typical setosa", []float64{5.0, 3.4, 1.5, 0.2}, "setosa"},
		{"typical versicolor", []float64{5.9, 2.8, 4.3, 1.3}, "versicolor"},
		{"typical virginica", []float64{6.6, 3.0, 5.6, 2.1}, "virginica"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := m.Predict(tt.givenX)
			require.NoError(t, err)
			assert.Equal(t, tt.expectLabel, p.Label)
			assert.Greater(t, p.Probabilities[p.Class], 0.5)
		})
	}
}

func TestPredictIntoErrors(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	tests := []struct {
		name      string
		givenDst  []float64
		givenX    []float64
		expectErr error
		expectMsg string
	}{
		{"no features", make([]float64, 3), nil, model.ErrFeatureCount, "features: want 4, got 0"},
		{"too few features", make([]float64, 3), []float64{1, 2, 3}, model.ErrFeatureCount, "want 4, got 3"},
		{"too many features", make([]float64, 3), []float64{1, 2, 3, 4, 5}, model.ErrFeatureCount, "want 4, got 5"},
		{"short buffer", make([]float64, 2), []float64{1, 2, 3, 4}, model.ErrBufferSize, "probabilities: want 3, got 2"},
		{"NaN", make([]float64, 3), []float64{1, math.NaN(), 3, 4}, model.ErrNonFinite, "feature 1 is NaN"},
		{"+Inf", make([]float64, 3), []float64{1, 2, math.Inf(1), 4}, model.ErrNonFinite, "feature 2 is +Inf"},
		{"-Inf", make([]float64, 3), []float64{math.Inf(-1), 2, 3, 4}, model.ErrNonFinite, "feature 0 is -Inf"},
		{"overflowing scores", make([]float64, 3), []float64{1e308, -1e308, 1e308, 1e308}, model.ErrNonFinite, "overflow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			class, err := m.PredictInto(tt.givenDst, tt.givenX)
			assert.Equal(t, -1, class)
			assert.ErrorIs(t, err, tt.expectErr)
			assert.ErrorContains(t, err, tt.expectMsg)

			_, err = m.Predict(tt.givenX)
			if !errors.Is(tt.expectErr, model.ErrBufferSize) {
				assert.ErrorIs(t, err, tt.expectErr, "Predict reports the same problem")
			}
		})
	}
}

func TestPredictIntoLongBuffer(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	dst := []float64{9, 9, 9, 9, 9}
	class, err := m.PredictInto(dst, []float64{6.6, 3.0, 5.6, 2.1})
	require.NoError(t, err)
	assert.Equal(t, 2, class)
	assert.InDelta(t, 1, dst[0]+dst[1]+dst[2], 1e-12)
	assert.Equal(t, []float64{9, 9}, dst[3:], "only the first NumClasses values are written")
}

func TestPredictIntoDoesNotAllocate(t *testing.T) {
	m := embedded(t)
	dst, x := make([]float64, m.NumClasses()), []float64{5.9, 2.8, 4.3, 1.3}
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := m.PredictInto(dst, x); err != nil {
			t.Fatal(err)
		}
	})
	assert.Zero(t, allocs)
}

func TestPredictBatch(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	ds, err := dataset.Iris()
	require.NoError(t, err)

	got, err := m.PredictBatch(ds.X)
	require.NoError(t, err)
	require.Len(t, got, ds.Len())
	var correct int
	for i, p := range got {
		single, err := m.Predict(ds.X[i])
		require.NoError(t, err)
		assert.Equal(t, single, p, "row %d: batch and single predictions agree", i)
		if p.Class == ds.Y[i] {
			correct++
		}
	}
	assert.GreaterOrEqual(t, float64(correct)/float64(ds.Len()), 0.93, "accuracy on the whole data set")

	// Rows do not share probability storage.
	got[0].Probabilities[0] = -1
	assert.NotEqual(t, -1.0, got[1].Probabilities[0])

	empty, err := m.PredictBatch(nil)
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestPredictBatchErrors(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	good := []float64{5.0, 3.4, 1.5, 0.2}
	tests := []struct {
		name      string
		givenRows [][]float64
		expectErr error
		expectMsg string
	}{
		{"short first row", [][]float64{{1}, good}, model.ErrFeatureCount, "row 0: wrong number of features: features: want 4, got 1"},
		{"NaN in third row", [][]float64{good, good, {1, 2, math.NaN(), 4}}, model.ErrNonFinite, "row 2: non-finite feature value: feature 2 is NaN"},
		{"nil row", [][]float64{good, nil}, model.ErrFeatureCount, "row 1:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := m.PredictBatch(tt.givenRows)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, tt.expectErr)
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), tt.expectMsg), "got %q, want it to start with %q", err, tt.expectMsg)
		})
	}
}

// TestConcurrentPredict exercises the shared model from many goroutines
// (meaningful under -race).
func TestConcurrentPredict(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	want, err := m.Predict([]float64{6.6, 3.0, 5.6, 2.1})
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			dst := make([]float64, m.NumClasses())
			for range 200 {
				class, err := m.PredictInto(dst, []float64{6.6, 3.0, 5.6, 2.1})
				assert.NoError(t, err)
				assert.Equal(t, want.Class, class)
			}
		})
	}
	wg.Wait()
}
