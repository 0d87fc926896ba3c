/*
 * The core: start-up, the lock and the in-SDK flag, samples, block headers and their guards, and
 * the malloc/calloc/realloc/free paths behind the wrapped and explicit APIs, with the services the
 * other entry points (hl_tracked.c, hl_contracts.c, hl_info.c) build on. Every path takes the
 * platform lock once and calls the underlying malloc and free outside it (realloc inside: see
 * hl_core_realloc).
 */
#include "hl_internal.h"

#include <errno.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define PRV_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PRV_ASAN 1
#endif
#endif
#ifdef PRV_ASAN
#include <sanitizer/asan_interface.h>
#endif

#if defined(__GNUC__)
#define PRV_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* Rare work (start-up, records, samples, guard errors) is kept out of line, so that the everyday
 * path stays short and needs few registers. */
#define PRV_COLD __attribute__((noinline, cold))
#else
#define PRV_UNLIKELY(x) (x)
#define PRV_COLD
#endif

hl_state_t hl_state;

/*
 * Set while this thread holds the SDK's lock. An allocation that finds it set comes from a hook
 * the SDK is running (an output hook that calls malloc, say): taking the lock again would
 * deadlock and recording it would interleave a record into the one being written, so such a block
 * gets a header marked HL_ROW_UNTRACKED and nothing else.
 */
static HL_THREAD_LOCAL bool prv_inside;

typedef struct {
    uintptr_t ptr;
    uint16_t row;
} prv_freed_t;

static prv_freed_t prv_freed[HL_CONFIG_FREED_SLOTS];

/* ---- Lock ---- */

static inline bool prv_enter(void)
{
    if (prv_inside) {
        return false;
    }
    hl_platform_lock();
    prv_inside = true;
    return true;
}

static inline void prv_leave(void)
{
    prv_inside = false;
    hl_platform_unlock();
}

/* ---- Start, samples, overflow ---- */

static void prv_snapshot_locked(uint64_t now);

void hl_config_defaults(hl_config_t *out)
{
    out->mode = HL_CONFIG_DEFAULT_MODE;
    out->sample_ms = HL_CONFIG_DEFAULT_SAMPLE_MS;
    out->halt_on_error = HL_CONFIG_HALT_ON_ERROR != 0;
}

PRV_COLD static void prv_start_locked(const hl_config_t *config)
{
    hl_config_t chosen;
    if (config != NULL) {
        chosen = *config;
    } else {
        hl_config_defaults(&chosen);
        hl_platform_configure(&chosen);
    }
    if (chosen.mode != HL_MODE_LEDGER) {
        chosen.mode = HL_MODE_TRACE;
    }
    if (hl_state.halt_chosen) {
        chosen.halt_on_error = hl_state.config.halt_on_error;
    }
    hl_state.config = chosen;
    hl_state.started = true;
    hl_state.clock_countdown = HL_CONFIG_CLOCK_EVERY;
    uint64_t now = hl_platform_time_ms();
    hl_emit_header(now);
    /* A sample at boot: the baseline that a slow leak's trend starts from. */
    prv_snapshot_locked(now);
    hl_platform_started();
}

static inline void prv_ensure_started(void)
{
    if (PRV_UNLIKELY(!hl_state.started)) {
        prv_start_locked(NULL);
    }
}

hl_status_t hl_init(const hl_config_t *config)
{
    if (config != NULL && config->mode != HL_MODE_TRACE && config->mode != HL_MODE_LEDGER) {
        return HL_ERR_INVALID_ARGUMENT;
    }
    if (!prv_enter()) {
        return HL_ERR_INVALID_ARGUMENT; /* called from a hook */
    }
    hl_status_t status = HL_ERR_ALREADY_STARTED;
    if (!hl_state.started) {
        prv_start_locked(config);
        status = HL_OK;
    }
    prv_leave();
    return status;
}

static uint32_t *prv_overflow_count(hl_table_t table)
{
    switch (table) {
    case HL_TABLE_SITES:
        return &hl_state.counters.sites_overflowed;
    case HL_TABLE_CONTRACTS:
        return &hl_state.counters.contracts_overflowed;
    case HL_TABLE_TRACKED:
        return &hl_state.counters.tracked_overflowed;
    }
    return &hl_state.counters.sites_overflowed;
}

