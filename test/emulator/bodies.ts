// Realistic Confluence storage-format bodies for the seeds. Real pages mix headings, tables,
// structured macros (code, info), page links, inline-comment markers and attached images; the
// extension must round-trip all of that byte-for-byte, so the demo seed is deliberately rich.

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function pageLink(title: string, text?: string): string {
  return `<ac:link><ri:page ri:content-title="${esc(title)}" /><ac:plain-text-link-body><![CDATA[${text ?? title}]]></ac:plain-text-link-body></ac:link>`;
}

function codeMacro(language: string, code: string, macroId: string): string {
  return `<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="${macroId}">`
    + `<ac:parameter ac:name="language">${language}</ac:parameter>`
    + `<ac:parameter ac:name="linenumbers">true</ac:parameter>`
    + `<ac:plain-text-body><![CDATA[${code}]]></ac:plain-text-body></ac:structured-macro>`;
}

function infoMacro(kind: 'info' | 'note' | 'warning' | 'tip', title: string, html: string, macroId: string): string {
  return `<ac:structured-macro ac:name="${kind}" ac:schema-version="1" ac:macro-id="${macroId}">`
    + `<ac:parameter ac:name="title">${esc(title)}</ac:parameter>`
    + `<ac:rich-text-body>${html}</ac:rich-text-body></ac:structured-macro>`;
}

export function spaceHomeBody(spaceName: string, childTitles: string[]): string {
  return `<h1>Welcome to ${esc(spaceName)}</h1>`
    + `<p>This space is where the team keeps decisions, runbooks and release notes. Start with the pages below.</p>`
    + infoMacro('info', 'New here?', '<p>Read the onboarding guide first, then ask in <strong>#eng-help</strong>.</p>', '2f1d5c7e-1a0b-4c3d-9e8f-0a1b2c3d4e01')
    + `<h2>Sections</h2><ul>${childTitles.map(t => `<li>${pageLink(t)}</li>`).join('')}</ul>`
    + `<ac:structured-macro ac:name="children" ac:schema-version="2" ac:macro-id="7b9c2d10-5e6f-4a1b-8c9d-0e1f2a3b4c02"><ac:parameter ac:name="all">false</ac:parameter></ac:structured-macro>`;
}

export function architectureBody(): string {
  return `<h1>Architecture overview</h1>`
    + `<p>The platform is split into <em>edge</em>, <em>core services</em> and <em>data</em> tiers. Each service owns its storage.</p>`
    + `<table data-table-width="760" data-layout="default"><colgroup><col style="width: 200.0px;" /><col style="width: 280.0px;" /><col style="width: 280.0px;" /></colgroup><tbody>`
    + `<tr><th><p><strong>Tier</strong></p></th><th><p><strong>Components</strong></p></th><th><p><strong>Owner</strong></p></th></tr>`
    + `<tr><td><p>Edge</p></td><td><p>CDN, API gateway</p></td><td><p>Platform team</p></td></tr>`
    + `<tr><td><p>Core</p></td><td><p>${pageLink('Payments Service')}, Accounts, Search</p></td><td><p>Product engineering</p></td></tr>`
    + `<tr><td><p>Data</p></td><td><p>Postgres 16, Kafka, S3</p></td><td><p>Data platform</p></td></tr>`
    + `</tbody></table>`
    + `<h2>Principles</h2><ol><li><p>Prefer boring technology.</p></li><li><p>Every service has a runbook.</p></li><li><p>Backwards-compatible APIs only.</p></li></ol>`;
}

export function servicesBody(): string {
  return `<h2>Service catalogue</h2><p>Every production service and its on-call rotation.</p>`
    + `<table><tbody><tr><th>Service</th><th>Language</th><th>Rotation</th></tr>`
    + `<tr><td>${pageLink('Payments Service')}</td><td>Kotlin</td><td>payments-oncall</td></tr>`
    + `<tr><td>Accounts</td><td>Go</td><td>identity-oncall</td></tr>`
    + `<tr><td>Search</td><td>Rust</td><td>search-oncall</td></tr></tbody></table>`;
}

