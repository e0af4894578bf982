// Seeds: `demo` (a believable site used by tests and the demo), `bench` (10,000 generated pages) and
// `empty` (accounts and one empty space). Seeding is deterministic: ids come from counters in
// creation order, timestamps from fixed dates, so DEMO (computed by running the demo seed once)
// always matches what a freshly started emulator serves.

import * as bodies from './bodies';
import { READ_ONLY_SCOPED_TOKEN } from './quirks';
import { seedCommentsAndHistory } from './seedComments';
import { attach, seedOrganiseDemo } from './organiseSeed';
import { teamMapPng } from './sampleFiles';
import { EmulatorClock, Store, UserRecord, ContentNode, DEFAULT_START_TIME } from './store';

export type SeedName = 'demo' | 'empty' | 'bench';

export const CLOUD_ID = 'b1f4e2a7-3c5d-4e6f-8a9b-0c1d2e3f4a5b';

const ACCOUNTS = {
  admin: { email: 'admin@example.com', token: 'demo-admin-token', accountId: '712020:5e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a41', displayName: 'Alex Admin' },
  writer: { email: 'writer@example.com', token: 'demo-writer-token', accountId: '712020:6f2a3b4c-5d6e-4f7a-9b8c-0d1e2f3a4b52', displayName: 'Wendy Writer' },
  other: { email: 'other@example.com', token: 'demo-other-token', accountId: '712020:7a3b4c5d-6e7f-4a8b-8c9d-1e2f3a4b5c63', displayName: 'Oscar Other' },
  // The only person allowed to read the restricted pages: neither admin nor writer is, so only the
  // admin key reveals them.
  security: { email: 'security@example.com', token: 'demo-security-token', accountId: '712020:8b4c5d6e-7f8a-4b9c-9d0e-2f3a4b5c6d74', displayName: 'Sam Security' },
} as const;

const SCOPED_TOKEN = 'demo-scoped-token';

/** Seed timestamps: a fixed day in 2025, one minute apart per created item. */
const SEED_EPOCH = Date.parse('2025-03-03T10:00:00.000Z');

function addUsers(store: Store): void {
  const mk = (a: { email: string; token: string; accountId: string; displayName: string }, siteAdmin: boolean, scoped: string[] = []): UserRecord => ({
    accountId: a.accountId, email: a.email, displayName: a.displayName, token: a.token, scopedTokens: scoped, siteAdmin, timeZone: 'Europe/Berlin',
  });
  store.users.push(mk(ACCOUNTS.admin, true, [SCOPED_TOKEN, READ_ONLY_SCOPED_TOKEN]), mk(ACCOUNTS.writer, false), mk(ACCOUNTS.other, false), mk(ACCOUNTS.security, false));
  store.cloudId = CLOUD_ID;
}

interface IdTitle { id: string; title: string }

