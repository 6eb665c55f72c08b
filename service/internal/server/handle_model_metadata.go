package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// handleModelMetadata serves GET /v2/models/{name}[/versions/{version}]:
// the model's versions, platform and input/output tensors.
func (s *Server) handleModelMetadata() echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkModelRef(c); err != nil {
			return err
		}
		nf, nc := int64(len(s.features)), int64(len(s.classes))
		return c.JSON(http.StatusOK, api.ModelMetadata{
			Name:     s.model.Name(),
			Versions: []string{s.model.Version()},
			Platform: api.Platform,
			Inputs:   []api.TensorMetadata{{Name: api.InputName, Datatype: "FP64", Shape: []int64{-1, nf}}},
			Outputs: []api.TensorMetadata{
				{Name: api.OutputLabel, Datatype: "BYTES", Shape: []int64{-1}},
				{Name: api.OutputClass, Datatype: "INT64", Shape: []int64{-1}},
				{Name: api.OutputProbabilities, Datatype: "FP64", Shape: []int64{-1, nc}},
			},
		})
	}
}
