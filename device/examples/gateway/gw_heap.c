/*
 * First fit over an address-ordered free list. Each block starts with a header holding its size
 * (header included); a free block also holds the link to the next free block in its first bytes.
 * Keeping the free list in address order makes first fit favour low addresses and lets a freed
 * block merge with its free neighbours, found as its list predecessor and successor.
 */
#include "gw_heap.h"

#include <stdbool.h>
#include <string.h>

/* What malloc promises its callers (and the HeapLedger header relies on): two machine words. */
#define ALIGNMENT (2u * sizeof(void *))

typedef struct block {
    size_t size;        /* whole block, a multiple of ALIGNMENT */
    struct block *next; /* next free block by address; meaningless while the block is in use */
} block_t;

/* The header is one alignment unit; `next` lives in the payload of a free block. */
#define HEADER_SIZE ALIGNMENT
#define MIN_BLOCK (HEADER_SIZE + ALIGNMENT)

_Static_assert(sizeof(block_t) <= MIN_BLOCK, "a free block must hold its header and its link");

static union {
    uint8_t bytes[GW_HEAP_SIZE];
    void *pointer_alignment;
    long double widest_alignment;
} s_arena;

static block_t *s_free_list;
static size_t s_free_bytes;
static size_t s_min_free_bytes;
static uint32_t s_failed;
static bool s_ready;

void gw_heap_init(void)
{
    s_free_list = (block_t *)(void *)s_arena.bytes;
    s_free_list->size = GW_HEAP_SIZE & ~(size_t)(ALIGNMENT - 1u);
    s_free_list->next = NULL;
    s_free_bytes = s_free_list->size;
    s_min_free_bytes = s_free_bytes;
    s_failed = 0;
    s_ready = true;
}

static size_t prv_block_size(size_t request)
{
    if (request > GW_HEAP_SIZE) {
        return 0;
    }
    size_t size = (request + HEADER_SIZE + ALIGNMENT - 1u) & ~(size_t)(ALIGNMENT - 1u);
    return size < MIN_BLOCK ? MIN_BLOCK : size;
}

void *gw_heap_alloc(size_t size)
{
    if (!s_ready) {
        gw_heap_init();
    }
    size_t need = prv_block_size(size);
    block_t **link = &s_free_list;
    for (block_t *block = s_free_list; need != 0 && block != NULL; link = &block->next, block = block->next) {
        if (block->size < need) {
            continue;
        }
        if (block->size - need >= MIN_BLOCK) {
            /* Split: the tail stays free, in the same place in the list. */
            block_t *rest = (block_t *)(void *)((uint8_t *)block + need);
            rest->size = block->size - need;
            rest->next = block->next;
            *link = rest;
            block->size = need;
        } else {
            *link = block->next;
        }
        s_free_bytes -= block->size;
        if (s_free_bytes < s_min_free_bytes) {
            s_min_free_bytes = s_free_bytes;
        }
        return (uint8_t *)block + HEADER_SIZE;
    }
    s_failed++;
    return NULL;
}

void gw_heap_free(void *ptr)
{
    if (ptr == NULL) {
        return;
    }
    block_t *block = (block_t *)(void *)((uint8_t *)ptr - HEADER_SIZE);
    s_free_bytes += block->size;
    block_t *before = NULL;
    block_t *after = s_free_list;
    while (after != NULL && after < block) {
        before = after;
        after = after->next;
    }
    block->next = after;
    if (after != NULL && (uint8_t *)block + block->size == (uint8_t *)after) {
        block->size += after->size;
        block->next = after->next;
    }
    if (before != NULL && (uint8_t *)before + before->size == (uint8_t *)block) {
        before->size += block->size;
        before->next = block->next;
    } else if (before != NULL) {
        before->next = block;
    } else {
        s_free_list = block;
    }
}

void *gw_heap_realloc(void *ptr, size_t size)
{
    if (ptr == NULL) {
        return gw_heap_alloc(size);
    }
    block_t *block = (block_t *)(void *)((uint8_t *)ptr - HEADER_SIZE);
    size_t need = prv_block_size(size);
    if (need != 0 && need <= block->size) {
        return ptr; /* shrinking in place: the slack stays with the block */
    }
    void *moved = gw_heap_alloc(size);
    if (moved != NULL) {
        memcpy(moved, ptr, block->size - HEADER_SIZE);
        gw_heap_free(ptr);
    }
    return moved;
}

void gw_heap_stats(gw_heap_stats_t *out)
{
    if (!s_ready) {
        gw_heap_init();
    }
    size_t largest = 0;
    for (const block_t *block = s_free_list; block != NULL; block = block->next) {
        if (block->size > largest) {
            largest = block->size;
        }
    }
    out->size = GW_HEAP_SIZE;
    out->free_bytes = s_free_bytes;
    out->min_free_bytes = s_min_free_bytes;
    out->largest_free_block = largest > HEADER_SIZE ? largest - HEADER_SIZE : 0;
    out->failed_allocations = s_failed;
}
