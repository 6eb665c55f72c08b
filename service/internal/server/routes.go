package server

import (
	"net/http"
	"regexp"

	"github.com/labstack/echo/v4"
)

// Route is one served endpoint. Path uses echo syntax (":name" parameters).
type Route struct {
	Method string
	Path   string
}

// Template returns Path in OpenAPI/URI-template syntax ("{name}" parameters).
func (r Route) Template() string {
	return paramPattern.ReplaceAllString(r.Path, "{$1}")
}

var paramPattern = regexp.MustCompile(`:([A-Za-z_]+)`)

type route struct {
	Route
	handler echo.HandlerFunc
}

// routes is the whole API surface.
func (s *Server) routes() []route {
	return []route{
		// irisd's own API.
		{Route{http.MethodPost, "/predict"}, s.handlePredict()},

		// Operations.
		{Route{http.MethodGet, "/healthz"}, s.handleHealthz()},
		{Route{http.MethodGet, "/readyz"}, s.handleReadyz()},
		{Route{http.MethodGet, "/metrics"}, s.handleMetrics()},

		// Open Inference Protocol v2 (KServe) REST API. The version segment is
		// optional; when given it must name the served version.
		{Route{http.MethodGet, "/v2"}, s.handleServerMetadata()},
		{Route{http.MethodGet, "/v2/"}, s.handleServerMetadata()},
		{Route{http.MethodGet, "/v2/health/live"}, s.handleHealthz()},
		{Route{http.MethodGet, "/v2/health/ready"}, s.handleReadyz()},
		{Route{http.MethodGet, "/v2/models/:name"}, s.handleModelMetadata()},
		{Route{http.MethodGet, "/v2/models/:name/versions/:version"}, s.handleModelMetadata()},
		{Route{http.MethodGet, "/v2/models/:name/ready"}, s.handleModelReady()},
		{Route{http.MethodGet, "/v2/models/:name/versions/:version/ready"}, s.handleModelReady()},
		{Route{http.MethodPost, "/v2/models/:name/infer"}, s.handleInfer()},
		{Route{http.MethodPost, "/v2/models/:name/versions/:version/infer"}, s.handleInfer()},
	}
}

// Routes lists every served endpoint, for documentation drift tests.
func Routes() []Route {
	var s Server // handler makers only capture fields, so a zero Server lists the routes
	rs := s.routes()
	out := make([]Route, len(rs))
	for i, r := range rs {
		out[i] = r.Route
	}
	return out
}