function seedDemo(store: Store) {
  addUsers(store);
  let minute = 0;
  const t = (): number => SEED_EPOCH + (minute++) * 60_000;
  const admin: string = ACCOUNTS.admin.accountId;
  const writer: string = ACCOUNTS.writer.accountId;
  const other: string = ACCOUNTS.other.accountId;
  const page = (spaceId: string, parentId: string | null, title: string, body: string | (() => string), authorId = writer, extra: Partial<Pick<ContentNode, 'readRestrictedTo' | 'updateRestrictedTo'>> = {}): ContentNode =>
    store.addContent({ type: 'page', spaceId, parentId, title, body, authorId, createdAt: t(), ...extra });
  const it = (n: ContentNode): IdTitle => ({ id: n.id, title: n.versions[0]?.title ?? '' });

  // --- Engineering ---
  const eng = store.addSpace({ key: 'ENG', name: 'Engineering', type: 'global', status: 'current', authorId: admin, createdAt: t(), description: 'Architecture, runbooks and release notes for the engineering organisation.' });
  const engHomeChildren = ['Architecture', 'Release notes', 'Onboarding', 'Coding standards', 'Design review: search indexing'];
  const engHome = page(eng.id, null, 'Engineering Home', bodies.spaceHomeBody('Engineering', engHomeChildren), admin);
  eng.homepageId = engHome.id;
  const arch = page(eng.id, engHome.id, 'Architecture', bodies.architectureBody(), admin);
  const services = page(eng.id, arch.id, 'Services', bodies.servicesBody());
  const payments = page(eng.id, services.id, 'Payments Service', bodies.paymentsServiceBody());
  const paymentsApi = page(eng.id, payments.id, 'Payments API', bodies.paymentsApiBody());
  const webhooks = page(eng.id, paymentsApi.id, 'Webhooks', bodies.webhooksBody(1));
  // Webhooks has a history of 6 versions so stale-version tests see "Current Version: [6]".
  for (let v = 2; v <= 6; v++) {
    webhooks.versions.push({ number: v, createdAt: SEED_EPOCH + 86_400_000 * v, authorId: v % 2 ? other : writer, message: v === 6 ? 'Document retry schedule' : '', minorEdit: v === 3, title: 'Webhooks', body: bodies.webhooksBody(v), adminKeyUsed: false });
  }
  page(eng.id, arch.id, 'Decision log', bodies.genericBody('Decision log', 'Architecture decision records, newest first.'));

  const releaseNotes = page(eng.id, engHome.id, 'Release notes', bodies.releaseNotesIndexBody(320));
  const releaseIds: string[] = [];
  for (let i = 0; i < 320; i++) {
    const minor = i;
    releaseIds.push(page(eng.id, releaseNotes.id, `Release notes 1.${minor}`, () => bodies.releaseNoteBody(minor)).id);
  }

  const runbooks = store.addContent({ type: 'folder', spaceId: eng.id, parentId: engHome.id, title: 'Runbooks', authorId: admin, createdAt: t() });
  const onCall = page(eng.id, runbooks.id, 'On-call handbook', bodies.runbookBody('On-call handbook'));
  const incident = page(eng.id, runbooks.id, 'Incident response', bodies.runbookBody('Incident response'));
  const dbFolder = store.addContent({ type: 'folder', spaceId: eng.id, parentId: runbooks.id, title: 'Database runbooks', authorId: admin, createdAt: t() });
  const failover = page(eng.id, dbFolder.id, 'Postgres failover', bodies.runbookBody('Postgres failover'));

  const onboarding = page(eng.id, engHome.id, 'Onboarding', bodies.onboardingBody('team-map.png'));
  const whiteboard = store.addContent({ type: 'whiteboard', spaceId: eng.id, parentId: engHome.id, title: 'Team topology whiteboard', authorId: writer, createdAt: t() });
  const database = store.addContent({ type: 'database', spaceId: eng.id, parentId: engHome.id, title: 'Service ownership database', authorId: writer, createdAt: t() });

  const restricted = page(eng.id, engHome.id, 'Security incidents', bodies.restrictedBody(), ACCOUNTS.security.accountId, { readRestrictedTo: [ACCOUNTS.security.accountId] });
  const restrictedChild = page(eng.id, restricted.id, 'SEC-117 post-incident review', bodies.restrictedChildBody(), ACCOUNTS.security.accountId);
  const codingStandards = page(eng.id, engHome.id, 'Coding standards', bodies.codingStandardsBody(), other, { updateRestrictedTo: [other] });
  const designReview = page(eng.id, engHome.id, 'Design review: search indexing', bodies.designReviewBody());
  designReview.versions.push({ number: 2, createdAt: SEED_EPOCH + 5 * 86_400_000, authorId: other, message: 'Add open questions', minorEdit: false, title: designReview.versions[0]?.title ?? '', body: bodies.designReviewBody(), adminKeyUsed: false });
  // A second root-level page besides the homepage, as real spaces often have.
  const scratch = page(eng.id, null, 'Scratchpad', bodies.genericBody('Scratchpad', 'Loose notes that do not belong anywhere yet.'));

  // --- Product ---
  const prod = store.addSpace({ key: 'PROD', name: 'Product', type: 'global', status: 'current', authorId: admin, createdAt: t(), description: 'Roadmaps, requirements and research.' });
  const prodHome = page(prod.id, null, 'Product Home', bodies.spaceHomeBody('Product', ['Roadmap 2027', 'Requirements']), admin);
  prod.homepageId = prodHome.id;
  const roadmap = page(prod.id, prodHome.id, 'Roadmap 2027', bodies.genericBody('Roadmap 2027', 'Themes: reliability, self-serve onboarding, search.'));
  const reqs = page(prod.id, prodHome.id, 'Requirements', bodies.genericBody('Requirements', 'Product requirement documents by area.'));
  const searchPrd = page(prod.id, reqs.id, 'Search v2 PRD', bodies.genericBody('Search v2 PRD', 'Goals: relevance, typo tolerance, sub-200ms p95.'));
  page(prod.id, prodHome.id, 'Pricing (confidential)', bodies.genericBody('Pricing (confidential)', 'Draft price points for 2027.'), ACCOUNTS.security.accountId, { readRestrictedTo: [ACCOUNTS.security.accountId] });

  // --- Personal space of Alex Admin ---
  const personal = store.addSpace({ key: '~alexadmin', name: 'Alex Admin', type: 'personal', status: 'current', authorId: admin, createdAt: t(), description: '' });
  const personalHome = page(personal.id, null, 'Alex Admin', bodies.genericBody('Alex Admin', 'My personal space.'), admin);
  personal.homepageId = personalHome.id;
  page(personal.id, personalHome.id, 'Meeting notes', bodies.genericBody('Meeting notes', '1:1 notes and follow-ups.'), admin);

  // --- Archived ---
  const archived = store.addSpace({ key: 'OLD', name: 'Old Intranet', type: 'global', status: 'archived', authorId: admin, createdAt: t(), description: 'The intranet before 2024. Read-only.' });
  const oldHome = page(archived.id, null, 'Old Intranet Home', bodies.genericBody('Old Intranet', 'This space is archived.'), admin);
  archived.homepageId = oldHome.id;
  page(archived.id, oldHome.id, 'Cafeteria menu', bodies.genericBody('Cafeteria menu', 'Monday: lasagne.'), admin);

  // A folder at the root of ENG, outside the homepage tree: GET /spaces/{id}/pages?depth=root does
  // not list it (it is not a page), yet the space's top level shows it.
  const rootFolder = store.addContent({ type: 'folder', spaceId: eng.id, parentId: null, title: 'Team archive', authorId: admin, createdAt: t() });
  const inRootFolder = page(eng.id, rootFolder.id, 'Archived decisions', bodies.genericBody('Archived decisions', 'Decisions from before 2025.'));
  // --- Comments and history (last, so the ids above do not shift) ---
  const commentsAndHistory = seedCommentsAndHistory({ store, t, commentedPage: designReview, restrictedPage: restricted, historyParent: arch,
    accounts: { admin, writer, other, security: ACCOUNTS.security.accountId } });
  // A page with everything Markdown cannot say, for the Markdown view (also last, for stable ids).
  const showcase = page(prod.id, prod.homepageId ?? null, 'Release checklist', bodies.markdownShowcaseBody(other));
  // --- Labels and attachments (last, so the ids above never shift) ---
  const organised = seedOrganiseDemo(store, {
    architecture: arch, paymentsService: payments, webhooks, onboarding, releaseNotes, roadmap, restricted, eng, prod,
    writerId: writer, securityId: ACCOUNTS.security.accountId, time: t,
  });
  // (Last of all, so the ids above never shift.) Content six levels below the homepage, under Webhooks: deeper than the five levels real sites list
  // with descendants, and not pages, so only a listing of non-page content finds it.
  const deepWhiteboard = store.addContent({ type: 'whiteboard', spaceId: eng.id, parentId: webhooks.id, title: 'Delivery flow', authorId: writer, createdAt: t() });
  const deepFolder = store.addContent({ type: 'folder', spaceId: eng.id, parentId: webhooks.id, title: 'Payload samples', authorId: writer, createdAt: t() });
  const deepFolderPage = page(eng.id, deepFolder.id, 'Charge succeeded', bodies.genericBody('Charge succeeded', 'A sample webhook payload.'));
  const deepEmbed = store.addContent({ type: 'embed', spaceId: eng.id, parentId: webhooks.id, title: 'Delivery dashboard', authorId: writer, createdAt: t() });
  // The image the Release checklist shows (its body refers to timeline.png).
  attach(store, showcase, 'timeline.png', 'image/png', teamMapPng(240, 72), other, t(), 'Release timeline');

  const acct = (a: typeof ACCOUNTS[keyof typeof ACCOUNTS]) => ({ email: a.email, token: a.token, accountId: a.accountId, displayName: a.displayName });
  const sp = (s: { id: string; key: string; name: string; homepageId?: string }) => ({ id: s.id, key: s.key, name: s.name, homepageId: s.homepageId ?? '' });
  return {
    cloudId: CLOUD_ID,
    accounts: { admin: acct(ACCOUNTS.admin), writer: acct(ACCOUNTS.writer), other: acct(ACCOUNTS.other), security: acct(ACCOUNTS.security) },
    scopedToken: SCOPED_TOKEN,
    spaces: { eng: sp(eng), prod: sp(prod), personal: sp(personal), archived: sp(archived) },
    /** Root (space homepage) to leaf, 6 levels; the leaf has 6 versions. */
    deepPath: [engHome, arch, services, payments, paymentsApi, webhooks].map(it),
    versionedPage: { id: webhooks.id, title: 'Webhooks', version: 6 },
    bigParent: { id: releaseNotes.id, title: 'Release notes', childCount: releaseIds.length, firstChildId: releaseIds[0] ?? '', lastChildId: releaseIds[releaseIds.length - 1] ?? '' },
    folder: { id: runbooks.id, title: 'Runbooks', childIds: [onCall.id, incident.id, dbFolder.id] },
    nestedFolder: { id: dbFolder.id, title: 'Database runbooks', childIds: [failover.id] },
    whiteboard: it(whiteboard),
    database: it(database),
    /** Read-restricted to Sam Security: hidden from admin, writer and other unless the admin key is used. */
    restricted: { id: restricted.id, title: 'Security incidents', childId: restrictedChild.id, childTitle: 'SEC-117 post-incident review', spaceId: eng.id },
    /** Readable by everyone, updatable only by other@example.com. */
    updateRestricted: { id: codingStandards.id, title: 'Coding standards', allowedAccountId: other },
    commentedPage: { id: designReview.id, title: designReview.versions[0]?.title ?? '' },
    pageWithImage: { id: onboarding.id, title: 'Onboarding', attachment: 'team-map.png' },
    extraRootPage: it(scratch),
    prodPages: { roadmap: it(roadmap), requirements: it(reqs), searchPrd: it(searchPrd) },
    engHomeChildTitles: engHomeChildren,
    rootFolder: { id: rootFolder.id, title: 'Team archive', childId: inRootFolder.id, childTitle: 'Archived decisions' },
    /** Layout, macros, a mention, an image, an inline comment, a table: what the Markdown view must keep. */
    markdownShowcase: it(showcase),
    /** Under Webhooks (six levels below the homepage): a whiteboard, a folder holding one page, an embed (Smart Link). */
    deepContent: { whiteboard: it(deepWhiteboard), folder: it(deepFolder), folderPage: it(deepFolderPage), embed: it(deepEmbed) },
    ...commentsAndHistory,
    /** Labels on pages and spaces, and attachments (see organiseSeed.ts). */
    organise: organised,
  };
}

