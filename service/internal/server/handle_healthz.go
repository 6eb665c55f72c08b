package server

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// StatusResponse is the body of the health endpoints.
type StatusResponse struct {
	Status string `json:"status"`
}

// handleHealthz is the liveness probe: the process is up and serving HTTP.
func (s *Server) handleHealthz() echo.HandlerFunc {
	return func(c echo.Context) error {
		return c.JSON(http.StatusOK, StatusResponse{Status: "ok"})
	}
}
