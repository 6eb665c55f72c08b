// Package version turns a git ref and commit into the release version and the
// image tags to publish, so that the pipeline never invents a version by hand.
//
// A tag ref "refs/tags/vMAJOR.MINOR.PATCH" is a stable release and is tagged
// "MAJOR.MINOR.PATCH", "MAJOR.MINOR", "MAJOR" and "latest"; a tag with a
// prerelease ("v1.2.3-rc.1") is tagged only with itself; any other ref (a
// branch, a pull request) is a development build "v0.0.0-<short sha>".
package version

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/Masterminds/semver/v3"
)

// tagPrefix is the ref prefix of git tags.
const tagPrefix = "refs/tags/"

// shortSHALen is the length of the abbreviated commit in development versions.
const shortSHALen = 7

// LatestTag is the floating tag that always names the newest stable release.
const LatestTag = "latest"

// validTagHelp tells the user what a release tag must look like.
const validTagHelp = `a release tag must be "v" followed by a semantic version MAJOR.MINOR.PATCH ` +
	`with an optional prerelease and no build metadata, e.g. v1.2.3 or v1.2.3-rc.1`

var (
	// ErrInvalidTag reports a git tag that is not a valid release tag.
	ErrInvalidTag = errors.New("invalid release tag")
	// ErrInvalidCommit reports a commit that is not a hexadecimal git sha.
	ErrInvalidCommit = errors.New("invalid commit")
)

// commitPattern matches an abbreviated or full git sha.
var commitPattern = regexp.MustCompile(`^[0-9a-f]{7,40}$`)

// Release is the version of one build and the image tags it is published as.
type Release struct {
	// Version is the semantic version with a "v" prefix: "v1.2.3",
	// "v1.2.3-rc.1" or "v0.0.0-abc1234" for a development build.
	Version string
	// Tags are the image tags, without the "v" prefix, most specific first.
	Tags []string
	// Stable is true for a release tag without a prerelease.
	Stable bool
}

// FromRef derives the release of a build from its git ref (e.g.
// "refs/tags/v1.2.3", "refs/heads/main") and commit sha.
func FromRef(ref, commit string) (Release, error) {
	commit = strings.ToLower(strings.TrimSpace(commit))
	if !commitPattern.MatchString(commit) {
		return Release{}, fmt.Errorf("%w %q: want a git sha of 7 to 40 hexadecimal characters", ErrInvalidCommit, commit)
	}
	tag, isTag := strings.CutPrefix(ref, tagPrefix)
	if !isTag {
		dev := "0.0.0-" + commit[:shortSHALen]
		return Release{Version: "v" + dev, Tags: []string{dev}}, nil
	}
	v, err := parseTag(tag)
	if err != nil {
		return Release{}, err
	}
	if v.Prerelease() != "" {
		return Release{Version: "v" + v.String(), Tags: []string{v.String()}}, nil
	}
	return Release{
		Version: "v" + v.String(),
		Tags: []string{
			v.String(),
			fmt.Sprintf("%d.%d", v.Major(), v.Minor()),
			fmt.Sprintf("%d", v.Major()),
			LatestTag,
		},
		Stable: true,
	}, nil
}

// parseTag validates a tag name such as "v1.2.3" and returns its version.
func parseTag(tag string) (*semver.Version, error) {
	rest, ok := strings.CutPrefix(tag, "v")
	if !ok {
		return nil, fmt.Errorf("%w %q: missing the leading \"v\"; %s", ErrInvalidTag, tag, validTagHelp)
	}
	v, err := semver.StrictNewVersion(rest)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w; %s", ErrInvalidTag, tag, err, validTagHelp)
	}
	if v.Metadata() != "" {
		return nil, fmt.Errorf("%w %q: build metadata %q is not allowed in an image tag; %s",
			ErrInvalidTag, tag, v.Metadata(), validTagHelp)
	}
	return v, nil
}
