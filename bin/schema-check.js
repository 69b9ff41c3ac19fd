#!/usr/bin/env node
'use strict';
// The package's `schema-check` bin: tsx's CommonJS hook lets Node load the TypeScript CLI directly.
require('tsx/cjs');
const { main } = require('../tools/schema-check/cli.ts');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