void hl_core_overflowed(hl_table_t table)
{
    uint32_t *count = prv_overflow_count(table);
    (*count)++;
    if (hl_state.overflow_reported[table] == 0) {
        hl_emit_overflow(hl_platform_time_ms(), table, *count);
        hl_state.overflow_reported[table] = *count;
    }
}

static void prv_snapshot_locked(uint64_t now)
{
    hl_heap_stats_t stats;
    if (hl_platform_heap_stats(&stats)) {
        hl_emit_sample(now, &stats);
    }
    if (hl_rows[HL_ROW_OVERFLOW].allocs != 0 || hl_rows[HL_ROW_OVERFLOW].frees != 0) {
        hl_emit_row(now, &hl_rows[HL_ROW_OVERFLOW]);
    }
    for (size_t i = 1; i < HL_CONFIG_MAX_SITES; i++) {
        if (hl_rows[i].site != 0) {
            hl_emit_row(now, &hl_rows[i]);
        }
    }
    for (int table = HL_TABLE_SITES; table <= HL_TABLE_TRACKED; table++) {
        uint32_t count = *prv_overflow_count((hl_table_t)table);
        if (count != hl_state.overflow_reported[table]) {
            hl_emit_overflow(now, (hl_table_t)table, count);
            hl_state.overflow_reported[table] = count;
        }
    }
    hl_state.last_sample_ms = now;
}

static inline void prv_maybe_sample(uint64_t now)
{
    if (hl_state.config.sample_ms != 0 && now - hl_state.last_sample_ms >= hl_state.config.sample_ms) {
        prv_snapshot_locked(now);
    }
}

PRV_COLD static void prv_clock_due(void)
{
    hl_state.clock_countdown = HL_CONFIG_CLOCK_EVERY;
    prv_maybe_sample(hl_platform_time_ms());
}

/* Ledger mode: no record per call, so the clock is only read every HL_CONFIG_CLOCK_EVERY calls. */
static inline void prv_ledger_tick(void)
{
    if (PRV_UNLIKELY(--hl_state.clock_countdown == 0)) {
        prv_clock_due();
    }
}

/* ---- Block headers ---- */

static inline uint8_t prv_check_byte(const uint8_t *user, size_t size, uint16_t row)
{
    uint32_t mixed = (uint32_t)size ^ ((uint32_t)row << 16) ^ (uint32_t)(uintptr_t)user;
#if SIZE_MAX > 0xffffffffu
    mixed ^= (uint32_t)((uint64_t)size >> 32);
#endif
    return (uint8_t)((mixed * 0x9e3779b1u) >> 24);
}

/* Tied to the check byte, so that a tail overwritten with a copy of another block's tail, or with a
 * constant fill, is unlikely to pass. */
static inline uint8_t prv_tail_byte(uint8_t check)
{
    return (uint8_t)(check ^ 0x5au);
}

static inline void prv_stamp(uint8_t *user, size_t size, uint16_t row)
{
    hl_block_header_t header;
    header.magic = HL_MAGIC_LIVE;
    header.check = prv_check_byte(user, size, row);
    header.row = row;
#if UINTPTR_MAX > 0xffffffffu
    header.guard = HL_HEADER_GUARD;
#endif
    header.size = size;
    /* memcpy: the header's alignment is the allocator's, and the compiler makes this two stores. */
    memcpy(user - sizeof header, &header, sizeof header);
#if HL_CONFIG_TAIL_CANARY
    user[size] = prv_tail_byte(header.check);
#endif
}

static inline void prv_set_magic(uint8_t *user, uint8_t magic)
{
    user[-(ptrdiff_t)sizeof(hl_block_header_t) + (ptrdiff_t)offsetof(hl_block_header_t, magic)] = magic;
}

/* Whether the bytes may be read at all. Only a sanitizer build can tell; elsewhere the header of a
 * pointer that passed the alignment test is assumed readable, as free() itself would assume. */
static inline bool prv_readable(const uint8_t *start, size_t length)
{
#ifdef PRV_ASAN
    return __asan_region_is_poisoned((void *)(uintptr_t)start, length) == NULL;
#else
    (void)start;
    (void)length;
    return true;
#endif
}

