// Owns the Preview tab's request, in a module of its own loaded when a reader first opens the tab: the server renders the draft as a post would be.
import type { WireError } from '../server/protocol/dto';

/** Where a preview is asked for, and the widget's allow-list copy of comment markup that shows it. */
export interface PreviewSource {
  origin: string;
  token: string;
  safeFragment: (html: string) => DocumentFragment;
}

export type PreviewOutcome =
  { kind: 'ok'; fragment: DocumentFragment } | { kind: 'refused'; error: WireError } | { kind: 'unreachable' };

/** The server's render of `body`, through the widget's own allow-list like every comment it shows. */
export async function fetchPreview(source: PreviewSource, body: string): Promise<PreviewOutcome> {
  try {
    const res = await fetch(`${source.origin}/api/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-parley-token': source.token },
      body: JSON.stringify({ body }),
      credentials: 'omit',
    });
    const json = (await res.json()) as { bodyHtml?: unknown; error?: WireError };
    if (json.error) return { kind: 'refused', error: json.error };
    if (typeof json.bodyHtml !== 'string') return { kind: 'unreachable' };
    return { kind: 'ok', fragment: source.safeFragment(json.bodyHtml) };
  } catch {
    return { kind: 'unreachable' };
  }
}
