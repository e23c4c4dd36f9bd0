#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-guest.sh - boot a kernel in a QEMU guest, run a command there, judge the result.
#
# memlab's driver must never be loaded into the kernel of the machine we work on,
# so everything that needs the module runs in a throw-away guest (DESIGN.md,
# "Test bench"). This script:
#   1. picks a kernel from /boot (default: the newest Debian 6.1 kernel),
#   2. builds a busybox initramfs under build/vm/ holding the payload directory as
#      /payload, the shared libraries of every ELF file in it (found with ldd),
#      interpreters of its scripts, guest/check.sh (as /payload/check.sh unless the
#      payload brings its own) and the kernel modules the payload's *.ko depend on,
#   3. boots it with TCG and a debugging kernel command line, streams the output of
#      the command to stdout and the whole serial console to a log file,
#   4. fails unless the guest reported, the command exited 0, the kernel log is free
#      of the patterns in kernel-log-patterns.txt and the taint is only O/E.
#
# Usage: see usage() below, or run with --help.
#
# Exit status: 0 everything clean, 1 the guest run failed (any reason above),
#              2 usage or setup error (nothing was booted).
#
# Console protocol between the generated /init and this script (one line each):
#   ==MEMLAB-START== <uname -r>      the command starts now
#   ==MEMLAB-DMESG-BEGIN== / ==MEMLAB-DMESG-END==   the full dmesg after the command
#   ==MEMLAB-TAINT== <n>             /proc/sys/kernel/tainted after the command
#   ==MEMLAB-EXIT== <rc>             exit status of the command (always last)
# After judging, this script appends "==MEMLAB-HEALTH== ok|fail <why>" to the log
# (kernel-side verdict only, not the command's rc) for summary.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
build_root=${MEMLAB_BUILD_DIR:-$repo/build}/vm
patterns_file=$here/kernel-log-patterns.txt

usage() {
	cat <<'EOF'
usage: tests/vm/run-guest.sh --cmd CMD [options]

  --payload DIR        directory copied to /payload in the guest (memlab.ko, test
                       binaries, subdirectories); the command runs in /payload
  --cmd CMD            shell command run as root in the guest: sh -c "CMD", with
                       MEMLAB_KO=/payload/memlab.ko; e.g. --cmd ./check.sh
  --kver VER           boot /boot/vmlinuz-VER; a series (6.12) means its newest
                       installed release (default: 6.1, or $MEMLAB_GUEST_KVER)
  --kernel FILE        boot this bzImage instead (e.g. a debug kernel build);
                       give --kver too if the payload's modules need dependencies
  --append "ARGS"      extra kernel command line
  --no-slub-debug      drop slub_debug=FZPU (cache merging tests need it off)
  --no-page-poison     drop page_poison=on (benchmarks: measure the allocators,
                       not the poisoning of every freed page)
  --allow-alloc-failure  do not fail on "page allocation failure" in the kernel log
  --judged-by-payload PATTERN  do not fail on this kernel log pattern: the
                       payload judges that report itself (the kmemleak run's
                       guest-checks.sh reads /sys/kernel/debug/kmemleak)
  --allow-pointers     do not fail on kernel addresses in the command's output
                       (a root demo showing them); tests never print one
  --timeout SEC        kill the guest after SEC seconds (default 900)
  --log FILE           write the whole serial console here (default: a temp file,
                       kept as build/vm/failed-*.log when the run fails)
  --memory SIZE        guest memory, QEMU syntax (default 1G; $MEM also works)
  --smp N              guest CPUs (default 2)
  --with PROGRAM       also copy a host program (and its libraries) into the guest at
                       the same path, e.g. --with /usr/bin/strace (repeatable)
  --summary            end with summary.sh's "guest: N passed, N failed" line
  --verbose            stream the whole console, not only the command's output
  --keep               keep the work directory (initramfs, /init) under build/vm/
  --kvm                use KVM instead of TCG (opt-in: nested KVM hangs on CI)
  -h, --help           this text
EOF
}

msg() { echo "run-guest: $*" >&2; }
die() { msg "$*"; exit 2; }

payload='' cmd='' have_cmd=0 kver=${MEMLAB_GUEST_KVER:-} kernel='' extra=''
judged=()
slub_debug=1 page_poison=1 allow_alloc=0 allow_ptrs=0 tmo=900 log='' mem=${MEM:-1G} smp=2
summary=0 verbose=0 keep=0 kvm=0
with=()

