// The extension loaded by code-server straight from the working tree, for `npm run dev`: a symlink
// in the profile's extensions dir, listed in that dir's extensions.json. Found with code-server 4.139
// (VS Code 1.139):
//  - the workbench's own way (`--extensionDevelopmentPath` in the URL's `payload`) is honoured only in
//    smoke-test-driver mode, which hides notification toasts; code-server's server takes no
//    development path that reaches the extension host;
//  - the server lists user extensions from extensions.json (it builds that file from the folders only
//    when it is missing), so the link gets an entry of its own rather than relying on that;
//  - the server caches the scanned manifests and reuses the cache while extensions.json's mtime is
//    unchanged, so a package.json edit (contributions) would only show on the second reload;
//    `refreshManifest` bumps that mtime.
// Removing the profile at the end of a run removes the link, not the working tree (fs.rm does not
// follow symlinks). Uninstalling the extension in that workbench only marks the link obsolete: two
// restarts of code-server later, it and the folder it points to were both still there.
import * as fs from 'fs';
import * as path from 'path';
import type { Profile } from '../test/e2e/codeServer';

interface Manifest {
  publisher: string;
  name: string;
  version: string;
}

export interface LinkedExtension {
  id: string;
  /** The symlink in the profile's extensions dir. */
  link: string;
  /** The profile's extensions.json. */
  manifestList: string;
}

export function linkExtension(folder: string, profile: Profile): LinkedExtension {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as Manifest;
  const id = `${manifest.publisher}.${manifest.name}`;
  const dirName = `${id}-${manifest.version}`;
  const link = path.join(profile.extensionsDir, dirName);
  fs.symlinkSync(folder, link, 'dir');
  // The shape VS Code writes itself (a URI object for `location`).
  const entry = {
    identifier: { id },
    version: manifest.version,
    location: { $mid: 1, path: link, scheme: 'file' },
    relativeLocation: dirName,
  };
  const manifestList = path.join(profile.extensionsDir, 'extensions.json');
  fs.writeFileSync(manifestList, JSON.stringify([entry]));
  return { id, link, manifestList };
}

/** Makes the server read package.json again at the next window reload (see the header). */
export function refreshManifest(linked: LinkedExtension): void {
  const now = new Date();
  fs.utimesSync(linked.manifestList, now, now);
}
