/* Several threads allocating at once: no lost counts, a gapless sequence, and a hook that
 * allocates while the SDK's mutex is really held (once a second thread exists, the hosted lock
 * stops skipping the mutex). */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hl_internal.h"
#include "hl_test.h"

#define THREADS 4

static hl_test_record_t records[40000];
static unsigned prv_pairs;

static void *churn(void *argument)
{
    unsigned seed = (unsigned)(uintptr_t)argument;
    void *held[8] = {NULL};
    for (unsigned i = 0; i < prv_pairs; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned slot = (seed >> 16) % 8;
        if (held[slot] != NULL) {
            free(held[slot]);
            held[slot] = NULL;
        }
        held[slot] = (seed & 1) ? malloc(16 + (seed >> 24)) : calloc(1, 8 + (seed >> 25));
        if ((seed & 6) == 6) {
            void *bigger = realloc(held[slot], 300);
            if (bigger != NULL) {
                held[slot] = bigger;
            }
        }
    }
    for (int slot = 0; slot < 8; slot++) {
        free(held[slot]);
    }
    return NULL;
}

static void run_threads(unsigned pairs)
{
    pthread_t threads[THREADS];
    prv_pairs = pairs;
    for (uintptr_t i = 0; i < THREADS; i++) {
        HL_CHECK_EQ(pthread_create(&threads[i], NULL, churn, (void *)(i + 1)), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
    }
}

static void counts_add_up_across_threads(void)
{
    hl_test_start(HL_MODE_LEDGER, 1);
    run_threads(20000);
    hl_site_stats_t rows[16];
    size_t used = hl_site_rows(rows, 16);
    uint64_t allocs = 0;
    uint64_t frees = 0;
    for (size_t i = 0; i < used && i < 16; i++) {
        allocs += rows[i].allocs;
        frees += rows[i].frees;
        HL_CHECK_EQ(rows[i].live_count, 0);
        HL_CHECK_EQ(rows[i].live_bytes, 0);
    }
    HL_CHECK(allocs >= THREADS * 20000u);
    HL_CHECK_EQ(allocs, frees);
    hl_counters_t counters;
    hl_get_counters(&counters);
    HL_CHECK_EQ(counters.guard_errors, 0);
}

static void the_trace_stays_consistent_across_threads(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    run_threads(2000);
    size_t count = hl_test_records(records, 40000); /* checks CRCs and the sequence */
    size_t allocations = hl_test_count(records, count, 'A');
    size_t reallocations = hl_test_count(records, count, 'R');
    size_t frees = hl_test_count(records, count, 'F');
    HL_CHECK(allocations >= THREADS * 2000u);
    HL_CHECK_EQ(allocations, frees);
    HL_CHECK(reallocations > 0);
    HL_CHECK_EQ(hl_test_count(records, count, 'G'), 0);
    /* Replay: no address is allocated twice without a free between (realloc frees the old and
     * allocates the new), so the records reached the output in the order they happened. */
    enum { SLOTS = 1 << 16 };
    static uint64_t live[SLOTS];
    memset(live, 0, sizeof live);
    size_t errors = 0;
    for (size_t i = 0; i < count; i++) {
        uint64_t address_in = 0;
        uint64_t address_out = 0;
        if (records[i].kind == 'A') {
            address_in = hl_test_hex(&records[i], 2);
        } else if (records[i].kind == 'F') {
            address_out = hl_test_hex(&records[i], 2);
        } else if (records[i].kind == 'R') {
            address_out = hl_test_hex(&records[i], 2);
            address_in = hl_test_hex(&records[i], 3);
        }
        if (address_out != 0) {
            size_t slot = (size_t)(address_out >> 4) % SLOTS;
            while (live[slot] != 0 && live[slot] != address_out) {
                slot = (slot + 1) % SLOTS;
            }
            errors += live[slot] != address_out;
            /* Remove by re-inserting the rest of the run (a small linear-probing delete). */
            if (live[slot] == address_out) {
                live[slot] = 0;
                size_t next = (slot + 1) % SLOTS;
                while (live[next] != 0) {
                    uint64_t moved = live[next];
                    live[next] = 0;
                    size_t home = (size_t)(moved >> 4) % SLOTS;
                    while (live[home] != 0) {
                        home = (home + 1) % SLOTS;
                    }
                    live[home] = moved;
                    next = (next + 1) % SLOTS;
                }
            }
        }
        if (address_in != 0) {
            size_t slot = (size_t)(address_in >> 4) % SLOTS;
            while (live[slot] != 0 && live[slot] != address_in) {
                slot = (slot + 1) % SLOTS;
            }
            errors += live[slot] == address_in;
            live[slot] = address_in;
        }
    }
    HL_CHECK_EQ(errors, 0);
}

static void a_hook_that_allocates_is_neither_recorded_nor_deadlocked(void)
{
    hl_test_start(HL_MODE_TRACE, 0);
    hl_test_output_allocates = true;
    void *volatile p = malloc(10);
    p = realloc(p, 20);
    free(p);
    hl_test_output_allocates = false;
    size_t count = hl_test_records(records, 40000);
    HL_CHECK_EQ(hl_test_count(records, count, 'A'), 1);
    HL_CHECK_EQ(hl_test_count(records, count, 'R'), 1);
    HL_CHECK_EQ(hl_test_count(records, count, 'F'), 1);
    hl_site_stats_t rows[4];
    HL_CHECK_EQ(hl_site_rows(rows, 4), 2); /* the malloc's and the realloc's, nothing from the hook */
}

static volatile int prv_stop;

static void *churn_until_stopped(void *unused)
{
    (void)unused;
    while (!prv_stop) {
        hl_test_churn(100, 32);
    }
    return NULL;
}

static void a_child_forked_while_another_thread_allocates_can_allocate(void)
{
    hl_test_start(HL_MODE_LEDGER, 0);
    pthread_t thread;
    prv_stop = 0;
    HL_CHECK_EQ(pthread_create(&thread, NULL, churn_until_stopped, NULL), 0);
    for (int i = 0; i < 50; i++) {
        pid_t child = fork();
        if (child == 0) {
            /* Would hang forever if the SDK's mutex had been copied while the other thread held it. */
            hl_test_churn(10, 64);
            _exit(0);
        }
        int status = -1;
        waitpid(child, &status, 0);
        HL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    prv_stop = 1;
    pthread_join(thread, NULL);
}

int main(void)
{
    hl_test_run("counts_add_up_across_threads", counts_add_up_across_threads);
    hl_test_run("the_trace_stays_consistent_across_threads", the_trace_stays_consistent_across_threads);
    hl_test_run("a_hook_that_allocates_is_neither_recorded_nor_deadlocked",
                a_hook_that_allocates_is_neither_recorded_nor_deadlocked);
    hl_test_run("a_child_forked_while_another_thread_allocates_can_allocate",
                a_child_forked_while_another_thread_allocates_can_allocate);
    return hl_test_finish();
}
