/*
 * Compile-time configuration of the HeapLedger device SDK.
 *
 * Every value has a default that suits a small microcontroller and can be overridden on the
 * compiler command line (-DHL_CONFIG_MAX_SITES=128) or in a header named by HL_CONFIG_USER_FILE
 * (-DHL_CONFIG_USER_FILE='"my_heapledger_config.h"'), which is included first. The library and
 * every file that includes heapledger.h must see the same values: the block header layout and the
 * table sizes depend on them.
 *
 * The SDK never allocates for itself; its RAM is exactly these fixed tables:
 *   sites      HL_CONFIG_MAX_SITES     x 20 bytes (32-bit target) / 32 bytes (64-bit host)
 *   tracked    HL_CONFIG_MAX_TRACKED   x 12 / 16 bytes
 *   contracts  HL_CONFIG_MAX_CONTRACTS x 24 / 32 bytes
 *   freed      HL_CONFIG_FREED_SLOTS   x  8 / 16 bytes
 *   names      HL_CONFIG_NAME_CACHE    x  4 /  8 bytes
 * and, per live allocation made through the wrapped or explicit API, a header of 8 bytes
 * (32-bit) or 16 bytes (64-bit) plus HL_CONFIG_TAIL_CANARY bytes after the block.
 * hl_get_footprint() reports the figures of the build at hand.
 */
#ifndef HEAPLEDGER_HL_CONFIG_H
#define HEAPLEDGER_HL_CONFIG_H

#ifdef HL_CONFIG_USER_FILE
#include HL_CONFIG_USER_FILE
#endif

/* Rows of the per-site ledger, row 0 included: row 0 is the overflow row that sites share once
 * the table is full, so 63 sites get a row of their own by default. A power of two (the row is
 * found by hashing the site), at most 32768 (the block header keeps the row in 16 bits). */
#ifndef HL_CONFIG_MAX_SITES
#define HL_CONFIG_MAX_SITES 64
#endif

/* How many rows a new site may probe before it is sent to the overflow row. Bounds the cost of
 * every allocation; once the table is nearly full, a new site can land in the overflow row while a
 * row or two are still free. */
#ifndef HL_CONFIG_SITE_PROBES
#define HL_CONFIG_SITE_PROBES 8
#endif

/* Allocations fed through hl_record_alloc() (pools, RTOS allocators) live in a table instead of
 * carrying a header; this many can be live at once. A power of two. */
#ifndef HL_CONFIG_MAX_TRACKED
#define HL_CONFIG_MAX_TRACKED 64
#endif

/* Ownership contracts (hl_expect_release) pending at once. */
#ifndef HL_CONFIG_MAX_CONTRACTS
#define HL_CONFIG_MAX_CONTRACTS 16
#endif

/* Recently freed pointers remembered, so that a double free is named as such without reading the
 * freed block (the real allocator may have reused its first bytes, and under AddressSanitizer the
 * read itself is an error). A power of two. */
#ifndef HL_CONFIG_FREED_SLOTS
#define HL_CONFIG_FREED_SLOTS 16
#endif

/* Source locations (explicit API) recently named by an N record; a location that falls out of
 * this cache is named again the next time it appears. A power of two. */
#ifndef HL_CONFIG_NAME_CACHE
#define HL_CONFIG_NAME_CACHE 8
#endif

/* Bytes of canary after each block (0 or 1): catches a write one past the end. */
#ifndef HL_CONFIG_TAIL_CANARY
#define HL_CONFIG_TAIL_CANARY 1
#endif

/* Alignment the underlying allocator guarantees and that callers of malloc expect back: the header
 * is rounded up to it. glibc and newlib both align to two machine words. */
#ifndef HL_CONFIG_ALIGNMENT
#define HL_CONFIG_ALIGNMENT (2u * sizeof(void *))
#endif

/* Defaults of hl_config_t (the hosted port lets HEAPLEDGER_MODE and HEAPLEDGER_SAMPLE_MS
 * override them at start-up). */
#ifndef HL_CONFIG_DEFAULT_MODE
#define HL_CONFIG_DEFAULT_MODE HL_MODE_TRACE
#endif
#ifndef HL_CONFIG_DEFAULT_SAMPLE_MS
#define HL_CONFIG_DEFAULT_SAMPLE_MS 1000u
#endif
#ifndef HL_CONFIG_HALT_ON_ERROR
#define HL_CONFIG_HALT_ON_ERROR 0
#endif

/* In ledger mode the clock is read on every HL_CONFIG_CLOCK_EVERY-th allocation or free, not on
 * each: on a hosted system a clock read costs as much as the rest of the bookkeeping together.
 * A sample is then up to that many calls late; hl_poll() always reads the clock. Set it to 1 on a
 * device whose clock is a tick counter. Trace mode reads the clock for every record anyway. */
/* Trace mode: how many callers above the site to record in each A and R record (0 to 6). They
 * let the host name the firmware's line when the site is inside a third-party driver that
 * allocates on its caller's behalf. Found by walking frame pointers, so only on x86-64 and
 * AArch64 and only when the SDK and the program are built with -fno-omit-frame-pointer;
 * elsewhere it is ignored. */
#ifndef HL_CONFIG_CALLER_DEPTH
#define HL_CONFIG_CALLER_DEPTH 0
#endif
_Static_assert(HL_CONFIG_CALLER_DEPTH >= 0 && HL_CONFIG_CALLER_DEPTH <= 6, "HL_CONFIG_CALLER_DEPTH must be 0..6 (a record line is at most 200 bytes)");

#ifndef HL_CONFIG_CLOCK_EVERY
#define HL_CONFIG_CLOCK_EVERY 16u
#endif

/* Thread-local storage keyword for the flag that tells the SDK's own allocations (made from
 * inside a hook while the SDK holds its lock) from the program's. Without threads, or where the
 * lock hook stops other tasks from running (a critical section, vTaskSuspendAll), a plain global
 * is right; with a lock that lets other tasks run, set it to the toolchain's TLS keyword, or
 * another task may see the flag set and have an allocation go untracked (never lost or broken). */
#ifndef HL_THREAD_LOCAL
#if defined(__linux__) || defined(__APPLE__) || defined(__FreeBSD__)
#define HL_THREAD_LOCAL __thread
#else
#define HL_THREAD_LOCAL
#endif
#endif

#endif /* HEAPLEDGER_HL_CONFIG_H */
