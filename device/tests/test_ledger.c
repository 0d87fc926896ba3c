/* Per-site counts, the overflow row, samples and snapshots, and the two modes, through the
 * wrapped malloc (this program is linked with --wrap). */
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static hl_test_record_t records[8192];

/* Different bodies, so that identical-code folding cannot merge them into one site. */
static volatile unsigned sink_a, sink_b;

static __attribute__((noinline)) void *alloc_from_a(size_t size)
{
    void *p = malloc(size);
    sink_a += 1;
    return p;
}

static __attribute__((noinline)) void *alloc_from_b(size_t size)
{
    void *p = malloc(size);
    sink_b += 2;
    return p;
}

static const hl_site_stats_t *row_with_allocs(const hl_site_stats_t *rows, size_t count, uint32_t allocs)
{
    for (size_t i = 0; i < count; i++) {
        if (rows[i].allocs == allocs) {
            return &rows[i];
        }
    }
    return NULL;
}

static void each_call_site_gets_its_own_counts(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    void *a[5];
    void *b[3];
    for (int i = 0; i < 5; i++) {
        a[i] = alloc_from_a(100);
    }
    for (int i = 0; i < 3; i++) {
        b[i] = alloc_from_b(40);
    }
    free(a[0]);
    free(a[1]);
    free(b[0]);

    hl_site_stats_t rows[8];
    HL_CHECK_EQ(hl_site_rows(rows, 8), 2);
    const hl_site_stats_t *site_a = row_with_allocs(rows, 2, 5);
    const hl_site_stats_t *site_b = row_with_allocs(rows, 2, 3);
    HL_CHECK(site_a != NULL && site_b != NULL);
    if (site_a == NULL || site_b == NULL) {
        return;
    }
    HL_CHECK(site_a->site != site_b->site);
    HL_CHECK_EQ(site_a->frees, 2);
    HL_CHECK_EQ(site_a->live_count, 3);
    HL_CHECK_EQ(site_a->live_bytes, 300);
    HL_CHECK_EQ(site_a->peak_live_bytes, 500);
    HL_CHECK_EQ(site_b->frees, 1);
    HL_CHECK_EQ(site_b->live_count, 2);
    HL_CHECK_EQ(site_b->live_bytes, 80);
    HL_CHECK_EQ(site_b->peak_live_bytes, 120);

    hl_site_stats_t one;
    HL_CHECK(hl_site_stats(site_a->site, &one));
    HL_CHECK_EQ(one.allocs, 5);
    HL_CHECK(!hl_site_stats(0x1234, &one));

    hl_test_now_ms = 0x2710;
    hl_emit_snapshot();
    size_t count = hl_test_records(records, 8192);
    const hl_test_record_t *last_l = hl_test_find(records, count, 'L', 1);
    HL_CHECK(last_l != NULL);
    HL_CHECK_EQ(hl_test_count(records, count, 'L'), 2);
    for (size_t i = 0; i < 2; i++) {
        const hl_test_record_t *l = hl_test_find(records, count, 'L', i);
        HL_CHECK_EQ(hl_test_hex(l, 0), 0x2710);
        uint64_t site = hl_test_hex(l, 1);
        const hl_site_stats_t *row = site == site_a->site ? site_a : site_b;
        HL_CHECK_EQ(site, row->site);
        HL_CHECK_EQ(hl_test_hex(l, 2), row->allocs);
        HL_CHECK_EQ(hl_test_hex(l, 3), row->frees);
        HL_CHECK_EQ(hl_test_hex(l, 4), row->live_count);
        HL_CHECK_EQ(hl_test_hex(l, 5), row->live_bytes);
        HL_CHECK_EQ(hl_test_hex(l, 6), row->peak_live_bytes);
    }
    for (int i = 2; i < 5; i++) {
        free(a[i]);
    }
    free(b[1]);
    free(b[2]);
}

/* 70 distinct call sites, more than the 63 rows a default table has for sites. */
#define ALLOC_AT(i) blocks[i] = malloc(8 + (i));
#define ALLOC_10(base)                                                                             \
    ALLOC_AT(base + 0) ALLOC_AT(base + 1) ALLOC_AT(base + 2) ALLOC_AT(base + 3) ALLOC_AT(base + 4) \
    ALLOC_AT(base + 5) ALLOC_AT(base + 6) ALLOC_AT(base + 7) ALLOC_AT(base + 8) ALLOC_AT(base + 9)

