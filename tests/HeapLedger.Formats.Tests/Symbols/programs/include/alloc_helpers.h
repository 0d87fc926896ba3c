/* Included helpers: the allocations inside them are attributed to this header. */
#ifndef ALLOC_HELPERS_H
#define ALLOC_HELPERS_H

static inline void *helper_alloc(size_t size)
{
    void *block = malloc(size);
    return block;
}

static inline void *helper_alloc_zeroed(size_t count, size_t size)
{
    return calloc(count, size);
}

#endif
