#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# backports.sh - install a newer Debian kernel (image + headers) from the
# release's backports suite, for `make check KVER=6.12`.
#
# The backports suite is served by the same Debian archive the machine
# already uses, so its address is taken from the machine's own apt
# configuration (deb822 /etc/apt/sources.list.d/*.sources, or one-line
# /etc/apt/sources.list and *.list): the URI of the entry that carries the
# release suite (e.g. bookworm). No archive host is written in this file.
# The suite is added next to it as /etc/apt/sources.list.d/memlab-backports.sources
# (components: main), then the versioned image and headers packages of the
# requested series are installed with -t <codename>-backports. The release's
# own kernel stays installed; nothing else is upgraded.
#
# A quiet no-op when a matching kernel (image and build headers) is present.
#
# Usage: tests/vm/backports.sh [SERIES]     (default 6.12)
#        MEMLAB_APT_SIMULATE=1 tests/vm/backports.sh   shows what apt would do
set -euo pipefail

series=${1:-6.12}
[[ "$series" =~ ^[0-9]+\.[0-9]+$ ]] || { echo "backports.sh: SERIES like 6.12, got '$series'" >&2; exit 2; }
arch=$(dpkg --print-architecture)
flavour=$arch	# Debian's kernel flavour for amd64 is called amd64

msg() { echo "backports.sh: $*" >&2; }
die() { msg "$*"; exit 1; }

# have_kernel: /boot/vmlinuz-SERIES.*-FLAVOUR and its headers' build tree.
have_kernel() {
	local k v
	for k in /boot/vmlinuz-"$series".*-"$flavour"; do
		[ -e "$k" ] || continue
		v=${k#/boot/vmlinuz-}
		[ -e "/lib/modules/$v/build/Makefile" ] && return 0
	done
	return 1
}
[ -z "${MEMLAB_APT_SIMULATE:-}" ] && have_kernel && exit 0

[ "$(id -u)" -eq 0 ] || die "no $series kernel with headers installed (run as root to install it)"

# shellcheck source=/dev/null
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$codename" ] || die "no VERSION_CODENAME in /etc/os-release"
bpo=$codename-backports
out=/etc/apt/sources.list.d/memlab-backports.sources

# release_uri: the URI (and Signed-By, if any) of the first "deb" entry whose
# suites include the release codename. Prints "URI<TAB>SIGNED-BY".
release_uri() {
	local f
	shopt -s nullglob
	for f in /etc/apt/sources.list.d/*.sources; do
		[ "$f" = "$out" ] && continue
		# deb822: stanzas separated by blank lines; fields may fold onto
		# continuation lines (leading blank), comments start with #.
		awk -v want="$codename" '
			function flush() {
				if (types ~ /(^| )deb( |$)/ && enabled != "no" &&
				    (" " suites " ") ~ (" " want " ") && uris != "") {
					split(uris, u, " ")
					print u[1] "\t" signed
					found = 1
					exit
				}
				types = suites = uris = signed = enabled = ""
			}
			/^#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { if (last == "uris") uris = uris " " $0
				   else if (last == "suites") suites = suites " " $0
				   next }
			{
				key = tolower($0); sub(/:.*/, "", key)
				val = $0; sub(/^[^:]*:[ \t]*/, "", val)
				last = key
				if (key == "types") types = val
				else if (key == "uris") uris = val
				else if (key == "suites") suites = val
				else if (key == "enabled") enabled = tolower(val)
				else if (key == "signed-by" && val !~ /^-----/) signed = val
			}
			END { if (!found) flush() }' "$f" | head -n 1 | grep . && return 0
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		# deb [options] URI SUITE COMPONENT...
		awk -v want="$codename" '
			$1 != "deb" { next }
			{
				i = 2; signed = ""
				if ($2 ~ /^\[/) {
					while (i <= NF) {
						if ($i ~ /^\[?signed-by=/) {
							s = $i; sub(/^\[?signed-by=/, "", s)
							sub(/\]$/, "", s); signed = s
						}
						if ($i ~ /\]$/) { i++; break }
						i++
					}
				}
				if ($(i + 1) == want) { print $i "\t" signed; exit }
			}' "$f" | head -n 1 | grep . && return 0
	done
	return 1
}

# Is the backports suite configured already (by the admin or by us)?
bpo_configured() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] && grep -q -E "^[^#]*([[:space:]]|^)$bpo([[:space:]]|$)" "$f" &&
			return 0
	done
	return 1
}

export DEBIAN_FRONTEND=noninteractive
if ! bpo_configured; then
	line=$(release_uri) || die "no apt source with suite $codename found in /etc/apt"
	uri=${line%%$'\t'*}
	signed=${line#*$'\t'}
	[ -n "$uri" ] || die "the $codename apt source has no URI"
	msg "adding $bpo from the $codename source's archive to $out"
	{
		echo "# Written by memlab tests/vm/backports.sh: the $codename source's archive, $bpo suite."
		echo "Types: deb"
		echo "URIs: $uri"
		echo "Suites: $bpo"
		echo "Components: main"
		[ -n "$signed" ] && echo "Signed-By: $signed"
		true
	} >"$out"
fi
apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || msg "apt-get update reported errors, trying the install anyway"

# The meta packages of the backports suite name the versioned kernel packages;
# installing those (not the meta packages) keeps the release's own
# linux-image-amd64 and its 6.1 kernel as they are.
versioned() {	# versioned META: the linux-*-X.Y...-flavour package it depends on
	local ver
	ver=$(apt-cache madison "$1" | awk -F'|' -v s="$bpo" \
		'index($3, s "/") || $3 ~ (" " s " ") { gsub(/ /, "", $2); print $2; exit }')
	[ -n "$ver" ] || die "$1 is not in $bpo (apt-get update failed?)"
	apt-cache show "$1=$ver" | sed -n 's/^Depends: //p' | head -n 1 | tr ',' '\n' |
		sed -e 's/^ *//' -e 's/ .*//' |
		grep -E "^linux-(image|headers)-$series\.[0-9]+.*-$flavour(-unsigned)?$" | head -n 1
}
img=$(versioned "linux-image-$flavour") || exit 1
hdr=$(versioned "linux-headers-$flavour") || exit 1
if [ -z "$img" ] || [ -z "$hdr" ]; then
	die "$bpo's kernel is not $series (image '${img:-?}', headers '${hdr:-?}')"
fi
msg "installing $img $hdr from $bpo"
# Not -t: that would also upgrade installed packages of the same source
# packages (linux-image-amd64, linux-libc-dev, linux-perf: apt's
# Upgrade-By-Source-Package) to backports. PKG/SUITE picks only these two.
opts=(-y -qq)
[ -n "${MEMLAB_APT_SIMULATE:-}" ] && opts=(-s)
apt-get -o DPkg::Lock::Timeout=600 install "${opts[@]}" --no-install-recommends \
	-o APT::Get::Upgrade-By-Source-Package=false "$img/$bpo" "$hdr/$bpo" >&2
[ -n "${MEMLAB_APT_SIMULATE:-}" ] && exit 0
have_kernel || die "installed $img and $hdr but found no /boot/vmlinuz-$series.*-$flavour with headers"
