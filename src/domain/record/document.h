/*
 * Documents attached to a person's record (PRODUCT §2): PDF, JPEG or PNG,
 * at most DOCUMENT_MAX bytes, each in a data category that decides who
 * may read it. The declared type must match the file's first bytes.
 */
#ifndef DOMAIN_DOCUMENT_H
#define DOMAIN_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

struct ctx;
struct access_grant;

#define DOCUMENT_MAX (5u * 1024 * 1024)

struct document {
	int64_t id;
	const char *category;
	const char *title;
	const char *content_type;
	int64_t size;
	const char *sha256;
	const char *created_at;
	int64_t created_by;
	const char *created_by_name;
};

/* The extension for a stored content type ("pdf", "jpg", "png"). */
const char *document_ext(const char *content_type);
/* Which accepted type the bytes are, by their signature; NULL if none. */
const char *document_sniff(const void *data, size_t len);

/* Stores a file (write on `category` needed). */
int document_add(struct ctx *, const struct access_grant *,
    const char *category, const char *title, const char *content_type,
    const void *data, size_t len, int64_t *id);
/* The documents of the categories the grant reads. */
int document_list(
    struct ctx *, const struct access_grant *, struct document **, int *n);
/* One document's metadata (E_NOT_FOUND also when it belongs to another
 * person or CRT). Reading needs its category: check with the result. */
int
document_meta(struct ctx *, int64_t person_id, int64_t id, struct document *);
/* Its bytes, heap-allocated (caller xfree()s), if the grant reads the
 * document's category. */
int document_data(struct ctx *, const struct access_grant *,
    const struct document *, char **data, size_t *len);

#endif
