// Package logging builds the service's log/slog logger from its configuration.
package logging

import (
	"io"
	"log/slog"

	"github.com/irisinfer/irisinfer/service/internal/config"
)

// New returns a logger writing format (JSON or text) lines at level and above to w.
func New(w io.Writer, level slog.Level, format config.LogFormat) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == config.LogFormatText {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
