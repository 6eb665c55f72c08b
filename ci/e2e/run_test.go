package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
)

// shutdownSeconds is the shutdown timeout the container is given and the
// grace docker stop allows before SIGKILL: exit code 0 means the service
// finished its graceful shutdown within it.
const shutdownSeconds = 10

// readyWait bounds the wait for /readyz; it is a deadline, not a measurement
// (scripts/measure-image.sh measures time to ready).
const readyWait = 60 * time.Second

// TestImageRunsHardened runs the image read-only, without capabilities, as
// the non-root user, and talks to it over HTTP.
func TestImageRunsHardened(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	id := mustDocker(t, cfg, "run", "--detach",
		"--read-only", "--cap-drop=ALL", "--security-opt=no-new-privileges",
		"--user", buildspec.User,
		"--env", "IRIS_SHUTDOWN_TIMEOUT="+strconv.Itoa(shutdownSeconds)+"s",
		"--publish", "127.0.0.1::"+strconv.Itoa(buildspec.Port),
		tag)
	removeLater(t, cfg, "rm", "--force", id)
	base := "http://" + hostPort(t, cfg, id)
	client := &http.Client{Timeout: 5 * time.Second}
	waitReady(t, cfg, client, base, id)

	tests := []struct {
		name        string
		givenBody   string
		expectLabel string // empty: the request is invalid and gets a 4xx
	}{
		{"setosa row", `{"instances": [[5.1, 3.5, 1.4, 0.2]]}`, "setosa"},
		{"virginica row", `{"instances": [[6.7, 3.0, 5.2, 2.3]]}`, "virginica"},
		{"too few features", `{"instances": [[5.1, 3.5]]}`, ""},
		{"not JSON", `{"instances": [[5.1,`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/predict", strings.NewReader(tt.givenBody))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			if tt.expectLabel == "" {
				assert.GreaterOrEqual(t, resp.StatusCode, 400, "body: %s", body)
				assert.Less(t, resp.StatusCode, 500, "body: %s", body)
				return
			}
			require.Equal(t, http.StatusOK, resp.StatusCode, "body: %s", body)
			var got struct {
				Predictions []struct {
					Label string `json:"label"`
				} `json:"predictions"`
			}
			require.NoError(t, json.Unmarshal(body, &got), "body: %s", body)
			require.Len(t, got.Predictions, 1)
			assert.Equal(t, tt.expectLabel, got.Predictions[0].Label)
		})
	}

	mustDocker(t, cfg, "stop", "--time", strconv.Itoa(shutdownSeconds), id)
	var state struct {
		Running   bool
		OOMKilled bool
		ExitCode  int
	}
	require.NoError(t, json.Unmarshal([]byte(mustDocker(t, cfg, "inspect", "--format", "{{json .State}}", id)), &state))
	assert.False(t, state.Running)
	assert.False(t, state.OOMKilled)
	assert.Equal(t, 0, state.ExitCode, "a graceful stop exits 0; 137 means docker had to SIGKILL it\nlogs:\n%s",
		containerLogs(t, cfg, id))
}

// hostPort is the 127.0.0.1 address docker published the service port on.
func hostPort(t *testing.T, cfg config, id string) string {
	t.Helper()
	out := mustDocker(t, cfg, "port", id, strconv.Itoa(buildspec.Port)+"/tcp")
	addr, _, _ := strings.Cut(out, "\n")
	require.True(t, strings.HasPrefix(addr, "127.0.0.1:"), "published on %q, want 127.0.0.1 only", addr)
	return addr
}

// waitReady polls /readyz until it answers 200, failing with the container's
// logs if it never does.
func waitReady(t *testing.T, cfg config, client *http.Client, base, id string) {
	t.Helper()
	deadline := time.Now().Add(readyWait)
	for {
		resp, err := getContext(t.Context(), client, base+"/readyz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/readyz did not answer 200 within %s (last error %v)\nlogs:\n%s", base, readyWait, err, containerLogs(t, cfg, id))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func containerLogs(t *testing.T, cfg config, id string) string {
	out, _ := docker(t.Context(), cfg, "", nil, "logs", "--tail", "50", id)
	return out
}

// getContext sends a GET bound to ctx.
func getContext(ctx context.Context, client *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("http.NewRequest: %w", err)
	}
	return client.Do(req)
}
