// Package gates runs the release gates of the pipeline in a fixed order and
// stops at the first one that fails, so nothing is published past a failure.
package gates

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ErrNoGates reports a runner given nothing to run, which would otherwise
// "pass" a release that was never checked.
var ErrNoGates = errors.New("no gates to run")

// Gate is one named check; Run returns a one-line result or an error saying why
// the gate failed.
type Gate struct {
	Name string
	Run  func(ctx context.Context) (string, error)
}

// Result is the outcome of one passed gate.
type Result struct {
	Name   string
	Output string
}

// Summary lists the gates that passed, in the order they ran.
type Summary []Result

// String renders one line per passed gate: "ok   name: first output line".
func (s Summary) String() string {
	var b strings.Builder
	for _, r := range s {
		fmt.Fprintf(&b, "ok   %s", r.Name)
		if line := firstLine(r.Output); line != "" {
			fmt.Fprintf(&b, ": %s", line)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Run runs gates in order and stops at the first failure; the error names that
// gate and the summary holds the gates that passed before it.
func Run(ctx context.Context, gates []Gate) (Summary, error) {
	if len(gates) == 0 {
		return nil, ErrNoGates
	}
	summary := make(Summary, 0, len(gates))
	for _, g := range gates {
		if err := ctx.Err(); err != nil {
			return summary, fmt.Errorf("gate %q not started: %w", g.Name, err)
		}
		out, err := g.Run(ctx)
		if err != nil {
			return summary, fmt.Errorf("gate %q failed: %w", g.Name, err)
		}
		summary = append(summary, Result{Name: g.Name, Output: out})
	}
	return summary, nil
}

// firstLine returns the first non-empty line of s, trimmed.
func firstLine(s string) string {
	for line := range strings.Lines(s) {
		if t := strings.TrimSpace(line); t != "" {
			return t
		}
	}
	return ""
}
