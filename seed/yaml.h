#ifndef EBB_YAML_H
#define EBB_YAML_H

#include <stdbool.h>
#include <stddef.h>

/* The YAML subset of NoCloud seeds (meta-data, #cloud-config user-data),
 * parsed into a fixed tree: block mappings and sequences (a sequence may
 * sit at its key's indentation), plain, 'single' and "double" quoted
 * scalars on one line, literal | and folded > block scalars (with - and +
 * chomping), one-line flow sequences and mappings of scalars ([a, 'b'],
 * {enabled: false}), the !!binary tag on a scalar (cloud-init's
 * documented gzip content), comments. Anchors, aliases, other tags,
 * nested flow collections, multi-line plain or quoted scalars and several
 * documents are refused with an error naming the line. No allocation:
 * nodes and text live in struct yaml_doc. */
enum {
	YAML_TEXT_MAX = 64 * 1024, /* largest input */
	YAML_NODES_MAX = 1024,
	YAML_DEPTH_MAX = 8,
	YAML_ERROR_MAX = 160,
};

enum yaml_kind { YAML_SCALAR, YAML_MAP, YAML_SEQ };

struct yaml_node {
	enum yaml_kind kind;
	const char *key;   /* a mapping's entry: its key; otherwise NULL */
	const char *value; /* a scalar: its text, NUL-terminated ("" for null) */
	size_t value_len;
	int first_child;   /* index of the first entry or item, -1 for none */
	int next;          /* index of the next sibling, -1 for none */
	unsigned line;     /* 1-based line where the node starts */
	bool plain;        /* a scalar written without quotes or | > (YAML's
			    * true, 0644 and null are plain only) */
	bool binary;       /* tagged !!binary: its text is base64 */
};

struct yaml_doc {
	struct yaml_node nodes[YAML_NODES_MAX];
	size_t node_count;
	char text[YAML_TEXT_MAX + 2 * YAML_NODES_MAX]; /* keys and values */
	size_t text_used;
	char error[YAML_ERROR_MAX]; /* "line 3: ..." when yaml_parse failed */
};

/* Parses text[0..len) (no NUL needed; one inside is an error). The root is
 * nodes[0]: a mapping (empty for an empty document). Returns false with
 * doc->error set on input outside the subset or above the limits. */
bool yaml_parse(const char *text, size_t len, struct yaml_doc *doc);
/* The entry `key` of mapping `map`, or NULL. */
const struct yaml_node *yaml_get(const struct yaml_doc *doc, const struct yaml_node *map,
				 const char *key);
/* First child and next sibling, or NULL. */
const struct yaml_node *yaml_child(const struct yaml_doc *doc, const struct yaml_node *node);
const struct yaml_node *yaml_next(const struct yaml_doc *doc, const struct yaml_node *node);

#endif
