package model

import (
	"fmt"
	"math"
)

// Prediction is the model's answer for one row.
type Prediction struct {
	// Class is the index of the most probable class (the first on ties).
	Class int
	// Label is Classes()[Class].
	Label string
	// Probabilities holds one probability per class, summing to 1.
	Probabilities []float64
}

// PredictInto writes the class probabilities for the row x (NumFeatures raw
// feature values) into dst[:NumClasses] and returns the index of the most
// probable class. It does not allocate on success. On error it returns -1 and
// an error wrapping ErrFeatureCount, ErrBufferSize or ErrNonFinite.
func (m *Model) PredictInto(dst, x []float64) (int, error) {
	if len(x) != m.nf {
		return -1, &countError{sentinel: ErrFeatureCount, what: "features", want: m.nf, got: len(x)}
	}
	if len(dst) < m.nc {
		return -1, &countError{sentinel: ErrBufferSize, what: "probabilities", want: m.nc, got: len(dst)}
	}
	for j, v := range x {
		if v-v != 0 { // true for NaN and ±Inf only
			return -1, &valueError{index: j, msg: describe(v)}
		}
	}
	dst = dst[:m.nc]
	best, top := 0, math.Inf(-1)
	for k := range dst {
		s := m.bias[k]
		row := m.weights[k*m.nf : (k+1)*m.nf]
		for j, v := range x {
			s += float64(row[j] * v) // no fused multiply-add: same result on every CPU
		}
		if s-s != 0 {
			return -1, errOverflow
		}
		dst[k] = s
		if s > top {
			best, top = k, s
		}
	}
	// Softmax shifted by the largest score so that exp cannot overflow.
	var sum float64
	for k, s := range dst {
		e := math.Exp(s - top)
		dst[k] = e
		sum += e
	}
	for k := range dst {
		dst[k] /= sum
	}
	return best, nil
}

// errOverflow is returned when finite inputs are so large that a class score
// is not finite; it is pre-built because it carries no detail.
var errOverflow error = &valueError{index: -1, msg: "feature values too large: class scores overflow"}

func describe(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	if v > 0 {
		return "+Inf"
	}
	return "-Inf"
}

// Predict returns the prediction for one row of NumFeatures raw feature values.
func (m *Model) Predict(x []float64) (Prediction, error) {
	probs := make([]float64, m.nc)
	class, err := m.PredictInto(probs, x)
	if err != nil {
		return Prediction{}, err
	}
	return Prediction{Class: class, Label: m.classes[class], Probabilities: probs}, nil
}

// PredictBatch predicts every row; if a row is invalid it returns no
// predictions and an error naming the row's index. An empty batch gives an
// empty result.
func (m *Model) PredictBatch(rows [][]float64) ([]Prediction, error) {
	out := make([]Prediction, len(rows))
	probs := make([]float64, len(rows)*m.nc) // one allocation for all rows
	for i, x := range rows {
		p := probs[i*m.nc : (i+1)*m.nc : (i+1)*m.nc]
		class, err := m.PredictInto(p, x)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i, err)
		}
		out[i] = Prediction{Class: class, Label: m.classes[class], Probabilities: p}
	}
	return out, nil
}
