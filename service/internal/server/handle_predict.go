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
	spec, ref, classNames, m, met := s.predictSpec, s.modelRef, s.classes, s.model, s.metrics
	nf, nc := len(s.features), len(s.classes)
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
		for i := range n {
			k, err := m.PredictInto(sc.probs[i*nc:(i+1)*nc], x[i*nf:(i+1)*nf])
			if err != nil {
				return fmt.Errorf("%w: %s: %w", api.ErrInvalidRequest, instanceName(n, i), err)
			}
			sc.classes[i] = k
		}
		for _, k := range sc.classes {
			met.ObservePrediction(k)
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
