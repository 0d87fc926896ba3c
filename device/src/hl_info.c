/*
 * Settings and figures: what a firmware (or a test, or a benchmark) asks of the SDK besides
 * allocating. None of these starts the SDK, so that they may come before hl_init(); except
 * hl_emit_snapshot, which has something to write.
 */
#include "hl_internal.h"

#include <string.h>

void hl_emit_snapshot(void)
{
    if (hl_core_enter()) {
        hl_core_snapshot(hl_platform_time_ms());
        hl_core_leave();
    }
}

void hl_set_halt_on_error(bool halt)
{
    /* Outlives the start, which would otherwise take the configuration's value. */
    if (hl_core_lock()) {
        hl_state.config.halt_on_error = halt;
        hl_state.halt_chosen = true;
        hl_core_leave();
    }
}

void hl_set_null_output(bool discard)
{
    /* Set before the first allocation, the H record is discarded too. */
    if (hl_core_lock()) {
        hl_state.discard_output = discard;
        hl_core_leave();
    }
}

static void prv_fill_stats(const hl_site_row_t *row, hl_site_stats_t *out)
{
    out->site = row->site;
    out->allocs = row->allocs;
    out->frees = row->frees;
    out->live_count = row->allocs - row->frees;
    out->live_bytes = row->live_bytes;
    out->peak_live_bytes = row->peak_live_bytes;
}

static bool prv_row_used(size_t index)
{
    const hl_site_row_t *row = &hl_rows[index];
    return index == HL_ROW_OVERFLOW ? (row->allocs != 0 || row->frees != 0) : row->site != 0;
}

bool hl_site_stats(uintptr_t site, hl_site_stats_t *out)
{
    if (!hl_core_lock()) {
        return false;
    }
    uint16_t row = hl_sites_find(site);
    if (row == HL_ROW_UNTRACKED && hl_state.counters.sites_overflowed != 0) {
        row = HL_ROW_OVERFLOW;
    }
    bool found = row != HL_ROW_UNTRACKED && prv_row_used(row);
    if (found) {
        prv_fill_stats(&hl_rows[row], out);
    }
    hl_core_leave();
    return found;
}

size_t hl_site_rows(hl_site_stats_t *out, size_t capacity)
{
    if (!hl_core_lock()) {
        return 0;
    }
    size_t count = 0;
    for (size_t i = 0; i < HL_CONFIG_MAX_SITES; i++) {
        if (prv_row_used(i)) {
            if (count < capacity) {
                prv_fill_stats(&hl_rows[i], &out[count]);
            }
            count++;
        }
    }
    hl_core_leave();
    return count;
}

void hl_get_counters(hl_counters_t *out)
{
    if (hl_core_lock()) {
        *out = hl_state.counters;
        out->records = hl_state.sequence;
        hl_core_leave();
    } else {
        memset(out, 0, sizeof *out);
    }
}

void hl_get_footprint(hl_footprint_t *out)
{
    out->site_row_bytes = sizeof(hl_site_row_t);
    out->block_header_bytes = HL_HEADER_SIZE;
    out->block_tail_bytes = HL_TAIL_SIZE;
    out->tracked_entry_bytes = sizeof(hl_tracked_entry_t);
    out->contract_entry_bytes = sizeof(hl_contract_t);
    out->total_static_bytes = sizeof hl_rows + hl_core_static_bytes() +
                              HL_CONFIG_MAX_TRACKED * sizeof(hl_tracked_entry_t) +
                              HL_CONFIG_MAX_CONTRACTS * sizeof(hl_contract_t) +
                              HL_CONFIG_NAME_CACHE * sizeof(uintptr_t);
}
