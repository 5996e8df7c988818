// Owns the "N comments" label in every language, shared by the widget and the tiny counts script.

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** {n} stands for the formatted number. */
const FORMS: Record<string, PluralForms> = {
  en: { one: '{n} comment', other: '{n} comments' },
  ar: {
    zero: 'لا توجد تعليقات',
    one: 'تعليق واحد',
    two: 'تعليقان',
    few: '{n} تعليقات',
    many: '{n} تعليقًا',
    other: '{n} تعليق',
  },
};

export const COUNT_LANGUAGES = Object.keys(FORMS);

/** The label for a count in a language (by its primary subtag), English when not shipped. */
export function countLabel(language: string, count: number): string {
  const lang = language.toLowerCase().split('-')[0];
  const forms = FORMS[lang] ?? FORMS.en;
  const locale = FORMS[lang] ? language : 'en';
  const rule = new Intl.PluralRules(locale).select(count);
  // Arabic uses its own "zero" form; Intl reports it only for languages that have one.
  const template = (count === 0 ? forms.zero : undefined) ?? forms[rule] ?? forms.other;
  return template.replace('{n}', new Intl.NumberFormat(locale).format(count));
}
