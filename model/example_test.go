package model_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/model/dataset"
	"github.com/irisinfer/irisinfer/model/train"
)

// Example walks from training to prediction: train on the embedded Iris data,
// write the artifact, load it back (verifying its checksum) and classify a flower.
func Example() {
	ds, err := dataset.Iris()
	if err != nil {
		log.Fatal(err)
	}
	artifact, err := train.Train(ds, train.DefaultConfig())
	if err != nil {
		log.Fatal(err)
	}
	var file bytes.Buffer // a real program writes model/artifacts/iris.json
	if err := artifact.Encode(&file); err != nil {
		log.Fatal(err)
	}

	m, err := model.Load(&file)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s %s, held-out accuracy %.3f\n", m.Name(), m.Version(), m.Metrics().TestAccuracy)

	p, err := m.Predict([]float64{6.6, 3.0, 5.6, 2.1}) // sepal length, sepal width, petal length, petal width (cm)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (p=%.2f)\n", p.Label, p.Probabilities[p.Class])
	// Output:
	// iris-logreg 1.0.0, held-out accuracy 0.967
	// virginica (p=0.92)
}

// ExampleModel_PredictInto reuses one buffer for many rows without allocating.
func ExampleModel_PredictInto() {
	m, err := model.Embedded()
	if err != nil {
		log.Fatal(err)
	}
	probs := make([]float64, m.NumClasses())
	for _, x := range [][]float64{{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}} {
		class, err := m.PredictInto(probs, x)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(m.Classes()[class])
	}
	// Output:
	// setosa
	// versicolor
}
