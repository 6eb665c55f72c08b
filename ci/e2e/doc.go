// Package e2e holds the end-to-end tests of the service image built by the
// repository's Dockerfile with a real Docker engine and a real registry:
// image config, size budget, hardened run, layer cache, publish and
// reproducibility. It also holds the drift test that keeps the Dockerfile in
// step with ci/pkg/buildspec and ci/versions.go, which needs no Docker.
//
// Bring the engine and registry up with scripts/infra/up.sh, then
//
//	cd ci && go test ./e2e/...
//
// Without Docker the image tests skip, unless IRISINFER_E2E=require (as in
// CI), where they fail.
package e2e
