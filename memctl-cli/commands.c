// SPDX-License-Identifier: GPL-2.0
/*
 * memctl's static command table: every verb, its handler, a one-line
 * summary, its synopsis and its long help. `memctl help`, the usage lines
 * of usage errors and the bash completion's verb list come from here.
 */
#include <string.h>

#include "cli.h"

#define G_CACHE		"Caches"
#define G_ALLOC		"Allocations (persistent objects; ids printed one per line)"
#define G_OBJECT	"Objects"
#define G_VIEW		"Kernel views (--sysroot DIR reads a snapshot)"
#define G_NETLINK	"Monitoring (generic netlink; no /dev/memlab needed)"
#define G_RUN		"Experiments"
#define G_MISC		"Other"

#define GFP_HELP \
	"  --gfp LIST       GFP flags, comma-separated: kernel (default), atomic,\n" \
	"                   nowait, dma, dma32, zero, nowarn, noretry,\n" \
	"                   retry_mayfail, highmem, account\n"

#define ALLOC_HELP \
	"  -n, --count N    make N objects (default 1)\n" \
	GFP_HELP \
	"  --no-persist     owned by memctl's open file: freed when memctl exits\n" \
	"                   (only tells whether the allocation succeeds)\n" \
	"  -j, --json       print the ids as a JSON array\n" \
	"The objects are persistent: they outlive memctl until `memctl free`.\n"

