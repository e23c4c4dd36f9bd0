#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tour.sh - the memctl walk that `make demo` shows in the QEMU guest.
#
# Follows the lab notes (shared/seed): the memory map, the buddy allocator,
# memlab's symbols, kmalloc, a kmem_cache of one's own, pages, vmalloc and
# DMA, then frees everything and replays the walk as a regression script.
# Each step explains what happens, shows every command as "$ memctl ..."
# with its real output, and the kernel's own view (/proc, /sys) before and
# after.
#
# Runs as root in the guest, after demo.sh loaded memlab.ko, from the
# payload directory: memctl, lab-notes.memctl and this file side by side.
# POSIX sh: the guest has busybox only.
#
# Exit status: 0 when every step worked, 1 otherwise. The last line is
# "demo: N steps, N failed".

cd "$(dirname "$0")" || exit 1
PATH=$PWD:$PATH
export PATH

T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT

# The headings say "Step N of M": M is the number of step lines below.
nr_steps=$(grep -c '^step "' "$0")
step_nr=0
step_bad=0
blank=0
failed=0
failed_at=

RULE='============================================================================'

# --------------------------------------------------------------- helpers ----

# step TITLE: close the previous step, open this one.
step_end() {
	if [ "$step_nr" -gt 0 ] && [ "$step_bad" -ne 0 ]; then
		failed=$((failed + 1))
		failed_at="$failed_at $step_nr"
		[ "$blank" = 1 ] || echo
		echo "  step $step_nr FAILED"
		blank=0
	fi
	step_bad=0
}

step() {
	step_end
	step_nr=$((step_nr + 1))
	[ "$blank" = 1 ] || echo
	printf '%s\n Step %d of %d: %s\n%s\n' "$RULE" "$step_nr" \
		"$nr_steps" "$1" "$RULE"
	gap
}

# gap: an empty line between parts of a step.
gap() {
	echo
	blank=1
}

# say LINE...: the explanation, one argument a line.
say() {
	for l in "$@"; do
		printf '  %s\n' "$l"
	done
	gap
}

# bad MESSAGE: something went wrong in this step.
bad() {
	echo "  !! $*"
	step_bad=1
	blank=0
}

# show [-x STATUS] [-n] CMD [FILTER]: print "$ CMD [| FILTER]", run CMD,
# print its output (stdout and stderr) through FILTER. CMD must exit
# STATUS (default 0), else the step fails; -n says "(no output)" when
# nothing is shown. CMD's own output stays in $T/out, its status in $rc
# and the filter's in $frc, for the lines that follow.
show() {
	want=0
	quiet_empty=1
	while :; do
		case "$1" in
		-x) want=$2; shift 2 ;;
		-n) quiet_empty=0; shift ;;
		*) break ;;
		esac
	done
	if [ -n "${2:-}" ]; then
		echo "\$ $1 | $2"
	else
		echo "\$ $1"
	fi
	eval "$1" >"$T/out" 2>&1
	rc=$?
	if [ -n "${2:-}" ]; then
		eval "$2" <"$T/out" >"$T/shown"
		frc=$?
	else
		cp "$T/out" "$T/shown"
		frc=0
	fi
	cat "$T/shown"
	if [ "$quiet_empty" = 0 ] && [ ! -s "$T/shown" ]; then
		echo "(no output)"
	fi
	blank=0
	if [ "$rc" -ne "$want" ]; then
		bad "\`$1\` exited $rc, expected $want"
	fi
	return 0
}

# free_pages FILE: free pages of all zones in `memctl buddyinfo` output.
free_pages() {
	sed -n 's/.*(\([0-9][0-9]*\) pages)$/\1/p' "$1" |
		{ t=0; while read -r n; do t=$((t + n)); done; echo $t; }
}

# ids: the ids the last command printed, one per line, as "1 2".
ids() {
	grep -E '^[0-9]+$' "$T/out" | tr '\n' ' ' | sed 's/ $//'
}

# field FILE LABEL: the value after "LABEL:" in `memctl info` output.
field() {
	sed -n "s/^$2:[[:space:]]*//p" "$1" | head -n 1
}

# slab_objects: "Objects: N" from `memctl slabinfo NAME` output in $T/out.
slab_objects() {
	sed -n 's/.*Objects:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$T/out" |
		head -n 1
}

