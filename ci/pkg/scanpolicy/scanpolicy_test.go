package scanpolicy

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openTestdata(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func irisdFindings(t *testing.T) []Finding {
	t.Helper()
	report, err := ParseTrivy(openTestdata(t, "trivy-irisd.json"))
	require.NoError(t, err)
	return report.Findings()
}

func day(s string) time.Time {
	d, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParseTrivy(t *testing.T) {
	t.Parallel()
	report, err := ParseTrivy(openTestdata(t, "trivy-irisd.json"))
	require.NoError(t, err)
	assert.Equal(t, 2, report.SchemaVersion)
	assert.Equal(t, "container_image", report.ArtifactType)
	findings := report.Findings()
	require.Len(t, findings, 5)
	assert.Equal(t, Finding{
		ID: "CVE-2026-11111", Package: "stdlib", InstalledVersion: "v1.26.3", FixedVersion: "1.26.4, 1.25.10",
		Severity: SeverityHigh, Target: "usr/local/bin/irisd", Title: "net/http: excessive memory use parsing headers",
	}, findings[0])
	assert.False(t, findings[3].Fixed(), "GHSA entry has status affected and no fix")

	clean, err := ParseTrivy(openTestdata(t, "trivy-clean.json"))
	require.NoError(t, err)
	assert.Empty(t, clean.Findings())
}

func TestParseTrivyErrors(t *testing.T) {
	t.Parallel()
	for name, given := range map[string]string{
		"not json":   "<html>",
		"not trivy":  `{"foo": 1}`,
		"truncated":  `{"SchemaVersion": 2, "Results": [`,
		"wrong type": `{"SchemaVersion": "two"}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseTrivy(strings.NewReader(given))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "--format json")
		})
	}
}

func TestPolicyApply(t *testing.T) {
	t.Parallel()
	ignores, err := ParseIgnores(openTestdata(t, "ignore.txt"))
	require.NoError(t, err)
	tests := []struct {
		name             string
		givenPolicy      Policy
		expectBlocking   []string
		expectIgnored    []string
		expectUnfixed    int
		expectBelow      int
		expectExpiredIDs []string
	}{
		{
			name:           "default severities, nothing ignored",
			givenPolicy:    Policy{Severities: []Severity{SeverityHigh, SeverityCritical}, Now: day("2026-06-01")},
			expectBlocking: []string{"CVE-2026-22222", "CVE-2026-11111", "GHSA-abcd-efgh-ijkl"},
			expectBelow:    2,
		},
		{
			name:           "ignore unfixed skips the advisory without a fix",
			givenPolicy:    Policy{Severities: []Severity{SeverityHigh, SeverityCritical}, IgnoreUnfixed: true, Now: day("2026-06-01")},
			expectBlocking: []string{"CVE-2026-22222", "CVE-2026-11111"},
			expectUnfixed:  1,
			expectBelow:    2,
		},
		{
			name:             "ignore file accepts a live entry, expired entry blocks again",
			givenPolicy:      Policy{Severities: []Severity{SeverityHigh, SeverityCritical}, Ignores: ignores, Now: day("2026-06-01")},
			expectBlocking:   []string{"CVE-2026-22222", "GHSA-abcd-efgh-ijkl"},
			expectIgnored:    []string{"CVE-2026-11111"},
			expectBelow:      2,
			expectExpiredIDs: []string{"GHSA-abcd-efgh-ijkl"},
		},
		{
			name:             "entry still applies on its expiry day",
			givenPolicy:      Policy{Severities: []Severity{SeverityHigh}, Ignores: ignores, Now: day("2026-09-30").Add(23 * time.Hour)},
			expectBlocking:   []string{"GHSA-abcd-efgh-ijkl"},
			expectIgnored:    []string{"CVE-2026-11111"},
			expectBelow:      3,
			expectExpiredIDs: []string{"GHSA-abcd-efgh-ijkl"},
		},
		{
			name:             "entry stops the day after expiry",
			givenPolicy:      Policy{Severities: []Severity{SeverityHigh}, Ignores: ignores, Now: day("2026-10-01")},
			expectBlocking:   []string{"CVE-2026-11111", "GHSA-abcd-efgh-ijkl"},
			expectBelow:      3,
			expectExpiredIDs: []string{"CVE-2026-11111", "GHSA-abcd-efgh-ijkl"},
		},
		{
			name:           "critical only",
			givenPolicy:    Policy{Severities: []Severity{SeverityCritical}, Now: day("2026-06-01")},
			expectBlocking: []string{"CVE-2026-22222"},
			expectBelow:    4,
		},
		{
			name:           "all severities, most severe first",
			givenPolicy:    Policy{Severities: allSeverities, Now: day("2026-06-01")},
			expectBlocking: []string{"CVE-2026-22222", "CVE-2026-11111", "GHSA-abcd-efgh-ijkl", "CVE-2026-33333", "CVE-2026-44444"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := tt.givenPolicy.Apply(irisdFindings(t))
			assert.Equal(t, tt.expectBlocking, ids(res.Blocking))
			var ignored []string
			for _, ig := range res.Ignored {
				ignored = append(ignored, ig.Finding.ID)
			}
			assert.Equal(t, tt.expectIgnored, ignored)
			assert.Equal(t, tt.expectUnfixed, res.Unfixed)
			assert.Equal(t, tt.expectBelow, res.BelowThreshold)
			var expired []string
			for _, ig := range res.Expired {
				expired = append(expired, ig.ID)
			}
			assert.Equal(t, tt.expectExpiredIDs, expired)
			if len(tt.expectBlocking) == 0 {
				assert.NoError(t, res.Err())
			} else {
				require.ErrorIs(t, res.Err(), ErrVulnerable)
				for _, id := range tt.expectBlocking {
					assert.Contains(t, res.Err().Error(), id)
				}
			}
		})
	}
}

func TestResultSummary(t *testing.T) {
	t.Parallel()
	ignores, err := ParseIgnores(openTestdata(t, "ignore.txt"))
	require.NoError(t, err)
	res := Policy{Severities: []Severity{SeverityHigh, SeverityCritical}, Ignores: ignores, Now: day("2026-06-01")}.Apply(irisdFindings(t))
	s := res.Summary()
	assert.Contains(t, s, "blocking: 2, ignored: 1, unfixed skipped: 0, below threshold: 2")
	assert.Contains(t, s, "BLOCK  CRITICAL CVE-2026-22222 stdlib@v1.26.3 (fixed in 1.26.5) in usr/local/bin/irisd: crypto/tls: handshake panic")
	assert.Contains(t, s, "BLOCK  HIGH     GHSA-abcd-efgh-ijkl github.com/labstack/echo/v4@v4.16.5 (no fix yet)")
	assert.Contains(t, s, "IGNORE HIGH CVE-2026-11111 until 2026-09-30: header limits")
	assert.Contains(t, s, "EXPIRED ignore entry GHSA-abcd-efgh-ijkl (expired 2026-01-31)")

	clean, err := ParseTrivy(openTestdata(t, "trivy-clean.json"))
	require.NoError(t, err)
	cleanRes := Policy{Severities: []Severity{SeverityHigh}}.Apply(clean.Findings())
	require.NoError(t, cleanRes.Err())
	assert.Equal(t, "blocking: 0, ignored: 0, unfixed skipped: 0, below threshold: 0\n", cleanRes.Summary())
}

func TestParseSeverities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		given      string
		expect     []Severity
		expectText string
	}{
		{given: "HIGH,CRITICAL", expect: []Severity{SeverityHigh, SeverityCritical}},
		{given: " critical , high ,", expect: []Severity{SeverityCritical, SeverityHigh}},
		{given: "HIGH,HIGH", expect: []Severity{SeverityHigh}},
		{given: "UNKNOWN,LOW,MEDIUM", expect: []Severity{SeverityUnknown, SeverityLow, SeverityMedium}},
		{given: "SEVERE", expectText: `"SEVERE"`},
		{given: "", expectText: "empty list"},
		{given: " , ", expectText: "empty list"},
	}
	for _, tt := range tests {
		t.Run(tt.given, func(t *testing.T) {
			t.Parallel()
			got, err := ParseSeverities(tt.given)
			if tt.expectText != "" {
				require.ErrorIs(t, err, ErrInvalidSeverity)
				assert.Contains(t, err.Error(), tt.expectText)
				assert.Contains(t, err.Error(), "UNKNOWN, LOW, MEDIUM, HIGH or CRITICAL")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.expect, got)
		})
	}
}

func TestParseIgnores(t *testing.T) {
	t.Parallel()
	got, err := ParseIgnores(openTestdata(t, "ignore.txt"))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, Ignore{
		ID: "CVE-2026-11111", Expires: day("2026-09-30"),
		Reason: "header limits are enforced by the body-limit middleware before net/http parsing",
	}, got[0])

	tests := []struct {
		name       string
		given      string
		expectText string
	}{
		{name: "no reason", given: "CVE-1 2026-01-01\n", expectText: "line 1"},
		{name: "no date", given: "# c\nCVE-1\n", expectText: "line 2"},
		{name: "bad date", given: "CVE-1 01/02/2026 because\n", expectText: `"01/02/2026" is not a YYYY-MM-DD date`},
		{name: "duplicate", given: "CVE-1 2026-01-01 a\nCVE-1 2026-02-01 b\n", expectText: "already listed on line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseIgnores(strings.NewReader(tt.given))
			require.ErrorIs(t, err, ErrInvalidIgnoreFile)
			assert.Contains(t, err.Error(), tt.expectText)
		})
	}
}

func TestParseGovulncheck(t *testing.T) {
	t.Parallel()
	got, err := ParseGovulncheck(openTestdata(t, "govulncheck.json"))
	require.NoError(t, err)
	require.Len(t, got, 1, "only the called vulnerability counts, once")
	assert.Equal(t, Finding{
		ID: "GO-2026-4001", Package: "stdlib", InstalledVersion: "v1.26.3", FixedVersion: "v1.26.4",
		Severity: SeverityUnknown, Target: "net/http.ReadRequest", Title: "Excessive memory use parsing headers in net/http",
	}, got[0])

	// Every govulncheck finding blocks, unless an unexpired entry accepts it.
	res := GovulncheckPolicy(nil, day("2026-06-01")).Apply(got)
	require.ErrorIs(t, res.Err(), ErrVulnerable)
	accepted := []Ignore{{ID: "GO-2026-4001", Expires: day("2026-06-30"), Reason: "not reachable from irisd"}}
	require.NoError(t, GovulncheckPolicy(accepted, day("2026-06-01")).Apply(got).Err())
	require.ErrorIs(t, GovulncheckPolicy(accepted, day("2026-07-01")).Apply(got).Err(), ErrVulnerable, "an expired entry stops ignoring")

	clean, err := ParseGovulncheck(strings.NewReader(`{"config":{"scanner_version":"v1.9.0"}}{"progress":{"message":"No vulnerabilities found."}}`))
	require.NoError(t, err)
	assert.Empty(t, clean)

	_, err = ParseGovulncheck(strings.NewReader(`{"progress":{}}`))
	require.ErrorContains(t, err, "no config message")
	_, err = ParseGovulncheck(strings.NewReader(`=== Symbol Results ===`))
	require.ErrorContains(t, err, "-format json")
}

func ids(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}
