// Package workflowlint lints the repository's GitHub Actions workflows with
// actionlint. It is a module of its own so that actionlint's dependencies stay
// out of the service and the Dagger module. Run: cd tools/workflowlint && go test ./...
package workflowlint
