package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
)

func TestLoadCommitted(t *testing.T) {
	t.Parallel()
	m, err := model.LoadFile(committedPath)
	require.NoError(t, err)
	a := committedArtifact(t)

	assert.Equal(t, model.Name, m.Name())
	assert.Equal(t, a.Version, m.Version())
	assert.Equal(t, a.Checksum, m.Checksum())
	assert.Equal(t, []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}, m.Features())
	assert.Equal(t, []string{"setosa", "versicolor", "virginica"}, m.Classes())
	assert.Equal(t, 4, m.NumFeatures())
	assert.Equal(t, 3, m.NumClasses())
	assert.Equal(t, a.Training, m.Training())
	assert.Equal(t, model.Metrics{
		TrainAccuracy: a.Training.TrainAccuracy,
		TestAccuracy:  a.Training.TestAccuracy,
		TestLogLoss:   a.Training.TestLogLoss,
		TrainRows:     a.Training.TrainRows,
		TestRows:      a.Training.TestRows,
	}, m.Metrics())
	assert.GreaterOrEqual(t, m.Metrics().TestAccuracy, 0.93)
}

func TestEmbeddedIsCommittedFile(t *testing.T) {
	t.Parallel()
	fromFile, err := model.LoadFile(committedPath)
	require.NoError(t, err)
	assert.Equal(t, fromFile.Checksum(), embedded(t).Checksum())
	again, err := model.Embedded()
	require.NoError(t, err)
	assert.Same(t, embedded(t), again, "Embedded parses once")
}

func TestAccessorsReturnCopies(t *testing.T) {
	t.Parallel()
	m := embedded(t)
	m.Features()[0] = "changed"
	m.Classes()[0] = "changed"
	assert.Equal(t, "sepal_length", m.Features()[0])
	assert.Equal(t, "setosa", m.Classes()[0])
}

// TestArtifactSourceMatchesBuildspec keeps ArtifactSource and the image
// layout's ModelSource (ci/pkg/buildspec, another Go module) in step.
func TestArtifactSourceMatchesBuildspec(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "ci", "pkg", "buildspec", "buildspec.go")
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not in this tree (a build context without ci/)", path)
	}
	require.NoError(t, err)
	var found string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && vs.Names[0].Name == "ModelSource" && len(vs.Values) == 1 {
			if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
				found, err = strconv.Unquote(lit.Value)
				require.NoError(t, err)
			}
		}
		return true
	})
	assert.Equal(t, model.ArtifactSource, found, "buildspec.ModelSource in %s", path)
	assert.True(t, strings.HasSuffix(model.ArtifactSource, "/"+committedPath), "Embedded serves %s", committedPath)
}

func TestLoadAcceptsReindentedFile(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	var compact bytes.Buffer
	require.NoError(t, json.Compact(&compact, data))
	m, err := model.Load(&compact)
	require.NoError(t, err, "the checksum covers values, not layout")
	assert.Equal(t, embedded(t).Checksum(), m.Checksum())
}

