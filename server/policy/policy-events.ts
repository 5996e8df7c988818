// Owns the events of the site's policy.
import type { ModerationSettings } from './moderation-settings';

export interface PolicyEvents {
  /** New moderation settings were committed: every node drops what it kept of the old ones. */
  'settings:changed': { settings: ModerationSettings };
}
