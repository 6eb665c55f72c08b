package workflowlint

import (
	"io"
	"path/filepath"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/require"
)

// workflowsDir holds the repository's workflows, relative to this package.
const workflowsDir = "../../.github/workflows"

func TestWorkflowsLintClean(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(workflowsDir, "*.yml"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no workflows found in %s", workflowsDir)

	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	require.NoError(t, err)
	findings, err := linter.LintFiles(files, nil)
	require.NoError(t, err)
	for _, f := range findings {
		t.Errorf("%s:%d:%d: %s [%s]", f.Filepath, f.Line, f.Column, f.Message, f.Kind)
	}
}

func TestLinterCatchesBrokenWorkflow(t *testing.T) {
	t.Parallel()
	// A job with an unknown key and an undefined expression context: the lint
	// must flag both, or the clean result above means nothing.
	broken := []byte("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo ${{ nope.value }}\n")
	linter, err := actionlint.NewLinter(io.Discard, &actionlint.LinterOptions{})
	require.NoError(t, err)
	findings, err := linter.Lint("broken.yml", broken, nil)
	require.NoError(t, err)
	require.NotEmpty(t, findings)
}
