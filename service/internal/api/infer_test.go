package api

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testInferSpec = InferSpec{NumFeatures: 4, MaxBatch: 3}

func TestDecodeInferValid(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name      string
		givenBody string
		expect    *Infer
	}{
		{
			"flat FP32 with id",
			`{"id":"42","inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}`,
			&Infer{ID: "42", Rows: 1, X: []float64{5.1, 3.5, 1.4, 0.2}, Outputs: OutputNames},
		},
		{
			"nested FP64 batch",
			`{"inputs":[{"name":"input-0","shape":[2,4],"datatype":"FP64","data":[[1,2,3,4],[5,6,7,8]]}]}`,
			&Infer{Rows: 2, X: []float64{1, 2, 3, 4, 5, 6, 7, 8}, Outputs: OutputNames},
		},
		{
			"integers and requested outputs",
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"UINT8","data":[1,2,3,255]}],"outputs":[{"name":"probabilities"},{"name":"label"}],"parameters":{"x":1}}`,
			&Infer{Rows: 1, X: []float64{1, 2, 3, 255}, Outputs: []string{"probabilities", "label"}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			got, err := DecodeInfer([]byte(tc.givenBody), testInferSpec)
			require.NoError(t, err)
			if diff := cmp.Diff(tc.expect, got); diff != "" {
				t.Errorf("DecodeInfer mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeInferInvalid(t *testing.T) {
	t.Parallel()

	input := func(shape, datatype, data string) string {
		return `{"inputs":[{"name":"input-0","shape":` + shape + `,"datatype":"` + datatype + `","data":` + data + `}]}`
	}
	cases := []struct {
		name         string
		givenBody    string
		expectSubstr string
	}{
		{"empty body", ``, `empty or truncated`},
		{"malformed", `{"inputs":`, `empty or truncated`},
		{"syntax", `{"inputs":[}`, `malformed JSON`},
		{"trailing data", input("[1,4]", "FP32", "[1,2,3,4]") + `{}`, `unexpected data after`},
		{"unknown field", `{"inputs":[],"extra":true}`, `unknown field "extra"`},
		{"id not a string", `{"id":42,"inputs":[]}`, `field "id"`},
		{"no inputs", `{"inputs":[]}`, `want exactly 1 input tensor "input-0", got 0`},
		{"two inputs", `{"inputs":[{"name":"input-0"},{"name":"input-0"}]}`, `got 2`},
		{"wrong input name", `{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}`, `unknown input "x"`},
		{"unsupported datatype", input("[1,4]", "BYTES", `["a","b","c","d"]`), `datatype "BYTES" is not supported`},
		{"rank 1 shape", input("[4]", "FP32", "[1,2,3,4]"), `shape [4]: want [N, 4]`},
		{"wrong width", input("[1,3]", "FP32", "[1,2,3]"), `want [N, 4]`},
		{"zero rows", input("[0,4]", "FP32", "[]"), `N >= 1`},
		{"negative rows", input("[-1,4]", "FP32", "[1,2,3,4]"), `N >= 1`},
		{"over batch limit", input("[4,4]", "FP32", "[]"), `4 rows exceed the batch limit of 3`},
		{"too few values", input("[2,4]", "FP32", "[1,2,3,4]"), `4 values, but the shape gives 8`},
		{"too many values", input("[1,4]", "FP32", "[1,2,3,4,5]"), `more than the 4 values`},
		{"null data", input("[1,4]", "FP32", "null"), `want an array, got null`},
		{"missing data", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32"}]}`, `want an array, got end of input`},
		{"string value", input("[1,4]", "FP32", `[1,"2",3,4]`), `value 1: want a number, got a string`},
		{"null value", input("[1,4]", "FP64", `[1,2,null,4]`), `got null`},
		{"bool value", input("[1,4]", "FP64", `[1,2,3,true]`), `got a boolean`},
		{"too deep", input("[1,4]", "FP64", `[[[1,2,3,4]]]`), `nested deeper`},
		{"FP32 overflow", input("[1,4]", "FP32", `[1e39,2,3,4]`), `does not fit datatype FP32`},
		{"FP64 overflow", input("[1,4]", "FP64", `[1e400,2,3,4]`), `out of range`},
		{"fraction in INT32", input("[1,4]", "INT32", `[1.5,2,3,4]`), `does not fit datatype INT32`},
		{"negative UINT8", input("[1,4]", "UINT8", `[-1,2,3,4]`), `does not fit datatype UINT8`},
		{"INT8 overflow", input("[1,4]", "INT8", `[128,2,3,4]`), `does not fit datatype INT8`},
		{"unknown output", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"logits"}]}`, `unknown output "logits"`},
		{"repeated output", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"label"},{"name":"label"}]}`, `requested twice`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			_, err := DecodeInfer([]byte(tc.givenBody), testInferSpec)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalidRequest)
			assert.Contains(t, err.Error(), tc.expectSubstr)
		})
	}
}

func TestFlattenDataRejectsTrailingComma(t *testing.T) {
	t.Parallel()

	// encoding/json never passes such data on; the scanner must still refuse it.
	_, err := flattenData([]byte(`[1,2,3,]`), 1, 4, datatypes[0])
	assert.ErrorContains(t, err, "want a value after ','")
}

func TestStatusCode(t *testing.T) {
	t.Parallel()

	cases := []struct {
		given  error
		expect int
	}{
		{ErrInvalidRequest, 400},
		{ErrUnsupportedMediaType, 415},
		{ErrBodyTooLarge, 413},
		{ErrModelNotFound, 404},
		{ErrNotReady, 503},
		{assert.AnError, 500},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.expect, StatusCode(tc.given), "StatusCode(%v)", tc.given)
	}
}
