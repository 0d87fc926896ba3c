/*
 * Ownership contracts: "whoever got this pointer must release it within N ms". hl_expect_release,
 * hl_poll, and a small table scanned linearly: it is touched only by those two and by the free of
 * a block marked as watched, never on the ordinary allocation path.
 */
#include "hl_internal.h"

#include <string.h>

static hl_contract_t prv_contracts[HL_CONFIG_MAX_CONTRACTS];

bool hl_contracts_add(const void *ptr, uint16_t row, uint32_t deadline_ms, const char *label, uint64_t now)
{
    hl_contract_t *slot = NULL;
    for (size_t i = 0; i < HL_CONFIG_MAX_CONTRACTS; i++) {
        if (prv_contracts[i].ptr == ptr) {
            slot = &prv_contracts[i];
            break;
        }
        if (prv_contracts[i].ptr == NULL && slot == NULL) {
            slot = &prv_contracts[i];
        }
    }
    if (slot == NULL) {
        return false;
    }
    slot->ptr = ptr;
    slot->label = label;
    slot->registered_ms = now;
    slot->deadline_ms = deadline_ms;
    slot->row = row;
    return true;
}

void hl_contracts_release(const void *ptr)
{
    for (size_t i = 0; i < HL_CONFIG_MAX_CONTRACTS; i++) {
        if (prv_contracts[i].ptr == ptr) {
            prv_contracts[i].ptr = NULL;
            return;
        }
    }
}

void hl_contracts_check(uint64_t now)
{
    for (size_t i = 0; i < HL_CONFIG_MAX_CONTRACTS; i++) {
        hl_contract_t *contract = &prv_contracts[i];
        if (contract->ptr == NULL) {
            continue;
        }
        uint64_t age = now - contract->registered_ms;
        if (now >= contract->registered_ms && age > contract->deadline_ms) {
            uintptr_t site = contract->row < HL_CONFIG_MAX_SITES ? hl_rows[contract->row].site : 0;
            hl_emit_contract(now, contract->ptr, site, age, contract->label);
            hl_state.counters.contract_violations++;
            /* Reported once: the slot is free for the next contract. If the block is freed later,
             * its release finds nothing here, which is fine. */
            contract->ptr = NULL;
        }
    }
}

void hl_contracts_reset(void)
{
    memset(prv_contracts, 0, sizeof prv_contracts);
}

/* ---- Entry points ---- */

bool hl_expect_release(const void *ptr, uint32_t deadline_ms, const char *label)
{
    if (ptr == NULL || !hl_core_enter()) {
        return false;
    }
    /* A pool block is looked up in the tracked table first: it has no header to read. */
    hl_tracked_entry_t *entry = hl_tracked_find((uintptr_t)ptr);
    uint16_t row = HL_ROW_UNTRACKED;
    bool known;
    if (entry != NULL) {
        row = entry->row;
        known = true;
    } else {
        known = hl_core_block_row(ptr, &row);
    }
    bool added = known && hl_contracts_add(ptr, row, deadline_ms, label, hl_platform_time_ms());
    if (known && !added) {
        hl_core_overflowed(HL_TABLE_CONTRACTS);
    } else if (added && entry != NULL) {
        entry->watched = 1;
    } else if (added) {
        hl_core_mark_watched(ptr);
    }
    hl_core_leave();
    return added;
}

void hl_poll(void)
{
    if (!hl_core_enter()) {
        return;
    }
    uint64_t now = hl_platform_time_ms();
    hl_contracts_check(now);
    hl_core_maybe_sample(now);
    hl_core_leave();
}
