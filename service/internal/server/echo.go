package server

import (
	"log/slog"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// newEcho assembles the echo application: middleware, routes and the
// central error handler.
func (s *Server) newEcho() *echo.Echo {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = s.handleError

	// Outermost first: every request gets an id, then is measured and logged
	// with its final status; panics and errors become JSON responses inside.
	e.Use(
		middleware.RequestID(),
		s.observeRequests(),
		middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
			LogMethod:     true,
			LogRoutePath:  true,
			LogStatus:     true,
			LogLatency:    true,
			LogRequestID:  true,
			LogError:      true,
			HandleError:   true, // let the error handler set the status before the line is written
			LogValuesFunc: s.logRequest,
		}),
		middleware.RecoverWithConfig(middleware.RecoverConfig{
			LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
				s.logger.ErrorContext(c.Request().Context(), "panic recovered",
					slog.String("route", c.Path()),
					slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
					slog.Any("error", err),
					slog.String("stack", string(stack)),
				)
				return err
			},
		}),
		setSecurityHeaders(),
		bodyLimit(int64(s.cfg.BodyLimit)),
	)

	s.routeSet = map[string]bool{}
	for _, r := range s.routes() {
		e.Add(r.Method, r.Path, r.handler)
		s.routeSet[r.Path] = true
	}
	return e
}
