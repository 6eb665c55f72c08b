package scanpolicy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// govulncheckMessage is one message of govulncheck's JSON stream; only the
// fields the policy needs are decoded.
type govulncheckMessage struct {
	Config *struct {
		ScannerVersion string `json:"scanner_version"`
	} `json:"config"`
	OSV *struct {
		ID      string   `json:"id"`
		Aliases []string `json:"aliases"`
		Summary string   `json:"summary"`
	} `json:"osv"`
	Finding *struct {
		OSV          string `json:"osv"`
		FixedVersion string `json:"fixed_version"`
		Trace        []struct {
			Module   string `json:"module"`
			Version  string `json:"version"`
			Package  string `json:"package"`
			Function string `json:"function"`
		} `json:"trace"`
	} `json:"finding"`
}

// ParseGovulncheck decodes `govulncheck -format json` output and returns one
// Finding per vulnerability whose vulnerable code the program calls (a trace
// whose innermost frame names a function). Vulnerabilities only imported or
// required, but never called, are not returned: they cannot be reached.
//
// With -format json govulncheck exits 0 even when it finds something; the
// findings in the stream are what decide.
func ParseGovulncheck(r io.Reader) ([]Finding, error) {
	dec := json.NewDecoder(r)
	summaries := map[string]string{}
	var sawConfig bool
	var called []Finding
	seen := map[string]bool{}
	for {
		var m govulncheckMessage
		err := dec.Decode(&m)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("decoding govulncheck JSON stream (run govulncheck -format json): %w", err)
		}
		switch {
		case m.Config != nil:
			sawConfig = true
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0 && m.Finding.Trace[0].Function != "":
			if seen[m.Finding.OSV] {
				continue
			}
			seen[m.Finding.OSV] = true
			frame := m.Finding.Trace[0]
			called = append(called, Finding{
				ID:               m.Finding.OSV,
				Package:          frame.Module,
				InstalledVersion: frame.Version,
				FixedVersion:     m.Finding.FixedVersion,
				Severity:         SeverityUnknown,
				Target:           frame.Package + "." + frame.Function,
			})
		}
	}
	if !sawConfig {
		return nil, errors.New("decoding govulncheck JSON stream: no config message, so this is not govulncheck -format json output")
	}
	for i := range called {
		called[i].Title = summaries[called[i].ID]
	}
	return called, nil
}
