/*
 * Platform hooks of the HeapLedger device SDK.
 *
 * Every hook is a weak function in the library: a firmware overrides one by defining a function
 * with the same name and signature; the linker takes the strong definition. Which defaults you get
 * depends on the port the library was built with (CMake HL_PORT):
 *
 *   hosted  (Linux/glibc, the default for host builds): a pthread mutex, CLOCK_MONOTONIC, records
 *           to the file named by HEAPLEDGER_OUT or to stderr, mallinfo2(), abort() to halt, the
 *           executable's GNU build ID, HEAPLEDGER_MODE / HEAPLEDGER_SAMPLE_MS, a snapshot at exit.
 *   none    (cross builds): no lock, a clock stuck at 0, records discarded, no heap figures,
 *           abort() to halt, no build ID. Safe, and silent until the firmware supplies hooks.
 *
 * ports/README.md maps the hooks onto FreeRTOS, ESP-IDF and Zephyr.
 *
 * Rules for every hook: it must not call the SDK (hl_*), and it runs with the SDK's lock held,
 * except hl_platform_assert, hl_platform_alloc and hl_platform_free. A hook may allocate: the SDK
 * recognises its own thread inside a hook and neither records, locks nor writes for that
 * allocation (the block gets a header all the same, so it may be freed anywhere).
 */
#ifndef HEAPLEDGER_HL_PLATFORM_H
#define HEAPLEDGER_HL_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "heapledger/heapledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Mutual exclusion around the SDK's tables and its output. Not recursive: the SDK never takes it
 * twice on one thread. FreeRTOS: taskENTER_CRITICAL/taskEXIT_CRITICAL, or vTaskSuspendAll/
 * xTaskResumeAll when records go to a blocking UART; Zephyr: k_spin_lock/k_spin_unlock.
 */
void hl_platform_lock(void);
void hl_platform_unlock(void);

/* Milliseconds since boot. Monotonic; 64 bits so that it does not wrap in a device's lifetime. */
uint64_t hl_platform_time_ms(void);

/*
 * Writes one record: `length` bytes, ending with '\n', at most 201 bytes. The buffer is the
 * SDK's and only valid during the call. Should not block for long: it runs under the SDK's lock.
 */
void hl_platform_output(const char *line, size_t length);

typedef struct {
    size_t free_bytes;         /* free heap now */
    size_t min_free_bytes;     /* lowest free heap since boot */
    size_t largest_free_block; /* the largest request that could succeed now */
    size_t heap_size;          /* total heap */
} hl_heap_stats_t;

/*
 * Heap figures for S records; false if the platform has none (then no S record is written).
 *   FreeRTOS heap_4/5: vPortGetHeapStats(&s): xAvailableHeapSpaceInBytes,
 *     xMinimumEverFreeBytesRemaining, xSizeOfLargestFreeBlockInBytes; configTOTAL_HEAP_SIZE.
 *   ESP-IDF: heap_caps_get_info(&i, MALLOC_CAP_DEFAULT): total_free_bytes,
 *     minimum_free_bytes, largest_free_block; heap_caps_get_total_size(MALLOC_CAP_DEFAULT).
 *   Zephyr: sys_heap_runtime_stats_get(&heap, &s): free_bytes, and heap size minus
 *     max_allocated_bytes for the minimum; no largest-block figure: report free_bytes.
 *   glibc (hosted default): mallinfo2(); see ports/hosted for what its figures mean.
 */
bool hl_platform_heap_stats(hl_heap_stats_t *out);

typedef enum {
    HL_GUARD_DOUBLE_FREE = 1,
    HL_GUARD_INVALID_FREE,
    HL_GUARD_HEADER_CORRUPT,
    HL_GUARD_TAIL_CORRUPT,
} hl_guard_error_t;

typedef struct {
    hl_guard_error_t error;
    uintptr_t site;       /* the free (or realloc) that failed the check */
    const void *ptr;
    uintptr_t alloc_site; /* where ptr was allocated, 0 when unknown */
} hl_guard_report_t;

/*
 * Called after the G record of a guard error has been written, without the SDK's lock. The block
 * is left allocated (never passed to the real free): whatever it is, freeing it could corrupt the
 * heap further. `halt` is the configured choice (HL_CONFIG_HALT_ON_ERROR, hl_set_halt_on_error):
 * the default hook calls abort() when it is true and returns otherwise (the record is the log).
 * A device might instead save `report` for the next boot and reset.
 */
void hl_platform_assert(const hl_guard_report_t *report, bool halt);

/*
 * Copies the firmware's GNU build ID into `out` and returns its length (at most `capacity`), or
 * 0 when unknown. Cortex-M with GNU ld: link with -Wl,--build-id and read the note from a section
 * placed by the linker script (see ports/cortex-m).
 */
size_t hl_platform_build_id(uint8_t *out, size_t capacity);

/* Adjusts the configuration when the SDK starts without an explicit one (hl_init(NULL) or first
 * use). The hosted port reads HEAPLEDGER_MODE and HEAPLEDGER_SAMPLE_MS here. */
void hl_platform_configure(hl_config_t *config);

/* Called once, when the SDK has started, with its lock held. The hosted port registers the exit
 * snapshot here. */
void hl_platform_started(void);

/*
 * The allocator under the SDK's headers. The defaults call the real malloc, realloc and free:
 * `__real_malloc` when the program is linked with --wrap, else malloc. A firmware whose heap is
 * something else (a fixed arena, pvPortMalloc) overrides all three; they must return memory
 * aligned to HL_CONFIG_ALIGNMENT and be safe to call from several threads.
 */
void *hl_platform_alloc(size_t size);
void *hl_platform_realloc(void *ptr, size_t size);
void hl_platform_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* HEAPLEDGER_HL_PLATFORM_H */
