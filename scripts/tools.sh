# shellcheck shell=bash
# Installs, idempotently, what serving and testing Tasklane need; sourced by scripts/serve and scripts/test.
# Everything comes from a package registry (crates.io, Debian, npm); nothing else is downloaded.

TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
TWIGGY_VERSION=0.8.0

say() {
  if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi
}
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$PATH"

# The wasm-bindgen version Cargo.lock resolved (Cargo.toml pins it with `=`).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_target() {
  command -v rustup >/dev/null || die "rustup is missing: install Rust with rustup (https://rustup.rs) first"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "installing the Rust target wasm32-unknown-unknown (rustup)"
    rustup target add wasm32-unknown-unknown || die "could not add the wasm32-unknown-unknown target"
  fi
}

# ensure_cargo_tool <binary> <crate> <version> [cargo install flags...]
ensure_cargo_tool() {
  local bin=$1 crate=$2 version=$3; shift 3
  if ! "$bin" --version 2>/dev/null | grep -q " $version\b"; then
    say "installing $crate $version (cargo install; a few minutes on a fresh machine)"
    cargo install "$crate" --version "$version" --force "$@" \
      || die "cargo install $crate $version failed"
  fi
}

# ensure_apt <binary> <debian package>...
ensure_apt() {
  local bin=$1; shift
  command -v "$bin" >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: $* (apt-get)"
    if [ -z "${TASKLANE_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
      export TASKLANE_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
      || die "apt-get install $* failed"
  else
    die "'$bin' is missing: install the Debian package(s) $* (as root: apt-get install $*)"
  fi
  command -v "$bin" >/dev/null || die "'$bin' is still missing after installing $*"
}

# binaryen's wasm-opt from npm (package.json), which Trunk runs on release builds.
ensure_wasm_opt() {
  ensure_apt node nodejs
  ensure_apt npm npm
  if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules ]; then
    say "installing binaryen's wasm-opt (npm ci of package.json)"
    npm ci --no-audit --no-fund --loglevel=error || die "npm ci of binaryen (wasm-opt) failed"
  fi
  export PATH="$PWD/node_modules/.bin:$PATH"
}

# What `trunk build` / `trunk serve` need.
ensure_build_tools() {
  ensure_wasm_target
  ensure_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
  # wasm-bindgen-cli cannot be installed --locked here: a locked dependency is gone from the registry.
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$(wasm_bindgen_version)"
  ensure_wasm_opt
}

# What the test command needs on top of the build tools.
ensure_test_tools() {
  ensure_build_tools
  ensure_cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION" --locked
  ensure_cargo_tool twiggy twiggy "$TWIGGY_VERSION" --locked
  ensure_apt chromium chromium
  ensure_apt chromedriver chromium-driver
  if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ] \
    || [ e2e/package-lock.json -nt e2e/node_modules ]; then
    say "installing the end-to-end test's npm packages (playwright-core, no browser download; axe-core)"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
      || die "npm ci in e2e/ failed"
  fi
}
