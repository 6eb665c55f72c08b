package model_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
)

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	committed, err := os.ReadFile(committedPath)
	require.NoError(t, err)
	a := committedArtifact(t)
	a.Checksum = "stale"

	var buf bytes.Buffer
	require.NoError(t, a.Encode(&buf))
	assert.Equal(t, string(committed), buf.String(), "decoding and encoding gives the same bytes")
	assert.True(t, strings.HasSuffix(buf.String(), "}\n"))
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, a.Checksum, "Encode sets the checksum")

	sum, err := a.ComputeChecksum()
	require.NoError(t, err)
	assert.Equal(t, a.Checksum, sum, "the checksum does not cover itself")
}

func TestChecksumCoversValues(t *testing.T) {
	t.Parallel()
	a := committedArtifact(t)
	before, err := a.ComputeChecksum()
	require.NoError(t, err)
	a.Training.Seed++
	after, err := a.ComputeChecksum()
	require.NoError(t, err)
	assert.NotEqual(t, before, after)
}

func TestEncodeRejectsInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		whenEdit  func(a *model.Artifact)
		expectErr error
		expectMsg string
	}{
		{"NaN weight", func(a *model.Artifact) { a.Weights[0][3] = math.NaN() }, model.ErrValue, "weights[0][3] is NaN"},
		{"infinite bias", func(a *model.Artifact) { a.Bias[2] = math.Inf(1) }, model.ErrValue, "bias[2] is +Inf"},
		{"infinite mean", func(a *model.Artifact) { a.Scaling.Mean[1] = math.Inf(-1) }, model.ErrValue, "scaling.mean[1] is -Inf"},
		{"NaN log-loss", func(a *model.Artifact) { a.Training.TestLogLoss = math.NaN() }, model.ErrValue, "test_log_loss is NaN"},
		{"old format", func(a *model.Artifact) { a.Format = 0 }, model.ErrFormat, "format 0"},
		{"shape", func(a *model.Artifact) { a.Bias = nil }, model.ErrShape, "0 biases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := committedArtifact(t)
			tt.whenEdit(a)
			var buf bytes.Buffer
			err := a.Encode(&buf)
			assert.ErrorIs(t, err, tt.expectErr)
			assert.ErrorContains(t, err, tt.expectMsg)
			assert.Zero(t, buf.Len(), "nothing is written")
			_, err = model.New(a)
			assert.ErrorIs(t, err, tt.expectErr, "New validates too")
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeWriteError(t *testing.T) {
	t.Parallel()
	err := committedArtifact(t).Encode(failWriter{})
	assert.ErrorContains(t, err, "disk full")
}
