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
		{
			"parameters wherever the protocol allows them",
			`{"parameters":{"a":[1]},"inputs":[{"name":"input-0","shape":[1,4],"datatype":"INT64","parameters":{"b":null},"data":[-1,0,1,2]}],"outputs":[{"name":"class","parameters":{"c":"d"}}]}`,
			&Infer{Rows: 1, X: []float64{-1, 0, 1, 2}, Outputs: []string{"class"}},
		},
		{
			"white space and mixed nesting",
			" {\"inputs\" : [ {\"name\":\"input-0\",\"shape\":[2,4],\"datatype\":\"FP64\",\"data\":[ [1,2,3,4] , 5,6,7,8 ]} ] }\n",
			&Infer{Rows: 2, X: []float64{1, 2, 3, 4, 5, 6, 7, 8}, Outputs: OutputNames},
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
		{"empty body", ``, `body is empty`},
		{"malformed", `{"inputs":`, `truncated JSON`},
		{"syntax", `{"inputs":[}`, `malformed JSON at byte 12: invalid character '}'`},
		{"not an object", `[1,2,3,4]`, `request body: want an object, got an array`},
		{"trailing data", input("[1,4]", "FP32", "[1,2,3,4]") + `{}`, `unexpected data after the JSON object`},
		{"unknown field", `{"inputs":[],"extra":true}`, `unknown field "extra": the request takes`},
		{"unknown tensor field", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[1,2,3,4],"contents":{}}]}`, `unknown field "contents"`},
		{"parameters not an object", `{"inputs":[],"parameters":[1]}`, `field "parameters": want an object, got an array`},
		{"id not a string", `{"id":42,"inputs":[]}`, `field "id": want a string, got a number`},
		{"fractional shape", input("[1.5,4]", "FP32", "[1,2,3,4]"), `want an integer in the range of int64, got number 1.5`},
		{"datatype not a string", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":32,"data":[1,2,3,4]}]}`, `datatype": want a string, got a number`},
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
		{"null data", input("[1,4]", "FP32", "null"), `input "input-0" data: want an array of numbers, got null`},
		{"object data", input("[1,4]", "FP32", `{"a":1}`), `want an array of numbers, got an object`},
		{"trailing comma in data", input("[1,4]", "FP32", "[1,2,3,4,]"), `malformed JSON`},
		{"missing data", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32"}]}`, `input "input-0" data is missing: want an array of numbers`},
		{"string value", input("[1,4]", "FP32", `[1,"2",3,4]`), `input "input-0" data value 1: want a number, got a string`},
		{"object value", input("[2,4]", "FP32", `[[1,2,3,4],[5,{},7,8]]`), `value 5: want a number, got an object`},
		{"null value", input("[1,4]", "FP64", `[1,2,null,4]`), `value 2: want a number, got null`},
		{"bool value", input("[1,4]", "FP64", `[1,2,3,true]`), `value 3: want a number, got a boolean`},
		{"too deep", input("[1,4]", "FP64", `[[[1,2,3,4]]]`), `arrays nested deeper than the shape's 2 dimensions`},
		{"FP32 overflow", input("[1,4]", "FP32", `[1e39,2,3,4]`), `does not fit datatype FP32`},
		{"FP64 overflow", input("[1,4]", "FP64", `[1e400,2,3,4]`), `value 0: number 1e400 is out of range`},
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

func TestFlattenDataRejectsInvalidJSON(t *testing.T) {
	t.Parallel()

	// DecodeInfer never passes such data on; flattenData must still refuse it.
	_, err := flattenData([]byte(`[1,2,3,]`), 1, 4, datatypes[0])
	require.ErrorIs(t, err, ErrInvalidRequest)
	assert.ErrorContains(t, err, "malformed JSON")
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
