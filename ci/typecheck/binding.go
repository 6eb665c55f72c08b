package typecheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// Arg is one argument of a module function as Dagger exposes it.
type Arg struct {
	// Name is the Go parameter name, e.g. "minAccuracy".
	Name string
	// Type is the Go type in the client package, e.g. "*Secret" or "float64".
	Type string
	// Optional is set by +optional, +default or +defaultPath.
	Optional bool
	// Default is the JSON value of a +default pragma, e.g. `"500MB"` or
	// `0.93`; empty when there is none.
	Default string
}

// Function is one function of a module object.
type Function struct {
	// Name is the Go method name, e.g. "SizeGate".
	Name string
	Args []Arg
	// Returns is the client type of the result, e.g. "*File" or "string";
	// empty for a function that returns only an error.
	Returns string
}

// Object is a module's main object: its constructor and its functions.
type Object struct {
	Name        string
	Constructor []Arg
	Functions   []Function
}

// lazyTypes are the core objects a binding returns without running anything.
var lazyTypes = []string{"*Container", "*Directory", "*File", "*Service", "*Secret", "*CacheVolume"}

// ParseObject reads a module's Go source in dir and returns its object
// called name (the module name in PascalCase) with the constructor New.
func ParseObject(dir, name string) (Object, error) {
	fset := token.NewFileSet()
	files, err := parsePackage(fset, dir, "main", parser.ParseComments)
	if err != nil {
		return Object{}, err
	}
	obj := Object{Name: name}
	for _, fileName := range slices.Sorted(maps.Keys(files)) {
		file := files[fileName]
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() {
				continue
			}
			switch {
			case fn.Recv == nil && fn.Name.Name == "New":
				if obj.Constructor, err = args(fset, file, fn); err != nil {
					return Object{}, fmt.Errorf("%s: New: %w", fileName, err)
				}
			case fn.Recv != nil && receiverIs(fn, name):
				f, err := function(fset, file, fn)
				if err != nil {
					return Object{}, fmt.Errorf("%s: %s: %w", fileName, fn.Name.Name, err)
				}
				obj.Functions = append(obj.Functions, f)
			}
		}
	}
	if len(obj.Functions) == 0 {
		return Object{}, fmt.Errorf("%s: no exported methods of *%s", dir, name)
	}
	return obj, nil
}

// receiverIs reports whether fn is a method of name or *name.
func receiverIs(fn *ast.FuncDecl, name string) bool {
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.Name == name
}

// function reads a method's arguments and result.
func function(fset *token.FileSet, file *ast.File, fn *ast.FuncDecl) (Function, error) {
	f := Function{Name: fn.Name.Name}
	var err error
	if f.Args, err = args(fset, file, fn); err != nil {
		return Function{}, err
	}
	var results []string
	if fn.Type.Results != nil {
		for _, r := range fn.Type.Results.List {
			t, err := clientType(fset, r.Type)
			if err != nil {
				return Function{}, err
			}
			for range max(len(r.Names), 1) {
				results = append(results, t)
			}
		}
	}
	switch {
	case len(results) == 0:
	case len(results) == 1 && results[0] != "error":
		f.Returns = results[0]
	case len(results) == 1, len(results) == 2 && results[1] == "error":
		if results[0] != "error" {
			f.Returns = results[0]
		}
	default:
		return Function{}, fmt.Errorf("results (%s): a function returns a value, an error, or both", strings.Join(results, ", "))
	}
	return f, nil
}

// defaultPragma captures the value of a +default pragma (not +defaultPath).
var defaultPragma = regexp.MustCompile(`\+default=(\S+)`)

