// Owns English as one catalog, for whatever needs all of it at once; the widget loads its two halves apart.
import { joinMessages, type Messages } from './catalog';
import { enLive } from './en-live';
import { enRead } from './en-read';

export const en: Messages = joinMessages(enRead, enLive);
