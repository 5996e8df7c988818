// Owns reading and changing the site's moderation settings.
import type { SettingsStore } from '../db/storage';
import { settingsFromStored, type ModerationSettings } from './moderation-settings';

const KEY = 'moderation';

export interface ModerationSettingsSource {
  current(): Promise<ModerationSettings>;
}

export type SettingsService = ReturnType<typeof createSettingsService>;

export function createSettingsService(settings: SettingsStore) {
  return {
    async current(): Promise<ModerationSettings> {
      return settingsFromStored(await settings.get(KEY));
    },
    async replace(next: ModerationSettings): Promise<ModerationSettings> {
      await settings.put(KEY, JSON.stringify(next));
      return next;
    },
  };
}
