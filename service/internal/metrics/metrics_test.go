package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type fakeModel struct{}

func (fakeModel) Name() string      { return "m" }
func (fakeModel) Version() string   { return "1.2.3" }
func (fakeModel) Checksum() string  { return "sha256:00" }
func (fakeModel) Classes() []string { return []string{"a", "b"} }

func TestMetrics(t *testing.T) {
	t.Parallel()

	reg := prometheus.NewRegistry()
	m, err := New(reg, fakeModel{})
	require.NoError(t, err)
	m.ObserveRequest("/predict", "POST", 200, time.Millisecond)
	m.ObserveRequest("/predict", "POST", 700, time.Millisecond) // beyond the cached codes
	m.ObservePrediction(1)
	m.ObservePrediction(5) // out of range: ignored, never a panic

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequestWithContext(context.Background(), http.MethodGet, "/metrics", nil))
	text := rec.Body.String()
	for _, want := range []string{
		`irisd_http_requests_total{code="200",method="POST",route="/predict"} 1`,
		`irisd_http_requests_total{code="700",method="POST",route="/predict"} 1`,
		`irisd_http_request_duration_seconds_bucket{code="200",method="POST",route="/predict",le="0.001"} 1`,
		`irisd_predictions_total{class="a"} 0`,
		`irisd_predictions_total{class="b"} 1`,
		`irisd_model_info{checksum="sha256:00",name="m",version="1.2.3"} 1`,
	} {
		assert.Contains(t, text, want)
	}
	assert.False(t, strings.Contains(text, `class="5"`))

	// A second set on the same registry is a configuration error, not a panic.
	_, err = New(reg, fakeModel{})
	assert.Error(t, err)
}
