/*
 * The shared directory (PRODUCT §4): partner organisations with their
 * details, the professionals in them, the conventions signed with each,
 * and the partnership dashboard (conventions due for review, mandatory
 * partner types of seed 001's checklist still missing).
 */
#ifndef DOMAIN_DIRECTORY_H
#define DOMAIN_DIRECTORY_H

#include <stdint.h>

#include "json/jv.h"

struct ctx;

struct org_detail {
	int64_t id;
	const char *name;
	const char *type;
	int is_self;
	const char *finess;
	const char *address;
	const char *commune_code;
	const char *commune_name;
	const char *phone;
	const char *email;
	const char *mssante;
	int archived;
	const char *created_at;
	const char *updated_at;
};

struct org_in {
	struct jv_str name;
	struct jv_str type;
	struct jv_str finess;
	struct jv_str address;
	struct jv_str commune_code;
	struct jv_str phone;
	struct jv_str email;
	struct jv_str mssante;
	struct jv_bool archived;
};

struct professional {
	int64_t id;
	int64_t org_id;
	const char *last_name;
	const char *first_name;
	const char *profession;
	const char *rpps;
	const char *phone;
	const char *email;
	const char *mssante;
	int archived;
	const char *org_name;
};

struct professional_in {
	struct jv_str last_name;
	struct jv_str first_name;
	struct jv_str profession;
	struct jv_str rpps;
	struct jv_str phone;
	struct jv_str email;
	struct jv_str mssante;
	struct jv_bool archived;
};

struct convention {
	int64_t id;
	int64_t org_id;
	const char *org_name;
	const char *org_type;
	const char *object;
	const char *signed_on;
	int duration_months;
	int tacit_renewal;
	const char *review_due;
	int overdue; /* review_due before today */
	const char *ended_on;
	const char *note;
};

struct convention_in {
	struct jv_str object;
	struct jv_str signed_on;
	struct jv_int duration_months;
	struct jv_bool tacit_renewal;
	struct jv_str review_due;
	struct jv_str ended_on;
	struct jv_str note;
};

struct partner_type {
	const char *code;
	const char *label;
	const char *group;
	int mandatory;
	int partners; /* organisations of that type */
	int conventions; /* conventions in force */
};

struct partnership {
	struct convention *due; /* review due within the window */
	int ndue;
	struct partner_type *types; /* every type but the CRT's */
	int ntypes;
};

int directory_org_list(struct ctx *, const char *q, const char *type,
    int archived, struct org_detail **, int *n);
int directory_org_get(struct ctx *, int64_t id, struct org_detail *);
int directory_org_create(struct ctx *, const struct org_in *, int64_t *);
int directory_org_update(struct ctx *, int64_t id, const struct org_in *);

int
directory_pro_list(struct ctx *, int64_t org, struct professional **, int *n);
int directory_pro_add(
    struct ctx *, int64_t org, const struct professional_in *, int64_t *id);
int directory_pro_update(
    struct ctx *, int64_t org, int64_t id, const struct professional_in *);

int
directory_conv_list(struct ctx *, int64_t org, struct convention **, int *n);
int directory_conv_add(
    struct ctx *, int64_t org, const struct convention_in *, int64_t *id);
int directory_conv_update(
    struct ctx *, int64_t org, int64_t id, const struct convention_in *);

/* Conventions due for review within `days`, and the checklist coverage. */
int directory_partnership(struct ctx *, int days, struct partnership *);

/* Syntax checks (exposed for unit tests). */
int directory_finess_ok(const char *);
int directory_rpps_ok(const char *);
int directory_phone_ok(const char *);
int directory_email_ok(const char *);

#endif
