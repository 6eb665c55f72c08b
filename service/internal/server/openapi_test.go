package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specFile is the Open Inference Protocol REST spec, kept next to the
// repository (not in it) by the project: <repo>/../shared/specs.
const specFile = "open_inference_rest.yaml"

// findSpec walks up from the package directory to the module root (the
// directory holding go.mod) and returns ../shared/specs/<specFile> from there.
func findSpec(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the package directory; cannot locate the OpenAPI spec")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "specs", specFile)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("OpenAPI spec not available at %s (%v); skipping the v2 protocol conformance test", path, err)
	}
	return path
}

// loadSpec reads the spec and adapts two things that are notation, not API:
// its paths write parameters as ${NAME} (OpenAPI wants {NAME}), and the
// protocol makes the /versions/${MODEL_VERSION} segment optional, which the
// document can only express by listing each path twice.
func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	raw, err := os.ReadFile(findSpec(t))
	require.NoError(t, err)
	raw = bytes.ReplaceAll(raw, []byte("${"), []byte("{"))

	doc, err := openapi3.NewLoader().LoadFromData(raw)
	require.NoError(t, err)
	for path, item := range doc.Paths.Map() {
		short := strings.Replace(path, "/versions/{MODEL_VERSION}", "", 1)
		if short == path {
			continue
		}
		alias := *item
		alias.Parameters = nil
		for _, p := range item.Parameters {
			if p.Value.Name != "MODEL_VERSION" {
				alias.Parameters = append(alias.Parameters, p)
			}
		}
		for method, op := range item.Operations() {
			clone := *op
			clone.OperationID += "-unversioned"
			alias.SetOperation(method, &clone)
		}
		doc.Paths.Set(short, &alias)
	}
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return doc, router
}

// TestOpenInferenceProtocolConformance sends real requests to every /v2
// endpoint and validates requests and responses against the spec. Statuses
// the spec does not list (404, 413, 415, 503) are checked against its error
// object schema.
func TestOpenInferenceProtocolConformance(t *testing.T) {
	t.Parallel()
	doc, router := loadSpec(t)
	ts := newTestServer(t, nil, nil)

	const (
		v2model = "/v2/models/iris-logreg"
		infer   = `{"id":"req-1","inputs":[{"name":"input-0","shape":[2,4],"datatype":"FP32","data":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}]}`
	)
	cases := []struct {
		name          string
		givenMethod   string
		givenPath     string
		givenBody     string
		expectStatus  int
		expectInSpec  bool // the request itself conforms to the spec
		expectErrJSON bool
	}{
		{"server live", "GET", "/v2/health/live", "", 200, true, false},
		{"server ready", "GET", "/v2/health/ready", "", 200, true, false},
		{"server metadata", "GET", "/v2/", "", 200, true, false},
		{"model metadata", "GET", v2model, "", 200, true, false},
		{"model metadata versioned", "GET", v2model + "/versions/1.0.0", "", 200, true, false},
		{"model metadata unknown model", "GET", "/v2/models/nope", "", 404, true, true},
		{"model metadata unknown version", "GET", v2model + "/versions/2.0.0", "", 404, true, true},
		{"model ready", "GET", v2model + "/ready", "", 200, true, false},
		{"model ready versioned", "GET", v2model + "/versions/1.0.0/ready", "", 200, true, false},
		{"model ready unknown model", "GET", "/v2/models/nope/ready", "", 404, true, true},
		{"infer", "POST", v2model + "/infer", infer, 200, true, false},
		{"infer versioned", "POST", v2model + "/versions/1.0.0/infer", infer, 200, true, false},
		{"infer INT64 flat with chosen output", "POST", v2model + "/infer",
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"INT64","data":[6,3,5,2]}],"outputs":[{"name":"label"}]}`, 200, true, false},
		{"infer unknown model", "POST", "/v2/models/nope/infer", infer, 404, true, true},
		{"infer wrong shape", "POST", v2model + "/infer",
			`{"inputs":[{"name":"input-0","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}`, 400, true, true},
		{"infer unsupported datatype", "POST", v2model + "/infer",
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"BOOL","data":[true,false,true,false]}]}`, 400, true, true},
		{"infer null in data", "POST", v2model + "/infer",
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP64","data":[1,null,3,4]}]}`, 400, false, true},
		{"infer no inputs field", "POST", v2model + "/infer", `{"id":"x"}`, 400, false, true},
		{"infer malformed JSON", "POST", v2model + "/infer", `{"inputs":[`, 400, false, true},
		{"infer over batch limit", "POST", v2model + "/infer",
			`{"inputs":[{"name":"input-0","shape":[6,4],"datatype":"FP32","data":[]}]}`, 400, true, true},
	}
	covered := map[string]bool{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(context.Background(), tc.givenMethod, tc.givenPath, strings.NewReader(tc.givenBody))
			if tc.givenBody != "" {
				req.Header.Set("Content-Type", jsonCT)
			}
			route, params, err := router.FindRoute(req)
			require.NoError(t, err, "the spec has no operation for %s %s", tc.givenMethod, tc.givenPath)
			covered[tc.givenMethod+" "+route.Path] = true

			reqInput := &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
			}
			reqErr := openapi3filter.ValidateRequest(context.Background(), reqInput)
			if tc.expectInSpec {
				require.NoError(t, reqErr, "test request does not conform to the spec")
			} else {
				require.Error(t, reqErr, "test request was meant to violate the spec")
			}
			// ValidateRequest consumed the body; send a fresh copy.
			req.Body = io.NopCloser(strings.NewReader(tc.givenBody))

			rec := httptest.NewRecorder()
			ts.Handler().ServeHTTP(rec, req)
			require.Equal(t, tc.expectStatus, rec.Code, rec.Body.String())
			body := rec.Body.Bytes()

			err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: reqInput,
				Status:                 rec.Code,
				Header:                 rec.Header(),
				Body:                   io.NopCloser(bytes.NewReader(body)),
				Options:                &openapi3filter.Options{IncludeResponseStatus: false},
			})
			require.NoError(t, err, "response does not conform to the spec: %s", body)

			if tc.expectErrJSON {
				var v any
				require.NoError(t, json.Unmarshal(body, &v))
				require.NoError(t, doc.Components.Schemas["inference_error_response"].Value.VisitJSON(v))
				var e struct{ Error string }
				require.NoError(t, json.Unmarshal(body, &e))
				assert.NotEmpty(t, e.Error)
			}
		})
	}

	// Every /v2 route the server serves was exercised against the spec.
	for _, r := range Routes() {
		if !strings.HasPrefix(r.Path, "/v2") || r.Path == "/v2" {
			continue
		}
		req := httptest.NewRequestWithContext(context.Background(), r.Method, strings.NewReplacer(":name", "x", ":version", "1").Replace(r.Path), nil)
		route, _, err := router.FindRoute(req)
		if errors.Is(err, routers.ErrPathNotFound) || err != nil {
			t.Errorf("served route %s %s is not in the spec: %v", r.Method, r.Path, err)
			continue
		}
		assert.True(t, covered[r.Method+" "+route.Path], "route %s %s has no conformance case", r.Method, r.Path)
	}
}

