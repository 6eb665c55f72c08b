package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
)

// discardLogger formats log lines like production but throws them away.
func discardLogger() *slog.Logger { return slog.New(slog.NewJSONHandler(io.Discard, nil)) }

func httptestRequest(body []byte) *http.Request {
	req := httptest.NewRequestWithContext(context.Background(), http.MethodPost, "/predict", bytes.NewReader(body))
	req.Header.Set("Content-Type", jsonCT)
	return req
}

// discardRecorder is a ResponseWriter that keeps only the status, so
// benchmarks measure the handler rather than httptest's bookkeeping.
type discardRecorder struct {
	header http.Header
	code   int
}

func newDiscardRecorder() *discardRecorder { return &discardRecorder{header: http.Header{}} }

func (d *discardRecorder) Header() http.Header         { return d.header }
func (d *discardRecorder) Write(p []byte) (int, error) { return io.Discard.Write(p) }
func (d *discardRecorder) WriteHeader(code int)        { d.code = code }
