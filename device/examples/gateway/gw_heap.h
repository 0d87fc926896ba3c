/*
 * The gateway's heap: a fixed arena with a first-fit allocator that coalesces free neighbours, so
 * that it runs out and fragments as a device's heap does. Not thread-safe: the firmware has one
 * thread.
 */
#ifndef GW_HEAP_H
#define GW_HEAP_H

#include <stddef.h>
#include <stdint.h>

#ifndef GW_HEAP_SIZE
#define GW_HEAP_SIZE (64u * 1024u)
#endif

typedef struct {
    size_t size;               /* the arena */
    size_t free_bytes;         /* in free blocks, their headers included */
    size_t min_free_bytes;     /* the lowest free_bytes since boot */
    size_t largest_free_block; /* the largest request that can succeed now */
    uint32_t failed_allocations;
} gw_heap_stats_t;

void gw_heap_init(void);
void *gw_heap_alloc(size_t size);
void *gw_heap_realloc(void *ptr, size_t size);
void gw_heap_free(void *ptr);
void gw_heap_stats(gw_heap_stats_t *out);

#endif /* GW_HEAP_H */
