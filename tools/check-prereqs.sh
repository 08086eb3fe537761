#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fail early, in one line each, when a tool the setup needs is missing or too old.
set -u
status=0
need() { # name, min major, min minor, version string
  local name=$1 want_major=$2 want_minor=$3 have=$4
  local major=${have%%.*} rest=${have#*.}
  local minor=${rest%%.*}
  if [ "$major" -lt "$want_major" ] || { [ "$major" -eq "$want_major" ] && [ "$minor" -lt "$want_minor" ]; }; then
    echo "error: $name $have is too old; Cobuild needs $name >= $want_major.$want_minor" >&2
    status=1
  fi
}
missing() { # command, how to install it
  command -v "$1" >/dev/null 2>&1 && return 1
  echo "error: $1 not found; $2" >&2
  status=1
}
if ! missing python3 "install Python 3.10 or newer (with venv), e.g. 'apt install python3 python3-venv'"; then
  need python3 3 10 "$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  python3 -c 'import venv, ensurepip' 2>/dev/null || {
    echo "error: python3 has no venv/ensurepip module; install it, e.g. 'apt install python3-venv'" >&2
    status=1
  }
fi
if ! missing node "install Node.js 18 or newer (https://nodejs.org or 'apt install nodejs npm')"; then
  need node 18 0 "$(node -p 'process.versions.node')"
fi
missing npm "install npm (it ships with Node.js; on Debian 'apt install npm')"
# the checkout's own path goes into PATH and PYTHONPATH, whose entries a ':' separates
case "$PWD" in
  *:*)
    echo "error: the checkout's path '$PWD' has a ':', which PATH and PYTHONPATH cannot hold; clone it into another folder" >&2
    status=1
    ;;
esac
exit $status
