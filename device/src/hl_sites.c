/*
 * The per-site ledger: an open-addressing table keyed by site (a return address or a source key),
 * probed linearly for at most HL_CONFIG_SITE_PROBES rows. Rows are never removed: a site that
 * allocated once keeps its row, which is what lets a snapshot show that its live count went back
 * to zero. Row 0 is the overflow row; its key stays 0 and no real site can match it.
 */
#include "hl_internal.h"

#include <string.h>

hl_site_row_t hl_rows[HL_CONFIG_MAX_SITES];

/* Source keys named by an N record, direct-mapped by key. */
static uintptr_t prv_named[HL_CONFIG_NAME_CACHE];

uint16_t hl_sites_find_or_add(uintptr_t site, uint32_t slot, const hl_source_t *source)
{
    if (site == 0) {
        return HL_ROW_OVERFLOW;
    }
    for (uint32_t probe = 0; probe < HL_CONFIG_SITE_PROBES; probe++) {
        uint32_t index = (slot + probe) & (HL_CONFIG_MAX_SITES - 1u);
        hl_site_row_t *row = &hl_rows[index];
        if (row->site == site) {
            return (uint16_t)index;
        }
        if (row->site == 0 && index != HL_ROW_OVERFLOW) {
            row->site = site;
            if (source != NULL) {
                /* An L record may carry this key long before (or without) any A record: name it
                 * now, in either mode. */
                hl_name_source(site, source);
            }
            return (uint16_t)index;
        }
    }
    hl_core_overflowed(HL_TABLE_SITES);
    return HL_ROW_OVERFLOW;
}

uint16_t hl_sites_find(uintptr_t site)
{
    if (site == 0) {
        return HL_ROW_OVERFLOW;
    }
    uint32_t slot = hl_site_slot(site);
    for (uint32_t probe = 0; probe < HL_CONFIG_SITE_PROBES; probe++) {
        uint32_t index = (slot + probe) & (HL_CONFIG_MAX_SITES - 1u);
        if (hl_rows[index].site == site) {
            return (uint16_t)index;
        }
        if (hl_rows[index].site == 0 && index != HL_ROW_OVERFLOW) {
            break;
        }
    }
    return HL_ROW_UNTRACKED;
}

void hl_name_source(uintptr_t key, const hl_source_t *source)
{
    uintptr_t *slot = &prv_named[hl_site_slot(key) & (HL_CONFIG_NAME_CACHE - 1u)];
    if (*slot != key) {
        *slot = key;
        hl_emit_name(key, source->line, source->file);
    }
}

void hl_sites_reset(void)
{
    memset(hl_rows, 0, sizeof hl_rows);
    memset(prv_named, 0, sizeof prv_named);
}
