#!/usr/bin/env bash
# Test bed: a real systemd (PID 1 of a private PID, mount, UTS, IPC and cgroup namespace) with a lingering
# unprivileged user whose `systemd --user` runs the rootless docker.service installed by
# dockerd-rootless-setuptool.sh. For test/integration/service*.test.ts and doctor*.test.ts.
#
#   sudo scripts/testbed/systemd-bed.sh provision      # Debian packages, the user, subuid/subgid, /dev/net/tun
#   sudo scripts/testbed/systemd-bed.sh up             # boot the bed (no-op when it is up), install and start docker.service
#   sudo scripts/testbed/systemd-bed.sh exec [--root|--user NAME] [--env K=V]... [--cwd DIR] [--scratch DIR]... -- CMD [ARG]...
#                                                      # run CMD inside the bed, as the bed user by default; each
#                                                      # --scratch DIR is an empty tmpfs of the user's, for CMD only
#   sudo scripts/testbed/systemd-bed.sh vscode [ARG]...  # the VS Code suite (test/vscode/run.ts ARG...) in code-server
#                                                      # run as the bed user inside the bed; boots and ends the bed
#                                                      # itself unless it is already up
#   scripts/testbed/systemd-bed.sh status              # exit 0 when up, 3 when down
#   scripts/testbed/systemd-bed.sh pid                 # the host pid of the bed's systemd
#   sudo scripts/testbed/systemd-bed.sh down           # kill the bed; fails when a process or mount is left behind
#   sudo scripts/testbed/systemd-bed.sh logs           # systemd's console and the system journal of the bed
#
# Safety (../shared/test-env.md sections 2 and 4): a systemd booted naively here wipes the host's /tmp. Before
# systemd runs, the bed mounts fresh tmpfs on /tmp, /run, /var/tmp, /var/lib/systemd, /var/log/journal and
# /dev/shm inside its own mount namespace, and masks every unit that would touch shared state (tmpfiles, sysctl,
# remount-fs, binfmt, modules-load, sysusers, udev, timers, the system's own docker). systemd manages a cgroup
# subtree of its own (systemd-bed-USER in every hierarchy, removed by `down`), and the kernel limits its PID 1 raises
# at start (fs.file-max, net.unix.max_dgram_qlen: not namespaced) get the host's values back once it has booted.
# The network namespace is shared with the host, so servers started inside are reachable on 127.0.0.1.
# Settings (environment): SYSTEMD_BED_USER (rdsvc), SYSTEMD_BED_TIMEOUT (90 s for boot and docker start).
set -euo pipefail

SCRIPT=$(readlink -f "${BASH_SOURCE[0]}")
BED_USER=${SYSTEMD_BED_USER:-rdsvc}
TIMEOUT=${SYSTEMD_BED_TIMEOUT:-90}
NAME=systemd-bed-$BED_USER
STATE_DIR=/run/testbed-$BED_USER          # on the host: the bed's pids and console log
CGROUP_NAME=$NAME                          # the bed's cgroup in every host hierarchy
CONTRIB=/usr/share/docker.io/contrib
SYSTEMD=/lib/systemd/systemd
PACKAGES=(systemd dbus dbus-user-session libpam-systemd docker.io rootlesskit slirp4netns uidmap iptables
  fuse-overlayfs curl util-linux passwd)

# Units that would act on state shared with the host (files outside the private mounts, the kernel, devices).
MASKED=(
  systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service systemd-tmpfiles-clean.service
  systemd-tmpfiles-clean.timer systemd-sysctl.service systemd-remount-fs.service systemd-binfmt.service
  proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount systemd-modules-load.service
  kmod-static-nodes.service modprobe@.service systemd-sysusers.service systemd-firstboot.service
  systemd-machine-id-commit.service systemd-random-seed.service systemd-update-utmp.service
  systemd-update-utmp-runlevel.service systemd-pstore.service systemd-timesyncd.service systemd-repart.service
  systemd-pcrphase-sysinit.service systemd-pcrphase.service systemd-hwdb-update.service
  systemd-journal-catalog-update.service systemd-update-done.service ldconfig.service
  systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket systemd-udev-trigger.service
  systemd-udev-settle.service dev-hugepages.mount dev-mqueue.mount sys-fs-fuse-connections.mount
  sys-kernel-config.mount sys-kernel-debug.mount sys-kernel-tracing.mount
  systemd-ask-password-console.path systemd-ask-password-wall.path getty.target console-getty.service
  timers.target apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer
  man-db.timer logrotate.timer e2scrub_reap.service
  docker.service docker.socket containerd.service
)

