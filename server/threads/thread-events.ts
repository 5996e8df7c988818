// Owns the events of threads.
import type { Thread } from './thread';

export interface ThreadEvents {
  /** Closed or reopened. */
  'thread:updated': { thread: Thread; isClosed: boolean };
  /** A page was opened for the first time. */
  'thread:created': { thread: Thread };
}
