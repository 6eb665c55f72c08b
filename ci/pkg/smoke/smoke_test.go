package smoke

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeService answers readiness after notReadyFor polls and predictions with
// the given output label.
func fakeService(t *testing.T, notReadyFor int32, label string, predictStatus int) *httptest.Server {
	t.Helper()
	var polls atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		if polls.Add(1) <= notReadyFor {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST /v2/models/iris-logreg/infer", func(w http.ResponseWriter, r *http.Request) {
		var req inferRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Inputs) != 1 {
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		if predictStatus != http.StatusOK {
			http.Error(w, `{"error":"boom"}`, predictStatus)
			return
		}
		_, _ = w.Write([]byte(`{"model_name":"iris-logreg","outputs":[` +
			`{"name":"probabilities","datatype":"FP64","shape":[1,3],"data":[0.97,0.02,0.01]},` +
			`{"name":"label","datatype":"BYTES","shape":[1],"data":["` + label + `"]}]}`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestCheckRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		givenNotReady int32
		givenLabel    string
		givenStatus   int
		givenModel    string
		expectErrIs   error
		expectText    string
	}{
		{name: "ready at once", givenLabel: "setosa", givenStatus: http.StatusOK, givenModel: DefaultModel, expectText: `predicted "setosa"`},
		{name: "ready after polls", givenNotReady: 2, givenLabel: "setosa", givenStatus: http.StatusOK, givenModel: DefaultModel, expectText: "smoke ok"},
		{name: "never ready", givenNotReady: 100, givenLabel: "setosa", givenStatus: http.StatusOK, givenModel: DefaultModel, expectErrIs: ErrNotReady, expectText: "status 503"},
		{name: "wrong label", givenLabel: "virginica", givenStatus: http.StatusOK, givenModel: DefaultModel, expectErrIs: ErrWrongPrediction, expectText: `no output holds the label "setosa"`},
		{name: "server error", givenLabel: "setosa", givenStatus: http.StatusInternalServerError, givenModel: DefaultModel, expectErrIs: ErrWrongPrediction, expectText: "status 500"},
		{name: "unknown model", givenLabel: "setosa", givenStatus: http.StatusOK, givenModel: "nope", expectErrIs: ErrWrongPrediction, expectText: "status 404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := fakeService(t, tt.givenNotReady, tt.givenLabel, tt.givenStatus)
			check := Check{BaseURL: srv.URL, Model: tt.givenModel, Features: DefaultFeatures, Expect: DefaultExpect, Attempts: 3, Client: srv.Client()}
			line, err := check.Run(context.Background())
			if tt.expectErrIs != nil {
				require.ErrorIs(t, err, tt.expectErrIs)
				assert.Contains(t, err.Error(), tt.expectText)
				return
			}
			require.NoError(t, err)
			assert.Contains(t, line, tt.expectText)
		})
	}
}

func TestCheckRunUnreachable(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := Check{BaseURL: url, Model: DefaultModel, Expect: DefaultExpect, Attempts: 2}.Run(context.Background())
	require.ErrorIs(t, err, ErrNotReady)
	assert.Contains(t, err.Error(), "after 2 attempts")
}

func TestCheckRunCancelled(t *testing.T) {
	t.Parallel()
	srv := fakeService(t, 100, "setosa", http.StatusOK)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Check{BaseURL: srv.URL, Model: DefaultModel, Attempts: 5, Client: srv.Client()}.Run(ctx)
	require.ErrorIs(t, err, ErrNotReady)
	require.ErrorIs(t, err, context.Canceled)
}