function seedEmpty(store: Store): void {
  addUsers(store);
  // An empty space: no homepage and no content (POST /pages without a parent creates a root page).
  store.addSpace({ key: 'SBX', name: 'Sandbox', type: 'global', status: 'current', authorId: ACCOUNTS.admin.accountId, createdAt: SEED_EPOCH, description: 'An empty space.' });
}

/** 10,000 pages: homepage, a 600-child level, three folders, and a random tree capped at 10 levels. */
function seedBench(store: Store): void {
  addUsers(store);
  const author = ACCOUNTS.writer.accountId;
  const space = store.addSpace({ key: 'BENCH', name: 'Benchmark', type: 'global', status: 'current', authorId: ACCOUNTS.admin.accountId, createdAt: SEED_EPOCH, description: 'Generated space for performance tests.' });
  let n = 0;
  const add = (parentId: string | null, type: 'page' | 'folder' = 'page'): ContentNode => {
    const i = ++n;
    return store.addContent({ type, spaceId: space.id, parentId, title: type === 'folder' ? `Folder ${i}` : `Bench page ${i}`,
      body: type === 'page' ? () => bodies.benchBody(i) : '', authorId: author, createdAt: SEED_EPOCH + i * 1000 });
  };
  const home = add(null);
  space.homepageId = home.id;
  const depth = new Map<string, number>([[home.id, 1]]);
  const candidates: string[] = [home.id];
  const wide = add(home.id);
  depth.set(wide.id, 2);
  for (let i = 0; i < 600; i++) { const c = add(wide.id); depth.set(c.id, 3); }
  for (let f = 0; f < 3; f++) {
    const folder = add(home.id, 'folder');
    depth.set(folder.id, 2);
    candidates.push(folder.id);
  }
  // Deterministic LCG so the tree is the same on every start.
  let seed = 42;
  const rand = (k: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
  let pages = 1 + 1 + 600; // pages so far (folders not counted)
  // A chain guarantees the full 10 levels exist.
  let chainParent = home.id;
  for (let d = 2; d <= 10; d++) { const c = add(chainParent); depth.set(c.id, d); candidates.push(c.id); chainParent = c.id; pages++; }
  while (pages < 10_000) {
    // Prefer recent nodes a bit so the tree gets deep, but never beyond level 10.
    const pick = candidates[candidates.length > 50 && rand(2) === 0 ? candidates.length - 1 - rand(50) : rand(candidates.length)] ?? home.id;
    const d = (depth.get(pick) ?? 1) + 1;
    if (d > 10) { continue; }
    const c = add(pick);
    depth.set(c.id, d);
    pages++;
    if (d < 10) { candidates.push(c.id); }
  }
}

export type DemoIds = ReturnType<typeof seedDemo>;

export function applySeed(store: Store, name: SeedName): void {
  if (name === 'demo') { seedDemo(store); } else if (name === 'bench') { seedBench(store); } else { seedEmpty(store); }
}

/** Well-known ids, titles, keys and accounts of the demo seed, so tests never hard-code numbers. */
export const DEMO: DemoIds = seedDemo(new Store(new EmulatorClock(DEFAULT_START_TIME)));
