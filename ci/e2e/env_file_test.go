package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadEnvFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		givenText string
		expect    map[string]string
		expectErr bool
	}{
		{"as up.sh writes it", "# comment\nexport DOCKER=/usr/bin/docker\nexport IRISINFER_REGISTRY=127.0.0.1:5000\n",
			map[string]string{"DOCKER": "/usr/bin/docker", "IRISINFER_REGISTRY": "127.0.0.1:5000"}, false},
		{"quoted values", "export A='x y'\nB=\"z\"\n\n", map[string]string{"A": "x y", "B": "z"}, false},
		{"not an assignment", "export A\n", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "env")
			require.NoError(t, os.WriteFile(path, []byte(tt.givenText), 0o600))
			got := map[string]string{}
			err := readEnvFile(path, got)
			if tt.expectErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.expect, got)
		})
	}
	got := map[string]string{}
	require.NoError(t, readEnvFile(filepath.Join(t.TempDir(), "missing"), got), "no env file means no settings")
	assert.Empty(t, got)
}
