package dataset

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// splitStream is the PCG stream selector; with the seed it fixes the sequence.
const splitStream = 0x1815_0000_0000_0001

// Split divides ds into a training and a test set, stratified by class: each
// class contributes round(testFraction × its size) rows to the test set, and
// at least one row to each set. Both sets keep the rows in their original order.
//
// The rows are chosen by a Fisher–Yates shuffle driven by a seeded PCG
// generator written out here (not rand.Shuffle, whose algorithm the standard
// library does not promise to keep), so a seed gives the same split on every
// Go version and platform.
func Split(ds Dataset, testFraction float64, seed int64) (train, test Dataset, err error) {
	if !(testFraction > 0 && testFraction < 1) {
		return Dataset{}, Dataset{}, fmt.Errorf("dataset.Split: test fraction %v: want a number strictly between 0 and 1", testFraction)
	}
	if len(ds.X) != len(ds.Y) {
		return Dataset{}, Dataset{}, fmt.Errorf("dataset.Split: %d feature rows but %d labels", len(ds.X), len(ds.Y))
	}
	byClass := make([][]int, len(ds.Classes))
	for i, y := range ds.Y {
		if y < 0 || y >= len(ds.Classes) {
			return Dataset{}, Dataset{}, fmt.Errorf("dataset.Split: row %d: class index %d out of range [0, %d)", i, y, len(ds.Classes))
		}
		byClass[y] = append(byClass[y], i)
	}
	rng := rand.NewPCG(uint64(seed), splitStream) //nolint:gosec // the seed's bits, reinterpreted: any value is a valid seed
	inTest := make([]bool, len(ds.Y))
	for c, rows := range byClass {
		n := int(math.Round(testFraction * float64(len(rows))))
		if n < 1 || n >= len(rows) {
			return Dataset{}, Dataset{}, fmt.Errorf("dataset.Split: class %q has %d rows: a test fraction of %v leaves one of the sets without it",
				ds.Classes[c], len(rows), testFraction)
		}
		shuffle(rng, rows)
		for _, i := range rows[:n] {
			inTest[i] = true
		}
	}
	var trainIdx, testIdx []int
	for i, t := range inTest {
		if t {
			testIdx = append(testIdx, i)
		} else {
			trainIdx = append(trainIdx, i)
		}
	}
	return ds.subset(trainIdx), ds.subset(testIdx), nil
}

// shuffle permutes s in place (Fisher–Yates). Taking the draw modulo i+1
// biases it by at most (i+1)/2^64, which is immaterial for a data split.
func shuffle(rng *rand.PCG, s []int) {
	for i := len(s) - 1; i > 0; i-- {
		j := int(rng.Uint64() % uint64(i+1)) //nolint:gosec // the remainder is at most i, so it fits an int
		s[i], s[j] = s[j], s[i]
	}
}

// subset returns the given rows; the row slices are copied so that callers
// cannot change ds through the result.
func (d Dataset) subset(idx []int) Dataset {
	out := Dataset{
		Features: slices.Clone(d.Features),
		Classes:  slices.Clone(d.Classes),
		X:        make([][]float64, len(idx)),
		Y:        make([]int, len(idx)),
	}
	for k, i := range idx {
		out.X[k] = slices.Clone(d.X[i])
		out.Y[k] = d.Y[i]
	}
	return out
}
