package dataset

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
)

//go:embed iris.csv
var irisCSV []byte

// featureNames are the Iris measurements in file column order, all in cm.
var featureNames = []string{"sepal_length", "sepal_width", "petal_length", "petal_width"}

// maxPrealloc caps the capacity taken from a header's row count, so that a
// hostile header cannot make Parse allocate before any row has been read.
const maxPrealloc = 4096

// Dataset is a labelled table: X[i] holds the feature values of row i (in the
// order of Features) and Y[i] its class index into Classes.
type Dataset struct {
	Features []string
	Classes  []string
	X        [][]float64
	Y        []int
}

// Len returns the number of rows.
func (d Dataset) Len() int { return len(d.X) }

// FeatureNames returns the names of the Iris features in column order.
func FeatureNames() []string { return append([]string(nil), featureNames...) }

// CSV returns a copy of the embedded Iris CSV file.
func CSV() []byte { return bytes.Clone(irisCSV) }

// Iris parses the embedded Iris data set.
func Iris() (Dataset, error) {
	ds, err := Parse(bytes.NewReader(irisCSV))
	if err != nil {
		return Dataset{}, fmt.Errorf("dataset.Iris: embedded iris.csv: %w", err)
	}
	return ds, nil
}

// ParseError reports malformed input at a 1-based line and column (the
// column is the byte offset of the field within its line).
type ParseError struct {
	Line   int
	Column int
	Err    error
}

// Error implements error.
func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
}

// Unwrap returns the underlying cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an Iris-layout CSV: a header "rows,features,class names..."
// followed by exactly rows lines of features finite numbers and a class index.
// The header must declare as many features as FeatureNames. Every problem is
// reported as a *ParseError naming the line and column.
func Parse(r io.Reader) (Dataset, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // header and rows differ in width; checked below
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err != nil {
		return Dataset{}, csvError(err, "header")
	}
	rows, classes, err := parseHeader(cr, header)
	if err != nil {
		return Dataset{}, err
	}
	ds := Dataset{
		Features: FeatureNames(),
		Classes:  classes,
		X:        make([][]float64, 0, min(rows, maxPrealloc)),
		Y:        make([]int, 0, min(rows, maxPrealloc)),
	}
	width := len(featureNames) + 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Dataset{}, csvError(err, "row")
		}
		line, _ := cr.FieldPos(0)
		if ds.Len() == rows {
			return Dataset{}, &ParseError{Line: line, Column: 1,
				Err: fmt.Errorf("extra row: the header declares %d rows", rows)}
		}
		if len(rec) != width {
			return Dataset{}, &ParseError{Line: line, Column: 1,
				Err: fmt.Errorf("got %d fields, want %d (%d features and a class index)", len(rec), width, len(featureNames))}
		}
		x := make([]float64, len(featureNames))
		for j := range x {
			v, err := strconv.ParseFloat(rec[j], 64)
			if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
				err = errors.New("not a finite number")
			}
			if err != nil {
				return Dataset{}, fieldError(cr, j, fmt.Errorf("feature %s: %q: %w", featureNames[j], rec[j], unwrapNum(err)))
			}
			x[j] = v
		}
		y, err := strconv.Atoi(rec[width-1])
		if err != nil || y < 0 || y >= len(classes) {
			return Dataset{}, fieldError(cr, width-1,
				fmt.Errorf("class index %q: want an integer in [0, %d)", rec[width-1], len(classes)))
		}
		ds.X = append(ds.X, x)
		ds.Y = append(ds.Y, y)
	}
	if ds.Len() != rows {
		line, _ := cr.FieldPos(0)
		return Dataset{}, &ParseError{Line: line + 1, Column: 1,
			Err: fmt.Errorf("unexpected end of data: got %d rows, the header declares %d", ds.Len(), rows)}
	}
	return ds, nil
}

// parseHeader checks the header record and returns its row count and a copy
// of its class names.
func parseHeader(cr *csv.Reader, header []string) (int, []string, error) {
	if len(header) < 4 {
		return 0, nil, fieldError(cr, 0,
			fmt.Errorf("header has %d fields, want rows,features and at least two class names", len(header)))
	}
	rows, err := strconv.Atoi(header[0])
	if err != nil || rows <= 0 {
		return 0, nil, fieldError(cr, 0, fmt.Errorf("header row count %q: want a positive integer", header[0]))
	}
	features, err := strconv.Atoi(header[1])
	if err != nil || features != len(featureNames) {
		return 0, nil, fieldError(cr, 1,
			fmt.Errorf("header feature count %q: want %d (%v)", header[1], len(featureNames), featureNames))
	}
	classes := make([]string, 0, len(header)-2)
	seen := make(map[string]bool, len(header)-2)
	for i, name := range header[2:] {
		switch {
		case name == "":
			return 0, nil, fieldError(cr, i+2, errors.New("empty class name"))
		case seen[name]:
			return 0, nil, fieldError(cr, i+2, fmt.Errorf("duplicate class name %q", name))
		}
		seen[name] = true
		classes = append(classes, name)
	}
	return rows, classes, nil
}

// fieldError places err at field i of the record last read.
func fieldError(cr *csv.Reader, i int, err error) error {
	line, col := cr.FieldPos(i)
	return &ParseError{Line: line, Column: col, Err: err}
}

// csvError turns an error of the csv reader into a *ParseError.
func csvError(err error, what string) error {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return &ParseError{Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	if errors.Is(err, io.EOF) {
		return &ParseError{Line: 1, Column: 1, Err: fmt.Errorf("empty input: want a %s", what)}
	}
	return fmt.Errorf("read %s: %w", what, err) // the reader failed, not the data
}

// unwrapNum drops strconv's repetition of the input from a number error.
func unwrapNum(err error) error {
	if ne, ok := errors.AsType[*strconv.NumError](err); ok {
		return ne.Err
	}
	return err
}
