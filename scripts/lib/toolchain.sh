# Sourced by the project's scripts: run the Go toolchain that the root go.mod
# names on its `toolchain` line (the one place it is pinned). The go command
# fetches it through the module proxy on first use; machines that default to
# GOTOOLCHAIN=local would otherwise run whatever Go they have.
toolchain_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
toolchain="$(sed -n 's/^toolchain //p' "$toolchain_root/go.mod")"
if [ -z "$toolchain" ]; then
	echo "toolchain.sh: go.mod has no toolchain line" >&2
	exit 1
fi
export GOTOOLCHAIN="$toolchain"
unset toolchain toolchain_root
