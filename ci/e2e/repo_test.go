package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// repoRoot is the repository root: the tests run in ci/e2e.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := repoRootDir()
	require.NoError(t, err)
	return root
}

func repoRootDir() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", fmt.Errorf("filepath.Abs: %w", err)
	}
	if _, err := os.Stat(filepath.Join(root, "Dockerfile")); err != nil {
		return "", fmt.Errorf("the repository root should hold the Dockerfile: %w", err)
	}
	return root, nil
}
