package server

import (
	"bytes"
	"errors"
	"net/http"
	"sync"

	"github.com/irisinfer/irisinfer/service/internal/api"
)

// scratch holds the per-request buffers of the prediction handlers; pooling
// them saves the allocations that grow with the batch.
type scratch struct {
	body    bytes.Buffer
	x       []float64
	probs   []float64
	classes []int
}

// maxPooledBytes keeps the pool from pinning the memory of one huge batch.
const maxPooledBytes = 256 << 10

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(sc *scratch) {
	if sc.body.Cap() > maxPooledBytes || cap(sc.x)*8 > maxPooledBytes {
		return
	}
	scratchPool.Put(sc)
}

// readJSONBody checks the Content-Type and reads the (size-limited) body.
func readJSONBody(r *http.Request, buf *bytes.Buffer) ([]byte, error) {
	if err := requireJSON(r); err != nil {
		return nil, err
	}
	buf.Reset()
	if _, err := buf.ReadFrom(r.Body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		return nil, errors.Join(api.ErrInvalidRequest, err)
	}
	return buf.Bytes(), nil
}

// grow returns s resized to n, reusing its array when large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]T, n)
}
