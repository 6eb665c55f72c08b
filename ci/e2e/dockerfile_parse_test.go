package e2e

import (
	"bufio"
	"fmt"
	"strings"
)

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	line  int               // 1-based line where the instruction starts
	cmd   string            // upper-case keyword: FROM, RUN, COPY, ...
	flags map[string]string // leading --name=value flags (COPY --from=build)
	args  string            // the rest, raw
}

// stage is one FROM and the instructions under it.
type stage struct {
	from   instruction
	base   string // image reference after FROM
	name   string // the AS name, if any
	instrs []instruction
}

// dockerfile is a parsed Dockerfile: the ARGs before the first FROM and the stages.
type dockerfile struct {
	globalArgs []instruction
	stages     []stage
}

// parseDockerfile reads the subset of the Dockerfile syntax this repository
// uses: comments, backslash continuations, flags and instructions. It is no
// general parser (no heredocs, no escape directive), which keeps the ci
// module free of BuildKit's dependency graph.
func parseDockerfile(text string) (dockerfile, error) {
	var (
		df      dockerfile
		pending strings.Builder
		start   int
	)
	sc := bufio.NewScanner(strings.NewReader(text))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && pending.Len() == 0) {
			continue
		}
		if pending.Len() == 0 {
			start = n
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			pending.WriteString(cont + " ")
			continue
		}
		pending.WriteString(line)
		in, err := parseInstruction(start, pending.String())
		pending.Reset()
		if err != nil {
			return dockerfile{}, err
		}
		if err := df.add(in); err != nil {
			return dockerfile{}, err
		}
	}
	if pending.Len() != 0 {
		return dockerfile{}, fmt.Errorf("line %d: continuation at end of file", start)
	}
	return df, sc.Err()
}

func parseInstruction(line int, s string) (instruction, error) {
	cmd, rest, _ := strings.Cut(strings.TrimSpace(s), " ")
	in := instruction{line: line, cmd: strings.ToUpper(cmd), flags: map[string]string{}}
	rest = strings.TrimSpace(rest)
	for strings.HasPrefix(rest, "--") {
		var flag string
		flag, rest, _ = strings.Cut(rest, " ")
		name, value, ok := strings.Cut(strings.TrimPrefix(flag, "--"), "=")
		if !ok {
			return instruction{}, fmt.Errorf("line %d: flag %q has no value", line, flag)
		}
		in.flags[name] = value
		rest = strings.TrimSpace(rest)
	}
	in.args = rest
	return in, nil
}

func (df *dockerfile) add(in instruction) error {
	if in.cmd == "FROM" {
		fields := strings.Fields(in.args)
		st := stage{from: in, base: fields[0]}
		if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
			st.name = fields[2]
		} else if len(fields) != 1 {
			return fmt.Errorf("line %d: FROM %q: want IMAGE [AS NAME]", in.line, in.args)
		}
		df.stages = append(df.stages, st)
		return nil
	}
	if len(df.stages) == 0 {
		if in.cmd != "ARG" {
			return fmt.Errorf("line %d: %s before the first FROM", in.line, in.cmd)
		}
		df.globalArgs = append(df.globalArgs, in)
		return nil
	}
	last := &df.stages[len(df.stages)-1]
	last.instrs = append(last.instrs, in)
	return nil
}

// all returns the stage's instructions with the given keyword.
func (st stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range st.instrs {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// index returns the position of the first instruction matching pred, or -1.
func (st stage) index(pred func(instruction) bool) int {
	for i, in := range st.instrs {
		if pred(in) {
			return i
		}
	}
	return -1
}

// shellWords splits s into words the way a POSIX shell would for the simple
// quoting the Dockerfile uses (single and double quotes, backslash escapes);
// variables are left unexpanded.
func shellWords(s string) ([]string, error) {
	var (
		words  []string
		cur    strings.Builder
		inWord bool
		quote  rune
	)
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch {
			case r == '"':
				quote = 0
			case r == '\\' && i+1 < len(runes) && strings.ContainsRune(`"\$`+"`", runes[i+1]):
				i++
				cur.WriteRune(runes[i])
			default:
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '\\' && i+1 < len(runes):
			i++
			cur.WriteRune(runes[i])
			inWord = true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote in %q", quote, s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// keyValues parses the KEY=VALUE pairs of ENV, LABEL and ARG.
func keyValues(in instruction) (map[string]string, error) {
	words, err := shellWords(in.args)
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", in.line, err)
	}
	out := make(map[string]string, len(words))
	for _, w := range words {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return nil, fmt.Errorf("line %d: %s %q: want KEY=VALUE pairs", in.line, in.cmd, w)
		}
		out[k] = v
	}
	return out, nil
}
