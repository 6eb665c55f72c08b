package e2e

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
	"dagger/ci/pkg/smoke"
)

// TestSmokeCheckPassesOnImage runs the Dagger module's smoke check (the same
// pkg/smoke code its `smoke` function runs from a client container) against
// the Docker-built image, so the check and the image are proven to agree
// without a Dagger engine.
func TestSmokeCheckPassesOnImage(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	id := mustDocker(t, cfg, "run", "--detach", "--read-only", "--cap-drop=ALL",
		"--publish", "127.0.0.1::"+strconv.Itoa(buildspec.Port), tag)
	removeLater(t, cfg, "rm", "--force", id)

	ctx, cancel := context.WithTimeout(t.Context(), readyWait)
	defer cancel()
	check := smoke.Check{
		BaseURL: "http://" + hostPort(t, cfg, id), Model: smoke.DefaultModel,
		Features: smoke.DefaultFeatures, Expect: smoke.DefaultExpect,
		Attempts: 600, Interval: 100 * time.Millisecond,
		Client: &http.Client{Timeout: 10 * time.Second},
	}
	out, err := check.Run(ctx)
	require.NoError(t, err)
	assert.Contains(t, out, smoke.DefaultExpect)
}
