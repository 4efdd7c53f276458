#!/usr/bin/env node
// `npx access-lens …` / package.json `bin`: runs the TypeScript CLI through tsx's require hook,
// so a checkout needs no build step.
'use strict';
require('tsx/cjs');
require('../src/cli/main.ts');
