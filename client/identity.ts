// Owns what the widget remembers in the host page's storage: the guest token, the author's name and email, the sort.
import type { SortOrder } from '../server/protocol/dto';
import { SORT_ORDERS } from './sort-orders';
import { CLIENT_LIMITS } from './limits';

const TOKEN_KEY = 'parley:token';
const AUTHOR_KEY = 'parley:author';
const SORT_KEY = 'parley:sort';

export interface RememberedAuthor {
  name: string;
  email: string;
}

// Storage can be missing or throw on access (blocked cookies, sandboxed frames, full quota):
// the widget still works, it just forgets on reload.
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string): boolean {
  try {
    const s = storage();
    if (!s) return false;
    s.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Random bytes in base64url, the alphabet the server accepts for tokens and client ids. */
export function randomId(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  crypto.getRandomValues(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: the shape the server accepts as a guest token. */
export function createGuestToken(): string {
  return randomId(32);
}

let memoryToken: string | null = null;

/** A token made in this page view that no first view has carried yet: the server knows nothing of it. */
let isTokenUnsent = false;

/** The reader's guest token, created on first use; a malformed stored value is replaced. */
export function loadGuestToken(): string {
  const stored = read(TOKEN_KEY);
  if (stored !== null && CLIENT_LIMITS.guestTokenPattern.test(stored)) return stored;
  if (memoryToken === null) isTokenUnsent = true;
  const token = memoryToken ?? createGuestToken();
  memoryToken = token;
  write(TOKEN_KEY, token);
  return token;
}

/**
 * The token for a first view, which shows the reader's own votes and comments; none for the
 * first view after making one, since nothing can be theirs yet (that view is the one every
 * new reader shares). Later views (a single-page site switching pages) carry it.
 */
export function tokenForFirstView(): string | undefined {
  const token = loadGuestToken();
  if (!isTokenUnsent) return token;
  isTokenUnsent = false;
  return undefined;
}

export function loadAuthor(): RememberedAuthor {
  const raw = read(AUTHOR_KEY);
  if (raw === null) return { name: '', email: '' };
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof RememberedAuthor, unknown>>;
    return {
      name: typeof value.name === 'string' ? value.name : '',
      email: typeof value.email === 'string' ? value.email : '',
    };
  } catch {
    return { name: '', email: '' };
  }
}

export function saveAuthor(author: RememberedAuthor): void {
  write(AUTHOR_KEY, JSON.stringify({ name: author.name, email: author.email }));
}

/** The reader's chosen order, if they chose one; anything else stored there is ignored. */
export function loadSort(): SortOrder | null {
  const stored = read(SORT_KEY);
  return (SORT_ORDERS as readonly (string | null)[]).includes(stored) ? (stored as SortOrder) : null;
}

export function saveSort(sort: SortOrder): void {
  write(SORT_KEY, sort);
}
