/*
 * The demo's liaison notebook (issue 12): three weeks of notes on the
 * file active, written through the notebook's own functions by the team
 * member of each visit, at its end and on it (the aide's daily life, the
 * nurse's care and treatments, the psychologist's psy notes, the
 * occupational therapist's), the coordination's social notes and the
 * doctor's medical ones; some « à prendre en compte »; a transmission
 * ciblée now and then; one correction. Notes older than five days are
 * read by the aide and the nurse where they may read them (the nurse
 * acknowledges the vigilance ones), so each has a few unread and the
 * recent vigilance notes still wait for their acknowledgement.
 */
#ifndef DOMAIN_SEED_DEMO_NOTES_H
#define DOMAIN_SEED_DEMO_NOTES_H

struct ctx;
struct demo_file;

#define DEMO_NOTES_DAYS 21

int demo_notes_seed(struct ctx *, const struct demo_file *);

#endif
