/*
 * The smallest firmware that exercises the whole port: UART output through stdio, the build ID,
 * malloc over the linker-script arena, the millisecond tick, a Thumb return address for the host to
 * symbolize, and a clean exit. It checks what it prints and exits 1 when something is wrong, so
 * its exit status alone tells a test whether the port works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl_port_cortex_m.h"

static int prv_failures;

static void prv_check(bool ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        prv_failures++;
    }
}

/* What a HeapLedger hook records as the allocation site: the caller's return address. On Thumb
 * its bit 0 is set; the instruction after the call is at (address & ~1). */
__attribute__((noinline)) static void *prv_caller_address(void)
{
    return __builtin_return_address(0);
}

static void prv_print_build_id(void)
{
    size_t len;
    const unsigned char *id = hl_port_build_id(&len);
    prv_check(id != NULL && len == 20, "build id is a 20-byte SHA-1");
    printf("build id ");
    for (size_t i = 0; i < len; i++) {
        printf("%02x", id[i]);
    }
    printf("\n");
}

static void prv_print_heap(const char *when, hl_port_heap_stats_t *stats)
{
    prv_check(hl_port_heap_stats(stats), "heap stats readable");
    printf("heap %s: arena %u, used %u, free %u, largest free %u, claimed %u\n", when,
           (unsigned)stats->arena_bytes, (unsigned)stats->used_bytes, (unsigned)stats->free_bytes,
           (unsigned)stats->largest_free_bytes, (unsigned)stats->claimed_bytes);
}

static void prv_exercise_heap(void)
{
    hl_port_heap_stats_t before;
    prv_print_heap("before", &before);

    char *greeting = malloc(64);
    prv_check(greeting != NULL, "malloc(64)");
    if (greeting == NULL) {
        return;
    }
    snprintf(greeting, 64, "malloc'd string at %p", (void *)greeting);
    puts(greeting);

    /* Free the middle of three blocks: a hole that the free list must report. */
    char *left = malloc(1000);
    char *middle = malloc(2000);
    char *right = malloc(1000);
    prv_check(left != NULL && middle != NULL && right != NULL, "three more mallocs");
    free(middle);

    hl_port_heap_stats_t during;
    prv_print_heap("with a 2000-byte hole", &during);
    prv_check(during.used_bytes >= before.used_bytes + 64 + 1000 + 1000, "used grows by what is live");
    prv_check(during.used_bytes + during.free_bytes == during.arena_bytes, "used + free = arena");
    prv_check(during.claimed_bytes >= during.used_bytes + 2000, "the hole stays claimed");

    /* A request larger than the arena fails cleanly through _sbrk's ENOMEM. */
    prv_check(malloc(during.arena_bytes + 1) == NULL, "malloc beyond the arena returns NULL");

    free(left);
    free(right);
    free(greeting);
    hl_port_heap_stats_t after;
    prv_print_heap("after", &after);
    prv_check(after.used_bytes == before.used_bytes, "everything freed");

    /* The largest free block is a promise: a request just under it (chunk header) succeeds. */
    void *largest = malloc(after.largest_free_bytes - 8);
    prv_check(largest != NULL, "malloc(largest free - 8)");
    free(largest);
    printf("heap ok\n");
}

static void prv_exercise_tick(void)
{
    const uint64_t start = hl_port_ticks_ms();
    uint64_t now = start;
    /* SysTick wakes the core every millisecond; if it never fires, give up after a bounded wait. */
    for (int i = 0; i < 1000 && now < start + 20; i++) {
        __asm volatile("wfi");
        now = hl_port_ticks_ms();
    }
    prv_check(now >= start + 20, "SysTick advances");
    printf("uptime %lu ms, waited %lu ms\n", (unsigned long)now, (unsigned long)(now - start));
}

int main(void)
{
    printf("hello from HeapLedger on mps2-an385 (Cortex-M3)\n");
    prv_print_build_id();

    const unsigned long site = (unsigned long)prv_caller_address();
    printf("return address 0x%08lx (thumb bit %lu; arm-none-eabi-addr2line -e hello.elf 0x%08lx)\n",
           site, site & 1ul, site & ~1ul);

    prv_exercise_heap();
    prv_exercise_tick();

    if (prv_failures != 0) {
        printf("%d checks failed\n", prv_failures);
        return 1;
    }
    printf("bye\n");
    return 0;
}
