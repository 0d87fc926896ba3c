/*
 * Builds one record line (docs/formats/device-records.md) in a caller's stack buffer, by hand:
 * the printf family may allocate, and it costs far more than a few hex digits.
 */
#ifndef HEAPLEDGER_HL_RECORD_H
#define HEAPLEDGER_HL_RECORD_H

#include <stddef.h>
#include <stdint.h>

/* A record line is at most this long, not counting its '\n'. */
#define HL_RECORD_MAX_LENGTH 200u

/* " *" and four hex digits of CRC. */
#define HL_RECORD_CRC_LENGTH 6u

typedef struct {
    char text[HL_RECORD_MAX_LENGTH + 1u]; /* + '\n' */
    size_t length;
} hl_line_t;

/* CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xffff, no reflection, no final xor. */
uint16_t hl_crc16(const void *data, size_t length);

/* "#HL <seq> <kind>" */
void hl_line_start(hl_line_t *line, uint32_t sequence, char kind);

/* " <lowercase hex>" */
void hl_line_hex(hl_line_t *line, uint64_t value);

/* " <bytes as two hex digits each>", for the build ID */
void hl_line_hex_bytes(hl_line_t *line, const uint8_t *bytes, size_t count);

/* " <word>": a short fixed word the SDK chooses (an error name, a mode). */
void hl_line_word(hl_line_t *line, const char *word);

/*
 * " <text>" as the last field (a file name, a label): cut to what still fits, control characters
 * replaced by '?' so that the record stays one line, and "-" for an empty or NULL text so that the
 * field is never missing.
 */
void hl_line_text(hl_line_t *line, const char *text);

/* Appends " *<crc>\n" and returns the length of the whole line. */
size_t hl_line_finish(hl_line_t *line);

#endif /* HEAPLEDGER_HL_RECORD_H */
