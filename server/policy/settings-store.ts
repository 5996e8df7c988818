// Owns the storage contract of server-wide settings: named values, such as the moderation rules and the keys made on first start.
export interface SettingsStore {
  /** The stored value, or the generated one stored now when there was none. */
  getOrCreate(key: string, generate: () => string): Promise<string>;
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}
