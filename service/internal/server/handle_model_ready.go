package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// ModelReadyResponse is the body of the v2 model ready endpoint.
type ModelReadyResponse struct {
	Name  string `json:"name"`
	Ready bool   `json:"ready"`
}

// handleModelReady serves GET /v2/models/{name}[/versions/{version}]/ready.
func (s *Server) handleModelReady() echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := s.checkModelRef(c); err != nil {
			return err
		}
		if !s.Ready() {
			return fmt.Errorf("%w: model %q is not verified yet", api.ErrNotReady, s.model.Name())
		}
		return c.JSON(http.StatusOK, ModelReadyResponse{Name: s.model.Name(), Ready: true})
	}
}
