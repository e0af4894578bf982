// The demo seed's labels and attachments, added after everything else so no existing id shifts:
// labels on a handful of pages (one shared by two pages, two on a restricted page), categories on the
// Engineering and Product spaces, and real files on pages — the PNG the Onboarding page's body shows
// with <ac:image><ri:attachment ri:filename="team-map.png"/>, a PDF, a text file, and a file on the
// restricted page that only its readers (or the admin key) can list or download.

import { addContentLabels, addSpaceLabels, organise, type AttachmentRecord } from './organiseState';
import { simplePdf, teamMapPng } from './sampleFiles';
import type { ContentNode, SpaceRecord, Store } from './store';

export interface OrganiseSeedRefs {
  architecture: ContentNode; paymentsService: ContentNode; webhooks: ContentNode; onboarding: ContentNode;
  releaseNotes: ContentNode; roadmap: ContentNode; restricted: ContentNode; eng: SpaceRecord; prod: SpaceRecord;
  writerId: string; securityId: string;
  /** The seed's clock: one minute further per call. */
  time: () => number;
}

interface SeededAttachment { id: string; title: string; pageId: string; mediaType: string; size: number }

export function attach(store: Store, page: ContentNode, title: string, mediaType: string, data: Buffer, authorId: string, createdAt: number, comment = ''): SeededAttachment {
  const id = store.newContentId();
  // Deterministic file ids, so DEMO (computed from its own seeded store) matches every emulator.
  const fileId = uuidFrom(`${page.id}/${title}/1`);
  const record: AttachmentRecord = {
    id, containerId: page.id, title, status: 'current', createdAt,
    versions: [{ number: 1, createdAt, authorId, comment, minorEdit: false, size: data.length, mediaType, fileId, blob: { kind: 'bytes', data } }],
  };
  organise(store).attachments.set(id, record);
  return { id: `att${id}`, title, pageId: page.id, mediaType, size: data.length };
}

/** A UUID-shaped id derived from text (the seed must be the same on every start). */
function uuidFrom(text: string): string {
  let h = 2166136261;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) {
    for (const c of `${text}#${i}`) { h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0; }
    bytes.push(h & 0xff);
  }
  const hex = bytes.map(b => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function seedOrganiseDemo(store: Store, r: OrganiseSeedRefs) {
  const labelled = (node: ContentNode, names: string[]): { id: string; title: string; labels: string[] } => {
    addContentLabels(store, node.id, names.map(name => ({ prefix: 'global' as const, name })));
    return { id: node.id, title: node.versions[0]?.title ?? '', labels: names };
  };
  const labelledPages = {
    architecture: labelled(r.architecture, ['architecture', 'overview']),
    paymentsService: labelled(r.paymentsService, ['payments', 'service-catalogue']),
    webhooks: labelled(r.webhooks, ['payments', 'api']),
    onboarding: labelled(r.onboarding, ['onboarding', 'how-to']),
    releaseNotes: labelled(r.releaseNotes, ['release-notes']),
    roadmap: labelled(r.roadmap, ['roadmap', 'planning']),
    /** Only its readers see these; they are left out of the space's labels for everyone else. */
    restricted: labelled(r.restricted, ['security', 'incident-review']),
  };
  addSpaceLabels(store, r.eng.id, [{ prefix: 'team', name: 'engineering' }, { prefix: 'team', name: 'documentation' }]);
  addSpaceLabels(store, r.prod.id, [{ prefix: 'team', name: 'product' }]);

  const png = teamMapPng();
  const attachments = {
    /** Referenced by the Onboarding page's body (<ri:attachment ri:filename="team-map.png"/>). */
    image: attach(store, r.onboarding, 'team-map.png', 'image/png', png, r.writerId, r.time(), 'Who sits where'),
    pdf: attach(store, r.onboarding, 'onboarding-checklist.pdf', 'application/pdf',
      simplePdf(['Onboarding checklist', '1. Laptop and accounts', '2. Read the architecture overview', '3. Shadow an on-call shift']), r.writerId, r.time()),
    text: attach(store, r.onboarding, 'welcome.txt', 'text/plain', Buffer.from('Welcome to Engineering!\nStart with the Architecture page, then pick a starter task.\n', 'utf8'), r.writerId, r.time()),
    restricted: attach(store, r.restricted, 'incident-timeline.txt', 'text/plain', Buffer.from('SEC-117 timeline\n09:02 alert\n09:10 mitigated\n', 'utf8'), r.securityId, r.time()),
  };
  return {
    labelledPages,
    /** The label two pages share. */
    sharedLabel: 'payments',
    spaceLabels: { eng: ['engineering', 'documentation'], prod: ['product'] },
    attachments,
  };
}
