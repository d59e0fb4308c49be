# Shared helpers for the build scripts (sourced, not run).
# Everything downloaded or built from outside the repo goes under $PINPOST_CACHE, keyed by version, so a
# fresh machine builds from nothing and a second run reuses it. Nothing here is committed.
set -euo pipefail
PINPOST_CACHE=${PINPOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pinpost}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$PINPOST_CACHE"

log() { printf '  %s\n' "$*" >&2; }

# A private apt state under the cache: its own lists and sources (deb and deb-src for bookworm), so that
# source packages and foreign-architecture packages can be fetched without touching the machine's apt
# configuration or its dpkg architectures. Usage: private_apt ARCH apt-get|apt-cache ARGS...
private_apt() {
    local arch=$1 tool=$2; shift 2
    local state="$PINPOST_CACHE/apt/$arch"
    mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/preferences.d"
    if [ ! -f "$state/etc/sources.list" ]; then
        cat > "$state/etc/sources.list" <<SOURCES
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
SOURCES
    fi
    "$tool" -q -o APT::Sandbox::User=root -o APT::Architecture="$arch" -o APT::Architectures="$arch" \
        -o Dir::State="$state" -o Dir::State::Lists="$state/lists" -o Dir::State::status=/dev/null \
        -o Dir::Cache="$state" -o Dir::Cache::archives="$state/archives" \
        -o Dir::Etc::SourceList="$state/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::Etc::Preferences="$state/etc/preferences" -o Dir::Etc::PreferencesParts="$state/etc/preferences.d" \
        -o Debug::NoLocking=1 "$@"
}

# Refresh the private lists at most once a day.
private_apt_update() {
    local arch=$1 stamp="$PINPOST_CACHE/apt/$1/updated"
    if [ -z "$(find "$stamp" -mtime -1 2>/dev/null)" ]; then
        log "apt-get update (private state, $arch)"
        private_apt "$arch" apt-get update >/dev/null
        touch "$stamp"
    fi
}

# Unpacks a Debian source package into $PINPOST_CACHE/src/NAME-VERSION and prints that directory.
debian_source() {
    local name=$1
    private_apt_update amd64
    local version
    version=$(private_apt amd64 apt-cache showsrc "$name" 2>/dev/null | awk '/^Version:/ {print $2; exit}')
    [ -n "$version" ] || { echo "cannot find source package $name" >&2; return 1; }
    local dir="$PINPOST_CACHE/src/$name-$version"
    if [ ! -f "$dir/.unpacked" ]; then
        rm -rf "$dir" "$dir.tmp"
        mkdir -p "$dir.tmp"
        log "fetching source $name $version"
        (cd "$dir.tmp" && private_apt amd64 apt-get source --download-only "$name=$version" >/dev/null)
        local dsc
        dsc=$(ls "$dir.tmp"/*.dsc | head -1)
        dpkg-source --no-check -x "$dsc" "$dir" >/dev/null
        rm -rf "$dir.tmp"
        touch "$dir/.unpacked"
    fi
    echo "$dir"
}
