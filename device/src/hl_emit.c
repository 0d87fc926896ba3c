/*
 * One function per record kind. Each takes the next sequence number whether or not the record is
 * written, so that a null output (hl_set_null_output) costs what a real one does, less the write.
 */
#include "hl_internal.h"

static void prv_start(hl_line_t *line, char kind)
{
    hl_line_start(line, hl_state.sequence++, kind);
}

static void prv_write(hl_line_t *line)
{
    size_t length = hl_line_finish(line);
    if (!hl_state.discard_output) {
        hl_platform_output(line->text, length);
    }
}

void hl_emit_header(uint64_t now)
{
    /* A GNU build ID is 20 bytes (SHA-1) by default; 32 leaves room for --build-id=sha256. */
    uint8_t build_id[32];
    size_t build_id_length = hl_platform_build_id(build_id, sizeof build_id);
    hl_line_t line;
    prv_start(&line, 'H');
    hl_line_hex(&line, 1); /* format version */
    hl_line_word(&line, hl_state.config.mode == HL_MODE_LEDGER ? "ledger" : "trace");
    if (build_id_length > 0 && build_id_length <= sizeof build_id) {
        hl_line_hex_bytes(&line, build_id, build_id_length);
    } else {
        hl_line_word(&line, "-");
    }
    hl_line_hex(&line, now);
    prv_write(&line);
}

#if HL_CONFIG_CALLER_DEPTH > 0 && defined(__GNUC__) && (defined(__x86_64__) || defined(__aarch64__))
/*
 * Appends the return addresses of the callers above the site. Walks the frame-pointer chain from
 * here (each frame: [0] the caller's frame pointer, [1] the return address) until it meets the
 * site's return address, then takes the next ones. Every link must move up the stack by a
 * plausible amount, so a frame built without a frame pointer ends the walk instead of sending it
 * into the weeds; a caller that cannot be found is written as 0.
 */
__attribute__((noinline)) static void prv_callers(hl_line_t *line, uintptr_t site)
{
    enum { max_steps = 32, max_frame_bytes = 256 * 1024 };
    const uintptr_t *frame = (const uintptr_t *)__builtin_frame_address(0);
    int found = 0;
    int written = 0;
    for (int step = 0; step < max_steps && frame != NULL && written < HL_CONFIG_CALLER_DEPTH; step++) {
        uintptr_t return_address = frame[1];
        const uintptr_t *next = (const uintptr_t *)frame[0];
        if (found) {
            hl_line_hex(line, return_address);
            written++;
        } else if (return_address == site) {
            found = 1;
        }
        if ((uintptr_t)next <= (uintptr_t)frame || (uintptr_t)next - (uintptr_t)frame > max_frame_bytes ||
            ((uintptr_t)next & (sizeof(uintptr_t) - 1u)) != 0) {
            break;
        }
        frame = next;
    }
    for (; found && written < HL_CONFIG_CALLER_DEPTH; written++) {
        hl_line_hex(line, 0);
    }
}
#else
static void prv_callers(hl_line_t *line, uintptr_t site)
{
    (void)line;
    (void)site;
}
#endif

void hl_emit_alloc(uint64_t now, uintptr_t site, const void *ptr, size_t size)
{
    hl_line_t line;
    prv_start(&line, 'A');
    hl_line_hex(&line, now);
    hl_line_hex(&line, site);
    hl_line_hex(&line, (uintptr_t)ptr);
    hl_line_hex(&line, size);
    prv_callers(&line, site);
    prv_write(&line);
}

void hl_emit_free(uint64_t now, uintptr_t site, const void *ptr)
{
    hl_line_t line;
    prv_start(&line, 'F');
    hl_line_hex(&line, now);
    hl_line_hex(&line, site);
    hl_line_hex(&line, (uintptr_t)ptr);
    prv_write(&line);
}

void hl_emit_realloc(uint64_t now, uintptr_t site, const void *old_ptr, const void *new_ptr, size_t size)
{
    hl_line_t line;
    prv_start(&line, 'R');
    hl_line_hex(&line, now);
    hl_line_hex(&line, site);
    hl_line_hex(&line, (uintptr_t)old_ptr);
    hl_line_hex(&line, (uintptr_t)new_ptr);
    hl_line_hex(&line, size);
    prv_callers(&line, site);
    prv_write(&line);
}

void hl_emit_sample(uint64_t now, const hl_heap_stats_t *stats)
{
    hl_line_t line;
    prv_start(&line, 'S');
    hl_line_hex(&line, now);
    hl_line_hex(&line, stats->free_bytes);
    hl_line_hex(&line, stats->min_free_bytes);
    hl_line_hex(&line, stats->largest_free_block);
    hl_line_hex(&line, stats->heap_size);
    prv_write(&line);
}

void hl_emit_row(uint64_t now, const hl_site_row_t *row)
{
    hl_line_t line;
    prv_start(&line, 'L');
    hl_line_hex(&line, now);
    hl_line_hex(&line, row->site);
    hl_line_hex(&line, row->allocs);
    hl_line_hex(&line, row->frees);
    hl_line_hex(&line, (uint32_t)(row->allocs - row->frees));
    hl_line_hex(&line, row->live_bytes);
    hl_line_hex(&line, row->peak_live_bytes);
    prv_write(&line);
}

void hl_emit_name(uintptr_t key, int source_line, const char *file)
{
    hl_line_t line;
    prv_start(&line, 'N');
    hl_line_hex(&line, key);
    hl_line_hex(&line, source_line < 0 ? 0u : (uint32_t)source_line);
    hl_line_text(&line, file);
    prv_write(&line);
}

const char *hl_guard_error_name(hl_guard_error_t error)
{
    switch (error) {
    case HL_GUARD_DOUBLE_FREE:
        return "double-free";
    case HL_GUARD_INVALID_FREE:
        return "invalid-free";
    case HL_GUARD_HEADER_CORRUPT:
        return "header-corrupt";
    case HL_GUARD_TAIL_CORRUPT:
        return "tail-corrupt";
    }
    return "invalid-free";
}

void hl_emit_guard(uint64_t now, hl_guard_error_t error, uintptr_t site, const void *ptr, uintptr_t alloc_site)
{
    hl_line_t line;
    prv_start(&line, 'G');
    hl_line_hex(&line, now);
    hl_line_word(&line, hl_guard_error_name(error));
    hl_line_hex(&line, site);
    hl_line_hex(&line, (uintptr_t)ptr);
    hl_line_hex(&line, alloc_site);
    prv_write(&line);
}

void hl_emit_contract(uint64_t now, const void *ptr, uintptr_t site, uint64_t age, const char *label)
{
    hl_line_t line;
    prv_start(&line, 'C');
    hl_line_hex(&line, now);
    hl_line_hex(&line, (uintptr_t)ptr);
    hl_line_hex(&line, site);
    hl_line_hex(&line, age);
    hl_line_text(&line, label);
    prv_write(&line);
}

void hl_emit_overflow(uint64_t now, hl_table_t table, uint32_t count)
{
    static const char *const names[] = {"sites", "contracts", "tracked"};
    hl_line_t line;
    prv_start(&line, 'O');
    hl_line_hex(&line, now);
    hl_line_word(&line, names[table]);
    hl_line_hex(&line, count);
    prv_write(&line);
}
