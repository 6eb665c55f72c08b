// Package docscheck keeps the operator documentation (README.md, runbook/)
// true to the code: its tests fail when the docs name a Dagger function the
// module lacks, a configuration variable the service does not read (or leave
// one out), or an endpoint the service does not serve.
//
// The extraction lives here as plain functions so that it is tested on its own.
package docscheck
