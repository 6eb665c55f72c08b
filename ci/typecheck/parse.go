package typecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
)

// parsePackage parses the non-test Go files of package pkgName in dir and
// returns them by file name. Files of other packages in dir are an error:
// the module and the SDK each keep one package a directory.
func parsePackage(fset *token.FileSet, dir, pkgName string, mode parser.Mode) (map[string]*ast.File, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, fmt.Errorf("filepath.Glob: %w", err)
	}
	files := map[string]*ast.File{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, mode)
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", path, err)
		}
		if f.Name.Name != pkgName {
			return nil, fmt.Errorf("%s is package %s, want %s", path, f.Name.Name, pkgName)
		}
		files[path] = f
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no package %s", dir, pkgName)
	}
	return files, nil
}
