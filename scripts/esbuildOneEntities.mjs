// An esbuild plugin for the converter's bundle: every `entities` import resolves to the project's
// own copy. markdown-it (via its index) and dom-serializer (pulled in by htmlparser2's index) each
// bring an older `entities` whose module-level decode and encode tables esbuild cannot drop, because
// that version does not declare itself free of side effects; the project's copy does, so only the
// decoder the converter uses is bundled, once.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const oneEntities = {
  name: 'one-entities',
  setup(build) {
    build.onResolve({ filter: /^entities(\/|$)/ }, async (args) => {
      if (args.pluginData?.oneEntities) { return undefined; }
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: root, pluginData: { oneEntities: true } });
      return resolved.errors.length > 0 ? undefined : { path: resolved.path, sideEffects: resolved.sideEffects };
    });
  },
};
