// Command smoke runs the pipeline's smoke check against a running irisd:
//
//	smoke -url http://app:8080 [-model iris-logreg] [-expect setosa]
//
// Exit status: 0 pass, 1 check failed, 2 bad usage.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"dagger/ci/pkg/smoke"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("smoke", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://app:8080", "base URL of the service")
	model := fs.String("model", smoke.DefaultModel, "model name in the inference path")
	expect := fs.String("expect", smoke.DefaultExpect, "label the prediction must carry")
	attempts := fs.Int("attempts", 60, "readiness polls before giving up")
	interval := fs.Duration("interval", time.Second, "pause between readiness polls")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	check := smoke.Check{
		BaseURL: *url, Model: *model, Features: smoke.DefaultFeatures, Expect: *expect,
		Attempts: *attempts, Interval: *interval,
		Client: &http.Client{Timeout: 10 * time.Second},
	}
	line, err := check.Run(context.Background())
	if err != nil {
		fmt.Fprintf(stderr, "smoke: FAIL: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, line)
	return 0
}
