package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

func TestPredictSuccess(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)
	m := embeddedModel(t)

	cases := []struct {
		name        string
		givenBody   string
		expectedRow [][]float64
	}{
		{"single array", `{"instance":[5.1,3.5,1.4,0.2]}`, [][]float64{{5.1, 3.5, 1.4, 0.2}}},
		{"single object", `{"instance":{"petal_width":2.3,"petal_length":5.2,"sepal_width":3.0,"sepal_length":6.7}}`,
			[][]float64{{6.7, 3.0, 5.2, 2.3}}},
		{"batch", `{"instances":[[5.1,3.5,1.4,0.2],[5.9,3.0,4.2,1.5],{"sepal_length":6.7,"sepal_width":3.0,"petal_length":5.2,"petal_width":2.3}]}`,
			[][]float64{{5.1, 3.5, 1.4, 0.2}, {5.9, 3.0, 4.2, 1.5}, {6.7, 3.0, 5.2, 2.3}}},
		{"JSON with charset", `{"instance":[5.9,3.0,4.2,1.5]}`, [][]float64{{5.9, 3.0, 4.2, 1.5}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			ct := jsonCT
			if tc.name == "JSON with charset" {
				ct = "application/json; charset=utf-8"
			}
			rec := ts.do(http.MethodPost, "/predict", ct, tc.givenBody)
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			assert.Equal(t, jsonCT, rec.Header().Get("Content-Type"))

			var got api.PredictResponse
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
			assert.Equal(t, api.ModelRef{Name: m.Name(), Version: m.Version()}, got.Model)
			require.Len(t, got.Predictions, len(tc.expectedRow))
			for i, row := range tc.expectedRow {
				want, err := m.Predict(row)
				require.NoError(t, err)
				p := got.Predictions[i]
				assert.Equal(t, want.Class, p.Class)
				assert.Equal(t, want.Label, p.Label)
				require.Len(t, p.Probabilities, len(m.Classes()))
				for k, class := range m.Classes() {
					assert.InDelta(t, want.Probabilities[k], p.Probabilities[class], 1e-15, class)
				}
			}
		})
	}
}