# Kernel settings systemd's PID 1 changes at start (paths under /proc/sys).
HOST_SYSCTLS=(fs/file-max fs/nr_open net/unix/max_dgram_qlen)

BED_TAG=systemd-bed
# shellcheck source=common.sh
source "$(dirname "$SCRIPT")/common.sh"

BED_UID='' BED_HOME=''
load_user() {
  local entry
  entry=$(getent passwd "$BED_USER") || die "user '$BED_USER' does not exist: run 'sudo $0 provision' first"
  IFS=: read -r _ _ BED_UID _ _ BED_HOME _ <<<"$entry"
}

# --- the bed's processes --------------------------------------------------------------------------------------
# STATE_DIR/pid holds the host pid of the bed's systemd; it is the bed only while it still lives in the pid
# namespace recorded next to it (pids are reused).
bed_pid() {
  local pid ns
  [[ -f $STATE_DIR/pid && -f $STATE_DIR/pidns ]] || return 1
  pid=$(<"$STATE_DIR/pid") ns=$(<"$STATE_DIR/pidns")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(readlink "/proc/$pid/ns/pid" 2>/dev/null || true) == "$ns" ]] || return 1
  echo "$pid"
}

# Every host process in the bed's pid namespace (systemd, logind, the user's manager, dockerd, containers...).
ns_pids() {
  local ns=$1 d
  for d in /proc/[0-9]*; do
    [[ $(readlink "$d/ns/pid" 2>/dev/null || true) == "$ns" ]] && echo "${d#/proc/}"
  done
  return 0
}

cgroup_mounts() { findmnt -rn -t cgroup,cgroup2 -o TARGET; }

# --- commands -------------------------------------------------------------------------------------------------
cmd_provision() {
  need_root provision
  install_packages "${PACKAGES[@]}"
  [[ -x $SYSTEMD ]] || die "$SYSTEMD missing after installing systemd"
  [[ -x $CONTRIB/dockerd-rootless-setuptool.sh ]] || die "$CONTRIB/dockerd-rootless-setuptool.sh missing (docker.io layout changed?)"
  ensure_user "$BED_USER" 'rootless docker systemd test bed'
  load_user
  ensure_subids /etc/subuid --add-subuids
  ensure_subids /etc/subgid --add-subgids
  allow_user_namespaces
  log "provisioned: user $BED_USER (uid $BED_UID)"
}

cmd_up() {
  need_root up
  load_user
  [[ -x $SYSTEMD ]] || die "systemd is not installed: run 'sudo $0 provision' first"
  grep -q "^$BED_USER:" /etc/subuid || die "no /etc/subuid range for $BED_USER: run 'sudo $0 provision' first"
  local pid
  if pid=$(bed_pid); then
    log "already up (systemd pid $pid)"
  else
    boot
    pid=$(bed_pid) || die "the bed vanished right after booting"
  fi
  install_docker
  echo "$pid"
}

