/*
 * A small harness for the SDK's host tests: checks that report and carry on, and strong
 * definitions of the platform hooks that capture records, fake the clock and the heap figures,
 * count guard reports and can make the allocator fail. Test programs are linked with --wrap, so
 * their own malloc calls are recorded like any program's.
 */
#ifndef HL_TEST_H
#define HL_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heapledger/hl_platform.h"
#include "hl_test_records.h"

/* ---- Checks ---- */

void hl_test_fail(const char *file, int line, const char *what);
void hl_test_fail_u64(const char *file, int line, const char *what, uint64_t actual, uint64_t expected);

#define HL_CHECK(condition)                                 \
    do {                                                    \
        if (!(condition)) {                                 \
            hl_test_fail(__FILE__, __LINE__, #condition);   \
        }                                                   \
    } while (0)

#define HL_CHECK_EQ(actual, expected)                                                               \
    do {                                                                                            \
        uint64_t hl_actual_ = (uint64_t)(actual);                                                   \
        uint64_t hl_expected_ = (uint64_t)(expected);                                               \
        if (hl_actual_ != hl_expected_) {                                                           \
            hl_test_fail_u64(__FILE__, __LINE__, #actual " == " #expected, hl_actual_, hl_expected_); \
        }                                                                                           \
    } while (0)

/* Hides where a pointer came from, for tests that misuse memory on purpose: GCC would otherwise
 * refuse to compile a double free it can see. */
static inline void *hl_test_opaque(void *pointer)
{
    __asm__ volatile("" : "+r"(pointer));
    return pointer;
}

/* Runs one test case on a freshly reset SDK (trace mode, 1000 ms samples, clock at 0). */
void hl_test_run(const char *name, void (*test)(void));

/* Exit status for main(): 0 when every check passed. */
int hl_test_finish(void);

/* `pairs` malloc/free pairs of `size` bytes that the compiler cannot optimise away (it removes a
 * malloc whose block is only freed). */
void hl_test_churn(unsigned pairs, size_t size);

/* Starts the SDK in `mode` with `sample_ms`. */
void hl_test_start(hl_mode_t mode, uint32_t sample_ms);

/* ---- Fakes ---- */

extern uint64_t hl_test_now_ms;          /* what hl_platform_time_ms returns */
extern hl_heap_stats_t hl_test_heap;     /* what hl_platform_heap_stats reports */
extern unsigned hl_test_fail_next_allocs; /* this many next underlying alloc/realloc calls fail */
extern bool hl_test_output_allocates;    /* the output hook calls malloc and free, as a careless one might */
extern unsigned hl_test_asserts;         /* hl_platform_assert calls since the reset */
extern hl_guard_report_t hl_test_last_assert;
extern bool hl_test_last_assert_halt;

/* ---- Captured records ---- */

/* Parses everything written since the reset into `out`, checking that each line is a record, that
 * its CRC is right and that the sequence runs on without a gap. Returns the number of records. */
size_t hl_test_records(hl_test_record_t *out, size_t capacity);

/* Raw captured output, for tests that look at the text itself. */
const char *hl_test_output(size_t *length);

#endif /* HL_TEST_H */
