package scanpolicy

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Severity is a vulnerability severity as Trivy names it.
type Severity string

// Severities Trivy reports, lowest first.
const (
	SeverityUnknown  Severity = "UNKNOWN"
	SeverityLow      Severity = "LOW"
	SeverityMedium   Severity = "MEDIUM"
	SeverityHigh     Severity = "HIGH"
	SeverityCritical Severity = "CRITICAL"
)

// allSeverities lists the valid severities, lowest first.
var allSeverities = []Severity{SeverityUnknown, SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// DefaultSeverities are the severities that fail the gate unless told otherwise.
const DefaultSeverities = "HIGH,CRITICAL"

// ErrVulnerable reports findings the policy does not accept.
var ErrVulnerable = errors.New("vulnerabilities found")

// ErrInvalidSeverity reports an unknown severity name.
var ErrInvalidSeverity = errors.New("invalid severity")

// rank orders severities for sorting, highest first.
func (s Severity) rank() int { return slices.Index(allSeverities, s) }

// ParseSeverities parses a comma-separated list such as "HIGH,CRITICAL".
func ParseSeverities(list string) ([]Severity, error) {
	var out []Severity
	for part := range strings.SplitSeq(list, ",") {
		s := Severity(strings.ToUpper(strings.TrimSpace(part)))
		if s == "" {
			continue
		}
		if !slices.Contains(allSeverities, s) {
			return nil, fmt.Errorf("%w %q: use a comma-separated list of %s", ErrInvalidSeverity, part, joinSeverities(allSeverities))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: empty list; use a comma-separated list of %s, e.g. %s", ErrInvalidSeverity, joinSeverities(allSeverities), DefaultSeverities)
	}
	return out, nil
}

// GovulncheckPolicy is the policy for govulncheck findings: govulncheck has
// no severities, so every finding blocks unless an ignore entry accepts it.
func GovulncheckPolicy(ignores []Ignore, now time.Time) Policy {
	return Policy{Severities: []Severity{SeverityUnknown}, Ignores: ignores, Now: now}
}

// Finding is one vulnerability of one package.
type Finding struct {
	ID               string
	Package          string
	InstalledVersion string
	FixedVersion     string
	Severity         Severity
	// Target is where it was found: a binary path, or for govulncheck the
	// vulnerable function the program calls.
	Target string
	Title  string
}

// Fixed reports whether a fixed version exists.
func (f Finding) Fixed() bool { return strings.TrimSpace(f.FixedVersion) != "" }

// String renders a finding on one line.
func (f Finding) String() string {
	fixed := "no fix yet"
	if f.Fixed() {
		fixed = "fixed in " + f.FixedVersion
	}
	s := fmt.Sprintf("%-8s %s %s@%s (%s) in %s", f.Severity, f.ID, f.Package, f.InstalledVersion, fixed, f.Target)
	if f.Title != "" {
		s += ": " + f.Title
	}
	return s
}

// Policy decides which findings block a release.
type Policy struct {
	// Severities fail the gate; others are reported but pass.
	Severities []Severity
	// IgnoreUnfixed skips findings with no fixed version to upgrade to.
	IgnoreUnfixed bool
	// Ignores are accepted findings, each until its expiry date.
	Ignores []Ignore
	// Now is the day expiry dates are compared with.
	Now time.Time
}

// Ignored is a finding an ignore entry accepted.
type Ignored struct {
	Finding Finding
	Reason  string
	Expires time.Time
}

// Result is the outcome of applying a Policy to findings.
type Result struct {
	// Blocking are the findings that fail the gate, most severe first.
	Blocking []Finding
	// Ignored are blocking-severity findings accepted by an ignore entry.
	Ignored []Ignored
	// Unfixed counts blocking-severity findings skipped because no fix exists.
	Unfixed int
	// BelowThreshold counts findings of severities that do not fail the gate.
	BelowThreshold int
	// Expired are ignore entries past their date; their findings block again.
	Expired []Ignore
}

// Apply sorts findings into blocking, ignored, unfixed and below-threshold.
func (p Policy) Apply(findings []Finding) Result {
	ignores := map[string]Ignore{}
	var res Result
	for _, ig := range p.Ignores {
		if ig.Expired(p.Now) {
			res.Expired = append(res.Expired, ig)
			continue
		}
		ignores[ig.ID] = ig
	}
	for _, f := range findings {
		switch ig, ignored := ignores[f.ID]; {
		case !slices.Contains(p.Severities, f.Severity):
			res.BelowThreshold++
		case p.IgnoreUnfixed && !f.Fixed():
			res.Unfixed++
		case ignored:
			res.Ignored = append(res.Ignored, Ignored{Finding: f, Reason: ig.Reason, Expires: ig.Expires})
		default:
			res.Blocking = append(res.Blocking, f)
		}
	}
	slices.SortStableFunc(res.Blocking, func(a, b Finding) int {
		if c := b.Severity.rank() - a.Severity.rank(); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return res
}

// Err returns ErrVulnerable with the summary when any finding blocks.
func (r Result) Err() error {
	if len(r.Blocking) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d blocking; upgrade the packages below, or accept one with a reason and an expiry date in the ignore file:\n%s",
		ErrVulnerable, len(r.Blocking), r.Summary())
}

// Summary renders the result for a CI log.
func (r Result) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "blocking: %d, ignored: %d, unfixed skipped: %d, below threshold: %d\n",
		len(r.Blocking), len(r.Ignored), r.Unfixed, r.BelowThreshold)
	for _, f := range r.Blocking {
		fmt.Fprintf(&b, "  BLOCK  %s\n", f)
	}
	for _, ig := range r.Ignored {
		fmt.Fprintf(&b, "  IGNORE %s %s until %s: %s\n", ig.Finding.Severity, ig.Finding.ID, ig.Expires.Format(dateLayout), ig.Reason)
	}
	for _, ig := range r.Expired {
		fmt.Fprintf(&b, "  EXPIRED ignore entry %s (expired %s): remove it or renew it with a fresh reason\n", ig.ID, ig.Expires.Format(dateLayout))
	}
	return b.String()
}

// joinSeverities renders severities as "A, B or C".
func joinSeverities(s []Severity) string {
	names := make([]string, len(s))
	for i, v := range s {
		names[i] = string(v)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
