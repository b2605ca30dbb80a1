#ifndef EBB_INFLATE_H
#define EBB_INFLATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* gzip (RFC 1952) of write_files content (encoding: gzip, gz+b64), as
 * cloud-init's Python reads it: one member or several, NUL padding after
 * a member skipped, each member's CRC-32 and length checked (and the
 * header's CRC-16 when it has one). DEFLATE (RFC 1951) decoded with the
 * rules zlib applies (code completeness, distances, lengths). Bounded:
 * reads in[0..len), writes out[0..cap) and nothing else, allocates
 * nothing. Returns the output length, or -1 with *why saying what is
 * wrong (a static string). */
ssize_t gunzip(const unsigned char *in, size_t len, unsigned char *out, size_t cap,
	       const char **why);

/* The CRC-32 of gzip and zlib (crc starts at 0). */
uint32_t crc32_update(uint32_t crc, const unsigned char *data, size_t len);

#endif
