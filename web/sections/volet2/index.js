// Maillage — the volet 2 section: referrals, eligibility, the waiting
// list and admission evaluations (intake.js); committees, supports, the
// plan, the board and the file active (support.js); and the « Parcours
// volet 2 » part of a person's record.
//
// Registers with core only; app.js imports it.

import { registerRecordPart } from '../../core/record.js';
import { registerSection } from '../../core/router.js';
import { placeholderSection } from '../../core/widgets.js';
import { dac } from './dac.js';
import { volet2 } from './intake.js';
import { planTemplates } from './plantpl.js';
import { loadParcours, support } from './support.js';

registerSection({ order: 30, ...volet2 });
registerSection({ order: 40, ...support });
registerSection({ order: 35, ...dac });
registerSection({ order: 45, ...planTemplates });

// Timeline and supports, after the autonomy (removed on a 403).
registerRecordPart({
  id: 'parcours',
  order: 60,
  render(p, access, ctx) {
    const section = placeholderSection('parcours', 'Parcours volet 2', 'data-parcours');
    loadParcours(ctx, p, section);
    return section;
  },
});
