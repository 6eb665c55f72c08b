package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const committedPath = "../../artifacts/iris.json"

func TestRun(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	damaged := filepath.Join(t.TempDir(), "damaged.json")
	require.NoError(t, os.WriteFile(damaged, bytes.Replace(data, []byte(`"seed": 42`), []byte(`"seed": 43`), 1), 0o600))

	tests := []struct {
		name         string
		givenArgs    []string
		expectCode   int
		expectStdout string
		expectStderr string
	}{
		{"pass", []string{"-model", committedPath}, 0, "accuracy 0.9667 (minimum 0.9300", ""},
		{"below minimum", []string{"-model", committedPath, "-min-accuracy", "0.99"}, 1, "accuracy 0.9667", "FAIL: " + committedPath + ": train.Evaluate: accuracy below threshold"},
		{"damaged artifact", []string{"-model", damaged}, 1, "", "artifact failed verification"},
		{"missing artifact", []string{"-model", filepath.Join(t.TempDir(), "none.json")}, 1, "", "no such file"},
		{"bad flag", []string{"-nope"}, 2, "", "flag provided but not defined"},
		{"stray argument", []string{"-model", committedPath, "extra"}, 2, "", `unexpected arguments ["extra"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			code := run(tt.givenArgs, &stdout, &stderr)
			assert.Equal(t, tt.expectCode, code, "stderr: %s", stderr.String())
			assert.Contains(t, stdout.String(), tt.expectStdout)
			assert.Contains(t, stderr.String(), tt.expectStderr)
			if code == 0 {
				assert.True(t, strings.HasSuffix(stdout.String(), "PASS\n"))
				assert.Empty(t, stderr.String())
			}
		})
	}
}
