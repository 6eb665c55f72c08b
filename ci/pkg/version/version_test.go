package version

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sha = "abc1234def5678abc1234def5678abc1234def56"

func TestFromRef(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		givenRef    string
		givenCommit string
		expect      Release
	}{
		{
			name:     "stable tag",
			givenRef: "refs/tags/v1.2.3", givenCommit: sha,
			expect: Release{Version: "v1.2.3", Tags: []string{"1.2.3", "1.2", "1", "latest"}, Stable: true},
		},
		{
			name:     "stable zero major",
			givenRef: "refs/tags/v0.4.0", givenCommit: sha,
			expect: Release{Version: "v0.4.0", Tags: []string{"0.4.0", "0.4", "0", "latest"}, Stable: true},
		},
		{
			name:     "prerelease tag",
			givenRef: "refs/tags/v1.2.3-rc.1", givenCommit: sha,
			expect: Release{Version: "v1.2.3-rc.1", Tags: []string{"1.2.3-rc.1"}},
		},
		{
			name:     "main branch",
			givenRef: "refs/heads/main", givenCommit: sha,
			expect: Release{Version: "v0.0.0-abc1234", Tags: []string{"0.0.0-abc1234"}},
		},
		{
			name:     "pull request ref with short upper-case sha",
			givenRef: "refs/pull/7/merge", givenCommit: "ABC1234",
			expect: Release{Version: "v0.0.0-abc1234", Tags: []string{"0.0.0-abc1234"}},
		},
		{
			name:     "empty ref is a development build",
			givenRef: "", givenCommit: sha,
			expect: Release{Version: "v0.0.0-abc1234", Tags: []string{"0.0.0-abc1234"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := FromRef(tt.givenRef, tt.givenCommit)
			require.NoError(t, err)
			assert.Equal(t, tt.expect, got)
		})
	}
}

func TestFromRefErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		givenRef     string
		givenCommit  string
		expectIs     error
		expectReason string
	}{
		{name: "missing patch", givenRef: "refs/tags/v1.2", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: "v1.2"},
		{name: "not a number", givenRef: "refs/tags/vX", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: "vX"},
		{name: "no v prefix", givenRef: "refs/tags/1.2.3", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: `missing the leading "v"`},
		{name: "build metadata", givenRef: "refs/tags/v1.2.3+build.5", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: "build metadata"},
		{name: "leading zero", givenRef: "refs/tags/v01.2.3", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: "v01.2.3"},
		{name: "empty tag", givenRef: "refs/tags/", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: `missing the leading "v"`},
		{name: "double v", givenRef: "refs/tags/vv1.2.3", givenCommit: sha, expectIs: ErrInvalidTag, expectReason: "vv1.2.3"},
		{name: "commit too short", givenRef: "refs/heads/main", givenCommit: "abc12", expectIs: ErrInvalidCommit, expectReason: "7 to 40"},
		{name: "commit too long", givenRef: "refs/heads/main", givenCommit: sha + "0", expectIs: ErrInvalidCommit, expectReason: "7 to 40"},
		{name: "commit not hex", givenRef: "refs/tags/v1.2.3", givenCommit: "xyz1234", expectIs: ErrInvalidCommit, expectReason: "hexadecimal"},
		{name: "empty commit", givenRef: "refs/heads/main", givenCommit: "", expectIs: ErrInvalidCommit, expectReason: "git sha"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := FromRef(tt.givenRef, tt.givenCommit)
			require.ErrorIs(t, err, tt.expectIs)
			assert.Contains(t, err.Error(), tt.expectReason)
			if errors.Is(tt.expectIs, ErrInvalidTag) {
				assert.Contains(t, err.Error(), "e.g. v1.2.3", "the error says what a valid tag looks like")
			}
		})
	}
}

func FuzzFromRef(f *testing.F) {
	for _, ref := range []string{"refs/tags/v1.2.3", "refs/tags/v1.2.3-rc.1", "refs/heads/main", "refs/tags/v1.2", "refs/tags/v1.0.0+x"} {
		f.Add(ref, sha)
	}
	f.Fuzz(func(t *testing.T, ref, commit string) {
		got, err := FromRef(ref, commit)
		if err != nil {
			return
		}
		require.NotEmpty(t, got.Tags)
		assert.Equal(t, got.Version, "v"+got.Tags[0], "the first tag is the version without its v")
		for _, tag := range got.Tags {
			assert.NotContains(t, tag, "+", "image tags cannot carry build metadata")
			assert.False(t, strings.HasPrefix(tag, "v"), "image tags have no v prefix")
		}
		if got.Stable {
			assert.Equal(t, LatestTag, got.Tags[len(got.Tags)-1])
		} else {
			assert.NotContains(t, got.Tags, LatestTag)
		}
	})
}
