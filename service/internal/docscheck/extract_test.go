package docscheck

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDaggerCalls(t *testing.T) {
	t.Parallel()
	tests := []struct {
		givenText  string
		expectCall []DaggerCall
	}{
		{"dagger call test", []DaggerCall{{Function: "test", Line: "dagger call test"}}},
		{"$ dagger call size-gate --budget 400MB", []DaggerCall{{Function: "size-gate", Line: "$ dagger call size-gate --budget 400MB"}}},
		{"dagger call --source . release --dry-run", []DaggerCall{{Function: "release", Line: "dagger call --source . release --dry-run"}}},
		{"dagger -m ci/tests call all", []DaggerCall{{Module: "ci/tests", Function: "all", Line: "dagger -m ci/tests call all"}}},
		{"dagger call -m ci/tests all", []DaggerCall{{Module: "ci/tests", Function: "all", Line: "dagger call -m ci/tests all"}}},
		{"run `dagger call serve up --ports 8080:8080`.", []DaggerCall{{Function: "serve", Line: "run `dagger call serve up --ports 8080:8080`."}}},
		{"dagger call", nil},
		{"no command here", nil},
		{"dagger call <function>", nil},
	}
	for _, tc := range tests {
		t.Run(tc.givenText, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.expectCall, DaggerCalls(tc.givenText))
		})
	}
}

func TestKebab(t *testing.T) {
	t.Parallel()
	for given, expect := range map[string]string{
		"Test": "test", "SizeGate": "size-gate", "ModelGate": "model-gate", "HTTPServer": "http-server",
		"Govulncheck": "govulncheck", "ScanGate": "scan-gate", "A": "a",
	} {
		assert.Equal(t, expect, Kebab(given), given)
	}
}

func TestConfigVariables(t *testing.T) {
	t.Parallel()
	got := ConfigVariables("set IRIS_ADDR=:9090 and `IRIS_LOG_LEVEL`; IRIS_ADDR again; not IRIS_ or MY_IRIS_X")
	assert.Equal(t, []string{"IRIS_ADDR", "IRIS_LOG_LEVEL"}, got)
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		givenText      string
		expectEndpoint []Endpoint
	}{
		{"`GET /readyz` answers 200", []Endpoint{{"GET", "/readyz"}}},
		{"POST /v2/models/{name}/infer.", []Endpoint{{"POST", "/v2/models/{name}/infer"}}},
		{"curl -s localhost:8080/healthz", []Endpoint{{"GET", "/healthz"}}},
		{"curl -s -X POST http://127.0.0.1:8080/predict -d '{}'", []Endpoint{{"POST", "/predict"}}},
		{"curl -sd @req.json localhost:8080/v2/models/iris-logreg/infer --json x", []Endpoint{{"POST", "/v2/models/iris-logreg/infer"}}},
		{"curl -s localhost:8080/predict -H 'Content-Type: application/json' \\\n  -d '{\"instance\": [1, 2, 3, 4]}'", []Endpoint{{"POST", "/predict"}}},
		{"nothing", nil},
	}
	for _, tc := range tests {
		t.Run(tc.givenText, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.expectEndpoint, Endpoints(tc.givenText))
		})
	}
}

func TestRouteMatcher(t *testing.T) {
	t.Parallel()
	m := RouteMatcher("/v2/models/:name/infer")
	assert.True(t, m.MatchString("/v2/models/iris-logreg/infer"))
	assert.True(t, m.MatchString("/v2/models/{name}/infer"))
	assert.False(t, m.MatchString("/v2/models/iris-logreg/infer/extra"))
	assert.False(t, m.MatchString("/v2/models//infer"))
	assert.False(t, RouteMatcher("/healthz").MatchString("/healthzz"))
}
