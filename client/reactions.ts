// Owns the widget's copy of the reactions: their emoji, in the order they are offered (a test keeps it equal to the server's list).
import type { Reaction } from '../server/protocol/dto';

export const REACTION_EMOJI: Readonly<Record<Reaction, string>> = {
  like: '👍',
  love: '❤️',
  laugh: '😂',
  wow: '😮',
  sad: '😢',
};

export const REACTION_ORDER = Object.keys(REACTION_EMOJI) as Reaction[];
