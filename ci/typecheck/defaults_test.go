package typecheck

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/imagesize"
	"dagger/ci/pkg/scanpolicy"
)

// TestPragmaDefaultsMatchConstants fails when a +default pragma of the module
// (pragmas can only hold literals) drifts from the constant it stands for.
func TestPragmaDefaultsMatchConstants(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"budget":      strconv.Quote(imagesize.DefaultBudget),
		"severity":    strconv.Quote(scanpolicy.DefaultSeverities),
		"minAccuracy": modelGateDefault(t),
	}
	obj, err := ParseObject(moduleDir, "Ci")
	require.NoError(t, err)
	seen := map[string]int{}
	for _, fn := range obj.Functions {
		for _, a := range fn.Args {
			w, ok := want[a.Name]
			if !ok {
				continue
			}
			seen[a.Name]++
			assert.Equal(t, w, a.Default, "%s(%s): +default pragma", fn.Name, a.Name)
		}
	}
	for name := range want {
		assert.NotZero(t, seen[name], "no function has an argument %q: update this test", name)
	}
}

// modelGateDefault reads DefaultMinAccuracy from the model's quality gate,
// which lives in the root module and so is read as source.
func modelGateDefault(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot, "model", "train", "evaluate.go"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^const DefaultMinAccuracy = ([0-9.]+)$`).FindSubmatch(src)
	require.NotNil(t, m, "model/train/evaluate.go: const DefaultMinAccuracy not found")
	return string(m[1])
}
