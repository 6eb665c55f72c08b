// Package server is irisd's HTTP server: the echo application with its
// routes (routes.go), one handler per handle_*.go file, middleware, the
// central JSON error handler, and Run with graceful shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/irisinfer/irisinfer/service/internal/api"
	"github.com/irisinfer/irisinfer/service/internal/buildinfo"
	"github.com/irisinfer/irisinfer/service/internal/config"
	"github.com/irisinfer/irisinfer/service/internal/metrics"
)

// Model is what the server needs from a model; *model.Model implements it.
type Model interface {
	Name() string
	Version() string
	Checksum() string
	Features() []string
	Classes() []string
	// PredictInto writes the class probabilities of row x into dst and
	// returns the most probable class.
	PredictInto(dst, x []float64) (int, error)
}

// maxHeaderBytes bounds request headers; the API needs only a few small ones.
const maxHeaderBytes = 32 << 10

// Server serves one model over HTTP.
type Server struct {
	cfg     *config.Config
	model   Model
	logger  *slog.Logger
	metrics *metrics.Metrics
	echo    *echo.Echo

	ready     atomic.Bool
	startedAt time.Time

	// Derived once from the model so handlers do no per-request setup.
	features    []string
	classes     []string
	predictSpec api.PredictSpec
	inferSpec   api.InferSpec
	modelRef    api.ModelRef
	routeSet    map[string]bool
}

// Option customises a Server.
type Option func(*Server)

// WithStartTime sets the process start, from which the startup log line
// measures time to ready. It defaults to the call to New.
func WithStartTime(t time.Time) Option {
	return func(s *Server) { s.startedAt = t }
}

// New builds the server for model m. It registers the service's metrics on
// reg. The server reports ready only once Run has verified the model.
func New(cfg *config.Config, m Model, logger *slog.Logger, reg *prometheus.Registry, opts ...Option) (*Server, error) {
	if cfg == nil || m == nil || logger == nil || reg == nil {
		return nil, errors.New("server.New: config, model, logger and registry are required")
	}
	met, err := metrics.New(reg, m)
	if err != nil {
		return nil, fmt.Errorf("metrics.New: %w", err)
	}
	s := &Server{
		cfg:       cfg,
		model:     m,
		logger:    logger,
		metrics:   met,
		startedAt: time.Now(),
		features:  m.Features(),
		classes:   m.Classes(),
		modelRef:  api.ModelRef{Name: m.Name(), Version: m.Version()},
	}
	s.predictSpec = api.PredictSpec{Features: s.features, MaxBatch: cfg.MaxBatch}
	s.inferSpec = api.InferSpec{NumFeatures: len(s.features), MaxBatch: cfg.MaxBatch}
	for _, o := range opts {
		o(s)
	}
	s.echo = s.newEcho()
	return s, nil
}

// Handler returns the HTTP handler with all routes and middleware.
func (s *Server) Handler() http.Handler { return s.echo }

// Run listens on the configured address and serves until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on IRIS_ADDR=%q: %w", s.cfg.Addr, err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting connections, lets in-flight requests finish within the shutdown
// timeout and returns nil; it returns an error if requests had to be cut off.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: s.cfg.ReadTimeout,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	if err := s.becomeReady(); err != nil {
		_ = srv.Close()
		return errors.Join(err, ignoreClosed(<-serveErr))
	}
	s.logger.Info("ready",
		slog.String("version", buildinfo.Version),
		slog.String("commit", buildinfo.Commit),
		slog.String("model", s.model.Name()),
		slog.String("model_version", s.model.Version()),
		slog.String("model_checksum", s.model.Checksum()),
		slog.String("addr", ln.Addr().String()),
		slog.Duration("time_to_ready", time.Since(s.startedAt)),
	)

	select {
	case err := <-serveErr:
		return fmt.Errorf("http.Server.Serve: %w", err)
	case <-ctx.Done():
	}

	s.ready.Store(false) // readiness probes fail while draining
	s.logger.Info("shutting down", slog.Duration("timeout", s.cfg.ShutdownTimeout))
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
		return errors.Join(
			fmt.Errorf("http.Server.Shutdown: in-flight requests did not finish within %s (IRIS_SHUTDOWN_TIMEOUT): %w",
				s.cfg.ShutdownTimeout, err),
			ignoreClosed(<-serveErr))
	}
	if err := ignoreClosed(<-serveErr); err != nil {
		return fmt.Errorf("http.Server.Serve: %w", err)
	}
	s.logger.Info("stopped")
	return nil
}

// ignoreClosed drops http.ErrServerClosed, which Serve returns after every
// Shutdown or Close.
func ignoreClosed(err error) error {
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Ready reports whether the model is verified and the server is not draining.
func (s *Server) Ready() bool { return s.ready.Load() }

// becomeReady verifies the model with a prediction and marks the server ready.
func (s *Server) becomeReady() error {
	if err := verifyModel(s.model); err != nil {
		return fmt.Errorf("model %s %s failed verification: %w", s.model.Name(), s.model.Version(), err)
	}
	s.ready.Store(true)
	return nil
}