const struct cli_cmd cli_cmds[] = {
	/* ---- caches ---- */
	{
		.name = "create-cache",
		.run = cmd_create_cache,
		.group = G_CACHE,
		.summary = "create a kmem_cache and show what SLUB merged it into",
		.usage = "NAME SIZE [--align N] [--flags LIST] [--no-persist]",
		.help =
		"Calls kmem_cache_create(NAME, SIZE, align, flags) in memlab and prints the\n"
		"cache's id, the kernel cache it really uses (SLUB merges a cache into an\n"
		"existing one of the same geometry unless slub_debug or a debug flag\n"
		"prevents it) with its /sys/kernel/slab directory, and its slab size.\n"
		"\n"
		"  --align N        alignment: 0 or a power of two up to the page size\n"
		"  --flags LIST     slab flags, comma-separated: hwcache_align, poison,\n"
		"                   red_zone (redzone), store_user, account,\n"
		"                   reclaim_account, typesafe_by_rcu (rcu),\n"
		"                   no_merge (nomerge), ctor\n"
		"  --no-persist     destroyed when memctl exits\n"
		"\n"
		"Example:\n"
		"  $ memctl create-cache hugo 1024\n"
		"  hugo: id 3, merged into biovec-64 (:0001024), object size 1024, slab size 1024\n"
		"  $ memctl slabinfo -a | grep hugo\n"
		"  :0001024     <- biovec-64 hugo sgpool-32\n"
		"EEXIST: a memlab cache or a kernel cache has that name already.\n",
	},
	{
		.name = "destroy-cache",
		.run = cmd_destroy_cache,
		.group = G_CACHE,
		.summary = "destroy memlab caches (by name or id)",
		.usage = "NAME|ID...",
		.help =
		"Calls kmem_cache_destroy() on each cache. A cache that still has objects\n"
		"is refused (EBUSY): free them first (`memctl ls cache-obj`).\n",
	},
	{
		.name = "caches",
		.run = cmd_caches,
		.group = G_CACHE,
		.summary = "list memlab's caches",
		.usage = "",
		.help =
		"Columns: ID, NAME, OBJSIZE (bytes asked for), ALIGN, SLABSIZE (bytes per\n"
		"object in the slab, metadata included), OBJECTS (memlab's live objects),\n"
		"UID (creator), MERGED INTO (the kernel cache used, with its\n"
		"/sys/kernel/slab directory), FLAGS (slab flags).\n",
	},
	/* ---- allocations ---- */
	{
		.name = "alloc",
		.run = cmd_alloc,
		.group = G_ALLOC,
		.summary = "allocate objects from a memlab cache (kmem_cache_alloc)",
		.usage = "CACHE [-n N] [--gfp LIST] [--no-persist]",
		.help =
		"CACHE is a memlab cache's name or id (`memctl caches`). GFP flags for\n"
		"cache objects: kernel, atomic, nowait, zero, nowarn, noretry,\n"
		"retry_mayfail, account.\n"
		"\n"
		ALLOC_HELP
		"\n"
		"Example:\n"
		"  $ memctl alloc hugo -n 2\n"
		"  4\n"
		"  5\n",
	},
	{
		.name = "kmalloc",
		.run = cmd_kmalloc,
		.group = G_ALLOC,
		.summary = "allocate with kmalloc(SIZE, gfp)",
		.usage = "SIZE [-n N] [--gfp LIST] [--no-persist]",
		.help =
		"SIZE: bytes, or 4K, 1M, 0x1000; 1..kmalloc_max.\n"
		"\n"
		ALLOC_HELP
		"\n"
		"Example:\n"
		"  $ memctl kmalloc 1024 --gfp atomic\n"
		"  6\n",
	},
	{
		.name = "alloc-pages",
		.run = cmd_alloc_pages,
		.group = G_ALLOC,
		.summary = "allocate 2^ORDER pages from the buddy allocator",
		.usage = "ORDER [-n N] [--gfp LIST] [--no-persist]",
		.help =
		"__get_free_pages(gfp, ORDER): order 0 is one page, order 3 eight pages\n"
		"(32K with 4K pages). The block leaves its free list in `memctl buddyinfo`.\n"
		"\n"
		ALLOC_HELP
		"\n"
		"Example:\n"
		"  $ memctl alloc-pages 3\n"
		"  7\n",
	},
	{
		.name = "vmalloc",
		.run = cmd_vmalloc,
		.group = G_ALLOC,
		.summary = "allocate SIZE bytes with vmalloc",
		.usage = "SIZE [-n N] [--gfp LIST] [--no-persist]",
		.help =
		"vmalloc_user(SIZE): virtually contiguous, page by page; the area shows in\n"
		"`memctl vmallocinfo --caller memlab`.\n"
		"\n"
		ALLOC_HELP
		"\n"
		"Example:\n"
		"  $ memctl vmalloc 4M\n"
		"  8\n",
	},
	{
		.name = "dma-alloc",
		.run = cmd_dma_alloc,
		.group = G_ALLOC,
		.summary = "allocate a coherent DMA buffer (dma_alloc_coherent)",
		.usage = "SIZE [-n N] [--gfp LIST] [--no-persist]",
		.help =
		"A buffer from dma_alloc_coherent() on memlab's platform device; programs\n"
		"can mmap it (libmemctl memctl_mmap()). `memctl info ID` shows its DMA\n"
		"address to root.\n"
		"\n"
		ALLOC_HELP
		"\n"
		"Example:\n"
		"  $ memctl dma-alloc 1M\n"
		"  9\n",
	},
	{
		.name = "dma-map",
		.run = cmd_dma_map,
		.group = G_ALLOC,
		.summary = "kmalloc a buffer and map it for streaming DMA",
		.usage = "SIZE [--dir to-device|from-device|bidirectional] [-n N] [--gfp LIST]\n"
			 "                     [--no-persist]",
		.help =
		"kmalloc(SIZE) + dma_map_single(dir). Hand it between CPU and device with\n"
		"`memctl sync ID cpu|device`.\n"
		"\n"
		"  --dir DIR        to-device, from-device or bidirectional (default)\n"
		ALLOC_HELP,
	},
	/* ---- objects ---- */
	{
		.name = "free",
		.run = cmd_free,
		.group = G_OBJECT,
		.summary = "free objects by id, or all of them",
		.usage = "ID... | --all [--caches]",
		.help =
		"Frees each object (kfree, kmem_cache_free, free_pages, vfree,\n"
		"dma_free_coherent, dma_unmap_single + kfree). Caches are destroyed with\n"
		"`memctl destroy-cache`.\n"
		"\n"
		"  -a, --all        every object you may free (others' are left alone)\n"
		"  -c, --caches     with --all: then destroy every cache too\n",
	},
	{
		.name = "ls",
		.run = cmd_ls,
		.group = G_OBJECT,
		.summary = "list memlab's objects",
		.usage = "[KIND...] [-a] [-N]",
		.help =
		"KIND filters: kmalloc, cache, cache-obj, pages, vmalloc, dma-coherent,\n"
		"dma-streaming. FLAG: P persistent, M mappable (mmap), S merged by SLUB.\n"
		"\n"
		"  -a, --addresses  add kernel, physical and DMA addresses (root only;\n"
		"                   zeros otherwise)\n"
		"  -N, --netlink    list through memlab's generic netlink family, without\n"
		"                   /dev/memlab: also shows your uid's objects that belong\n"
		"                   to other processes' open files (FLAG without P); with\n"
		"                   -a, addresses the kernel did not send (not root, caches)\n"
		"                   are '-' (left out of JSON)\n",
	},
	{
		.name = "info",
		.run = cmd_info,
		.group = G_OBJECT,
		.summary = "show one object",
		.usage = "ID",
		.help =
		"Kind, size, order, GFP flags, scope, creator, creation time, cache and\n"
		"merge target, mmap offset, and for root the kernel, physical and DMA\n"
		"addresses.\n",
	},
	{
		.name = "read",
		.run = cmd_read,
		.group = G_OBJECT,
		.summary = "hexdump an object's bytes",
		.usage = "ID [OFFSET [LEN]] [--raw] [-v]",
		.help =
		"Prints LEN bytes (default: to the end of the object) from OFFSET (default\n"
		"0) like `hexdump -C`, addresses relative to the object; repeated lines\n"
		"collapse to '*'.\n"
		"\n"
		"  -v, --no-squeeze print every line\n"
		"  -r, --raw        write the bytes themselves to stdout\n"
		"  -j, --json       {\"id\", \"offset\", \"length\", \"hex\"}\n"
		"\n"
		"Example:\n"
		"  $ memctl read 7 0 32\n"
		"  00000000  78 56 34 12 78 56 34 12  00 00 00 00 00 00 00 00  |xV4.xV4.........|\n"
		"  00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"  00000020\n",
	},
	{
		.name = "write",
		.run = cmd_write,
		.group = G_OBJECT,
		.summary = "write a value, bytes or a string into an object",
		.usage = "ID OFFSET VALUE | ID OFFSET --bytes HEX | ID OFFSET --string S",
		.help =
		"VALUE is a number (0x12345678 or decimal) written as a little-endian\n"
		"32-bit word, like ((int *)mem)[OFFSET / 4] = VALUE.\n"
		"\n"
		"  -w, --width N    write VALUE as N bytes: 1, 2, 4 (default) or 8\n"
		"  -b, --bytes HEX  these bytes: deadbeef, de:ad:be:ef, \"de ad be ef\"\n"
		"  -s, --string S   the bytes of S (no terminating NUL)\n"
		"\n"
		"Example (the lab notes' page):\n"
		"  $ memctl write 7 0 0x12345678; memctl write 7 4 0x12345678\n"
		"  $ memctl write 7 400 0x12345678; memctl write 7 4000 0x12345678\n",
	},
	{
		.name = "fill",
		.run = cmd_fill,
		.group = G_OBJECT,
		.summary = "fill an object with a 32-bit pattern",
		.usage = "ID PATTERN [--offset N] [--length N]",
		.help =
		"Byte o of the object becomes byte (o % 4) of PATTERN in little-endian\n"
		"order, so every aligned 32-bit word reads PATTERN.\n"
		"\n"
		"  --offset N       start here (default 0)\n"
		"  --length N       this many bytes (default: to the end)\n",
	},
	{
		.name = "verify",
		.run = cmd_verify,
		.group = G_OBJECT,
		.summary = "check that an object holds a 32-bit pattern",
		.usage = "ID PATTERN [--offset N] [--length N]",
		.help =
		"Compares the range with what `memctl fill ID PATTERN` writes. Exit status\n"
		"0 when every byte matches, 1 otherwise (the count of differing bytes and\n"
		"the first one's offset are printed).\n"
		"\n"
		"  --offset N       start here (default 0)\n"
		"  --length N       this many bytes (default: to the end)\n",
	},
	{
		.name = "sync",
		.run = cmd_sync,
		.group = G_OBJECT,
		.summary = "hand a streaming DMA buffer to the CPU or the device",
		.usage = "ID cpu|device [OFFSET LEN]",
		.help =
		"dma_sync_single_for_cpu() or dma_sync_single_for_device() on a buffer\n"
		"from `memctl dma-map`, for the whole buffer or OFFSET LEN.\n",
	},
	{
		.name = "persist",
		.run = cmd_persist,
		.group = G_OBJECT,
		.summary = "make objects persistent (outlive their open file)",
		.usage = "ID...",
		.help =
		"Objects made by memctl's one-shot verbs are persistent already; this is\n"
		"for objects of a session (a program's open file).\n",
	},
	/* ---- views ---- */
	{
		.name = "slabinfo",
		.run = cmd_slabinfo,
		.group = G_VIEW,
		.summary = "slab caches, as the kernel's tools/mm/slabinfo shows them",
		.usage = "[-a [-1]] [-z|-e] [-S|-L|-P] [-i] [-B] [-r] [-N LINES] [-s]\n"
			 "                       [NAME|PATTERN]",
		.help =
		"Reads /sys/kernel/slab and prints tools/mm/slabinfo's columns, computed\n"
		"as it does: Name Objects Objsize Space Slabs/Part/Cpu O/S O %Fr %Ef Flg.\n"
		"Space is slabs * (page size << order); Slabs/Part/Cpu are full+partial\n"
		"(without cpu slabs), partial and cpu slabs; O/S objects per slab; O the\n"
		"order; %Fr partial slabs in percent; %Ef object bytes in percent of Space;\n"
		"Flg: * aliases, d DMA, A hwcache aligned, P poison, a reclaim account,\n"
		"Z red zone, F sanity checks, U store user, T trace. A merged cache\n"
		"(\":0001024\") with a single alias is shown under that alias.\n"
		"\n"
		"  NAME             one cache (directory or alias) in detail\n"
		"  PATTERN          caches whose name or an alias matches (regex, any case)\n"
		"  -a, --aliases    which names were merged into which cache\n"
		"  -1, --1ref       with -a: also caches with a single alias\n"
		"  -z, --zero       include caches without slabs\n"
		"  -e, --empty      only caches without slabs\n"
		"  -S, --Size       sort by Space (largest first)\n"
		"  -L, --Loss       sort by and show Loss (Space minus object bytes)\n"
		"  -P, --partial    sort by partial slabs\n"
		"  -i, --inverted   reverse the order\n"
		"  -B, --Bytes      sizes in bytes\n"
		"  -r, --report     every cache in detail\n"
		"  -N, --lines N    the first N caches\n"
		"  -s, --shrink     kmem_cache_shrink() NAME (or every cache) first, so\n"
		"                   that Objects counts exactly the objects in use (SLUB\n"
		"                   counts all objects of a cpu slab as used); root\n"
		"\n"
		"Examples:\n"
		"  $ memctl slabinfo -a | grep hugo\n"
		"  :0001024     <- biovec-64 hugo sgpool-32\n"
		"  $ memctl slabinfo | grep 0001024\n"
		"  :0001024                  2377    1024            2.4M      132/10/18   16 2   6  99 *\n"
		"  $ memctl slabinfo hugo -j\n",
	},
	{
		.name = "slabtop",
		.run = cmd_slabtop,
		.group = G_VIEW,
		.summary = "slab caches, as procps slabtop shows them",
		.usage = "[-o] [-s KEY] [-d SECONDS]",
		.help =
		"Reads /proc/slabinfo and prints slabtop's summary (objects, slabs, caches,\n"
		"sizes) and columns OBJS ACTIVE USE OBJ SIZE SLABS OBJ/SLAB CACHE SIZE NAME.\n"
		"\n"
		"  -o, --once       print once and exit (also when stdout is not a\n"
		"                   terminal); else refresh until ^C\n"
		"  -s, --sort KEY   a active objects, b objects per slab, c cache size,\n"
		"                   l slabs, v active slabs, n name, o objects (default),\n"
		"                   p pages per slab, s object size, u use\n"
		"  -d, --delay SEC  refresh interval (default 3)\n",
	},
	{
		.name = "buddyinfo",
		.run = cmd_buddyinfo,
		.group = G_VIEW,
		.summary = "free blocks per zone and order, with bytes and a chart",
		.usage = "[-t] [--no-chart]",
		.help =
		"Prints /proc/buddyinfo's lines, then per zone a table of orders: block\n"
		"size, free blocks, bytes they hold, and a bar chart of the free bytes per\n"
		"order (Unicode on a terminal, '#' otherwise); zone and overall totals.\n"
		"\n"
		"  -t, --types      free blocks per migrate type (/proc/pagetypeinfo)\n"
		"  --no-chart       leave the bars out\n"
		"  --chart          draw them (the default)\n"
		"\n"
		"Example: watch an order-3 block leave its free list:\n"
		"  $ memctl buddyinfo > before; memctl alloc-pages 3; memctl buddyinfo | diff before -\n",
	},
	{
		.name = "e820",
		.run = cmd_e820,
		.group = G_VIEW,
		.summary = "the firmware's memory map and the usable total",
		.usage = "",
		.help =
		"Reads /sys/firmware/memmap: each range like the boot log's\n"
		"\"BIOS-e820: [mem 0x...-0x...] usable\", with its size and type, then the\n"
		"total of usable (System RAM) ranges.\n",
	},
	{
		.name = "vmallocinfo",
		.run = cmd_vmallocinfo,
		.group = G_VIEW,
		.summary = "vmalloc areas, filtered by caller or kind",
		.usage = "[--caller STR] [--kind KIND]",
		.help =
		"Reads /proc/vmallocinfo (root sees the addresses).\n"
		"\n"
		"  -c, --caller STR areas whose caller contains STR (e.g. memlab)\n"
		"  -k, --kind KIND  vmalloc, vmap, ioremap, user, vpages, ...\n",
	},
	{
		.name = "meminfo",
		.run = cmd_meminfo,
		.group = G_VIEW,
		.summary = "/proc/meminfo, all of it or some keys",
		.usage = "[KEY...]",
		.help =
		"KEY: a field name as the kernel spells it (MemFree, Slab, VmallocUsed).\n"
		"JSON values are bytes (fields the kernel prints in kB) or counts.\n",
	},
	{
		.name = "symbols",
		.run = cmd_symbols,
		.group = G_VIEW,
		.summary = "a module's symbols from /proc/kallsyms",
		.usage = "MODULE",
		.help =
		"Like `grep MODULE /proc/kallsyms`: address, type (t text, d data, b bss,\n"
		"r rodata; upper case when global) and name. Addresses are zero unless\n"
		"kptr_restrict lets you see them (root).\n"
		"\n"
		"Example:\n"
		"  $ memctl symbols memlab | head -3\n",
	},
	/* ---- monitoring ---- */
	{
		.name = "stat",
		.run = cmd_stat,
		.group = G_NETLINK,
		.summary = "memlab's counters, limits and per-kind statistics",
		.usage = "",
		.help =
		"Asks memlab's generic netlink family (any user may): the driver's\n"
		"interface version; live objects (caches included), bytes charged, live\n"
		"caches, objects with a user mapping; objects created and freed, allocator\n"
		"failures and requests refused by a limit since the module was loaded;\n"
		"the bytes your uid holds; the limits in force (the module parameters\n"
		"max_bytes, max_objects, max_caches, uid_max_bytes, 0 for none, and\n"
		"max_order); then a table of the same counters per kind.\n"
		"\n"
		"Byte counts are exact, with readable ones in parentheses (1K = 1024);\n"
		"the table's BYTES column is readable only. -j prints one object with\n"
		"exact numbers: the totals, \"limits\": {...}, \"kinds\": {\"kmalloc\": {...},\n"
		"...}, each kind with objects, bytes, allocs, frees, failures, limit_hits.\n"
		"\n"
		"Example:\n"
		"  $ memctl stat | grep -E '^(objects|bytes):'\n"
		"  objects:           3\n"
		"  bytes:             36864 (36K)\n"
		"  $ memctl stat -j | jq .kinds.pages.objects\n"
		"  1\n",
	},
	{
		.name = "monitor",
		.run = cmd_monitor,
		.group = G_NETLINK,
		.summary = "print memlab's events as they happen, like ip monitor",
		.usage = "[-t] [-n N]",
		.help =
		"Joins the multicast group \"events\" of memlab's generic netlink family\n"
		"(any user may) and prints one line per event as it happens, flushed at\n"
		"once, until interrupted (SIGINT, SIGTERM: exit status 0):\n"
		"\n"
		"  obj-new id ID kind KIND size SIZE uid UID [order N] [cache ID name NAME]\n"
		"          [dir DIR]\n"
		"  obj-del id ID kind KIND size SIZE uid UID [...as obj-new]\n"
		"  cache-new id ID name NAME size SIZE uid UID [merged-into CACHE]\n"
		"  cache-del id ID name NAME size SIZE uid UID [merged-into CACHE]\n"
		"  alloc-failed kind KIND size SIZE uid UID [order N] [name CACHE] errno E\n"
		"  limit-hit kind KIND size SIZE uid UID [order N] [name CACHE] limit L errno E\n"
		"  unloading objects N caches N\n"
		"\n"
		"SIZE as `memctl ls` prints it (100, 1K, 1.5M); order for pages, cache and\n"
		"name for cache objects, dir for streaming DMA; merged-into, the kernel\n"
		"cache SLUB merged it into, only when it did. L is the limit: bytes,\n"
		"objects, caches, uid-bytes or order (max_bytes, max_objects, max_caches,\n"
		"uid_max_bytes, max_order); E the errno by name: ENOMEM, ENOSPC, EDQUOT,\n"
		"E2BIG. UIDs are in the initial user namespace. obj-del comes when the\n"
		"memory is freed: for a mapped object, when its last mapping goes. unloading\n"
		"announces `rmmod memlab`; the obj-del and cache-del of what was left\n"
		"follow, then nothing more (start monitor again after loading the module).\n"
		"\n"
		"  -t, --timestamp  prefix each line with the local time it was received:\n"
		"                   2024-11-25T07:15:02.123456+0100\n"
		"  -n, --count N    exit (status 0) after N events\n"
		"  -j, --json       one JSON object per line: \"event\", exact numbers, the\n"
		"                   keys of `memctl ls -j` for objects and caches; with -t\n"
		"                   also \"time\" and \"time_ns\"; failures have \"errno\"\n"
		"                   (a number) and \"error\" (its name)\n"
		"If the socket overruns (a reader too slow), events are lost: memctl says\n"
		"\"events lost: socket overrun\" on stderr and goes on.\n"
		"\n"
		"Example:\n"
		"  $ memctl monitor &\n"
		"  $ memctl create-cache hugo 1024\n"
		"  cache-new id 3 name hugo size 1K uid 0 merged-into biovec-64\n"
		"  $ memctl alloc-pages 3\n"
		"  obj-new id 4 kind pages size 32K uid 0 order 3\n",
	},
	/* ---- experiments ---- */
	{
		.name = "run",
		.run = cmd_run,
		.group = G_RUN,
		.summary = "run a scripted experiment (regression test) in one session",
		.usage = "FILE [--tap]",
		.help =
		"Runs FILE line by line in one session of /dev/memlab: what it allocates\n"
		"is freed at the end unless made persistent (persist ID). A line is a\n"
		"memctl verb without \"memctl\", or:\n"
		"  NAME = VERB ARGS...        capture the new id(s) into $NAME ($NAME[i])\n"
		"  snapshot NAME [PART...]    record slab, buddy and vmalloc state (or the\n"
		"                             PARTs named: slab, buddy, vmalloc)\n"
		"  diff A B                   print what changed between two snapshots\n"
		"  shrink CACHE               flush per-CPU slabs so object counts are exact\n"
		"  expect slab CACHE objects OP N\n"
		"  expect buddy ZONE ORDER OP N   (ZONE * for all; ORDER pages: free pages,\n"
		"                                 pages:N: free pages in blocks of order >= N)\n"
		"  expect vmalloc CALLER OP N\n"
		"  expect delta A B slab CACHE objects|buddy ZONE ORDER|vmalloc CALLER OP N\n"
		"  expect bytes ID OFFSET OP VALUE   (a 32-bit little-endian word)\n"
		"  expect symbol MODULE NAME\n"
		"  expect value N OP VALUE\n"
		"  expect fail VERB ARGS...   the verb must fail\n"
		"OP is one of == != < <= > >=. Each expectation is a test point; a failed\n"
		"one names the file, the line and the values seen.\n"
		"\n"
		"  --tap            print TAP, so `prove` can run a directory of scripts\n"
		"\n"
		"Exit status: 0 all passed, 1 an expectation or a verb failed, 2 the\n"
		"script is malformed (it stops there).\n",
	},
	{
		.name = "bench",
		.run = cmd_bench,
		.group = G_RUN,
		.summary = "time every allocator inside the kernel; table, CSV, JSON, plots",
		.usage = "[--quick] [-t LIST] [-a LIST] [-o DIR] [--no-plot]",
		.help =
		"Runs memlab's in-kernel benchmark (MEMLAB_IOC_BENCH) over a matrix:\n"
		"kmalloc 8..32K, memlab caches of 64, 512 and 4096 bytes (made and\n"
		"destroyed for the run), pages of order 0..4, vmalloc and coherent DMA of\n"
		"4K, 64K and 1M; alloc/free pairs and alloc-all-then-free-all; each\n"
		"thread count of LIST. Kernel threads bound to CPUs time every call:\n"
		"the table shows p50 and p99 ns per alloc and per free and alloc+free\n"
		"pairs per second. A progress bar goes to stderr on a terminal.\n"
		"\n"
		"  --quick          a tenth of the iterations\n"
		"  -t, --threads LIST  thread counts, comma-separated (default 1,2)\n"
		"  -a, --alloc LIST    allocators: kmalloc,cache,pages,vmalloc,dma\n"
		"                      (default all)\n"
		"  -o, --out DIR    write DIR/bench.csv, DIR/bench.json and, when\n"
		"                   gnuplot is installed, DIR/latency.png and\n"
		"                   DIR/latency.svg (default ./memctl-bench)\n"
		"  --no-plot        no plots\n"
		"  -j, --json       print the results as JSON instead of the table\n"
		"\n"
		"Absolute times depend on the machine (and mean little in an emulated\n"
		"guest); compare shapes. A run that memlab's limits refuse shows the\n"
		"errno in its row. Interrupting memctl stops the kernel threads.\n",
	},
	/* ---- other ---- */
	{
		.name = "help",
		.run = cmd_help,
		.group = G_MISC,
		.summary = "list the verbs, or explain one",
		.usage = "[VERB]",
		.help = "Also: memctl VERB --help, man memctl.\n",
	},
};

