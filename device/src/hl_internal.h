/*
 * Shared between the SDK's own source files; not part of the public API (the host tests use it).
 */
#ifndef HEAPLEDGER_HL_INTERNAL_H
#define HEAPLEDGER_HL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heapledger/heapledger.h"
#include "heapledger/hl_platform.h"
#include "hl_record.h"

/* GCC and Clang accept _Static_assert in C99 mode; it is the C11 spelling. */
#define HL_STATIC_ASSERT(condition, message) _Static_assert(condition, message)

#define HL_IS_POWER_OF_TWO(n) ((n) != 0 && ((n) & ((n) - 1)) == 0)

HL_STATIC_ASSERT(HL_IS_POWER_OF_TWO(HL_CONFIG_MAX_SITES) && HL_CONFIG_MAX_SITES >= 2 && HL_CONFIG_MAX_SITES <= 32768,
                 "HL_CONFIG_MAX_SITES: a power of two from 2 to 32768 (rows are 16-bit in the block header)");
HL_STATIC_ASSERT(HL_CONFIG_SITE_PROBES >= 1 && HL_CONFIG_SITE_PROBES <= HL_CONFIG_MAX_SITES,
                 "HL_CONFIG_SITE_PROBES: from 1 to HL_CONFIG_MAX_SITES");
HL_STATIC_ASSERT(HL_IS_POWER_OF_TWO(HL_CONFIG_MAX_TRACKED), "HL_CONFIG_MAX_TRACKED: a power of two");
HL_STATIC_ASSERT(HL_CONFIG_MAX_CONTRACTS >= 1 && HL_CONFIG_MAX_CONTRACTS <= 65535, "HL_CONFIG_MAX_CONTRACTS: 1 to 65535");
HL_STATIC_ASSERT(HL_IS_POWER_OF_TWO(HL_CONFIG_FREED_SLOTS), "HL_CONFIG_FREED_SLOTS: a power of two");
HL_STATIC_ASSERT(HL_IS_POWER_OF_TWO(HL_CONFIG_NAME_CACHE), "HL_CONFIG_NAME_CACHE: a power of two");
HL_STATIC_ASSERT(HL_CONFIG_TAIL_CANARY == 0 || HL_CONFIG_TAIL_CANARY == 1, "HL_CONFIG_TAIL_CANARY: 0 or 1");
HL_STATIC_ASSERT(HL_IS_POWER_OF_TWO(HL_CONFIG_ALIGNMENT), "HL_CONFIG_ALIGNMENT: a power of two");
HL_STATIC_ASSERT(HL_CONFIG_CLOCK_EVERY >= 1, "HL_CONFIG_CLOCK_EVERY: at least 1");

/* ---- Per-site ledger ---- */

/* live count is allocs - frees (both wrap together), so it costs no field. */
typedef struct {
    uintptr_t site; /* 0: unused, except in row 0, the overflow row */
    uint32_t allocs;
    uint32_t frees;
    size_t live_bytes;
    size_t peak_live_bytes;
} hl_site_row_t;

HL_STATIC_ASSERT(sizeof(hl_site_row_t) <= 32, "a ledger row must stay within 32 bytes");

#define HL_ROW_OVERFLOW 0u
/* The SDK's own allocations, made from inside a hook: they carry a header but are not counted. */
#define HL_ROW_UNTRACKED 0xffffu

extern hl_site_row_t hl_rows[HL_CONFIG_MAX_SITES];

static inline void hl_count_alloc(uint16_t row, size_t size)
{
    hl_site_row_t *entry = &hl_rows[row];
    entry->allocs++;
    entry->live_bytes += size;
    if (entry->live_bytes > entry->peak_live_bytes) {
        entry->peak_live_bytes = entry->live_bytes;
    }
}

/* Rows beyond the table (HL_ROW_UNTRACKED: the SDK's own blocks) count nothing. */
static inline void hl_count_free(uint16_t row, size_t size)
{
    if (row < HL_CONFIG_MAX_SITES) {
        hl_site_row_t *entry = &hl_rows[row];
        entry->frees++;
        entry->live_bytes -= size;
    }
}

static inline uintptr_t hl_row_site(uint16_t row)
{
    return row < HL_CONFIG_MAX_SITES ? hl_rows[row].site : 0;
}

/* ---- Block header, in front of every wrapped or explicit allocation ---- */

