/* Ownership contracts: an overdue pointer is reported once, one released in time never, and a
 * full table is counted. */
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static hl_test_record_t records[1024];

static void a_pointer_released_in_time_is_never_reported(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    void *frame = malloc(40);
    HL_CHECK(hl_expect_release(frame, 5000, "modem frame"));
    hl_test_now_ms = 4000;
    hl_poll();
    free(frame);
    hl_test_now_ms = 60000;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
}

static void an_overdue_pointer_is_reported_once_with_its_site_and_age(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    hl_test_now_ms = 100;
    void *frame = malloc(40);
    HL_CHECK(hl_expect_release(frame, 5000, "modem rx retry frame"));
    hl_test_now_ms = 5100; /* exactly at the deadline: not late yet */
    hl_poll();
    hl_test_now_ms = 6100;
    hl_poll();
    hl_test_now_ms = 60000;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 1);
    const hl_test_record_t *c = hl_test_find(records, count, 'C', 0);
    const hl_test_record_t *a = hl_test_find(records, count, 'A', 0);
    HL_CHECK_EQ(hl_test_hex(c, 0), 6100);
    HL_CHECK_EQ(hl_test_hex(c, 1), (uintptr_t)frame);
    HL_CHECK_EQ(hl_test_hex(c, 2), hl_test_hex(a, 1)); /* where the frame was allocated */
    HL_CHECK_EQ(hl_test_hex(c, 3), 6000);
    HL_CHECK(strcmp(hl_test_rest(c, 4), "modem rx retry frame") == 0);
    hl_counters_t counters;
    hl_get_counters(&counters);
    HL_CHECK_EQ(counters.contract_violations, 1);
    free(frame); /* late, but fine */
    HL_CHECK_EQ(hl_test_asserts, 0);
}

static void renewing_a_contract_restarts_its_clock(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *frame = malloc(8);
    HL_CHECK(hl_expect_release(frame, 1000, "first"));
    hl_test_now_ms = 900;
    HL_CHECK(hl_expect_release(frame, 1000, "second"));
    hl_test_now_ms = 1500;
    hl_poll();
    hl_test_now_ms = 2000;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 1);
    const hl_test_record_t *c = hl_test_find(records, count, 'C', 0);
    HL_CHECK_EQ(hl_test_hex(c, 0), 2000);
    HL_CHECK(strcmp(hl_test_rest(c, 4), "second") == 0);
    free(frame);
}

static void realloc_ends_the_contract(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *frame = malloc(8);
    HL_CHECK(hl_expect_release(frame, 10, "frame"));
    frame = realloc(frame, 4000);
    hl_test_now_ms = 1000;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 0);
    free(frame);
}

static void only_pointers_the_sdk_knows_can_have_a_contract(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    static uint64_t buffer[8] __attribute__((aligned(16)));
    HL_CHECK(!hl_expect_release(&buffer[4], 10, "static"));
    HL_CHECK(!hl_expect_release(NULL, 10, "null"));
    void *freed = malloc(8);
    free(hl_test_opaque(freed));
    HL_CHECK(!hl_expect_release(freed, 10, "freed"));
    hl_test_now_ms = 1000;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'O'), 0);
}

static void a_full_table_is_counted_and_reported(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *blocks[HL_CONFIG_MAX_CONTRACTS + 2];
    for (size_t i = 0; i < HL_CONFIG_MAX_CONTRACTS + 2; i++) {
        blocks[i] = malloc(16);
        bool added = hl_expect_release(blocks[i], 100, "block");
        HL_CHECK_EQ(added, i < HL_CONFIG_MAX_CONTRACTS);
    }
    hl_counters_t counters;
    hl_get_counters(&counters);
    HL_CHECK_EQ(counters.contracts_overflowed, 2);
    size_t count = hl_test_records(records, 1024);
    const hl_test_record_t *o = hl_test_find(records, count, 'O', 0);
    char table[16];
    HL_CHECK(strcmp(hl_test_word(o, 1, table, sizeof table), "contracts") == 0);
    HL_CHECK_EQ(hl_test_hex(o, 2), 1);
    hl_emit_snapshot(); /* the count so far comes with the next snapshot */
    count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'O', 1), 2), 2);
    for (size_t i = 0; i < HL_CONFIG_MAX_CONTRACTS + 2; i++) {
        free(blocks[i]);
    }
    /* Freed in time: the table is empty again. */
    void *late = malloc(16);
    HL_CHECK(hl_expect_release(late, 100, "late"));
    hl_test_now_ms = 1000;
    hl_poll();
    count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 1);
    free(late);
}

static void custom_allocator_blocks_can_have_contracts(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    static uint8_t pool[4][32] __attribute__((aligned(16)));
    hl_record_alloc(pool[0], 32, 0x1000);
    hl_record_alloc(pool[1], 32, 0x1000);
    HL_CHECK(hl_expect_release(pool[0], 100, "pool block"));
    HL_CHECK(hl_expect_release(pool[1], 100, "pool block"));
    hl_record_free(pool[0], 0x2000);
    hl_test_now_ms = 500;
    hl_poll();
    size_t count = hl_test_records(records, 1024);
    HL_CHECK_EQ(hl_test_count(records, count, 'C'), 1);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'C', 0), 1), (uintptr_t)pool[1]);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'C', 0), 2), 0x1000);
    hl_record_free(pool[1], 0x2000);
}

int main(void)
{
    hl_test_run("a_pointer_released_in_time_is_never_reported", a_pointer_released_in_time_is_never_reported);
    hl_test_run("an_overdue_pointer_is_reported_once_with_its_site_and_age",
                an_overdue_pointer_is_reported_once_with_its_site_and_age);
    hl_test_run("renewing_a_contract_restarts_its_clock", renewing_a_contract_restarts_its_clock);
    hl_test_run("realloc_ends_the_contract", realloc_ends_the_contract);
    hl_test_run("only_pointers_the_sdk_knows_can_have_a_contract", only_pointers_the_sdk_knows_can_have_a_contract);
    hl_test_run("a_full_table_is_counted_and_reported", a_full_table_is_counted_and_reported);
    hl_test_run("custom_allocator_blocks_can_have_contracts", custom_allocator_blocks_can_have_contracts);
    return hl_test_finish();
}
