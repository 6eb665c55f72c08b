package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// handleError is echo's central error handler: it renders every error as
// {"error": "..."} with the status the error maps to. Client errors say what
// was wrong; server errors are answered without internals.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	// Server errors are logged, with their cause, by the request log line.
	code, msg := s.describeError(err, c)
	var werr error
	if c.Request().Method == http.MethodHead {
		werr = c.NoContent(code)
	} else {
		werr = c.JSON(code, api.ErrorResponse{Error: msg})
	}
	if werr != nil {
		s.logger.WarnContext(c.Request().Context(), "writing error response", slog.Any("error", werr))
	}
}

func (s *Server) describeError(err error, c echo.Context) (int, string) {
	var he *echo.HTTPError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, tooLarge(mbe.Limit).Error()
	case errors.As(err, &he):
		return he.Code, describeHTTPError(he, c)
	}
	code := api.StatusCode(err)
	if code >= http.StatusInternalServerError && code != http.StatusServiceUnavailable {
		return code, "internal server error; the request id is in the X-Request-Id header"
	}
	return code, err.Error()
}

// describeHTTPError words echo's own errors (routing, 404, 405) for API users.
func describeHTTPError(he *echo.HTTPError, c echo.Context) string {
	r := c.Request()
	switch he.Code {
	case http.StatusNotFound:
		return fmt.Sprintf("no endpoint %s: see the API reference for the served paths", r.URL.Path)
	case http.StatusMethodNotAllowed:
		allow := c.Response().Header().Get(echo.HeaderAllow)
		return fmt.Sprintf("method %s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow)
	}
	if msg, ok := he.Message.(string); ok {
		return msg
	}
	return http.StatusText(he.Code)
}
