/*
 * Default platform hooks for a target with no port of its own (cross builds): everything is safe
 * and quiet until the firmware defines the hooks it has. A firmware needs at least
 * hl_platform_output (else nothing is written) and hl_platform_time_ms (else samples never come
 * due). ports/README.md shows FreeRTOS, ESP-IDF and Zephyr versions.
 */
#include <stdlib.h>

#include "heapledger/hl_platform.h"

/* Single-threaded until the firmware says otherwise. */
__attribute__((weak)) void hl_platform_lock(void)
{
}

__attribute__((weak)) void hl_platform_unlock(void)
{
}

__attribute__((weak)) uint64_t hl_platform_time_ms(void)
{
    return 0;
}

__attribute__((weak)) void hl_platform_output(const char *line, size_t length)
{
    (void)line;
    (void)length;
}

__attribute__((weak)) bool hl_platform_heap_stats(hl_heap_stats_t *out)
{
    (void)out;
    return false;
}

__attribute__((weak)) void hl_platform_assert(const hl_guard_report_t *report, bool halt)
{
    (void)report;
    if (halt) {
        abort();
    }
}

__attribute__((weak)) size_t hl_platform_build_id(uint8_t *out, size_t capacity)
{
    (void)out;
    (void)capacity;
    return 0;
}

__attribute__((weak)) void hl_platform_configure(hl_config_t *config)
{
    (void)config;
}

__attribute__((weak)) void hl_platform_started(void)
{
}