func TestInferResultsMatchModel(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)
	m := embeddedModel(t)

	rows := [][]float64{{5.1, 3.5, 1.4, 0.2}, {5.9, 3.0, 4.2, 1.5}, {6.7, 3.0, 5.2, 2.3}}
	body, err := json.Marshal(map[string]any{
		"id":     "abc",
		"inputs": []map[string]any{{"name": "input-0", "shape": []int{3, 4}, "datatype": "FP64", "data": rows}},
	})
	require.NoError(t, err)
	rec := ts.do(http.MethodPost, "/v2/models/iris-logreg/infer", jsonCT, string(body))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())

	var got struct {
		ModelName    string `json:"model_name"`
		ModelVersion string `json:"model_version"`
		ID           string `json:"id"`
		Outputs      []struct {
			Name     string          `json:"name"`
			Datatype string          `json:"datatype"`
			Shape    []int64         `json:"shape"`
			Data     json.RawMessage `json:"data"`
		} `json:"outputs"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	assert.Equal(t, "iris-logreg", got.ModelName)
	assert.Equal(t, m.Version(), got.ModelVersion)
	assert.Equal(t, "abc", got.ID)
	require.Len(t, got.Outputs, 3)

	var labels []string
	var classes []int
	var probs []float64
	require.NoError(t, json.Unmarshal(got.Outputs[0].Data, &labels))
	require.NoError(t, json.Unmarshal(got.Outputs[1].Data, &classes))
	require.NoError(t, json.Unmarshal(got.Outputs[2].Data, &probs))
	assert.Equal(t, []int64{3}, got.Outputs[0].Shape)
	assert.Equal(t, []int64{3, 3}, got.Outputs[2].Shape)
	for i, row := range rows {
		want, err := m.Predict(row)
		require.NoError(t, err)
		assert.Equal(t, want.Label, labels[i])
		assert.Equal(t, want.Class, classes[i])
		assert.InDeltaSlice(t, want.Probabilities, probs[i*3:(i+1)*3], 1e-15)
	}
}

// TestSpecValidationCatchesBadResponses proves the conformance test's
// validator is live: responses that break the spec must fail it.
func TestSpecValidationCatchesBadResponses(t *testing.T) {
	t.Parallel()
	_, router := loadSpec(t)

	cases := []struct {
		name      string
		givenPath string
		givenBody string
	}{
		{"infer without model_name", "/v2/models/m/infer", `{"outputs":[]}`},
		{"output without shape", "/v2/models/m/infer", `{"model_name":"m","outputs":[{"name":"label","datatype":"BYTES","data":["a"]}]}`},
		{"metadata without platform", "/v2/models/m", `{"name":"m"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			method := http.MethodGet
			if strings.HasSuffix(tc.givenPath, "/infer") {
				method = http.MethodPost
			}
			req := httptest.NewRequestWithContext(context.Background(), method, tc.givenPath, nil)
			route, params, err := router.FindRoute(req)
			require.NoError(t, err)
			err = openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
				Status:                 http.StatusOK,
				Header:                 http.Header{"Content-Type": {jsonCT}},
				Body:                   io.NopCloser(strings.NewReader(tc.givenBody)),
			})
			assert.Error(t, err)
		})
	}
}
