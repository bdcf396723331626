/*
 * The demo's emergency temporary beds (issue 13): two places of the
 * CRT's EHPAD, a year of past stays within the limits (each booked,
 * arrived and left through bed.c), a stay in progress on each place, a
 * booking ahead, and a few urgent requests refused for lack of a place.
 */
#ifndef DOMAIN_SEED_DEMO_BEDS_H
#define DOMAIN_SEED_DEMO_BEDS_H

struct ctx;
struct demo_file;

int demo_beds_seed(struct ctx *, const struct demo_file *);

#endif
