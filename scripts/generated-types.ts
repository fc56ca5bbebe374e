import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { SchemaCatalog } from '../src/codec/schema-catalog.js';
import { generateTypes } from '../src/codec/type-generator.js';

/** Where the generated message types live. */
export const generatedTypesPath = fileURLToPath(
  new URL('../src/codec/generated/messages.ts', import.meta.url),
);

/** The generated file's exact text: the generator's output, formatted as the repository is. */
export async function renderGeneratedTypes(): Promise<string> {
  const options = (await prettier.resolveConfig(generatedTypesPath)) ?? {};
  return prettier.format(generateTypes(SchemaCatalog.load()), {
    ...options,
    filepath: generatedTypesPath,
  });
}
