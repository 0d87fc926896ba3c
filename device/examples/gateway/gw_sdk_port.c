/*
 * HeapLedger platform hooks that belong to the gateway rather than to the host: its heap is the
 * arena, its clock the simulated uptime. (Output goes to the console: platform_host.c.)
 */
#include "gw_heap.h"
#include "gw_platform.h"
#include "heapledger/hl_platform.h"

void *hl_platform_alloc(size_t size)
{
    return gw_heap_alloc(size);
}

void *hl_platform_realloc(void *ptr, size_t size)
{
    return gw_heap_realloc(ptr, size);
}

void hl_platform_free(void *ptr)
{
    gw_heap_free(ptr);
}

bool hl_platform_heap_stats(hl_heap_stats_t *out)
{
    gw_heap_stats_t stats;
    gw_heap_stats(&stats);
    out->free_bytes = stats.free_bytes;
    out->min_free_bytes = stats.min_free_bytes;
    out->largest_free_block = stats.largest_free_block;
    out->heap_size = stats.size;
    return true;
}

uint64_t hl_platform_time_ms(void)
{
    return gw_uptime_ms();
}

/* The gateway writes its last snapshot itself when the simulated uptime ends, before its
 * summary line; the hosted port's exit snapshot would only repeat it. */
void hl_platform_started(void)
{
}
