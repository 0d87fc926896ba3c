/*
 * The explicit API: the site is a key derived from the source location, and the location itself
 * travels in an N record the first time the key appears in the stream.
 */
#include "hl_internal.h"

uintptr_t hl_source_site(const char *file, int line)
{
    /*
     * The key is derived from the address of the __FILE__ string, not its text: O(1) per call,
     * and unique within one image. The same file seen through two translation units may get two
     * keys; both are named by N records, so the reader merges them by name.
     */
    uint64_t mixed = (uint64_t)(uintptr_t)file ^ ((uint64_t)(uint32_t)line << 32) ^ (uint32_t)line;
    mixed ^= mixed >> 33;
    mixed *= 0xff51afd7ed558ccdull;
    mixed ^= mixed >> 33;
#if UINTPTR_MAX > 0xffffffffu
    return (uintptr_t)(0xf000000000000000ull | (mixed & 0x0fffffffffffffffull));
#else
    return (uintptr_t)(0xf0000000u | ((uint32_t)mixed & 0x0fffffffu));
#endif
}

void *hl_malloc_at(size_t size, const char *file, int line)
{
    hl_source_t source = {file, line};
    return hl_core_alloc(size, hl_source_site(file, line), &source);
}

void *hl_calloc_at(size_t count, size_t size, const char *file, int line)
{
    hl_source_t source = {file, line};
    return hl_core_calloc(count, size, hl_source_site(file, line), &source);
}

void *hl_realloc_at(void *ptr, size_t size, const char *file, int line)
{
    hl_source_t source = {file, line};
    return hl_core_realloc(ptr, size, hl_source_site(file, line), &source);
}

void hl_free_at(void *ptr, const char *file, int line)
{
    hl_source_t source = {file, line};
    hl_core_free_at(ptr, hl_source_site(file, line), &source);
}