const size_t cli_nr_cmds = ARRAY_SIZE(cli_cmds);

const struct cli_cmd *cli_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < cli_nr_cmds; i++)
		if (!strcmp(cli_cmds[i].name, name))
			return &cli_cmds[i];
	return NULL;
}

void cli_print_usage(FILE *f, const struct cli_cmd *cmd)
{
	fprintf(f, "usage: memctl %s%s%s\n", cmd->name, cmd->usage[0] ? " " : "",
		cmd->usage);
}

void cli_print_help(FILE *f, const struct cli_cmd *cmd)
{
	cli_print_usage(f, cmd);
	fprintf(f, "\n%s.\n\n%s", cmd->summary, cmd->help);
	fputs("\nCommon options: -j/--json (JSON output), -p/--pretty (indented JSON),\n"
	      "-h/--help.\n", f);
}

void cli_print_verbs(FILE *f)
{
	const char *group = NULL;
	size_t i;

	fputs("Verbs:\n", f);
	for (i = 0; i < cli_nr_cmds; i++) {
		const struct cli_cmd *c = &cli_cmds[i];

		if (!group || strcmp(group, c->group)) {
			group = c->group;
			fprintf(f, "%s%s:\n", i ? "\n" : "", group);
		}
		fprintf(f, "  %-14s %s\n", c->name, c->summary);
	}
}
