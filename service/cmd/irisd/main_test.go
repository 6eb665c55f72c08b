package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/model"
)

// buildInfoPkg is where -ldflags -X stamps the version (see buildinfo).
const buildInfoPkg = "github.com/irisinfer/irisinfer/service/internal/buildinfo"

// TestProcess builds the real binary once and runs it as a process.
func TestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "irisd")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin,
		"-ldflags", "-X "+buildInfoPkg+".Version=v9.9.9-test -X "+buildInfoPkg+".Commit=abc123", ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	t.Run("version flag", func(t *testing.T) {
		t.Parallel()
		for _, args := range [][]string{{"-version"}, {"version"}} {
			out, err := exec.CommandContext(t.Context(), bin, args...).Output()
			require.NoError(t, err)
			assert.Equal(t, "irisd v9.9.9-test (commit abc123)\n", string(out))
		}
	})
	t.Run("graceful shutdown under load", func(t *testing.T) { t.Parallel(); testGracefulShutdown(t, bin) })
	t.Run("invalid config", func(t *testing.T) { t.Parallel(); testFailsToStart(t, bin, configCases()) })
	t.Run("bad model", func(t *testing.T) { t.Parallel(); testFailsToStart(t, bin, modelCases(t)) })
}

type startFailure struct {
	name      string
	givenEnv  []string
	expectErr []string
}

func configCases() []startFailure {
	return []startFailure{
		{"negative batch", []string{"IRIS_MAX_BATCH=-1"}, []string{"IRIS_MAX_BATCH", `"-1"`, "integer 1-100000"}},
		{"bad duration", []string{"IRIS_READ_TIMEOUT=fast"}, []string{"IRIS_READ_TIMEOUT", `"fast"`, "duration"}},
		{"bad log level", []string{"IRIS_LOG_LEVEL=loud"}, []string{"IRIS_LOG_LEVEL", "debug, info, warn, error"}},
		{"bad body limit", []string{"IRIS_BODY_LIMIT=lots"}, []string{"IRIS_BODY_LIMIT", `"lots"`}},
	}
}

func modelCases(t *testing.T) []startFailure {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	require.NoError(t, os.WriteFile(garbage, []byte(`{"format": 1, "name": `), 0o644))

	// A real artifact with one weight changed: the checksum must catch it.
	real, err := os.ReadFile(filepath.Join(repoRoot(t), model.ArtifactSource))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(real, &doc))
	doc["bias"].([]any)[0] = doc["bias"].([]any)[0].(float64) + 1
	tampered := filepath.Join(dir, "tampered.json")
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(tampered, b, 0o644))

	return []startFailure{
		{"missing file", []string{"IRIS_MODEL_PATH=" + filepath.Join(dir, "absent.json")}, []string{"IRIS_MODEL_PATH", "no such file"}},
		{"truncated file", []string{"IRIS_MODEL_PATH=" + garbage}, []string{"IRIS_MODEL_PATH", "malformed"}},
		{"tampered file", []string{"IRIS_MODEL_PATH=" + tampered}, []string{"IRIS_MODEL_PATH", "checksum"}},
	}
}

func testFailsToStart(t *testing.T, bin string, cases []startFailure) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), bin)
			cmd.Env = append(cleanEnv(), append([]string{"IRIS_ADDR=127.0.0.1:0"}, tc.givenEnv...)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			var exitErr *exec.ExitError
			require.ErrorAs(t, err, &exitErr, "the process must fail to start")
			assert.Equal(t, 1, exitErr.ExitCode())
			for _, want := range tc.expectErr {
				assert.Contains(t, stderr.String(), want)
			}
		})
	}
}

