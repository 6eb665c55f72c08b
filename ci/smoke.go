package main

import (
	"context"
	"fmt"
	"path"

	"dagger/ci/internal/dagger"
	"dagger/ci/pkg/buildspec"
)

// appHost is the service alias the smoke client reaches the image by.
const appHost = "app"

// Smoke starts the image as a service and runs the smoke client against it:
// wait for /readyz, then one real prediction whose label must be right.
func (m *Ci) Smoke(ctx context.Context) (string, error) {
	return m.smoke(ctx, m.image(devMeta()))
}

// smoke runs the smoke client (ci/cmd/smoke, built with the Go image)
// against image.
func (m *Ci) smoke(ctx context.Context, image *dagger.Container) (string, error) {
	app := image.AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
	out, err := m.goContainer().
		WithServiceBinding(appHost, app).
		WithWorkdir(path.Join(srcDir, "ci")).
		WithExec([]string{"go", "run", "./cmd/smoke", "-url", fmt.Sprintf("http://%s:%d", appHost, buildspec.Port)}).
		Stdout(ctx)
	if err != nil {
		return "", fmt.Errorf("smoke: %w", err)
	}
	return out, nil
}

// Serve runs the image as a service, e.g. `dagger call serve up --ports 8080:8080`.
func (m *Ci) Serve() *dagger.Service {
	return m.image(devMeta()).AsService(dagger.ContainerAsServiceOpts{UseEntrypoint: true})
}
