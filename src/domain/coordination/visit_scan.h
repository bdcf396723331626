/*
 * The QR pointage of visits (issue 11): each person has a QR code printed
 * on her DLU sheet at home, carrying a random token; the team member who
 * opens it with her phone (the camera opens the link, her session marks)
 * records her arrival at the door, and a second scan her departure: the
 * visit is then done, « pointée avec le QR code » (how = qr), the one
 * proof of presence a marking by hand does not give.
 */
#ifndef DOMAIN_COORDINATION_VISIT_SCAN_H
#define DOMAIN_COORDINATION_VISIT_SCAN_H

#include <stdint.h>

#include "domain/coordination/visit.h"

struct ctx;

/*
 * The person's QR token (decided on her identity, "visit.qr"), created on
 * first use; `renew` replaces it (a lost or photographed sheet: the old
 * code stops working). *token in ctx's arena.
 */
int visit_scan_token(
    struct ctx *, int64_t person_id, int renew, const char **token);

/*
 * The QR code of `text` as a square of modules: *size modules a side,
 * *modules "0"/"1" row after row (size * size characters), in the arena
 * (libqrencode, error correction M). -1 when it cannot be encoded.
 */
int visit_scan_matrix(
    struct ctx *, const char *text, int *size, const char **modules);

struct visit_scan_out {
	const char *action; /* "arrival" or "departure" */
	const char *at; /* UTC */
	const char *arrived_at; /* the arrival of a departure */
	struct visit_occ occ; /* the occurrence (marked after a departure) */
};

/*
 * A scan at the door by ctx's user: the person of `token` (404
 * visit.scan.unknown), the user's own visit to her nearest now (from 3 h
 * before its start to 3 h after its end, not yet marked; 404
 * visit.scan.no_visit), then the arrival, or — an arrival scanned within
 * 12 h — the departure and the marking (visit_mark, how = qr). A second
 * scan within a minute of the arrival answers the arrival again.
 */
int visit_scan_door(struct ctx *, const char *token, struct visit_scan_out *);

#endif
