/*
 * Interposition by the linker: with -Wl,--wrap=malloc,--wrap=free,--wrap=calloc,--wrap=realloc
 * every call to malloc in the objects being linked becomes a call to __wrap_malloc, and
 * __real_malloc names the C library's. The caller's return address is the site.
 *
 * Wrap all four or none: a block from the real malloc freed through __wrap_free (or the reverse)
 * has no header and is reported as an invalid free. For the same reason, memory that the C library
 * allocates for the program and the program frees (strdup, strndup, getline, asprintf,
 * open_memstream...) must come through here too: strdup and strndup are provided below
 * (-Wl,--wrap=strdup,--wrap=strndup); for the others, see device/README.md.
 *
 * The linker takes this file from the library only for a program built with --wrap; elsewhere
 * the library refers to __real_* weakly (src/hl_default_alloc.c), so that any program links.
 */
#include <stdint.h>
#include <string.h>

#include "hl_internal.h"

void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t count, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
void __wrap_free(void *ptr);
char *__wrap_strdup(const char *text);
char *__wrap_strndup(const char *text, size_t max);

/* noinline: inlined into a caller (under LTO), the return address would be the caller's caller. */
#define PRV_SITE() ((uintptr_t)__builtin_return_address(0))

__attribute__((noinline)) void *__wrap_malloc(size_t size)
{
    return hl_core_malloc(size, PRV_SITE());
}

__attribute__((noinline)) void *__wrap_calloc(size_t count, size_t size)
{
    return hl_core_calloc(count, size, PRV_SITE(), NULL);
}

__attribute__((noinline)) void *__wrap_realloc(void *ptr, size_t size)
{
    return hl_core_realloc(ptr, size, PRV_SITE(), NULL);
}

__attribute__((noinline)) void __wrap_free(void *ptr)
{
    hl_core_free(ptr, PRV_SITE());
}

static char *prv_copy(const char *text, size_t length, uintptr_t site)
{
    char *copy = hl_core_malloc(length + 1, site);
    if (copy != NULL) {
        memcpy(copy, text, length);
        copy[length] = '\0';
    }
    return copy;
}

__attribute__((noinline)) char *__wrap_strdup(const char *text)
{
    return prv_copy(text, strlen(text), PRV_SITE());
}

__attribute__((noinline)) char *__wrap_strndup(const char *text, size_t max)
{
    size_t length = 0;
    while (length < max && text[length] != '\0') {
        length++;
    }
    return prv_copy(text, length, PRV_SITE());
}
