package api

import (
	"errors"
	"net/http"
)

// Sentinel errors of the API; StatusCode maps each to its HTTP status.
var (
	// ErrInvalidRequest: the request body is malformed or violates the schema.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrUnsupportedMediaType: the body is not declared as application/json.
	ErrUnsupportedMediaType = errors.New("unsupported media type")
	// ErrBodyTooLarge: the body exceeds the configured limit.
	ErrBodyTooLarge = errors.New("request body too large")
	// ErrModelNotFound: the URL names a model or version this server does not serve.
	ErrModelNotFound = errors.New("model not found")
	// ErrNotReady: the model is not loaded and verified yet.
	ErrNotReady = errors.New("not ready")
)

// statusCodes is the one table from sentinel error to HTTP status.
var statusCodes = []struct {
	err  error
	code int
}{
	{ErrInvalidRequest, http.StatusBadRequest},
	{ErrUnsupportedMediaType, http.StatusUnsupportedMediaType},
	{ErrBodyTooLarge, http.StatusRequestEntityTooLarge},
	{ErrModelNotFound, http.StatusNotFound},
	{ErrNotReady, http.StatusServiceUnavailable},
}

// StatusCode returns the HTTP status for err, or 500 when err wraps none of
// the API's sentinel errors.
func StatusCode(err error) int {
	for _, sc := range statusCodes {
		if errors.Is(err, sc.err) {
			return sc.code
		}
	}
	return http.StatusInternalServerError
}

// ErrorResponse is the body of every error response.
type ErrorResponse struct {
	Error string `json:"error"`
}
