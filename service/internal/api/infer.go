package api

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Names and types of the tensors the v2 inference API exchanges.
const (
	// InputName is the one input tensor: shape [N, NumFeatures].
	InputName = "input-0"
	// OutputLabel is the predicted class name per row: BYTES [N].
	OutputLabel = "label"
	// OutputClass is the predicted class index per row: INT64 [N].
	OutputClass = "class"
	// OutputProbabilities is the class probabilities: FP64 [N, NumClasses].
	OutputProbabilities = "probabilities"
	// Platform is reported in the model metadata.
	Platform = "irisd-go"
)

// OutputNames lists the outputs in the order they are returned by default.
var OutputNames = []string{OutputLabel, OutputClass, OutputProbabilities}

// datatype is the value range of a numeric tensor datatype the API accepts.
type datatype struct {
	name     string
	min, max float64
	integral bool
}

// datatypes lists the accepted input datatypes; values must fit the type.
var datatypes = []datatype{
	{"FP64", -math.MaxFloat64, math.MaxFloat64, false},
	{"FP32", -math.MaxFloat32, math.MaxFloat32, false},
	{"INT8", math.MinInt8, math.MaxInt8, true},
	{"INT16", math.MinInt16, math.MaxInt16, true},
	{"INT32", math.MinInt32, math.MaxInt32, true},
	{"INT64", math.MinInt64, math.MaxInt64, true},
	{"UINT8", 0, math.MaxUint8, true},
	{"UINT16", 0, math.MaxUint16, true},
	{"UINT32", 0, math.MaxUint32, true},
	{"UINT64", 0, math.MaxUint64, true},
}

// InputDatatypes returns the names of the accepted input datatypes.
func InputDatatypes() []string {
	names := make([]string, len(datatypes))
	for i, d := range datatypes {
		names[i] = d.name
	}
	return names
}

// InferRequest is the v2 inference request body.
type InferRequest struct {
	ID         string                     `json:"id,omitempty"`
	Parameters map[string]json.RawMessage `json:"parameters,omitempty"`
	Inputs     []InferInput               `json:"inputs"`
	Outputs    []InferRequestedOutput     `json:"outputs,omitempty"`
}

// InferInput is one input tensor. Data is flat or nested, row-major.
type InferInput struct {
	Name       string                     `json:"name"`
	Shape      []int64                    `json:"shape"`
	Datatype   string                     `json:"datatype"`
	Parameters map[string]json.RawMessage `json:"parameters,omitempty"`
	Data       json.RawMessage            `json:"data"`
}

// InferRequestedOutput names an output the client wants; when a request
// names none, all of OutputNames are returned.
type InferRequestedOutput struct {
	Name       string                     `json:"name"`
	Parameters map[string]json.RawMessage `json:"parameters,omitempty"`
}

// InferResponse is the v2 inference response body.
type InferResponse struct {
	ModelName    string        `json:"model_name"`
	ModelVersion string        `json:"model_version,omitempty"`
	ID           string        `json:"id,omitempty"`
	Outputs      []InferOutput `json:"outputs"`
}

// InferOutput is one output tensor.
type InferOutput struct {
	Name     string  `json:"name"`
	Datatype string  `json:"datatype"`
	Shape    []int64 `json:"shape"`
	Data     any     `json:"data"`
}

// ServerMetadata is the body of GET /v2.
type ServerMetadata struct {
	Name       string   `json:"name"`
	Version    string   `json:"version"`
	Extensions []string `json:"extensions"`
}

// ModelMetadata is the body of GET /v2/models/{name}.
type ModelMetadata struct {
	Name     string           `json:"name"`
	Versions []string         `json:"versions"`
	Platform string           `json:"platform"`
	Inputs   []TensorMetadata `json:"inputs"`
	Outputs  []TensorMetadata `json:"outputs"`
}

// TensorMetadata describes a tensor; -1 in Shape is a variable dimension.
type TensorMetadata struct {
	Name     string  `json:"name"`
	Datatype string  `json:"datatype"`
	Shape    []int64 `json:"shape"`
}

// InferSpec is what DecodeInfer checks a request against.
type InferSpec struct {
	NumFeatures int
	MaxBatch    int
}

// Infer is a decoded, validated inference request.
type Infer struct {
	// ID is echoed in the response.
	ID string
	// Rows is the number of instances; X holds Rows*NumFeatures values.
	Rows int
	X    []float64
	// Outputs are the requested output names, in the order to return them.
	Outputs []string
}

// inferFields is what an unknown-field error offers instead. The protocol
// lets clients pass extensions only through "parameters" objects.
const inferFields = `the request takes "id", "parameters", "inputs" and "outputs"; ` +
	`a tensor takes "name", "shape", "datatype", "parameters" and "data"; pass extensions in "parameters"`

