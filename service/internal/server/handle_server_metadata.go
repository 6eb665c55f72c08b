package server

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
	"github.com/irisinfer/irisinfer/service/internal/buildinfo"
)

// ServerName is the server name reported by the v2 server metadata.
const ServerName = "irisd"

// handleServerMetadata serves GET /v2: server name, version, extensions.
func (s *Server) handleServerMetadata() echo.HandlerFunc {
	md := api.ServerMetadata{Name: ServerName, Version: buildinfo.Version, Extensions: []string{}}
	return func(c echo.Context) error {
		return c.JSON(http.StatusOK, md)
	}
}
