/*
 * Default platform hooks for Linux with glibc (weak: a program may replace any of them).
 *
 * Nothing here calls malloc, on purpose: these hooks run with the SDK's lock held, and in a
 * program linked with --wrap a malloc from a hook would come back into the SDK. So output goes
 * through open(2)/write(2), not stdio, and numbers are parsed by hand.
 */
#define _GNU_SOURCE 1 /* dl_iterate_phdr, mallinfo2 */

#include "hl_port_hosted.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "heapledger/hl_platform.h"

#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define PRV_HAVE_SINGLE_THREADED 1
#endif
#endif

/* ---- Lock ---- */

static pthread_mutex_t prv_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread bool prv_holding_mutex;

/*
 * A pthread mutex, skipped while the process has a single thread: glibc clears
 * __libc_single_threaded before it starts a second thread, and only this thread could start one,
 * which it does not do while inside the SDK. Until then the mutex would cost two atomic operations
 * per call and protect nothing. Unlock looks at what lock did rather than at the flag again, so a
 * future glibc that sets the flag back when threads exit stays safe.
 */
__attribute__((weak)) void hl_platform_lock(void)
{
#ifdef PRV_HAVE_SINGLE_THREADED
    if (__libc_single_threaded) {
        return;
    }
#endif
    pthread_mutex_lock(&prv_mutex);
    prv_holding_mutex = true;
}

__attribute__((weak)) void hl_platform_unlock(void)
{
    if (prv_holding_mutex) {
        prv_holding_mutex = false;
        pthread_mutex_unlock(&prv_mutex);
    }
}

/* ---- Clock ---- */

static uint64_t prv_monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* "Since boot" is since the SDK first asked: the process's boot. */
__attribute__((weak)) uint64_t hl_platform_time_ms(void)
{
    static uint64_t start_ms;
    static bool started;
    uint64_t now = prv_monotonic_ms();
    if (!started) {
        start_ms = now;
        started = true;
    }
    return now - start_ms;
}

/* ---- Output ---- */

int hl_hosted_output_fd(void)
{
    static int fd = -2; /* -2: not looked at yet */
    if (fd == -2) {
        const char *path = getenv("HEAPLEDGER_OUT");
        fd = (path != NULL && *path != '\0') ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
    }
    return fd;
}

static void prv_write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return; /* nowhere to report it; the sequence gap will tell the reader */
        }
        data += written;
        length -= (size_t)written;
    }
}

__attribute__((weak)) void hl_platform_output(const char *line, size_t length)
{
    int fd = hl_hosted_output_fd();
    prv_write_all(fd >= 0 ? fd : STDERR_FILENO, line, length);
}

/* ---- Heap figures ---- */

/*
 * glibc's heap has no fixed size: it grows with brk and mmap until the address space or the
 * kernel says no. So heap_size is what glibc holds from the system now (main arena plus mmapped
 * blocks), free_bytes the free part of that, largest_free_block the free space at the top of the
 * heap (a lower bound of the largest block: glibc does not report the largest free chunk), and
 * min_free_bytes the lowest free_bytes this hook has seen. They show a trend, not a distance to
 * exhaustion. Only the main arena is counted by mallinfo2 in full; threads' arenas partly.
 */
__attribute__((weak)) bool hl_platform_heap_stats(hl_heap_stats_t *out)
{
    static size_t lowest_free = SIZE_MAX;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    size_t free_bytes = info.fordblks;
    size_t heap_size = info.arena + info.hblkhd;
    size_t top = info.keepcost;
#else
    struct mallinfo info = mallinfo();
    size_t free_bytes = (size_t)(unsigned)info.fordblks;
    size_t heap_size = (size_t)(unsigned)info.arena + (size_t)(unsigned)info.hblkhd;
    size_t top = (size_t)(unsigned)info.keepcost;
#endif
    if (free_bytes < lowest_free) {
        lowest_free = free_bytes;
    }
    out->free_bytes = free_bytes;
    out->min_free_bytes = lowest_free;
    out->largest_free_block = top;
    out->heap_size = heap_size;
    return true;
}

