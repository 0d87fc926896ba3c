/*
 * HeapLedger device SDK: a per-site allocation ledger, heap guards and ownership contracts for
 * firmware that runs for weeks, writing text records (docs/formats/device-records.md) that the
 * `heapledger` tool reads.
 *
 * Three ways to feed it, which can be mixed in one program:
 *
 *  1. No source change: link with
 *       -Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc
 *     and the heapledger library. Every malloc/calloc/realloc/free in the objects being linked goes
 *     through the SDK, which names the caller by its return address.
 *  2. The explicit API below (hl_malloc, hl_free, ...), for code that cannot be wrapped: the site
 *     is the source location, named once in the stream by an N record.
 *  3. hl_record_alloc()/hl_record_free() from a custom pool or an RTOS allocator's trace hooks:
 *     no header is added; the SDK keeps those blocks in a fixed table.
 *
 * The SDK starts itself on first use; hl_init() starts it with an explicit configuration.
 * Platform hooks (lock, clock, output, heap figures, ...) are in hl_platform.h.
 */
#ifndef HEAPLEDGER_HEAPLEDGER_H
#define HEAPLEDGER_HEAPLEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    HL_MODE_TRACE = 0,  /* every allocation, free and realloc as a record, plus samples */
    HL_MODE_LEDGER = 1, /* only samples and snapshots (and guard, contract, overflow records) */
} hl_mode_t;

#include "heapledger/hl_config.h"

typedef enum {
    HL_OK = 0,
    HL_ERR_ALREADY_STARTED, /* hl_init() after the SDK started (explicitly or on first use) */
    HL_ERR_INVALID_ARGUMENT,
} hl_status_t;

typedef struct {
    hl_mode_t mode;
    uint32_t sample_ms;  /* S sample and L snapshot period; 0: only on demand and at exit */
    bool halt_on_error;  /* passed to hl_platform_assert(): halt after a guard error */
} hl_config_t;

/* The compile-time defaults (HL_CONFIG_DEFAULT_*), before any platform or environment choice. */
void hl_config_defaults(hl_config_t *out);

/*
 * Starts the SDK with `config`, or, with NULL, with the defaults as the platform adjusts them
 * (hl_platform_configure: the hosted port reads HEAPLEDGER_MODE and HEAPLEDGER_SAMPLE_MS). Writes
 * the H record. Call it before the first allocation to choose the configuration; once the SDK has
 * started (every entry point below starts it), it returns HL_ERR_ALREADY_STARTED.
 */
hl_status_t hl_init(const hl_config_t *config);

/* ---- Explicit API: records __FILE__/__LINE__ as the site ---- */

void *hl_malloc_at(size_t size, const char *file, int line);
void *hl_calloc_at(size_t count, size_t size, const char *file, int line);
void *hl_realloc_at(void *ptr, size_t size, const char *file, int line);
void hl_free_at(void *ptr, const char *file, int line);

#define hl_malloc(size) hl_malloc_at((size), __FILE__, __LINE__)
#define hl_calloc(count, size) hl_calloc_at((count), (size), __FILE__, __LINE__)
#define hl_realloc(ptr, size) hl_realloc_at((ptr), (size), __FILE__, __LINE__)
#define hl_free(ptr) hl_free_at((ptr), __FILE__, __LINE__)

/*
 * The key that stands for a source location in records. Not an address: on a 64-bit host its top
 * four bits are 0xf (not a canonical user-space address), on a 32-bit target it lies in
 * 0xf0000000-0xffffffff (Cortex-M's system region, never code). Two locations can share a key only
 * by a hash collision (about 1 in 2^28 per pair on 32-bit targets).
 */
uintptr_t hl_source_site(const char *file, int line);

/* ---- Custom allocators: blocks without a header, kept in a fixed table ---- */

/* The caller's return address, for `site` below (GCC and Clang). */
#define HL_CALLER_SITE() ((uintptr_t)__builtin_return_address(0))

/*
 * Records that `ptr` (size bytes) was handed out at `site`. Call it from the pool's allocate
 * function or an RTOS trace hook (FreeRTOS traceMALLOC, Zephyr heap listener). If the tracked
 * table is full the block is counted in the `O tracked` record and otherwise ignored.
 */
void hl_record_alloc(const void *ptr, size_t size, uintptr_t site);

/* Records that `ptr` was returned at `site`. A pointer the table does not hold is a G record
 * (invalid-free, or double-free when it was freed recently), unless the table has overflowed,
 * when it may be one that did not fit and is let pass. */
void hl_record_free(const void *ptr, uintptr_t site);

/* ---- Ownership contracts ---- */

/*
 * Declares that the caller owns `ptr` (from any of the three paths above) and must release it
 * within `deadline_ms`. Freeing or reallocating ptr ends the contract; hl_poll() writes one C
 * record, with `label`, for a contract still open after its deadline, and forgets it.
 * `label` must stay valid until then (a string literal). Calling it again for the same pointer
 * restarts the contract. Returns false, and writes nothing, for a pointer the SDK did not hand out
 * or is not tracking; returns false and counts the `O contracts` record when the table is full.
 */
bool hl_expect_release(const void *ptr, uint32_t deadline_ms, const char *label);

/* Checks contract deadlines and whether a sample is due. Call it from the main loop or a
 * low-priority task; it reads the clock every time. */
void hl_poll(void);

/* Writes an S sample and an L snapshot now, whatever the mode. Also called at exit on hosts. */
void hl_emit_snapshot(void);

/* ---- Run-time settings ---- */

/* Whether hl_platform_assert() is told to halt after a guard error. Before or after the start;
 * it wins over hl_config_t.halt_on_error. */
void hl_set_halt_on_error(bool halt);

/* Records are still formatted and numbered, but not written: for benchmarks and tests that want
 * the SDK's full cost without an output device. */
void hl_set_null_output(bool discard);

/* ---- Reading the ledger from the firmware (a heartbeat, a test) ---- */

typedef struct {
    uintptr_t site;      /* return address or source key; 0 for the overflow row */
    uint32_t allocs;
    uint32_t frees;
    uint32_t live_count;
    size_t live_bytes;
    size_t peak_live_bytes;
} hl_site_stats_t;

/* The row that counts `site` (the overflow row if the site has none). False if nothing has been
 * allocated there yet. */
bool hl_site_stats(uintptr_t site, hl_site_stats_t *out);

/* Copies up to `capacity` rows in use, overflow row first when it has been used. Returns the
 * number of rows in use, which may exceed capacity. */
size_t hl_site_rows(hl_site_stats_t *out, size_t capacity);

typedef struct {
    uint32_t records;              /* records written (the next sequence number) */
    uint32_t sites_overflowed;     /* allocations that found no row and went to the overflow row */
    uint32_t tracked_overflowed;   /* hl_record_alloc() calls that did not fit the table */
    uint32_t contracts_overflowed; /* hl_expect_release() calls that did not fit the table */
    uint32_t guard_errors;         /* G records */
    uint32_t contract_violations;  /* C records */
} hl_counters_t;

void hl_get_counters(hl_counters_t *out);

typedef struct {
    size_t site_row_bytes;     /* RAM per ledger row */
    size_t block_header_bytes; /* added in front of each wrapped or explicit allocation */
    size_t block_tail_bytes;   /* added after it */
    size_t tracked_entry_bytes;
    size_t contract_entry_bytes;
    size_t total_static_bytes; /* all of the SDK's tables together */
} hl_footprint_t;

void hl_get_footprint(hl_footprint_t *out);

#ifdef __cplusplus
}
#endif

#endif /* HEAPLEDGER_HEAPLEDGER_H */
