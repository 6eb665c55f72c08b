package e2e

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
	"dagger/ci/pkg/scanpolicy"
)

// TestGovulncheckPassesOnShippedBinary runs the release's govulncheck gate
// for real: govulncheck at the pinned version (ci/versions.go), in binary
// mode, on the binary copied out of the image, against the offline database
// scripts/infra/up.sh indexed from the pinned golang.org/x/vulndb, judged by
// the same policy the Dagger `govulncheck` function applies.
func TestGovulncheckPassesOnShippedBinary(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	if cfg.vulnDB == "" {
		unavailable(t, envVulnDB+" is not set: run scripts/infra/up.sh, which builds the offline vulnerability database")
	}
	module, err := versionsConst(filepath.Join(repoRoot(t), "ci", "versions.go"), "GovulncheckModule")
	require.NoError(t, err)
	binary := copyOutFile(t, cfg, tag, buildspec.BinaryPath)

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), "go", "run", module, //nolint:gosec // the pinned module from ci/versions.go
		"-mode", "binary", "-format", "json", "-db", "file://"+cfg.vulnDB, binary)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "govulncheck: %s", stderr.String())

	findings, err := scanpolicy.ParseGovulncheck(&stdout)
	require.NoError(t, err)
	res := scanpolicy.GovulncheckPolicy(nil, time.Now().UTC()).Apply(findings)
	t.Logf("govulncheck on %s (%s):\n%s", buildspec.BinaryPath, module, strings.TrimSpace(res.Summary()))
	require.NoError(t, res.Err(), "the shipped binary has known vulnerabilities: upgrade (see runbook/security.md)")
}
