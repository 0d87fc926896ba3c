#include "hl_record.h"

#include <string.h>

/* Fields stop here so that the CRC suffix always fits. */
#define PRV_FIELDS_END (HL_RECORD_MAX_LENGTH - HL_RECORD_CRC_LENGTH)

static const char prv_hex_digits[16] = {'0', '1', '2', '3', '4', '5', '6', '7',
                                        '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

/* Entry i is the register after byte i has been shifted through it (polynomial 0x1021); the host
 * tests check the result against a bit-by-bit CRC. Byte-wide: 512 bytes of flash for about five
 * instructions a byte, where a nibble-wide table took twelve and made the CRC half the cost of a
 * trace record. */
static const uint16_t prv_crc_table[256] = {
    0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7, 0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad,
    0xe1ce, 0xf1ef, 0x1231, 0x0210, 0x3273, 0x2252, 0x52b5, 0x4294, 0x72f7, 0x62d6, 0x9339, 0x8318, 0xb37b, 0xa35a,
    0xd3bd, 0xc39c, 0xf3ff, 0xe3de, 0x2462, 0x3443, 0x0420, 0x1401, 0x64e6, 0x74c7, 0x44a4, 0x5485, 0xa56a, 0xb54b,
    0x8528, 0x9509, 0xe5ee, 0xf5cf, 0xc5ac, 0xd58d, 0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6, 0x5695, 0x46b4,
    0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d, 0xc7bc, 0x48c4, 0x58e5, 0x6886, 0x78a7, 0x0840, 0x1861,
    0x2802, 0x3823, 0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948, 0x9969, 0xa90a, 0xb92b, 0x5af5, 0x4ad4, 0x7ab7, 0x6a96,
    0x1a71, 0x0a50, 0x3a33, 0x2a12, 0xdbfd, 0xcbdc, 0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a, 0x6ca6, 0x7c87,
    0x4ce4, 0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41, 0xedae, 0xfd8f, 0xcdec, 0xddcd, 0xad2a, 0xbd0b, 0x8d68, 0x9d49,
    0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13, 0x2e32, 0x1e51, 0x0e70, 0xff9f, 0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a,
    0x9f59, 0x8f78, 0x9188, 0x81a9, 0xb1ca, 0xa1eb, 0xd10c, 0xc12d, 0xf14e, 0xe16f, 0x1080, 0x00a1, 0x30c2, 0x20e3,
    0x5004, 0x4025, 0x7046, 0x6067, 0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e, 0x02b1, 0x1290,
    0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256, 0xb5ea, 0xa5cb, 0x95a8, 0x8589, 0xf56e, 0xe54f, 0xd52c, 0xc50d,
    0x34e2, 0x24c3, 0x14a0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405, 0xa7db, 0xb7fa, 0x8799, 0x97b8, 0xe75f, 0xf77e,
    0xc71d, 0xd73c, 0x26d3, 0x36f2, 0x0691, 0x16b0, 0x6657, 0x7676, 0x4615, 0x5634, 0xd94c, 0xc96d, 0xf90e, 0xe92f,
    0x99c8, 0x89e9, 0xb98a, 0xa9ab, 0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882, 0x28a3, 0xcb7d, 0xdb5c,
    0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a, 0x4a75, 0x5a54, 0x6a37, 0x7a16, 0x0af1, 0x1ad0, 0x2ab3, 0x3a92,
    0xfd2e, 0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8, 0x8dc9, 0x7c26, 0x6c07, 0x5c64, 0x4c45, 0x3ca2, 0x2c83,
    0x1ce0, 0x0cc1, 0xef1f, 0xff3e, 0xcf5d, 0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8, 0x6e17, 0x7e36, 0x4e55, 0x5e74,
    0x2e93, 0x3eb2, 0x0ed1, 0x1ef0,
};

uint16_t hl_crc16(const void *data, size_t length)
{
    const uint8_t *bytes = data;
    uint16_t crc = 0xffffu;
    for (size_t i = 0; i < length; i++) {
        crc = (uint16_t)((crc << 8) ^ prv_crc_table[(crc >> 8) ^ bytes[i]]);
    }
    return crc;
}

static void prv_put(hl_line_t *line, char c)
{
    if (line->length < PRV_FIELDS_END) {
        line->text[line->length++] = c;
    }
}

/* Writes the digits straight into place, one bounds check per number: the per-character check
 * of prv_put made formatting the other half of a trace record's cost. */
static void prv_put_hex(hl_line_t *line, uint64_t value)
{
#if defined(__GNUC__)
    size_t digits = (size_t)(64 - __builtin_clzll(value | 1u) + 3) / 4;
#else
    size_t digits = 1;
    for (uint64_t rest = value >> 4; rest != 0; rest >>= 4) {
        digits++;
    }
#endif
    if (line->length + digits > PRV_FIELDS_END) {
        return; /* cannot happen with the SDK's records, which stay far below the limit */
    }
    char *end = line->text + line->length + digits;
    line->length += digits;
    do {
        *--end = prv_hex_digits[value & 0x0fu];
        value >>= 4;
    } while (value != 0);
}

void hl_line_start(hl_line_t *line, uint32_t sequence, char kind)
{
    memcpy(line->text, "#HL ", 4);
    line->length = 4;
    prv_put_hex(line, sequence);
    prv_put(line, ' ');
    prv_put(line, kind);
}

void hl_line_hex(hl_line_t *line, uint64_t value)
{
    prv_put(line, ' ');
    prv_put_hex(line, value);
}

void hl_line_hex_bytes(hl_line_t *line, const uint8_t *bytes, size_t count)
{
    prv_put(line, ' ');
    for (size_t i = 0; i < count; i++) {
        prv_put(line, prv_hex_digits[bytes[i] >> 4]);
        prv_put(line, prv_hex_digits[bytes[i] & 0x0fu]);
    }
}

void hl_line_word(hl_line_t *line, const char *word)
{
    prv_put(line, ' ');
    while (*word != '\0') {
        prv_put(line, *word++);
    }
}

void hl_line_text(hl_line_t *line, const char *text)
{
    if (text == NULL || *text == '\0') {
        text = "-";
    }
    prv_put(line, ' ');
    size_t field_start = line->length;
    for (; *text != '\0' && line->length < PRV_FIELDS_END; text++) {
        unsigned char c = (unsigned char)*text;
        prv_put(line, (c < 0x20u || c == 0x7fu) ? '?' : (char)c);
    }
    /* Cut before a UTF-8 character whose continuation bytes no longer fit, so that the reader
     * does not see half a character. */
    if (((unsigned char)*text & 0xc0u) == 0x80u) {
        while (line->length > field_start && ((unsigned char)line->text[line->length - 1] & 0xc0u) == 0x80u) {
            line->length--;
        }
        if (line->length > field_start && ((unsigned char)line->text[line->length - 1] & 0x80u) != 0) {
            line->length--;
        }
    }
}

size_t hl_line_finish(hl_line_t *line)
{
    uint16_t crc = hl_crc16(line->text, line->length);
    char *end = line->text + line->length;
    end[0] = ' ';
    end[1] = '*';
    for (int i = 0; i < 4; i++) {
        end[2 + i] = prv_hex_digits[(crc >> (12 - 4 * i)) & 0x0fu];
    }
    end[6] = '\n';
    line->length += HL_RECORD_CRC_LENGTH + 1u;
    return line->length;
}
