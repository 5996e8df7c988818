// Owns the form's own checks before sending, mirroring the server's rules so most mistakes never travel.
import { CLIENT_LIMITS, charCount } from './limits';
import type { FieldIssue, FormField } from './messages/catalog';

export interface Draft {
  authorName: string;
  authorEmail: string;
  body: string;
}

export interface DraftProblem {
  field: FormField;
  issue: FieldIssue;
  limit?: number;
}

// Same pattern as the server's (server/validation/fields.ts), so the form never passes what the server would refuse.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"][^\s@<>()[\]\\,;:".]*\.[^\s@<>()[\]\\,;:"]+$/;

export function checkDraft(draft: Draft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const name = draft.authorName.trim();
  if (name === '') problems.push({ field: 'authorName', issue: 'required' });
  else if (charCount(name.normalize('NFC')) > CLIENT_LIMITS.maxNameChars) {
    problems.push({ field: 'authorName', issue: 'too_long', limit: CLIENT_LIMITS.maxNameChars });
  }

  const email = draft.authorEmail.trim();
  if (charCount(email) > CLIENT_LIMITS.maxEmailChars) {
    problems.push({ field: 'authorEmail', issue: 'too_long', limit: CLIENT_LIMITS.maxEmailChars });
  } else if (email !== '' && !EMAIL.test(email)) problems.push({ field: 'authorEmail', issue: 'invalid' });

  return [...problems, ...checkBody(draft.body)];
}

/** The comment text alone, as an edit checks it. */
export function checkBody(text: string): DraftProblem[] {
  const body = text.trim();
  if (body === '') return [{ field: 'body', issue: 'required' }];
  if (charCount(body.normalize('NFC')) > CLIENT_LIMITS.maxBodyChars)
    return [{ field: 'body', issue: 'too_long', limit: CLIENT_LIMITS.maxBodyChars }];
  return [];
}