export function paymentsServiceBody(): string {
  return `<h1>Payments Service</h1><p>Owns card authorisation, capture and refunds.</p>`
    + infoMacro('warning', 'PCI scope', '<p>Never log full card numbers. See the <strong>PCI checklist</strong>.</p>', '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e03')
    + `<h2>Local development</h2>`
    + codeMacro('bash', './gradlew bootRun --args="--spring.profiles.active=local"\ncurl -s localhost:8080/health | jq .', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c04');
}

export function paymentsApiBody(): string {
  return `<h1>Payments API</h1><p>Version 3 of the public payments API. All requests are idempotent when an <code>Idempotency-Key</code> header is sent.</p>`
    + codeMacro('json', '{\n  "amount": 4200,\n  "currency": "EUR",\n  "source": "tok_visa"\n}', '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d05')
    + `<p>See ${pageLink('Webhooks')} for asynchronous notifications.</p>`;
}

export function webhooksBody(version: number): string {
  return `<h1>Webhooks</h1><p>Revision ${version}. We deliver events with at-least-once semantics and retry with exponential back-off for 72 hours.</p>`
    + `<table><tbody><tr><th>Event</th><th>When</th></tr>`
    + `<tr><td><code>payment.captured</code></td><td>Funds captured</td></tr>`
    + `<tr><td><code>payment.refunded</code></td><td>Refund completed</td></tr></tbody></table>`
    + codeMacro('python', 'import hmac, hashlib\n\ndef verify(secret: bytes, body: bytes, sig: str) -> bool:\n    mac = hmac.new(secret, body, hashlib.sha256).hexdigest()\n    return hmac.compare_digest(mac, sig)', '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e06')
    + infoMacro('tip', 'Testing', `<p>Use the sandbox endpoint and ${pageLink('Payments API', 'the API reference')}.</p>`, '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f07');
}

export function releaseNotesIndexBody(count: number): string {
  return `<p>Release notes for the 1.x line (${count} releases). Newest at the bottom.</p>`
    + `<ac:structured-macro ac:name="children" ac:schema-version="2" ac:macro-id="3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a08"><ac:parameter ac:name="sort">creation</ac:parameter></ac:structured-macro>`;
}

export function releaseNoteBody(minor: number): string {
  return `<h2>Release 1.${minor}</h2><p>Released to production in week ${(minor % 52) + 1}.</p>`
    + `<ul><li><p>Fixed ${minor % 7 + 1} bugs in checkout.</p></li><li><p>Improved search latency by ${minor % 13 + 2}%.</p></li></ul>`;
}

export function runbookBody(title: string): string {
  return `<h1>${esc(title)}</h1>`
    + infoMacro('note', 'Before you start', '<p>Announce in <strong>#incidents</strong> and open an incident ticket.</p>', '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c09')
    + `<ol><li><p>Check the dashboards.</p></li><li><p>Page the secondary if the primary does not respond in 10 minutes.</p></li></ol>`
    + codeMacro('sql', 'SELECT pid, state, query_start\nFROM pg_stat_activity\nWHERE state <> \'idle\'\nORDER BY query_start;', '6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d10');
}

export function onboardingBody(attachment: string): string {
  return `<h1>Onboarding</h1><p>Welcome aboard! This is how our teams fit together:</p>`
    + `<p><ac:image ac:align="center" ac:layout="center" ac:alt="Team map" ac:width="680"><ri:attachment ri:filename="${esc(attachment)}" ri:version-at-save="1" /></ac:image></p>`
    + `<h2>First week</h2><ul><li><p>Set up your laptop.</p></li><li><p>Read ${pageLink('Architecture')}.</p></li><li><p>Shadow an on-call shift.</p></li></ul>`;
}

export function restrictedBody(): string {
  return `<h1>Security incidents</h1><p>Confidential. Access is limited to the security response team.</p>`
    + `<table><tbody><tr><th>ID</th><th>Severity</th><th>Status</th></tr><tr><td>SEC-101</td><td>High</td><td>Closed</td></tr><tr><td>SEC-117</td><td>Medium</td><td>Monitoring</td></tr></tbody></table>`;
}

export function restrictedChildBody(): string {
  return `<h1>SEC-117 post-incident review</h1><p>Timeline, root cause and follow-up actions.</p>`
    + infoMacro('warning', 'Do not share', '<p>Contains customer identifiers.</p>', '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e11');
}

export function codingStandardsBody(): string {
  return `<h1>Coding standards</h1><p>Maintained by the architecture group. Propose changes in a design review.</p>`
    + `<h2>Kotlin</h2>` + codeMacro('kotlin', 'fun greet(name: String): String = "Hello, $name"', '8d9e0f1a-2b3c-4d4e-9f5a-6b7c8d9e0f12')
    + `<h2>TypeScript</h2>` + codeMacro('typescript', 'export function greet(name: string): string {\n  return `Hello, ${name}`;\n}', '9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a13');
}

export function designReviewBody(): string {
  return `<h1>Design review: search indexing</h1>`
    + `<p>We propose <ac:inline-comment-marker ac:ref="a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d">moving indexing to a queue-based pipeline</ac:inline-comment-marker> so writes no longer block on the indexer.</p>`
    + `<h2>Open questions</h2><ul><li><p><ac:inline-comment-marker ac:ref="b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e">How do we backfill?</ac:inline-comment-marker></p></li><li><p>Who owns the dead-letter queue?</p></li></ul>`
    + `<table><tbody><tr><th>Option</th><th>Cost</th></tr><tr><td>Kafka</td><td>High</td></tr><tr><td>SQS</td><td>Low</td></tr></tbody></table>`;
}

export function genericBody(title: string, paragraph: string): string {
  return `<h1>${esc(title)}</h1><p>${esc(paragraph)}</p>`;
}

/** Body for generated (bench) pages; kept small but still structured storage. */
export function benchBody(n: number): string {
  return `<h2>Bench page ${n}</h2><p>Generated content number ${n} for performance tests.</p>`
    + (n % 10 === 0 ? codeMacro('text', `page ${n}`, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`) : '');
}

/**
 * A page written the way Confluence Cloud's editor stores it, with what Markdown cannot say: a two-column
 * layout, macros (table of contents, info panel, status, Jira), a mention, an image attachment, an
 * inline comment and a table — and plain paragraphs around them.
 */
export function markdownShowcaseBody(mentionAccountId: string): string {
  return '<ac:structured-macro ac:name="toc" ac:schema-version="1" data-layout="default" ac:local-id="3f1c2a10-0d7e-4b1f-9a55-5c2d6e8f9a01" ac:macro-id="a61f3c0e-2b5d-4e8f-9c1a-7d3e5f2b8c40"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>'
    + '<h1 local-id="b7e2c1d0-1a2b-4c3d-8e4f-5a6b7c8d9e01">Release checklist</h1>'
    + '<p local-id="c1d2e3f4-5a6b-4c7d-8e9f-0a1b2c3d4e02">Owner: <ac:link><ri:user ri:account-id="' + mentionAccountId + '" /></ac:link> · status <ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f03"><ac:parameter ac:name="title">In progress</ac:parameter><ac:parameter ac:name="colour">Yellow</ac:parameter></ac:structured-macro></p>'
    + '<p local-id="e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a04">Ship the release once every item below is done. <ac:inline-comment-marker ac:ref="f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b05">The freeze starts on Monday.</ac:inline-comment-marker></p>'
    + '<ac:layout><ac:layout-section ac:type="two_equal" ac:breakout-mode="default"><ac:layout-cell><p>Left: the backend items.</p></ac:layout-cell><ac:layout-cell><p>Right: the frontend items.</p></ac:layout-cell></ac:layout-section></ac:layout>'
    + '<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="a7b8c9d0-e1f2-4a3b-8c4d-5e6f7a8b9c06"><ac:rich-text-body><p>Tag the build before the announcement.</p></ac:rich-text-body></ac:structured-macro>'
    + '<p><ac:structured-macro ac:name="jira" ac:schema-version="1" ac:macro-id="b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d07"><ac:parameter ac:name="server">System Jira</ac:parameter><ac:parameter ac:name="key">REL-42</ac:parameter></ac:structured-macro></p>'
    + '<p><ac:image ac:align="center" ac:layout="center" ac:alt="Release timeline"><ri:attachment ri:filename="timeline.png" /></ac:image></p>'
    + '<p local-id="c9d0e1f2-a3b4-4c5d-8e6f-7a8b9c0d1e08">This paragraph is the one a person edits in the test.</p>'
    + '<table data-table-width="760" data-layout="default" ac:local-id="d0e1f2a3-b4c5-4d6e-9f7a-8b9c0d1e2f09"><tbody><tr><th><p><strong>Item</strong></p></th><th><p><strong>Done</strong></p></th></tr><tr><td><p>Changelog</p></td><td><p>yes</p></td></tr></tbody></table>'
    + '<p>Questions go to the release channel.</p>';
}