// DecodeInfer parses and validates a v2 inference request body with
// encoding/json. Errors wrap ErrInvalidRequest.
func DecodeInfer(body []byte, spec InferSpec) (*Infer, error) {
	var req InferRequest
	if err := decodeStrict(body, &req, inferFields); err != nil {
		return nil, err
	}
	if len(req.Inputs) != 1 {
		return nil, fmt.Errorf("%w: want exactly 1 input tensor %q, got %d", ErrInvalidRequest, InputName, len(req.Inputs))
	}
	in := req.Inputs[0]
	if in.Name != InputName {
		return nil, fmt.Errorf("%w: unknown input %q: want %q", ErrInvalidRequest, in.Name, InputName)
	}
	dt, ok := findDatatype(in.Datatype)
	if !ok {
		return nil, fmt.Errorf("%w: input %q: datatype %q is not supported: want one of %s",
			ErrInvalidRequest, InputName, in.Datatype, strings.Join(InputDatatypes(), ", "))
	}
	if len(in.Shape) != 2 || in.Shape[1] != int64(spec.NumFeatures) || in.Shape[0] < 1 {
		return nil, fmt.Errorf("%w: input %q: shape %v: want [N, %d] with N >= 1", ErrInvalidRequest, InputName, in.Shape, spec.NumFeatures)
	}
	if in.Shape[0] > int64(spec.MaxBatch) {
		return nil, fmt.Errorf("%w: input %q: %d rows exceed the batch limit of %d: split the batch", ErrInvalidRequest, InputName, in.Shape[0], spec.MaxBatch)
	}
	rows := int(in.Shape[0])
	x, err := flattenData(in.Data, len(in.Shape), rows*spec.NumFeatures, dt)
	if err != nil {
		return nil, err
	}
	outputs, err := requestedOutputs(req.Outputs)
	if err != nil {
		return nil, err
	}
	return &Infer{ID: req.ID, Rows: rows, X: x, Outputs: outputs}, nil
}

func findDatatype(name string) (datatype, bool) {
	for _, d := range datatypes {
		if d.name == name {
			return d, true
		}
	}
	return datatype{}, false
}

func requestedOutputs(req []InferRequestedOutput) ([]string, error) {
	if len(req) == 0 {
		return OutputNames, nil
	}
	names := make([]string, 0, len(req))
	for _, o := range req {
		if !slices.Contains(OutputNames, o.Name) {
			return nil, fmt.Errorf("%w: unknown output %q: want one of %s", ErrInvalidRequest, o.Name, strings.Join(OutputNames, ", "))
		}
		if slices.Contains(names, o.Name) {
			return nil, fmt.Errorf("%w: output %q requested twice", ErrInvalidRequest, o.Name)
		}
		names = append(names, o.Name)
	}
	return names, nil
}

// dataName names the input tensor's data in error messages.
var dataName = fmt.Sprintf("input %q data", InputName)

// flattenData reads tensor data, flat or nested up to maxDepth arrays, and
// returns exactly want values that fit dt.
func flattenData(raw json.RawMessage, maxDepth, want int, dt datatype) ([]float64, error) {
	switch kind := jsonKind(raw); kind {
	case kindArray:
	case kindNothing:
		return nil, fmt.Errorf("%w: %s is missing: want an array of numbers", ErrInvalidRequest, dataName)
	default:
		return nil, fmt.Errorf("%w: %s: want an array of numbers, got %s", ErrInvalidRequest, dataName, kind)
	}
	f := flattener{maxDepth: maxDepth, want: want, dt: dt, x: make([]float64, 0, want)}
	if err := f.appendArray(raw, 1); err != nil {
		return nil, err
	}
	if len(f.x) != want {
		return nil, fmt.Errorf("%w: %s: %d values, but the shape gives %d", ErrInvalidRequest, dataName, len(f.x), want)
	}
	return f.x, nil
}

// flattener collects the values of nested tensor data in row-major order.
type flattener struct {
	maxDepth, want int
	dt             datatype
	x              []float64
}

// appendArray appends the values of raw, a JSON array at nesting depth.
func (f *flattener) appendArray(raw json.RawMessage, depth int) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return describeJSONError(err, inferFields)
	}
	for _, item := range items {
		if jsonKind(item) == kindArray {
			if depth == f.maxDepth {
				return fmt.Errorf("%w: %s: arrays nested deeper than the shape's %d dimensions", ErrInvalidRequest, dataName, f.maxDepth)
			}
			if err := f.appendArray(item, depth+1); err != nil {
				return err
			}
			continue
		}
		if len(f.x) == f.want {
			return fmt.Errorf("%w: %s: more than the %d values the shape gives", ErrInvalidRequest, dataName, f.want)
		}
		v, problem := finiteNumber(item)
		if problem != "" {
			return fmt.Errorf("%w: %s value %d: %s", ErrInvalidRequest, dataName, len(f.x), problem)
		}
		if v < f.dt.min || v > f.dt.max || f.dt.integral && v != math.Trunc(v) {
			return fmt.Errorf("%w: %s value %d: %v does not fit datatype %s", ErrInvalidRequest, dataName, len(f.x), v, f.dt.name)
		}
		f.x = append(f.x, v)
	}
	return nil
}
