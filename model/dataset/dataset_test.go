package dataset_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model/dataset"
)

// upstreamIris is where Debian's python3-sklearn installs the file we copied.
const upstreamIris = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"

func TestIris(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Iris()
	require.NoError(t, err)

	assert.Equal(t, 150, ds.Len())
	assert.Len(t, ds.Y, 150)
	assert.Equal(t, []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}, ds.Features)
	assert.Equal(t, []string{"setosa", "versicolor", "virginica"}, ds.Classes)
	assert.Equal(t, []float64{5.1, 3.5, 1.4, 0.2}, ds.X[0])
	assert.Equal(t, []float64{5.9, 3.0, 5.1, 1.8}, ds.X[149])
	counts := make([]int, len(ds.Classes))
	for _, y := range ds.Y {
		counts[y]++
	}
	assert.Equal(t, []int{50, 50, 50}, counts)
}

// TestNoticeChecksum keeps NOTICE's recorded SHA-256 in step with iris.csv.
func TestNoticeChecksum(t *testing.T) {
	t.Parallel()
	notice, err := os.ReadFile("NOTICE")
	require.NoError(t, err)
	sum := sha256.Sum256(dataset.CSV())
	assert.Contains(t, string(notice), "SHA-256: "+hex.EncodeToString(sum[:]))
}

// TestMatchesUpstream checks the committed copy against Debian's file when it
// is installed (it is not needed to build or train).
func TestMatchesUpstream(t *testing.T) {
	t.Parallel()
	upstream, err := os.ReadFile(upstreamIris)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not installed (apt-get install python3-sklearn)", upstreamIris)
	}
	require.NoError(t, err)
	assert.True(t, bytes.Equal(upstream, dataset.CSV()), "model/dataset/iris.csv differs from %s", upstreamIris)
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	const header = "2,4,a,b\n"
	tests := []struct {
		name       string
		givenInput string
		expectLine int
		expectCol  int
		expectMsg  string
	}{
		{"empty", "", 1, 1, "empty input"},
		{"short header", "2,4,a\n", 1, 1, "header has 3 fields"},
		{"bad row count", "x,4,a,b\n", 1, 1, `header row count "x"`},
		{"zero row count", "0,4,a,b\n", 1, 1, "positive integer"},
		{"wrong feature count", "2,3,a,b\n", 1, 3, `header feature count "3": want 4`},
		{"empty class", "2,4,a,\n", 1, 7, "empty class name"},
		{"duplicate class", "2,4,a,a\n", 1, 7, `duplicate class name "a"`},
		{"bad quote", header + "1,2,\"3,4,0\n", 2, 12, "quote"},
		{"short row", header + "1,2,3,4,0\n1,2,3,0\n", 3, 1, "got 4 fields, want 5"},
		{"not a number", header + "1,2,3,4,0\n1,x,3,4,0\n", 3, 3, `feature sepal_width: "x": invalid syntax`},
		{"NaN feature", header + "1,2,NaN,4,0\n", 2, 5, "petal_length: \"NaN\": not a finite number"},
		{"infinite feature", header + "1,2,3,+Inf,0\n", 2, 7, "not a finite number"},
		{"huge feature", header + "1,2,3,1e999,0\n", 2, 7, "value out of range"},
		{"class out of range", header + "1,2,3,4,2\n", 2, 9, `class index "2": want an integer in [0, 2)`},
		{"negative class", header + "1,2,3,4,-1\n", 2, 9, "class index"},
		{"too few rows", header + "1,2,3,4,0\n", 3, 1, "got 1 rows, the header declares 2"},
		{"no rows", header, 2, 1, "got 0 rows"},
		{"too many rows", header + "1,2,3,4,0\n1,2,3,4,1\n1,2,3,4,1\n", 4, 1, "extra row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := dataset.Parse(strings.NewReader(tt.givenInput))
			require.Error(t, err)
			pe, ok := errors.AsType[*dataset.ParseError](err)
			require.True(t, ok, "want a *ParseError, got %T: %v", err, err)
			assert.Equal(t, tt.expectLine, pe.Line, "line: %v", err)
			assert.Equal(t, tt.expectCol, pe.Column, "column: %v", err)
			assert.Contains(t, err.Error(), tt.expectMsg)
		})
	}
}

func TestParseValid(t *testing.T) {
	t.Parallel()
	ds, err := dataset.Parse(strings.NewReader("2,4,a,b\n1,2,3,4,0\n\n0.5,-1e-3,3,4,1\n"))
	require.NoError(t, err)
	assert.Equal(t, [][]float64{{1, 2, 3, 4}, {0.5, -1e-3, 3, 4}}, ds.X)
	assert.Equal(t, []int{0, 1}, ds.Y)
	assert.Equal(t, []string{"a", "b"}, ds.Classes)
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseReadError(t *testing.T) {
	t.Parallel()
	_, err := dataset.Parse(errReader{})
	require.ErrorContains(t, err, "disk on fire")
	_, isParse := errors.AsType[*dataset.ParseError](err)
	assert.False(t, isParse, "a failing reader is not malformed data")
}
