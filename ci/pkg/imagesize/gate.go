package imagesize

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
)

// ErrOverBudget reports an image larger than its budget.
var ErrOverBudget = errors.New("image over size budget")

// maxCreatedBy caps the build step shown per layer so the table stays readable.
const maxCreatedBy = 60

// String renders the report as a table, largest layer first, with totals.
func (r Report) String() string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "UNCOMPRESSED\tCOMPRESSED\tLAYER\t CREATED BY\t")
	for _, l := range r.Layers {
		fmt.Fprintf(w, "%s\t%s\t%s\t %s\t\n", FormatBytes(l.Uncompressed), FormatBytes(l.Compressed), shortDigest(l.Digest), truncate(l.CreatedBy))
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t %s\t\n", FormatBytes(r.Uncompressed), FormatBytes(r.Compressed), "total", fmt.Sprintf("%d layers", len(r.Layers)))
	_ = w.Flush()
	return b.String()
}

// Gate fails when the image's uncompressed size is over budget bytes; the
// error carries the per-layer table so the culprit is visible in CI logs.
func Gate(r Report, budget int64) error {
	if budget <= 0 {
		return fmt.Errorf("%w %d: the budget must be positive", ErrInvalidBudget, budget)
	}
	if r.Uncompressed > budget {
		return fmt.Errorf("%w: %s uncompressed (%d bytes) exceeds the budget of %s (%d bytes) by %s; "+
			"shrink the largest layers or raise the budget:\n%s",
			ErrOverBudget, FormatBytes(r.Uncompressed), r.Uncompressed, FormatBytes(budget), budget,
			FormatBytes(r.Uncompressed-budget), r)
	}
	return nil
}

// shortDigest abbreviates "sha256:<hex>" to 12 hex characters.
func shortDigest(d string) string {
	_, hex, ok := strings.Cut(d, ":")
	if !ok {
		hex = d
	}
	return hex[:min(12, len(hex))]
}

// truncate shortens a build step for the table.
func truncate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxCreatedBy {
		return s
	}
	return s[:maxCreatedBy-3] + "..."
}
