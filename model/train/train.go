package train

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
)

// Algorithm is recorded in the artifact's training.algorithm field.
const Algorithm = "softmax-regression/full-batch-gradient-descent/l2"

// DefaultVersion is the model version Train records unless told otherwise.
const DefaultVersion = "1.0.0"

// significantDigits is the precision of the stored parameters. Rounding
// keeps the artifact readable and makes it the same on CPUs whose math.Exp
// differs in the last bit.
const significantDigits = 10

// Config holds the training hyper-parameters and the split.
type Config struct {
	// Version is the semantic version recorded in the artifact.
	Version string
	// Seed selects the stratified train/test split.
	Seed int64
	// TestFraction is the share of each class held out for testing.
	TestFraction float64
	// Epochs is the number of full-batch gradient steps.
	Epochs int
	// LearningRate is the gradient step size.
	LearningRate float64
	// L2 is the weight of the penalty L2/2·‖W‖² (the bias is not penalised).
	L2 float64
}

// DefaultConfig returns the configuration of the committed artifact.
func DefaultConfig() Config {
	return Config{
		Version:      DefaultVersion,
		Seed:         42,
		TestFraction: 0.2,
		Epochs:       1000,
		LearningRate: 0.5,
		L2:           0.01,
	}
}

func (c Config) validate() error {
	switch {
	case c.Epochs <= 0:
		return fmt.Errorf("epochs %d: want > 0", c.Epochs)
	case !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 0):
		return fmt.Errorf("learning rate %v: want a finite number > 0", c.LearningRate)
	case !(c.L2 >= 0) || math.IsInf(c.L2, 0):
		return fmt.Errorf("l2 %v: want a finite number >= 0", c.L2)
	}
	return nil
}

// Train splits ds, fits the model on the training rows and returns the
// artifact with its training record and metrics filled in (Checksum is set
// by Artifact.Encode).
func Train(ds dataset.Dataset, cfg Config) (*model.Artifact, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("train.Train: %w", err)
	}
	trainSet, testSet, err := dataset.Split(ds, cfg.TestFraction, cfg.Seed)
	if err != nil {
		return nil, fmt.Errorf("train.Train: %w", err)
	}
	mean, std, err := scaling(trainSet.X)
	if err != nil {
		return nil, fmt.Errorf("train.Train: %w", err)
	}
	z := standardise(trainSet.X, mean, std)
	weights, bias := fit(z, trainSet.Y, len(ds.Classes), cfg)

	a := &model.Artifact{
		Format:   model.FormatVersion,
		Name:     model.Name,
		Version:  cfg.Version,
		Features: ds.Features,
		Classes:  ds.Classes,
		Scaling:  model.Scaling{Mean: roundAll(mean), Std: roundAll(std)},
		Weights:  make([][]float64, len(weights)),
		Bias:     roundAll(bias),
		Training: model.Training{
			Algorithm:    Algorithm,
			Seed:         cfg.Seed,
			TestFraction: cfg.TestFraction,
			Epochs:       cfg.Epochs,
			LearningRate: cfg.LearningRate,
			L2:           cfg.L2,
			TrainRows:    trainSet.Len(),
			TestRows:     testSet.Len(),
		},
	}
	for k, row := range weights {
		a.Weights[k] = roundAll(row)
	}

	// Metrics come from the stored (rounded) parameters through the same
	// prediction code the service runs, so the gate can reproduce them exactly.
	m, err := model.New(a)
	if err != nil {
		return nil, fmt.Errorf("train.Train: %w", err)
	}
	trainScore, err := Score(m, trainSet)
	if err != nil {
		return nil, fmt.Errorf("train.Train: training rows: %w", err)
	}
	testScore, err := Score(m, testSet)
	if err != nil {
		return nil, fmt.Errorf("train.Train: test rows: %w", err)
	}
	a.Training.TrainAccuracy = trainScore.Accuracy
	a.Training.TestAccuracy = testScore.Accuracy
	a.Training.TestLogLoss = round(testScore.LogLoss)
	return a, nil
}

// scaling returns the per-column mean and population standard deviation.
func scaling(x [][]float64) (mean, std []float64, err error) {
	if len(x) == 0 {
		return nil, nil, errors.New("no training rows")
	}
	nf := len(x[0])
	mean, std = make([]float64, nf), make([]float64, nf)
	n := float64(len(x))
	for _, row := range x {
		for j, v := range row {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= n
	}
	for _, row := range x {
		for j, v := range row {
			d := v - mean[j]
			std[j] += float64(d * d)
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / n)
		if std[j] == 0 {
			return nil, nil, fmt.Errorf("feature %d is constant in the training rows: it cannot be standardised", j)
		}
	}
	return mean, std, nil
}

func standardise(x [][]float64, mean, std []float64) [][]float64 {
	z := make([][]float64, len(x))
	for i, row := range x {
		z[i] = make([]float64, len(row))
		for j, v := range row {
			z[i][j] = (v - mean[j]) / std[j]
		}
	}
	return z
}

// fit minimises the mean cross-entropy + L2/2·‖W‖² by full-batch gradient
// descent from zero weights. The float64() conversions forbid fused
// multiply-adds, which some CPUs would otherwise use and round differently.
func fit(z [][]float64, y []int, nc int, cfg Config) (weights [][]float64, bias []float64) {
	nf := len(z[0])
	n := float64(len(z))
	weights, gradW := matrix(nc, nf), matrix(nc, nf)
	bias, gradB := make([]float64, nc), make([]float64, nc)
	p := make([]float64, nc)
	for range cfg.Epochs {
		for k := range nc {
			clear(gradW[k])
		}
		clear(gradB)
		for i, row := range z {
			for k := range nc {
				s := bias[k]
				for j, v := range row {
					s += float64(weights[k][j] * v)
				}
				p[k] = s
			}
			softmax(p)
			// d(cross-entropy)/d(score_k) = p_k - [k is the true class].
			p[y[i]] -= 1
			for k, g := range p {
				gradB[k] += g
				for j, v := range row {
					gradW[k][j] += float64(g * v)
				}
			}
		}
		for k := range nc {
			for j := range nf {
				g := gradW[k][j]/n + float64(cfg.L2*weights[k][j])
				weights[k][j] -= float64(cfg.LearningRate * g)
			}
			bias[k] -= float64(cfg.LearningRate * (gradB[k] / n))
		}
	}
	return weights, bias
}

// softmax turns scores into probabilities in place.
func softmax(s []float64) {
	top := math.Inf(-1)
	for _, v := range s {
		top = max(top, v)
	}
	var sum float64
	for k, v := range s {
		s[k] = math.Exp(v - top)
		sum += s[k]
	}
	for k := range s {
		s[k] /= sum
	}
}

func matrix(rows, cols int) [][]float64 {
	m := make([][]float64, rows)
	for i := range m {
		m[i] = make([]float64, cols)
	}
	return m
}

// round keeps significantDigits significant decimal digits of v.
func round(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', significantDigits, 64), 64)
	if err != nil { // cannot happen: FormatFloat output always parses
		panic(err)
	}
	return r
}

func roundAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = round(x)
	}
	return out
}