static inline prv_freed_t *prv_freed_slot(uintptr_t ptr)
{
    /* Blocks are aligned: the bits above the alignment spread consecutive blocks over the slots. */
    return &prv_freed[(ptr / HL_CONFIG_ALIGNMENT) & (HL_CONFIG_FREED_SLOTS - 1u)];
}

/* The everyday case, checked inline: an aligned pointer to a live, unwatched block of a counted
 * site, its header and tail intact. Anything else goes to prv_validate on the slow path. */
static inline bool prv_header_live(uint8_t *user, hl_block_header_t *header)
{
    uintptr_t address = (uintptr_t)user;
    if ((address & (HL_CONFIG_ALIGNMENT - 1u)) != 0 || address < HL_HEADER_SIZE ||
        !prv_readable(user - sizeof *header, sizeof *header)) {
        return false;
    }
    memcpy(header, user - sizeof *header, sizeof *header);
    /* The check byte vouches for the size before the size is used to find the tail. */
    return header->magic == HL_MAGIC_LIVE && header->row < HL_CONFIG_MAX_SITES &&
#if UINTPTR_MAX > 0xffffffffu
           header->guard == HL_HEADER_GUARD &&
#endif
           header->check == prv_check_byte(user, header->size, header->row)
#if HL_CONFIG_TAIL_CANARY
           && prv_readable(user + header->size, 1) && user[header->size] == prv_tail_byte(header->check)
#endif
        ;
}

/*
 * Decides whether `user` is a live block the SDK handed out. The header decides first, so that an
 * address freed and handed out again is a normal free; only a pointer whose header is not live is
 * looked up among the recent frees, to name a double free without trusting freed memory.
 */
static hl_guard_error_t prv_validate(uint8_t *user, hl_block_header_t *header, uint16_t *alloc_row)
{
    uintptr_t address = (uintptr_t)user;
    *alloc_row = HL_ROW_UNTRACKED;
    /* Every block the SDK hands out is aligned: a misaligned pointer is rejected unread. */
    if ((address & (HL_CONFIG_ALIGNMENT - 1u)) == 0 && address >= HL_HEADER_SIZE &&
        prv_readable(user - sizeof *header, sizeof *header)) {
        memcpy(header, user - sizeof *header, sizeof *header);
        bool consistent = header->check == prv_check_byte(user, header->size, header->row) &&
                          (header->row < HL_CONFIG_MAX_SITES || header->row == HL_ROW_UNTRACKED)
#if UINTPTR_MAX > 0xffffffffu
                          && header->guard == HL_HEADER_GUARD
#endif
            ;
        if (header->magic == HL_MAGIC_LIVE || header->magic == HL_MAGIC_WATCHED) {
            if (!consistent) {
                return HL_GUARD_HEADER_CORRUPT;
            }
            *alloc_row = header->row;
#if HL_CONFIG_TAIL_CANARY
            if (!prv_readable(user + header->size, 1) || user[header->size] != prv_tail_byte(header->check)) {
                return HL_GUARD_TAIL_CORRUPT;
            }
#endif
            return (hl_guard_error_t)0;
        }
        if (header->magic == HL_MAGIC_FREED && consistent) {
            /* Freed long ago, but the allocator left the header alone (many do). */
            *alloc_row = header->row;
            return HL_GUARD_DOUBLE_FREE;
        }
    }
    prv_freed_t *freed = prv_freed_slot(address);
    if (freed->ptr == address) {
        *alloc_row = freed->row;
        return HL_GUARD_DOUBLE_FREE;
    }
    return HL_GUARD_INVALID_FREE;
}

static inline void prv_remember_freed(uintptr_t ptr, uint16_t row)
{
    prv_freed_t *slot = prv_freed_slot(ptr);
    slot->ptr = ptr;
    slot->row = row;
}

/* Writes the G record; the caller calls prv_assert() once it has left the lock. */
static void prv_guard_locked(hl_guard_report_t *report, hl_guard_error_t error, uintptr_t site,
                             const hl_source_t *source, const void *ptr, uint16_t alloc_row)
{
    report->error = error;
    report->site = site;
    report->ptr = ptr;
    report->alloc_site = error == HL_GUARD_HEADER_CORRUPT ? 0 : hl_row_site(alloc_row);
    if (source != NULL) {
        hl_name_source(site, source);
    }
    hl_emit_guard(hl_platform_time_ms(), error, site, ptr, report->alloc_site);
    hl_state.counters.guard_errors++;
}

