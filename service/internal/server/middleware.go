package server

import (
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// Route labels for requests that matched no route, so scanners probing
// random paths cannot create unbounded metric series.
const unmatchedRoute = "unmatched"

// observeRequests records request count and latency by route pattern. It
// hands errors to the error handler first so it sees the final status.
func (s *Server) observeRequests() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			route := c.Path()
			if !s.routeSet[route] {
				route = unmatchedRoute
			}
			s.metrics.ObserveRequest(route, methodLabel(c.Request().Method), c.Response().Status, time.Since(start))
			return nil
		}
	}
}

// methodLabel bounds the method label to the standard methods.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	default:
		return "OTHER"
	}
}

// logRequest writes the one log line per request. It never logs bodies.
func (s *Server) logRequest(c echo.Context, v middleware.RequestLoggerValues) error {
	level := slog.LevelInfo
	if v.Status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	ctx := c.Request().Context()
	if !s.logger.Enabled(ctx, level) {
		return nil
	}
	// Client errors are answered, not logged: their messages can quote parts
	// of the request body, and bodies never go to the log.
	if v.Error != nil && level == slog.LevelError {
		s.logger.LogAttrs(ctx, level, "request",
			slog.String("method", v.Method), slog.String("route", v.RoutePath), slog.Int("status", v.Status),
			slog.Duration("latency", v.Latency), slog.String("request_id", v.RequestID),
			slog.String("error", v.Error.Error()))
		return nil
	}
	s.logger.LogAttrs(ctx, level, "request",
		slog.String("method", v.Method), slog.String("route", v.RoutePath), slog.Int("status", v.Status),
		slog.Duration("latency", v.Latency), slog.String("request_id", v.RequestID))
	return nil
}

// securityHeaders lists the headers that make sense for a JSON API: no
// sniffing, no framing, no referrer, no caching of per-request answers.
var securityHeaders = map[string]string{
	"X-Content-Type-Options":  "nosniff",
	"X-Frame-Options":         "DENY",
	"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
	"Referrer-Policy":         "no-referrer",
	"Cache-Control":           "no-store",
}

// setSecurityHeaders sets securityHeaders on every response. The value
// slices are built once and shared (net/http only reads them), which saves
// an allocation per header per request.
func setSecurityHeaders() echo.MiddlewareFunc {
	values := make(map[string][]string, len(securityHeaders))
	for k, v := range securityHeaders {
		values[http.CanonicalHeaderKey(k)] = []string{v}
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			for k, v := range values {
				h[k] = v
			}
			return next(c)
		}
	}
}

// bodyLimit rejects bodies over limit bytes: at once when Content-Length
// says so, otherwise when reading passes the limit (*http.MaxBytesError).
func bodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if r.ContentLength > limit {
				return tooLarge(limit)
			}
			r.Body = http.MaxBytesReader(c.Response(), r.Body, limit)
			return next(c)
		}
	}
}

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: the limit is %d bytes (IRIS_BODY_LIMIT); send a smaller body or split the batch",
		api.ErrBodyTooLarge, limit)
}

// requireJSON rejects requests whose body is not declared as JSON.
func requireJSON(r *http.Request) error {
	ct := r.Header.Get(echo.HeaderContentType)
	if ct == echo.MIMEApplicationJSON {
		return nil
	}
	if mt, _, err := mime.ParseMediaType(ct); err == nil && mt == echo.MIMEApplicationJSON {
		return nil
	}
	return fmt.Errorf("%w: Content-Type %q: send the body as %s", api.ErrUnsupportedMediaType, ct, echo.MIMEApplicationJSON)
}
