// Package typecheck compiles the Dagger module without a Dagger engine.
//
// A Go-SDK module imports its generated package dagger/<name>/internal/dagger
// and uses a generated `dag` client; neither exists until an engine loads the
// module. The generated package exposes the same core types as the Go SDK
// dagger.io/dagger at the same engine version, so this package writes, into
// a temporary directory, a stand-in made of aliases of every exported name of
// the SDK (read from its source, not listed by hand), a stand-in for the
// module's dagger.gen.go, and for a module that depends on another one a typed
// binding generated from that module's source following Dagger's Go codegen
// rules. It then runs `go build -overlay` so wrong
// argument types, misspelled methods and wrong return shapes fail here.
package typecheck
