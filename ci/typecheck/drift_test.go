package typecheck

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository root, relative to this package.
const repoRoot = "../.."

// TestEngineVersionsAgree fails when the engine version drifts between the
// modules' dagger.json, the SDK the type check compiles against, and the
// Dagger CLI the workflows install.
func TestEngineVersionsAgree(t *testing.T) {
	t.Parallel()
	engine := engineVersion(t, filepath.Join(repoRoot, "dagger.json"))
	require.Regexp(t, `^v\d+\.\d+\.\d+$`, engine)
	assert.Equal(t, engine, engineVersion(t, filepath.Join(moduleDir, "tests", "dagger.json")), "ci/tests/dagger.json")

	goMod, err := os.ReadFile(filepath.Join(moduleDir, "go.mod"))
	require.NoError(t, err)
	sdk := regexp.MustCompile(`(?m)^\s*dagger\.io/dagger (v\S+)`).FindSubmatch(goMod)
	require.NotNil(t, sdk, "ci/go.mod must require dagger.io/dagger")
	assert.Equal(t, engine, string(sdk[1]), "ci/go.mod dagger.io/dagger")

	workflows, err := filepath.Glob(filepath.Join(repoRoot, ".github", "workflows", "*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, workflows)
	uses := regexp.MustCompile(`uses:\s*dagger/dagger-for-github@`)
	version := regexp.MustCompile(`(?m)^\s+version:\s*"?v?([0-9][^"\s]*)"?\s*$`)
	for _, wf := range workflows {
		data, err := os.ReadFile(wf)
		require.NoError(t, err)
		steps := uses.FindAllIndex(data, -1)
		versions := version.FindAllSubmatch(data, -1)
		assert.Len(t, versions, len(steps), "%s: every dagger-for-github step pins version", wf)
		for _, v := range versions {
			assert.Equal(t, strings.TrimPrefix(engine, "v"), string(v[1]), wf)
		}
	}
}

func engineVersion(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var cfg struct {
		EngineVersion string `json:"engineVersion"`
	}
	require.NoError(t, json.Unmarshal(data, &cfg), path)
	return cfg.EngineVersion
}

// TestTestModuleInstallsThePipeline fails when ci/tests/dagger.json points its
// dependency anywhere but the pipeline module: a Dagger module is the
// directory of its dagger.json (the repository root here, with source ci/).
func TestTestModuleInstallsThePipeline(t *testing.T) {
	t.Parallel()
	testsDir := filepath.Join(moduleDir, "tests")
	data, err := os.ReadFile(filepath.Join(testsDir, "dagger.json"))
	require.NoError(t, err)
	var tests struct {
		Dependencies []struct {
			Name   string `json:"name"`
			Source string `json:"source"`
		} `json:"dependencies"`
	}
	require.NoError(t, json.Unmarshal(data, &tests))
	require.Len(t, tests.Dependencies, 1)

	dep := filepath.Join(testsDir, tests.Dependencies[0].Source)
	data, err = os.ReadFile(filepath.Join(dep, "dagger.json"))
	require.NoError(t, err, "the dependency %q of ci/tests has no dagger.json", tests.Dependencies[0].Source)
	var ci struct {
		Name   string `json:"name"`
		Source string `json:"source"`
	}
	require.NoError(t, json.Unmarshal(data, &ci))
	assert.Equal(t, tests.Dependencies[0].Name, ci.Name)
	want, err := filepath.Abs(moduleDir)
	require.NoError(t, err)
	got, err := filepath.Abs(filepath.Join(dep, ci.Source))
	require.NoError(t, err)
	assert.Equal(t, want, got, "the dependency's source is the ci/ module")
}
