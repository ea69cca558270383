# Shared by the test beds (rootless-daemon.sh, systemd-bed.sh): messages, and provisioning of the Debian
# packages, the bed user and what unprivileged user namespaces need. Sourced; each bed sets BED_TAG first.

log() { printf '[%s] %s\n' "$BED_TAG" "$*" >&2; }
die() { printf '[%s] error: %s\n' "$BED_TAG" "$*" >&2; exit 1; }
need_root() { [[ $(id -u) -eq 0 ]] || die "'$1' must run as root (sudo $0 $1)"; }

# install_packages PACKAGE...: installs those not installed yet.
install_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "packages already installed"
  fi
}

# ensure_user NAME COMMENT: creates the bed user with a home. `useradd -m` gives it 65,536 subordinate ids on
# Debian; ensure_subids adds them when it did not.
ensure_user() {
  if ! getent passwd "$1" >/dev/null; then
    log "creating user $1"
    useradd -m -s /bin/bash -c "$2" "$1"
  fi
}

# ensure_subids FILE USERMOD_FLAG: gives $BED_USER ($BED_UID) 65,536 ids above every existing range when it has none.
ensure_subids() {
  local file=$1 flag=$2 start=100000 s c
  touch "$file"
  if grep -q "^$BED_USER:" "$file" || grep -q "^$BED_UID:" "$file"; then return 0; fi
  while IFS=: read -r _ s c; do
    [[ $s =~ ^[0-9]+$ && $c =~ ^[0-9]+$ ]] || continue
    ((s + c > start)) && start=$((s + c))
  done <"$file"
  log "adding $file range $start-$((start + 65535)) for $BED_USER"
  usermod "$flag" "$start-$((start + 65535))" "$BED_USER"
}

# What RootlessKit needs from the host: unprivileged user namespaces (Debian kernels have a switch) and a
# /dev/net/tun the user may open (slirp4netns; 0600 gives "open: Permission denied ... setting up tap tap0").
allow_user_namespaces() {
  if [[ -f /proc/sys/kernel/unprivileged_userns_clone && $(cat /proc/sys/kernel/unprivileged_userns_clone) != 1 ]]; then
    log "enabling kernel.unprivileged_userns_clone"
    sysctl -qw kernel.unprivileged_userns_clone=1
  fi
  if [[ $(cat /proc/sys/user/max_user_namespaces) -lt 1000 ]]; then
    log "raising user.max_user_namespaces"
    sysctl -qw user.max_user_namespaces=28633
  fi
  if [[ ! -c /dev/net/tun ]]; then
    mkdir -p /dev/net
    mknod -m 0666 /dev/net/tun c 10 200
  fi
  chmod 0666 /dev/net/tun
}
