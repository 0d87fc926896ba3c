/* Compiled (not run) for a 32-bit target by run.sh: the SDK's RAM figures on a microcontroller,
 * read back from the assembly. Freestanding: only compiler-provided headers are needed. */
#include "hl_internal.h"

const unsigned long hl_footprint32[] = {
    sizeof(hl_site_row_t), HL_HEADER_SIZE, HL_TAIL_SIZE, sizeof(hl_tracked_entry_t), sizeof(hl_contract_t),
};
