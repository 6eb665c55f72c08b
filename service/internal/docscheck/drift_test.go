package docscheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/irisinfer/irisinfer/service/internal/config"
	"github.com/irisinfer/irisinfer/service/internal/server"
)

// repoRoot is the repository root, three levels above this package.
var repoRoot = filepath.Join("..", "..", "..")

// operatorDocs returns the README and every runbook page, keyed by path.
func operatorDocs(t *testing.T) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(repoRoot, "runbook", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, paths, "runbook/*.md: the runbook is missing")
	paths = append(paths, filepath.Join(repoRoot, "README.md"))
	docs := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		docs[p] = string(b)
	}
	return docs
}

func TestDocsNameOnlyExistingDaggerFunctions(t *testing.T) {
	t.Parallel()
	modules := map[string]string{"": "Ci", "ci/tests": "Tests"}
	dirs := map[string]string{"": filepath.Join(repoRoot, "ci"), "ci/tests": filepath.Join(repoRoot, "ci", "tests")}
	funcs := map[string]map[string]bool{}
	for mod, object := range modules {
		f, err := ModuleFunctions(dirs[mod], object)
		require.NoError(t, err)
		require.NotEmpty(t, f, "no functions found for module %q", mod)
		funcs[mod] = f
	}
	calls := 0
	for path, text := range operatorDocs(t) {
		for _, c := range DaggerCalls(text) {
			calls++
			have, known := funcs[c.Module]
			if !known {
				t.Errorf("%s: %q calls module %q, which the drift test does not know", path, c.Line, c.Module)
				continue
			}
			assert.True(t, have[c.Function], "%s: %q calls function %q, which module %q does not have", path, c.Line, c.Function, c.Module)
		}
	}
	assert.NotZero(t, calls, "the docs show no `dagger call` at all")
}

func TestDocsAndServiceAgreeOnConfigVariables(t *testing.T) {
	t.Parallel()
	served := map[string]bool{}
	for _, v := range config.Variables() {
		served[v.Name] = true
	}
	documented := map[string]bool{}
	for path, text := range operatorDocs(t) {
		for _, name := range ConfigVariables(text) {
			documented[name] = true
			assert.True(t, served[name], "%s names %s, which the service does not read", path, name)
		}
	}
	for name := range served {
		assert.True(t, documented[name], "the service reads %s, but neither README.md nor runbook/ documents it", name)
	}
}

func TestDocsNameOnlyServedEndpoints(t *testing.T) {
	t.Parallel()
	routes := server.Routes()
	found := 0
	for path, text := range operatorDocs(t) {
		for _, e := range Endpoints(text) {
			found++
			assert.True(t, served(routes, e), "%s names %s %s, which the service does not serve", path, e.Method, e.Path)
		}
	}
	assert.NotZero(t, found, "the docs name no endpoint at all")
	// Every served route is shown to the operator at least once.
	all := strings.Join(mapValues(operatorDocs(t)), "\n")
	for _, r := range routes {
		if r.Path == "/v2/" {
			continue // the same handler as /v2
		}
		assert.Contains(t, all, r.Template(), "route %s %s is served but not documented", r.Method, r.Path)
	}
}

func served(routes []server.Route, e Endpoint) bool {
	for _, r := range routes {
		if r.Method == e.Method && RouteMatcher(r.Path).MatchString(e.Path) {
			return true
		}
	}
	return false
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
