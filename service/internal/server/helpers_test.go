package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sethvargo/go-envconfig"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/service/internal/config"
)

// testEnv is the configuration tests run with: small limits so they are
// cheap to exceed.
var testEnv = map[string]string{
	"IRIS_ADDR":       "127.0.0.1:0",
	"IRIS_MAX_BATCH":  "5",
	"IRIS_BODY_LIMIT": "2KiB",
}

func testConfig(t testing.TB, overrides map[string]string) *config.Config {
	t.Helper()
	env := map[string]string{}
	for k, v := range testEnv {
		env[k] = v
	}
	for k, v := range overrides {
		env[k] = v
	}
	cfg, err := config.Load(context.Background(), envconfig.MapLookuper(env))
	require.NoError(t, err)
	return cfg
}

func embeddedModel(t testing.TB) *model.Model {
	t.Helper()
	m, err := model.Embedded()
	require.NoError(t, err)
	return m
}

// syncBuffer is a log sink safe for the concurrent writes of a server.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type testServer struct {
	*Server
	logs *syncBuffer
}

// newTestServer builds a ready server for m (the embedded model when nil).
func newTestServer(t testing.TB, m Model, env map[string]string) testServer {
	t.Helper()
	if m == nil {
		m = embeddedModel(t)
	}
	logs := &syncBuffer{}
	s, err := New(testConfig(t, env), m, slog.New(slog.NewJSONHandler(logs, nil)), prometheus.NewRegistry())
	require.NoError(t, err)
	require.NoError(t, s.becomeReady())
	return testServer{Server: s, logs: logs}
}

// do sends one request through the full handler chain.
func (ts testServer) do(method, path, contentType, body string) *httptest.ResponseRecorder {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequestWithContext(context.Background(), method, path, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	return rec
}

// fakeModel wraps a real model and replaces its prediction.
type fakeModel struct {
	Model
	predict func(dst, x []float64) (int, error)
}

func (f fakeModel) PredictInto(dst, x []float64) (int, error) { return f.predict(dst, x) }

const jsonCT = "application/json"
