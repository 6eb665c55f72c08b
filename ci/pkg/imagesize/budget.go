// Package imagesize measures a container image tarball layer by layer and
// checks it against a size budget, so an image that grows past its budget
// fails the release with a breakdown of where the bytes are.
package imagesize

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrInvalidBudget reports a size budget that cannot be parsed.
var ErrInvalidBudget = errors.New("invalid size budget")

// DefaultBudget is the release size budget unless told otherwise.
const DefaultBudget = "500MB"

// budgetHelp tells the user what a budget looks like.
const budgetHelp = `write a positive size such as "500MB", "500MiB", "1.5GB" or a plain byte count "524288000"`

// units maps a size suffix to its multiplier: SI (powers of 1000) and IEC
// (powers of 1024). Longer suffixes are matched first.
var units = []struct {
	suffix string
	factor float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
	{"B", 1},
}

// ParseBudget parses a size such as "500MB" (500e6 bytes), "500MiB", "1.5GB"
// or a plain byte count. Suffixes are case-insensitive.
func ParseBudget(s string) (int64, error) {
	text := strings.TrimSpace(s)
	number, factor := text, 1.0
	for _, u := range units {
		if len(text) > len(u.suffix) && strings.EqualFold(text[len(text)-len(u.suffix):], u.suffix) {
			number, factor = strings.TrimSpace(text[:len(text)-len(u.suffix)]), u.factor
			break
		}
	}
	n, err := strconv.ParseFloat(number, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("%w %q: not a number with a unit; %s", ErrInvalidBudget, s, budgetHelp)
	}
	bytes := n * factor
	if bytes < 1 {
		return 0, fmt.Errorf("%w %q: must be at least one byte; %s", ErrInvalidBudget, s, budgetHelp)
	}
	if bytes >= math.MaxInt64 {
		return 0, fmt.Errorf("%w %q: too large; %s", ErrInvalidBudget, s, budgetHelp)
	}
	return int64(math.Round(bytes)), nil
}

// FormatBytes renders a byte count in SI units with one decimal, e.g. "12.3 MB".
func FormatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
