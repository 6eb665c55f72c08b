package e2e

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"dagger/ci/pkg/buildspec"
)

// Build arguments the Dockerfile takes; the values the checks expect are
// buildspec's, computed with these placeholders.
const (
	argGoImage = "GO_IMAGE"
	argVersion = "VERSION"
	argCommit  = "COMMIT"
	argCreated = "CREATED"
	buildStage = "build"
)

// ref is how the Dockerfile refers to a build argument.
func ref(arg string) string { return "${" + arg + "}" }

// checkDockerfile returns every way df disagrees with buildspec and with the
// Go image default goImage (from ci/versions.go); none means no drift.
func checkDockerfile(df dockerfile, goImage string) []string {
	var c checker
	c.globalArgs(df, goImage)
	if len(df.stages) != 2 {
		c.addf("want 2 stages (build, runtime), got %d", len(df.stages))
		return c.problems
	}
	c.buildStage(df.stages[0])
	c.runtimeStage(df.stages[1])
	return c.problems
}

type checker struct {
	problems []string
	binary   string // where the build stage writes the binary (go build -o)
}

func (c *checker) addf(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *checker) globalArgs(df dockerfile, goImage string) {
	args := argDefaults(df.globalArgs)
	def, ok := args[argGoImage]
	switch {
	case !ok:
		c.addf("base image: no global ARG %s", argGoImage)
	case def != goImage:
		c.addf("base image: ARG %s default %q, ci/versions.go says %q", argGoImage, def, goImage)
	}
}

func (c *checker) buildStage(st stage) {
	if st.base != ref(argGoImage) || st.name != buildStage {
		c.addf("build stage: FROM %s AS %s, want FROM %s AS %s", st.base, st.name, ref(argGoImage), buildStage)
	}
	c.env("build stage", st, buildspec.Env)

	isDeps := func(in instruction) bool { return in.cmd == "COPY" && in.args == "go.mod go.sum ./" }
	isDownload := func(in instruction) bool { return in.cmd == "RUN" && in.args == "go mod download" }
	isSource := func(in instruction) bool { return in.cmd == "COPY" && !isDeps(in) }
	deps, download, source := st.index(isDeps), st.index(isDownload), st.index(isSource)
	if deps < 0 || download < deps || source < download {
		c.addf("layer order: want COPY go.mod go.sum, then RUN go mod download, then the sources (got %d, %d, %d)",
			deps, download, source)
	}
	for _, in := range st.all("COPY") {
		if strings.HasPrefix(in.args, ". ") {
			c.addf("line %d: COPY . copies the whole context; copy only what the build needs", in.line)
		}
	}

	args := argDefaults(st.all("ARG"))
	for _, a := range []string{argVersion, argCommit} {
		if _, ok := args[a]; !ok {
			c.addf("build stage: no ARG %s", a)
		}
	}
	builds := slices.DeleteFunc(st.all("RUN"), func(in instruction) bool { return !strings.HasPrefix(in.args, "go build ") })
	if len(builds) != 1 {
		c.addf("build stage: want one RUN go build, got %d", len(builds))
		return
	}
	c.goBuild(builds[0])
}

// goBuild checks the go build command line: flags, ldflags and package.
func (c *checker) goBuild(in instruction) {
	words, err := shellWords(in.args)
	if err != nil {
		c.addf("line %d: %v", in.line, err)
		return
	}
	var flags []string
	ldflags := ""
	for i := 2; i < len(words)-1; i++ {
		switch words[i] {
		case "-ldflags":
			i++
			ldflags = words[i]
		case "-o":
			i++
			c.binary = words[i]
		default:
			flags = append(flags, words[i])
		}
	}
	if !slices.Equal(flags, buildspec.BuildFlags) {
		c.addf("build flags: %q, buildspec.BuildFlags is %q", flags, buildspec.BuildFlags)
	}
	if want := buildspec.LDFlags(ref(argVersion), ref(argCommit)); ldflags != want {
		c.addf("ldflags: %q, buildspec.LDFlags gives %q", ldflags, want)
	}
	if pkg := words[len(words)-1]; pkg != buildspec.MainPackage {
		c.addf("main package: %q, buildspec.MainPackage is %q", pkg, buildspec.MainPackage)
	}
	if path.Base(c.binary) != buildspec.BinaryName {
		c.addf("binary: go build -o %q, want a file named %q", c.binary, buildspec.BinaryName)
	}
}

