package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
)

func TestRunWritesCommittedArtifact(t *testing.T) {
	t.Parallel()
	committed, err := os.ReadFile("../../artifacts/iris.json")
	require.NoError(t, err)
	m, err := model.Load(strings.NewReader(string(committed)))
	require.NoError(t, err)

	out := filepath.Join(t.TempDir(), "iris.json")
	var stdout strings.Builder
	require.NoError(t, run([]string{"-out", out, "-version", m.Version()}, &stdout, &strings.Builder{}))
	written, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(committed), string(written))
	assert.Contains(t, stdout.String(), "wrote "+out+": iris-logreg "+m.Version()+" "+m.Checksum())

	entries, err := os.ReadDir(filepath.Dir(out))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestRunVersion(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "iris.json")
	require.NoError(t, run([]string{"-out", out, "-version", "2.0.0-rc.1"}, &strings.Builder{}, &strings.Builder{}))
	m, err := model.LoadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "2.0.0-rc.1", m.Version())
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		givenArgs func(dir string) []string
		expectMsg string
	}{
		{"bad version", func(dir string) []string { return []string{"-out", filepath.Join(dir, "a.json"), "-version", "one"} }, `version "one"`},
		{"missing directory", func(dir string) []string { return []string{"-out", filepath.Join(dir, "no", "a.json")} }, "create temporary file"},
		{"stray argument", func(string) []string { return []string{"x"} }, "unexpected arguments"},
		{"bad flag", func(string) []string { return []string{"-nope"} }, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var stderr strings.Builder
			err := run(tt.givenArgs(dir), &strings.Builder{}, &stderr)
			require.ErrorContains(t, err, tt.expectMsg)
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Empty(t, entries, "a failed run writes nothing")
		})
	}
}
