import type * as vscode from 'vscode';
import type { SiteSessions } from '../auth/siteSessions';
import type { ContentItemNode, SpaceNode } from './model/treeNodes';
import { SpaceHierarchy } from './model/spaceHierarchy';
import { spaceKeyOf } from './model/spaceRoots';

/**
 * The read-ahead of each expanded space (see SpaceHierarchy): made when the space's top level is
 * listed (and started once its root pages have answered), dropped when the space, its site or the whole tree is refreshed. Failures are reported to the
 * site's session (a 401 signs it out) and logged; the tree then lists levels directly.
 */
export class SpaceReadAheads {
  private readonly hierarchies = new Map<string, SpaceHierarchy>();

  constructor(
    private readonly sessions: SiteSessions,
    private readonly adminKeyActive: (origin: string) => boolean,
    private readonly log: vscode.LogOutputChannel,
    /** The read ended, found late root items, or finished comparing without the admin key. */
    private readonly onProgress: (space: SpaceNode, hierarchy: SpaceHierarchy) => void,
  ) {}

  /** A new read-ahead, not started yet, for a space whose top level is being listed (replacing any earlier one). */
  create(space: SpaceNode): SpaceHierarchy | undefined {
    const client = this.sessions.get(space.origin)?.client;
    if (!client) return undefined;
    this.hierarchies.get(space.key)?.dispose();
    const hierarchy: SpaceHierarchy = new SpaceHierarchy(client, space.space, {
      compareWithoutAdminKey: this.adminKeyActive(space.origin),
      onProgress: () => { if (this.hierarchies.get(space.key) === hierarchy) this.onProgress(space, hierarchy); },
      onError: (error) => {
        this.sessions.reportError(space.origin, error);
        this.log.warn(`[tree] reading ahead the content of ${space.space.key} failed (its levels are listed one by one instead): ${error instanceof Error ? error.message : String(error)}`);
      },
    });
    this.hierarchies.set(space.key, hierarchy);
    return hierarchy;
  }

  /** The read-ahead of the space a page or folder is in. */
  of(node: ContentItemNode): SpaceHierarchy | undefined {
    return node.content.spaceId ? this.hierarchies.get(spaceKeyOf(node.origin, node.content.spaceId)) : undefined;
  }

  /** The read-ahead of a space, by site and space id. */
  ofSpace(origin: string, spaceId: string): SpaceHierarchy | undefined {
    return this.hierarchies.get(spaceKeyOf(origin, spaceId));
  }

  /** Resolves when every read-ahead started so far has ended (tests and benchmarks wait for quiet). */
  async settled(): Promise<void> {
    await Promise.all([...this.hierarchies.values()].map((h) => h.settled()));
  }

  disposeWhere(which: (spaceKey: string) => boolean): void {
    for (const [key, hierarchy] of [...this.hierarchies]) {
      if (!which(key)) continue;
      hierarchy.dispose();
      this.hierarchies.delete(key);
    }
  }
}