// testGracefulShutdown keeps concurrent keep-alive clients busy, sends
// SIGTERM and checks that every request the server accepted was answered
// with a 2xx, that the rest were refused or never read, and that the
// process exits 0.
//
// "Accepted" is judged by the server's own request log: each request carries
// a unique X-Request-Id, which the server logs once it has handled it. A
// client error is acceptable only for a request the server never logged:
// either the connection was refused (listener closed), or the request was
// written to a keep-alive connection that the server closed as idle before
// reading it, an unavoidable race of HTTP/1.1 that clients must retry.
func testGracefulShutdown(t *testing.T, bin string) {
	cmd := exec.CommandContext(t.Context(), bin)
	cmd.Env = append(cleanEnv(), "IRIS_ADDR=127.0.0.1:0", "IRIS_SHUTDOWN_TIMEOUT=10s")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	addr, logs := readyAddr(t, stdout)
	url := "http://" + addr + "/predict"

	const workers = 8
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	type outcome struct {
		id  string
		err error // nil: 2xx response read completely
	}
	outcomes := make(chan outcome, 1<<20)
	var completed atomic.Int64
	body := []byte(`{"instances":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}`)

	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				id := "req-" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
				err := post(t.Context(), client, url, id, body)
				outcomes <- outcome{id: id, err: err}
				if err != nil {
					return // the server is going away: stop this client
				}
				completed.Add(1)
			}
		})
	}
	for completed.Load() < 500 {
		time.Sleep(time.Millisecond) // let a steady stream build up
	}
	atSignal := completed.Load()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	wg.Wait()
	close(outcomes)
	waitErr := cmd.Wait()
	handled := handledRequestIDs(t, <-logs)

	var ok, refusedN, unread int
	for o := range outcomes {
		switch {
		case o.err == nil:
			ok++
			assert.True(t, handled[o.id], "%s answered but not logged", o.id)
		case handled[o.id]:
			t.Errorf("%s was accepted by the server but the client got: %v", o.id, o.err)
		case errors.Is(o.err, syscall.ECONNREFUSED):
			refusedN++
		default:
			unread++ // written to a connection the server closed as idle, never read
			t.Logf("%s not read by the server: %v", o.id, o.err)
		}
	}
	t.Logf("completed %d (%d after SIGTERM), refused after close %d, never read %d",
		ok, int64(ok)-atSignal, refusedN, unread)
	assert.Equal(t, workers, refusedN+unread, "each client ends with one unanswered request")
	assert.Len(t, handled, ok, "the server handled exactly the requests that completed")
	require.NoError(t, waitErr, "exit status; stderr: %s", stderr.String())
}

// post sends one prediction and returns nil only for a complete 2xx response.
func post(ctx context.Context, client *http.Client, url, id string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", id)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("response cut off: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("status %s", resp.Status)
	}
	return nil
}

// handledRequestIDs returns the request ids of the server's request log lines.
func handledRequestIDs(t *testing.T, log []byte) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for line := range bytes.SplitSeq(log, []byte("\n")) {
		var l struct {
			Msg       string `json:"msg"`
			Route     string `json:"route"`
			RequestID string `json:"request_id"`
		}
		if json.Unmarshal(line, &l) == nil && l.Msg == "request" && l.Route == "/predict" {
			require.False(t, ids[l.RequestID], "request %s logged twice", l.RequestID)
			ids[l.RequestID] = true
		}
	}
	return ids
}

// readyAddr reads the JSON log until the "ready" line and returns its
// address, and a channel that delivers the rest of the log at process exit.
func readyAddr(t *testing.T, stdout io.Reader) (string, <-chan []byte) {
	t.Helper()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var line struct {
			Msg, Addr, Model, Version string
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "ready" {
			assert.Equal(t, "v9.9.9-test", line.Version)
			assert.Equal(t, model.Name, line.Model)
			rest := make(chan []byte, 1)
			go func() { // keep using sc: it may already hold lines after "ready"
				var b []byte
				for sc.Scan() {
					b = append(append(b, sc.Bytes()...), '\n')
				}
				rest <- b
			}()
			return line.Addr, rest
		}
	}
	t.Fatalf("process exited before logging ready: %v", sc.Err())
	return "", nil
}

// cleanEnv is the test's environment without IRIS_ variables, so the
// developer's shell cannot change what the process test sees.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "IRIS_") {
			env = append(env, kv)
		}
	}
	return env
}

// repoRoot is the directory holding go.mod, found by walking up.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "go.mod not found")
		dir = parent
	}
}
