/*
 * The firmware's GNU build ID, read from the note the linker wrote (-Wl,--build-id) and the
 * linker script placed between __hl_build_id_note_start and __hl_build_id_note_end.
 *
 * An ELF note is three 32-bit words (name size, descriptor size, type), the name padded to 4
 * bytes, then the descriptor. For a build ID the name is "GNU\0", the type NT_GNU_BUILD_ID (3)
 * and the descriptor the ID itself (20 bytes with the default SHA-1 style).
 */
#include <string.h>

#include "port_internal.h"

extern const unsigned char __hl_build_id_note_start[];
extern const unsigned char __hl_build_id_note_end[];

#define PRV_NT_GNU_BUILD_ID 3u
#define PRV_NOTE_HEADER_BYTES 12u
#define PRV_GNU_NAME_BYTES 4u /* "GNU\0", already a multiple of 4 */
#define PRV_ID_OFFSET (PRV_NOTE_HEADER_BYTES + PRV_GNU_NAME_BYTES)

const unsigned char *hl_port_build_id(size_t *len)
{
    *len = 0;
    const unsigned char *note = __hl_build_id_note_start;
    const size_t available = (size_t)(__hl_build_id_note_end - note);
    if (available <= PRV_ID_OFFSET) {
        return NULL;
    }

    uint32_t header[3];
    memcpy(header, note, sizeof header);
    const uint32_t name_bytes = header[0];
    const uint32_t id_bytes = header[1];
    const uint32_t type = header[2];
    if (type != PRV_NT_GNU_BUILD_ID || name_bytes != PRV_GNU_NAME_BYTES ||
        memcmp(note + PRV_NOTE_HEADER_BYTES, "GNU", PRV_GNU_NAME_BYTES) != 0 || id_bytes == 0u ||
        id_bytes > available - PRV_ID_OFFSET) {
        return NULL;
    }

    *len = id_bytes;
    return note + PRV_ID_OFFSET;
}
