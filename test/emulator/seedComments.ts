// Demo-seed additions for comments and history, appended at the end of the demo seed so earlier ids
// keep their values: the inline comments matching the markers already in DEMO.commentedPage (one
// open with two replies, one resolved, one whose marker is not in the body and is therefore
// dangling), two footer comments (one with a reply), comments on the read-restricted page, and a
// page with several hundred versions for paging through history.

import { commentsOf } from './commentStore';
import type { ContentNode, Store } from './store';

const OPEN_REF = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const RESOLVED_REF = 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e';
const DANGLING_REF = 'c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f';
const LONG_HISTORY_VERSIONS = 320;

export interface CommentSeedInput {
  store: Store;
  /** The demo seed's clock: one minute further per call. */
  t: () => number;
  commentedPage: ContentNode;
  restrictedPage: ContentNode;
  historyParent: ContentNode;
  accounts: { admin: string; writer: string; other: string; security: string };
}

function sloBody(version: number): string {
  return `<h1>Service level objectives</h1><p>Revision ${version} of the targets, reviewed every week.</p>`
    + `<table><tbody><tr><th>Service</th><th>Availability</th><th>p95 latency</th></tr>`
    + `<tr><td>Payments</td><td>99.${90 + (version % 10)}%</td><td>${180 + (version % 40)} ms</td></tr>`
    + `<tr><td>Search</td><td>99.${80 + (version % 20)}%</td><td>${120 + (version % 25)} ms</td></tr></tbody></table>`;
}

export function seedCommentsAndHistory(input: CommentSeedInput) {
  const { store, t, commentedPage, restrictedPage, historyParent, accounts } = input;
  const cs = commentsOf(store);
  const page = commentedPage.id;

  const open = cs.add({ kind: 'inline', pageId: page, parentId: null, authorId: accounts.other, createdAt: t(),
    body: '<p>Which queue? We already run Kafka for payments.</p>', markerRef: OPEN_REF, originalSelection: 'moving indexing to a queue-based pipeline' });
  // Edited once by its author, so comment versions have something to show.
  open.versions.push({ number: 2, createdAt: t(), authorId: accounts.other, message: '',
    body: '<p>Which queue? We already run Kafka for payments; SQS would be a second system to operate.</p>' });
  const reply1 = cs.add({ kind: 'inline', pageId: page, parentId: open.id, authorId: accounts.writer, createdAt: t(),
    body: '<p>SQS: the indexer does not need ordering and we want no brokers to run.</p>' });
  const reply2 = cs.add({ kind: 'inline', pageId: page, parentId: open.id, authorId: accounts.other, createdAt: t(),
    body: '<p>Fair. Add that to the options table, please.</p>' });

  const resolved = cs.add({ kind: 'inline', pageId: page, parentId: null, authorId: accounts.writer, createdAt: t(),
    body: '<p>Backfill with the existing batch job, then switch.</p>', markerRef: RESOLVED_REF, originalSelection: 'How do we backfill?', resolution: 'resolved' });
  resolved.resolutionBy = accounts.other;
  resolved.resolutionAt = t();

  // Its marker was removed by a later edit: Confluence reports such a comment as dangling.
  const dangling = cs.add({ kind: 'inline', pageId: page, parentId: null, authorId: accounts.other, createdAt: t(),
    body: '<p>Platform team, surely?</p>', markerRef: DANGLING_REF, originalSelection: 'Who owns the dead-letter queue?' });

  const footer1 = cs.add({ kind: 'footer', pageId: page, parentId: null, authorId: accounts.other, createdAt: t(),
    body: '<p>Looks good overall. Let us prototype with SQS first.</p>' });
  const footer1Reply = cs.add({ kind: 'footer', pageId: page, parentId: footer1.id, authorId: accounts.writer, createdAt: t(),
    body: '<p>Agreed, I will set it up this sprint.</p>' });
  const footer2 = cs.add({ kind: 'footer', pageId: page, parentId: null, authorId: accounts.admin, createdAt: t(),
    body: '<p>Please link the cost estimate before the review.</p>' });

  const secret = cs.add({ kind: 'footer', pageId: restrictedPage.id, parentId: null, authorId: accounts.security, createdAt: t(),
    body: '<p>SEC-117 stays in monitoring until the customer confirms.</p>' });
  const secretReply = cs.add({ kind: 'footer', pageId: restrictedPage.id, parentId: secret.id, authorId: accounts.security, createdAt: t(),
    body: '<p>Confirmed on Friday; closing next week.</p>' });

  const start = t();
  const authors = [accounts.writer, accounts.other, accounts.admin];
  const long = store.addContent({ type: 'page', spaceId: historyParent.spaceId, parentId: historyParent.id, title: 'Service level objectives',
    body: sloBody(1), authorId: accounts.writer, createdAt: start });
  for (let v = 2; v <= LONG_HISTORY_VERSIONS; v++) {
    const version = v;
    long.versions.push({ number: v, createdAt: start + v * 3_600_000, authorId: authors[v % authors.length] ?? accounts.writer,
      message: v % 10 === 0 ? `Weekly review ${v / 10}` : '', minorEdit: v % 3 === 0, title: 'Service level objectives',
      body: () => sloBody(version), adminKeyUsed: false });
  }

  return {
    /** On DEMO.commentedPage; markers for the open and resolved threads are in its body, the dangling one's is not. */
    comments: {
      pageId: page,
      openInline: { id: open.id, markerRef: OPEN_REF, selection: 'moving indexing to a queue-based pipeline', version: 2, replyIds: [reply1.id, reply2.id] },
      resolvedInline: { id: resolved.id, markerRef: RESOLVED_REF, selection: 'How do we backfill?' },
      danglingInline: { id: dangling.id, markerRef: DANGLING_REF, selection: 'Who owns the dead-letter queue?' },
      footerWithReply: { id: footer1.id, replyId: footer1Reply.id },
      footer: { id: footer2.id },
      /** On DEMO.restricted (read-restricted to Sam Security). */
      restricted: { pageId: restrictedPage.id, footerId: secret.id, replyId: secretReply.id },
    },
    /** A page with a long history, for paging through versions (250 per request). */
    longHistory: { id: long.id, title: 'Service level objectives', versions: LONG_HISTORY_VERSIONS },
  };
}