boot() {
  # Leftovers of a bed that died on its own (its namespace is gone, so nothing of it runs).
  clean_cgroups
  rm -rf "$STATE_DIR"
  install -d -m 0700 "$STATE_DIR"
  # The bed's own cgroup in every hierarchy: systemd manages that subtree (through a cgroup namespace and bind
  # mounts), never the host's root cgroups.
  local m
  while read -r m; do
    mkdir -p "$m/$CGROUP_NAME"
    if [[ -f $m/cpuset.cpus && -f $m/$CGROUP_NAME/cpuset.cpus ]]; then
      # A v1 cpuset group takes no task before it has cpus and mems.
      [[ -n $(<"$m/$CGROUP_NAME/cpuset.cpus") ]] || cat "$m/cpuset.cpus" >"$m/$CGROUP_NAME/cpuset.cpus"
      [[ -n $(<"$m/$CGROUP_NAME/cpuset.mems") ]] || cat "$m/cpuset.mems" >"$m/$CGROUP_NAME/cpuset.mems"
    fi
  done < <(cgroup_mounts)

  log "booting systemd as PID 1 of a private namespace (console: $STATE_DIR/console.log)"
  # systemd's PID 1 raises a few kernel limits at start (measured: fs.file-max, net.unix.max_dgram_qlen); they
  # are not namespaced, so the host gets its own values back once the bed has booted.
  local key saved=()
  for key in "${HOST_SYSCTLS[@]}"; do saved+=("$(<"/proc/sys/$key")"); done
  local mounts=()
  mapfile -t mounts < <(cgroup_mounts)
  (
    # Into the bed's cgroups first, so the cgroup namespace is rooted there.
    for m in "${mounts[@]}"; do echo "$BASHPID" >"$m/$CGROUP_NAME/cgroup.procs"; done
    cd /
    # --kill-child: if unshare itself dies, so does the bed. 9 is the command lock: the bed must not hold it.
    exec setsid unshare --pid --fork --kill-child --mount --uts --ipc --cgroup --mount-proc --propagation private \
      env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin BED_USER="$BED_USER" CGROUP_NAME="$CGROUP_NAME" \
      bash "$SCRIPT" __init </dev/null >"$STATE_DIR/console.log" 2>&1 9>&-
  ) &
  local launcher=$! deadline=$((SECONDS + TIMEOUT)) child='' c host_ns
  host_ns=$(readlink /proc/self/ns/pid)
  # The bed's PID 1 is unshare's child in another pid namespace.
  until [[ -n $child ]]; do
    kill -0 "$launcher" 2>/dev/null || fail_boot "unshare exited at once"
    ((SECONDS < deadline)) || fail_boot "no PID 1 appeared"
    for c in $(cat "/proc/$launcher/task/$launcher/children" 2>/dev/null || true); do
      [[ $(readlink "/proc/$c/ns/pid" 2>/dev/null || echo "$host_ns") != "$host_ns" ]] && child=$c
    done
    [[ -n $child ]] || sleep 0.1
  done
  echo "$child" >"$STATE_DIR/pid"
  readlink "/proc/$child/ns/pid" >"$STATE_DIR/pidns"
  echo "$launcher" >"$STATE_DIR/launcher"

  # Booted: the bed's target is active and logind answers.
  local state=''
  until [[ $state == active ]]; do
    kill -0 "$child" 2>/dev/null || fail_boot "systemd exited while booting"
    ((SECONDS < deadline)) || fail_boot "the bed did not boot within ${TIMEOUT}s (last state: ${state:-none})"
    sleep 0.2
    state=$(nsenter -t "$child" -a systemctl is-active "$NAME.target" 2>/dev/null || true)
  done
  local i now
  for i in "${!HOST_SYSCTLS[@]}"; do
    now=$(<"/proc/sys/${HOST_SYSCTLS[$i]}")
    [[ $now == "${saved[$i]}" ]] || echo "${saved[$i]}" >"/proc/sys/${HOST_SYSCTLS[$i]}"
  done
  log "booted (systemd pid $child)"
}

fail_boot() {
  log "$1; console follows:"
  sed 's/^/  | /' "$STATE_DIR/console.log" >&2 || true
  (cmd_down >/dev/null 2>&1) || log "and taking the bed down failed too: see '$0 status'"
  exit 1
}

in_bed_root() { nsenter -t "$(bed_pid)" -a "$@"; }

