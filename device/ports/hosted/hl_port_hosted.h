/*
 * The hosted (Linux, glibc) port's extras, for a host program that replaces some of its hooks and
 * keeps the rest.
 */
#ifndef HEAPLEDGER_HL_PORT_HOSTED_H
#define HEAPLEDGER_HL_PORT_HOSTED_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The file descriptor of the file named by HEAPLEDGER_OUT, opened for appending on first call, or
 * -1 when the variable is unset or the file cannot be opened. The default output hook writes
 * there, or to stderr when this is -1.
 */
int hl_hosted_output_fd(void);

#ifdef __cplusplus
}
#endif

#endif /* HEAPLEDGER_HL_PORT_HOSTED_H */
