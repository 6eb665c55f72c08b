package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Field names of the /predict request.
const (
	FieldInstance  = "instance"
	FieldInstances = "instances"
)

// predictRequest is the /predict request body as DecodePredict reads it:
// each field keeps its raw value for a second pass that knows the instance
// forms, and refuses to be given twice. The tags must match FieldInstance
// and FieldInstances (TestPredictRequestTags checks).
type predictRequest struct {
	// Instance is one instance: an array of feature values in model order or
	// an object keyed by feature name.
	Instance onceValue `json:"instance"`
	// Instances is a batch of instances in the same forms.
	Instances onceValue `json:"instances"`
}

// PredictResponse is the /predict response body.
type PredictResponse struct {
	Model       ModelRef     `json:"model"`
	Predictions []Prediction `json:"predictions"`
}

// ModelRef names the model that answered.
type ModelRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Prediction is the model's answer for one instance.
type Prediction struct {
	// Label is the predicted class name.
	Label string `json:"label"`
	// Class is the index of Label in the model's classes.
	Class int `json:"class"`
	// Probabilities maps every class name to its probability.
	Probabilities map[string]float64 `json:"probabilities"`
}

// PredictSpec is what DecodePredict checks a request against.
type PredictSpec struct {
	// Features are the model's feature names in order.
	Features []string
	// MaxBatch is the largest number of instances accepted.
	MaxBatch int
}

// predictFields is what an unknown-field error offers instead.
var predictFields = fmt.Sprintf("want %q or %q", FieldInstance, FieldInstances)

// DecodePredict parses a /predict body with encoding/json. It appends the
// feature values of every instance, row-major, to dst[:0] and returns them
// with the number of instances. Errors wrap ErrInvalidRequest.
func DecodePredict(body []byte, spec PredictSpec, dst []float64) ([]float64, int, error) {
	var req predictRequest
	if err := decodeStrict(body, &req, predictFields); err != nil {
		if errors.Is(err, errRepeatedField) {
			return nil, 0, bothOrTwiceError()
		}
		return nil, 0, err
	}
	switch {
	case req.Instance.given() && req.Instances.given():
		return nil, 0, bothOrTwiceError()
	case req.Instance.given():
		x, err := decodeInstance(req.Instance.raw, spec.Features, dst[:0], -1)
		if err != nil {
			return nil, 0, err
		}
		return x, 1, nil
	case req.Instances.given():
		return decodeInstances(req.Instances.raw, spec, dst[:0])
	default:
		return nil, 0, fmt.Errorf("%w: missing %q or %q", ErrInvalidRequest, FieldInstance, FieldInstances)
	}
}

func bothOrTwiceError() error {
	return fmt.Errorf("%w: give exactly one of %q and %q, not both or twice", ErrInvalidRequest, FieldInstance, FieldInstances)
}

func decodeInstances(raw json.RawMessage, spec PredictSpec, x []float64) ([]float64, int, error) {
	if kind := jsonKind(raw); kind != kindArray {
		return nil, 0, fmt.Errorf("%w: %q: want an array of instances, got %s", ErrInvalidRequest, FieldInstances, kind)
	}
	var instances []json.RawMessage
	if err := json.Unmarshal(raw, &instances); err != nil {
		return nil, 0, describeJSONError(err, predictFields)
	}
	switch {
	case len(instances) == 0:
		return nil, 0, fmt.Errorf("%w: %q is empty: give at least one instance", ErrInvalidRequest, FieldInstances)
	case len(instances) > spec.MaxBatch:
		return nil, 0, fmt.Errorf("%w: %q has more than %d instances (got %d): split the batch",
			ErrInvalidRequest, FieldInstances, spec.MaxBatch, len(instances))
	}
	for i, inst := range instances {
		var err error
		if x, err = decodeInstance(inst, spec.Features, x, i); err != nil {
			return nil, 0, err
		}
	}
	return x, len(instances), nil
}

// InstanceName names instance i of a batch, or the single instance when i < 0,
// the way the request did.
func InstanceName(i int) string {
	if i < 0 {
		return FieldInstance
	}
	return FieldInstances + "[" + strconv.Itoa(i) + "]"
}

// decodeInstance appends instance i (see InstanceName), given as an array or
// an object, to x.
func decodeInstance(raw json.RawMessage, features []string, x []float64, i int) ([]float64, error) {
	switch kind := jsonKind(raw); kind {
	case kindArray:
		return decodeArrayInstance(raw, features, x, i)
	case kindObject:
		return decodeObjectInstance(raw, features, x, i)
	default:
		return nil, fmt.Errorf("%w: %s: want an array of %d numbers or an object keyed by feature name, got %s",
			ErrInvalidRequest, InstanceName(i), len(features), kind)
	}
}

func decodeArrayInstance(raw json.RawMessage, features []string, x []float64, i int) ([]float64, error) {
	var values []numberValue
	if err := json.Unmarshal(raw, &values); err != nil {
		return nil, describeJSONError(err, predictFields)
	}
	if len(values) != len(features) {
		return nil, fmt.Errorf("%w: %s: want %d features (%s), got %d",
			ErrInvalidRequest, InstanceName(i), len(features), strings.Join(features, ", "), len(values))
	}
	for j, v := range values {
		if v.problem != "" {
			return nil, fmt.Errorf("%w: %s: feature %d (%s): %s", ErrInvalidRequest, InstanceName(i), j, features[j], v.problem)
		}
		x = append(x, v.v)
	}
	return x, nil
}

// decodeObjectInstance reads the object's members as a token stream rather
// than into a map, so that a feature given twice is caught, not overwritten.
func decodeObjectInstance(raw json.RawMessage, features []string, x []float64, i int) ([]float64, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // the opening '{'
		return nil, describeJSONError(err, predictFields)
	}
	seen := make([]bool, len(features))
	base := len(x)
	x = append(x, make([]float64, len(features))...)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, describeJSONError(err, predictFields)
		}
		key, _ := tok.(string) // in an object, every other token is a key
		j := slices.Index(features, key)
		if j < 0 {
			return nil, fmt.Errorf("%w: %s: unknown feature %q: want %s", ErrInvalidRequest, InstanceName(i), key, strings.Join(features, ", "))
		}
		if seen[j] {
			return nil, fmt.Errorf("%w: %s: feature %q given twice", ErrInvalidRequest, InstanceName(i), key)
		}
		seen[j] = true
		var v numberValue
		if err := dec.Decode(&v); err != nil {
			return nil, describeJSONError(err, predictFields)
		}
		if v.problem != "" {
			return nil, fmt.Errorf("%w: %s: %s: %s", ErrInvalidRequest, InstanceName(i), key, v.problem)
		}
		x[base+j] = v.v
	}
	var missing []string
	for j, f := range features {
		if !seen[j] {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: %s: missing feature %s", ErrInvalidRequest, InstanceName(i), strings.Join(missing, ", "))
	}
	return x, nil
}

// NewPredictResponse builds the /predict response for the predicted class of
// each instance and the row-major class probabilities (one row of
// len(classNames) values per instance). encoding/json writes the
// probabilities object with its keys sorted by class name.
func NewPredictResponse(model ModelRef, classNames []string, predicted []int, probs []float64) PredictResponse {
	k := len(classNames)
	resp := PredictResponse{Model: model, Predictions: make([]Prediction, len(predicted))}
	for i, c := range predicted {
		p := make(map[string]float64, k)
		for j, name := range classNames {
			p[name] = probs[i*k+j]
		}
		resp.Predictions[i] = Prediction{Label: classNames[c], Class: c, Probabilities: p}
	}
	return resp
}