func TestLoadRejects(t *testing.T) {
	t.Parallel()
	committed, err := os.ReadFile(committedPath)
	require.NoError(t, err)

	// reseal applies change to the committed artifact and re-computes the
	// checksum, so only the change itself is wrong.
	reseal := func(change func(a *model.Artifact)) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			a := committedArtifact(t)
			change(a)
			return resealed(t, a)
		}
	}
	raw := func(s string) func(*testing.T) []byte {
		return func(*testing.T) []byte { return []byte(s) }
	}
	edit := func(old, new string) func(*testing.T) []byte {
		return func(t *testing.T) []byte {
			require.Contains(t, string(committed), old)
			return []byte(strings.Replace(string(committed), old, new, 1))
		}
	}
	tests := []struct {
		name      string
		given     func(t *testing.T) []byte
		expectErr error
		expectMsg string
	}{
		{"empty input", raw(""), model.ErrMalformed, "unexpected end of JSON"},
		{"truncated", func(*testing.T) []byte { return committed[:len(committed)/2] }, model.ErrMalformed, "unexpected end"},
		{"not an object", raw("[1,2]"), model.ErrMalformed, "cannot unmarshal array"},
		{"trailing data", func(*testing.T) []byte { return append(bytes.Clone(committed), "{}"...) }, model.ErrMalformed, "after top-level value"},
		{"NaN literal", edit(`"bias": [`, `"bias": [NaN, `), model.ErrMalformed, "invalid character"},
		{"overflowing number", edit(`"bias": [`, `"bias": [1e999, `), model.ErrMalformed, "1e999"},
		{"too large", func(*testing.T) []byte {
			return append(bytes.Clone(committed), bytes.Repeat([]byte(" "), model.MaxArtifactSize)...)
		}, model.ErrMalformed, "larger than"},
		{"no format", edit(`"format": 1,`, ``), model.ErrFormat, `no "format" field`},
		{"future format", edit(`"format": 1,`, `"format": 2,`), model.ErrFormat, "format 2, this build reads format 1"},
		{"format as string", edit(`"format": 1,`, `"format": "1",`), model.ErrMalformed, "string"},
		{"unknown field", edit(`"format": 1,`, `"format": 1, "extra": true,`), model.ErrMalformed, `unknown field "extra"`},
		{"wrong type", edit(`"name": "iris-logreg"`, `"name": 7`), model.ErrMalformed, "cannot unmarshal number"},
		{"damaged value", edit(`"test_rows": 30`, `"test_rows": 31`), model.ErrChecksum, "damaged"},
		{"damaged weight", func(t *testing.T) []byte {
			a := committedArtifact(t)
			old, _ := json.Marshal(a.Weights[1][2])
			return edit(string(old), string(old)+"1")(t)
		}, model.ErrChecksum, "recorded sha256:"},
		{"no checksum", func(t *testing.T) []byte {
			a := committedArtifact(t)
			a.Checksum = ""
			data, err := json.Marshal(a)
			require.NoError(t, err)
			return data
		}, model.ErrChecksum, "no checksum"},
		{"other hash", edit(`"checksum": "sha256:`, `"checksum": "md5:`), model.ErrChecksum, "recorded md5:"},
		{"empty name", reseal(func(a *model.Artifact) { a.Name = "" }), model.ErrMetadata, "empty name"},
		{"short version", reseal(func(a *model.Artifact) { a.Version = "1.0" }), model.ErrMetadata, `version "1.0"`},
		{"v-prefixed version", reseal(func(a *model.Artifact) { a.Version = "v1.0.0" }), model.ErrMetadata, "semantic version"},
		{"leading zero version", reseal(func(a *model.Artifact) { a.Version = "1.02.0" }), model.ErrMetadata, "semantic version"},
		{"empty pre-release", reseal(func(a *model.Artifact) { a.Version = "1.0.0-" }), model.ErrMetadata, "semantic version"},
		{"no features", reseal(func(a *model.Artifact) { a.Features = nil }), model.ErrMetadata, "0 feature names"},
		{"one class", reseal(func(a *model.Artifact) { a.Classes = a.Classes[:1] }), model.ErrMetadata, "1 class names, want at least 2"},
		{"duplicate class", reseal(func(a *model.Artifact) { a.Classes[2] = a.Classes[0] }), model.ErrMetadata, `duplicate class name "setosa"`},
		{"empty feature name", reseal(func(a *model.Artifact) { a.Features[1] = "" }), model.ErrMetadata, "feature name 1 is empty"},
		{"no algorithm", reseal(func(a *model.Artifact) { a.Training.Algorithm = "" }), model.ErrMetadata, "algorithm"},
		{"missing weight row", reseal(func(a *model.Artifact) { a.Weights = a.Weights[:2] }), model.ErrShape, "2 weight rows for 3 classes"},
		{"short weight row", reseal(func(a *model.Artifact) { a.Weights[1] = a.Weights[1][:3] }), model.ErrShape, "weights[1] has 3 values for 4 features"},
		{"extra bias", reseal(func(a *model.Artifact) { a.Bias = append(a.Bias, 0) }), model.ErrShape, "4 biases for 3 classes"},
		{"short mean", reseal(func(a *model.Artifact) { a.Scaling.Mean = a.Scaling.Mean[1:] }), model.ErrShape, "3 means and 4 stds"},
		{"extra feature name", reseal(func(a *model.Artifact) { a.Features = append(a.Features, "x") }), model.ErrShape, "for 5 features"},
		{"zero std", reseal(func(a *model.Artifact) { a.Scaling.Std[2] = 0 }), model.ErrValue, "scaling.std[2] is 0, want > 0"},
		{"negative std", reseal(func(a *model.Artifact) { a.Scaling.Std[0] = -1 }), model.ErrValue, "scaling.std[0] is -1"},
		{"accuracy above 1", reseal(func(a *model.Artifact) { a.Training.TestAccuracy = 1.5 }), model.ErrValue, "training.test_accuracy is 1.5"},
		{"negative log-loss", reseal(func(a *model.Artifact) { a.Training.TestLogLoss = -1 }), model.ErrValue, "test_log_loss"},
		{"zero epochs", reseal(func(a *model.Artifact) { a.Training.Epochs = 0 }), model.ErrValue, "epochs 0"},
		{"folded overflow", reseal(func(a *model.Artifact) {
			a.Weights[0][0], a.Scaling.Std[0] = 1e300, 1e-300
		}), model.ErrValue, "overflow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := model.Load(bytes.NewReader(tt.given(t)))
			require.Error(t, err)
			assert.Nil(t, m)
			assert.ErrorIs(t, err, tt.expectErr)
			assert.ErrorContains(t, err, tt.expectMsg)
			assert.True(t, strings.HasPrefix(err.Error(), "model.Load: "), "error names the call: %v", err)
		})
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	_, err := model.LoadFile(filepath.Join(t.TempDir(), "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	path := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"format": 9}`), 0o600))
	_, err = model.LoadFile(path)
	assert.ErrorIs(t, err, model.ErrFormat)
	assert.ErrorContains(t, err, path, "the error names the file")
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestLoadReadError(t *testing.T) {
	t.Parallel()
	_, err := model.Load(errReader{})
	assert.ErrorContains(t, err, "disk on fire")
}
