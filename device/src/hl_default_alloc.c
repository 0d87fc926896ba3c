/*
 * Default allocator under the SDK's headers: the C library's.
 *
 * In a program linked with --wrap=malloc, a call to `malloc` from this file would itself be
 * redirected to __wrap_malloc and recorded twice; `__real_malloc` is the way to the C library's.
 * Without --wrap, `__real_malloc` does not exist. A weak reference resolves to it when the
 * linker provides it and to NULL otherwise, so the same library serves both kinds of program.
 */
#include "hl_internal.h"

#include <stdlib.h>

extern void *__real_malloc(size_t size) __attribute__((weak));
extern void *__real_realloc(void *ptr, size_t size) __attribute__((weak));
extern void __real_free(void *ptr) __attribute__((weak));

__attribute__((weak)) void *hl_platform_alloc(size_t size)
{
    return __real_malloc != NULL ? __real_malloc(size) : malloc(size);
}

__attribute__((weak)) void *hl_platform_realloc(void *ptr, size_t size)
{
    return __real_realloc != NULL ? __real_realloc(ptr, size) : realloc(ptr, size);
}

__attribute__((weak)) void hl_platform_free(void *ptr)
{
    if (__real_free != NULL) {
        __real_free(ptr);
    } else {
        free(ptr);
    }
}
