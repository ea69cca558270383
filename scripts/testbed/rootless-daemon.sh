#!/usr/bin/env bash
# Test bed: a real rootless Docker daemon (dockerd-rootless.sh under RootlessKit, no systemd), run as a
# dedicated unprivileged user, for the integration tests in test/integration/.
#
#   sudo scripts/testbed/rootless-daemon.sh provision   # Debian packages, user, subuid/subgid, /dev/net/tun, runtime dir
#   sudo scripts/testbed/rootless-daemon.sh start       # start the daemon (no-op when it already answers), print the socket
#   sudo scripts/testbed/rootless-daemon.sh image       # import the local busybox image (no registry needed)
#   export "$(scripts/testbed/rootless-daemon.sh env)"  # DOCKER_HOST=unix:///run/user/UID/docker.sock
#   scripts/testbed/rootless-daemon.sh status           # exit 0 when it answers, 3 when not running, 1 when degraded
#   sudo scripts/testbed/rootless-daemon.sh stop        # stop it and everything it started
#   sudo scripts/testbed/rootless-daemon.sh logs        # print the daemon's log
#
# Every command is idempotent. Facts behind the choices: ../shared/test-env.md sections 1 and 4.
# Settings (environment): RDTEST_USER (rdtest), RDTEST_IMAGE (rdtest/busybox:latest),
# RDTEST_START_TIMEOUT (60 s), RDTEST_STOP_TIMEOUT (45 s).
set -euo pipefail

BED_USER=${RDTEST_USER:-rdtest}
IMAGE=${RDTEST_IMAGE:-rdtest/busybox:latest}
START_TIMEOUT=${RDTEST_START_TIMEOUT:-60}
STOP_TIMEOUT=${RDTEST_STOP_TIMEOUT:-45}

# Debian's client and helpers by absolute path: a machine may have other `docker` binaries earlier on PATH.
DOCKER_CLI=/usr/bin/docker
CONTRIB=/usr/share/docker.io/contrib
PACKAGES=(docker.io rootlesskit slirp4netns uidmap fuse-overlayfs iptables busybox-static curl util-linux passwd)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
WWW_FIXTURE="$REPO_DIR/test/fixtures/testbed/www"

BED_TAG=testbed
# shellcheck source=common.sh
source "$SCRIPT_DIR/common.sh"

# --- where things live ------------------------------------------------------------------------------------
# Filled by load_user; all derived from the bed user's uid and home.
BED_UID='' BED_GID='' BED_HOME='' RUNTIME_DIR='' SOCKET='' BED_DIR='' DATA_ROOT='' LOG_FILE='' STATE_FILE=''
RK_STATE_DIR=''

load_user() {
  local entry
  entry=$(getent passwd "$BED_USER") || die "user '$BED_USER' does not exist: run 'sudo $0 provision' first"
  IFS=: read -r _ _ BED_UID BED_GID _ BED_HOME _ <<<"$entry"
  RUNTIME_DIR="/run/user/$BED_UID"
  SOCKET="$RUNTIME_DIR/docker.sock"
  BED_DIR="$BED_HOME/testbed"             # everything the bed writes to disk, owned by the user
  DATA_ROOT="$BED_DIR/docker"             # dockerd --data-root (not ~/.local/share/docker: other beds may use that)
  LOG_FILE="$BED_DIR/dockerd.log"
  STATE_FILE="$BED_DIR/bed.state"         # pids and namespace of the running bed, written by this script
  # RootlessKit's state dir (api.sock, child_pid, lock). Its default is a fresh /tmp/rootlesskitNNN, and anything
  # that empties /tmp then breaks every `-p` (../shared/test-env.md section 4). Keep it in the user's runtime dir.
  RK_STATE_DIR="$RUNTIME_DIR/rootlesskit-docker"
}

user_env() {
  # The bed user's environment, explicit and complete (nothing of root's HOME or PATH leaks in). Debian's
  # dockerd-rootless.sh needs /usr/sbin on PATH for dockerd, and the contrib dir for itself; /usr/local is left out
  # so that only Debian's dockerd, containerd, runc and iptables run, whatever else the machine has.
  USER_ENV=(HOME="$BED_HOME" USER="$BED_USER" LOGNAME="$BED_USER" SHELL=/bin/sh LANG=C.UTF-8
    XDG_RUNTIME_DIR="$RUNTIME_DIR"
    PATH="$CONTRIB:/usr/sbin:/usr/bin:/sbin:/bin"
    DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="--state-dir=$RK_STATE_DIR")
}

