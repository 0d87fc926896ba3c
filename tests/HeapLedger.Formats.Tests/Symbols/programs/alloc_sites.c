/*
 * Test program for the symbolizer: allocation calls on known lines, some of them inlined (two
 * levels deep) at -O2, one family in an included header. No system headers, so that it also
 * builds freestanding for 32-bit targets (with freestanding_stubs.c).
 */
typedef __SIZE_TYPE__ size_t;

void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *block, size_t size);
void free(void *block);
size_t strlen(const char *text);
void *memcpy(void *to, const void *from, size_t size);
char *strcat(char *to, const char *from);

#include "include/alloc_helpers.h"

void *volatile sink;

static inline char *copy_string(const char *text)
{
    size_t length = strlen(text) + 1;
    char *copy = helper_alloc(length);
    if (copy != 0)
        memcpy(copy, text, length);
    return copy;
}

static inline void *grow(void *block, size_t size)
{
    return realloc(block, size);
}

static inline void release(void *block)
{
    free(block);
    sink = 0;
}

__attribute__((noinline)) void *make_table(int entries)
{
    int *table = helper_alloc_zeroed((size_t)entries, sizeof(int));
    sink = table;
    return table;
}

__attribute__((noinline)) char *join(const char *left, const char *right)
{
    char *first = copy_string(left);
    char *second = copy_string(right);
    char *both = grow(first, strlen(first) + strlen(second) + 1);
    if (both != 0)
        strcat(both, second);
    release(second);
    return both;
}

static void churn(int rounds)
{
    for (int i = 0; i < rounds; i++) {
        void *scratch = malloc((size_t)(i + 1) * 16);
        sink = scratch;
        free(scratch);
    }
}

int main(int argc, char **argv)
{
    void *table = make_table(argc * 4);
    char *name = join(argv[0], argc > 1 ? argv[1] : "none");
    churn(argc + 2);
    sink = helper_alloc((size_t)argc * 32);
    release(name);
    free(table);
    free((void *)sink);
    return 0;
}
