package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFuzzCorpusThroughHandlers replays the decoders' committed fuzz corpus
// through the full handler chain: every body gets a 2xx or a 4xx, never a 5xx.
func TestFuzzCorpusThroughHandlers(t *testing.T) {
	t.Parallel()
	// The corpus was written for the decoders' tests, which cap batches at 3.
	ts := newTestServer(t, nil, map[string]string{"IRIS_MAX_BATCH": "3"})

	targets := map[string]string{
		"FuzzDecodePredict": "/predict",
		"FuzzDecodeInfer":   "/v2/models/iris-logreg/infer",
	}
	for fuzzName, path := range targets {
		files, err := filepath.Glob(filepath.Join("..", "api", "testdata", "fuzz", fuzzName, "*"))
		require.NoError(t, err)
		require.NotEmpty(t, files, "no seed corpus for %s", fuzzName)
		for _, f := range files {
			body := readCorpusEntry(t, f)
			rec := ts.do(http.MethodPost, path, jsonCT, body)
			assert.True(t, rec.Code < 500, "%s: status %d: %s", f, rec.Code, rec.Body.String())
			if strings.HasPrefix(filepath.Base(f), "valid_") {
				assert.Equal(t, http.StatusOK, rec.Code, "%s: %s", f, rec.Body.String())
			} else {
				assert.GreaterOrEqual(t, rec.Code, 400, "%s must be rejected", f)
			}
		}
	}
}

// readCorpusEntry decodes a one-value "go test fuzz v1" file holding []byte.
func readCorpusEntry(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	header, value, ok := strings.Cut(strings.TrimSpace(string(raw)), "\n")
	require.True(t, ok && header == "go test fuzz v1", "%s: not a fuzz corpus file", path)
	quoted, ok := strings.CutPrefix(value, "[]byte(")
	require.True(t, ok, "%s: want a []byte value", path)
	s, err := strconv.Unquote(strings.TrimSuffix(quoted, ")"))
	require.NoError(t, err, path)
	return s
}
