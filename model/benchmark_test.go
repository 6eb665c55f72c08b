package model_test

import (
	"testing"
)

var benchRow = []float64{5.9, 2.8, 4.3, 1.3}

func BenchmarkPredictInto(b *testing.B) {
	m := embedded(b)
	dst := make([]float64, m.NumClasses())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.PredictInto(dst, benchRow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredict(b *testing.B) {
	m := embedded(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Predict(benchRow); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPredictBatch100(b *testing.B) {
	m := embedded(b)
	rows := make([][]float64, 100)
	for i := range rows {
		rows[i] = []float64{4 + float64(i%40)/10, 2 + float64(i%20)/10, 1 + float64(i%60)/10, float64(i%25) / 10}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.PredictBatch(rows); err != nil {
			b.Fatal(err)
		}
	}
}
