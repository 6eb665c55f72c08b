package train

import (
	"errors"
	"fmt"
	"math"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
)

// minProb bounds probabilities away from 0 in the log-loss, so that one
// confident mistake gives a large but finite loss.
const minProb = 1e-15

// Scores are the quality figures of a model on a labelled set.
type Scores struct {
	Rows     int
	Accuracy float64 // share of rows whose most probable class is the label
	LogLoss  float64 // mean -ln(probability of the label)
}

// Score predicts every row of ds with m and measures accuracy and log-loss.
func Score(m *model.Model, ds dataset.Dataset) (Scores, error) {
	if ds.Len() == 0 {
		return Scores{}, errors.New("train.Score: no rows")
	}
	probs := make([]float64, m.NumClasses())
	var correct int
	var loss float64
	for i, x := range ds.X {
		class, err := m.PredictInto(probs, x)
		if err != nil {
			return Scores{}, fmt.Errorf("train.Score: row %d: %w", i, err)
		}
		y := ds.Y[i]
		if y < 0 || y >= len(probs) {
			return Scores{}, fmt.Errorf("train.Score: row %d: label %d out of range [0, %d)", i, y, len(probs))
		}
		if class == y {
			correct++
		}
		loss -= math.Log(max(probs[y], minProb))
	}
	n := float64(ds.Len())
	return Scores{Rows: ds.Len(), Accuracy: float64(correct) / n, LogLoss: loss / n}, nil
}