// args reads a function's parameters, skipping the context, with the
// pragmas from the comments above each.
func args(fset *token.FileSet, file *ast.File, fn *ast.FuncDecl) ([]Arg, error) {
	var out []Arg
	prevEnd := fn.Type.Params.Opening
	for _, field := range fn.Type.Params.List {
		pragmas := commentsBetween(file, prevEnd, field.Pos())
		prevEnd = field.End()
		t, err := clientType(fset, field.Type)
		if err != nil {
			return nil, err
		}
		if t == "context.Context" {
			continue
		}
		optional := strings.Contains(pragmas, "+optional") || strings.Contains(pragmas, "+default")
		def := ""
		if m := defaultPragma.FindStringSubmatch(pragmas); m != nil {
			def = m[1]
		}
		for _, n := range field.Names {
			out = append(out, Arg{Name: n.Name, Type: t, Optional: optional, Default: def})
		}
	}
	return out, nil
}

// commentsBetween joins the comment text in the source range (from, to).
func commentsBetween(file *ast.File, from, to token.Pos) string {
	var b strings.Builder
	for _, g := range file.Comments {
		if g.Pos() > from && g.End() <= to {
			b.WriteString(g.Text())
		}
	}
	return b.String()
}

// clientType maps a module source type to the client package's type:
// dagger.X becomes X, everything else is kept.
func clientType(fset *token.FileSet, expr ast.Expr) (string, error) {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, expr); err != nil {
		return "", fmt.Errorf("printing type: %w", err)
	}
	return strings.ReplaceAll(b.String(), "dagger.", ""), nil
}

// GenerateBinding returns the declarations, for the client package of a
// module that depends on obj's module, that Dagger's Go codegen writes: a
// Client wrapper with the constructor method, an Opts struct per function
// with optional arguments, required arguments positional, lazy core-object
// results without a context, scalar and error results with one.
//
// The bodies only panic: the binding exists to be type-checked against.
func GenerateBinding(obj Object) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Client is the generated client with the dependency's constructor.\n")
	b.WriteString("type Client struct{ *sdk.Client }\n\n")
	ctorOpts := obj.Name + "Opts"
	writeOpts(&b, ctorOpts, obj.Constructor)
	fmt.Fprintf(&b, "// %s is the dependency's main object.\ntype %s struct{}\n\n", obj.Name, obj.Name)
	fmt.Fprintf(&b, "func (r *Client) %s(%s) *%s { panic(standIn) }\n\n",
		obj.Name, params(false, obj.Constructor, ctorOpts), obj.Name)
	for _, f := range obj.Functions {
		opts := obj.Name + f.Name + "Opts"
		writeOpts(&b, opts, f.Args)
		lazy := slices.Contains(lazyTypes, f.Returns)
		var result string
		switch {
		case lazy:
			result = f.Returns
		case f.Returns == "":
			result = "error"
		default:
			result = "(" + f.Returns + ", error)"
		}
		fmt.Fprintf(&b, "func (r *%s) %s(%s) %s { panic(standIn) }\n\n", obj.Name, f.Name, params(!lazy, f.Args, opts), result)
	}
	b.WriteString("const standIn = \"typecheck stand-in: never called\"\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting binding: %w\n%s", err, b.Bytes())
	}
	return src, nil
}

// writeOpts declares the options struct of the optional arguments, if any.
func writeOpts(b *bytes.Buffer, name string, args []Arg) {
	if !slices.ContainsFunc(args, func(a Arg) bool { return a.Optional }) {
		return
	}
	fmt.Fprintf(b, "// %s holds the optional arguments.\ntype %s struct {\n", name, name)
	for _, a := range args {
		if a.Optional {
			fmt.Fprintf(b, "\t%s %s\n", exportName(a.Name), a.Type)
		}
	}
	b.WriteString("}\n\n")
}

// params renders a binding's parameter list.
func params(withCtx bool, args []Arg, opts string) string {
	var ps []string
	if withCtx {
		ps = append(ps, "ctx context.Context")
	}
	hasOpts := false
	for _, a := range args {
		if a.Optional {
			hasOpts = true
			continue
		}
		ps = append(ps, a.Name+" "+a.Type)
	}
	if hasOpts {
		ps = append(ps, "opts ..."+opts)
	}
	return strings.Join(ps, ", ")
}

// exportName upper-cases the first letter: minAccuracy -> MinAccuracy.
func exportName(s string) string {
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