# The kmalloc cache of 1024 bytes: kmalloc-1k since Linux 4.20 (sizes from
# 1024 up are named in k), kmalloc-1024 before; memlab's charge_memcg=Y
# adds __GFP_ACCOUNT, which sends the object to the kmalloc-cg-* twin.
charge_memcg=$(cat /sys/module/memlab/parameters/charge_memcg 2>/dev/null)
km_prefix=kmalloc-
[ "$charge_memcg" = Y ] && km_prefix=kmalloc-cg-
km=${km_prefix}1k
[ -e "/sys/kernel/slab/$km" ] || km=${km_prefix}1024

echo "memlab demo: the kernel's memory allocators, driven with memctl"
echo
echo "Each step runs memctl (the lines starting with \$, then their real"
echo "output) and shows the kernel's own view of the allocator, from /proc"
echo "and /sys, before and after. \`memctl help VERB\` explains any verb."

# ----------------------------------------------------------------- steps ----

step "Memory layout: the e820 map"
say "At boot the firmware (BIOS e820 or UEFI) tells the kernel which physical" \
    "address ranges hold RAM. dmesg prints this map as \"BIOS-e820: [mem ...]" \
    "usable\"; /sys/firmware/memmap keeps it, and memctl e820 reads it there."
show "dmesg" "grep BIOS-e820"
gap
show "memctl e820"
gap
show "memctl meminfo MemTotal"
gap
say "MemTotal is smaller than the usable total: the kernel's own image, the" \
    "struct page array and early reservations come off the top before the" \
    "allocators see the rest."

step "The buddy allocator's free lists"
say "That RAM is split into zones (DMA: below 16 MiB, DMA32: below 4 GiB," \
    "Normal: the rest) and handed to the buddy allocator. It keeps free memory" \
    "in blocks of 2^order contiguous pages: order 0 is one page, order 10 is" \
    "4 MiB. Splitting a block gives two \"buddies\"; freeing both merges them."
show "cat /proc/buddyinfo"
gap
show "memctl buddyinfo"
if ! grep -q Normal /proc/buddyinfo; then
	gap
	say "This guest's RAM all lies below 4 GiB, so it has no Normal zone."
fi

step "memlab.ko in the kernel: /dev/memlab and kallsyms"
say "memlab.ko is loaded: its functions and variables now appear in" \
    "/proc/kallsyms, tagged [memlab]. The letter is the section: t code," \
    "d data, r read-only data, b zeroed data (bss); upper case would mean" \
    "exported to other modules. memctl talks to the module through /dev/memlab."
show "ls -l /dev/memlab"
gap
show "memctl symbols memlab" "head"
gap
show "grep -c '\\[memlab\\]' /proc/kallsyms"

