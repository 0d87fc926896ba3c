/*
 * An ordinary program that knows nothing of HeapLedger: no SDK header, no SDK call. It is linked
 * with -Wl,--wrap=malloc,... and libheapledger, and that alone makes it write records (to
 * HEAPLEDGER_OUT). It prints the addresses of the functions that allocate, so that test_wrapped
 * can check that the records name them.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kept to the end: a site with live blocks in the exit snapshot (still reachable, so not a leak to
 * LeakSanitizer). */
static void *tables[3];
static volatile unsigned sink;

static __attribute__((noinline)) void *make_frame(size_t size)
{
    void *frame = malloc(size);
    sink += 1;
    return frame;
}

static __attribute__((noinline)) void *make_table(size_t count)
{
    void *table = calloc(count, 4);
    sink += 2;
    return table;
}

int main(void)
{
    /* A function pointer printed through an integer: ISO C has no %p for functions. */
    printf("make_frame %lx\nmake_table %lx\nmain %lx\n", (unsigned long)(uintptr_t)make_frame,
           (unsigned long)(uintptr_t)make_table, (unsigned long)(uintptr_t)main);
    fflush(stdout);
    for (int i = 0; i < 10; i++) {
        char *frame = make_frame(100 + (size_t)i);
        memset(frame, i, 100 + (size_t)i);
        free(frame);
    }
    for (int i = 0; i < 3; i++) {
        tables[i] = make_table(25);
    }
    /* Through a volatile, or GCC turns realloc(NULL, n) into malloc(n). */
    char *volatile nothing = NULL;
    char *volatile text = realloc(nothing, 10);
    strcpy(text, "abc");
    text = realloc(text, 4000);
    free(text);
    char *copy = strdup("copied");
    sink += (unsigned)strlen(copy);
    free(copy);
    return 0;
}
