package dataset_test

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"github.com/irisinfer/irisinfer/model/dataset"
)

// FuzzParse checks that Parse never panics, that every error it returns for
// in-memory input is a *ParseError with a position, and that what it accepts
// is a consistent data set. Seeds live in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(dataset.CSV())
	f.Fuzz(func(t *testing.T, data []byte) {
		ds, err := dataset.Parse(bytes.NewReader(data))
		if err != nil {
			pe, ok := errors.AsType[*dataset.ParseError](err)
			if !ok {
				t.Fatalf("error is %T, want *ParseError: %v", err, err)
			}
			if pe.Line < 1 || pe.Column < 1 {
				t.Fatalf("error without a position: %v", err)
			}
			return
		}
		if len(ds.X) != len(ds.Y) || ds.Len() == 0 {
			t.Fatalf("inconsistent data set: %d rows, %d labels", len(ds.X), len(ds.Y))
		}
		for i, x := range ds.X {
			if len(x) != len(ds.Features) {
				t.Fatalf("row %d has %d values, want %d", i, len(x), len(ds.Features))
			}
			for _, v := range x {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("row %d holds a non-finite value", i)
				}
			}
			if ds.Y[i] < 0 || ds.Y[i] >= len(ds.Classes) {
				t.Fatalf("row %d: class %d out of range", i, ds.Y[i])
			}
		}
	})
}