static void prv_assert(const hl_guard_report_t *report)
{
    hl_platform_assert(report, hl_state.config.halt_on_error);
}

/* A guard error found with the lock held: its record, then the lock released, then the
 * assertion hook, which may halt and so must not run inside the lock. */
PRV_COLD static void prv_guard_error(hl_guard_error_t error, uintptr_t site, const hl_source_t *source,
                                     const void *ptr, uint16_t alloc_row)
{
    hl_guard_report_t report;
    prv_guard_locked(&report, error, site, source, ptr, alloc_row);
    prv_leave();
    prv_assert(&report);
}

/* ---- Allocation paths ---- */

typedef enum { PRV_MALLOC, PRV_CALLOC, PRV_REALLOC_NULL } prv_alloc_kind_t;

/* Out of line: inlined, it made the compiler work out the header before knowing which path it was
 * on, and spend registers (and pushes and pops) on every call. */
PRV_COLD static void prv_stamp_untracked(uint8_t *user, size_t size)
{
    prv_stamp(user, size, HL_ROW_UNTRACKED);
}

/* Trace mode's share of an allocation: the records, and the sample check that needs the time. */
PRV_COLD static void prv_alloc_recorded(uintptr_t site, const hl_source_t *source, const uint8_t *user, size_t size,
                                        prv_alloc_kind_t kind)
{
    uint64_t now = hl_platform_time_ms();
    if (source != NULL) {
        hl_name_source(site, source);
    }
    if (kind == PRV_REALLOC_NULL) {
        hl_emit_realloc(now, site, NULL, user, size);
    } else {
        hl_emit_alloc(now, site, user, size);
    }
    prv_maybe_sample(now);
}

static inline void *prv_alloc(size_t size, uintptr_t site, const hl_source_t *source, prv_alloc_kind_t kind)
{
    if (PRV_UNLIKELY(size > SIZE_MAX - HL_BLOCK_OVERHEAD)) {
        errno = ENOMEM;
        return NULL;
    }
    uint8_t *raw = hl_platform_alloc(size + HL_BLOCK_OVERHEAD);
    if (PRV_UNLIKELY(raw == NULL)) {
        return NULL;
    }
    uint8_t *user = raw + HL_HEADER_SIZE;
    if (kind == PRV_CALLOC) {
        memset(user, 0, size);
    }
    if (PRV_UNLIKELY(!prv_enter())) {
        prv_stamp_untracked(user, size);
        return user;
    }
    prv_ensure_started();
    uint16_t row = hl_site_row(site, source);
    prv_stamp(user, size, row);
    hl_count_alloc(row, size);
    if (PRV_UNLIKELY(hl_state.config.mode == HL_MODE_TRACE)) {
        prv_alloc_recorded(site, source, user, size, kind);
    } else {
        prv_ledger_tick();
    }
    prv_leave();
    return user;
}

void *hl_core_malloc(size_t size, uintptr_t site)
{
    return prv_alloc(size, site, NULL, PRV_MALLOC);
}

void *hl_core_alloc(size_t size, uintptr_t site, const hl_source_t *source)
{
    return prv_alloc(size, site, source, PRV_MALLOC);
}

void *hl_core_calloc(size_t count, size_t size, uintptr_t site, const hl_source_t *source)
{
    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return prv_alloc(count * size, site, source, PRV_CALLOC);
}

/* A free from inside a hook, with the lock already held by this thread: count it, write nothing. */
PRV_COLD static void prv_free_inside(uint8_t *user)
{
    hl_block_header_t header;
    uint16_t alloc_row;
    if (prv_validate(user, &header, &alloc_row) != 0) {
        return; /* cannot report from here; leaving the block alone is the safe choice */
    }
    hl_count_free(header.row, header.size);
    if (header.magic == HL_MAGIC_WATCHED) {
        hl_contracts_release(user);
    }
    prv_remember_freed((uintptr_t)user, header.row);
    prv_set_magic(user, HL_MAGIC_FREED);
    hl_platform_free(user - HL_HEADER_SIZE);
}

