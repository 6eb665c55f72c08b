package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadinessFollowsVerification(t *testing.T) {
	t.Parallel()

	s, err := New(testConfig(t, nil), embeddedModel(t), discardLogger(), prometheus.NewRegistry())
	require.NoError(t, err)
	ts := testServer{Server: s}

	for _, path := range []string{"/readyz", "/v2/health/ready", "/v2/models/iris-logreg/ready"} {
		assert.Equal(t, http.StatusServiceUnavailable, ts.do(http.MethodGet, path, "", "").Code, "%s before verification", path)
	}
	assert.Equal(t, http.StatusOK, ts.do(http.MethodGet, "/healthz", "", "").Code, "liveness does not wait for the model")

	require.NoError(t, s.becomeReady())
	for _, path := range []string{"/readyz", "/v2/health/ready", "/v2/models/iris-logreg/ready"} {
		assert.Equal(t, http.StatusOK, ts.do(http.MethodGet, path, "", "").Code, "%s after verification", path)
	}
}

func TestVerificationRejectsBrokenModels(t *testing.T) {
	t.Parallel()
	real := embeddedModel(t)

	cases := []struct {
		name         string
		givenPredict func(dst, x []float64) (int, error)
		expectSubstr string
	}{
		{"error", func([]float64, []float64) (int, error) { return -1, assert.AnError }, "PredictInto"},
		{"class out of range", func([]float64, []float64) (int, error) { return 7, nil }, "outside"},
		{"NaN probability", func(dst, _ []float64) (int, error) { dst[0] = math.NaN(); return 0, nil }, "outside [0, 1]"},
		{"not a distribution", func(dst, _ []float64) (int, error) { dst[0], dst[1], dst[2] = 0.5, 0.5, 0.5; return 0, nil }, "sum to 1"},
		{"panic", func([]float64, []float64) (int, error) { panic("boom") }, "panicked"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := fakeModel{Model: real, predict: tc.givenPredict}
			s, err := New(testConfig(t, nil), m, discardLogger(), prometheus.NewRegistry())
			require.NoError(t, err)

			ln, err := listenLocal(t)
			require.NoError(t, err)
			err = s.Serve(context.Background(), ln)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.expectSubstr)
			assert.False(t, s.Ready())
		})
	}
}

func TestPanicBecomesJSON500(t *testing.T) {
	t.Parallel()
	real := embeddedModel(t)
	panicky := fakeModel{Model: real, predict: func([]float64, []float64) (int, error) { panic("model exploded") }}
	ts := newTestServerUnverified(t, panicky)

	rec := ts.do(http.MethodPost, "/predict", jsonCT, `{"instance":[1,2,3,4]}`)
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	var body struct{ Error string }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Contains(t, body.Error, "internal server error")
	assert.NotContains(t, body.Error, "exploded", "internals must not leak to clients")
	logs := ts.logs.String()
	assert.Contains(t, logs, "panic recovered")
	assert.Contains(t, logs, "model exploded")
	assert.Contains(t, logs, `"status":500`)
}

// newTestServerUnverified builds a server without running verification, for
// models that would fail it.
func newTestServerUnverified(t *testing.T, m Model) testServer {
	t.Helper()
	logs := &syncBuffer{}
	s, err := New(testConfig(t, nil), m, slog.New(slog.NewJSONHandler(logs, nil)), prometheus.NewRegistry())
	require.NoError(t, err)
	return testServer{Server: s, logs: logs}
}

func TestRequestLogLine(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	const secret = "do-not-log-this-field-name"
	rec := ts.do(http.MethodPost, "/predict", jsonCT, `{"instance":[5.1,3.5,1.4,0.2]}`)
	require.Equal(t, http.StatusOK, rec.Code)
	rec2 := ts.do(http.MethodPost, "/predict", jsonCT, `{"`+secret+`":1}`)
	require.Equal(t, http.StatusBadRequest, rec2.Code)

	lines := strings.Split(strings.TrimSpace(ts.logs.String()), "\n")
	require.Len(t, lines, 2, "one line per request")
	var first map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Equal(t, "request", first["msg"])
	assert.Equal(t, "POST", first["method"])
	assert.Equal(t, "/predict", first["route"])
	assert.EqualValues(t, 200, first["status"])
	assert.Contains(t, first, "latency")
	assert.Equal(t, rec.Header().Get("X-Request-Id"), first["request_id"])
	assert.NotEmpty(t, first["request_id"])
	assert.NotContains(t, ts.logs.String(), secret, "request bodies must never reach the log")
	assert.NotContains(t, ts.logs.String(), "5.1")
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	for _, path := range []string{"/healthz", "/nope"} {
		rec := ts.do(http.MethodGet, path, "", "")
		for k, v := range securityHeaders {
			assert.Equal(t, v, rec.Header().Get(k), "%s on %s", k, path)
		}
		assert.NotEmpty(t, rec.Header().Get("X-Request-Id"), path)
	}
}

