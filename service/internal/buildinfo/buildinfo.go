// Package buildinfo holds the version and commit stamped into the binary at
// build time through -ldflags "-X" (see ci/pkg/buildspec.LDFlags).
package buildinfo

// Version is the semantic version of the build, e.g. "v1.2.3" or
// "v0.0.0-abc1234". It stays "dev" for builds that were not stamped.
var Version = "dev"

// Commit is the full git commit the binary was built from.
var Commit = "unknown"