func (c *checker) runtimeStage(st stage) {
	if st.base != "scratch" {
		c.addf("runtime stage: FROM %s, want scratch (no shell, no package manager)", st.base)
	}
	if runs := st.all("RUN"); len(runs) > 0 {
		c.addf("line %d: the runtime stage has no shell to RUN in", runs[0].line)
	}
	c.env("runtime stage", st, map[string]string{buildspec.ModelPathEnv: buildspec.ModelPath})

	copies := map[string]string{}
	for _, in := range st.all("COPY") {
		src, dst, _ := strings.Cut(in.args, " ")
		if from := in.flags["from"]; from != "" {
			src = from + ":" + src
		}
		copies[src] = dst
	}
	wantCopies := map[string]string{
		buildStage + ":" + c.binary: buildspec.BinaryPath,
		buildspec.ModelSource:       buildspec.ModelPath,
	}
	if !maps.Equal(copies, wantCopies) {
		c.addf("runtime files: COPY %v, want %v", copies, wantCopies)
	}

	c.single(st, "USER", buildspec.User)
	c.single(st, "EXPOSE", strconv.Itoa(buildspec.Port))
	entry, _ := json.Marshal([]string{buildspec.BinaryPath})
	c.single(st, "ENTRYPOINT", string(entry))

	args := argDefaults(st.all("ARG"))
	for _, a := range []string{argVersion, argCommit, argCreated} {
		if _, ok := args[a]; !ok {
			c.addf("runtime stage: no ARG %s for the labels", a)
		}
	}
	labels := map[string]string{}
	for _, in := range st.all("LABEL") {
		kv, err := keyValues(in)
		if err != nil {
			c.addf("%v", err)
		}
		maps.Copy(labels, kv)
	}
	if want := buildspec.Labels(ref(argVersion), ref(argCommit), ref(argCreated)); !maps.Equal(labels, want) {
		c.addf("labels: %v, buildspec.Labels gives %v", labels, want)
	}
}

// env checks that the stage's ENV instructions set exactly want.
func (c *checker) env(where string, st stage, want map[string]string) {
	got := map[string]string{}
	for _, in := range st.all("ENV") {
		kv, err := keyValues(in)
		if err != nil {
			c.addf("%v", err)
		}
		maps.Copy(got, kv)
	}
	if !maps.Equal(got, want) {
		c.addf("%s: ENV %v, want %v", where, got, want)
	}
}

// single checks that the stage has exactly one cmd instruction, equal to want.
func (c *checker) single(st stage, cmd, want string) {
	got := st.all(cmd)
	if len(got) != 1 || got[0].args != want {
		var vals []string
		for _, in := range got {
			vals = append(vals, in.args)
		}
		c.addf("%s: %q, want exactly %q", cmd, vals, want)
	}
}

// argDefaults maps each ARG name to its default ("" when it has none).
func argDefaults(ins []instruction) map[string]string {
	out := map[string]string{}
	for _, in := range ins {
		name, def, _ := strings.Cut(in.args, "=")
		out[name] = strings.Trim(def, `"`)
	}
	return out
}

// versionsGoImage is the constant of ci/versions.go that pins the Go image.
const versionsGoImage = "GoImage"

// goImageFromVersions returns the value of the GoImage constant of
// ci/versions.go.
func goImageFromVersions(path string) (string, error) {
	return versionsConst(path, versionsGoImage)
}

// versionsConst returns the value of the string constant name of
// ci/versions.go, which is package main and so cannot be imported: it is read
// as Go source.
func versionsConst(path, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return "", fmt.Errorf("parser.ParseFile: %w", err)
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if id.Name != name || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", fmt.Errorf("%s: %s is not a string literal", path, name)
				}
				return strconv.Unquote(lit.Value)
			}
		}
	}
	return "", fmt.Errorf("%s: no constant %s", path, name)
}

func readDockerfile(t *testing.T) (string, dockerfile) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(repoRoot(t), "Dockerfile"))
	require.NoError(t, err)
	df, err := parseDockerfile(string(text))
	require.NoError(t, err)
	return string(text), df
}

// dockerfileGoImage is the Dockerfile's own GO_IMAGE default.
func dockerfileGoImage(df dockerfile) string { return argDefaults(df.globalArgs)[argGoImage] }

func TestDockerfileMatchesBuildspec(t *testing.T) {
	t.Parallel()
	_, df := readDockerfile(t)
	assert.Empty(t, checkDockerfile(df, dockerfileGoImage(df)))
}

func TestDockerfileGoImageMatchesVersions(t *testing.T) {
	t.Parallel()
	goImage, err := goImageFromVersions(filepath.Join(repoRoot(t), "ci", "versions.go"))
	require.NoError(t, err)
	_, df := readDockerfile(t)
	assert.Equal(t, goImage, dockerfileGoImage(df), "Dockerfile ARG GO_IMAGE default and ci/versions.go disagree")
}

