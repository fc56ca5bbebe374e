// Regenerates src/codec/generated/messages.ts from schemas/ (npm run gen).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { renderGeneratedTypes, generatedTypesPath } from './generated-types.js';

const text = await renderGeneratedTypes();
mkdirSync(dirname(generatedTypesPath), { recursive: true });
writeFileSync(generatedTypesPath, text);
process.stdout.write(`wrote ${generatedTypesPath}\n`);