/* Trace mode's share of a free. */
PRV_COLD static void prv_free_recorded(uintptr_t site, const hl_source_t *source, const uint8_t *user, uint16_t row)
{
    uint64_t now = hl_platform_time_ms();
    /* A block the SDK allocated for itself had no A record; an F would puzzle the reader. */
    if (row != HL_ROW_UNTRACKED) {
        if (source != NULL) {
            hl_name_source(site, source);
        }
        hl_emit_free(now, site, user);
    }
    prv_maybe_sample(now);
}

/* The free itself, once the block has passed its checks: lock held on entry, released before the
 * block goes back to the allocator. */
static inline void prv_release(uint8_t *user, const hl_block_header_t *header, uintptr_t site,
                               const hl_source_t *source)
{
    hl_count_free(header->row, header->size);
    if (PRV_UNLIKELY(header->magic == HL_MAGIC_WATCHED)) {
        hl_contracts_release(user);
    }
    prv_remember_freed((uintptr_t)user, header->row);
    /* For allocators that leave a freed block's first bytes alone: a second free then finds this
     * even after the pointer has dropped out of the recent-frees table. */
    prv_set_magic(user, HL_MAGIC_FREED);
    if (PRV_UNLIKELY(hl_state.config.mode == HL_MODE_TRACE)) {
        prv_free_recorded(site, source, user, header->row);
    } else {
        prv_ledger_tick();
    }
    prv_leave();
    hl_platform_free(user - HL_HEADER_SIZE);
}

/* Everything but the everyday free, lock held on entry, released on return: watched and SDK-owned
 * blocks, and every guard error. */
PRV_COLD static void prv_free_slow(uint8_t *user, uintptr_t site, const hl_source_t *source)
{
    hl_block_header_t header;
    uint16_t alloc_row;
    hl_guard_error_t error = prv_validate(user, &header, &alloc_row);
    if (error != 0) {
        prv_guard_error(error, site, source, user, alloc_row);
        return;
    }
    prv_release(user, &header, site, source);
}

static inline void prv_free(void *ptr, uintptr_t site, const hl_source_t *source)
{
    if (ptr == NULL) {
        return;
    }
    uint8_t *user = ptr;
    if (PRV_UNLIKELY(!prv_enter())) {
        prv_free_inside(user);
        return;
    }
    prv_ensure_started();
    hl_block_header_t header;
    if (PRV_UNLIKELY(!prv_header_live(user, &header))) {
        prv_free_slow(user, site, source);
        return;
    }
    prv_release(user, &header, site, source);
}

void hl_core_free(void *ptr, uintptr_t site)
{
    prv_free(ptr, site, NULL);
}

void hl_core_free_at(void *ptr, uintptr_t site, const hl_source_t *source)
{
    prv_free(ptr, site, source);
}

static void *prv_realloc_inside(uint8_t *user, size_t size)
{
    hl_block_header_t header;
    uint16_t alloc_row;
    if (prv_validate(user, &header, &alloc_row) != 0) {
        return NULL;
    }
    /* The old address, kept as a number: once realloc has moved the block, the pointer itself may
     * no longer be used, even to compare it. */
    uintptr_t old_address = (uintptr_t)user;
    uint8_t *raw = hl_platform_realloc(user - HL_HEADER_SIZE, size + HL_BLOCK_OVERHEAD);
    if (raw == NULL) {
        return NULL;
    }
    hl_count_free(header.row, header.size);
    if (header.magic == HL_MAGIC_WATCHED) {
        hl_contracts_release((const void *)old_address);
    }
    uint8_t *moved = raw + HL_HEADER_SIZE;
    prv_stamp_untracked(moved, size);
    return moved;
}

/*
 * The underlying realloc runs under the lock, unlike malloc and free: once it returns, the old
 * address may already be another thread's new block, and that thread's A record must not reach
 * the stream before this R record frees the address.
 */
