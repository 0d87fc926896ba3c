/* The record encoder: CRC, every field type, the 200-byte limit, and the format document's own
 * examples. Usage: test_records <path of docs/formats/device-records.md> */
#include <stdio.h>
#include <string.h>

#include "hl_internal.h"
#include "hl_test.h"

static void check_line(hl_line_t *line, const char *expected)
{
    size_t length = hl_line_finish(line);
    HL_CHECK_EQ(length, strlen(expected));
    if (length != strlen(expected) || memcmp(line->text, expected, length) != 0) {
        fprintf(stderr, "  got      %.*s  expected %s", (int)length, line->text, expected);
        HL_CHECK(!"line as expected");
    }
}

static void crc_matches_the_standard_check_value(void)
{
    /* The catalogued check value of CRC-16/CCITT-FALSE. */
    HL_CHECK_EQ(hl_crc16("123456789", 9), 0x29b1);
    HL_CHECK_EQ(hl_crc16("", 0), 0xffff);
}

static void fields_are_lowercase_hex_without_prefix(void)
{
    hl_line_t line;
    hl_line_start(&line, 0x1a, 'A');
    hl_line_hex(&line, 0);
    hl_line_hex(&line, 0x401a2b);
    hl_line_hex(&line, 0xffffffffffffffffull);
    hl_line_hex(&line, 0x40);
    char expected[128];
    char body[] = "#HL 1a A 0 401a2b ffffffffffffffff 40";
    snprintf(expected, sizeof expected, "%s *%04x\n", body, (unsigned)hl_crc16(body, strlen(body)));
    check_line(&line, expected);
}

static void build_id_bytes_keep_their_leading_zeros(void)
{
    const uint8_t id[] = {0x00, 0x0f, 0xa0, 0xff};
    hl_line_t line;
    hl_line_start(&line, 0, 'H');
    hl_line_hex(&line, 1);
    hl_line_word(&line, "trace");
    hl_line_hex_bytes(&line, id, sizeof id);
    hl_line_hex(&line, 0);
    char body[] = "#HL 0 H 1 trace 000fa0ff 0";
    char expected[128];
    snprintf(expected, sizeof expected, "%s *%04x\n", body, (unsigned)hl_crc16(body, strlen(body)));
    check_line(&line, expected);
}

static void text_is_cut_to_200_bytes_and_kept_on_one_line(void)
{
    char label[400];
    memset(label, 'x', sizeof label - 1);
    label[sizeof label - 1] = '\0';
    label[3] = '\n';
    label[4] = '\t';
    hl_line_t line;
    hl_line_start(&line, 0xffffffffu, 'C');
    hl_line_hex(&line, 0xffffffffffffffffull);
    hl_line_text(&line, label);
    size_t length = hl_line_finish(&line);
    HL_CHECK_EQ(length, HL_RECORD_MAX_LENGTH + 1);
    HL_CHECK(line.text[length - 1] == '\n');
    HL_CHECK(memchr(line.text, '\n', length - 1) == NULL);
    HL_CHECK(memcmp(line.text + 32, "xxx??x", 6) == 0);
    hl_test_record_t record;
    const char *reason = "";
    HL_CHECK(hl_test_parse_line(line.text, length - 1, &record, &reason));
    HL_CHECK_EQ(record.seq, 0xffffffffu);
}

static void a_cut_never_splits_a_utf8_character(void)
{
    /* 'é' is two bytes; an odd number of filler bytes puts the cut in the middle of one. */
    char label[400] = "";
    size_t used = 0;
    while (used + 2 < sizeof label) {
        label[used++] = (char)0xc3;
        label[used++] = (char)0xa9;
    }
    label[used] = '\0';
    for (size_t filler = 0; filler < 2; filler++) {
        hl_line_t line;
        hl_line_start(&line, (uint32_t)filler, 'C');
        hl_line_hex(&line, filler == 0 ? 0x1u : 0x12u);
        hl_line_text(&line, label);
        size_t length = hl_line_finish(&line);
        size_t field_end = length - 1 - HL_RECORD_CRC_LENGTH;
        HL_CHECK(((unsigned char)line.text[field_end - 1]) == 0xa9);
    }
}

static void an_empty_text_is_a_dash(void)
{
    hl_line_t line;
    hl_line_start(&line, 2, 'N');
    hl_line_hex(&line, 0xf0000001u);
    hl_line_hex(&line, 7);
    hl_line_text(&line, "");
    char body[] = "#HL 2 N f0000001 7 -";
    char expected[128];
    snprintf(expected, sizeof expected, "%s *%04x\n", body, (unsigned)hl_crc16(body, strlen(body)));
    check_line(&line, expected);
}

static const char *prv_doc_path;

static void the_format_documents_examples_carry_real_crcs(void)
{
    FILE *doc = fopen(prv_doc_path, "r");
    HL_CHECK(doc != NULL);
    if (doc == NULL) {
        return;
    }
    char text[512];
    unsigned records = 0;
    bool in_example = false;
    while (fgets(text, sizeof text, doc) != NULL) {
        if (strncmp(text, "## Example", 10) == 0) {
            in_example = true;
        } else if (strncmp(text, "## ", 3) == 0) {
            in_example = false;
        }
        size_t length = strcspn(text, "\n");
        if (!in_example || strstr(text, "#HL ") == NULL) {
            continue;
        }
        hl_test_record_t record;
        const char *reason = "";
        if (!hl_test_parse_line(text, length, &record, &reason)) {
            fprintf(stderr, "  %s: %s: %.*s\n", prv_doc_path, reason, (int)length, text);
            HL_CHECK(!"example record is valid");
        } else {
            HL_CHECK_EQ(record.seq, records);
        }
        records++;
    }
    fclose(doc);
    HL_CHECK(records >= 10);
}

int main(int argc, char **argv)
{
    prv_doc_path = argc > 1 ? argv[1] : "../docs/formats/device-records.md";
    hl_test_run("crc_matches_the_standard_check_value", crc_matches_the_standard_check_value);
    hl_test_run("fields_are_lowercase_hex_without_prefix", fields_are_lowercase_hex_without_prefix);
    hl_test_run("build_id_bytes_keep_their_leading_zeros", build_id_bytes_keep_their_leading_zeros);
    hl_test_run("text_is_cut_to_200_bytes_and_kept_on_one_line", text_is_cut_to_200_bytes_and_kept_on_one_line);
    hl_test_run("a_cut_never_splits_a_utf8_character", a_cut_never_splits_a_utf8_character);
    hl_test_run("an_empty_text_is_a_dash", an_empty_text_is_a_dash);
    hl_test_run("the_format_documents_examples_carry_real_crcs", the_format_documents_examples_carry_real_crcs);
    return hl_test_finish();
}
