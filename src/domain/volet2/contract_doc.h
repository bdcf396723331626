/*
 * The support contract generated from the CRT's template (issue 10 point
 * 10): a text with {{placeholders}} (contract_doc_placeholders) kept by the
 * coordination and the direction, or the product's default French
 * template; filled with the person's data for one support, to print and
 * sign (the signed scan is then attached as before, support_contract).
 */
#ifndef DOMAIN_VOLET2_CONTRACT_DOC_H
#define DOMAIN_VOLET2_CONTRACT_DOC_H

#include <stdint.h>

struct ctx;
struct access_grant;

/* Names of the placeholders ("nom", ...) and their French labels. */
extern const char *const contract_doc_placeholders[];
extern const char *const contract_doc_placeholder_labels[];
extern const char contract_doc_default[];

/* The CRT's template (*is_default 1: none saved, the default). */
int contract_doc_tpl_get(
    struct ctx *, const char **body, int *is_default, const char **updated_at);
/* Saves the template (NULL: back to the default). An unknown or
 * unclosed placeholder is 422 contract_template.placeholder (field
 * "body"). Traced (contract_template.update). */
int contract_doc_tpl_set(struct ctx *, const char *body);
/*
 * The template filled for support `support_id` with the data grant `g`
 * reads (the identity and the address: admin). Values the record does
 * not have read « (à compléter) ».
 */
int contract_doc_fill(struct ctx *, const struct access_grant *g,
    int64_t support_id, const char **text);

#endif
