/*
 * Reads record lines back, checking them against docs/formats/device-records.md with code of its
 * own (a bit-by-bit CRC, not the SDK's table), so that the SDK's encoder is checked, not trusted.
 */
#include <string.h>

#include "hl_test_records.h"

static uint16_t prv_crc_bitwise(const char *data, size_t length)
{
    uint16_t crc = 0xffffu;
    for (size_t i = 0; i < length; i++) {
        crc ^= (uint16_t)((uint8_t)data[i] << 8);
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
        }
    }
    return crc;
}

static bool prv_hex_digit(char c, unsigned *value)
{
    if (c >= '0' && c <= '9') {
        *value = (unsigned)(c - '0');
        return true;
    }
    if (c >= 'a' && c <= 'f') {
        *value = (unsigned)(c - 'a' + 10);
        return true;
    }
    return false;
}

static bool prv_parse_hex(const char *text, size_t length, uint64_t *out)
{
    uint64_t value = 0;
    if (length == 0 || length > 16) {
        return false;
    }
    for (size_t i = 0; i < length; i++) {
        unsigned digit;
        if (!prv_hex_digit(text[i], &digit)) {
            return false;
        }
        value = value << 4 | digit;
    }
    *out = value;
    return true;
}

bool hl_test_parse_line(const char *line, size_t length, hl_test_record_t *out, const char **reason)
{
    const char *start = NULL;
    for (size_t i = 0; i + 4 <= length; i++) {
        if (memcmp(line + i, "#HL ", 4) == 0) {
            start = line + i;
            break;
        }
    }
    if (start == NULL) {
        *reason = "no #HL prefix";
        return false;
    }
    length -= (size_t)(start - line);
    if (length > 0 && start[length - 1] == '\r') {
        length--;
    }
    if (length > 200) {
        *reason = "longer than 200 bytes";
        return false;
    }
    if (length < 4 + 1 + 1 + 1 + 6 || memcmp(start + length - 6, " *", 2) != 0) {
        *reason = "no CRC suffix";
        return false;
    }
    uint64_t crc;
    if (!prv_parse_hex(start + length - 4, 4, &crc)) {
        *reason = "CRC not four lowercase hex digits";
        return false;
    }
    size_t covered = length - 6;
    if (prv_crc_bitwise(start, covered) != crc) {
        *reason = "CRC mismatch";
        return false;
    }
    const char *seq = start + 4;
    const char *space = memchr(seq, ' ', covered - 4);
    uint64_t sequence;
    if (space == NULL || !prv_parse_hex(seq, (size_t)(space - seq), &sequence) || sequence > UINT32_MAX) {
        *reason = "bad sequence number";
        return false;
    }
    const char *kind = space + 1;
    const char *end = start + covered;
    if (kind >= end || (kind + 1 < end && kind[1] != ' ')) {
        *reason = "kind is not one letter";
        return false;
    }
    out->seq = (uint32_t)sequence;
    out->kind = *kind;
    const char *body = kind + 1 < end ? kind + 2 : end;
    size_t body_length = (size_t)(end - body);
    if (body_length >= sizeof out->body) {
        *reason = "body too long";
        return false;
    }
    memcpy(out->body, body, body_length);
    out->body[body_length] = '\0';
    if (strchr(out->body, '\n') != NULL || strstr(out->body, "  ") != NULL) {
        *reason = "a newline or an empty field in the body";
        return false;
    }
    return true;
}

static const char *prv_field(const hl_test_record_t *record, size_t index, size_t *length)
{
    if (record == NULL) {
        return NULL; /* so that a check on a record that was not found fails rather than crashes */
    }
    const char *field = record->body;
    for (size_t i = 0; i < index; i++) {
        field = strchr(field, ' ');
        if (field == NULL) {
            return NULL;
        }
        field++;
    }
    if (*field == '\0') {
        return NULL;
    }
    const char *space = strchr(field, ' ');
    *length = space != NULL ? (size_t)(space - field) : strlen(field);
    return field;
}

uint64_t hl_test_hex(const hl_test_record_t *record, size_t index)
{
    size_t length;
    const char *field = prv_field(record, index, &length);
    uint64_t value;
    if (field == NULL || !prv_parse_hex(field, length, &value)) {
        return UINT64_MAX;
    }
    return value;
}

const char *hl_test_word(const hl_test_record_t *record, size_t index, char *out, size_t capacity)
{
    size_t length = 0;
    const char *field = prv_field(record, index, &length);
    if (field == NULL || capacity == 0) {
        length = 0;
    } else if (length >= capacity) {
        length = capacity - 1;
    }
    if (capacity > 0) {
        if (length > 0) {
            memcpy(out, field, length);
        }
        out[length] = '\0';
    }
    return out;
}

const char *hl_test_rest(const hl_test_record_t *record, size_t index)
{
    size_t length;
    const char *field = prv_field(record, index, &length);
    return field != NULL ? field : "";
}

size_t hl_test_count(const hl_test_record_t *records, size_t count, char kind)
{
    size_t found = 0;
    for (size_t i = 0; i < count; i++) {
        found += records[i].kind == kind;
    }
    return found;
}

const hl_test_record_t *hl_test_find(const hl_test_record_t *records, size_t count, char kind, size_t nth)
{
    for (size_t i = 0; i < count; i++) {
        if (records[i].kind == kind && nth-- == 0) {
            return &records[i];
        }
    }
    return NULL;
}