// TestGoImageMatchesToolchain fails when the pinned Go image and the toolchain
// the root go.mod pins (which tests and local builds use) are different Go
// releases: the image must build with the Go the tests ran.
func TestGoImageMatchesToolchain(t *testing.T) {
	t.Parallel()
	goImage, err := goImageFromVersions(filepath.Join(repoRoot(t), "ci", "versions.go"))
	require.NoError(t, err)
	goMod, err := os.ReadFile(filepath.Join(repoRoot(t), "go.mod"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^toolchain go(\S+)$`).FindSubmatch(goMod)
	require.NotNil(t, m, "go.mod has no toolchain line")
	_, tag, ok := strings.Cut(goImage, ":")
	require.True(t, ok, "GoImage %q has no tag", goImage)
	release, _, _ := strings.Cut(tag, "-")
	assert.Equal(t, string(m[1]), release, "GoImage %q and go.mod's toolchain go%s are different Go releases", goImage, m[1])
}

// TestDockerfileDriftIsCaught edits the real Dockerfile in memory, one fact at
// a time, and expects the check to name what drifted.
func TestDockerfileDriftIsCaught(t *testing.T) {
	t.Parallel()
	text, df := readDockerfile(t)
	goImage := dockerfileGoImage(df)
	tests := []struct {
		name          string
		givenOld      string
		givenNew      string
		expectProblem string
	}{
		{"base image default", "ARG GO_IMAGE=" + goImage, "ARG GO_IMAGE=golang:1.20", "base image"},
		{"cgo enabled", "CGO_ENABLED=0", "CGO_ENABLED=1", "build stage: ENV"},
		{"build flag dropped", "-trimpath ", "", "build flags"},
		{"ldflags keep debug data", `"-s -w `, `"-s `, "ldflags"},
		{"main package", " " + buildspec.MainPackage + "\n", " ./service/cmd/other\n", "main package"},
		{"no dependency layer", "RUN go mod download\n", "", "layer order"},
		{"whole context copied", "COPY model/ model/", "COPY . .", "COPY ."},
		{"root user", "USER " + buildspec.User, "USER 0:0", "USER"},
		{"port", "EXPOSE 8080", "EXPOSE 9090", "EXPOSE"},
		{"entrypoint", `ENTRYPOINT ["` + buildspec.BinaryPath + `"]`, `ENTRYPOINT ["/irisd"]`, "ENTRYPOINT"},
		{"binary path", "/out/irisd /usr/local/bin/irisd", "/out/irisd /bin/irisd", "runtime files"},
		{"model path", "iris.json /models/iris.json", "iris.json /model.json", "runtime files"},
		{"model env", buildspec.ModelPathEnv + "=" + buildspec.ModelPath, buildspec.ModelPathEnv + "=/x.json", "runtime stage: ENV"},
		{"label key", buildspec.LabelRevision, "org.opencontainers.image.commit", "labels"},
		{"label value", `title="irisd"`, `title="iris"`, "labels"},
		{"runtime with a shell", "FROM scratch", "FROM busybox", "scratch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Contains(t, text, tt.givenOld, "the mutation no longer applies to the Dockerfile")
			df, err := parseDockerfile(strings.Replace(text, tt.givenOld, tt.givenNew, 1))
			require.NoError(t, err)
			problems := checkDockerfile(df, goImage)
			require.NotEmpty(t, problems)
			assert.Contains(t, strings.Join(problems, "\n"), tt.expectProblem)
		})
	}
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		given  string
		expect []string
	}{
		{`go build -o /out/x ./cmd`, []string{"go", "build", "-o", "/out/x", "./cmd"}},
		{`-ldflags "-s -w -X a.B=${V}"`, []string{"-ldflags", "-s -w -X a.B=${V}"}},
		{`k="a b" j='c "d"' e=\ f`, []string{"k=a b", `j=c "d"`, "e= f"}},
		{`x="say \"hi\""`, []string{`x=say "hi"`}},
	}
	for _, tt := range tests {
		got, err := shellWords(tt.given)
		require.NoError(t, err)
		assert.Equal(t, tt.expect, got, tt.given)
	}
	_, err := shellWords(`"open`)
	assert.Error(t, err)
}

func TestGoImageFromVersions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		givenSource string
		expectImage string
		expectErr   string
	}{
		{"grouped constant", "package main\nconst (\n\tOther = \"golang:0\"\n\tGoImage = \"golang:1.2.3\"\n)\n", "golang:1.2.3", ""},
		{"missing", "package main\nconst Other = \"golang:1\"\n", "", "no constant GoImage"},
		{"not a literal", "package main\nconst GoImage = base + \":1\"\n", "", "not a string literal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "versions.go")
			require.NoError(t, os.WriteFile(path, []byte(tt.givenSource), 0o600))
			got, err := goImageFromVersions(path)
			if tt.expectErr != "" {
				assert.ErrorContains(t, err, tt.expectErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.expectImage, got)
		})
	}
}