static void sites_beyond_the_table_share_the_overflow_row(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    static void *blocks[70];
    ALLOC_10(0) ALLOC_10(10) ALLOC_10(20) ALLOC_10(30) ALLOC_10(40) ALLOC_10(50) ALLOC_10(60)

    hl_counters_t counters;
    hl_get_counters(&counters);
    hl_site_stats_t rows[HL_CONFIG_MAX_SITES];
    size_t used = hl_site_rows(rows, HL_CONFIG_MAX_SITES);
    HL_CHECK(used <= HL_CONFIG_MAX_SITES);
    HL_CHECK(counters.sites_overflowed >= 70 - (HL_CONFIG_MAX_SITES - 1));
    HL_CHECK_EQ(rows[0].site, 0); /* the overflow row comes first */
    HL_CHECK_EQ(rows[0].allocs, counters.sites_overflowed);
    HL_CHECK_EQ((used - 1) + counters.sites_overflowed, 70); /* every site is counted once */

    hl_test_now_ms = 5;
    hl_emit_snapshot();
    size_t count = hl_test_records(records, 8192);
    /* The first overflow is reported at once, the rest with the snapshot. */
    const hl_test_record_t *first = hl_test_find(records, count, 'O', 0);
    const hl_test_record_t *later = hl_test_find(records, count, 'O', 1);
    HL_CHECK(first != NULL && later != NULL);
    char table[16];
    HL_CHECK(strcmp(hl_test_word(first, 1, table, sizeof table), "sites") == 0);
    HL_CHECK_EQ(hl_test_hex(first, 2), 1);
    HL_CHECK_EQ(hl_test_hex(later, 2), counters.sites_overflowed);
    /* Every allocation still has its A record with its own site. */
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 70);
    bool overflow_row_written = false;
    for (size_t i = 0; i < hl_test_count(records, count, 'L'); i++) {
        const hl_test_record_t *l = hl_test_find(records, count, 'L', i);
        if (hl_test_hex(l, 1) == 0) {
            overflow_row_written = true;
            HL_CHECK_EQ(hl_test_hex(l, 2), counters.sites_overflowed);
        }
    }
    HL_CHECK(overflow_row_written);
    for (int i = 0; i < 70; i++) {
        free(blocks[i]);
    }
    HL_CHECK(hl_site_stats(0, &rows[0]));
    HL_CHECK_EQ(rows[0].live_count, 0);
    HL_CHECK_EQ(rows[0].live_bytes, 0);
}

static void ledger_mode_writes_no_allocation_records(void)
{
    hl_test_start(HL_MODE_LEDGER, 1000);
    void *p = malloc(10);
    p = realloc(p, 20);
    void *q = calloc(2, 2);
    free(p);
    free(q);
    hl_emit_snapshot();
    size_t count = hl_test_records(records, 8192);
    char mode[16];
    HL_CHECK(strcmp(hl_test_word(&records[0], 1, mode, sizeof mode), "ledger") == 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'S'), 2);
    HL_CHECK(hl_test_count(records, count, 'L') >= 2);
}

static void trace_mode_writes_every_call(void)
{
    hl_test_start(HL_MODE_TRACE, 1000);
    void *p = malloc(10);
    p = realloc(p, 20);
    void *q = calloc(2, 2);
    uintptr_t q_address = (uintptr_t)q;
    free(p);
    free(q);
    size_t count = hl_test_records(records, 8192);
    char mode[16];
    HL_CHECK(records[0].kind == 'H');
    HL_CHECK(strcmp(hl_test_word(&records[0], 1, mode, sizeof mode), "trace") == 0);
    HL_CHECK_EQ(hl_test_hex(&records[0], 0), 1);
    HL_CHECK(records[1].kind == 'S'); /* the boot sample */
    HL_CHECK_EQ(hl_test_hex(&records[1], 1), 0x8000);
    HL_CHECK_EQ(hl_test_hex(&records[1], 2), 0x7000);
    HL_CHECK_EQ(hl_test_hex(&records[1], 3), 0x4000);
    HL_CHECK_EQ(hl_test_hex(&records[1], 4), 0x10000);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 2);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 1);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 2);
    const hl_test_record_t *a = hl_test_find(records, count, 'A', 1);
    HL_CHECK_EQ(hl_test_hex(a, 2), q_address);
    HL_CHECK_EQ(hl_test_hex(a, 3), 4);
}

static void samples_come_every_period_in_ledger_mode(void)
{
    hl_test_start(HL_MODE_LEDGER, 1000);
    void *keep = malloc(1);
    hl_test_now_ms = 999;
    hl_test_churn(64, 16);
    hl_test_now_ms = 1000;
    /* The clock is read every HL_CONFIG_CLOCK_EVERY calls in ledger mode. */
    hl_test_churn(HL_CONFIG_CLOCK_EVERY, 16);
    hl_test_now_ms = 1500;
    hl_poll(); /* not due: the last sample was at 1000 */
    hl_test_now_ms = 2500;
    hl_poll();
    size_t count = hl_test_records(records, 8192);
    HL_CHECK_EQ(hl_test_count(records, count, 'S'), 3);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'S', 0), 0), 0);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'S', 1), 0), 1000);
    HL_CHECK_EQ(hl_test_hex(hl_test_find(records, count, 'S', 2), 0), 2500);
    /* Each sample is followed by the snapshot of the same time. */
    const hl_test_record_t *l = hl_test_find(records, count, 'L', 0);
    HL_CHECK(l != NULL && l[-1].kind == 'S');
    HL_CHECK_EQ(hl_test_hex(l, 0), 1000);
    free(keep);
}

