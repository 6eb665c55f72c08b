package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// handlePredict serves POST /predict (schema in package api). The request
// body, feature values and probabilities live in pooled buffers.
func (s *Server) handlePredict() echo.HandlerFunc {
	spec, ref, classNames := s.predictSpec, s.modelRef, s.classes
	nc := len(s.classes)
	return func(c echo.Context) error {
		sc := getScratch()
		defer putScratch(sc)
		body, err := readJSONBody(c.Request(), &sc.body)
		if err != nil {
			return err
		}
		x, n, err := api.DecodePredict(body, spec, sc.x)
		if err != nil {
			return err
		}
		sc.x = x
		sc.probs, sc.classes = grow(sc.probs, n*nc), grow(sc.classes, n)
		if i, err := s.predictRows(x, sc.probs, sc.classes); err != nil {
			return fmt.Errorf("%w: %s: %w", api.ErrInvalidRequest, instanceName(n, i), err)
		}
		// echo encodes the whole body before writing, so an encoding error
		// still reaches the error handler as a 500.
		return c.JSON(http.StatusOK, api.NewPredictResponse(ref, classNames, sc.classes, sc.probs))
	}
}

// instanceName names instance i of n as the request did (a batch of one
// is reported as the single instance).
func instanceName(n, i int) string {
	if n == 1 {
		return api.InstanceName(-1)
	}
	return api.InstanceName(i)
}

// predictRows predicts the len(classes) rows of x (row-major, one feature
// vector each) into probs (NumClasses per row) and classes, and counts them
// in the metrics. On error it returns the index of the failing row, which
// each API names its own way.
func (s *Server) predictRows(x, probs []float64, classes []int) (int, error) {
	nf, nc := len(s.features), len(s.classes)
	for i := range classes {
		k, err := s.model.PredictInto(probs[i*nc:(i+1)*nc], x[i*nf:(i+1)*nf])
		if err != nil {
			return i, err
		}
		classes[i] = k
	}
	for _, k := range classes {
		s.metrics.ObservePrediction(k)
	}
	return 0, nil
}
