#!/usr/bin/env bash
# A real SMB share on loopback for the backup tests: Debian's samba (smbd, bound to 127.0.0.1
# only) serving a folder, mounted through smbnetfs (FUSE). Everything lives under one folder.
#
#   smb-share.sh start DIR    start smbd and mount; prints the share's path on the mount
#   smb-share.sh pause DIR    stop smbd: the share "goes offline" (I/O on the mount fails)
#   smb-share.sh resume DIR   start smbd again
#   smb-share.sh stop DIR     unmount and stop everything
set -euo pipefail
cmd=${1:?usage: smb-share.sh start|pause|resume|stop DIR}
dir=$(realpath -m "${2:?usage: smb-share.sh start|pause|resume|stop DIR}")
share="$dir/mnt/127.0.0.1/bench"

port_open() { (echo > /dev/tcp/127.0.0.1/445) 2>/dev/null; }

start_smbd() {
  # Another smbd on port 445 would answer for ours, and files would land in its folder: wait for
  # it to go (a previous run still stopping), or refuse clearly.
  for _ in $(seq 1 50); do port_open || break; sleep 0.1; done
  if port_open; then echo "port 445 is already in use by another SMB server; stop it first" >&2; exit 1; fi
  smbd --daemon --configfile="$dir/smb.conf" </dev/null >/dev/null 2>&1
  for _ in $(seq 1 100); do
    [ -s "$dir/run/smbd.pid" ] && port_open && return 0
    sleep 0.1
  done
  echo "smbd did not start; see $dir/log.smbd" >&2
  exit 1
}

stop_smbd() {
  local pid
  pid=$(cat "$dir/run/smbd.pid" 2>/dev/null || true)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$dir/run/smbd.pid"
  pkill -f -- "--configfile=$dir/smb.conf" 2>/dev/null || true
}

case "$cmd" in
  start)
    mkdir -p "$dir"/{run,lock,state,cache,private,ncalrpc,export,mnt,home/.smb}
    cat > "$dir/smb.conf" <<CONF
[global]
  server role = standalone server
  interfaces = 127.0.0.1
  bind interfaces only = yes
  smb ports = 445
  pid directory = $dir/run
  lock directory = $dir/lock
  state directory = $dir/state
  cache directory = $dir/cache
  private dir = $dir/private
  ncalrpc dir = $dir/ncalrpc
  log file = $dir/log.smbd
  map to guest = Bad User
  load printers = no
  disable spoolss = yes
[bench]
  path = $dir/export
  read only = no
  guest ok = yes
  force user = root
CONF
    printf 'auth "guest" ""\n' > "$dir/home/.smb/smbnetfs.conf"
    chmod 600 "$dir/home/.smb/smbnetfs.conf"
    start_smbd
    # The daemons must not hold our stdout open, or a caller reading it would wait forever.
    HOME="$dir/home" smbnetfs "$dir/mnt" </dev/null >/dev/null 2>&1
    for _ in $(seq 1 100); do [ -d "$share" ] && break; sleep 0.1; done
    [ -d "$share" ] || { echo "the share did not appear at $share" >&2; exit 1; }
    echo "$share"
    ;;
  pause) stop_smbd ;;
  resume) start_smbd ;;
  stop)
    fusermount -u "$dir/mnt" 2>/dev/null || fusermount -uz "$dir/mnt" 2>/dev/null || true
    stop_smbd
    ;;
  *) echo "usage: smb-share.sh start|pause|resume|stop DIR" >&2; exit 2 ;;
esac