step "kmalloc(1024, GFP_ATOMIC)"
size=${km##*-}
if [ "$charge_memcg" = Y ]; then
	how="adds __GFP_ACCOUNT, so 1024 bytes land in"
	how2="$km: like kmalloc-$size, but its objects are charged to a memcg."
else
	how="adds nothing, so 1024 bytes land in $km"
	how2="(with Y it adds __GFP_ACCOUNT: the memcg-charged kmalloc-cg-$size)."
fi
say "kmalloc() serves small requests from the slab allocator's caches kmalloc-8" \
    "... kmalloc-8k. GFP_ATOMIC never sleeps (interrupt context); GFP_KERNEL may." \
    "memlab's charge_memcg=$charge_memcg $how" "$how2"
show "cat /sys/module/memlab/parameters/charge_memcg"
show "grep -e '^# name' -e '^$km ' /proc/slabinfo" "cut -d: -f1"
show "memctl kmalloc 1024 --gfp atomic"
k=$(ids)
show "grep '^$km ' /proc/slabinfo" "cut -d: -f1"
gap
say "The active count moves by 0 or by a whole slab's worth, not by 1: SLUB" \
    "counts every object of the slab a CPU allocates from as active, so one" \
    "kmalloc() leaves the number alone or, when the CPU takes a new slab, adds" \
    "all of its free objects at once. memlab knows exactly what it holds:"
show "memctl info $k"

step "kmem_cache_create(\"hugo\", 1024): a cache of your own?"
say "kmem_cache_create() makes a slab cache for objects of one size. SLUB first" \
    "looks for a cache with the same size and compatible flags and merges: the" \
    "new name becomes an alias of a cache like :0001024 (1024 = object size)." \
    "This guest runs without slub_debug, as the lab notes' machine did."
show "memctl slabinfo -a" "grep 0001024"
show "memctl create-cache hugo 1024"
if grep -q 'merged into' "$T/out"; then
	merged=1
else
	merged=0
fi
show "memctl slabinfo -a" "grep hugo"
show -x 1 -n "grep hugo /proc/slabinfo"
gap
if [ "$merged" = 1 ]; then
	say "hugo is one more name of the 1024-byte cache: its objects come from" \
	    "the same slabs as the others'. /proc/slabinfo lists a merged cache" \
	    "once, under its first name, so grep finds no hugo there; sysfs has" \
	    "the alias (/sys/kernel/slab/hugo -> $(readlink /sys/kernel/slab/hugo))."
	if [ -e /sys/kernel/slab/:A-0001024 ]; then
		say "(:A-0001024 is another 1024-byte cache, for SLAB_ACCOUNT caches:" \
		    "the letters before '-' stand for flags that keep caches apart.)"
	fi
else
	say "No merge happened: with slub_debug on the kernel command line (or a" \
	    "debug flag on the cache) SLUB keeps every cache apart, and hugo gets" \
	    "its own directory in /sys/kernel/slab."
fi

step "kmem_cache_alloc(hugo) twice"
say "Objects come from the cache with kmem_cache_alloc(). To count them exactly," \
    "slabinfo --shrink first calls kmem_cache_shrink(), which flushes the" \
    "per-CPU slabs: then Objects counts only the objects in use. The lab" \
    "notes' \"Objects 2377 is increased after insmod\" is this counter."
show "memctl slabinfo --shrink hugo"
before=$(slab_objects)
show "memctl alloc hugo -n 2"
objs=$(ids)
show "memctl slabinfo --shrink hugo" "grep Slabcache"
after=$(slab_objects)
show "memctl caches"
gap
if [ -n "$before" ] && [ -n "$after" ]; then
	delta=$((after - before))
	if [ "$delta" -eq 2 ]; then
		say "Objects went $before -> $after: +2, exactly our two objects."
	else
		say "Objects went $before -> $after ($delta for our 2): the cache is" \
		    "shared, and other users allocated or freed in between."
	fi
else
	bad "no Objects count in \`memctl slabinfo --shrink hugo\`"
fi
# shellcheck disable=SC2086 # split the ids
set -- $objs
[ $# -eq 2 ] || bad "\`memctl alloc hugo -n 2\` printed $# ids, expected 2"

step "One page from the buddy allocator: order 0"
say "Below the slabs sits the buddy allocator, which hands out whole pages." \
    "The lab notes take one page with __get_free_pages(GFP_KERNEL, 0) and write" \
    "0x12345678 at ints 0, 1, 100 and 1000, i.e. byte offsets 0, 4, 400 and" \
    "4000. --gfp kernel,zero adds __GFP_ZERO: the rest of the page reads 0."
show "memctl alloc-pages 0 --gfp kernel,zero"
pg=$(ids)
show "memctl write $pg 0 0x12345678"
show "memctl write $pg 4 0x12345678"
show "memctl write $pg 400 0x12345678"
show "memctl write $pg 4000 0x12345678"
show "memctl read $pg"
gap
say "x86 is little-endian: 0x12345678 is stored as 78 56 34 12. Byte 4000" \
    "is still inside the page; int 1024 would be the next page, which this" \
    "order-0 block does not own. '*' stands for lines like the one above."
# Offsets 0 and 4 share the first line; 400 and 4000 start lines of their own.
for l in '00000000  78 56 34 12 78 56 34 12' '00000190  78 56 34 12' \
	 '00000fa0  78 56 34 12'; do
	grep -q "^$l" "$T/out" || bad "no line \"$l\" in the hexdump"
done

step "A block of 256 pages: order 8, and the buddy lists"
say "An order-8 block is 256 contiguous pages (1 MiB). The allocator takes the" \
    "smallest free block of order 8 or more and splits it, putting the unused" \
    "halves back one order lower. On 6.1 blocks of order 0-3 and 9 (a huge page)" \
    "are cached on per-CPU lists that buddyinfo does not count: order 8 is not."
show "memctl buddyinfo --no-chart > /tmp/buddy.before"
show "memctl alloc-pages 8"
big=$(ids)
show "memctl buddyinfo --no-chart" "diff -U 0 /tmp/buddy.before -"
p0=$(free_pages /tmp/buddy.before)
p1=$(free_pages "$T/out")
gap
say "Free pages in the buddy lists: $p0 -> $p1 ($((p1 - p0))). Our block is" \
    "256 of them; the rest is the kernel's other work meanwhile, such as a" \
    "per-CPU list refilled or drained in one batch. Where a bigger block was" \
    "split, its unused halves show up as +1 at the orders below it."
# Noise: a per-CPU list moves pages in batches (63 on this guest's zones).
[ $((p1 - p0)) -le -128 ] ||
	bad "the free pages fell by $((p0 - p1)), not by about 256"
show "memctl info $big" "grep -e kind -e size -e order -e phys"
phys=$(field "$T/out" "phys addr")
gap
if [ -n "$phys" ]; then
	if [ $((phys % (256 * 4096))) -eq 0 ]; then
		say "phys $phys is a multiple of 1 MiB: a buddy block is always" \
		    "aligned to its own size, so a block's buddy is found by flipping" \
		    "one bit of its page frame number."
	else
		bad "the order-8 block at $phys is not aligned to 1 MiB"
	fi
else
	bad "no physical address in \`memctl info $big\` (not root?)"
fi

step "vmalloc(): 4 MiB, virtually contiguous"
say "vmalloc() takes single pages from the buddy allocator and maps them one by" \
    "one into the vmalloc area: contiguous for the kernel's virtual addresses" \
    "only. Good for big buffers, not for DMA. Each area is listed in" \
    "/proc/vmallocinfo with the function that asked for it."
show "memctl vmallocinfo --caller memlab"
show "memctl vmalloc 4M"
show "memctl vmallocinfo --caller memlab"
show "grep memlab /proc/vmallocinfo"
gap
say "The big area is 4 MiB plus one guard page that stays unmapped (4198400" \
    "bytes), so running off the end faults; pages=1024 are the pages behind it." \
    "The small one is vmalloc's own bookkeeping: the array of 1024 page" \
    "pointers (8 KiB) is more than a page, so it is vmalloc'ed too."
grep -q ' 4198400 .*pages=1024' "$T/out" ||
	bad "no 4 MiB area (4198400 bytes, pages=1024) of memlab"

step "dma_alloc_coherent(): 1 MiB for a device"
say "A device that reads or writes memory by itself (DMA) needs a buffer it can" \
    "address: contiguous, pinned, and described by a DMA address, the one the" \
    "device puts on the bus. dma_alloc_coherent() returns a kernel pointer and" \
    "that address, for memory CPU and device see alike without cache upkeep."
show "memctl dma-alloc 1M"
d=$(ids)
show "memctl info $d"
dphys=$(field "$T/out" "phys addr")
ddma=$(field "$T/out" "dma addr")
show "memctl write $d 0 0xdeadbeef"
show "memctl read $d 0 16"
gap
if [ -z "$ddma" ]; then
	bad "no DMA address in \`memctl info $d\` (not root?)"
elif [ "$ddma" = "$dphys" ]; then
	say "The dma addr equals the physical address: this machine has no IOMMU" \
	    "in the way, so the device sees physical memory directly."
else
	say "The dma addr differs from the physical address: an IOMMU (or a" \
	    "bounce buffer) translates what the device sees."
fi

step "Streaming DMA: dma_map_single() and the sync calls"
say "Streaming DMA maps an ordinary kmalloc() buffer for a transfer. While" \
    "mapped the buffer belongs to the device: the CPU may touch it only after" \
    "dma_sync_single_for_cpu() and hands it back with ..._for_device(). On" \
    "x86 the syncs are cheap; elsewhere they flush caches or copy bounce buffers."
show "memctl dma-map 4K --dir bidirectional"
s=$(ids)
show "memctl sync $s cpu"
show "memctl write $s 0 --string 'hello, device'"
show "memctl sync $s device"
echo "  (the device would read and write the buffer here)"
show "memctl sync $s cpu"
show "memctl read $s 0 16"
grep -q '|hello, device' "$T/out" || bad "\"hello, device\" not read back"

step "memlab's own books: memctl ls"
say "memlab keeps its own books: every allocation is an object with an id." \
    "These are persistent: they outlived each memctl that made them. FLAG P" \
    "persistent, M mappable (mmap), S merged by SLUB."
show "memctl ls"
gap
show "memctl caches"
nobj=$(grep -c '^ *[0-9]' "$T/out")
[ "$nobj" -ge 1 ] || bad "\`memctl caches\` lists no cache"

step "Watching it happen: memctl monitor and memctl stat"
say "memlab also speaks generic netlink: any user may read its counters and" \
    "follow its events, no /dev/memlab or /proc/slabinfo access needed." \
    "Here \`memctl monitor\` runs in the background, like a second shell," \
    "while this one creates a cache, allocates and frees; each event is one" \
    "line, as \`ip monitor\` prints them."
memctl monitor --count 6 > "$T/monitor" 2>&1 &
mon=$!
# wait until it joined the events group: its socket in /proc/net/netlink
# (protocol 16, generic netlink; libnl ports are pid + n << 22) shows a
# group bit
i=0
while [ $i -lt 100 ]; do
	awk -v pid="$mon" '$2 == 16 && $3 % 4194304 == pid && $4 != "00000000" { f = 1 }
		END { exit !f }' /proc/net/netlink && break
	sleep 0.1
	i=$((i + 1))
done
show "memctl create-cache watch 512"
show "memctl alloc watch"
w=$(ids)
show "memctl kmalloc 100"
k=$(ids)
show "memctl free $w $k"
show "memctl destroy-cache watch"
i=0
while kill -0 "$mon" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill "$mon" 2>/dev/null
wait "$mon"
gap
echo "  what \`memctl monitor\` printed meanwhile:"
sed 's/^/  | /' "$T/monitor"
blank=0
for e in cache-new obj-new obj-del cache-del; do
	grep -q "^$e " "$T/monitor" || bad "the monitor saw no $e event"
done
[ "$(wc -l < "$T/monitor")" -eq 6 ] || bad "the monitor printed $(wc -l < "$T/monitor") lines, not 6"
gap
show "memctl stat"

step "Freeing everything"
say "Everything goes back: kfree(), kmem_cache_free(), free_pages(), vfree()," \
    "dma_free_coherent(), dma_unmap_single(). A cache with objects is refused," \
    "so hugo is destroyed last; memlab also removes the alias SLUB leaves."
show "memctl buddyinfo --no-chart > /tmp/buddy.before"
show "memctl free --all"
show "memctl destroy-cache hugo"
gap
show -n "memctl ls"
[ -s "$T/out" ] && bad "memlab still holds objects"
show -n "memctl caches"
[ -s "$T/out" ] && bad "memlab still holds caches"
show "memctl vmallocinfo --caller memlab"
show -n "memctl slabinfo -a" "grep hugo"
[ "$frc" -eq 0 ] && bad "hugo is still an alias"
show "memctl buddyinfo --no-chart" "diff -U 0 /tmp/buddy.before -"
p0=$(free_pages /tmp/buddy.before)
p1=$(free_pages "$T/out")
gap
say "memlab holds nothing now: no object, no cache, no vmalloc area, and hugo" \
    "is no alias any more. The buddy lists show $((p1 - p0)) more free pages:" \
    "the two 1 MiB blocks go straight back, merging with free buddies; single" \
    "pages go to the per-CPU lists first, which buddyinfo does not count."
[ $((p1 - p0)) -gt 0 ] ||
	bad "the buddy lists have $((p0 - p1)) fewer free pages after the frees"

step "The same walk as a regression test: memctl run"
say "memctl run replays a script of memctl verbs in one session and checks" \
    "the kernel's views with expect lines; \`make check\` runs it with --tap." \
    "The \"memctl: ... busy\" and \"No such file\" lines are failures it expects."
show "memctl run lab-notes.memctl"

step_end

gap
echo "The same walk in C, ioctl by ioctl: tests/demo/memlab-demo.c"
echo "(make demo DEMO_C=1 runs it after this tour)."
gap
if [ "$failed" -ne 0 ]; then
	echo "failed steps:$failed_at"
fi
echo "demo: $step_nr steps, $failed failed"
[ "$failed" -eq 0 ] && exit 0
exit 1
