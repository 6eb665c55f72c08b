package config

import (
	"bytes"
	"fmt"
	"strings"
)

// Variable documents one environment variable read by Load.
type Variable struct {
	// Name is the full variable name, e.g. IRIS_ADDR.
	Name string
	// Default is the value used when the variable is unset ("" for none).
	Default string
	// Allowed describes the accepted values.
	Allowed string
	// Doc says what the variable controls.
	Doc string

	field string
}

// Variables lists every variable Load reads, in Config field order. It is
// derived from the Config struct tags, so it cannot drift from the code.
func Variables() []Variable {
	fields := fieldTags()
	vars := make([]Variable, 0, len(fields))
	for _, f := range fields {
		name, opts, _ := strings.Cut(f.Tag.Get("env"), ",")
		var def string
		for opt := range strings.SplitSeq(opts, ",") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(opt), "default="); ok {
				def = v
			}
		}
		vars = append(vars, Variable{
			Name:    Prefix + strings.TrimSpace(name),
			Default: def,
			Allowed: f.Tag.Get("allowed"),
			Doc:     f.Tag.Get("doc"),
			field:   f.Name,
		})
	}
	return vars
}

func variableByField(field string) (Variable, bool) {
	for _, v := range Variables() {
		if v.field == field {
			return v, true
		}
	}
	return Variable{}, false
}

// Markdown renders the variables as the CONFIG.md reference document.
func Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("# irisd configuration\n\n")
	b.WriteString("<!-- Generated from service/internal/config (Config struct tags); do not edit.\n")
	b.WriteString("     Regenerate: go test ./service/internal/config -run TestConfigMarkdown -update -->\n\n")
	b.WriteString("irisd reads only environment variables. Every value is checked at start; a bad value stops the\n")
	b.WriteString("process with exit code 1 and a message naming the variable, the value and what is allowed.\n\n")
	b.WriteString("| Variable | Default | Allowed | Description |\n")
	b.WriteString("|---|---|---|---|\n")
	for _, v := range Variables() {
		def := "(empty)"
		if v.Default != "" {
			def = "`" + v.Default + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", v.Name, def, escapeCell(v.Allowed), escapeCell(v.Doc))
	}
	return b.Bytes()
}

func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
