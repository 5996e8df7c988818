// Owns finding the declared route of a method and path in one walk of the path's parts: letters in any case and one trailing slash, as express matched them.

/** A route found, with the named parts of its path (percent-decoded). */
export interface Match<R> {
  route: R;
  params: Record<string, string>;
}

interface Leaf<R> {
  route: R;
  /** The names of the path's `:parts`, in order. */
  names: readonly string[];
}

interface Node<R> {
  /** Fixed parts, lower case. */
  fixed: Map<string, Node<R>>;
  /** Any one part (a `:name`); routes name it as they like. */
  named: Node<R> | null;
  /** By method. */
  leaves: Map<string, Leaf<R>>;
}

const newNode = <R>(): Node<R> => ({ fixed: new Map(), named: null, leaves: new Map() });

export interface RouteMatcher<R> {
  /** The route for `method` (HEAD finds GET) at `path` (no query string), or null. */
  match(method: string, path: string): Match<R> | null;
}

/**
 * Compiles declarations (`/api/threads/:threadId/comments`) into a tree of path parts. A
 * fixed part wins over a named one, and when the fixed branch has no route for the method the
 * named one is tried (`GET /admin/api/comments/bulk` is the comment with id "bulk", which
 * does not exist, as express had it). Throws when two declarations name the same endpoint.
 */
export function compileRoutes<R extends { method: string; path: string }>(routes: readonly R[]): RouteMatcher<R> {
  const root = newNode<R>();
  for (const route of routes) {
    if (!route.path.startsWith('/')) throw new Error(`Route path must start with "/": ${route.path}`);
    let node = root;
    const names: string[] = [];
    for (const part of route.path.split('/').slice(1)) {
      if (part.startsWith(':')) {
        names.push(part.slice(1));
        node = node.named ??= newNode();
      } else {
        const key = part.toLowerCase();
        let next = node.fixed.get(key);
        if (next === undefined) node.fixed.set(key, (next = newNode()));
        node = next;
      }
    }
    if (node.leaves.has(route.method)) throw new Error(`Two declarations of ${route.method} ${route.path}`);
    node.leaves.set(route.method, { route, names });
  }

  function walk(node: Node<R>, parts: string[], index: number, method: string, values: string[]): Leaf<R> | null {
    if (index === parts.length)
      return node.leaves.get(method) ?? (method === 'HEAD' ? node.leaves.get('GET') : undefined) ?? null;
    const part = parts[index];
    const fixed = node.fixed.get(part) ?? node.fixed.get(part.toLowerCase());
    if (fixed !== undefined) {
      const found = walk(fixed, parts, index + 1, method, values);
      if (found !== null) return found;
    }
    if (node.named !== null && part !== '') {
      values.push(part);
      const found = walk(node.named, parts, index + 1, method, values);
      if (found !== null) return found;
      values.pop();
    }
    return null;
  }

  return {
    match(method, path) {
      // One trailing slash is the same address (express's default); two are not.
      const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
      const parts = trimmed.split('/');
      if (parts[0] !== '') return null;
      const values: string[] = [];
      const leaf = walk(root, parts, 1, method, values);
      if (leaf === null) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < leaf.names.length; i += 1) params[leaf.names[i]] = decodePart(values[i]);
      return { route: leaf.route, params };
    },
  };
}

/** A path part as sent, percent-decoded; a malformed escape stays as it came (and names nothing). */
function decodePart(part: string): string {
  if (!part.includes('%')) return part;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
