package scanpolicy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ErrInvalidIgnoreFile reports a malformed ignore list.
var ErrInvalidIgnoreFile = errors.New("invalid ignore file")

// dateLayout is the expiry date format of the ignore list.
const dateLayout = "2006-01-02"

// ignoreLineHelp tells the user what an ignore line looks like.
const ignoreLineHelp = `want "ID EXPIRES REASON", e.g. "CVE-2026-11111 2026-09-30 not reachable: we never parse untrusted headers"`

// Ignore is one accepted vulnerability.
type Ignore struct {
	ID string
	// Expires is the first day (UTC) the entry no longer applies.
	Expires time.Time
	Reason  string
}

// Expired reports whether the entry no longer applies at now: it applies up to
// and including its expiry date.
func (i Ignore) Expired(now time.Time) bool {
	return !now.UTC().Before(i.Expires.AddDate(0, 0, 1))
}

// ParseIgnores reads an ignore list; blank lines and lines starting with # are
// skipped.
func ParseIgnores(r io.Reader) ([]Ignore, error) {
	var out []Ignore
	seen := map[string]int{}
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 3 {
			return nil, fmt.Errorf("%w: line %d %q: missing expiry date or reason; %s", ErrInvalidIgnoreFile, n, line, ignoreLineHelp)
		}
		expires, err := time.Parse(dateLayout, fields[1])
		if err != nil {
			return nil, fmt.Errorf("%w: line %d: expiry %q is not a YYYY-MM-DD date; %s", ErrInvalidIgnoreFile, n, fields[1], ignoreLineHelp)
		}
		if prev, dup := seen[fields[0]]; dup {
			return nil, fmt.Errorf("%w: line %d: %s is already listed on line %d", ErrInvalidIgnoreFile, n, fields[0], prev)
		}
		seen[fields[0]] = n
		out = append(out, Ignore{ID: fields[0], Expires: expires, Reason: strings.Join(fields[2:], " ")})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading ignore file: %w", err)
	}
	return out, nil
}
