package model

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
)

// MaxArtifactSize bounds what Load reads; a format-1 Iris artifact is about 2 KiB.
const MaxArtifactSize = 1 << 20

//go:embed artifacts/iris.json
var embeddedArtifact []byte

// Model is a loaded, verified model ready for prediction. It is immutable and
// safe for concurrent use.
type Model struct {
	name     string
	version  string
	checksum string
	features []string
	classes  []string
	training Training

	nf, nc int
	// weights (nc×nf, row-major) and bias have the scaling folded in, so a
	// prediction is one affine map of the raw features and a softmax.
	weights []float64
	bias    []float64
}

// Metrics are the quality figures recorded at training time.
type Metrics struct {
	TrainAccuracy float64
	TestAccuracy  float64
	TestLogLoss   float64
	TrainRows     int
	TestRows      int
}

// Load reads an artifact, verifies its format version, checksum, shapes and
// values, and returns the model. Errors wrap ErrMalformed, ErrFormat,
// ErrChecksum, ErrShape, ErrValue or ErrMetadata.
func Load(r io.Reader) (*Model, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxArtifactSize+1))
	if err != nil {
		return nil, fmt.Errorf("model.Load: read: %w", err)
	}
	a, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("model.Load: %w", err)
	}
	m, err := New(a)
	if err != nil {
		return nil, fmt.Errorf("model.Load: %w", err)
	}
	return m, nil
}

// LoadFile opens path and loads it with Load.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model.LoadFile: %w", err)
	}
	defer f.Close()
	m, err := Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// embedded loads the embedded artifact once; the model is immutable, so all
// callers can share it.
var embedded = sync.OnceValues(func() (*Model, error) {
	return Load(bytes.NewReader(embeddedArtifact))
})

// Embedded returns the committed artifact (artifacts/iris.json) compiled into
// the binary, verified like any other.
func Embedded() (*Model, error) { return embedded() }

// decode parses and checks an artifact document up to, and including, its
// checksum. The format version is read first, so that a newer document is
// reported as such rather than as one with unknown fields.
func decode(data []byte) (*Artifact, error) {
	if len(data) > MaxArtifactSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrMalformed, MaxArtifactSize)
	}
	var probe struct {
		Format *int `json:"format"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	switch {
	case probe.Format == nil:
		return nil, fmt.Errorf("%w: no \"format\" field", ErrFormat)
	case *probe.Format != FormatVersion:
		return nil, fmt.Errorf("%w: format %d, this build reads format %d", ErrFormat, *probe.Format, FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var a Artifact
	if err := dec.Decode(&a); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if a.Checksum == "" {
		return nil, fmt.Errorf("%w: no checksum", ErrChecksum)
	}
	want, err := a.ComputeChecksum()
	if err != nil {
		return nil, err
	}
	if a.Checksum != want {
		return nil, fmt.Errorf("%w: recorded %s, content hashes to %s: the file is damaged or was edited by hand", ErrChecksum, a.Checksum, want)
	}
	return &a, nil
}

// New validates a (not its checksum, see Load) and builds a model from it.
// The model keeps no reference to a.
func New(a *Artifact) (*Model, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	nf, nc := len(a.Features), len(a.Classes)
	m := &Model{
		name:     a.Name,
		version:  a.Version,
		checksum: a.Checksum,
		features: slices.Clone(a.Features),
		classes:  slices.Clone(a.Classes),
		training: a.Training,
		nf:       nf,
		nc:       nc,
		weights:  make([]float64, nc*nf),
		bias:     make([]float64, nc),
	}
	// w·((x-mean)/std) + b = Σ_j (w_j/std_j)·x_j + (b - Σ_j w_j·mean_j/std_j).
	// float64() conversions keep the compiler from fusing multiply-adds, so
	// results do not depend on the CPU architecture.
	for k := range nc {
		b := a.Bias[k]
		for j := range nf {
			w := a.Weights[k][j] / a.Scaling.Std[j]
			m.weights[k*nf+j] = w
			b -= float64(w * a.Scaling.Mean[j])
		}
		m.bias[k] = b
	}
	if err := m.checkFolded(); err != nil {
		return nil, err
	}
	return m, nil
}

// checkFolded rejects artifacts whose finite values overflow once folded
// (huge weights over tiny standard deviations).
func (m *Model) checkFolded() error {
	for _, v := range append(slices.Clone(m.weights), m.bias...) {
		if v-v != 0 {
			return fmt.Errorf("%w: weights overflow when combined with scaling", ErrValue)
		}
	}
	return nil
}

// Name returns the model's name.
func (m *Model) Name() string { return m.name }

// Version returns the model's semantic version.
func (m *Model) Version() string { return m.version }

// Checksum returns the artifact's checksum, "sha256:<hex>".
func (m *Model) Checksum() string { return m.checksum }

// Features returns a copy of the input feature names, in input order.
func (m *Model) Features() []string { return slices.Clone(m.features) }

// Classes returns a copy of the class labels, in output order.
func (m *Model) Classes() []string { return slices.Clone(m.classes) }

// NumFeatures returns the number of input features.
func (m *Model) NumFeatures() int { return m.nf }

// NumClasses returns the number of classes.
func (m *Model) NumClasses() int { return m.nc }

// Training returns the artifact's training record.
func (m *Model) Training() Training { return m.training }

// Metrics returns the quality figures recorded at training time.
func (m *Model) Metrics() Metrics {
	t := m.training
	return Metrics{
		TrainAccuracy: t.TrainAccuracy,
		TestAccuracy:  t.TestAccuracy,
		TestLogLoss:   t.TestLogLoss,
		TrainRows:     t.TrainRows,
		TestRows:      t.TestRows,
	}
}
