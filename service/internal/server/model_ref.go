package server

import (
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// checkModelRef verifies that the :name (and optional :version) path
// parameters name the served model.
func (s *Server) checkModelRef(c echo.Context) error {
	name, version := c.Param("name"), c.Param("version")
	if name != s.model.Name() {
		return fmt.Errorf("%w: %q: this server serves model %q", api.ErrModelNotFound, name, s.model.Name())
	}
	if version != "" && version != s.model.Version() {
		return fmt.Errorf("%w: %q version %q: this server serves version %q", api.ErrModelNotFound, name, version, s.model.Version())
	}
	return nil
}
