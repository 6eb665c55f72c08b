package e2e

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Environment variables the tests read; scripts/infra/up.sh writes them to
// its env file, and the process environment overrides the file.
const (
	envRequire          = "IRISINFER_E2E" // "require": fail instead of skipping without Docker
	envInfraState       = "IRISINFER_INFRA_STATE"
	envDocker           = "DOCKER"
	envGoImage          = "IRISINFER_GO_IMAGE"
	envRegistry         = "IRISINFER_REGISTRY"
	envRegistryUser     = "IRISINFER_REGISTRY_USER"
	envRegistryPassword = "IRISINFER_REGISTRY_PASSWORD"
	envVulnDB           = "IRISINFER_VULNDB" // directory of the offline Go vulnerability database
	defaultInfraState   = "/tmp/irisinfer-infra"
)

// config is what the tests need to know about the machine.
type config struct {
	docker           string // the docker client binary
	goImage          string // GO_IMAGE build argument; empty keeps the Dockerfile default
	registry         string // host:port of the test registry
	registryUser     string
	registryPassword string
	vulnDB           string
	goEnvArgs        []string // --build-arg flags carrying this machine's module proxy settings
}

// loadConfig reads the env file written by up.sh, then the process environment.
func loadConfig() (config, error) {
	vars := map[string]string{}
	state := os.Getenv(envInfraState)
	if state == "" {
		state = defaultInfraState
	}
	if err := readEnvFile(filepath.Join(state, "env"), vars); err != nil {
		return config{}, err
	}
	for _, k := range []string{envDocker, envGoImage, envRegistry, envRegistryUser, envRegistryPassword, envVulnDB} {
		if v, ok := os.LookupEnv(k); ok {
			vars[k] = v
		}
	}
	c := config{
		docker:           vars[envDocker],
		goImage:          vars[envGoImage],
		registry:         vars[envRegistry],
		registryUser:     vars[envRegistryUser],
		registryPassword: vars[envRegistryPassword],
		vulnDB:           vars[envVulnDB],
	}
	if c.docker == "" {
		// The Debian client drives the daemon's BuildKit without a buildx plugin.
		c.docker = "/usr/bin/docker"
		if _, err := os.Stat(c.docker); err != nil {
			c.docker = "docker"
		}
	}
	c.goEnvArgs = goEnvBuildArgs()
	return c, nil
}

// goModuleVars are the Go settings the build stage's go mod download needs to
// reach modules the way this machine does.
var goModuleVars = []string{"GOPROXY", "GONOSUMDB", "GOFLAGS"}

// goEnvBuildArgs turns this machine's effective Go settings (environment and
// go env file) into --build-arg flags, so they are passed and never written
// into a file. Without a go command it returns none: the image's defaults apply.
func goEnvBuildArgs() []string {
	out, err := exec.CommandContext(context.Background(), "go", append([]string{"env"}, goModuleVars...)...).Output()
	if err != nil {
		return nil
	}
	var args []string
	for i, v := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if i < len(goModuleVars) && v != "" {
			args = append(args, "--build-arg", goModuleVars[i]+"="+v)
		}
	}
	return args
}

// readEnvFile adds the `export KEY=VALUE` lines of path to vars; a missing
// file adds nothing.
func readEnvFile(path string, vars map[string]string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("os.Open: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			return fmt.Errorf("%s: %q is not KEY=VALUE", path, line)
		}
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = v[1 : len(v)-1]
		}
		vars[k] = v
	}
	return sc.Err()
}

// dockerReady tells why Docker cannot be used, or "" when it can.
func dockerReady(c config) string {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, c.docker, "info", "--format", "{{.ServerVersion}}").CombinedOutput()
	if err != nil {
		return fmt.Sprintf("%s info: %v: %s (run scripts/infra/up.sh)", c.docker, err, strings.TrimSpace(string(out)))
	}
	return ""
}

// unavailable skips the test for reason, or fails it when IRISINFER_E2E=require.
func unavailable(t *testing.T, reason string) {
	t.Helper()
	if os.Getenv(envRequire) == "require" {
		t.Fatalf("%s=require but the end-to-end environment is unavailable: %s", envRequire, reason)
	}
	t.Skipf("end-to-end environment unavailable: %s", reason)
}
