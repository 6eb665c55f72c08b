package config

import (
	"context"
	"flag"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/sethvargo/go-envconfig"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite CONFIG.md from the Config struct tags")

// configDoc is CONFIG.md relative to this package.
const configDoc = "../../CONFIG.md"

func TestLoadDefaults(t *testing.T) {
	t.Parallel()

	got, err := Load(context.Background(), envconfig.MapLookuper(nil))
	require.NoError(t, err)
	want := &Config{
		Addr:            ":8080",
		LogLevel:        LogLevel(0), // slog.LevelInfo
		LogFormat:       LogFormatJSON,
		MaxBatch:        1000,
		BodyLimit:       1 << 20,
		ReadTimeout:     5 * time.Second,
		WriteTimeout:    10 * time.Second,
		IdleTimeout:     60 * time.Second,
		ShutdownTimeout: 15 * time.Second,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadValid(t *testing.T) {
	t.Parallel()

	got, err := Load(context.Background(), envconfig.MapLookuper(map[string]string{
		"IRIS_ADDR":             "127.0.0.1:0",
		"IRIS_MODEL_PATH":       "/models/iris.json",
		"IRIS_LOG_LEVEL":        "debug",
		"IRIS_LOG_FORMAT":       "text",
		"IRIS_MAX_BATCH":        "5",
		"IRIS_BODY_LIMIT":       "64KB",
		"IRIS_READ_TIMEOUT":     "250ms",
		"IRIS_WRITE_TIMEOUT":    "1m",
		"IRIS_IDLE_TIMEOUT":     "2s",
		"IRIS_SHUTDOWN_TIMEOUT": "3s",
	}))
	require.NoError(t, err)
	want := &Config{
		Addr:            "127.0.0.1:0",
		ModelPath:       "/models/iris.json",
		LogLevel:        LogLevel(-4), // slog.LevelDebug
		LogFormat:       LogFormatText,
		MaxBatch:        5,
		BodyLimit:       64_000,
		ReadTimeout:     250 * time.Millisecond,
		WriteTimeout:    time.Minute,
		IdleTimeout:     2 * time.Second,
		ShutdownTimeout: 3 * time.Second,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadInvalid(t *testing.T) {
	t.Parallel()

	cases := []struct {
		givenName  string
		givenValue string
		expectIn   []string
	}{
		{"IRIS_ADDR", "8080", []string{`IRIS_ADDR="8080"`, "host:port"}},
		{"IRIS_ADDR", ":99999", []string{`IRIS_ADDR=":99999"`, "0-65535"}},
		{"IRIS_LOG_LEVEL", "verbose", []string{`IRIS_LOG_LEVEL="verbose"`, "debug, info, warn, error"}},
		{"IRIS_LOG_FORMAT", "xml", []string{`IRIS_LOG_FORMAT="xml"`, "json, text"}},
		{"IRIS_MAX_BATCH", "-1", []string{`IRIS_MAX_BATCH="-1"`, "integer 1-100000"}},
		{"IRIS_MAX_BATCH", "0", []string{`IRIS_MAX_BATCH="0"`, "integer 1-100000"}},
		{"IRIS_MAX_BATCH", "many", []string{`IRIS_MAX_BATCH="many"`, "integer 1-100000"}},
		{"IRIS_MAX_BATCH", "100001", []string{`IRIS_MAX_BATCH="100001"`}},
		{"IRIS_BODY_LIMIT", "1 parsec", []string{`IRIS_BODY_LIMIT="1 parsec"`, "KiB"}},
		{"IRIS_BODY_LIMIT", "10", []string{`IRIS_BODY_LIMIT="10B"`, "1KiB-1GiB"}},
		{"IRIS_BODY_LIMIT", "2GiB", []string{`IRIS_BODY_LIMIT="2GiB"`, "1KiB-1GiB"}},
		{"IRIS_READ_TIMEOUT", "soon", []string{`IRIS_READ_TIMEOUT="soon"`, "positive Go duration"}},
		{"IRIS_WRITE_TIMEOUT", "0s", []string{`IRIS_WRITE_TIMEOUT="0s"`, "positive Go duration"}},
		{"IRIS_IDLE_TIMEOUT", "-1s", []string{`IRIS_IDLE_TIMEOUT="-1s"`}},
		{"IRIS_SHUTDOWN_TIMEOUT", "10", []string{`IRIS_SHUTDOWN_TIMEOUT="10"`}},
	}
	for _, tc := range cases {
		t.Run(tc.givenName+"="+tc.givenValue, func(t *testing.T) {
			t.Parallel()

			_, err := Load(context.Background(), envconfig.MapLookuper(map[string]string{tc.givenName: tc.givenValue}))
			require.Error(t, err)
			for _, want := range tc.expectIn {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

func TestLoadReportsEveryRangeError(t *testing.T) {
	t.Parallel()

	_, err := Load(context.Background(), envconfig.MapLookuper(map[string]string{
		"IRIS_MAX_BATCH": "0", "IRIS_READ_TIMEOUT": "0s",
	}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "IRIS_MAX_BATCH")
	assert.Contains(t, err.Error(), "IRIS_READ_TIMEOUT")
}

func TestParseByteSize(t *testing.T) {
	t.Parallel()

	cases := []struct {
		given     string
		expect    ByteSize
		expectErr bool
	}{
		{given: "1MiB", expect: 1 << 20},
		{given: "64KB", expect: 64_000},
		{given: "64kib", expect: 64 << 10},
		{given: "2 GB", expect: 2_000_000_000},
		{given: "512", expect: 512},
		{given: "512B", expect: 512},
		{given: "", expectErr: true},
		{given: "MiB", expectErr: true},
		{given: "1.5MiB", expectErr: true},
		{given: "-1KiB", expectErr: true},
		{given: "99999999999999GiB", expectErr: true},
	}
	for _, tc := range cases {
		got, err := ParseByteSize(tc.given)
		if tc.expectErr {
			assert.Error(t, err, "ParseByteSize(%q)", tc.given)
			continue
		}
		require.NoError(t, err, "ParseByteSize(%q)", tc.given)
		assert.Equal(t, tc.expect, got, "ParseByteSize(%q)", tc.given)
	}
}

func TestByteSizeString(t *testing.T) {
	t.Parallel()

	assert.Equal(t, "1MiB", ByteSize(1<<20).String())
	assert.Equal(t, "64000B", ByteSize(64_000).String())
	assert.Equal(t, "3KiB", ByteSize(3<<10).String())
}

func TestVariablesCoverEveryField(t *testing.T) {
	t.Parallel()

	vars := Variables()
	require.Len(t, vars, len(fieldTags()))
	seen := map[string]bool{}
	for _, v := range vars {
		assert.Regexp(t, `^IRIS_[A-Z_]+$`, v.Name)
		assert.NotEmpty(t, v.Doc, v.Name)
		assert.NotEmpty(t, v.Allowed, v.Name)
		assert.False(t, seen[v.Name], "duplicate %s", v.Name)
		seen[v.Name] = true
	}
	// Spot-check one entry so a tag parsing bug cannot pass silently.
	assert.Contains(t, vars, Variable{
		Name: "IRIS_MAX_BATCH", Default: "1000", Allowed: "integer 1-100000",
		Doc: "Largest number of instances accepted in one request.", field: "MaxBatch",
	})
}

// TestConfigMarkdown fails when CONFIG.md differs from what the Config tags
// render; run with -update to regenerate it.
func TestConfigMarkdown(t *testing.T) {
	got := Markdown()
	if *update {
		require.NoError(t, os.WriteFile(configDoc, got, 0o644))
	}
	want, err := os.ReadFile(configDoc)
	require.NoError(t, err, "CONFIG.md missing: run go test ./service/internal/config -run TestConfigMarkdown -update")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("CONFIG.md is stale; run go test ./service/internal/config -run TestConfigMarkdown -update (-file +rendered):\n%s", diff)
	}
}
