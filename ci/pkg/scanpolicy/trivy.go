package scanpolicy

import (
	"encoding/json"
	"fmt"
	"io"
)

// TrivyReport is the part of Trivy's JSON report the policy reads.
type TrivyReport struct {
	SchemaVersion int           `json:"SchemaVersion"`
	ArtifactName  string        `json:"ArtifactName"`
	ArtifactType  string        `json:"ArtifactType"`
	Results       []TrivyResult `json:"Results"`
}

// TrivyResult is one scanned target: an OS package database or a binary.
type TrivyResult struct {
	Target          string               `json:"Target"`
	Class           string               `json:"Class"`
	Type            string               `json:"Type"`
	Vulnerabilities []TrivyVulnerability `json:"Vulnerabilities"`
}

// TrivyVulnerability is one vulnerability of one installed package.
type TrivyVulnerability struct {
	VulnerabilityID  string `json:"VulnerabilityID"`
	PkgName          string `json:"PkgName"`
	InstalledVersion string `json:"InstalledVersion"`
	FixedVersion     string `json:"FixedVersion"`
	Status           string `json:"Status"`
	Severity         string `json:"Severity"`
	Title            string `json:"Title"`
	PrimaryURL       string `json:"PrimaryURL"`
}

// ParseTrivy decodes a Trivy JSON report.
func ParseTrivy(r io.Reader) (TrivyReport, error) {
	var report TrivyReport
	dec := json.NewDecoder(r)
	if err := dec.Decode(&report); err != nil {
		return TrivyReport{}, fmt.Errorf("decoding Trivy JSON report (run trivy with --format json): %w", err)
	}
	if report.SchemaVersion == 0 {
		return TrivyReport{}, fmt.Errorf("decoding Trivy JSON report: no SchemaVersion, so this is not a Trivy report (run trivy with --format json)")
	}
	return report, nil
}

// Findings flattens the report into one Finding per vulnerable package.
func (r TrivyReport) Findings() []Finding {
	var out []Finding
	for _, res := range r.Results {
		for _, v := range res.Vulnerabilities {
			out = append(out, Finding{
				ID:               v.VulnerabilityID,
				Package:          v.PkgName,
				InstalledVersion: v.InstalledVersion,
				FixedVersion:     v.FixedVersion,
				Severity:         Severity(v.Severity),
				Target:           res.Target,
				Title:            v.Title,
			})
		}
	}
	return out
}
