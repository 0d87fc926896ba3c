/*
 * The harness and the fake platform hooks (strong definitions: they win over the library's weak
 * defaults).
 */
#include "hl_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl_internal.h"

/* The harness must not allocate through the wrapped malloc: that would be recorded. */
extern void *__real_malloc(size_t size);
extern void *__real_realloc(void *ptr, size_t size);
extern void __real_free(void *ptr);

static unsigned prv_failures;
static const char *prv_current = "";

uint64_t hl_test_now_ms;
hl_heap_stats_t hl_test_heap;
unsigned hl_test_fail_next_allocs;
bool hl_test_output_allocates;
unsigned hl_test_asserts;
hl_guard_report_t hl_test_last_assert;
bool hl_test_last_assert_halt;

static hl_config_t prv_config;

/* Big enough for the thread test's trace; static so that the harness needs no heap. */
static char prv_output[8u << 20];
static size_t prv_output_length;
static bool prv_output_overflowed;

void hl_test_fail(const char *file, int line, const char *what)
{
    prv_failures++;
    fprintf(stderr, "FAIL %s: %s:%d: %s\n", prv_current, file, line, what);
}

void hl_test_fail_u64(const char *file, int line, const char *what, uint64_t actual, uint64_t expected)
{
    prv_failures++;
    fprintf(stderr, "FAIL %s: %s:%d: %s: got 0x%llx, expected 0x%llx\n", prv_current, file, line, what,
            (unsigned long long)actual, (unsigned long long)expected);
}

static void prv_reset(void)
{
    hl_core_reset();
    prv_output_length = 0;
    prv_output_overflowed = false;
    hl_test_now_ms = 0;
    hl_test_heap.free_bytes = 0x8000;
    hl_test_heap.min_free_bytes = 0x7000;
    hl_test_heap.largest_free_block = 0x4000;
    hl_test_heap.heap_size = 0x10000;
    hl_test_fail_next_allocs = 0;
    hl_test_output_allocates = false;
    hl_test_asserts = 0;
    memset(&hl_test_last_assert, 0, sizeof hl_test_last_assert);
    hl_test_last_assert_halt = false;
    hl_config_defaults(&prv_config);
    prv_config.mode = HL_MODE_TRACE;
    prv_config.sample_ms = 1000;
}

void hl_test_run(const char *name, void (*test)(void))
{
    unsigned before = prv_failures;
    prv_current = name;
    prv_reset();
    test();
    if (prv_output_overflowed) {
        hl_test_fail(__FILE__, __LINE__, "captured output overflowed its buffer");
    }
    printf("%s %s\n", prv_failures == before ? "ok  " : "FAIL", name);
    fflush(stdout);
}

int hl_test_finish(void)
{
    printf("%u failure(s)\n", prv_failures);
    return prv_failures == 0 ? 0 : 1;
}

void hl_test_start(hl_mode_t mode, uint32_t sample_ms)
{
    prv_config.mode = mode;
    prv_config.sample_ms = sample_ms;
    HL_CHECK_EQ(hl_init(&prv_config), HL_OK);
}

void hl_test_churn(unsigned pairs, size_t size)
{
    for (unsigned i = 0; i < pairs; i++) {
        void *volatile block = malloc(size);
        free(block);
    }
}

const char *hl_test_output(size_t *length)
{
    *length = prv_output_length;
    return prv_output;
}

size_t hl_test_records(hl_test_record_t *out, size_t capacity)
{
    size_t count = 0;
    size_t offset = 0;
    while (offset < prv_output_length) {
        const char *line = prv_output + offset;
        const char *newline = memchr(line, '\n', prv_output_length - offset);
        if (newline == NULL) {
            hl_test_fail(__FILE__, __LINE__, "record without a newline at the end of the output");
            break;
        }
        size_t length = (size_t)(newline - line);
        offset += length + 1;
        hl_test_record_t record;
        const char *reason = "";
        if (!hl_test_parse_line(line, length, &record, &reason)) {
            fprintf(stderr, "  bad record (%s): %.*s\n", reason, (int)length, line);
            hl_test_fail(__FILE__, __LINE__, "every line written is a valid record");
            continue;
        }
        if (record.seq != count) {
            hl_test_fail_u64(__FILE__, __LINE__, "sequence numbers run on from 0", record.seq, count);
        }
        if (count < capacity) {
            out[count] = record;
        }
        count++;
    }
    if (count > capacity) {
        hl_test_fail(__FILE__, __LINE__, "more records than the test expected room for");
        count = capacity;
    }
    return count;
}

/* ---- Hooks ---- */

void hl_platform_output(const char *line, size_t length)
{
    if (hl_test_output_allocates) {
        /* Comes back into the SDK with its lock held: must be neither recorded nor deadlock. */
        char *copy = malloc(length + 1);
        if (copy != NULL) {
            memcpy(copy, line, length);
            char *bigger = realloc(copy, length + 64);
            copy = bigger != NULL ? bigger : copy;
        }
        free(copy);
    }
    if (prv_output_length + length > sizeof prv_output) {
        prv_output_overflowed = true;
        return;
    }
    memcpy(prv_output + prv_output_length, line, length);
    prv_output_length += length;
}

uint64_t hl_platform_time_ms(void)
{
    return hl_test_now_ms;
}

bool hl_platform_heap_stats(hl_heap_stats_t *out)
{
    *out = hl_test_heap;
    return true;
}

void hl_platform_assert(const hl_guard_report_t *report, bool halt)
{
    hl_test_asserts++;
    hl_test_last_assert = *report;
    hl_test_last_assert_halt = halt;
}

void hl_platform_configure(hl_config_t *config)
{
    *config = prv_config;
}

void *hl_platform_alloc(size_t size)
{
    if (hl_test_fail_next_allocs > 0) {
        hl_test_fail_next_allocs--;
        return NULL;
    }
    return __real_malloc(size);
}

void *hl_platform_realloc(void *ptr, size_t size)
{
    if (hl_test_fail_next_allocs > 0) {
        hl_test_fail_next_allocs--;
        return NULL;
    }
    return __real_realloc(ptr, size);
}

void hl_platform_free(void *ptr)
{
    __real_free(ptr);
}
