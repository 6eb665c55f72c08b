package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPublishToRegistry pushes the image to the htpasswd registry: a wrong
// password pushes nothing; the right one pushes every release tag, and the
// image pulled back by digest is the one that was built.
func TestPublishToRegistry(t *testing.T) {
	t.Parallel()
	cfg, tag := sharedImage(t)
	if cfg.registry == "" || cfg.registryUser == "" || cfg.registryPassword == "" {
		unavailable(t, "no test registry: set "+envRegistry+", "+envRegistryUser+" and "+envRegistryPassword+
			" (scripts/infra/up.sh writes them)")
	}
	// A private client config: no credentials reach ~/.docker.
	dockerConfig := t.TempDir()
	run := func(stdin string, args ...string) (string, error) {
		return docker(t.Context(), cfg, stdin, []string{"DOCKER_CONFIG=" + dockerConfig}, args...)
	}
	reg := registryClient{host: cfg.registry, user: cfg.registryUser, password: cfg.registryPassword}
	repoName := randomName("irisinfer-e2e-")
	repo := cfg.registry + "/" + repoName
	release := shared.release
	for _, tg := range release.Tags {
		removeLater(t, cfg, "image", "rm", "--force", repo+":"+tg)
	}
	for _, tg := range release.Tags {
		_, err := run("", "tag", tag, repo+":"+tg)
		require.NoError(t, err)
	}

	out, err := run("not-the-password", "login", "--username", cfg.registryUser, "--password-stdin", cfg.registry)
	require.Error(t, err, "login with a wrong password must fail")
	assert.Contains(t, out, "401 Unauthorized")
	out, err = run("", "push", repo+":"+release.Tags[0])
	require.Error(t, err, "push without a successful login must fail")
	assert.Contains(t, out, "no basic auth credentials")
	assert.Empty(t, reg.tags(t, repoName), "a failed push must leave nothing in the registry")

	_, err = run(cfg.registryPassword, "login", "--username", cfg.registryUser, "--password-stdin", cfg.registry)
	require.NoError(t, err)
	_, err = run("", "push", "--all-tags", repo)
	require.NoError(t, err)
	assert.ElementsMatch(t, release.Tags, reg.tags(t, repoName))

	// Every tag names one manifest, whose config is the image that was built.
	digest, config := reg.manifest(t, repoName, release.Tags[0])
	assert.Equal(t, shared.id, config, "the pushed config is the built image")
	for _, tg := range release.Tags[1:] {
		d, _ := reg.manifest(t, repoName, tg)
		assert.Equal(t, digest, d, "tag %s", tg)
	}
	d, c := reg.manifest(t, repoName, digest)
	assert.Equal(t, []string{digest, config}, []string{d, c}, "the manifest by digest")

	// Pull it back through Docker after dropping the local tags.
	for _, tg := range release.Tags {
		_, err := run("", "image", "rm", repo+":"+tg)
		require.NoError(t, err)
	}
	byDigest := repo + "@" + digest
	_, err = run("", "pull", byDigest)
	require.NoError(t, err)
	removeLater(t, cfg, "image", "rm", "--force", byDigest)
	assert.Equal(t, shared.id, inspectImage(t, cfg, byDigest).ID)

	creds, err := os.ReadFile(filepath.Join(dockerConfig, "config.json"))
	require.NoError(t, err)
	assert.Contains(t, string(creds), cfg.registry, "the login went to the private client config")
}

// registryClient reads a Distribution (OCI) registry over its HTTP API with
// basic auth: the test checks what the registry holds, not what Docker says.
type registryClient struct {
	host, user, password string
}

// Manifest media types a docker push writes.
var manifestTypes = []string{
	"application/vnd.docker.distribution.manifest.v2+json",
	"application/vnd.oci.image.manifest.v1+json",
}

// get returns the status, headers and body of a registry API GET.
func (r registryClient) get(t *testing.T, path string, accept ...string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+r.host+"/v2/"+path, nil)
	require.NoError(t, err)
	req.SetBasicAuth(r.user, r.password)
	for _, a := range accept {
		req.Header.Add("Accept", a)
	}
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, body
}

// tags lists the repository's tags; a repository never pushed to has none.
func (r registryClient) tags(t *testing.T, repo string) []string {
	t.Helper()
	status, _, body := r.get(t, repo+"/tags/list")
	if status == http.StatusNotFound {
		return nil
	}
	require.Equal(t, http.StatusOK, status, "GET tags: %s", body)
	var list struct {
		Tags []string `json:"tags"`
	}
	require.NoError(t, json.Unmarshal(body, &list))
	return list.Tags
}

// manifest returns the digest of the manifest ref (a tag or digest) names,
// checked against its bytes, and the digest of its config: the image id.
func (r registryClient) manifest(t *testing.T, repo, ref string) (digest, config string) {
	t.Helper()
	status, header, body := r.get(t, repo+"/manifests/"+ref, manifestTypes...)
	require.Equal(t, http.StatusOK, status, "GET manifest %s: %s", ref, body)
	sum := sha256.Sum256(body)
	digest = "sha256:" + hex.EncodeToString(sum[:])
	require.Equal(t, digest, header.Get("Docker-Content-Digest"), "the registry's digest of %s", ref)
	var m struct {
		Config struct {
			Digest string `json:"digest"`
		} `json:"config"`
	}
	require.NoError(t, json.Unmarshal(body, &m), "manifest %s", ref)
	require.NotEmpty(t, m.Config.Digest, fmt.Sprintf("manifest %s has a config", ref))
	return digest, m.Config.Digest
}
