# Sourced by the image scripts: go_build_args appends to the array
# build_args one --build-arg per module download setting (GOPROXY, GONOSUMDB,
# GOFLAGS) this machine's go command uses, so a docker build reaches modules
# the same way. The values are passed, never written into a file.
go_build_args() {
	local k v
	for k in GOPROXY GONOSUMDB GOFLAGS; do
		v="$(go env "$k")"
		if [[ -n "$v" ]]; then build_args+=(--build-arg "$k=$v"); fi
	done
}
