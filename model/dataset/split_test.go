package dataset_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model/dataset"
)

func TestSplitStratified(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)

	train, test, err := dataset.Split(ds, 0.2, 42)
	require.NoError(t, err)
	assert.Equal(t, 120, train.Len())
	assert.Equal(t, 30, test.Len())
	assert.Equal(t, []int{40, 40, 40}, classCounts(train))
	assert.Equal(t, []int{10, 10, 10}, classCounts(test))
	assert.Equal(t, ds.Features, train.Features)
	assert.Equal(t, ds.Classes, test.Classes)

	// Every row lands in exactly one set, unchanged.
	seen := map[[5]float64]int{}
	for _, part := range []dataset.Dataset{ds, train, test} {
		for i, x := range part.X {
			seen[[5]float64{x[0], x[1], x[2], x[3], float64(part.Y[i])}]++
		}
	}
	for row, n := range seen {
		assert.Zero(t, n%2, "row %v seen %d times in the data set and its split", row, n)
	}
}

func TestSplitDeterministic(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)

	_, a, err := dataset.Split(ds, 0.2, 7)
	require.NoError(t, err)
	_, b, err := dataset.Split(ds, 0.2, 7)
	require.NoError(t, err)
	_, c, err := dataset.Split(ds, 0.2, 8)
	require.NoError(t, err)
	assert.Equal(t, a, b, "the same seed must give the same split")
	assert.NotEqual(t, a.X, c.X, "another seed should give another split")
}

// TestSplitPinned pins the first test rows for seed 42, so that a change of
// the shuffle (which would silently retrain a different model) is noticed.
func TestSplitPinned(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)
	_, test, err := dataset.Split(ds, 0.2, 42)
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{4.6, 3.4, 1.4, 0.3}, {4.8, 3.4, 1.6, 0.2}, {5.8, 4, 1.2, 0.2}}, test.X[:3])
}

func TestSplitCopies(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)
	train, _, err := dataset.Split(ds, 0.5, 1)
	require.NoError(t, err)
	before := ds.X[train.Len()-1][0]
	for _, x := range train.X {
		x[0] = -1
	}
	assert.Equal(t, before, ds.X[train.Len()-1][0], "the split must not share rows with its input")
}

func TestSplitErrors(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)
	tests := []struct {
		name         string
		givenData    dataset.Dataset
		whenFraction float64
		expectMsg    string
	}{
		{"zero fraction", ds, 0, "strictly between 0 and 1"},
		{"whole fraction", ds, 1, "strictly between 0 and 1"},
		{"NaN fraction", ds, math.NaN(), "strictly between 0 and 1"},
		{"tiny fraction", ds, 0.001, `class "setosa" has 50 rows`},
		{"huge fraction", ds, 0.999, "leaves one of the sets without it"},
		{"ragged", dataset.Dataset{Classes: []string{"a"}, X: [][]float64{{1}}, Y: nil}, 0.5, "1 feature rows but 0 labels"},
		{"bad label", dataset.Dataset{Classes: []string{"a"}, X: [][]float64{{1}}, Y: []int{3}}, 0.5, "row 0: class index 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := dataset.Split(tt.givenData, tt.whenFraction, 1)
			require.ErrorContains(t, err, tt.expectMsg)
		})
	}
}

func classCounts(ds dataset.Dataset) []int {
	counts := make([]int, len(ds.Classes))
	for _, y := range ds.Y {
		counts[y]++
	}
	return counts
}
