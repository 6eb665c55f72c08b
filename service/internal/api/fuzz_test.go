package api

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// FuzzDecodePredict checks that DecodePredict never panics, fails only with
// ErrInvalidRequest, and accepts only valid JSON that yields whole, finite rows.
func FuzzDecodePredict(f *testing.F) {
	f.Add([]byte(`{"instance":[5.1,3.5,1.4,0.2]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		x, n, err := DecodePredict(body, testSpec, nil)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("error does not wrap ErrInvalidRequest: %v", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if n < 1 || n > testSpec.MaxBatch || len(x) != n*len(testSpec.Features) {
			t.Fatalf("accepted %d instances with %d values", n, len(x))
		}
		for _, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("accepted non-finite value %v", v)
			}
		}
	})
}

// FuzzDecodeInfer checks the same properties for DecodeInfer.
func FuzzDecodeInfer(f *testing.F) {
	f.Add([]byte(`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := DecodeInfer(body, testInferSpec)
		if err != nil {
			if !errors.Is(err, ErrInvalidRequest) {
				t.Fatalf("error does not wrap ErrInvalidRequest: %v", err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		if req.Rows < 1 || req.Rows > testInferSpec.MaxBatch || len(req.X) != req.Rows*testInferSpec.NumFeatures {
			t.Fatalf("accepted %d rows with %d values", req.Rows, len(req.X))
		}
		if len(req.Outputs) == 0 {
			t.Fatal("accepted a request with no outputs to return")
		}
		for _, v := range req.X {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("accepted non-finite value %v", v)
			}
		}
	})
}
