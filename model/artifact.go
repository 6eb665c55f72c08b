package model

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
)

// FormatVersion is the artifact format this package reads and writes.
// Bump it for any change a format-1 reader would misread.
const FormatVersion = 1

// Name is the name of the Iris logistic-regression model.
const Name = "iris-logreg"

// ArtifactSource is the committed artifact, relative to the repository root;
// Embedded serves the same file. The ci/pkg/buildspec ModelSource constant
// must agree (checked by a test).
const ArtifactSource = "model/artifacts/iris.json"

// checksumPrefix names the hash function of Artifact.Checksum.
const checksumPrefix = "sha256:"

// Artifact is the JSON document of a trained model (see FORMAT.md).
type Artifact struct {
	// Format is the artifact format version, FormatVersion.
	Format int `json:"format"`
	// Name identifies the model family, e.g. "iris-logreg".
	Name string `json:"name"`
	// Version is the model's semantic version, MAJOR.MINOR.PATCH[-pre].
	Version string `json:"version"`
	// Features are the input feature names, in input order.
	Features []string `json:"features"`
	// Classes are the class labels, in output order.
	Classes []string `json:"classes"`
	// Scaling standardises each feature before the linear layer.
	Scaling Scaling `json:"scaling"`
	// Weights[k][j] is the weight of standardised feature j for class k.
	Weights [][]float64 `json:"weights"`
	// Bias[k] is the intercept of class k.
	Bias []float64 `json:"bias"`
	// Training records how the model was trained and how well it did.
	Training Training `json:"training"`
	// Checksum is "sha256:<hex>" over the canonical JSON of the artifact
	// with Checksum empty; see ComputeChecksum.
	Checksum string `json:"checksum"`
}

// Scaling holds the per-feature mean and standard deviation of the training
// rows; a feature x_j enters the model as (x_j - Mean[j]) / Std[j].
type Scaling struct {
	Mean []float64 `json:"mean"`
	Std  []float64 `json:"std"`
}

// Training is the training record: hyper-parameters, split and metrics.
type Training struct {
	// Algorithm names how the weights were fitted.
	Algorithm string `json:"algorithm"`
	// Seed and TestFraction reproduce the stratified split (dataset.Split).
	Seed         int64   `json:"seed"`
	TestFraction float64 `json:"test_fraction"`
	// Epochs, LearningRate and L2 are the gradient descent hyper-parameters.
	Epochs       int     `json:"epochs"`
	LearningRate float64 `json:"learning_rate"`
	L2           float64 `json:"l2"`
	// TrainRows and TestRows are the sizes of the two splits.
	TrainRows int `json:"train_rows"`
	TestRows  int `json:"test_rows"`
	// TrainAccuracy, TestAccuracy and TestLogLoss (mean cross-entropy) are
	// measured with the stored parameters.
	TrainAccuracy float64 `json:"train_accuracy"`
	TestAccuracy  float64 `json:"test_accuracy"`
	TestLogLoss   float64 `json:"test_log_loss"`
}

// ComputeChecksum returns "sha256:<hex>" of the canonical JSON of a: the
// compact encoding/json form of the document with Checksum set to "". It
// covers the values, not the file's layout, so re-indenting a file keeps it valid.
func (a *Artifact) ComputeChecksum() (string, error) {
	c := *a
	c.Checksum = ""
	b, err := json.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("model.ComputeChecksum: json.Marshal: %w", err)
	}
	sum := sha256.Sum256(b)
	return checksumPrefix + hex.EncodeToString(sum[:]), nil
}

// Encode validates a, sets its Checksum and writes it as indented JSON with a
// trailing newline; the same artifact always gives the same bytes.
func (a *Artifact) Encode(w io.Writer) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("model.Encode: %w", err)
	}
	sum, err := a.ComputeChecksum()
	if err != nil {
		return err
	}
	a.Checksum = sum
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return fmt.Errorf("model.Encode: json.MarshalIndent: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("model.Encode: write: %w", err)
	}
	return nil
}