while [ $# -gt 0 ]; do
	opt=$1
	val=
	case "$opt" in
	--*=*) val=${opt#*=}; opt=${opt%%=*}; set -- "$opt" "$val" "${@:2}" ;;
	esac
	case "$opt" in
	--payload|--cmd|--kver|--kernel|--append|--timeout|--log|--memory|--smp|--with|--judged-by-payload)
		[ $# -ge 2 ] || die "$opt needs a value (see --help)"
		val=$2; shift 2 ;;
	*) shift ;;
	esac
	case "$opt" in
	--payload) payload=$val ;;
	--cmd) cmd=$val; have_cmd=1 ;;
	--kver) kver=$val ;;
	--kernel) kernel=$val ;;
	--append) extra="$extra $val" ;;
	--timeout) tmo=$val ;;
	--log) log=$val ;;
	--memory) mem=$val ;;
	--smp) smp=$val ;;
	--with) with+=("$val") ;;
	--no-slub-debug) slub_debug=0 ;;
	--no-page-poison) page_poison=0 ;;
	--allow-alloc-failure) allow_alloc=1 ;;
	--judged-by-payload) judged+=("$val") ;;
	--allow-pointers) allow_ptrs=1 ;;
	--summary) summary=1 ;;
	--verbose) verbose=1 ;;
	--keep) keep=1 ;;
	--kvm) kvm=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown option: $opt" ;;
	esac
done

if [ "$have_cmd" != 1 ] || [ -z "$cmd" ]; then
	usage >&2
	die "--cmd is required"
fi
if ! [[ "$tmo" =~ ^[0-9]+$ ]] || [ "$tmo" -eq 0 ]; then
	die "--timeout wants a number of seconds, got '$tmo'"
fi
[[ "$smp" =~ ^[0-9]+$ ]] || die "--smp wants a number, got '$smp'"
if [ -n "$payload" ]; then
	[ -d "$payload" ] || die "payload directory not found: $payload"
	payload=$(cd "$payload" && pwd)
fi
[ -r "$patterns_file" ] || die "missing $patterns_file"

# Everything the bench runs must exist on a fresh CI machine: check, don't assume.
for tool in qemu-system-x86_64 busybox cpio gzip xz ldd ldconfig readelf modinfo timeout; do
	command -v "$tool" >/dev/null 2>&1 ||
		PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null 2>&1 ||
		die "$tool not found: run tests/vm/deps.sh first"
done
export PATH=$PATH:/usr/sbin:/sbin

# ---------------------------------------------------------------- kernel ----
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] || die "kernel image not found: $kernel"
elif [ -n "$kver" ]; then
	# A series (6.12) stands for the newest installed release of it.
	[ -f "/boot/vmlinuz-$kver" ] || kver=$("$here/kver.sh" "$kver")
	kernel=/boot/vmlinuz-$kver
	[ -f "$kernel" ] || die "no kernel $kernel (installed: $(cd /boot && echo vmlinuz-* 2>/dev/null))"
else
	# The default guest is Debian's 6.1 kernel (bookworm's linux-image-amd64).
	kernel=/boot/vmlinuz-$("$here/kver.sh" 6.1)
	[ -f "$kernel" ] || die "no /boot/vmlinuz-6.1.* found: run tests/vm/deps.sh (linux-image-amd64) or pass --kver/--kernel"
	kver=${kernel#/boot/vmlinuz-}
fi
[ -r "$kernel" ] || die "cannot read $kernel (Debian installs it 0600: run as root)"

# ------------------------------------------------------------ work area ----
mkdir -p "$build_root"
work=$(mktemp -d "$build_root/run.XXXXXX")
root=$work/root
initrd=$work/initrd.cpio.gz
own_log=0
if [ -z "$log" ]; then
	log=$work/console.log
	own_log=1
else
	mkdir -p "$(dirname "$log")"
fi
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "$keep" = 1 ]; then
		msg "work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/memlab,proc,sys,dev,tmp,run,root,payload,lib/modules}

libdirs=()

# copy_same_path FILE: copy a host file (symlinks resolved) to the same path in the
# guest; ld.so and the binaries look for it there.
copy_same_path() {
	local src=$1 dst=$root$1
	[ -e "$dst" ] && return 0
	mkdir -p "$(dirname "$dst")"
	cp -L --preserve=mode "$src" "$dst"
}

