// v2 answers rejected credentials as an anonymous visitor: 404, never 401 (v1 still says 401). A 404
// therefore may mean "not there", "not yours to see" or "your token no longer works". Before a 404 is
// taken at its word, this asks v1 once (GET /wiki/rest/api/user/current) whether the credentials still
// work — but only when nothing succeeded recently, so the normal path costs no extra request.

/** A success this recent proves the credentials work. */
export const CREDENTIALS_FRESH_MS = 5 * 60_000;

export class CredentialProbe {
  #lastSuccess = Number.NEGATIVE_INFINITY;
  #checking: Promise<boolean> | undefined;

  /** `rejectedByV1` resolves true only when v1 answered 401. */
  constructor(private readonly rejectedByV1: () => Promise<boolean>) {}

  noteSuccess(now: number): void { this.#lastSuccess = now; }

  /** Whether the credentials are proven rejected; concurrent 404s share one check. */
  async rejected(now: number): Promise<boolean> {
    if (now - this.#lastSuccess < CREDENTIALS_FRESH_MS) { return false; }
    this.#checking ??= this.rejectedByV1().finally(() => { this.#checking = undefined; });
    const rejected = await this.#checking;
    if (!rejected) { this.#lastSuccess = now; }
    return rejected;
  }
}
