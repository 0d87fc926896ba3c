/*
 * Reads device record lines back (docs/formats/device-records.md) for the tests and the
 * hl_check_records tool. No dependency on the SDK.
 */
#ifndef HL_TEST_RECORDS_H
#define HL_TEST_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t seq;
    char kind;
    char body[208]; /* the fields after the kind, without the CRC */
} hl_test_record_t;

/* Checks one text line (without its '\n'); fills `out`. False, with a reason, if it is not a
 * valid record. Shared with the tests that read a record file. */
bool hl_test_parse_line(const char *line, size_t length, hl_test_record_t *out, const char **reason);

/* Field `index` (0 = the first after the kind) as hex; UINT64_MAX if missing or not hex. */
uint64_t hl_test_hex(const hl_test_record_t *record, size_t index);

/* Field `index` as text, copied into `out`; "" if missing. */
const char *hl_test_word(const hl_test_record_t *record, size_t index, char *out, size_t capacity);

/* The text from field `index` to the end (N's file, C's label). */
const char *hl_test_rest(const hl_test_record_t *record, size_t index);

/* How many records of `kind` are in records[0..count). */
size_t hl_test_count(const hl_test_record_t *records, size_t count, char kind);

/* The nth (0-based) record of `kind`, or NULL. */
const hl_test_record_t *hl_test_find(const hl_test_record_t *records, size_t count, char kind, size_t nth);

#endif /* HL_TEST_RECORDS_H */