/*
 * The magic byte comes first and the size last, next to the user's data: a write before the block
 * (an underrun) reaches the size and the check byte before the magic, so it reads as a corrupt
 * header rather than as a pointer the SDK never handed out.
 */
typedef struct {
    uint8_t magic;
    uint8_t check; /* hash of size, row and the block's address */
    uint16_t row;
#if UINTPTR_MAX > 0xffffffffu
    uint32_t guard; /* fills the hole before the 64-bit size; a fixed pattern */
#endif
    size_t size;
} hl_block_header_t;

#define HL_HEADER_GUARD 0x48454c47u /* "GLEH" */

#define HL_HEADER_SIZE \
    ((sizeof(hl_block_header_t) + HL_CONFIG_ALIGNMENT - 1u) / HL_CONFIG_ALIGNMENT * HL_CONFIG_ALIGNMENT)
#define HL_TAIL_SIZE ((size_t)HL_CONFIG_TAIL_CANARY)
#define HL_BLOCK_OVERHEAD (HL_HEADER_SIZE + HL_TAIL_SIZE)

HL_STATIC_ASSERT(HL_HEADER_SIZE <= 16, "the block header must stay within 16 bytes");

#define HL_MAGIC_LIVE 0xa7u
#define HL_MAGIC_WATCHED 0xa9u /* live, and an ownership contract names it */
#define HL_MAGIC_FREED 0xf3u

/* ---- State ---- */

typedef struct {
    const char *file;
    int line;
} hl_source_t;

typedef struct {
    bool started;
    bool discard_output;
    bool halt_chosen; /* hl_set_halt_on_error() was called: it wins over the configuration */
    hl_config_t config;
    uint32_t sequence;
    uint32_t clock_countdown;
    uint64_t last_sample_ms;
    hl_counters_t counters;
    uint32_t overflow_reported[3]; /* counts last written in O records, by hl_table_t */
} hl_state_t;

extern hl_state_t hl_state;

typedef enum { HL_TABLE_SITES = 0, HL_TABLE_CONTRACTS = 1, HL_TABLE_TRACKED = 2 } hl_table_t;

/* ---- Core (hl_core.c): the four allocation entry points behind every path ---- */

/* malloc and free as the wrapped functions need them: no source location, the fast path. */
void *hl_core_malloc(size_t size, uintptr_t site);
void hl_core_free(void *ptr, uintptr_t site);

/* The general forms: `source` is NULL for a return-address site. */
void *hl_core_alloc(size_t size, uintptr_t site, const hl_source_t *source);
void *hl_core_calloc(size_t count, size_t size, uintptr_t site, const hl_source_t *source);
void *hl_core_realloc(void *ptr, size_t size, uintptr_t site, const hl_source_t *source);
void hl_core_free_at(void *ptr, uintptr_t site, const hl_source_t *source);

/* Counts one more entry that did not fit `table`; the first one is reported at once, later ones
 * with the next snapshot. Lock held. */
void hl_core_overflowed(hl_table_t table);

/* ---- Core services for the entry points in the other files ---- */

/* Takes the lock and starts the SDK if it has not started. False, with nothing taken, when called
 * from inside a hook: the caller then does nothing. */
bool hl_core_enter(void);
/* The same without starting the SDK: for settings that may come before hl_init(). */
bool hl_core_lock(void);
void hl_core_leave(void);

/* After a call has been counted: in trace mode its record (kind 'A' or 'F', or '\0' for none) and
 * the sample check, in ledger mode the sample countdown. Lock held. */
void hl_core_after_call(char kind, uintptr_t site, const void *ptr, size_t size);

/* The recent-frees table, for double frees named without reading freed memory. Lock held. */
void hl_core_remember_freed(uintptr_t ptr, uint16_t row);
bool hl_core_recently_freed(uintptr_t ptr, uint16_t *row);

/* Writes the G record (lock held); hl_core_assert() then runs the hook, without the lock. */
void hl_core_guard(hl_guard_report_t *report, hl_guard_error_t error, uintptr_t site, const void *ptr,
                   uint16_t alloc_row);
void hl_core_assert(const hl_guard_report_t *report);

/* Whether `ptr` is a live block with the SDK's header, and its row. Reads nothing it should not
 * (see the guards). Lock held. */
bool hl_core_block_row(const void *ptr, uint16_t *row);
/* Marks a live header block as named by a contract, so that its free ends the contract. */
void hl_core_mark_watched(const void *ptr);

