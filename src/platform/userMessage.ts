// An expected outcome a person should read as information, not as a failure: nothing to act on, a
// lookup that found nothing, a refusal with advice. The command layer shows it as an information
// message; anything else a command throws is an error.

export class UserMessage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserMessage';
  }
}
