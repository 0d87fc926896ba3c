/* realloc through the wrapped API: R records, contents kept, the ledger moved to the realloc's
 * site, and the edge cases (NULL, size 0, failure, a pointer the SDK never handed out). */
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static hl_test_record_t records[1024];

static void realloc_of_null_is_an_r_record_from_zero(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    char *p = realloc(hl_test_opaque(NULL), 10); /* GCC turns a visible realloc(NULL) into malloc */
    HL_CHECK(p != NULL);
    size_t count = hl_test_records(records, 1024);
    const hl_test_record_t *r = hl_test_find(records, count, 'R', 0);
    HL_CHECK(r != NULL);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 0);
    HL_CHECK_EQ(hl_test_hex(r, 2), 0);
    HL_CHECK_EQ(hl_test_hex(r, 3), (uintptr_t)p);
    HL_CHECK_EQ(hl_test_hex(r, 4), 10);
    free(p);
}

static void growing_and_shrinking_keep_the_contents(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    unsigned char *p = malloc(32);
    for (int i = 0; i < 32; i++) {
        p[i] = (unsigned char)i;
    }
    uintptr_t before = (uintptr_t)p;
    p = realloc(p, 4000);
    HL_CHECK(p != NULL);
    for (int i = 0; i < 32; i++) {
        HL_CHECK_EQ(p[i], i);
    }
    memset(p + 32, 0xee, 4000 - 32); /* the whole new size is usable */
    uintptr_t grown = (uintptr_t)p;
    p = realloc(p, 5);
    for (int i = 0; i < 5; i++) {
        HL_CHECK_EQ(p[i], i);
    }
    uintptr_t shrunk = (uintptr_t)p;
    free(p);

    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 2);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
    const hl_test_record_t *first = hl_test_find(records, count, 'R', 0);
    const hl_test_record_t *second = hl_test_find(records, count, 'R', 1);
    HL_CHECK_EQ(hl_test_hex(first, 2), before);
    HL_CHECK_EQ(hl_test_hex(first, 3), grown);
    HL_CHECK_EQ(hl_test_hex(first, 4), 4000);
    HL_CHECK_EQ(hl_test_hex(second, 2), grown);
    HL_CHECK_EQ(hl_test_hex(second, 3), shrunk);
    HL_CHECK_EQ(hl_test_hex(second, 4), 5);
    const hl_test_record_t *f = hl_test_find(records, count, 'F', 0);
    HL_CHECK_EQ(hl_test_hex(f, 2), shrunk);
}

static __attribute__((noinline)) void *allocate_here(size_t size)
{
    return malloc(size);
}

static __attribute__((noinline)) void *reallocate_here(void *p, size_t size)
{
    return realloc(p, size);
}

static void the_ledger_moves_the_block_to_the_realloc_site(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *p = allocate_here(100);
    p = reallocate_here(p, 300);
    hl_site_stats_t rows[4];
    HL_CHECK_EQ(hl_site_rows(rows, 4), 2);
    const hl_site_stats_t *allocated = rows[0].allocs == 1 && rows[0].frees == 1 ? &rows[0] : &rows[1];
    const hl_site_stats_t *reallocated = allocated == &rows[0] ? &rows[1] : &rows[0];
    HL_CHECK_EQ(allocated->live_count, 0);
    HL_CHECK_EQ(allocated->live_bytes, 0);
    HL_CHECK_EQ(allocated->peak_live_bytes, 100);
    HL_CHECK_EQ(reallocated->allocs, 1);
    HL_CHECK_EQ(reallocated->live_count, 1);
    HL_CHECK_EQ(reallocated->live_bytes, 300);
    free(p);
}

static void realloc_to_zero_frees(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    void *p = malloc(8);
    uintptr_t address = (uintptr_t)p;
    volatile size_t zero = 0;
    HL_CHECK(realloc(p, zero) == NULL);
    size_t count = hl_test_records(records, 1024);
    const hl_test_record_t *f = hl_test_find(records, count, 'F', 0);
    HL_CHECK(f != NULL);
    HL_CHECK_EQ(hl_test_hex(f, 2), address);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 0);
}

static void a_failed_realloc_leaves_the_block_as_it_was(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    char *p = malloc(20);
    strcpy(p, "still here");
    hl_test_fail_next_allocs = 1;
    HL_CHECK(realloc(hl_test_opaque(p), 100000) == NULL);
    HL_CHECK(strcmp(p, "still here") == 0);
    hl_site_stats_t rows[2];
    HL_CHECK_EQ(hl_site_rows(rows, 2), 1);
    HL_CHECK_EQ(rows[0].live_count, 1);
    HL_CHECK_EQ(rows[0].live_bytes, 20);
    free(p);
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 1);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
}

static void realloc_of_a_foreign_pointer_is_a_guard_error(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    static uint64_t buffer[8] __attribute__((aligned(16)));
    HL_CHECK(realloc(hl_test_opaque(&buffer[4]), 64) == NULL);
    size_t count = hl_test_records(records, 1024);
    const hl_test_record_t *g = hl_test_find(records, count, 'G', 0);
    char error[32];
    HL_CHECK(g != NULL);
    HL_CHECK(strcmp(hl_test_word(g, 1, error, sizeof error), "invalid-free") == 0);
    HL_CHECK_EQ(hl_test_asserts, 1);
}

int main(void)
{
    hl_test_run("realloc_of_null_is_an_r_record_from_zero", realloc_of_null_is_an_r_record_from_zero);
    hl_test_run("growing_and_shrinking_keep_the_contents", growing_and_shrinking_keep_the_contents);
    hl_test_run("the_ledger_moves_the_block_to_the_realloc_site", the_ledger_moves_the_block_to_the_realloc_site);
    hl_test_run("realloc_to_zero_frees", realloc_to_zero_frees);
    hl_test_run("a_failed_realloc_leaves_the_block_as_it_was", a_failed_realloc_leaves_the_block_as_it_was);
    hl_test_run("realloc_of_a_foreign_pointer_is_a_guard_error", realloc_of_a_foreign_pointer_is_a_guard_error);
    return hl_test_finish();
}
