/* The explicit API: the source location is the site, named once by an N record. */
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static hl_test_record_t records[1024];

static void explicit_allocations_are_named_by_file_and_line(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    void *blocks[3];
    int line = __LINE__ + 2;
    for (int i = 0; i < 3; i++) {
        blocks[i] = hl_malloc(24);
    }
    uintptr_t key = hl_source_site(__FILE__, line);
    size_t count = hl_test_records(records, 1024);
    /* One N, before the first A that uses the key. */
    HL_CHECK_EQ(hl_test_count(records, count, 'N'), 1);
    const hl_test_record_t *n = hl_test_find(records, count, 'N', 0);
    const hl_test_record_t *a = hl_test_find(records, count, 'A', 0);
    HL_CHECK(n != NULL && a != NULL && n < a);
    HL_CHECK_EQ(hl_test_hex(n, 0), key);
    HL_CHECK_EQ(hl_test_hex(n, 1), line);
    HL_CHECK(strcmp(hl_test_rest(n, 2), __FILE__) == 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 3);
    HL_CHECK_EQ(hl_test_hex(a, 1), key);
    /* Not an address: the top four bits are set. */
    HL_CHECK_EQ(key >> (sizeof(uintptr_t) * 8 - 4), 0xf);

    hl_site_stats_t stats;
    HL_CHECK(hl_site_stats(key, &stats));
    HL_CHECK_EQ(stats.allocs, 3);
    HL_CHECK_EQ(stats.live_bytes, 72);
    for (int i = 0; i < 3; i++) {
        hl_free(blocks[i]);
    }
    count = hl_test_records(records, 1024);
    /* The free's own location gets its name too, once. */
    HL_CHECK_EQ(hl_test_count(records, count, 'N'), 2);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 3);
}

static void ledger_mode_names_a_site_before_its_first_snapshot(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    char *text = hl_calloc(4, 8);
    int line = __LINE__ - 1;
    for (int i = 0; i < 32; i++) {
        HL_CHECK_EQ(text[i], 0);
    }
    text = hl_realloc(text, 64);
    int realloc_line = __LINE__ - 1;
    hl_emit_snapshot();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'N'), 2);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'N', 0), 1), line);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'N', 1), 1), realloc_line);
    const hl_test_record_t *first_l = hl_test_find(records, count, 'L', 0);
    HL_CHECK(hl_test_find(records, count, 'N', 1) < first_l);
    hl_free(text);
}

static void explicit_and_wrapped_blocks_mix(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    /* Same header either way: a block from hl_malloc may be freed with free(), and the reverse. */
    void *explicit_block = hl_malloc(10);
    void *wrapped_block = malloc(10);
    free(explicit_block);
    hl_free(wrapped_block);
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 2);
}

static void an_explicit_double_free_names_both_locations(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *block = hl_malloc(10);
    uintptr_t allocated_at = hl_source_site(__FILE__, __LINE__ - 1);
    hl_free(block);
    hl_free(block);
    uintptr_t freed_again_at = hl_source_site(__FILE__, __LINE__ - 1);
    size_t count = hl_test_records(records, 1024);
    const hl_test_record_t *g = hl_test_find(records, count, 'G', 0);
    HL_CHECK(g != NULL);
    HL_CHECK_EQ(hl_test_hex(g, 2), freed_again_at);
    HL_CHECK_EQ(hl_test_hex(g, 4), allocated_at);
    /* Both keys were named before the G record. */
    bool named = false;
    for (const hl_test_record_t *r = records; r < g; r++) {
        named = named || (r->kind == 'N' && hl_test_hex(r, 0) == freed_again_at);
    }
    HL_CHECK(named);
}

int main(void)
{
    hl_test_run("explicit_allocations_are_named_by_file_and_line", explicit_allocations_are_named_by_file_and_line);
    hl_test_run("ledger_mode_names_a_site_before_its_first_snapshot", ledger_mode_names_a_site_before_its_first_snapshot);
    hl_test_run("explicit_and_wrapped_blocks_mix", explicit_and_wrapped_blocks_mix);
    hl_test_run("an_explicit_double_free_names_both_locations", an_explicit_double_free_names_both_locations);
    return hl_test_finish();
}
