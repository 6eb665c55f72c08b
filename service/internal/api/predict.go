package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Field names of the /predict request.
const (
	FieldInstance  = "instance"
	FieldInstances = "instances"
)

// PredictRequest documents the /predict request body. DecodePredict reads it
// without reflection; this type exists for clients, docs and tests.
type PredictRequest struct {
	// Instance is one instance: an array of feature values in model order or
	// an object keyed by feature name.
	Instance json.RawMessage `json:"instance,omitempty"`
	// Instances is a batch of instances in the same forms.
	Instances []json.RawMessage `json:"instances,omitempty"`
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

// DecodePredict parses a /predict body. It appends the feature values of
// every instance, row-major, to dst[:0] and returns them with the number of
// instances. Errors wrap ErrInvalidRequest.
func DecodePredict(body []byte, spec PredictSpec, dst []float64) ([]float64, int, error) {
	s := scanner{b: body}
	x := dst[:0]
	if err := s.expect('{', locBody); err != nil {
		return nil, 0, err
	}
	n, seen := 0, ""
	for first := true; !s.consume('}'); first = false {
		if !first {
			if err := s.expect(',', locBody); err != nil {
				return nil, 0, err
			}
		}
		k, err := s.key(locBody)
		if err != nil {
			return nil, 0, err
		}
		if seen != "" && (string(k) == FieldInstance || string(k) == FieldInstances) {
			return nil, 0, fmt.Errorf("%w: give exactly one of %q and %q, not both or twice", ErrInvalidRequest, FieldInstance, FieldInstances)
		}
		switch string(k) { // assigning constants, not string(k), keeps this allocation-free
		case FieldInstance:
			seen = FieldInstance
		case FieldInstances:
			seen = FieldInstances
		default:
			return nil, 0, fmt.Errorf("%w: unknown field %q: want %q or %q", ErrInvalidRequest, k, FieldInstance, FieldInstances)
		}
		if seen == FieldInstance {
			x, err = decodeInstance(&s, spec.Features, x, int(locInstance))
			n = 1
		} else {
			x, n, err = decodeInstances(&s, spec, x)
		}
		if err != nil {
			return nil, 0, err
		}
	}
	if seen == "" {
		return nil, 0, fmt.Errorf("%w: missing %q or %q", ErrInvalidRequest, FieldInstance, FieldInstances)
	}
	if err := s.end(); err != nil {
		return nil, 0, err
	}
	return x, n, nil
}

func decodeInstances(s *scanner, spec PredictSpec, x []float64) ([]float64, int, error) {
	if err := s.expect('[', locInstances); err != nil {
		return nil, 0, err
	}
	if s.consume(']') {
		return nil, 0, fmt.Errorf("%w: %q is empty: give at least one instance", ErrInvalidRequest, FieldInstances)
	}
	n := 0
	for {
		if n == spec.MaxBatch {
			return nil, 0, fmt.Errorf("%w: %q has more than %d instances: split the batch", ErrInvalidRequest, FieldInstances, spec.MaxBatch)
		}
		var err error
		if x, err = decodeInstance(s, spec.Features, x, n); err != nil {
			return nil, 0, err
		}
		n++
		if s.consume(']') {
			return x, n, nil
		}
		if err := s.expect(',', locInstances); err != nil {
			return nil, 0, err
		}
	}
}

// InstanceName names instance i of a batch, or the single instance when i < 0,
// the way the request did.
func InstanceName(i int) string {
	if i < 0 {
		return FieldInstance
	}
	return loc(i).String()
}

// decodeInstance appends instance i (see InstanceName), given as an array or
// an object, to x.
func decodeInstance(s *scanner, features []string, x []float64, i int) ([]float64, error) {
	switch s.peek() {
	case '[':
		return decodeArrayInstance(s, features, x, i)
	case '{':
		return decodeObjectInstance(s, features, x, i)
	default:
		return nil, fmt.Errorf("%w: %s: want an array of %d numbers or an object keyed by feature name, got %s",
			ErrInvalidRequest, loc(i), len(features), s.found())
	}
}

func decodeArrayInstance(s *scanner, features []string, x []float64, i int) ([]float64, error) {
	s.i++ // '['
	for j := 0; ; j++ {
		if s.consume(']') {
			if j != len(features) {
				return nil, featureCountError(i, features, j)
			}
			return x, nil
		}
		if j > 0 {
			if err := s.expect(',', loc(i)); err != nil {
				return nil, err
			}
		}
		if j == len(features) {
			return nil, featureCountError(i, features, j+1)
		}
		f, problem := s.number()
		if problem != "" {
			return nil, fmt.Errorf("%w: %s: feature %d (%s): %s", ErrInvalidRequest, loc(i), j, features[j], problem)
		}
		x = append(x, f)
	}
}

func featureCountError(i int, features []string, got int) error {
	more := ""
	if got > len(features) {
		more = " or more"
	}
	return fmt.Errorf("%w: %s: want %d features (%s), got %d%s",
		ErrInvalidRequest, loc(i), len(features), strings.Join(features, ", "), got, more)
}

func decodeObjectInstance(s *scanner, features []string, x []float64, i int) ([]float64, error) {
	s.i++ // '{'
	if len(features) > 64 {
		return nil, fmt.Errorf("%w: %s: objects are supported for models of up to 64 features", ErrInvalidRequest, loc(i))
	}
	var seen uint64 // bit j is set once feature j is given
	base := len(x)
	x = append(x, make([]float64, len(features))...)
	for first := true; !s.consume('}'); first = false {
		if !first {
			if err := s.expect(',', loc(i)); err != nil {
				return nil, err
			}
		}
		k, err := s.key(loc(i))
		if err != nil {
			return nil, err
		}
		j := indexOf(features, k)
		if j < 0 {
			return nil, fmt.Errorf("%w: %s: unknown feature %q: want %s", ErrInvalidRequest, loc(i), k, strings.Join(features, ", "))
		}
		if seen&(1<<j) != 0 {
			return nil, fmt.Errorf("%w: %s: feature %q given twice", ErrInvalidRequest, loc(i), k)
		}
		seen |= 1 << j
		f, problem := s.number()
		if problem != "" {
			return nil, fmt.Errorf("%w: %s: %s: %s", ErrInvalidRequest, loc(i), features[j], problem)
		}
		x[base+j] = f
	}
	if missing := missingFeatures(features, seen); missing != "" {
		return nil, fmt.Errorf("%w: %s: missing feature %s", ErrInvalidRequest, loc(i), missing)
	}
	return x, nil
}

func indexOf(features []string, k []byte) int {
	for j, f := range features {
		if f == string(k) {
			return j
		}
	}
	return -1
}

func missingFeatures(features []string, seen uint64) string {
	var missing []string
	for j, f := range features {
		if seen&(1<<j) == 0 {
			missing = append(missing, f)
		}
	}
	return strings.Join(missing, ", ")
}

// PredictEncoder writes PredictResponse JSON without reflection. It is built
// once per model and safe for concurrent use.
type PredictEncoder struct {
	prefix []byte   // {"model":{...},"predictions":[
	labels [][]byte // {"label":"setosa","class":0,"probabilities":{   per class
	keys   [][]byte // "setosa":   per class
}

// NewPredictEncoder prepares the constant parts of the response.
func NewPredictEncoder(name, version string, classes []string) *PredictEncoder {
	e := &PredictEncoder{
		prefix: fmt.Appendf(nil, `{"model":{"name":%s,"version":%s},"predictions":[`, quote(name), quote(version)),
	}
	for i, c := range classes {
		e.labels = append(e.labels, fmt.Appendf(nil, `{"label":%s,"class":%d,"probabilities":{`, quote(c), i))
		e.keys = append(e.keys, fmt.Appendf(nil, `%s:`, quote(c)))
	}
	return e
}

// Append appends the response for the given predicted classes and their
// row-major class probabilities (len(classes) rows of NumClasses values).
func (e *PredictEncoder) Append(dst []byte, classes []int, probs []float64) []byte {
	k := len(e.keys)
	dst = append(dst, e.prefix...)
	for i, c := range classes {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, e.labels[c]...)
		for j, p := range probs[i*k : (i+1)*k] {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, e.keys[j]...)
			dst = strconv.AppendFloat(dst, p, 'g', -1, 64)
		}
		dst = append(dst, "}}"...)
	}
	return append(dst, "]}"...)
}

func quote(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}
