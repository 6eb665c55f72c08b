package server

import (
	"errors"
	"fmt"
	"math"
)

// verifyModel runs one prediction on an all-zero row and checks that the
// result is a probability distribution over the model's classes, so a model
// that loads but cannot predict never reports ready.
func verifyModel(m Model) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("prediction panicked: %v", r)
		}
	}()
	nf, nc := len(m.Features()), len(m.Classes())
	if nf == 0 || nc < 2 {
		return fmt.Errorf("model has %d features and %d classes: want at least 1 and 2", nf, nc)
	}
	probs := make([]float64, nc)
	class, err := m.PredictInto(probs, make([]float64, nf))
	if err != nil {
		return fmt.Errorf("PredictInto: %w", err)
	}
	if class < 0 || class >= nc {
		return fmt.Errorf("predicted class %d is outside 0..%d", class, nc-1)
	}
	sum := 0.0
	for _, p := range probs {
		if math.IsNaN(p) || p < 0 || p > 1 {
			return fmt.Errorf("probability %v is outside [0, 1]", p)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		return errors.New("probabilities do not sum to 1")
	}
	return nil
}