/* ---- Guard errors ---- */

__attribute__((weak)) void hl_platform_assert(const hl_guard_report_t *report, bool halt)
{
    (void)report; /* the G record already said it all */
    if (halt) {
        abort();
    }
}

/* ---- Build ID ---- */

typedef struct {
    uint8_t *out;
    size_t capacity;
    size_t length;
} prv_build_id_search_t;

static size_t prv_align(size_t value, size_t alignment)
{
    return (value + alignment - 1u) & ~(alignment - 1u);
}

/* Called for each loaded object; the first one is the executable. */
static int prv_find_build_id(struct dl_phdr_info *info, size_t info_size, void *context)
{
    (void)info_size;
    prv_build_id_search_t *search = context;
    for (size_t i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_NOTE) {
            continue;
        }
        size_t alignment = segment->p_align == 8 ? 8 : 4;
        const uint8_t *note = (const uint8_t *)(info->dlpi_addr + segment->p_vaddr);
        const uint8_t *end = note + segment->p_memsz;
        while ((size_t)(end - note) >= sizeof(ElfW(Nhdr))) {
            ElfW(Nhdr) header;
            memcpy(&header, note, sizeof header);
            const uint8_t *name = note + sizeof header;
            const uint8_t *desc = name + prv_align(header.n_namesz, alignment);
            const uint8_t *next = desc + prv_align(header.n_descsz, alignment);
            if (next > end || next <= note) {
                break;
            }
            if (header.n_type == NT_GNU_BUILD_ID && header.n_namesz == 4 && memcmp(name, "GNU", 4) == 0 &&
                header.n_descsz <= search->capacity) {
                memcpy(search->out, desc, header.n_descsz);
                search->length = header.n_descsz;
                return 1;
            }
            note = next;
        }
    }
    return 1; /* only the executable matters */
}

__attribute__((weak)) size_t hl_platform_build_id(uint8_t *out, size_t capacity)
{
    prv_build_id_search_t search = {out, capacity, 0};
    dl_iterate_phdr(prv_find_build_id, &search);
    return search.length;
}

/* ---- Configuration from the environment ---- */

static bool prv_parse_u32(const char *text, uint32_t *out)
{
    uint64_t value = 0;
    if (text == NULL || *text == '\0') {
        return false;
    }
    for (; *text != '\0'; text++) {
        if (*text < '0' || *text > '9') {
            return false;
        }
        value = value * 10u + (uint64_t)(*text - '0');
        if (value > UINT32_MAX) {
            return false;
        }
    }
    *out = (uint32_t)value;
    return true;
}

__attribute__((weak)) void hl_platform_configure(hl_config_t *config)
{
    const char *mode = getenv("HEAPLEDGER_MODE");
    if (mode != NULL && strcmp(mode, "ledger") == 0) {
        config->mode = HL_MODE_LEDGER;
    } else if (mode != NULL && strcmp(mode, "trace") == 0) {
        config->mode = HL_MODE_TRACE;
    }
    uint32_t sample_ms;
    if (prv_parse_u32(getenv("HEAPLEDGER_SAMPLE_MS"), &sample_ms)) {
        config->sample_ms = sample_ms;
    }
}

/* ---- Exit snapshot, fork ---- */

static void prv_at_exit(void)
{
    hl_emit_snapshot();
}

/*
 * fork() copies the mutex as it is. If another thread held it at that moment, the child's first
 * malloc would wait forever for a thread that does not exist there: hold the mutex across fork,
 * and give the child a fresh one.
 */
static void prv_before_fork(void)
{
    hl_platform_lock();
}

static void prv_after_fork_in_parent(void)
{
    hl_platform_unlock();
}

static void prv_after_fork_in_child(void)
{
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    prv_mutex = fresh;
    prv_holding_mutex = false;
}

__attribute__((weak)) void hl_platform_started(void)
{
    /* Once per process, even if a test restarts the SDK. */
    static bool registered;
    if (!registered) {
        registered = true;
        atexit(prv_at_exit);
        pthread_atfork(prv_before_fork, prv_after_fork_in_parent, prv_after_fork_in_child);
    }
}
