// Command irisd serves the Iris classifier over HTTP: irisd's own JSON API
// (POST /predict), the Open Inference Protocol v2 REST API, health probes and
// Prometheus metrics. It is configured only through IRIS_* environment
// variables (see service/CONFIG.md); "irisd -version" prints the build.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/sethvargo/go-envconfig"

	"github.com/irisinfer/irisinfer/model"
	"github.com/irisinfer/irisinfer/service/internal/buildinfo"
	"github.com/irisinfer/irisinfer/service/internal/config"
	"github.com/irisinfer/irisinfer/service/internal/logging"
	"github.com/irisinfer/irisinfer/service/internal/server"
)

func main() {
	ctx, done := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := realMain(ctx)
	done()
	if err != nil {
		fmt.Fprintf(os.Stderr, "irisd: %v\n", err)
		os.Exit(1)
	}
}

func realMain(ctx context.Context) error {
	start := time.Now()
	showVersion := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *showVersion || flag.Arg(0) == "version" {
		fmt.Printf("irisd %s (commit %s)\n", buildinfo.Version, buildinfo.Commit)
		return nil
	}
	if flag.NArg() > 0 {
		return fmt.Errorf("unknown argument %q: irisd takes only -version; configure it with IRIS_* variables", flag.Arg(0))
	}

	cfg, err := config.Load(ctx, envconfig.OsLookuper())
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	logger := logging.New(os.Stdout, cfg.LogLevel.Level(), cfg.LogFormat)

	m, err := loadModel(cfg.ModelPath)
	if err != nil {
		return err
	}
	srv, err := server.New(cfg, m, logger, prometheus.NewRegistry(), server.WithStartTime(start))
	if err != nil {
		return fmt.Errorf("server.New: %w", err)
	}
	return srv.Run(ctx)
}

// loadModel reads the model from path, or the embedded one when path is empty.
func loadModel(path string) (*model.Model, error) {
	if path == "" {
		m, err := model.Embedded()
		if err != nil {
			return nil, fmt.Errorf("model.Embedded: %w", err)
		}
		return m, nil
	}
	m, err := model.LoadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load model from IRIS_MODEL_PATH=%q: %w (point it at a model artifact, or unset it to serve the embedded model)", path, err)
	}
	return m, nil
}
