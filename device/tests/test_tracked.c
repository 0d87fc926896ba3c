/* Custom allocators fed through hl_record_alloc/hl_record_free: the tracked table, its overflow,
 * and its bad frees. */
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static hl_test_record_t records[4096];
static uint8_t pool[HL_CONFIG_MAX_TRACKED * 2][32] __attribute__((aligned(16)));

static void pool_blocks_are_counted_by_site(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    for (int i = 0; i < 10; i++) {
        hl_record_alloc(pool[i], 32, 0x4000);
    }
    for (int i = 0; i < 4; i++) {
        hl_record_free(pool[i], 0x5000);
    }
    hl_site_stats_t stats;
    HL_CHECK(hl_site_stats(0x4000, &stats));
    HL_CHECK_EQ(stats.allocs, 10);
    HL_CHECK_EQ(stats.frees, 4);
    HL_CHECK_EQ(stats.live_bytes, 6 * 32);
    HL_CHECK(!hl_site_stats(0x5000, &stats)); /* a free site gets no row */
    size_t count = hl_test_records(records, 4096);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 10);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 4);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'F', 0), 1), 0x5000);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
    for (int i = 4; i < 10; i++) {
        hl_record_free(pool[i], 0x5000);
    }
}

static void a_full_table_is_counted_and_unknown_frees_then_pass(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    for (int i = 0; i < HL_CONFIG_MAX_TRACKED + 3; i++) {
        hl_record_alloc(pool[i], 32, 0x4000);
    }
    hl_counters_t counters;
    hl_get_counters(&counters);
    HL_CHECK_EQ(counters.tracked_overflowed, 3);
    hl_site_stats_t stats;
    HL_CHECK(hl_site_stats(0x4000, &stats));
    HL_CHECK_EQ(stats.allocs, HL_CONFIG_MAX_TRACKED); /* the three that did not fit are not counted */
    for (int i = 0; i < HL_CONFIG_MAX_TRACKED + 3; i++) {
        hl_record_free(pool[i], 0x5000);
    }
    size_t count = hl_test_records(records, 4096);
    const hl_test_record_t *o = hl_test_find(records, count, 'O', 0);
    char table[16];
    HL_CHECK(strcmp(hl_test_word(o, 1, table, sizeof table), "tracked") == 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), HL_CONFIG_MAX_TRACKED + 3);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), HL_CONFIG_MAX_TRACKED + 3);
    HL_CHECK(hl_site_stats(0x4000, &stats));
    HL_CHECK_EQ(stats.live_count, 0);
}

static void bad_frees_of_pool_blocks_are_guard_errors(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    hl_record_free(pool[3], 0x5000);
    HL_CHECK_EQ(hl_test_asserts, 1);
    HL_CHECK_EQ(hl_test_last_assert.error, HL_GUARD_INVALID_FREE);
    hl_record_alloc(pool[4], 32, 0x4000);
    hl_record_free(pool[4], 0x5000);
    hl_record_free(pool[4], 0x6000);
    HL_CHECK_EQ(hl_test_asserts, 2);
    HL_CHECK_EQ(hl_test_last_assert.error, HL_GUARD_DOUBLE_FREE);
    HL_CHECK_EQ(hl_test_last_assert.site, 0x6000);
    HL_CHECK_EQ(hl_test_last_assert.alloc_site, 0x4000);
    size_t count = hl_test_records(records, 4096);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 2);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 1);
}

/* The table against a plain model, through many inserts and removes: backward-shift deletion
 * must keep every entry reachable. */
static void the_table_survives_heavy_churn(void)
{
    enum { KEYS = HL_CONFIG_MAX_TRACKED * 2 };
    bool present[KEYS] = {false};
    size_t live = 0;
    uint32_t random = 12345;
    for (int step = 0; step < 200000; step++) {
        random = random * 1103515245u + 12345u;
        size_t key = (random >> 8) % KEYS;
        uintptr_t ptr = (uintptr_t)pool[key];
        if (present[key]) {
            hl_tracked_entry_t entry;
            HL_CHECK(hl_tracked_remove(ptr, &entry));
            HL_CHECK_EQ(entry.size, key);
            present[key] = false;
            live--;
        } else if (live < HL_CONFIG_MAX_TRACKED) {
            HL_CHECK(hl_tracked_insert(ptr, key, 1));
            present[key] = true;
            live++;
        } else {
            HL_CHECK(!hl_tracked_insert(ptr, key, 1));
        }
        if (step % 1000 == 0) {
            for (size_t k = 0; k < KEYS; k++) {
                HL_CHECK_EQ(hl_tracked_find((uintptr_t)pool[k]) != NULL, present[k]);
            }
        }
    }
}

int main(void)
{
    hl_test_run("pool_blocks_are_counted_by_site", pool_blocks_are_counted_by_site);
    hl_test_run("a_full_table_is_counted_and_unknown_frees_then_pass", a_full_table_is_counted_and_unknown_frees_then_pass);
    hl_test_run("bad_frees_of_pool_blocks_are_guard_errors", bad_frees_of_pool_blocks_are_guard_errors);
    hl_test_run("the_table_survives_heavy_churn", the_table_survives_heavy_churn);
    return hl_test_finish();
}
