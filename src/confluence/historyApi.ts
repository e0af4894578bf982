// A page's history: its versions newest first in batches of up to 250 (so a list can show the first
// batch while the rest are still coming), one version's details, and one version's body. An old
// version reads through GET /pages/{id}?version=N, which answers with status "historical".

import * as z from 'zod/mini';
import { numericId, PAGE_LIMIT, V2, type ConfluenceApi } from './api';
import { ConfluenceError } from './errors';
import { toVersion } from './pagesApi';
import { PageSingleSchema, VersionListSchema } from './schemas';
import { compact, type Batch, type PageVersion, type RequestOptions } from './types';
import { l10n } from '../util/l10n';

export interface VersionDetails extends PageVersion {
  /** Account ids of everyone who contributed to this version. */
  collaborators: string[];
  prevVersion?: number;
  nextVersion?: number;
}

export interface VersionBody {
  pageId: string;
  title: string;
  /** "historical" for any version but the current one. */
  status: string;
  version: PageVersion;
  body: { representation: 'storage'; value: string };
}

const DetailedVersionSchema = z.object({
  number: z.int(),
  authorId: z.nullish(z.string()),
  message: z.nullish(z.string()),
  createdAt: z.nullish(z.string()),
  minorEdit: z.nullish(z.boolean()),
  collaborators: z.nullish(z.array(z.string())),
  prevVersion: z.nullish(z.int()),
  nextVersion: z.nullish(z.int()),
});

function versionNumber(n: number): number {
  if (!Number.isInteger(n) || n < 1) { throw new ConfluenceError('invalidInput', l10n.t('A page version is a positive whole number (got {0}).', String(n))); }
  return n;
}

/** Newest first, one request per batch of up to 250. */
export function pageHistory(api: ConfluenceApi, pageId: string, o?: RequestOptions): AsyncIterable<Batch<PageVersion>> {
  const url = api.url(`${V2}/pages/${numericId(pageId, 'page')}/versions`, { limit: PAGE_LIMIT, sort: '-modified-date' });
  return api.paginate(url, VersionListSchema, o, (body) => body.results.map(toVersion));
}

export async function versionDetails(api: ConfluenceApi, pageId: string, n: number, o?: RequestOptions): Promise<VersionDetails> {
  const v = await api.getJson(`${V2}/pages/${numericId(pageId, 'page')}/versions/${versionNumber(n)}`, DetailedVersionSchema, o);
  return compact<VersionDetails>({
    ...toVersion(v), collaborators: v.collaborators ?? [], prevVersion: v.prevVersion ?? undefined, nextVersion: v.nextVersion ?? undefined,
  });
}

/** The storage body of version `n` (one request). */
export async function versionBody(api: ConfluenceApi, pageId: string, n: number, o?: RequestOptions): Promise<VersionBody> {
  const id = numericId(pageId, 'page');
  const p = await api.getJson(`${V2}/pages/${id}`, PageSingleSchema, { ...o, query: { version: versionNumber(n), 'body-format': 'storage' } });
  const storage = p.body?.storage;
  if (!storage) {
    throw new ConfluenceError('invalidResponse', l10n.t('Confluence on {0} sent version {1} of page {2} without its storage body.', api.siteHost, n, id));
  }
  if (p.version.number !== n) {
    throw new ConfluenceError('invalidResponse',
      l10n.t('Confluence on {0} answered with version {1} when asked for version {2} of page {3}.', api.siteHost, p.version.number, n, id));
  }
  return { pageId: p.id, title: p.title, status: p.status, version: toVersion(p.version), body: { representation: 'storage', value: storage.value } };
}
