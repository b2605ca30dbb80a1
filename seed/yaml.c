/* The YAML subset of NoCloud seeds (see yaml.h): a line-based recursive
 * descent. A sequence item's content ("- key: v") is read as a line of
 * its own starting at its column, so block structure is only columns. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "yaml.h"

struct parser {
	const char *end;
	const char *next;    /* start of the next physical line */
	unsigned next_line;  /* its number */
	bool have;           /* a logical line is loaded */
	const char *content; /* the loaded line from its first character */
	const char *content_end;
	size_t indent; /* column of content */
	unsigned line;
	struct yaml_doc *doc;
	bool failed;
	bool binary; /* a !!binary tag waits for its scalar */
};

static int fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->failed)
		return -1;
	p->failed = true;
	n = snprintf(p->doc->error, sizeof p->doc->error, "line %u: ", p->line);
	va_start(ap, fmt);
	vsnprintf(p->doc->error + n, sizeof p->doc->error - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Takes one physical line: [*start, *stop) without '\n' and a final '\r'. */
static bool physical_line(struct parser *p, const char **start, const char **stop)
{
	const char *nl;

	if (p->next >= p->end)
		return false;
	*start = p->next;
	nl = memchr(p->next, '\n', (size_t)(p->end - p->next));
	*stop = nl ? nl : p->end;
	p->next = nl ? nl + 1 : p->end;
	p->line = p->next_line++;
	if (*stop > *start && (*stop)[-1] == '\r')
		(*stop)--;
	return true;
}

/* Loads the next line that is neither blank nor a comment. */
static void next_line(struct parser *p)
{
	const char *start, *stop, *c;

	p->have = false;
	while (!p->failed && physical_line(p, &start, &stop)) {
		for (c = start; c < stop && *c == ' '; c++)
			;
		while (stop > c && (stop[-1] == ' ' || stop[-1] == '\t'))
			stop--;
		if (c == stop || *c == '#')
			continue;
		if (*c == '\t') {
			fail(p, "tab in indentation");
			return;
		}
		if (c == start && stop - c >= 3 && (memcmp(c, "---", 3) == 0 || memcmp(c, "...", 3) == 0) &&
		    (stop - c == 3 || c[3] == ' ')) {
			if (p->doc->node_count > 1 || memcmp(c, "...", 3) == 0 || stop - c > 3) {
				fail(p, "only one document, without '...' or content after '---'");
				return;
			}
			continue;
		}
		p->content = c;
		p->content_end = stop;
		p->indent = (size_t)(c - start);
		p->have = true;
		return;
	}
}

static int new_node(struct parser *p, enum yaml_kind kind)
{
	struct yaml_doc *doc = p->doc;
	struct yaml_node *n;

	if (doc->node_count >= YAML_NODES_MAX)
		return fail(p, "more than %d nodes", YAML_NODES_MAX);
	n = &doc->nodes[doc->node_count];
	n->kind = kind;
	n->key = NULL;
	n->value = "";
	n->value_len = 0;
	n->first_child = n->next = -1;
	n->line = p->line;
	n->plain = false;
	n->binary = false;
	return (int)doc->node_count++;
}

/* An empty value: YAML's null, a plain scalar "". */
static int null_node(struct parser *p)
{
	int n = new_node(p, YAML_SCALAR);

	if (n >= 0)
		p->doc->nodes[n].plain = true;
	return n;
}

static void append_child(struct parser *p, int parent, int *last, int child)
{
	if (*last < 0)
		p->doc->nodes[parent].first_child = child;
	else
		p->doc->nodes[*last].next = child;
	*last = child;
}

/* Text storage: put() appends bytes, end_text() terminates and returns
 * the string begun at `start`. */
static bool put(struct parser *p, const char *bytes, size_t len)
{
	struct yaml_doc *doc = p->doc;

	if (len > sizeof doc->text - 1 - doc->text_used) {
		fail(p, "too much text");
		return false;
	}
	memcpy(doc->text + doc->text_used, bytes, len);
	doc->text_used += len;
	return true;
}

static const char *end_text(struct parser *p, size_t start, size_t *len)
{
	if (!put(p, "", 1))
		return NULL;
	*len = p->doc->text_used - 1 - start;
	return p->doc->text + start;
}

static bool is_dash(const struct parser *p)
{
	return p->content[0] == '-' && (p->content + 1 == p->content_end || p->content[1] == ' ');
}

/* A quoted scalar from *pos (at its quote), unescaped into the text; *pos
 * ends after the closing quote. Returns the text's start offset or -1. */
static long quoted(struct parser *p, const char **pos, const char *stop)
{
	const char *c = *pos;
	char quote = *c++, ch;
	size_t start = p->doc->text_used;

	for (; c < stop; c++) {
		ch = *c;
		if (ch == quote) {
			if (quote == '\'' && c + 1 < stop && c[1] == '\'') {
				c++;
			} else {
				*pos = c + 1;
				return (long)start;
			}
		} else if (ch == '\\' && quote == '"') {
			if (++c == stop)
				break;
			switch (*c) {
			case 'n': ch = '\n'; break;
			case 't': ch = '\t'; break;
			case 'r': ch = '\r'; break;
			case 'e': ch = '\033'; break;
			case '"': case '\\': case '/': case ' ': ch = *c; break;
			default: return fail(p, "unsupported escape \\%c", *c);
			}
		}
		if (!put(p, &ch, 1))
			return -1;
	}
	return fail(p, "unterminated %s string (quoted strings end on their line)",
		    quote == '"' ? "double-quoted" : "single-quoted");
}

/* After a value: only blanks and a comment may follow. The error quotes
 * up to 20 bytes of it, control bytes as '?' (the line goes to dmesg). */
static int rest_is_empty(struct parser *p, const char *c, const char *stop)
{
	char quote[21];
	size_t i;

	while (c < stop && (*c == ' ' || *c == '\t'))
		c++;
	if (c == stop || *c == '#')
		return 0;
	for (i = 0; i < sizeof quote - 1 && c + i < stop; i++)
		quote[i] = (unsigned char)c[i] < ' ' || c[i] == 0x7f ? '?' : c[i];
	quote[i] = '\0';
	return fail(p, "unexpected text after a value: '%s'", quote);
}

/* A plain scalar from c: up to " #" or stop, trailing blanks dropped. */
static const char *plain_end(const char *c, const char *stop, const char *terminators)
{
	const char *e = c, *last = c;

	for (; e < stop; e++) {
		if (*e == '#' && e > c && (e[-1] == ' ' || e[-1] == '\t'))
			break;
		if (strchr(terminators, *e) && *e)
			break;
		if (*e != ' ' && *e != '\t')
			last = e + 1;
	}
	return last;
}

static int scalar_node(struct parser *p, long start)
{
	int n;
	size_t len;
	const char *text;

	if (start < 0 || (text = end_text(p, (size_t)start, &len)) == NULL)
		return -1;
	if ((n = new_node(p, YAML_SCALAR)) < 0)
		return -1;
	p->doc->nodes[n].value = text;
	p->doc->nodes[n].value_len = len;
	p->doc->nodes[n].binary = p->binary;
	p->binary = false;
	return n;
}

static const char *skip_blanks(const char *c, const char *stop)
{
	while (c < stop && (*c == ' ' || *c == '\t'))
		c++;
	return c;
}

/* "!!binary " at c: noted for the next scalar, and skipped. */
static const char *binary_tag(struct parser *p, const char *c, const char *stop)
{
	static const char tag[] = "!!binary";
	size_t len = sizeof tag - 1;

	if ((size_t)(stop - c) < len || memcmp(c, tag, len) != 0 ||
	    (c + len < stop && c[len] != ' ' && c[len] != '\t'))
		return c;
	p->binary = true;
	c = skip_blanks(c + len, stop);
	if (c == stop || *c == '#')
		fail(p, "!!binary wants its value on its line (or | or > there)");
	return c;
}

/* One scalar of a flow collection or a line: quoted or plain up to one
 * of `terminators`. *pos ends after it. */
static int one_scalar(struct parser *p, const char **pos, const char *stop, const char *terminators)
{
	const char *c = binary_tag(p, *pos, stop), *e;
	long start = (long)p->doc->text_used;
	int n;

	if (p->failed)
		return -1;
	if (c < stop && strchr("[{", *c))
		return fail(p, "nested flow collections are not supported");
	if (c < stop && strchr("&*!%@`|>", *c))
		return fail(p, "'%c' (anchors, aliases, tags other than !!binary) is not supported here", *c);
	if (c < stop && (*c == '"' || *c == '\'')) {
		*pos = c;
		return scalar_node(p, quoted(p, pos, stop));
	}
	e = plain_end(c, stop, terminators);
	if (!put(p, c, (size_t)(e - c)))
		return -1;
	*pos = e;
	if ((n = scalar_node(p, start)) >= 0)
		p->doc->nodes[n].plain = true;
	return n;
}

/* After an item of a flow collection: 1 at its closing bracket, 0 after
 * a comma (*pos past it), -1 on anything else. */
static int flow_item_end(struct parser *p, const char **pos, const char *stop, char close)
{
	const char *c = skip_blanks(*pos, stop);

	if (c < stop && *c == close) {
		*pos = c;
		return 1;
	}
	if (c < stop && *c == ',') {
		*pos = c + 1;
		return 0;
	}
	return fail(p, "unterminated flow %s (flow collections end on their line)",
		    close == ']' ? "sequence" : "mapping");
}

/* [a, 'b c', d] on one line. */
static int flow_sequence(struct parser *p, const char *c, const char *stop)
{
	int seq = new_node(p, YAML_SEQ), item, last = -1, end = 0;

	if (seq < 0)
		return -1;
	c = skip_blanks(c + 1, stop);
	if (c < stop && *c == ']')
		end = 1;
	while (!end) {
		c = skip_blanks(c, stop);
		if ((item = one_scalar(p, &c, stop, ",]")) < 0 ||
		    (end = flow_item_end(p, &c, stop, ']')) < 0)
			return -1;
		append_child(p, seq, &last, item);
	}
	if (rest_is_empty(p, c + 1, stop) < 0)
		return -1;
	return seq;
}

/* A flow mapping's key, plain or quoted, into the text; *pos ends past
 * its ':'. */
static const char *flow_key(struct parser *p, const char **pos, const char *stop)
{
	const char *c = *pos, *e;
	size_t start = p->doc->text_used, len;

	if (c < stop && (*c == '"' || *c == '\'')) {
		if (quoted(p, &c, stop) < 0)
			return NULL;
		c = skip_blanks(c, stop);
	} else {
		for (e = c; e < stop && !strchr(":,}{[]", *e); e++)
			;
		c = e;
		while (e > *pos && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == *pos || !put(p, *pos, (size_t)(e - *pos)))
			return fail(p, "a flow mapping wants 'key: value' entries"), NULL;
	}
	if (c >= stop || *c != ':' || (c + 1 < stop && !strchr(" \t,}", c[1])))
		return fail(p, "a flow mapping wants 'key: value' entries"), NULL;
	*pos = c + 1;
	return end_text(p, start, &len);
}

/* {enabled: false, 'k': v} on one line: scalar values only. */
static int flow_mapping(struct parser *p, const char *c, const char *stop)
{
	int map = new_node(p, YAML_MAP), value, last = -1, end = 0;
	const char *key;

	if (map < 0)
		return -1;
	c = skip_blanks(c + 1, stop);
	if (c < stop && *c == '}')
		end = 1;
	while (!end) {
		c = skip_blanks(c, stop);
		if ((key = flow_key(p, &c, stop)) == NULL)
			return -1;
		c = skip_blanks(c, stop);
		if ((value = one_scalar(p, &c, stop, ",}")) < 0 ||
		    (end = flow_item_end(p, &c, stop, '}')) < 0)
			return -1;
		p->doc->nodes[value].key = key;
		append_child(p, map, &last, value);
	}
	if (rest_is_empty(p, c + 1, stop) < 0)
		return -1;
	return map;
}

/* A value written on its line: a flow collection or a scalar. */
static int inline_value(struct parser *p, const char *c, const char *stop)
{
	int n;

	if (*c == '[')
		return flow_sequence(p, c, stop);
	if (*c == '{')
		return flow_mapping(p, c, stop);
	if ((n = one_scalar(p, &c, stop, "")) < 0 || rest_is_empty(p, c, stop) < 0)
		return -1;
	return n;
}

/* | or > with its chomping indicator; the content's lines are those more
 * indented than `parent`. Leaves the parser on the line after them. */
static int block_scalar(struct parser *p, const char *c, const char *stop, size_t parent)
{
	char style = *c++, chomp = 0;
	const char *start, *end, *s, *mark;
	size_t text_start = p->doc->text_used, indent = 0, blanks = 0, lines = 0;
	long node_text;

	if (c < stop && (*c == '-' || *c == '+'))
		chomp = *c++;
	if (rest_is_empty(p, c, stop) < 0)
		return -1;
	for (;;) {
		mark = p->next;
		unsigned mark_line = p->next_line;
		if (!physical_line(p, &start, &end))
			break;
		for (s = start; s < end && *s == ' '; s++)
			;
		if (s == end) {
			blanks++;
			continue;
		}
		if (indent == 0)
			indent = (size_t)(s - start);
		if ((size_t)(s - start) < indent || indent <= parent) {
			p->next = mark;
			p->next_line = mark_line;
			break;
		}
		/* Folded: lines join with a space, a blank line is a newline. */
		if (lines++ && (style == '|' || blanks == 0) && !put(p, style == '|' ? "\n" : " ", 1))
			return -1;
		for (; blanks; blanks--)
			if (!put(p, "\n", 1))
				return -1;
		if (!put(p, start + indent, (size_t)(end - start) - indent))
			return -1;
	}
	if (lines && chomp != '-' && !put(p, "\n", 1))
		return -1;
	for (; chomp == '+' && blanks; blanks--)
		if (!put(p, "\n", 1))
			return -1;
	node_text = (long)text_start;
	int n = scalar_node(p, node_text);
	next_line(p);
	return n;
}

static int parse_node(struct parser *p, size_t indent, unsigned depth);

/* Where a key ends on a mapping line: the ':' after it, or NULL. */
static const char *key_colon(const char *c, const char *stop)
{
	char quote;

	if (*c == '"' || *c == '\'') {
		for (quote = *c++; c < stop && *c != quote; c++)
			if (*c == '\\' && quote == '"')
				c++;
		if (c >= stop)
			return NULL;
		for (c++; c < stop && *c == ' '; c++)
			;
		return c < stop && *c == ':' && (c + 1 == stop || c[1] == ' ') ? c : NULL;
	}
	if (strchr("[{&*!|>%@`#", *c))
		return NULL;
	for (; c < stop; c++) {
		if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t'))
			return NULL;
		if (*c == ':' && (c + 1 == stop || c[1] == ' ' || c[1] == '\t'))
			return c;
	}
	return NULL;
}

/* A mapping's key into the text: quoted or plain, trailing blanks dropped. */
static const char *map_key(struct parser *p, const char *colon)
{
	const char *c = p->content, *e = colon;
	size_t start = p->doc->text_used, len;

	if (*c == '"' || *c == '\'') {
		if (quoted(p, &c, colon) < 0)
			return NULL;
	} else {
		while (e > c && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (!put(p, c, (size_t)(e - c)))
			return NULL;
	}
	return end_text(p, start, &len);
}

/* The value after "key:" at `indent`. */
static int map_value(struct parser *p, const char *c, size_t indent, unsigned depth)
{
	const char *stop = p->content_end;
	int n;

	c = binary_tag(p, skip_blanks(c, stop), stop);
	if (p->failed)
		return -1;
	if (c == stop || *c == '#') {
		next_line(p);
		if (p->have && (p->indent > indent || (p->indent == indent && is_dash(p))))
			return parse_node(p, p->indent, depth + 1);
		return null_node(p);
	}
	if (*c == '|' || *c == '>')
		return block_scalar(p, c, stop, indent);
	if ((n = inline_value(p, c, stop)) < 0)
		return -1;
	next_line(p);
	if (p->have && p->indent > indent)
		return fail(p, "unexpected indentation (a value continued on another line is not supported)");
	return n;
}

static int parse_map(struct parser *p, size_t indent, unsigned depth)
{
	int map = new_node(p, YAML_MAP), last = -1, value;
	const char *colon, *key;

	if (map < 0)
		return -1;
	while (!p->failed && p->have && p->indent == indent) {
		if (is_dash(p))
			return fail(p, "a sequence item where a key was expected");
		if ((colon = key_colon(p->content, p->content_end)) == NULL)
			return fail(p, "expected 'key: value'");
		unsigned line = p->line;
		if ((key = map_key(p, colon)) == NULL || (value = map_value(p, colon + 1, indent, depth)) < 0)
			return -1;
		p->doc->nodes[value].key = key;
		p->doc->nodes[value].line = line;
		append_child(p, map, &last, value);
	}
	if (p->have && p->indent > indent)
		return fail(p, "unexpected indentation");
	return p->failed ? -1 : map;
}

static int parse_seq(struct parser *p, size_t indent, unsigned depth)
{
	int seq = new_node(p, YAML_SEQ), last = -1, item;
	const char *c;

	if (seq < 0)
		return -1;
	while (!p->failed && p->have && p->indent == indent && is_dash(p)) {
		c = binary_tag(p, skip_blanks(p->content + 1, p->content_end), p->content_end);
		if (p->failed)
			return -1;
		if (c < p->content_end && (*c == '|' || *c == '>')) {
			item = block_scalar(p, c, p->content_end, indent);
		} else if (c == p->content_end || *c == '#') {
			next_line(p);
			if (p->have && p->indent > indent)
				item = parse_node(p, p->indent, depth + 1);
			else
				item = null_node(p);
		} else {
			/* The item's content is a line of its own at its column. */
			p->indent += (size_t)(c - p->content);
			p->content = c;
			item = parse_node(p, p->indent, depth + 1);
		}
		if (item < 0)
			return -1;
		append_child(p, seq, &last, item);
	}
	if (p->have && p->indent > indent)
		return fail(p, "unexpected indentation");
	return p->failed ? -1 : seq;
}

static int parse_node(struct parser *p, size_t indent, unsigned depth)
{
	int n;

	if (depth > YAML_DEPTH_MAX)
		return fail(p, "nested deeper than %d levels", YAML_DEPTH_MAX);
	if (p->binary && (is_dash(p) || key_colon(p->content, p->content_end)))
		return fail(p, "!!binary on a sequence or mapping");
	if (is_dash(p))
		return parse_seq(p, indent, depth);
	if (key_colon(p->content, p->content_end))
		return parse_map(p, indent, depth);
	if ((n = inline_value(p, p->content, p->content_end)) < 0)
		return -1;
	next_line(p);
	if (p->have && p->indent > indent)
		return fail(p, "unexpected indentation");
	return n;
}

bool yaml_parse(const char *text, size_t len, struct yaml_doc *doc)
{
	struct parser p = { .end = text + len, .next = text, .next_line = 1, .doc = doc };
	int root;

	doc->node_count = 0;
	doc->text_used = 0;
	doc->error[0] = '\0';
	if (len > YAML_TEXT_MAX)
		return fail(&p, "larger than %d bytes", YAML_TEXT_MAX), false;
	if (memchr(text, '\0', len))
		return fail(&p, "a NUL byte in the text"), false;
	root = new_node(&p, YAML_MAP);
	next_line(&p);
	if (p.failed)
		return false;
	if (!p.have)
		return true;
	if (p.indent != 0 || is_dash(&p) || !key_colon(p.content, p.content_end))
		return fail(&p, "the document must be a mapping of 'key: value' lines"), false;
	doc->node_count = 0;
	doc->text_used = 0;
	root = parse_map(&p, 0, 0);
	if (root < 0)
		return false;
	if (p.have)
		return fail(&p, "unexpected line after the document"), false;
	return true;
}

const struct yaml_node *yaml_child(const struct yaml_doc *doc, const struct yaml_node *node)
{
	return node->first_child < 0 ? NULL : &doc->nodes[node->first_child];
}

const struct yaml_node *yaml_next(const struct yaml_doc *doc, const struct yaml_node *node)
{
	return node->next < 0 ? NULL : &doc->nodes[node->next];
}

const struct yaml_node *yaml_get(const struct yaml_doc *doc, const struct yaml_node *map,
				 const char *key)
{
	const struct yaml_node *n;

	if (map->kind != YAML_MAP)
		return NULL;
	for (n = yaml_child(doc, map); n; n = yaml_next(doc, n))
		if (strcmp(n->key, key) == 0)
			return n;
	return NULL;
}