static void samples_come_on_the_first_call_after_the_period_in_trace_mode(void)
{
    hl_test_start(HL_MODE_TRACE, 1000);
    hl_test_now_ms = 1000;
    void *volatile p = malloc(3);
    size_t count = hl_test_records(records, 8192);
    HL_CHECK(records[count - 1].kind == 'L' || records[count - 1].kind == 'S');
    HL_CHECK_EQ(hl_test_count(records, count, 'S'), 2);
    free(p);
}

static void no_periodic_samples_when_the_period_is_zero(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    hl_test_now_ms = 100000;
    hl_test_churn(1, 3);
    hl_poll();
    size_t count = hl_test_records(records, 8192);
    HL_CHECK_EQ(hl_test_count(records, count, 'S'), 1);
}

static void the_sdk_starts_on_first_use_and_only_once(void)
{
    /* No hl_test_start: the first malloc starts it, with hl_platform_configure's choice. */
    void *volatile p = malloc(5);
    size_t count = hl_test_records(records, 8192);
    HL_CHECK(count >= 3);
    HL_CHECK(records[0].kind == 'H' && records[0].seq == 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'H'), 1);
    hl_config_t config;
    hl_config_defaults(&config);
    HL_CHECK_EQ(hl_init(&config), HL_ERR_ALREADY_STARTED);
    config.mode = (hl_mode_t)7;
    HL_CHECK_EQ(hl_init(&config), HL_ERR_INVALID_ARGUMENT);
    free(p);
}

static void a_failed_allocation_is_not_counted(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    hl_test_fail_next_allocs = 1;
    HL_CHECK(malloc(10) == NULL);
    /* volatile: the compiler would reject the sizes it can see are impossible */
    volatile size_t huge = (size_t)-1;
    HL_CHECK(calloc(huge / 2, 4) == NULL); /* count * size overflows */
    HL_CHECK(malloc(huge) == NULL);        /* size + header overflows */
    size_t count = hl_test_records(records, 8192);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 0);
    hl_site_stats_t rows[4];
    HL_CHECK_EQ(hl_site_rows(rows, 4), 0);
}

static void calloc_zeroes_and_free_of_null_does_nothing(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    unsigned char *p = calloc(7, 9);
    HL_CHECK(p != NULL);
    for (int i = 0; i < 63; i++) {
        HL_CHECK_EQ(p[i], 0);
    }
    free(NULL);
    free(p);
    size_t count = hl_test_records(records, 8192);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 1);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
}

static void the_footprint_meets_the_ram_targets(void)
{
    hl_footprint_t footprint;
    hl_get_footprint(&footprint);
    HL_CHECK(footprint.site_row_bytes <= 32);
    HL_CHECK(footprint.block_header_bytes <= 16);
    HL_CHECK(footprint.block_tail_bytes <= 1);
    HL_CHECK(footprint.tracked_entry_bytes <= 16);
    HL_CHECK(footprint.total_static_bytes < 8192);
}

int main(void)
{
    hl_test_run("each_call_site_gets_its_own_counts", each_call_site_gets_its_own_counts);
    hl_test_run("sites_beyond_the_table_share_the_overflow_row", sites_beyond_the_table_share_the_overflow_row);
    hl_test_run("ledger_mode_writes_no_allocation_records", ledger_mode_writes_no_allocation_records);
    hl_test_run("trace_mode_writes_every_call", trace_mode_writes_every_call);
    hl_test_run("samples_come_every_period_in_ledger_mode", samples_come_every_period_in_ledger_mode);
    hl_test_run("samples_come_on_the_first_call_after_the_period_in_trace_mode",
                samples_come_on_the_first_call_after_the_period_in_trace_mode);
    hl_test_run("no_periodic_samples_when_the_period_is_zero", no_periodic_samples_when_the_period_is_zero);
    hl_test_run("the_sdk_starts_on_first_use_and_only_once", the_sdk_starts_on_first_use_and_only_once);
    hl_test_run("a_failed_allocation_is_not_counted", a_failed_allocation_is_not_counted);
    hl_test_run("calloc_zeroes_and_free_of_null_does_nothing", calloc_zeroes_and_free_of_null_does_nothing);
    hl_test_run("the_footprint_meets_the_ram_targets", the_footprint_meets_the_ram_targets);
    return hl_test_finish();
}
