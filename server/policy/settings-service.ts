// Owns reading and changing the site's moderation settings.
import type { SettingsStore } from './settings-store';
import { settingsFromStored, type ModerationSettings } from './moderation-settings';

const KEY = 'moderation';

export interface ModerationSettingsSource {
  current(): Promise<ModerationSettings>;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

/** Stores the settings through `store`: a unit of work's, so they commit (or not) with the rest of it. */
export async function storeModerationSettings(store: SettingsStore, next: ModerationSettings): Promise<void> {
  await store.put(KEY, JSON.stringify(next));
}

/**
 * Every post reads the settings, so they are kept in memory and replaced on change: on every
 * node, by the `settings:changed` event the domain events carry between nodes.
 */
export function createSettingsService(settings: SettingsStore) {
  let cached: Promise<ModerationSettings> | null = null;
  return {
    current(): Promise<ModerationSettings> {
      cached ??= settings.get(KEY).then(settingsFromStored, (err) => {
        cached = null;
        throw err;
      });
      return cached;
    },
    /** Takes settings a unit of work stored, once it has committed. */
    remember(next: ModerationSettings): void {
      cached = Promise.resolve(next);
    },
  };
}
