/*
 * Heap figures for a heartbeat: how much of the fixed arena is used, free, and free in one piece.
 *
 * mallinfo() gives the totals but not the largest free block, and fragmentation is exactly what
 * makes a device whose free total looks healthy fail an allocation. So the free list is walked
 * here. That relies on newlib-nano's layout (nano-mallocr.c: a free chunk starts with its size,
 * header included, then the next free chunk's address; the list head is __malloc_free_list).
 * With the full newlib malloc that symbol does not exist and the link fails, which is the
 * intended way to find out; if the layout ever changes, the walk's total no longer equals
 * mallinfo's and hl_port_heap_stats() returns false instead of inventing figures.
 */
#include <malloc.h>
#include <reent.h>
#include <stddef.h>

#include "port_internal.h"

extern char __hl_heap_start[];
extern char __hl_heap_end[];

void *_sbrk(ptrdiff_t increment);

typedef struct prv_nano_chunk {
    long size;
    struct prv_nano_chunk *next;
} prv_nano_chunk_t;

extern prv_nano_chunk_t *__malloc_free_list;

bool hl_port_heap_stats(hl_port_heap_stats_t *out)
{
    *out = (hl_port_heap_stats_t){0};
    const size_t arena_bytes = (size_t)(__hl_heap_end - __hl_heap_start);

    __malloc_lock(_REENT);
    const struct mallinfo info = mallinfo();
    char *const heap_break = _sbrk(0);

    /* A corrupted heap must not send the walk off into the weeds or round in a circle: every
     * chunk lies inside what malloc has claimed, and there cannot be more chunks than fit. */
    size_t free_list_bytes = 0;
    size_t largest_chunk_bytes = 0;
    size_t chunks_left = arena_bytes / sizeof(prv_nano_chunk_t);
    bool sane = true;
    for (const prv_nano_chunk_t *chunk = __malloc_free_list; chunk != NULL; chunk = chunk->next) {
        const char *start = (const char *)chunk;
        if (chunks_left-- == 0 || start < __hl_heap_start || start >= heap_break || chunk->size <= 0 ||
            chunk->size > heap_break - start) {
            sane = false;
            break;
        }
        free_list_bytes += (size_t)chunk->size;
        if ((size_t)chunk->size > largest_chunk_bytes) {
            largest_chunk_bytes = (size_t)chunk->size;
        }
    }
    __malloc_unlock(_REENT);

    if (!sane || free_list_bytes != info.fordblks) {
        return false;
    }

    const size_t claimed_bytes = (size_t)(heap_break - __hl_heap_start);
    const size_t never_claimed_bytes = arena_bytes - claimed_bytes;
    out->arena_bytes = arena_bytes;
    out->used_bytes = info.uordblks;
    out->free_bytes = arena_bytes - info.uordblks;
    out->largest_free_bytes = largest_chunk_bytes > never_claimed_bytes ? largest_chunk_bytes : never_claimed_bytes;
    out->claimed_bytes = claimed_bytes;
    return true;
}
