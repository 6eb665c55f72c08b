// Package model loads and runs the Iris classifier: a multinomial logistic
// regression (softmax) over four flower measurements in cm, predicting one
// of three species.
//
// # Lifecycle
//
// The model is trained by package model/train on the data set in
// model/dataset (go run ./model/cmd/train), written as a versioned JSON
// artifact (model/artifacts/iris.json, committed), checked by the quality
// gate (go run ./model/cmd/evaluate) and served through this package:
// Load or LoadFile read an artifact and verify it, Embedded returns the
// committed one compiled into the binary, and Predict, PredictBatch and the
// allocation-free PredictInto compute class probabilities.
//
// # Artifact format (FormatVersion 1)
//
// The artifact is one JSON object, written with two-space indentation and a
// trailing newline (see FORMAT.md for the full description):
//
//	format    int       1 (FormatVersion); readers reject any other value
//	name      string    model name, "iris-logreg"; not empty
//	version   string    semantic version MAJOR.MINOR.PATCH[-pre]
//	features  []string  input feature names, in input order
//	classes   []string  class labels, in output order
//	scaling   {mean, std []float64}  one per feature; std > 0
//	weights   [][]float64  [class][feature], for standardised features
//	bias      []float64    one per class
//	training  {algorithm, seed, test_fraction, epochs, learning_rate, l2,
//	           train_rows, test_rows, train_accuracy, test_accuracy,
//	           test_log_loss}
//	checksum  string    "sha256:<hex>" of the canonical JSON (compact
//	                    encoding/json output, fields in this order) of the
//	                    document with checksum set to ""
//
// For a row x, class k scores z_k = bias[k] + Σ_j weights[k][j]·(x_j −
// mean[j]) / std[j], and the probabilities are softmax(z).
//
// # Errors
//
// Loading fails with an error wrapping ErrMalformed, ErrFormat, ErrChecksum,
// ErrShape, ErrValue or ErrMetadata; prediction with ErrFeatureCount,
// ErrNonFinite or ErrBufferSize. Use errors.Is to tell them apart.
package model
