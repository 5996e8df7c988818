// Owns the contract between a widget's first render and the live part loaded after it.
import type {
  OpenThreadRequest,
  PublicComment,
  Reaction,
  SortOrder,
  ThreadView,
  WireError,
} from '../server/protocol/dto';
import type { LiveMessages, ReadMessages } from './messages/catalog';
import type { Viewer } from './viewer';
import type { Dock } from './views/bubble';
import type { CommentAction } from './views/comment-actions';
import type { HeaderView } from './views/header';
import type { SortTabsView } from './views/sort-tabs';
import type { ThreadListView } from './views/thread';

export interface WidgetState {
  sort: SortOrder;
  editWindowMs: number;
  isClosed: boolean;
  /** The site owner's choice, from the thread's settings. */
  areReactionsEnabled: boolean;
  /** 'feedback' while the list shows only inline feedback. */
  only?: 'feedback';
  /** The site owner's choice, from the thread's settings: readers may quote any text they select. */
  isQuoting?: boolean;
}

/** What the live part replaces once it is loaded; until then the first render's own versions stand in. */
export interface WidgetHooks {
  act(action: CommentAction, comment: PublicComment, reaction?: Reaction): void;
  chooseSort(sort: SortOrder): void;
}

export interface WidgetParts {
  origin: string;
  /** The first render's allow-list copy of comment markup, shared so the live part need not carry its own. */
  safeFragment: (html: string) => DocumentFragment;
  page: OpenThreadRequest;
  token: string;
  messages: ReadMessages;
  /** The rest of the catalog when the page's language chunk brought it; null for English, which the live part carries. */
  liveMessages: LiveMessages | null;
  shadow: ShadowRoot;
  /** Unique per widget on the page, so ids in forms and tabs never collide. */
  prefix: string;
  root: HTMLElement;
  header: HeaderView;
  tabs: SortTabsView;
  panel: HTMLElement;
  notice: HTMLElement;
  linkNotice: HTMLElement;
  closedNotice: HTMLElement;
  /** Holds the main form's place (and height) until the form arrives. */
  formSlot: HTMLElement;
  list: ThreadListView;
  viewer: Viewer;
  state: WidgetState;
  hooks: WidgetHooks;
  /** The floating comment bubble; null when the site turned it off. */
  dock: Dock | null;
  /** The first page read over HTTP; null when that failed and the socket's join has to bring it. */
  view: ThreadView | null;
  /** Why the server refused that first page, if it did: the live part, which has the words for every code, says so. */
  refusal: WireError | null;
  permalink(commentId: number): string;
  /** The thread's count changed (live or on rejoin). */
  setCount(count: number): void;
  /** Says something in the widget's one polite live region. */
  announce(text: string): void;
  setClosed(isClosed: boolean): void;
  refreshNotice(): void;
}

export interface LivePart {
  /** Closes the socket and forgets timers and listeners it added. */
  close(): void;
}
