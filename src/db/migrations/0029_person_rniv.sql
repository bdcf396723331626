-- 0029 (issue 10 §2): the strict traits in the form of the identity
-- reference (INSi / RNIV): birth_name and first_names in capitals A-Z
-- without accents (text_rniv), the text as typed kept for display in
-- birth_name_typed and first_names_typed (NULL: the same as the strict
-- form). Existing rows are rewritten by the C step of this migration
-- (person_rniv_migrate, run in the same transaction after this script:
-- SQLite cannot strip accents in SQL), which also rewrites their search
-- and name keys.
-- C step: person_rniv_migrate
ALTER TABLE person ADD COLUMN birth_name_typed TEXT;
ALTER TABLE person ADD COLUMN first_names_typed TEXT;
