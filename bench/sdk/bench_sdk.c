/*
 * The HeapLedger SDK's cost per malloc+free pair over plain glibc, on the host.
 *
 * One source, built twice by run.sh: plain (no SDK), and with -DWITH_SDK linked with the --wrap
 * options and libheapledger, so that the loop's malloc and free go through the SDK exactly as a
 * wrapped firmware's would.
 *
 *   bench_sdk MODE PAIRS RUNS [threaded]     MODE: plain | ledger | trace-null
 *   bench_sdk footprint                      (SDK build) the SDK's RAM figures
 *
 * Prints the best of RUNS timings of PAIRS pairs, in ns per pair. "threaded" keeps an idle second
 * thread alive, so that glibc and the SDK both take their locks (a single-threaded process lets
 * both skip them).
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef WITH_SDK
#include "heapledger/heapledger.h"
#endif

static const size_t sizes[8] = {16, 24, 32, 48, 64, 96, 128, 256};

/* Keeps the compiler from pairing up malloc and free and removing both. */
static inline void *opaque(void *pointer)
{
    __asm__ volatile("" : "+r"(pointer));
    return pointer;
}

static __attribute__((noinline)) void pairs(unsigned long count)
{
    for (unsigned long i = 0; i < count; i++) {
        void *block = malloc(sizes[i & 7]);
        free(opaque(block));
    }
}

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_wake = PTHREAD_COND_INITIALIZER;
static int idle_done;

static void *idle(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&idle_lock);
    while (!idle_done) {
        pthread_cond_wait(&idle_wake, &idle_lock);
    }
    pthread_mutex_unlock(&idle_lock);
    return NULL;
}

int main(int argc, char **argv)
{
#ifdef WITH_SDK
    if (argc == 2 && strcmp(argv[1], "footprint") == 0) {
        hl_footprint_t footprint;
        hl_get_footprint(&footprint);
        printf("site_row %zu\nheader %zu\ntail %zu\ntracked_entry %zu\ncontract_entry %zu\ntotal_static %zu\n",
               footprint.site_row_bytes, footprint.block_header_bytes, footprint.block_tail_bytes,
               footprint.tracked_entry_bytes, footprint.contract_entry_bytes, footprint.total_static_bytes);
        return 0;
    }
#endif
    if (argc < 4) {
        fprintf(stderr, "usage: bench_sdk plain|ledger|trace-null PAIRS RUNS [threaded]\n");
        return 2;
    }
    const char *mode = argv[1];
    unsigned long count = strtoul(argv[2], NULL, 10);
    int runs = atoi(argv[3]);
    int threaded = argc > 4 && strcmp(argv[4], "threaded") == 0;

#ifdef WITH_SDK
    hl_config_t config;
    hl_config_defaults(&config);
    config.mode = strcmp(mode, "trace-null") == 0 ? HL_MODE_TRACE : HL_MODE_LEDGER;
    config.sample_ms = 1000;
    hl_set_null_output(1); /* records are formatted and numbered, then dropped */
    if (hl_init(&config) != HL_OK) {
        return 1;
    }
#else
    if (strcmp(mode, "plain") != 0) {
        fprintf(stderr, "this build has no SDK: mode must be plain\n");
        return 2;
    }
#endif

    pthread_t thread;
    if (threaded && pthread_create(&thread, NULL, idle, NULL) != 0) {
        return 1;
    }
    pairs(100000); /* warm up: glibc's tcache, the SDK's row for this site */
    double best = 1e300;
    for (int run = 0; run < runs; run++) {
        double start = now_ns();
        pairs(count);
        double per_pair = (now_ns() - start) / (double)count;
        if (per_pair < best) {
            best = per_pair;
        }
    }
    printf("%.2f\n", best);
    if (threaded) {
        pthread_mutex_lock(&idle_lock);
        idle_done = 1;
        pthread_cond_signal(&idle_wake);
        pthread_mutex_unlock(&idle_lock);
        pthread_join(thread, NULL);
    }
    return 0;
}
