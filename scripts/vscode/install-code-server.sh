#!/usr/bin/env bash
# Provisions the test bed for test/vscode/run.ts, as root on Debian 12, from a clean machine:
#   1. Debian packages: chromium (the browser), ripgrep, and what code-server's native modules need to build;
#   2. ripgrep's download cache seeded with Debian's rg (these machines cannot reach GitHub);
#   3. code-server@4.100.3 (VS Code 1.100.3, the last release for Node 20) in .testbed/code-server/,
#      outside the extension's own dependencies so a plain `npm ci` stays light.
# Idempotent: each step is skipped when already done. See ../shared/test-env.md, section 3.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# What code-server 4.100.3's @vscode/ripgrep postinstall looks for in its cache.
RIPGREP_CACHE_DIR=vscode-ripgrep-cache-1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

REPO=$(cd "$(dirname "$0")/../.." && pwd)
TESTBED=$REPO/.testbed
PREFIX=$TESTBED/code-server
PACKAGES=(chromium fonts-liberation ripgrep build-essential pkg-config python3
          libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev ca-certificates)

if [[ $(id -u) -ne 0 ]]; then
  echo "install-code-server: run as root (it installs Debian packages)" >&2
  exit 1
fi

T0=$SECONDS
step_start=$SECONDS
step() { echo "== $*"; step_start=$SECONDS; }
done_step() { echo "   ($((SECONDS - step_start)) s)"; }

step "Debian packages"
missing=()
for p in "${PACKAGES[@]}"; do
  if [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) != installed ]]; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "   installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "   all present"
fi
done_step

installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}
# Written last, so a half-finished install (its postinstall builds VS Code's native modules) is redone.
MARKER=$PREFIX/.installed-$CODE_SERVER_VERSION

if [[ -f $MARKER && $(installed_version) == "$CODE_SERVER_VERSION" ]]; then
  echo "== code-server $CODE_SERVER_VERSION already in $PREFIX"
else
  # The install's temporary files (and ripgrep's cache, which lives in os.tmpdir()) go to a private
  # directory under .testbed/ rather than the shared /tmp.
  export TMPDIR=$TESTBED/tmp
  rm -rf "$PREFIX"
  mkdir -p "$TMPDIR" "$PREFIX"

  step "seed ripgrep download cache from $(command -v rg)"
  cache=$TMPDIR/$RIPGREP_CACHE_DIR
  mkdir -p "$cache"
  if [[ ! -s $cache/$RIPGREP_ASSET ]]; then
    stage=$(mktemp -d "$TMPDIR/rg-stage.XXXXXX")
    cp "$(command -v rg)" "$stage/rg"
    tar -C "$stage" -czf "$cache/$RIPGREP_ASSET" rg
    rm -rf "$stage"
  fi
  done_step

  step "npm install code-server@$CODE_SERVER_VERSION into $PREFIX (builds native modules; minutes)"
  # A package.json of its own, so npm never walks up to the extension's.
  # Its install scripts are approved by exact version (npm 11's allowScripts); code-server's own
  # postinstall then runs nested `npm install`s in lib/vscode and lib/vscode/extensions, whose native
  # modules build with npm's default policy (checked below).
  cat >"$PREFIX/package.json" <<JSON
{
  "name": "rootless-docker-testbed",
  "private": true,
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2@0.31.2": true }
}
JSON
  # As root, code-server's postinstall demands unsafe-perm; node-pty's postinstall runs `npx node-gyp`.
  # node-gyp builds against the installed Node's headers instead of downloading them (no internet).
  nodedir=()
  if [[ -f /usr/include/node/node.h ]]; then nodedir=(npm_config_nodedir=/usr); fi
  (cd "$PREFIX" && env npm_config_unsafe_perm=true npm_config_yes=true \
    npm_config_fund=false npm_config_audit=false "${nodedir[@]}" \
    npm install --loglevel=warn "code-server@$CODE_SERVER_VERSION")
  done_step

  got=$(installed_version)
  if [[ $got != "$CODE_SERVER_VERSION" ]]; then
    echo "install-code-server: expected code-server $CODE_SERVER_VERSION, found '${got:-nothing}'" >&2
    exit 1
  fi
  for f in lib/vscode/node_modules/node-pty/build/Release/pty.node lib/vscode/out/server-main.js; do
    if [[ ! -e $PREFIX/node_modules/code-server/$f ]]; then
      echo "install-code-server: code-server's postinstall did not produce $f" >&2
      exit 1
    fi
  done
  touch "$MARKER"
fi

step "check"
# Its config/data dirs point into .testbed/, so the check writes nothing under $HOME.
XDG_CONFIG_HOME=$TESTBED/xdg/config XDG_DATA_HOME=$TESTBED/xdg/data \
  "$PREFIX/node_modules/.bin/code-server" --version
/usr/bin/chromium --version
done_step
echo "== test bed ready in $((SECONDS - T0)) s"