void *hl_core_realloc(void *ptr, size_t size, uintptr_t site, const hl_source_t *source)
{
    if (ptr == NULL) {
        return prv_alloc(size, site, source, PRV_REALLOC_NULL);
    }
    if (size == 0) {
        /* As glibc does: the block is freed and NULL returned; recorded as a free. */
        prv_free(ptr, site, source);
        return NULL;
    }
    if (size > SIZE_MAX - HL_BLOCK_OVERHEAD) {
        errno = ENOMEM;
        return NULL;
    }
    uint8_t *user = ptr;
    if (!prv_enter()) {
        return prv_realloc_inside(user, size);
    }
    prv_ensure_started();
    hl_block_header_t header;
    uint16_t alloc_row;
    hl_guard_error_t error = prv_validate(user, &header, &alloc_row);
    if (error != 0) {
        prv_guard_error(error, site, source, user, alloc_row);
        return NULL;
    }
    uintptr_t old_address = (uintptr_t)user; /* see prv_realloc_inside */
    uint8_t *raw = hl_platform_realloc(user - HL_HEADER_SIZE, size + HL_BLOCK_OVERHEAD);
    if (raw == NULL) {
        prv_leave();
        return NULL; /* the old block is untouched and still valid, as realloc promises */
    }
    uint8_t *moved = raw + HL_HEADER_SIZE;
    hl_count_free(header.row, header.size);
    if (header.magic == HL_MAGIC_WATCHED) {
        hl_contracts_release((const void *)old_address);
    }
    if ((uintptr_t)moved != old_address) {
        prv_remember_freed(old_address, header.row);
    }
    uint16_t row = hl_site_row(site, source);
    prv_stamp(moved, size, row);
    hl_count_alloc(row, size);
    if (hl_state.config.mode == HL_MODE_TRACE) {
        uint64_t now = hl_platform_time_ms();
        if (source != NULL) {
            hl_name_source(site, source);
        }
        /* A block the SDK allocated for itself was never announced: it appears as new here. */
        hl_emit_realloc(now, site, header.row == HL_ROW_UNTRACKED ? NULL : (const void *)old_address, moved, size);
        prv_maybe_sample(now);
    } else {
        prv_ledger_tick();
    }
    prv_leave();
    return moved;
}

/* ---- For the entry points in the other files ---- */

bool hl_core_enter(void)
{
    if (!prv_enter()) {
        return false;
    }
    prv_ensure_started();
    return true;
}

bool hl_core_lock(void)
{
    return prv_enter();
}

void hl_core_leave(void)
{
    prv_leave();
}

void hl_core_after_call(char kind, uintptr_t site, const void *ptr, size_t size)
{
    if (hl_state.config.mode == HL_MODE_TRACE) {
        uint64_t now = hl_platform_time_ms();
        if (kind == 'A') {
            hl_emit_alloc(now, site, ptr, size);
        } else if (kind == 'F') {
            hl_emit_free(now, site, ptr);
        }
        prv_maybe_sample(now);
    } else {
        prv_ledger_tick();
    }
}

void hl_core_remember_freed(uintptr_t ptr, uint16_t row)
{
    prv_remember_freed(ptr, row);
}

bool hl_core_recently_freed(uintptr_t ptr, uint16_t *row)
{
    const prv_freed_t *freed = prv_freed_slot(ptr);
    if (freed->ptr != ptr) {
        return false;
    }
    *row = freed->row;
    return true;
}

void hl_core_guard(hl_guard_report_t *report, hl_guard_error_t error, uintptr_t site, const void *ptr,
                   uint16_t alloc_row)
{
    prv_guard_locked(report, error, site, NULL, ptr, alloc_row);
}

void hl_core_assert(const hl_guard_report_t *report)
{
    prv_assert(report);
}

bool hl_core_block_row(const void *ptr, uint16_t *row)
{
    hl_block_header_t header;
    uint16_t alloc_row;
    if (prv_validate((uint8_t *)(uintptr_t)ptr, &header, &alloc_row) != 0) {
        return false;
    }
    *row = header.row;
    return true;
}

void hl_core_mark_watched(const void *ptr)
{
    prv_set_magic((uint8_t *)(uintptr_t)ptr, HL_MAGIC_WATCHED);
}

void hl_core_maybe_sample(uint64_t now)
{
    prv_maybe_sample(now);
}

void hl_core_snapshot(uint64_t now)
{
    prv_snapshot_locked(now);
}

size_t hl_core_static_bytes(void)
{
    return sizeof hl_state + sizeof prv_freed;
}

void hl_core_reset(void)
{
    hl_platform_lock();
    memset(&hl_state, 0, sizeof hl_state);
    memset(prv_freed, 0, sizeof prv_freed);
    hl_sites_reset();
    hl_tracked_reset();
    hl_contracts_reset();
    hl_platform_unlock();
}