install_docker() {
  local pid runtime=/run/user/$BED_UID deadline=$((SECONDS + TIMEOUT))
  pid=$(bed_pid)
  # Linger starts user@UID.service: the user's own systemd, without a login.
  in_bed_root loginctl enable-linger "$BED_USER"
  until in_bed_root systemctl is-active --quiet "user@$BED_UID.service"; do
    ((SECONDS < deadline)) || die "user@$BED_UID.service did not start within ${TIMEOUT}s"
    sleep 0.2
  done
  until [[ -S /proc/$pid/root$runtime/bus ]]; do
    ((SECONDS < deadline)) || die "the user bus $runtime/bus did not appear within ${TIMEOUT}s"
    sleep 0.2
  done
  if [[ ! -f $BED_HOME/.config/systemd/user/docker.service ]]; then
    log "installing the rootless docker.service with dockerd-rootless-setuptool.sh"
    # Its last step (`docker version` through a fresh context) fails on Debian's layout; the unit is what matters.
    as_user "$CONTRIB/dockerd-rootless-setuptool.sh" install --skip-iptables >"$STATE_DIR/setuptool.log" 2>&1 || true
    [[ -f $BED_HOME/.config/systemd/user/docker.service ]] || {
      sed 's/^/  | /' "$STATE_DIR/setuptool.log" >&2
      die "dockerd-rootless-setuptool.sh did not write the unit"
    }
  fi
  # Drop-ins that tests add to break the unit (zz-test-*.conf) never outlive their session.
  if compgen -G "$BED_HOME/.config/systemd/user/docker.service.d/zz-test-*.conf" >/dev/null; then
    rm -f "$BED_HOME"/.config/systemd/user/docker.service.d/zz-test-*.conf
    as_user systemctl --user daemon-reload
  fi
  # The unit is enabled (WantedBy=default.target), so it starts with the user's manager; make sure it is.
  as_user systemctl --user enable --quiet docker.service
  as_user systemctl --user reset-failed docker.service 2>/dev/null || true
  as_user systemctl --user start docker.service || true
  until [[ $(curl -fsS --max-time 3 --unix-socket "/proc/$pid/root$runtime/docker.sock" http://docker/_ping 2>/dev/null) == OK ]]; do
    if ((SECONDS >= deadline)); then
      as_user journalctl --user --no-pager -n 40 -u docker.service >&2 || true
      die "docker.service did not answer on $runtime/docker.sock within ${TIMEOUT}s"
    fi
    sleep 0.3
  done
  log "docker.service is up for $BED_USER: $runtime/docker.sock answers /_ping"
}

# as_user [--user NAME] [--env K=V]... [--cwd DIR] [--scratch DIR]... CMD...: run inside the bed as the user, with
# the environment a login gives. --scratch mounts an empty tmpfs of the user's on DIR, seen by CMD only (its own
# mount namespace inside the bed), so that a command can write where the repository is read-only to the user.
as_user() {
  local user=$BED_USER extra=() cwd='' scratch=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --user) user=$2; shift 2 ;;
      --env) extra+=("$2"); shift 2 ;;
      --cwd) cwd=$2; shift 2 ;;
      --scratch) scratch+=("$2"); shift 2 ;;
      *) break ;;
    esac
  done
  local entry uid gid home
  entry=$(getent passwd "$user") || die "no user '$user'"
  IFS=: read -r _ _ uid gid _ home _ <<<"$entry"
  # shellcheck disable=SC2016 # $HOME and $@ belong to the inner bash
  local run_as=(setpriv --reuid="$uid" --regid="$gid" --init-groups
    env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash LANG=C.UTF-8
    XDG_RUNTIME_DIR="/run/user/$uid" DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$uid/bus"
    PATH="$CONTRIB:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin" "${extra[@]}"
    BED_CWD="$cwd" bash -c 'cd "${BED_CWD:-$HOME}" 2>/dev/null || cd /; unset BED_CWD; exec "$@"' bash "$@")
  if ((${#scratch[@]})); then
    local joined
    joined=$(IFS=:; echo "${scratch[*]}")
    in_bed_root unshare --mount --propagation private bash "$SCRIPT" __scratch "$uid" "$gid" "$joined" "${run_as[@]}"
  else
    in_bed_root "${run_as[@]}"
  fi
}

# Inside the bed, in a mount namespace of its own: tmpfs on each scratch dir, then the command.
scratch_mounts() {
  local uid=$1 gid=$2 dirs=$3 d
  shift 3
  local IFS=:
  for d in $dirs; do
    mkdir -p "$d" 2>/dev/null || [[ -d $d ]] || die "cannot make $d"
    mount -t tmpfs -o "mode=0755,uid=$uid,gid=$gid,size=2g" tmpfs "$d"
  done
  unset IFS
  exec "$@"
}

cmd_exec() {
  need_root exec
  load_user
  bed_pid >/dev/null || die "the bed is down: run 'sudo $0 up' first"
  local root=false args=()
  while [[ $# -gt 0 ]]; do
    case $1 in
      --root) root=true; shift ;;
      --user | --env | --cwd | --scratch) args+=("$1" "$2"); shift 2 ;;
      --) shift; break ;;
      *) die "exec: unknown option $1 (the command goes after --)" ;;
    esac
  done
  [[ $# -gt 0 ]] || die "exec: no command given"
  if $root; then in_bed_root "$@"; else as_user "${args[@]}" "$@"; fi
}

cmd_down() {
  need_root down
  local pid ns
  if pid=$(bed_pid); then
    ns=$(<"$STATE_DIR/pidns")
    log "killing the bed (systemd pid $pid)"
    # SIGKILL to a pid namespace's init kills every process in it.
    kill -KILL "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while [[ -n $(ns_pids "$ns") ]]; do
      ((SECONDS < deadline)) || die "processes survive in the bed's pid namespace: $(ns_pids "$ns" | tr '\n' ' ')"
      sleep 0.1
    done
  fi
  if [[ -f $STATE_DIR/launcher ]]; then
    local launcher
    launcher=$(<"$STATE_DIR/launcher")
    # unshare exits once its child is gone; wait for it so that it leaves no zombie of ours.
    for _ in $(seq 50); do kill -0 "$launcher" 2>/dev/null || break; sleep 0.1; done
  fi
  clean_cgroups
  rm -rf "$STATE_DIR"
  verify_clean
  log "down"
}

clean_cgroups() {
  # Remove the bed's cgroups, deepest first; they are empty once its processes are gone.
  local m
  while read -r m; do
    [[ -d $m/$CGROUP_NAME ]] || continue
    for _ in $(seq 50); do
      find "$m/$CGROUP_NAME" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [[ -d $m/$CGROUP_NAME ]] || break
      sleep 0.1
    done
    [[ ! -d $m/$CGROUP_NAME ]] || die "cannot remove the cgroup $m/$CGROUP_NAME (still in use?)"
  done < <(cgroup_mounts)
}

verify_clean() {
  # No process of the user's left anywhere, no mount of the bed's visible on the host.
  load_user
  local left d
  left=$(for d in /proc/[0-9]*; do
    [[ $(awk '/^Uid:/{print $2}' "$d/status" 2>/dev/null) == "$BED_UID" ]] && echo "${d#/proc/}"
  done || true)
  [[ -z $left ]] || die "processes of $BED_USER survive: $left"
  if findmnt -rn -o TARGET | grep -qE "^/run/user/$BED_UID(/|$)|$CGROUP_NAME"; then
    die "mounts of the bed are visible on the host: $(findmnt -rn -o TARGET | grep -E "^/run/user/$BED_UID(/|$)|$CGROUP_NAME" | tr '\n' ' ')"
  fi
}

cmd_vscode() {
  need_root vscode
  load_user
  local repo
  repo=$(cd "$(dirname "$SCRIPT")/../.." && pwd)
  [[ -x $repo/.testbed/code-server/node_modules/.bin/code-server ]] || die "code-server is not installed: run scripts/vscode/install-code-server.sh first"
  # One test session at a time uses the bed (the integration suites take the same lock).
  exec 8>"/run/testbed-$BED_USER.session.lock"
  flock -w 1200 8 || die "another test session holds the bed"
  local booted=false
  if ! bed_pid >/dev/null; then
    bash "$SCRIPT" up >/dev/null || die "the bed did not come up"
    booted=true
  fi
  # code-server, the extension host and Chromium run as the user inside the bed; what run.ts writes into the
  # repository (the build, the compiled suite, its run directory) goes to scratch space of the user's. Results and
  # screenshots go to test-results/vscode-systemd-bed/ on the host.
  local results=$repo/test-results/vscode-systemd-bed rc=0
  install -d -m 0755 "$repo/test-results"
  rm -rf "$results"
  install -d -m 0755 -o "$BED_UID" "$results"
  # shellcheck disable=SC2016 # $0 and $@ belong to the inner bash
  as_user --cwd "$repo" --env ROOTLESS_DOCKER_SYSTEMD_BED=1 \
    --scratch "$repo/dist" --scratch "$repo/out" --scratch "$repo/.testbed/runs" --scratch "$repo/test-results/vscode" \
    bash -c 'node "$0/node_modules/tsx/dist/cli.mjs" "$0/test/vscode/run.ts" "$@"; rc=$?; cp -r "$0/test-results/vscode/." "$0/test-results/vscode-systemd-bed/" 2>/dev/null; exit $rc' \
    "$repo" "$@" || rc=$?
  if $booted; then bash "$SCRIPT" down >/dev/null || { log "taking the bed down failed"; rc=1; }; fi
  return "$rc"
}

cmd_status() {
  local pid
  if pid=$(bed_pid); then
    echo "up: systemd pid $pid"
    return 0
  fi
  echo "down"
  return 3
}

cmd_logs() {
  need_root logs
  echo "--- console"
  cat "$STATE_DIR/console.log" 2>/dev/null || true
  if bed_pid >/dev/null; then
    echo "--- journal"
    in_bed_root journalctl --no-pager -n 200 || true
  fi
}

# --- inside the namespace, before systemd -------------------------------------------------------------------
# Runs as PID 1 of the new pid namespace with a private copy of the mounts. Nothing of the host is changed here.
init_bed() {
  [[ $$ -eq 1 ]] || die "__init is run by '$0 up' only"
  # Fresh private file systems where systemd and its units write: a booted systemd empties /tmp (tmpfiles),
  # and the journal, linger state, runtime dirs and shared memory must not outlive the bed or reach the host.
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
  mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /var/tmp
  mount -t tmpfs -o mode=0755 tmpfs /var/lib/systemd
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
  local journal_gid
  journal_gid=$(getent group systemd-journal | cut -d: -f3)
  mkdir -p /var/log/journal
  mount -t tmpfs -o "mode=2755,gid=${journal_gid:-0}" tmpfs /var/log/journal
  # The bed's cgroups shown as the roots of the hierarchies, matching the cgroup namespace.
  local m
  while read -r m; do
    [[ -d $m/$CGROUP_NAME ]] && mount --bind "$m/$CGROUP_NAME" "$m"
  done < <(cgroup_mounts)
  # What systemd-tmpfiles would have made.
  install -d -m 0755 /run/user /run/lock /run/systemd /run/systemd/system
  hostname "$NAME" # the UTS namespace is the bed's own

  cat >"/run/systemd/system/$NAME.target" <<EOF
[Unit]
Description=Rootless Docker systemd test bed
Requires=dbus.socket systemd-logind.service systemd-journald.service
After=dbus.socket systemd-logind.service systemd-journald.service
AllowIsolate=yes
EOF
  local u
  for u in "${MASKED[@]}"; do ln -sf /dev/null "/run/systemd/system/$u"; done
  exec env -i container=unshare PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    "$SYSTEMD" --system --unit="$NAME.target" --log-target=console --show-status=false
}

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
}

lock() {
  exec 9>"/run/testbed-$BED_USER.lock"
  flock -w 600 9 || die "another $0 command holds /run/testbed-$BED_USER.lock"
}

cmd=${1:-}
[[ $# -gt 0 ]] && shift
case $cmd in
  provision | up | down) need_root "$cmd"; lock ;;
esac
case $cmd in
  __init) init_bed ;;
  __scratch) scratch_mounts "$@" ;;
  vscode) cmd_vscode "$@" ;;
  provision) cmd_provision ;;
  up) cmd_up ;;
  down) cmd_down ;;
  exec) cmd_exec "$@" ;;
  status) cmd_status ;;
  pid) bed_pid || { echo "down" >&2; exit 3; } ;;
  logs) cmd_logs ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
