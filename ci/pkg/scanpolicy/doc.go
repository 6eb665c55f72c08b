// Package scanpolicy decides whether a vulnerability scan blocks a release.
//
// It reads Trivy's JSON report (`trivy image --format json`: Results[] each
// with Vulnerabilities[] carrying VulnerabilityID, PkgName, InstalledVersion,
// FixedVersion, Status and Severity) and govulncheck's JSON stream
// (`govulncheck -format json`: config, progress, osv and finding messages),
// then applies a Policy: the severities that fail the gate, whether
// vulnerabilities without a fix are skipped, and an ignore list.
//
// The ignore list is a small text file, one accepted vulnerability a line:
//
//	# ID                 EXPIRES     REASON
//	CVE-2026-11111       2026-09-30  parsing limited by our body-limit middleware
//
// Every entry needs a reason and an expiry date (YYYY-MM-DD, UTC); after that
// day the entry stops ignoring, so each exception is reviewed again.
package scanpolicy
