package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		givenArgs    []string
		expectCode   int
		expectStderr string
	}{
		{"no tarball", nil, 2, "usage"},
		{"two tarballs", []string{"a.tar", "b.tar"}, 2, "usage"},
		{"missing tarball", []string{filepath.Join(t.TempDir(), "none.tar")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			assert.Equal(t, tt.expectCode, run(tt.givenArgs, &stdout, &stderr))
			assert.Contains(t, stderr.String(), tt.expectStderr)
			assert.Empty(t, stdout.String())
		})
	}
}
