package server

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// handleReadyz is the readiness probe: 200 once the model is loaded and
// verified, 503 before that and while shutting down.
func (s *Server) handleReadyz() echo.HandlerFunc {
	return func(c echo.Context) error {
		if !s.Ready() {
			return fmt.Errorf("%w: the model is not loaded and verified yet, or the server is shutting down", api.ErrNotReady)
		}
		return c.JSON(http.StatusOK, StatusResponse{Status: "ready"})
	}
}
