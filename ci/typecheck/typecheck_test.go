package typecheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	// The SDK is only read as source by the type check; importing it here
	// keeps it required in go.mod through `go mod tidy`.
	_ "dagger.io/dagger"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// moduleDir is the Dagger module's source directory, the parent of this package.
const moduleDir = ".."

func sdkDir(t *testing.T) string {
	t.Helper()
	dir, err := SDKDir(context.Background(), moduleDir)
	require.NoError(t, err)
	return dir
}

func TestModuleTypeChecks(t *testing.T) {
	t.Parallel()
	require.NoError(t, Check(context.Background(), Module{Dir: moduleDir, SDKDir: sdkDir(t)}))
}

func TestBrokenModuleFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		givenFile   string
		givenOld    string
		givenNew    string
		expectError []string
	}{
		{
			name:      "wrong argument type",
			givenFile: "build.go", givenOld: "WithExposedPort(buildspec.Port)", givenNew: `WithExposedPort("8080")`,
			expectError: []string{"build.go", `cannot use "8080"`, "WithExposedPort"},
		},
		{
			name:      "misspelled method",
			givenFile: "smoke.go", givenOld: "WithServiceBinding(", givenNew: "WithServiceBindng(",
			expectError: []string{"smoke.go", "WithServiceBindng"},
		},
		{
			name:      "wrong options struct",
			givenFile: "size.go", givenOld: "dagger.ContainerAsTarballOpts{", givenNew: "dagger.ContainerPublishOpts{",
			expectError: []string{"size.go", "ContainerPublishOpts"},
		},
		{
			name:      "lazy object used as a value",
			givenFile: "scan.go", givenOld: "text, err := m.scan(image, opts.dbRepository).Contents(ctx)", givenNew: "text, err := m.scan(image, opts.dbRepository), error(nil)",
			expectError: []string{"scan.go", "as string value in argument to strings.NewReader"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(filepath.Join(moduleDir, tt.givenFile))
			require.NoError(t, err)
			require.Contains(t, string(src), tt.givenOld, "the mutation must apply to the real file")
			broken := filepath.Join(t.TempDir(), tt.givenFile)
			require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(string(src), tt.givenOld, tt.givenNew, 1)), 0o644))

			err = Check(context.Background(), Module{Dir: moduleDir, SDKDir: sdkDir(t), Replace: map[string]string{tt.givenFile: broken}})
			require.ErrorIs(t, err, ErrTypeCheck)
			for _, want := range tt.expectError {
				assert.Contains(t, err.Error(), want)
			}
		})
	}
}

// testsModule is the check of the test module ci/tests against a binding
// generated from the ci module's source.
func testsModule(t *testing.T) Module {
	t.Helper()
	obj, err := ParseObject(moduleDir, "Ci")
	require.NoError(t, err)
	testsDir := filepath.Join(moduleDir, "tests")
	modFile, err := TestModFile(testsDir, filepath.Join(moduleDir, "go.mod"), t.TempDir())
	require.NoError(t, err)
	return Module{Dir: testsDir, SDKDir: sdkDir(t), ModFile: modFile, Dependency: &obj}
}

func TestTestModuleTypeChecks(t *testing.T) {
	t.Parallel()
	require.NoError(t, Check(context.Background(), testsModule(t)))
}

func TestBrokenTestModuleFails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		givenOld    string
		givenNew    string
		expectError string
	}{
		{name: "optional argument passed positionally", givenOld: `dagger.CiSizeGateOpts{Budget: "1MB"}`, givenNew: `"1MB"`, expectError: "SizeGate"},
		{name: "wrong option type", givenOld: `MinAccuracy: 1.5`, givenNew: `MinAccuracy: "1.5"`, expectError: "as float64 value"},
		{name: "missing required argument", givenOld: `Version(ctx, "refs/tags/v1.2.3", commit)`, givenNew: `Version(ctx, "refs/tags/v1.2.3")`, expectError: "not enough arguments"},
		{name: "lazy result given a context", givenOld: `dag.Ci().Binary(opts).Digest(ctx)`, givenNew: `dag.Ci().Binary(ctx, opts).Digest(ctx)`, expectError: "Binary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := testsModule(t)
			src, err := os.ReadFile(filepath.Join(m.Dir, "main.go"))
			require.NoError(t, err)
			require.Contains(t, string(src), tt.givenOld, "the mutation must apply to the real file")
			broken := filepath.Join(t.TempDir(), "main.go")
			require.NoError(t, os.WriteFile(broken, []byte(strings.Replace(string(src), tt.givenOld, tt.givenNew, 1)), 0o644))
			m.Replace = map[string]string{"main.go": broken}

			err = Check(context.Background(), m)
			require.ErrorIs(t, err, ErrTypeCheck)
			assert.Contains(t, err.Error(), "main.go")
			assert.Contains(t, err.Error(), tt.expectError)
		})
	}
}
