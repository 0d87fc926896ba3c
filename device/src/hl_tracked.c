/*
 * Custom allocators: hl_record_alloc and hl_record_free, and the table their blocks live in, since
 * those blocks carry no header. Open addressing keyed by pointer, linear probing, and
 * backward-shift deletion so that no tombstones pile up in a table that sees millions of inserts
 * and removes over a device's life.
 */
#include "hl_internal.h"

#include <string.h>

#define PRV_MASK (HL_CONFIG_MAX_TRACKED - 1u)

static hl_tracked_entry_t prv_entries[HL_CONFIG_MAX_TRACKED];
static uint32_t prv_count;

static uint32_t prv_slot(uintptr_t ptr)
{
    /* Blocks are aligned, so the low bits carry nothing; the multiply spreads the rest. */
    uint32_t folded = (uint32_t)(ptr >> 3) ^ (uint32_t)((uint64_t)ptr >> 35);
    return ((folded * 0x9e3779b1u) >> 16) & PRV_MASK;
}

hl_tracked_entry_t *hl_tracked_find(uintptr_t ptr)
{
    uint32_t index = prv_slot(ptr);
    for (uint32_t probe = 0; probe < HL_CONFIG_MAX_TRACKED; probe++) {
        hl_tracked_entry_t *entry = &prv_entries[index];
        if (entry->ptr == ptr) {
            return entry;
        }
        if (entry->ptr == 0) {
            return NULL;
        }
        index = (index + 1u) & PRV_MASK;
    }
    return NULL;
}

bool hl_tracked_insert(uintptr_t ptr, size_t size, uint16_t row)
{
    hl_tracked_entry_t *entry = hl_tracked_find(ptr);
    if (entry == NULL) {
        if (prv_count == HL_CONFIG_MAX_TRACKED) {
            return false;
        }
        uint32_t index = prv_slot(ptr);
        while (prv_entries[index].ptr != 0) {
            index = (index + 1u) & PRV_MASK;
        }
        entry = &prv_entries[index];
        prv_count++;
    }
    entry->ptr = ptr;
    entry->size = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
    entry->row = row;
    entry->watched = 0;
    return true;
}

bool hl_tracked_remove(uintptr_t ptr, hl_tracked_entry_t *out)
{
    hl_tracked_entry_t *entry = hl_tracked_find(ptr);
    if (entry == NULL) {
        return false;
    }
    *out = *entry;
    /* Backward shift: pull later entries of the same probe run into the hole, so that every
     * entry stays reachable from its home slot without passing an empty one. The hole is empty
     * from the start, so the walk ends even in a full table. */
    uint32_t hole = (uint32_t)(entry - prv_entries);
    memset(&prv_entries[hole], 0, sizeof prv_entries[hole]);
    uint32_t next = (hole + 1u) & PRV_MASK;
    while (prv_entries[next].ptr != 0) {
        uint32_t home = prv_slot(prv_entries[next].ptr);
        /* The entry at `next` may move to `hole` only if its home is not in (hole, next]. */
        bool home_after_hole = ((next - home) & PRV_MASK) < ((next - hole) & PRV_MASK);
        if (!home_after_hole) {
            prv_entries[hole] = prv_entries[next];
            memset(&prv_entries[next], 0, sizeof prv_entries[next]);
            hole = next;
        }
        next = (next + 1u) & PRV_MASK;
    }
    prv_count--;
    return true;
}

void hl_tracked_reset(void)
{
    memset(prv_entries, 0, sizeof prv_entries);
    prv_count = 0;
}

/* ---- Entry points ---- */

void hl_record_alloc(const void *ptr, size_t size, uintptr_t site)
{
    if (ptr == NULL || !hl_core_enter()) {
        return;
    }
    uint16_t row = hl_site_row(site, NULL);
    const hl_tracked_entry_t *stale = hl_tracked_find((uintptr_t)ptr);
    if (stale != NULL) {
        /* Handed out again without a free in between: count the free that was not reported, so
         * that the old site does not look as if it still held the block. */
        hl_count_free(stale->row, stale->size);
    }
    if (hl_tracked_insert((uintptr_t)ptr, size, row)) {
        hl_count_alloc(row, size);
    } else {
        hl_core_overflowed(HL_TABLE_TRACKED);
    }
    /* The A record is written even when the table is full: the reader keeps its own books. */
    hl_core_after_call('A', site, ptr, size);
    hl_core_leave();
}

void hl_record_free(const void *ptr, uintptr_t site)
{
    if (ptr == NULL || !hl_core_enter()) {
        return;
    }
    hl_tracked_entry_t entry;
    hl_guard_report_t report;
    uint16_t freed_row;
    bool guard_error = true;
    if (hl_tracked_remove((uintptr_t)ptr, &entry)) {
        hl_count_free(entry.row, entry.size);
        if (entry.watched) {
            hl_contracts_release(ptr);
        }
        hl_core_remember_freed((uintptr_t)ptr, entry.row);
        guard_error = false;
    } else if (hl_core_recently_freed((uintptr_t)ptr, &freed_row)) {
        hl_core_guard(&report, HL_GUARD_DOUBLE_FREE, site, ptr, freed_row);
    } else if (hl_state.counters.tracked_overflowed == 0) {
        hl_core_guard(&report, HL_GUARD_INVALID_FREE, site, ptr, HL_ROW_UNTRACKED);
    } else {
        guard_error = false; /* probably one of the blocks that did not fit the table: let it pass */
    }
    hl_core_after_call(guard_error ? '\0' : 'F', site, ptr, 0);
    hl_core_leave();
    if (guard_error) {
        hl_core_assert(&report);
    }
}