# copy_libs ELF: copy the shared libraries (and the dynamic loader) that ldd finds
# for ELF to the same paths in the guest. Libraries that resolve inside the guest
# tree already (the payload's own .so files) are left where they are.
copy_libs() {
	local f=$1 out line p interp
	# ldd runs the program's own loader: where the host cannot run it
	# (no IA-32 emulation for -m32 tests), read the ELF file instead.
	interp=$(readelf -lW "$f" 2>/dev/null | sed -n 's/.*interpreter: \(.*\)\]$/\1/p')
	if [ -n "$interp" ] && ! "$interp" --verify "$f" >/dev/null 2>&1; then
		copy_libs_readelf "$f" "$interp"
		return
	fi
	if ! out=$(LC_ALL=C LD_LIBRARY_PATH=${payload_ld_path:-} ldd "$f" 2>&1); then
		case "$out" in
		*"not a dynamic executable"*|*"statically linked"*) return 0 ;;
		*) die "ldd ${f#"$root"} failed: $out" ;;
		esac
	fi
	while IFS= read -r line; do
		line=${line#"${line%%[![:space:]]*}"}
		case "$line" in
		*"=> not found"*)
			die "${f#"$root"}: shared library ${line%% *} not found on the host" \
				"(install it, or ship it in the payload next to an rpath such as \$ORIGIN/../lib)" ;;
		*"=> /"*) p=${line#*=> }; p=${p% (0x*} ;;
		/*) p=${line% (0x*} ;;
		*) continue ;;	# linux-vdso.so.1, "statically linked"
		esac
		case "$p" in "$root"/*) continue ;; esac
		copy_same_path "$p"
		libdirs+=("$(dirname "$p")")
	done <<<"$out"
}

# copy_libs_readelf ELF INTERP: what copy_libs does, from the ELF file's
# PT_INTERP (INTERP) and DT_NEEDED entries (recursively), looked up in the
# payload's library directories and then the host's multiarch directories
# of the file's class.
copy_libs_readelf() {
	local f=$1 interp=$2 dirs todo=() seen=" " lib d found
	if readelf -hW "$f" | grep -q 'Class:.*ELF32'; then
		dirs="/lib/i386-linux-gnu /usr/lib/i386-linux-gnu /lib32 /usr/lib32"
	else
		dirs="/lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64"
	fi
	dirs="${payload_ld_path//:/ } $dirs"
	copy_same_path "$interp"
	libdirs+=("$(dirname "$interp")")
	mapfile -t todo < <(readelf -dW "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
	while [ ${#todo[@]} -gt 0 ]; do
		lib=${todo[0]}
		todo=("${todo[@]:1}")
		case "$seen" in *" $lib "*) continue ;; esac
		seen+="$lib "
		found=
		for d in $dirs; do
			[ -e "$d/$lib" ] && { found=$d/$lib; break; }
		done
		[ -n "$found" ] || die "${f#"$root"}: shared library $lib not found on the host" \
			"(looked in $dirs)"
		case "$found" in "$root"/*) continue ;; esac
		copy_same_path "$found"
		libdirs+=("$d")
		mapfile -t -O "${#todo[@]}" todo < <(readelf -dW "$found" |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p')
	done
}

# is_elf_program FILE: an ELF executable or shared object (not a .ko / .o, which are
# ET_REL and have no libraries).
is_elf_program() {
	local magic type
	magic=$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')
	[ "$magic" = 7f454c46 ] || return 1
	type=$(od -An -tu1 -j 16 -N 1 "$1" | tr -d ' ')
	[ "$type" = 2 ] || [ "$type" = 3 ]
}

# copy_program PATH: a host program plus its libraries, at the same path.
copy_program() {
	local p=$1
	case "$p" in
	/*) ;;
	*) p=$(command -v "$p") || die "host program not found: $1" ;;
	esac
	[ -f "$p" ] || die "host program not found: $1"
	copy_same_path "$p"
	is_elf_program "$p" && copy_libs "$root$p"
	return 0
}

# ------------------------------------------------------------- busybox ----
bb=$(command -v busybox)
cp -L "$bb" "$root/bin/busybox"
chmod 755 "$root/bin/busybox"
is_elf_program "$root/bin/busybox" && copy_libs "$root/bin/busybox"	# busybox-static: none
while IFS= read -r applet; do
	if [ -z "$applet" ] || [ -e "$root/$applet" ] || [ -L "$root/$applet" ]; then
		continue
	fi
	mkdir -p "$root/$(dirname "$applet")"
	ln -s /bin/busybox "$root/$applet"
done < <("$root/bin/busybox" --list-full)

# ------------------------------------------------------------- payload ----
if [ -n "$payload" ]; then
	# -L: symlinks into the build tree become real files in the guest.
	cp -RL --preserve=mode,timestamps "$payload/." "$root/payload/"
fi
if [ -e "$root/payload/check.sh" ]; then
	msg "payload brings its own check.sh; not installing tests/vm/guest/check.sh"
else
	install -m 755 "$here/guest/check.sh" "$root/payload/check.sh"
fi
cp "$patterns_file" "$root/etc/memlab/kernel-log-patterns.txt"

# Shared objects shipped in the payload: let both the host's ldd (now) and the
# guest's loader (LD_LIBRARY_PATH in /init) find them, even without an rpath.
payload_ld_path=
guest_ld_path=
while IFS= read -r d; do
	payload_ld_path=${payload_ld_path:+$payload_ld_path:}$d
	guest_ld_path=${guest_ld_path:+$guest_ld_path:}${d#"$root"}
done < <(find "$root/payload" -type f -name '*.so*' -printf '%h\n' | sort -u)

kos=()
while IFS= read -r -d '' f; do
	case "$f" in
	*.ko) kos+=("$f") ;;
	esac
	if is_elf_program "$f"; then
		copy_libs "$f"
	elif [ -x "$f" ] && [ "$(head -c 2 "$f")" = '#!' ]; then
		# A script whose interpreter busybox lacks (e.g. #!/bin/bash): bring the
		# host's interpreter along.
		read -r interp arg _ < <(head -n 1 "$f" | cut -c 3-) || true
		if [ "${interp:-}" = /usr/bin/env ] || [ "${interp:-}" = /bin/env ]; then
			[ -n "${arg:-}" ] && [ ! -e "$root/bin/$arg" ] && [ ! -e "$root/usr/bin/$arg" ] &&
				copy_program "$arg"
		elif [ -n "${interp:-}" ] && [ ! -e "$root$interp" ] && [ ! -L "$root$interp" ]; then
			copy_program "$interp"
		fi
	fi
done < <(find "$root/payload" -type f -print0 | sort -z)

for p in ${with[@]+"${with[@]}"}; do
	copy_program "$p"
done

# ------------------------------------------------------ kernel modules ----
# The payload's modules must match the booted kernel (checked now rather than
# after a boot). What they depend on (modinfo "depends", and "softdep pre:") is
# copied from /lib/modules/$kver and loaded by /init, dependencies first; a
# modules.dep for the copied tree (depmod -b, which only writes files) lets the
# kernel's request_module() run busybox modprobe for them too. memlab.ko itself
# depends on nothing but the core kernel today, so usually nothing is copied.
: >"$root/etc/memlab/preload-modules"
declare -A seen_mod=()
copied_modules=0
# copy_module FILE: a module of the host's /lib/modules into the guest, where
# busybox insmod wants it uncompressed (Debian's 6.12 ships .ko.xz; 6.1 .ko).
# Prints its path in the guest.
copy_module() {
	local src=$1 dst tool
	case "$src" in
	*.ko.xz) dst=${src%.xz}; tool=(xz -dc) ;;
	*.ko.gz) dst=${src%.gz}; tool=(gzip -dc) ;;
	*.ko.zst) dst=${src%.zst}; tool=(zstd -dc) ;;
	*) copy_same_path "$src"; echo "$src"; return 0 ;;
	esac
	mkdir -p "$(dirname "$root$dst")"
	"${tool[@]}" "$src" >"$root$dst" || die "cannot decompress $src (${tool[0]})"
	echo "$dst"
}
add_module_deps() {	# add_module_deps NAME-OR-FILE: its dependencies, post-order
	local deps soft d kind path p
	deps=$(modinfo ${kver:+-k "$kver"} -F depends "$1" 2>/dev/null) ||
		die "modinfo cannot read module $1 (kernel ${kver:-?})"
	soft=$(modinfo ${kver:+-k "$kver"} -F softdep "$1" 2>/dev/null |
		sed -n 's/^.*pre:[[:space:]]*//p' | sed 's/post:.*//') || soft=
	kind=hard
	for d in ${deps//,/ } --soft $soft; do
		[ "$d" = --soft ] && { kind=soft; continue; }
		[ -n "${seen_mod[$d]:-}" ] && continue
		seen_mod[$d]=1
		if [ -z "$kver" ]; then
			[ "$kind" = soft ] && continue
			die "${1##*/} depends on $d: give --kver so it can be found in /lib/modules"
		fi
		# An alias may name several modules; a built-in one has no file.
		if ! path=$(modinfo -k "$kver" -n "$d" 2>/dev/null); then
			[ "$kind" = soft ] && continue	# soft dependencies are optional
			die "module $d (needed by ${1##*/}) not found in /lib/modules/$kver"
		fi
		while IFS= read -r p; do
			case "$p" in /*.ko*) ;; *) continue ;; esac
			[ -n "${seen_mod[$p]:-}" ] && continue
			seen_mod[$p]=1
			add_module_deps "$p"
			p=$(copy_module "$p")
			echo "$p" >>"$root/etc/memlab/preload-modules"
			copied_modules=1
		done <<<"$path"
	done
}
for ko in ${kos[@]+"${kos[@]}"}; do
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null | awk '{print $1}') || vermagic=
	if [ -n "$kver" ] && [ -n "$vermagic" ] && [ "$vermagic" != "$kver" ]; then
		die "${ko#"$root"} was built for kernel $vermagic but the guest boots $kver" \
			"(rebuild with KDIR=/lib/modules/$kver/build, or pass --kver $vermagic)"
	fi
	add_module_deps "$ko"
done
if [ "$copied_modules" = 1 ]; then
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "/lib/modules/$kver/$f" ] && cp "/lib/modules/$kver/$f" "$root/lib/modules/$kver/"
	done
	depmod -b "$root" "$kver" || die "depmod -b for the guest's modules failed"
fi

# ------------------------------------------------------------ ld.so ----
# A cache for the copied library directories, so the guest's loader finds them
# whatever its built-in search path is (e.g. /usr/lib32 for -m32 binaries).
if [ ${#libdirs[@]} -gt 0 ]; then
	printf '%s\n' "${libdirs[@]}" | sort -u >"$root/etc/ld.so.conf"
	ldconfig -r "$root" 2>/dev/null || ldconfig -r "$root" ||
		die "ldconfig -r failed for the guest tree"
fi

# --------------------------------------------------------------- /init ----
printf '%s\n' "$cmd" >"$root/etc/memlab/cmd"
{
	echo "export MEMLAB_ALLOW_ALLOC_FAILURE=$allow_alloc"
	[ -n "$guest_ld_path" ] && echo "export LD_LIBRARY_PATH=$guest_ld_path"
	true
} >"$root/etc/memlab/env"

cat >"$root/init" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Generated by tests/vm/run-guest.sh. PID 1 of the test guest: mount the usual
# filesystems, run the command from /etc/memlab/cmd in /payload, report its
# status and the kernel's log on the console (the host parses the markers), then
# end the VM. No "set -e": if PID 1 died the kernel would panic before reporting.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=dumb
umask 022

mnt() {	# mnt TYPE DIR [OPTIONS]: mount, and say so if it fails
	[ -d "$2" ] || return 0
	mount -t "$1" ${3:+-o "$3"} "$1" "$2" || echo "init: mount -t $1 $2 failed"
}
mnt proc /proc
mnt sysfs /sys
mnt devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mnt devpts /dev/pts
mnt tmpfs /dev/shm mode=1777
mnt tmpfs /tmp mode=1777
mnt tmpfs /run mode=0755
mnt debugfs /sys/kernel/debug	# fault injection, kmemleak, DMA-API debug
mnt cgroup2 /sys/fs/cgroup	# memcg tests
ip link set lo up 2>/dev/null
hostname memlab-guest

. /etc/memlab/env

# Modules the payload's *.ko depend on, dependencies first.
while read -r m; do
	[ -n "$m" ] && { insmod "$m" || echo "init: insmod $m failed"; }
done </etc/memlab/preload-modules

# The kernel booted with "quiet loglevel=3" to keep the boot silent. From here on
# warnings reach the console too (console loglevel 5), so that a WARN which
# panics the guest (panic_on_warn) leaves its full report in the host's log.
echo 5 >/proc/sys/kernel/printk

echo "==MEMLAB-START== $(uname -r)"
cd /payload
MEMLAB_KO=/payload/memlab.ko sh -c "$(cat /etc/memlab/cmd)" </dev/null
rc=$?

# kmemleak (debug kernels) only reports after a scan, and only objects older
# than 5 s: wait, then scan (twice, as its documentation advises).
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
fi

echo 3 >/proc/sys/kernel/printk	# keep the dump below free of interleaved output
echo "==MEMLAB-DMESG-BEGIN=="
dmesg
echo "==MEMLAB-DMESG-END=="
echo "==MEMLAB-TAINT== $(cat /proc/sys/kernel/tainted)"
echo "==MEMLAB-EXIT== $rc"
sync
# With ACPI (Debian kernels) poweroff ends QEMU; without it (tinyconfig debug
# kernels) poweroff -f would hang, while reboot -f ends QEMU thanks to -no-reboot.
[ -d /sys/firmware/acpi ] && poweroff -f
reboot -f
while :; do sleep 60; done
EOF
chmod 755 "$root/init"

# ------------------------------------------------------------- initrd ----
# newc + owner 0:0 whoever builds it; the kernel's built-in initramfs already
# supplies /dev/console, so no device node is needed here.
(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) | gzip -1 >"$initrd"

# --------------------------------------------------------------- boot ----
append="console=ttyS0 panic=-1 quiet loglevel=3 printk.time=1 log_buf_len=4M"
[ "$slub_debug" = 1 ] && append="$append slub_debug=FZPU"
[ "$page_poison" = 1 ] && append="$append page_poison=on"
append="$append panic_on_warn=1${extra}"

if [ "$kvm" = 1 ]; then
	accel=(-accel kvm -cpu host)
else
	accel=(-accel tcg -cpu max)
fi
qemu=(qemu-system-x86_64 "${accel[@]}" -m "$mem" -smp "$smp"
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-nographic -no-reboot -nic none)

msg "booting ${kver:-$kernel} ($(du -k "$initrd" | cut -f1) KiB initramfs, timeout ${tmo}s)"
start=$SECONDS
# stdin from /dev/null: QEMU must not put a human's terminal into raw mode, and the
# guest gets no input. The console is CRLF and the firmware clears the screen:
# strip CRs and escape sequences so the log is plain text.
# Only the command's own output (between START and DMESG-BEGIN) goes to stdout.
set +e
timeout -k 10 "$tmo" "${qemu[@]}" </dev/null 2>&1 |
	sed -u -e 's/\r//g' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' | tee "$log" |
	awk -v verbose="$verbose" '
		verbose == 1 { print; fflush(); next }
		/==MEMLAB-START==/ { inside = 1; next }
		/==MEMLAB-DMESG-BEGIN==/ { inside = 0; next }
		inside { print; fflush() }'
pipe=("${PIPESTATUS[@]}")
set -e
qemu_rc=${pipe[0]}
elapsed=$((SECONDS - start))

# -------------------------------------------------------------- judge ----
failures=()
health=()

exit_rc=$(grep -a -o '==MEMLAB-EXIT== [0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
taint=$(grep -a -o '==MEMLAB-TAINT== [0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)

if [ -z "$exit_rc" ]; then
	if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
		why="timeout after ${tmo}s"
	else
		why="the guest stopped without reporting: kernel panic or reboot; QEMU status $qemu_rc"
	fi
	msg "guest never reported: timeout or crash ($why); last lines of the console:"
	tail -n 30 "$log" | sed 's/^/  | /' >&2
	failures+=("no report")
	health+=("no report ($why)")
elif [ "$exit_rc" != 0 ]; then
	msg "guest command exited with status $exit_rc"
	failures+=("command rc $exit_rc")
fi

# Kernel log patterns: every line of the dmesg section, and kernel-formatted lines
# ("[ seconds.usecs] ...", printk.time=1) anywhere else on the console, which is
# where a report lands when the guest dies before its dmesg dump. Requiring the
# timestamp outside the dump keeps a test that prints e.g. "BUG:" from failing.
active_patterns=$(grep -v -e '^#' -e '^[[:space:]]*$' "$patterns_file")
if [ "$allow_alloc" = 1 ]; then
	active_patterns=$(grep -v -x -F 'page allocation failure' <<<"$active_patterns")
fi
for pat in "${judged[@]}"; do
	active_patterns=$(grep -v -x -F -- "$pat" <<<"$active_patterns")
done
hits=$(awk -v pats="$active_patterns" '
	BEGIN { n = split(pats, p, "\n") }
	/==MEMLAB-DMESG-BEGIN==/ { indmesg = 1; next }
	/==MEMLAB-DMESG-END==/ { indmesg = 0; next }
	{
		if (!indmesg && $0 !~ /\[ *[0-9]+\.[0-9]+\] /) next
		for (i = 1; i <= n; i++)
			if (index($0, p[i])) {
				# The same record shows up on the console and in the dump:
				# report it once (keyed from its timestamp on).
				key = $0
				if (match($0, /\[ *[0-9]+\.[0-9]+\] /)) key = substr($0, RSTART)
				if (!seen[key]++) print p[i] "\t" $0
				break
			}
	}' "$log")
if [ -n "$hits" ]; then
	nhits=$(wc -l <<<"$hits")
	msg "kernel log matched $nhits failure pattern line(s):"
	head -n 20 <<<"$hits" | while IFS=$'\t' read -r pat line; do
		msg "  matched '$pat': $line"
	done
	# Show the report around the first hit (usually a stack trace follows): its
	# last copy in the log, i.e. the one in the dmesg dump when there is one,
	# up to 40 lines and not past the end of the dump.
	first=$(head -n 1 <<<"$hits" | cut -f 2-)
	msg "kernel log from the first match:"
	n=$(grep -a -n -F -x -- "$first" "$log" | tail -n 1 | cut -d: -f1)
	awk -v from="$((${n:-1} > 3 ? ${n:-1} - 3 : 1))" -v to="$((${n:-1} + 40))" '
		NR < from { next }
		NR > to || /==MEMLAB-DMESG-END==/ { exit }
		{ print "  | " $0 }' "$log" >&2
	failures+=("kernel log")
	health+=("kernel log: $(head -n 1 <<<"$hits" | cut -f 1)")
fi

# Taint: only O (4096, out-of-tree module) and E (8192, unsigned module) are fine.
if [ -n "$taint" ] && [ $((taint & ~(4096 | 8192))) -ne 0 ]; then
	letters=PFSRMBUDAWCIOELKXTN
	flags=
	for ((bit = 0; bit < ${#letters}; bit++)); do
		[ $((taint >> bit & 1)) = 1 ] && flags+=${letters:bit:1}
	done
	msg "kernel tainted: $taint (flags $flags; only O and E are allowed)"
	failures+=("taint $taint")
	health+=("taint $taint ($flags)")
fi

# No raw kernel pointer in what the command printed (tests, memctl): memlab
# hands out ids, and addresses only to CAP_SYS_ADMIN, which the tests
# check without printing. A direct-map, vmalloc or kernel-text address is
# 0xffff8... to 0xffffff...; kernel messages on the console (timestamped)
# are the kernel's business, and -1..-65536 as u64 are errnos, not pointers.
ptrs=$(awk '/==MEMLAB-START==/ { on = 1; next } /==MEMLAB-DMESG-BEGIN==/ { on = 0 }
	on && !/\[ *[0-9]+\.[0-9]+\] /' "$log" |
	grep -E -o '\<(0x)?ffff[89a-f][0-9a-f]{11}\>' |
	grep -v -E 'ffffffffffff[0-9a-f]{4}$' | head -n 3 || true)
if [ -n "$ptrs" ] && [ "$allow_ptrs" = 0 ]; then
	msg "raw kernel pointer(s) in the command's output: $(echo $ptrs)"
	failures+=("kernel pointer in output")
	health+=("kernel pointer in output")
fi

if [ ${#health[@]} -eq 0 ]; then
	echo "==MEMLAB-HEALTH== ok" >>"$log"
else
	echo "==MEMLAB-HEALTH== fail $(IFS=';'; echo "${health[*]}")" >>"$log"
fi

status=0
if [ ${#failures[@]} -eq 0 ]; then
	msg "guest clean: command exited 0, kernel log clean, taint ${taint:-0} (${elapsed}s)"
else
	status=1
	if [ "$own_log" = 1 ]; then
		kept=$build_root/failed-$(date +%Y%m%d-%H%M%S)-$$.log
		cp "$log" "$kept"
		log=$kept
	fi
	msg "FAILED ($(IFS=','; echo "${failures[*]}")) after ${elapsed}s; full console log: $log"
fi

if [ "$summary" = 1 ]; then
	"$here/summary.sh" "$log" || status=1
fi
exit $status
