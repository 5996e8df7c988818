import { compileRoutes } from '../../server/http/route-matcher';

const routes = [
  { method: 'GET', path: '/api/threads/:threadId/comments' },
  { method: 'POST', path: '/api/threads/:threadId/comments' },
  { method: 'POST', path: '/api/threads/open' },
  { method: 'GET', path: '/api/threads/:threadId' },
  { method: 'GET', path: '/api/comments/:rootId/replies' },
  { method: 'GET', path: '/api/comments/:commentId/context' },
  { method: 'POST', path: '/admin/api/comments/bulk' },
  { method: 'GET', path: '/admin/api/comments/:id' },
];
const matcher = compileRoutes(routes);
const found = (method: string, path: string) => {
  const match = matcher.match(method, path);
  return match === null ? null : { route: `${match.route.method} ${match.route.path}`, params: match.params };
};

describe('matching a request to its declared route', () => {
  it('finds a route by method and path, with its named parts', () => {
    expect(found('GET', '/api/threads/12/comments')).toEqual({
      route: 'GET /api/threads/:threadId/comments',
      params: { threadId: '12' },
    });
    expect(found('POST', '/api/threads/12/comments')).toEqual({
      route: 'POST /api/threads/:threadId/comments',
      params: { threadId: '12' },
    });
    expect(found('GET', '/api/comments/7/replies')).toEqual({
      route: 'GET /api/comments/:rootId/replies',
      params: { rootId: '7' },
    });
    expect(found('GET', '/api/comments/7/context')).toEqual({
      route: 'GET /api/comments/:commentId/context',
      params: { commentId: '7' },
    });
  });

  it('takes the path in any letter case and with one trailing slash, as express did', () => {
    expect(found('GET', '/API/Threads/12/COMMENTS/')?.route).toBe('GET /api/threads/:threadId/comments');
    expect(found('GET', '/api/threads/12/comments//')).toBeNull();
    expect(found('GET', '/api//threads/12')).toBeNull();
  });

  it('prefers a fixed part, and falls back to a named one when the fixed branch has no route for the method', () => {
    expect(found('POST', '/api/threads/open')?.route).toBe('POST /api/threads/open');
    expect(found('GET', '/api/threads/open')).toEqual({
      route: 'GET /api/threads/:threadId',
      params: { threadId: 'open' },
    });
    expect(found('POST', '/admin/api/comments/bulk')?.route).toBe('POST /admin/api/comments/bulk');
    expect(found('GET', '/admin/api/comments/bulk')).toEqual({
      route: 'GET /admin/api/comments/:id',
      params: { id: 'bulk' },
    });
  });

  it('answers HEAD with the GET route, and nothing for a method no route has', () => {
    expect(found('HEAD', '/api/threads/3')?.route).toBe('GET /api/threads/:threadId');
    expect(found('DELETE', '/api/threads/3')).toBeNull();
    expect(found('GET', '/api/threads')).toBeNull();
    expect(found('GET', '/nowhere')).toBeNull();
  });

  it('percent-decodes named parts, and keeps a malformed escape as it came', () => {
    expect(found('GET', '/api/threads/%31%32')?.params).toEqual({ threadId: '12' });
    expect(found('GET', '/api/threads/%E0%A4%A')?.params).toEqual({ threadId: '%E0%A4%A' });
    expect(found('GET', '/api/threads/a%2Fb')?.params).toEqual({ threadId: 'a/b' });
  });

  it('refuses two declarations of one endpoint', () => {
    expect(() => compileRoutes([...routes, { method: 'GET', path: '/API/threads/:id' }])).toThrow(
      /Two declarations of GET/,
    );
  });
});
