package docscheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"
)

// daggerCall matches a `dagger call` command line and captures what follows it.
var daggerCall = regexp.MustCompile(`dagger\s+(?:-m\s+(\S+)\s+)?call\s+(.*)`)

// DaggerCall is one `dagger call` found in the docs.
type DaggerCall struct {
	// Module is the -m argument ("" for the default module).
	Module string
	// Function is the first function called, in the CLI's kebab-case.
	Function string
	// Line is the text it was found in, for error messages.
	Line string
}

// DaggerCalls returns every `dagger call` in text. Flags placed before the
// function name (`-m dir`, constructor arguments such as `--source .`) are
// skipped with their values.
func DaggerCalls(text string) []DaggerCall {
	var calls []DaggerCall
	for _, line := range strings.Split(text, "\n") {
		for _, m := range daggerCall.FindAllStringSubmatch(line, -1) {
			module := m[1]
			fields := strings.Fields(m[2])
			for i := 0; i < len(fields); i++ {
				f := fields[i]
				if f == "-m" || f == "--mod" {
					if i+1 < len(fields) {
						module = fields[i+1]
					}
					i++
					continue
				}
				if strings.HasPrefix(f, "-") {
					// Flags before the function are the constructor's and take a
					// value, unless given as --flag=value.
					if !strings.Contains(f, "=") {
						i++
					}
					continue
				}
				name := strings.Trim(f, "`'\".,;:)")
				if name == "" || !isKebab(name) {
					break
				}
				calls = append(calls, DaggerCall{Module: module, Function: name, Line: strings.TrimSpace(line)})
				break
			}
		}
	}
	return calls
}

func isKebab(s string) bool {
	for _, r := range s {
		if r != '-' && !unicode.IsDigit(r) && (!unicode.IsLower(r) || r >= unicode.MaxASCII) {
			return false
		}
	}
	return unicode.IsLower(rune(s[0]))
}

// Kebab converts a Go method name to the Dagger CLI's name: SizeGate -> size-gate.
func Kebab(name string) string {
	var b strings.Builder
	runes := []rune(name)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			// A new word starts at an upper-case letter that follows a lower-case
			// one, or that ends an acronym ("HTTPServer" -> "http-server").
			if i > 0 && (unicode.IsLower(runes[i-1]) || (i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1]))) {
				b.WriteByte('-')
			}
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ModuleFunctions parses the Go files of a Dagger module directory and returns
// the CLI names of the exported methods of its main object, the type whose
// name is the module's name in Pascal case (objectName).
func ModuleFunctions(dir, objectName string) (map[string]bool, error) {
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	funcs := map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") || filepath.Base(path) == "dagger.gen.go" {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() || len(fn.Recv.List) != 1 {
				continue
			}
			if receiverName(fn.Recv.List[0].Type) == objectName {
				funcs[Kebab(fn.Name.Name)] = true
			}
		}
	}
	return funcs, nil
}

func receiverName(expr ast.Expr) string {
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	if id, ok := expr.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// configVariable matches a service configuration variable name.
var configVariable = regexp.MustCompile(`\bIRIS_[A-Z][A-Z0-9_]*[A-Z0-9]\b`)

// ConfigVariables returns the distinct IRIS_* names in text, sorted.
func ConfigVariables(text string) []string {
	seen := map[string]bool{}
	for _, v := range configVariable.FindAllString(text, -1) {
		seen[v] = true
	}
	out := make([]string, 0, len(seen))
	for v := range seen {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// endpoint matches "GET /path" or "POST /path" and curl commands against the
// local service ("localhost:8080/path" or "127.0.0.1:8080/path").
var (
	methodPath = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE|HEAD)\s+(/[A-Za-z0-9_./{}:-]*)`)
	curlPath   = regexp.MustCompile(`curl\b[^\n]*?(?:localhost|127\.0\.0\.1):\d+(/[A-Za-z0-9_./{}-]*)`)
	curlPost   = regexp.MustCompile(`(?:-X\s*POST|--data|-d\s|--json)`)
)

// Endpoint is a method and path named in the docs.
type Endpoint struct {
	Method, Path string
}

// Endpoints returns every endpoint named in text, as "METHOD /path" mentions
// or as curl commands against the local service (POST when the command sends
// data, GET otherwise).
func Endpoints(text string) []Endpoint {
	var out []Endpoint
	for _, m := range methodPath.FindAllStringSubmatch(text, -1) {
		out = append(out, Endpoint{m[1], strings.TrimRight(m[2], ".,:")})
	}
	// A shell command continued with a trailing backslash is one command.
	joined := strings.ReplaceAll(text, "\\\n", " ")
	for _, line := range strings.Split(joined, "\n") {
		for _, m := range curlPath.FindAllStringSubmatch(line, -1) {
			method := "GET"
			if curlPost.MatchString(line) {
				method = "POST"
			}
			out = append(out, Endpoint{method, strings.TrimRight(m[1], ".,:")})
		}
	}
	return out
}

// RouteMatcher tells whether a documented path is served by a route pattern
// in echo syntax ("/v2/models/:name"). A documented path may use either a
// concrete value ("/v2/models/iris-logreg") or a placeholder ("{name}").
func RouteMatcher(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i, seg := range strings.Split(pattern, "/") {
		if i > 0 {
			b.WriteString("/")
		}
		if strings.HasPrefix(seg, ":") {
			b.WriteString(`[^/]+`)
			continue
		}
		b.WriteString(regexp.QuoteMeta(seg))
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
