// Package metrics defines irisd's Prometheus metrics on a private registry,
// so tests and multiple servers in one process never collide and nothing
// registered by a library leaks into /metrics unasked.
package metrics

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "irisd"

// Metric names, exported for tests and dashboards.
const (
	RequestsTotal    = Namespace + "_http_requests_total"
	RequestDuration  = Namespace + "_http_request_duration_seconds"
	PredictionsTotal = Namespace + "_predictions_total"
	ModelInfo        = Namespace + "_model_info"
)

// Metrics holds the service's collectors.
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	predictions []prometheus.Counter // by class index, resolved once
}

// Model is what the metrics need to know about the served model.
type Model interface {
	Name() string
	Version() string
	Checksum() string
	Classes() []string
}

// New creates the collectors and registers them, together with the Go
// runtime and process collectors, on reg.
func New(reg *prometheus.Registry, m Model) (*Metrics, error) {
	met := &Metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: RequestsTotal,
			Help: "HTTP requests served, by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: RequestDuration,
			Help: "HTTP request latency in seconds, by route pattern, method and status code.",
			// Predictions take microseconds; the tail buckets catch slow clients and batches.
			Buckets: []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5},
		}, []string{"route", "method", "code"}),
	}
	predictions := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: PredictionsTotal,
		Help: "Instances predicted, by predicted class.",
	}, []string{"class"})
	for _, c := range m.Classes() {
		// Resolve every class up front: the series exist (at 0) from the start
		// and the hot path indexes a slice instead of hashing label values.
		met.predictions = append(met.predictions, predictions.WithLabelValues(c))
	}
	info := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: ModelInfo,
		Help: "The served model; always 1.",
	}, []string{"name", "version", "checksum"})
	info.WithLabelValues(m.Name(), m.Version(), m.Checksum()).Set(1)

	for _, c := range []prometheus.Collector{
		met.requests, met.duration, predictions, info,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("prometheus.Register: %w", err)
		}
	}
	return met, nil
}

// ObserveRequest records one finished request. route must be a route
// pattern (or a fixed placeholder), never a raw path, to bound cardinality.
func (m *Metrics) ObserveRequest(route, method string, code int, elapsed time.Duration) {
	c := codeLabel(code)
	m.requests.WithLabelValues(route, method, c).Inc()
	m.duration.WithLabelValues(route, method, c).Observe(elapsed.Seconds())
}

// ObservePrediction counts one instance predicted as class index class.
func (m *Metrics) ObservePrediction(class int) {
	if class >= 0 && class < len(m.predictions) {
		m.predictions[class].Inc()
	}
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// codeLabels caches the status code strings so recording allocates nothing.
var codeLabels = func() (l [600]string) {
	for i := range l {
		l[i] = strconv.Itoa(i)
	}
	return l
}()

func codeLabel(code int) string {
	if code >= 0 && code < len(codeLabels) {
		return codeLabels[code]
	}
	return strconv.Itoa(code)
}
