// A small tmpfs for the disk-full tests (we run as root in CI). The
// database goes on it; fill() takes every byte left.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Mounts a tmpfs of `size` on a new directory. Returns {db, dir, skip}:
// db is a startServer() database on it (its cleanup unmounts); skip is the
// reason when mount is not permitted here (then db is null).
export function tmpfsDb(size = '24m') {
  const dir = mkdtempSync(join(tmpdir(), 'maillage-full-'));
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir],
    { encoding: 'utf8' });
  if (m.status !== 0) {
    rmdirSync(dir);
    return { db: null, dir: null, skip: `mount not permitted here (${(m.stderr || m.error || '')
      .toString().trim()}): the disk-full test needs a small tmpfs` };
  }
  const db = { url: 'sqlite:' + join(dir, 'test.db'), kind: 'sqlite', dir, cleanup() {
    spawnSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  } };
  return { db, dir, skip: '' };
}

// Writes zeros into `file` until the file system has no byte left.
export function fill(file) {
  const fd = openSync(file, 'w');
  try {
    for (const size of [1 << 20, 1 << 16, 4096, 512, 1]) {
      const b = Buffer.alloc(size);
      for (;;) {
        try { writeSync(fd, b); } catch (e) { if (e.code === 'ENOSPC') break; throw e; }
      }
    }
  } finally { closeSync(fd); }
}

export const STORE_FULL_MESSAGE = 'Le serveur ne peut plus enregistrer : espace disque plein. '
  + "Vos données n'ont pas été modifiées ; prévenez l'administrateur.";
