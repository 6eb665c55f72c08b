package model_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
)

// committedPath is the committed artifact, relative to this package.
const committedPath = "artifacts/iris.json"

// committedArtifact decodes the committed artifact into a fresh value that a
// test may change.
func committedArtifact(t *testing.T) *model.Artifact {
	t.Helper()
	data, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	var a model.Artifact
	require.NoError(t, json.Unmarshal(data, &a))
	return &a
}

// resealed encodes a with a freshly computed checksum but without
// validation, to build artifacts that are damaged yet correctly checksummed.
func resealed(t *testing.T, a *model.Artifact) []byte {
	t.Helper()
	sum, err := a.ComputeChecksum()
	require.NoError(t, err)
	a.Checksum = sum
	data, err := json.MarshalIndent(a, "", "  ")
	require.NoError(t, err)
	return data
}

func embedded(t testing.TB) *model.Model {
	t.Helper()
	m, err := model.Embedded()
	require.NoError(t, err)
	return m
}
