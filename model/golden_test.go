package model_test

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model/dataset"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json from the embedded model")

const goldenPath = "testdata/golden.json"

// goldenTolerance allows for last-bit differences of math.Exp between CPUs.
const goldenTolerance = 1e-9

type goldenFile struct {
	// ModelChecksum names the artifact the expectations were computed with.
	ModelChecksum string       `json:"model_checksum"`
	Cases         []goldenCase `json:"cases"`
}

type goldenCase struct {
	Input         []float64 `json:"input"`
	Class         int       `json:"class"`
	Label         string    `json:"label"`
	Probabilities []float64 `json:"probabilities"`
}

// goldenInputs are the first and last rows of each class in the data set,
// plus points outside the data's range.
func goldenInputs(t *testing.T) [][]float64 {
	t.Helper()
	ds, err := dataset.Iris()
	require.NoError(t, err)
	var in [][]float64
	for _, i := range []int{0, 49, 50, 99, 100, 149} {
		in = append(in, ds.X[i])
	}
	return append(in, []float64{0, 0, 0, 0}, []float64{6, 3, 4.9, 1.6}, []float64{20, -5, 30, 10})
}

// TestGolden compares predictions with testdata/golden.json; after an
// intended model change refresh it with: go test ./model -run TestGolden -update
func TestGolden(t *testing.T) {
	m := embedded(t)
	if *update {
		g := goldenFile{ModelChecksum: m.Checksum()}
		for _, x := range goldenInputs(t) {
			p, err := m.Predict(x)
			require.NoError(t, err)
			g.Cases = append(g.Cases, goldenCase{Input: x, Class: p.Class, Label: p.Label, Probabilities: p.Probabilities})
		}
		data, err := json.MarshalIndent(g, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(goldenPath, append(data, '\n'), 0o644))
	}

	data, err := os.ReadFile(goldenPath)
	require.NoError(t, err)
	var g goldenFile
	require.NoError(t, json.Unmarshal(data, &g))
	require.Equal(t, g.ModelChecksum, m.Checksum(),
		"%s was made for another model; if the model change is intended, run: go test ./model -run TestGolden -update", goldenPath)
	require.Len(t, g.Cases, len(goldenInputs(t)))
	for i, c := range g.Cases {
		p, err := m.Predict(c.Input)
		require.NoError(t, err)
		assert.Equal(t, c.Class, p.Class, "case %d", i)
		assert.Equal(t, c.Label, p.Label, "case %d", i)
		assert.InDeltaSlice(t, c.Probabilities, p.Probabilities, goldenTolerance, "case %d", i)
	}
}
