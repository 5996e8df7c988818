// Owns the strings of the @mention suggestions, in every language of the widget; they ship with the suggestions' own module.

export interface MentionMessages {
  /** The list's accessible name. */
  label: string;
  /** Read out when the list opens: how many names match. */
  count(count: number): string;
}

const en: MentionMessages = {
  label: 'People in this thread',
  count: (count) =>
    count === 1 ? '1 name, use the arrow keys and Enter' : `${count} names, use the arrow keys and Enter`,
};

const ar: MentionMessages = {
  label: 'المشاركون في هذا النقاش',
  count: (count) =>
    count === 1
      ? 'اسم واحد، استخدم مفاتيح الأسهم ثم Enter'
      : `${new Intl.NumberFormat('ar').format(count)} أسماء، استخدم مفاتيح الأسهم ثم Enter`,
};

/** The strings for a locale: its language's, else English. */
export function mentionMessages(locale: string): MentionMessages {
  return locale.toLowerCase().split('-')[0] === 'ar' ? ar : en;
}
