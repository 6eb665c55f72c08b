package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/service/internal/config"
)

func TestNew(t *testing.T) {
	t.Parallel()

	cases := []struct {
		name        string
		givenLevel  slog.Level
		givenFormat config.LogFormat
		expectJSON  bool
	}{
		{"json at info", slog.LevelInfo, config.LogFormatJSON, true},
		{"text at warn", slog.LevelWarn, config.LogFormatText, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()

			var buf bytes.Buffer
			l := New(&buf, tc.givenLevel, tc.givenFormat)
			l.Debug("hidden")
			l.Warn("shown", "k", "v")
			out := strings.TrimSpace(buf.String())
			require.NotContains(t, out, "hidden")
			require.Len(t, strings.Split(out, "\n"), 1)
			if tc.expectJSON {
				var line map[string]any
				require.NoError(t, json.Unmarshal([]byte(out), &line))
				assert.Equal(t, "shown", line["msg"])
				assert.Equal(t, "v", line["k"])
			} else {
				assert.Contains(t, out, "msg=shown k=v")
			}
		})
	}
}