ping_daemon() {
  # True when the socket answers GET /_ping with OK. Root can use the user's socket.
  [[ -S $SOCKET ]] || return 1
  [[ $(curl -fsS --max-time 3 --unix-socket "$SOCKET" http://docker/_ping 2>/dev/null) == OK ]]
}

rootlesskit_ok() {
  # The daemon can answer while its RootlessKit API (used for every published port) is gone: check it as well.
  [[ -S $RK_STATE_DIR/api.sock ]] &&
    curl -fsS --max-time 3 --unix-socket "$RK_STATE_DIR/api.sock" http://rootlesskit/v1/info >/dev/null 2>&1
}

docker_cli() { DOCKER_HOST="unix://$SOCKET" "$DOCKER_CLI" "$@"; }

# --- processes of the bed -----------------------------------------------------------------------------------
# The daemon is started with setsid, so RootlessKit leads its own session; dockerd, containerd, the shims and the
# container processes live in RootlessKit's user namespace. Together these two sets are "the bed", whatever
# re-parenting happens, without matching process names.
STATE_LEADER='' STATE_USERNS=''
read_state() {
  STATE_LEADER='' STATE_USERNS=''
  [[ -f $STATE_FILE ]] || return 0
  local k v
  while IFS='=' read -r k v; do
    case $k in
      leader) STATE_LEADER=$v ;;
      userns) STATE_USERNS=$v ;;
    esac
  done <"$STATE_FILE"
}

P_UID='' P_SID='' P_STATE=''
proc_fields() {
  # proc_fields PID: sets P_UID, P_SID and P_STATE (real uid, session id, state letter) with shell builtins only:
  # this runs for every process on the machine, several times a second while waiting, and forks would make it slow.
  # Fails when the process is gone.
  local key v stat rest
  P_UID='' P_SID='' P_STATE=''
  while read -r key v _; do
    if [[ $key == Uid: ]]; then P_UID=$v; break; fi
  done 2>/dev/null <"/proc/$1/status" || return 1
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  rest=${stat##*) } # the command name (field 2) may hold spaces and parentheses
  read -r P_STATE _ _ P_SID _ <<<"$rest" # state ppid pgrp session
  [[ -n $P_UID && -n $P_SID ]]
}

bed_pids() {
  read_state
  [[ -n $STATE_LEADER || -n $STATE_USERNS ]] || return 0
  # Candidates run as the bed user or as one of its subordinate uids (non-root users inside containers).
  local sub_start=-1 sub_count=0 name s c
  while IFS=: read -r name s c; do
    if [[ $name == "$BED_USER" || $name == "$BED_UID" ]]; then sub_start=$s sub_count=$c; break; fi
  done </etc/subuid
  local d pid
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    proc_fields "$pid" || continue
    # A zombie runs nothing and cannot be killed; its parent (or init) reaps it.
    [[ $P_STATE != Z ]] || continue
    if ((P_UID != BED_UID && (P_UID < sub_start || P_UID >= sub_start + sub_count))); then continue; fi
    if [[ -n $STATE_LEADER && $P_SID == "$STATE_LEADER" ]]; then echo "$pid"; continue; fi
    if [[ -n $STATE_USERNS && $(readlink "$d/ns/user" 2>/dev/null || true) == "$STATE_USERNS" ]]; then echo "$pid"; fi
  done
  return 0
}

wait_gone() {
  # wait_gone SECONDS: until no bed process is left.
  local deadline=$((SECONDS + $1))
  while [[ -n $(bed_pids) ]]; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

clear_stale() {
  # Files a killed daemon leaves behind; a stale docker.sock would turn ENOENT into ECONNREFUSED for clients.
  rm -f "$SOCKET" "$RUNTIME_DIR/docker.pid" "$STATE_FILE"
  rm -rf "$RK_STATE_DIR"
}

# --- commands -------------------------------------------------------------------------------------------------
cmd_provision() {
  need_root provision
  install_packages "${PACKAGES[@]}"
  [[ -x $CONTRIB/dockerd-rootless.sh ]] || die "$CONTRIB/dockerd-rootless.sh missing (docker.io package layout changed?)"
  ensure_user "$BED_USER" 'rootless docker test bed'
  load_user
  ensure_subids /etc/subuid --add-subuids
  ensure_subids /etc/subgid --add-subgids

  allow_user_namespaces

  # The user's runtime dir, as pam_systemd would make it.
  install -d -m 0755 -o root -g root /run/user
  install -d -m 0700 -o "$BED_UID" -g "$BED_GID" "$RUNTIME_DIR"
  install -d -m 0700 -o "$BED_UID" -g "$BED_GID" "$BED_DIR"
  log "provisioned: user $BED_USER (uid $BED_UID), runtime dir $RUNTIME_DIR, bed dir $BED_DIR"
}

cmd_start() {
  need_root start
  load_user
  [[ -d $RUNTIME_DIR && -d $BED_DIR ]] || die "not provisioned: run 'sudo $0 provision' first"
  [[ -r /dev/net/tun && -w /dev/net/tun ]] || die "/dev/net/tun missing: run 'sudo $0 provision' first"
  if ping_daemon && rootlesskit_ok; then
    log "already running and healthy"
    echo "$SOCKET"
    return 0
  fi
  if [[ -n $(bed_pids) ]]; then
    log "a previous daemon is present but unhealthy: stopping it first"
    cmd_stop
  fi
  clear_stale
  install -d -m 0700 -o "$BED_UID" -g "$BED_GID" "$RUNTIME_DIR" "$BED_DIR"
  install -m 0600 -o "$BED_UID" -g "$BED_GID" /dev/null "$LOG_FILE.new"
  mv -f "$LOG_FILE.new" "$LOG_FILE"

  log "starting dockerd-rootless.sh as $BED_USER (log: $LOG_FILE)"
  local leader USER_ENV
  user_env
  (
    cd "$BED_HOME"
    # setsid: RootlessKit becomes a session leader, so `stop` finds every process it started. The script's own
    # background job is no process-group leader, so setsid execs in place and $! is RootlessKit's pid.
    exec setsid setpriv --reuid="$BED_UID" --regid="$BED_GID" --init-groups \
      env -i "${USER_ENV[@]}" \
      dockerd-rootless.sh --data-root "$DATA_ROOT" --pidfile "$RUNTIME_DIR/docker.pid" \
      </dev/null >>"$LOG_FILE" 2>&1 9>&- # 9 is the command lock: the daemon must not hold it
  ) &
  leader=$!
  printf 'leader=%s\n' "$leader" >"$STATE_FILE"

  local deadline=$((SECONDS + START_TIMEOUT)) t0=$SECONDS
  until ping_daemon; do
    if ! kill -0 "$leader" 2>/dev/null; then
      fail_start "the daemon exited before answering"
    fi
    ((SECONDS < deadline)) || fail_start "no answer on $SOCKET within ${START_TIMEOUT}s"
    sleep 0.2
  done

  # Record dockerd's user namespace: with the session, it identifies every process of the bed for `stop`.
  local dpid userns
  dpid=$(cat "$RUNTIME_DIR/docker.pid")
  userns=$(readlink "/proc/$dpid/ns/user")
  printf 'leader=%s\nuserns=%s\ndockerd=%s\n' "$leader" "$userns" "$dpid" >"$STATE_FILE"

  rootlesskit_ok || fail_start "dockerd answers, but RootlessKit's API is not at $RK_STATE_DIR/api.sock (--state-dir ignored?)"
  log "ready after $((SECONDS - t0))s (rootlesskit pid $leader, dockerd pid $dpid)"
  echo "$SOCKET"
}

fail_start() {
  log "$1; daemon log follows:"
  sed 's/^/  | /' "$LOG_FILE" >&2 || true
  log "start failed: $1"
  (cmd_stop >/dev/null 2>&1) || log "and stopping what was started failed too: see 'sudo $0 status'"
  exit 1
}

cmd_stop() {
  need_root stop
  load_user
  local pids
  pids=$(bed_pids)
  if [[ -z $pids ]]; then
    clear_stale
    log "not running"
    return 0
  fi
  read_state
  # SIGTERM to RootlessKit: it forwards the signal to dockerd, which stops its containers and containerd.
  if [[ -n $STATE_LEADER ]] && kill -0 "$STATE_LEADER" 2>/dev/null; then
    kill -TERM "$STATE_LEADER" 2>/dev/null || true
  elif [[ -f $RUNTIME_DIR/docker.pid ]]; then
    kill -TERM "$(cat "$RUNTIME_DIR/docker.pid")" 2>/dev/null || true
  fi
  if ! wait_gone "$STOP_TIMEOUT"; then
    log "still running after ${STOP_TIMEOUT}s: killing what is left"
  fi
  # Leftovers (or everything after a timeout): SIGKILL by pid, until none is left.
  local tries=0
  while pids=$(bed_pids) && [[ -n $pids ]]; do
    ((tries++ < 50)) || die "processes survive SIGKILL: $(echo "$pids" | tr '\n' ' ')"
    log "killing leftover processes: $(echo "$pids" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.2
  done
  clear_stale
  log "stopped"
}

cmd_status() {
  load_user
  if ping_daemon; then
    if rootlesskit_ok; then
      echo "running: $SOCKET answers /_ping"
      return 0
    fi
    echo "degraded: $SOCKET answers, but RootlessKit's API ($RK_STATE_DIR/api.sock) does not: published ports will fail; restart the bed"
    return 1
  fi
  echo "not running: no answer on $SOCKET"
  return 3
}

cmd_env() {
  load_user
  echo "DOCKER_HOST=unix://$SOCKET"
}

cmd_logs() {
  load_user
  cat "$LOG_FILE"
}

IMAGE_WORK=''
cmd_image() {
  need_root image
  load_user
  ping_daemon || die "the daemon does not answer on $SOCKET: run 'sudo $0 start' first"
  [[ -x /bin/busybox ]] || die "/bin/busybox missing: run 'sudo $0 provision' first"
  [[ -f $WWW_FIXTURE/index.html ]] || die "missing $WWW_FIXTURE/index.html"

  local rootfs tarball sum current
  IMAGE_WORK=$(mktemp -d "$BED_DIR/image.XXXXXX")
  trap 'rm -rf "$IMAGE_WORK"' EXIT # `image` is the last thing this script does
  rootfs="$IMAGE_WORK/rootfs"
  tarball="$IMAGE_WORK/rootfs.tar"
  build_rootfs "$rootfs"
  # Deterministic tar (names sorted, fixed owner and time): the same inputs always give the same checksum, which
  # the image carries as a label, so an unchanged image is not imported again.
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$rootfs" -cf "$tarball" .
  sum=$(sha256sum "$tarball" | cut -d' ' -f1)
  current=$(docker_cli image inspect -f '{{index .Config.Labels "rdtest.rootfs.sha256"}}' "$IMAGE" 2>/dev/null || true)
  if [[ $current == "$sum" ]]; then
    log "image $IMAGE is up to date (rootfs sha256 ${sum:0:12})"
    return 0
  fi
  log "importing $IMAGE (rootfs sha256 ${sum:0:12}, $(du -h "$tarball" | cut -f1))"
  docker_cli import \
    --change "LABEL rdtest.rootfs.sha256=$sum" \
    --change 'CMD ["/bin/sh"]' \
    --change 'WORKDIR /' \
    --message 'rootless-docker test bed: busybox-static rootfs' \
    - "$IMAGE" <"$tarball" >/dev/null
  docker_cli image inspect -f '{{.Id}}' "$IMAGE"
}

build_rootfs() {
  local r=$1 applet
  install -d -m 0755 "$r" "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc" "$r/proc" "$r/sys" "$r/dev" \
    "$r/var" "$r/www" "$r/home"
  install -d -m 1777 "$r/tmp"
  install -d -m 0700 "$r/root"
  install -m 0755 /bin/busybox "$r/bin/busybox"
  # One symlink per applet, where busybox itself says it belongs (sh, sleep, httpd, echo, cat, id, ping, nc, wget…).
  while read -r applet; do
    [[ -n $applet && $applet != bin/busybox ]] || continue
    [[ -e $r/$applet || -L $r/$applet ]] || ln -s /bin/busybox "$r/$applet"
  done < <(/bin/busybox --list-full)
  local a
  for a in sh sleep httpd echo cat id ping nc wget; do
    [[ -L $r/bin/$a || -L $r/sbin/$a || -L $r/usr/bin/$a || -L $r/usr/sbin/$a ]] || die "busybox lacks the applet '$a'"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  install -m 0644 "$WWW_FIXTURE"/* "$r/www/"
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

lock() {
  # One changing command at a time per bed (CI jobs or people sharing a machine).
  exec 9>"/run/testbed-$BED_USER.lock"
  flock -w 600 9 || die "another $0 command holds /run/testbed-$BED_USER.lock"
}

case ${1:-} in
  provision | start | image | stop | restart) need_root "$1"; lock ;;
esac
case ${1:-} in
  provision) cmd_provision ;;
  start) cmd_start ;;
  image) cmd_image ;;
  stop) cmd_stop ;;
  restart) cmd_stop; cmd_start ;;
  status) cmd_status ;;
  env) cmd_env ;;
  logs) cmd_logs ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
