// Package config loads the service configuration from IRIS_* environment
// variables. The Config struct is the single source of truth: its struct tags
// carry each variable's name, default, allowed values and documentation, and
// Variables renders them for CONFIG.md and the runbook.
package config

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/sethvargo/go-envconfig"
)

// Prefix is prepended to every variable name in the Config struct tags.
const Prefix = "IRIS_"

// Limits on numeric settings; values outside them are rejected at start.
const (
	MaxBatchLimit = 100_000
	MinBodyLimit  = ByteSize(1 << 10)
	MaxBodyLimit  = ByteSize(1 << 30)
)

// Config is the complete runtime configuration of irisd. Tags: env (name and
// default, read by go-envconfig), allowed (the accepted values, shown in error
// messages and docs) and doc (one-line description).
type Config struct {
	Addr            string        `env:"ADDR, default=:8080" allowed:"host:port; port 0-65535 (0 picks a free port)" doc:"Address the HTTP server listens on."`
	ModelPath       string        `env:"MODEL_PATH" allowed:"path to a model JSON file, or empty" doc:"Model artifact to serve; empty serves the model embedded in the binary."`
	LogLevel        LogLevel      `env:"LOG_LEVEL, default=info" allowed:"debug, info, warn, error" doc:"Minimum level of log lines written to stdout."`
	LogFormat       LogFormat     `env:"LOG_FORMAT, default=json" allowed:"json, text" doc:"Log line format: JSON for machines, text for people."`
	MaxBatch        int           `env:"MAX_BATCH, default=1000" allowed:"integer 1-100000" doc:"Largest number of instances accepted in one request."`
	BodyLimit       ByteSize      `env:"BODY_LIMIT, default=1MiB" allowed:"size 1KiB-1GiB: plain bytes or with unit B, KB, MB, GB (powers of 1000), KiB, MiB, GiB (powers of 1024)" doc:"Largest request body accepted; larger bodies get 413."`
	ReadTimeout     time.Duration `env:"READ_TIMEOUT, default=5s" allowed:"positive Go duration, e.g. 500ms, 5s, 1m" doc:"Time allowed to read a whole request, headers and body."`
	WriteTimeout    time.Duration `env:"WRITE_TIMEOUT, default=10s" allowed:"positive Go duration, e.g. 500ms, 5s, 1m" doc:"Time allowed from the end of the request headers to the end of the response."`
	IdleTimeout     time.Duration `env:"IDLE_TIMEOUT, default=60s" allowed:"positive Go duration, e.g. 500ms, 5s, 1m" doc:"How long an idle keep-alive connection stays open."`
	ShutdownTimeout time.Duration `env:"SHUTDOWN_TIMEOUT, default=15s" allowed:"positive Go duration, e.g. 500ms, 5s, 1m" doc:"On SIGTERM/SIGINT, how long in-flight requests may take to finish before the server stops."`
}

// Load reads the configuration through lookuper (envconfig.OsLookuper() in
// production, envconfig.MapLookuper in tests) and validates it. Every error
// names the variable, the bad value and what is allowed.
func Load(ctx context.Context, lookuper envconfig.Lookuper) (*Config, error) {
	var cfg Config
	err := envconfig.ProcessWith(ctx, &envconfig.Config{
		Target:   &cfg,
		Lookuper: envconfig.PrefixLookuper(Prefix, lookuper),
	})
	if err != nil {
		return nil, describeDecodeError(err, lookuper)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// Validate checks the ranges that decoding alone does not enforce.
func (c *Config) Validate() error {
	var errs []error
	if err := validateAddr(c.Addr); err != nil {
		errs = append(errs, invalid("Addr", c.Addr, err))
	}
	if c.MaxBatch < 1 || c.MaxBatch > MaxBatchLimit {
		errs = append(errs, invalid("MaxBatch", strconv.Itoa(c.MaxBatch), nil))
	}
	if c.BodyLimit < MinBodyLimit || c.BodyLimit > MaxBodyLimit {
		errs = append(errs, invalid("BodyLimit", c.BodyLimit.String(), nil))
	}
	timeouts := []struct {
		field string
		d     time.Duration
	}{
		{"ReadTimeout", c.ReadTimeout}, {"WriteTimeout", c.WriteTimeout},
		{"IdleTimeout", c.IdleTimeout}, {"ShutdownTimeout", c.ShutdownTimeout},
	}
	for _, t := range timeouts {
		if t.d <= 0 {
			errs = append(errs, invalid(t.field, t.d.String(), nil))
		}
	}
	return errors.Join(errs...)
}

func validateAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("net.SplitHostPort: %w", err)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number 0-65535", port)
	}
	return nil
}

// invalid builds the user-facing error for a field: variable, value, allowed values.
func invalid(field, value string, cause error) error {
	v, ok := variableByField(field)
	if !ok { // unreachable: every field has a variable
		return fmt.Errorf("config field %s: invalid value %q", field, value)
	}
	msg := fmt.Sprintf("%s=%q is invalid: want %s", v.Name, value, v.Allowed)
	if cause != nil {
		return fmt.Errorf("%s (%w)", msg, cause)
	}
	return errors.New(msg)
}

// describeDecodeError turns go-envconfig's "Field: cause" errors into
// messages that name the environment variable rather than the Go field.
func describeDecodeError(err error, lookuper envconfig.Lookuper) error {
	field, _, ok := strings.Cut(err.Error(), ":")
	if v, known := variableByField(field); ok && known {
		value, _ := lookuper.Lookup(v.Name)
		return invalid(field, value, errors.Unwrap(err))
	}
	return fmt.Errorf("envconfig.ProcessWith: %w", err)
}

// LogLevel is a slog level named debug, info, warn or error.
type LogLevel slog.Level

// EnvDecode implements envconfig.Decoder.
func (l *LogLevel) EnvDecode(val string) error {
	switch strings.ToLower(val) {
	case "debug":
		*l = LogLevel(slog.LevelDebug)
	case "info":
		*l = LogLevel(slog.LevelInfo)
	case "warn":
		*l = LogLevel(slog.LevelWarn)
	case "error":
		*l = LogLevel(slog.LevelError)
	default:
		return fmt.Errorf("unknown log level %q", val)
	}
	return nil
}

// Level returns the slog level.
func (l LogLevel) Level() slog.Level { return slog.Level(l) }

// LogFormat is the log line encoding.
type LogFormat string

// Log formats.
const (
	LogFormatJSON LogFormat = "json"
	LogFormatText LogFormat = "text"
)

// EnvDecode implements envconfig.Decoder.
func (f *LogFormat) EnvDecode(val string) error {
	switch LogFormat(strings.ToLower(val)) {
	case LogFormatJSON:
		*f = LogFormatJSON
	case LogFormatText:
		*f = LogFormatText
	default:
		return fmt.Errorf("unknown log format %q", val)
	}
	return nil
}

// fieldTags returns the struct fields of Config in declaration order.
func fieldTags() []reflect.StructField {
	t := reflect.TypeFor[Config]()
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i)
	}
	return fields
}
