// Maillage — the web UI's boot (PRODUCT §1).
//
// Imports the core's shell and every section's registration module (each
// registers its navigation, routes, pages and record parts with core/),
// then starts: the session if there is one, else the login page. Nothing
// else lives here: web/core/ is the shared kernel, web/sections/<context>/
// the pages of one context, importing only core/ (tools/check-web.mjs).

import { boot } from './core/shell.js';
import './sections/platform/index.js';
import './sections/record/index.js';
import './sections/volet2/index.js';
import './sections/directory/index.js';
import './sections/coordination/index.js';
import './sections/oncall/index.js';

boot();