void hl_core_maybe_sample(uint64_t now);
void hl_core_snapshot(uint64_t now);

/* RAM of the core's own state, for hl_get_footprint(). */
size_t hl_core_static_bytes(void);

/* Forgets everything, as at boot. For host tests only: blocks still live keep row numbers that
 * will mean other sites afterwards. */
void hl_core_reset(void);

/* ---- Sites (hl_sites.c); lock held ---- */

/* Golden-ratio multiplicative hash, scaled to [0, HL_CONFIG_MAX_SITES) with its high bits. */
static inline uint32_t hl_site_slot(uintptr_t site)
{
    uint32_t folded = (uint32_t)site ^ (uint32_t)((uint64_t)site >> 32);
    return (uint32_t)(((uint64_t)(folded * 0x9e3779b1u) * HL_CONFIG_MAX_SITES) >> 32);
}

uint16_t hl_sites_find_or_add(uintptr_t site, uint32_t slot, const hl_source_t *source);

/* The row that counts `site`; adds one if there is room, else the overflow row. Site 0 hashes to
 * slot 0, whose key is 0: it lands in the overflow row on the first compare. */
static inline uint16_t hl_site_row(uintptr_t site, const hl_source_t *source)
{
    uint32_t slot = hl_site_slot(site);
    if (hl_rows[slot].site == site) {
        return (uint16_t)slot;
    }
    return hl_sites_find_or_add(site, slot, source);
}

/* The row of `site` if it has one, without adding it; HL_ROW_UNTRACKED if not. */
uint16_t hl_sites_find(uintptr_t site);

/* Writes an N record for `key` unless it was named recently. */
void hl_name_source(uintptr_t key, const hl_source_t *source);

void hl_sites_reset(void);

/* ---- Tracked blocks (hl_tracked.c): hl_record_alloc's table; lock held ---- */

typedef struct {
    uintptr_t ptr; /* 0: empty */
    uint32_t size; /* sizes above 4 GiB are kept as 0xffffffff */
    uint16_t row;
    uint16_t watched; /* an ownership contract names it */
} hl_tracked_entry_t;

HL_STATIC_ASSERT(sizeof(hl_tracked_entry_t) <= 16, "a tracked entry must stay within 16 bytes");

bool hl_tracked_insert(uintptr_t ptr, size_t size, uint16_t row);
hl_tracked_entry_t *hl_tracked_find(uintptr_t ptr);
bool hl_tracked_remove(uintptr_t ptr, hl_tracked_entry_t *out);
void hl_tracked_reset(void);

/* ---- Contracts (hl_contracts.c); lock held ---- */

typedef struct {
    const void *ptr; /* NULL: free slot */
    const char *label;
    uint64_t registered_ms;
    uint32_t deadline_ms;
    uint16_t row;
} hl_contract_t;

/* False when the table is full. */
bool hl_contracts_add(const void *ptr, uint16_t row, uint32_t deadline_ms, const char *label, uint64_t now);
void hl_contracts_release(const void *ptr);
/* Writes a C record for each contract past its deadline, and forgets it. */
void hl_contracts_check(uint64_t now);
void hl_contracts_reset(void);

/* ---- Records (hl_emit.c); lock held ---- */

void hl_emit_header(uint64_t now);
void hl_emit_alloc(uint64_t now, uintptr_t site, const void *ptr, size_t size);
void hl_emit_free(uint64_t now, uintptr_t site, const void *ptr);
void hl_emit_realloc(uint64_t now, uintptr_t site, const void *old_ptr, const void *new_ptr, size_t size);
void hl_emit_sample(uint64_t now, const hl_heap_stats_t *stats);
void hl_emit_row(uint64_t now, const hl_site_row_t *row);
void hl_emit_name(uintptr_t key, int line, const char *file);
void hl_emit_guard(uint64_t now, hl_guard_error_t error, uintptr_t site, const void *ptr, uintptr_t alloc_site);
void hl_emit_contract(uint64_t now, const void *ptr, uintptr_t site, uint64_t age, const char *label);
void hl_emit_overflow(uint64_t now, hl_table_t table, uint32_t count);

/* The name a G record gives an error. */
const char *hl_guard_error_name(hl_guard_error_t error);

#endif /* HEAPLEDGER_HL_INTERNAL_H */