func TestMetricsScrape(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)
	m := embeddedModel(t)

	for range 2 {
		require.Equal(t, http.StatusOK, ts.do(http.MethodPost, "/predict", jsonCT, `{"instance":[5.1,3.5,1.4,0.2]}`).Code)
	}
	require.Equal(t, http.StatusBadRequest, ts.do(http.MethodPost, "/predict", jsonCT, `{}`).Code)
	require.Equal(t, http.StatusNotFound, ts.do(http.MethodGet, "/wp-admin/1234", "", "").Code)
	require.Equal(t, http.StatusNotFound, ts.do(http.MethodGet, "/v2/models/other-model", "", "").Code)

	rec := ts.do(http.MethodGet, "/metrics", "", "")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain"), rec.Header().Get("Content-Type"))
	text := rec.Body.String()

	for _, want := range []string{
		`irisd_http_requests_total{code="200",method="POST",route="/predict"} 2`,
		`irisd_http_requests_total{code="400",method="POST",route="/predict"} 1`,
		`irisd_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`irisd_http_requests_total{code="404",method="GET",route="/v2/models/:name"} 1`,
		`irisd_http_request_duration_seconds_count{code="200",method="POST",route="/predict"} 2`,
		`irisd_predictions_total{class="setosa"} 2`,
		`irisd_model_info{checksum="` + m.Checksum() + `",name="iris-logreg",version="` + m.Version() + `"} 1`,
		`go_goroutines `,
	} {
		assert.Contains(t, text, want)
	}
	// Raw paths never become label values.
	assert.NotContains(t, text, "wp-admin")
	assert.NotContains(t, text, "other-model")
}

func TestRoutesAreServed(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	served := map[Route]bool{}
	for _, r := range ts.echo.Routes() {
		served[Route{Method: r.Method, Path: r.Path}] = true
	}
	routes := Routes()
	require.NotEmpty(t, routes)
	for _, r := range routes {
		assert.True(t, served[r], "Routes() lists %s %s, which echo does not serve", r.Method, r.Path)
	}
	assert.Len(t, served, len(routes), "echo serves routes that Routes() does not list")
	assert.Equal(t, "/v2/models/{name}/versions/{version}/infer", Route{Path: "/v2/models/:name/versions/:version/infer"}.Template())
}

// TestServeDrainsInFlightRequests starts a real listener, holds a request
// inside the model, cancels the serve context and checks that the request
// still completes and that Serve then returns nil.
func TestServeDrainsInFlightRequests(t *testing.T) {
	t.Parallel()
	slow, entered, release := blockingModel(t)
	s, err := New(testConfig(t, nil), slow, discardLogger(), prometheus.NewRegistry())
	require.NoError(t, err)
	url, cancel, served := serveLocal(t, s)

	type result struct {
		code int
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := postJSON(url+"/predict", `{"instance":[9.9,3.0,5.2,2.3]}`)
		if err != nil {
			done <- result{err: err}
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		done <- result{code: resp.StatusCode}
	}()
	<-entered
	cancel()
	// Serve must wait for the request: it cannot have returned yet.
	select {
	case err := <-served:
		t.Fatalf("Serve returned %v while a request was in flight", err)
	default:
	}
	close(release)
	r := <-done
	require.NoError(t, r.err)
	assert.Equal(t, http.StatusOK, r.code)
	require.NoError(t, <-served)
	assert.False(t, s.Ready(), "not ready after shutdown")
}

func TestServeReportsShutdownTimeout(t *testing.T) {
	t.Parallel()
	stuck, entered, release := blockingModel(t)
	defer close(release)
	s, err := New(testConfig(t, map[string]string{"IRIS_SHUTDOWN_TIMEOUT": "1ms"}), stuck, discardLogger(), prometheus.NewRegistry())
	require.NoError(t, err)
	url, cancel, served := serveLocal(t, s)

	go func() {
		resp, err := postJSON(url+"/predict", `{"instance":[9.9,3.0,5.2,2.3]}`)
		if err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-entered
	cancel()
	err = <-served
	require.Error(t, err)
	assert.Contains(t, err.Error(), "IRIS_SHUTDOWN_TIMEOUT")
}

// blockingModel wraps the embedded model so that a prediction whose first
// feature is 9.9 closes entered and then blocks until release is closed;
// every other prediction, including start-up verification, passes through.
func blockingModel(t *testing.T) (m fakeModel, entered, release chan struct{}) {
	t.Helper()
	real := embeddedModel(t)
	entered, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	m = fakeModel{Model: real, predict: func(dst, x []float64) (int, error) {
		if x[0] == 9.9 {
			once.Do(func() { close(entered) })
			<-release
		}
		return real.PredictInto(dst, x)
	}}
	return m, entered, release
}

// serveLocal serves s on a loopback port until cancel is called, waits until
// it is ready, and returns its base URL and the channel Serve's result
// arrives on.
func serveLocal(t *testing.T, s *Server) (url string, cancel context.CancelFunc, served <-chan error) {
	t.Helper()
	ln, err := listenLocal(t)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() { result <- s.Serve(ctx, ln) }()
	url = "http://" + ln.Addr().String()
	waitReady(t, url)
	return url, cancel, result
}

// waitReady polls /readyz until it answers 200.
func waitReady(t *testing.T, url string) {
	t.Helper()
	for {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url+"/readyz", nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if t.Context().Err() != nil {
			t.Fatal("server never became ready")
		}
		time.Sleep(5 * time.Millisecond) // poll interval, not an assertion
	}
}

func listenLocal(t *testing.T) (net.Listener, error) {
	var lc net.ListenConfig
	return lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
}

func postJSON(url, body string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", jsonCT)
	return http.DefaultClient.Do(req)
}