// TestBadInputIsA4xx sends every kind of bad request the API must survive
// and checks the status and that the JSON error says what was wrong.
func TestBadInputIsA4xx(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	instance := `[5.1,3.5,1.4,0.2]`
	cases := []struct {
		name              string
		givenMethod       string
		givenPath         string
		givenContentType  string
		givenBody         string
		expectStatus      int
		expectErrorSubstr string
	}{
		{"malformed JSON", "POST", "/predict", jsonCT, `{"instance":[5.1,`, 400, "body is truncated JSON"},
		{"syntax error", "POST", "/predict", jsonCT, `{"instance":[5.1;3.5]}`, 400, "malformed JSON at byte 17: invalid character ';'"},
		{"unknown field", "POST", "/predict", jsonCT, `{"instance":` + instance + `,"model":"x"}`, 400, `unknown field "model"`},
		{"both instance and instances", "POST", "/predict", jsonCT, `{"instance":` + instance + `,"instances":[` + instance + `]}`, 400, "exactly one of"},
		{"neither instance nor instances", "POST", "/predict", jsonCT, `{}`, 400, `missing "instance" or "instances"`},
		{"empty body", "POST", "/predict", jsonCT, ``, 400, "body is empty"},
		{"no content type", "POST", "/predict", "", `{"instance":` + instance + `}`, 415, `Content-Type ""`},
		{"form content type", "POST", "/predict", "application/x-www-form-urlencoded", `{"instance":` + instance + `}`, 415, "send the body as application/json"},
		{"text content type", "POST", "/predict", "text/plain", `{"instance":` + instance + `}`, 415, "unsupported media type"},
		{"three features", "POST", "/predict", jsonCT, `{"instance":[1,2,3]}`, 400, "want 4 features"},
		{"unknown feature name", "POST", "/predict", jsonCT, `{"instance":{"sepal_length":1,"sepal_width":2,"petal_length":3,"stem":4}}`, 400, `unknown feature "stem"`},
		{"missing feature name", "POST", "/predict", jsonCT, `{"instance":{"sepal_length":1,"sepal_width":2,"petal_length":3}}`, 400, "missing feature petal_width"},
		{"NaN", "POST", "/predict", jsonCT, `{"instance":[NaN,2,3,4]}`, 400, "malformed JSON at byte 14: invalid character 'N'"},
		{"Infinity string", "POST", "/predict", jsonCT, `{"instance":["Infinity",2,3,4]}`, 400, "got a string"},
		{"null", "POST", "/predict", jsonCT, `{"instance":[null,2,3,4]}`, 400, "feature 0 (sepal_length): want a number, got null"},
		{"boolean", "POST", "/predict", jsonCT, `{"instance":[1,2,3,false]}`, 400, "feature 3 (petal_width): want a number, got a boolean"},
		{"number out of range", "POST", "/predict", jsonCT, `{"instance":[1e999,2,3,4]}`, 400, "number 1e999 is out of range"},
		{"huge value overflowing the model", "POST", "/predict", jsonCT, `{"instance":[1e308,1e308,1e308,1e308]}`, 400, "instance"},
		{"empty batch", "POST", "/predict", jsonCT, `{"instances":[]}`, 400, "is empty"},
		{"batch over IRIS_MAX_BATCH", "POST", "/predict", jsonCT,
			`{"instances":[` + strings.Repeat(instance+",", 5) + instance + `]}`, 400, "more than 5 instances"},
		{"body over IRIS_BODY_LIMIT", "POST", "/predict", jsonCT,
			`{"instances":[` + strings.Repeat(instance+",", 200) + instance + `]}`, 413, "the limit is 2048 bytes (IRIS_BODY_LIMIT)"},
		{"wrong method", "GET", "/predict", "", ``, 405, "method GET is not allowed on /predict"},
		{"wrong method on probe", "POST", "/healthz", jsonCT, `{}`, 405, "allowed"},
		{"unknown path", "GET", "/predictions", "", ``, 404, "no endpoint /predictions"},
		{"unknown model", "POST", "/v2/models/mnist/infer", jsonCT, `{}`, 404, `"mnist": this server serves model "iris-logreg"`},
		{"unknown version", "POST", "/v2/models/iris-logreg/versions/9.9.9/infer", jsonCT, `{}`, 404, `version "9.9.9"`},
		{"unknown model metadata", "GET", "/v2/models/mnist", "", ``, 404, "model not found"},
		{"infer malformed", "POST", "/v2/models/iris-logreg/infer", jsonCT, `{"inputs":[`, 400, "truncated"},
		{"infer wrong content type", "POST", "/v2/models/iris-logreg/infer", "text/csv", `1,2,3,4`, 415, "unsupported media type"},
		{"infer strings", "POST", "/v2/models/iris-logreg/infer", jsonCT,
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":["a","b","c","d"]}]}`, 400, "want a number, got a string"},
		{"infer unknown field", "POST", "/v2/models/iris-logreg/infer", jsonCT,
			`{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"priority":1}`, 400, `unknown field "priority"`},
		{"infer shape mismatch", "POST", "/v2/models/iris-logreg/infer", jsonCT,
			`{"inputs":[{"name":"input-0","shape":[2,4],"datatype":"FP32","data":[1,2,3,4]}]}`, 400, "4 values, but the shape gives 8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			rec := ts.do(tc.givenMethod, tc.givenPath, tc.givenContentType, tc.givenBody)
			assert.Equal(t, tc.expectStatus, rec.Code)
			assert.Equal(t, jsonCT, rec.Header().Get("Content-Type"))
			var body api.ErrorResponse
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
			assert.Contains(t, body.Error, tc.expectErrorSubstr)
		})
	}
}

func TestPredictBodyOverLimitWithoutContentLength(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	// With no Content-Length (a chunked upload) the limit is enforced while reading.
	body := `{"instances":[` + strings.Repeat(`[5.1,3.5,1.4,0.2],`, 200) + `[1,2,3,4]]}`
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/predict", strings.NewReader(body))
	req.ContentLength = -1
	req.Header.Set("Content-Type", jsonCT)
	rec := httptest.NewRecorder()
	ts.Handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Contains(t, rec.Body.String(), "IRIS_BODY_LIMIT")
}

func TestPredictCountsClasses(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t, nil, nil)

	rec := ts.do(http.MethodPost, "/predict", jsonCT, `{"instances":[[5.1,3.5,1.4,0.2],[5.0,3.4,1.5,0.2],[6.7,3.0,5.2,2.3]]}`)
	require.Equal(t, http.StatusOK, rec.Code)
	metrics := ts.do(http.MethodGet, "/metrics", "", "").Body.String()
	assert.Contains(t, metrics, `irisd_predictions_total{class="setosa"} 2`)
	assert.Contains(t, metrics, `irisd_predictions_total{class="virginica"} 1`)
	assert.Contains(t, metrics, `irisd_predictions_total{class="versicolor"} 0`)
}

func BenchmarkPredictHandler(b *testing.B) {
	row := `[5.1,3.5,1.4,0.2]`
	cases := []struct {
		name string
		body string
	}{
		{"single", `{"instance":` + row + `}`},
		{"batch100", `{"instances":[` + strings.Repeat(row+",", 99) + row + `]}`},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			ts := newTestServer(b, nil, map[string]string{"IRIS_MAX_BATCH": "1000", "IRIS_BODY_LIMIT": "1MiB"})
			ts.logger = discardLogger()
			h := ts.Handler()
			body := []byte(bc.body)
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				req := httptestRequest(body)
				rec := newDiscardRecorder()
				h.ServeHTTP(rec, req)
				if rec.code != http.StatusOK {
					b.Fatalf("status %d", rec.code)
				}
			}
		})
	}
}
