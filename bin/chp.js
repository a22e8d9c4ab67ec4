#!/usr/bin/env node
// Entry point for the `chp` command: runs the TypeScript CLI through tsx so no build step is needed.
require('tsx/cjs');
require('../cli/main.ts');
