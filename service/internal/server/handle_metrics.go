package server

import (
	"github.com/labstack/echo/v4"
)

// handleMetrics serves the Prometheus metrics of the private registry.
func (s *Server) handleMetrics() echo.HandlerFunc {
	if s.metrics == nil { // zero Server, used only to list routes
		return nil
	}
	return echo.WrapHandler(s.metrics.Handler())
}
