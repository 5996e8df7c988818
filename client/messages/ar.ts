// Owns every Arabic string the widget shows; loaded as its own chunk, only on Arabic pages.
import type { InlineMessages, Messages } from './catalog';
import { countLabel } from './count-labels';

const number = new Intl.NumberFormat('ar');
const plurals = new Intl.PluralRules('ar');

type Forms = { zero?: string; one: string; two: string; few: string; many: string; other: string };

/** Arabic has six plural forms; `#` stands for the number, written the Arabic way. */
function counted(count: number, forms: Forms): string {
  const rule = plurals.select(count) as keyof Forms;
  const form = (count === 0 ? forms.zero : undefined) ?? forms[rule] ?? forms.other;
  return form.replace('#', number.format(count));
}

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('ar', { dateStyle: 'long', timeStyle: 'short' }).format(Date.parse(iso));

export const ar: Messages & { inline: InlineMessages } = {
  inline: {
    passageButton: (count) =>
      counted(count, {
        zero: 'أضف ملاحظتك على هذا المقطع',
        one: 'ملاحظة واحدة على هذا المقطع',
        two: 'ملاحظتان على هذا المقطع',
        few: '# ملاحظات على هذا المقطع',
        many: '# ملاحظة على هذا المقطع',
        other: '# ملاحظة على هذا المقطع',
      }),
    filtersLabel: 'عرض',
    feedbackFilter: (count) => `ملاحظات على النص (${number.format(count)})`,
    allFilter: (count) => `عرض كل التعليقات (${number.format(count)})`,
    on: (quote) => `عن: «${quote}»`,
    onPassage: 'عن مقطع من المقال',
    showPassage: 'اعرضه في المقال',
    notFound: 'لم يعد هذا النص في المقال.',
    latest: 'أحدث الملاحظات',
    noneYet: 'لا ملاحظات بعد.',
    commentOnThis: 'علّق على هذا',
    quoteTitle: 'تعليق على النص المحدد',
    bodyPlaceholder: 'ما رأيك؟',
    send: 'إرسال',
    close: 'إغلاق',
    sent: 'أُرسلت ملاحظتك.',
  },
  locale: 'ar',
  dir: 'rtl',
  regionLabel: 'التعليقات',
  commentCount: (count) => countLabel('ar', count),
  loading: 'جارٍ تحميل التعليقات…',
  empty: 'كن أول من يعلّق.',
  loadFailed: (reason) => `تعذّر تحميل التعليقات. ${reason}`,
  reconnecting: 'انقطع الاتصال، تجري إعادة الاتصال…',
  refused: 'رفض خادم التعليقات الاتصال. يُرجى إعادة تحميل الصفحة.',
  closed: 'أُغلق باب التعليق على هذه الصفحة.',
  showMore: 'تحميل مزيد من التعليقات',
  loadingMore: 'جارٍ تحميل مزيد من التعليقات…',
  newComments: (count) =>
    counted(count, {
      one: 'تعليق جديد واحد',
      two: 'تعليقان جديدان',
      few: '# تعليقات جديدة',
      many: '# تعليقًا جديدًا',
      other: '# تعليق جديد',
    }),
  pinnedLabel: 'تعليقات مثبّتة',
  linkedLabel: 'المحادثة المرتبطة',
  linkedMissing: 'التعليق الذي يشير إليه هذا الرابط لم يعد متاحًا.',
  announceNew: (authorName) => `تعليق جديد من ${authorName}`,

  bubble: {
    // The label holds the number the button shows, so speech input can name it by what it sees.
    label: (count) =>
      count === null ? 'انتقل إلى التعليقات' : `التعليقات: ${number.format(count)} — انتقل إلى التعليقات`,
    dismissInvite: 'إغلاق',
    readComment: 'اقرأه',
  },

  sort: { label: 'ترتيب التعليقات', oldest: 'الأقدم', newest: 'الأحدث', top: 'الأكثر تصويتًا' },

  subscribe: {
    open: 'اشترك',
    legend: 'أعلمني بـ',
    thread: 'التعليقات الجديدة',
    replies: 'الردود الجديدة على تعليقاتي',
    emailLabel: 'البريد الإلكتروني',
    submit: 'اشترك',
    close: 'إغلاق',
    pending: 'بقيت خطوة: افتح الرابط في الرسالة التي أرسلناها للتو لتأكيد الاشتراك.',
    active: 'تم الاشتراك. ستصلك رسالة عند وجود جديد.',
  },

  form: {
    notifyReplies: 'أعلمني بالردود عبر البريد الإلكتروني',
    mainLabel: 'اكتب تعليقًا',
    replyLabel: (authorName) => `الرد على ${authorName}`,
    editLabel: 'عدّل تعليقك',
    nameLabel: 'الاسم',
    emailLabel: 'البريد الإلكتروني',
    emailHint: '(اختياري، لا يظهر أبدًا)',
    bodyLabel: 'التعليق',
    bodyPlaceholder: 'يسعدنا أن نعرف رأيك، شاركنا بتعليق.',
    replyPlaceholder: 'اكتب ردًّا…',
    submit: 'نشر التعليق',
    submitReply: 'نشر الرد',
    save: 'حفظ التعديلات',
    sending: 'جارٍ الإرسال…',
    cancel: 'إلغاء',
    shortcutHint: 'Ctrl+Enter للإرسال',
    counter: (used, limit) => `${number.format(used)} / ${number.format(limit)}`,
    toolbarLabel: 'التنسيق',
    format: { bold: 'غامق', italic: 'مائل', code: 'شيفرة', quote: 'اقتباس', list: 'قائمة', link: 'رابط' },
    linkAddress: 'عنوان الرابط',
    linkAdd: 'إضافة الرابط',
    linkInvalid: 'يُرجى إدخال عنوان كامل يبدأ بـ http:// أو https://.',
    modesLabel: 'الكتابة أو المعاينة',
    write: 'كتابة',
    preview: 'معاينة',
    previewLoading: 'جارٍ تحميل المعاينة…',
    previewEmpty: 'لا شيء للمعاينة بعد.',
    markdownHint: 'يمكنك استخدام Markdown: **غامق**، *مائل*، `شيفرة`، > اقتباس، - قائمة.',
    commentingAs: (authorName) => `تعلّق باسم ${authorName} (زائر)`,
    changeName: 'تغيير الاسم',
  },

  comment: {
    reply: 'رد',
    // Starts with the button's visible word, so speech users can say what they see.
    replyTo: (authorName) => `رد على ${authorName}`,
    repliesLabel: (authorName) => `الردود على ${authorName}`,
    replies: 'الردود',
    justNow: 'الآن',
    edited: 'معدّل',
    inReplyTo: (authorName) => `ردًّا على ${authorName}`,
    deleted: 'حُذف هذا التعليق.',
    removed: 'أزال أحد المشرفين هذا التعليق.',
    held: 'هذا التعليق بانتظار المراجعة.',
    pending: 'بانتظار الموافقة',
    pendingHint: 'لا يرى هذا التعليق أحد سواك حتى يوافق عليه أحد المشرفين.',
    pinned: 'مثبّت',
    edit: (minutesLeft) =>
      `تعديل (${counted(minutesLeft, { one: 'بقيت دقيقة واحدة', two: 'بقيت دقيقتان', few: 'بقيت # دقائق', many: 'بقيت # دقيقة', other: 'بقيت # دقيقة' })})`,
    delete: 'حذف',
    deleteQuestion: 'أتريد حذف هذا التعليق؟ لا يمكن التراجع عن ذلك.',
    deleteConfirm: 'حذف التعليق',
    keep: 'إبقاؤه',
    link: 'رابط',
    linkLabel: (authorName) => `رابط تعليق ${authorName}`,
    linkCopied: 'نُسخ الرابط.',
    report: 'إبلاغ',
    reported: 'تم الإبلاغ',
    hideReplies: 'إخفاء الردود',
    showReplies: (count) =>
      counted(count, { one: 'عرض ردّ واحد', two: 'عرض ردّين', few: 'عرض # ردود', many: 'عرض # ردًّا', other: 'عرض # ردّ' }),
    moreReplies: (count) =>
      counted(count, {
        one: 'عرض ردّ آخر',
        two: 'عرض ردّين آخرين',
        few: 'عرض # ردود أخرى',
        many: 'عرض # ردًّا آخر',
        other: 'عرض # ردّ آخر',
      }),
    upvote: 'تصويت مؤيد',
    downvote: 'تصويت معارض',
    score: (score) => number.format(score),
    votesLabel: (score) => `الأصوات، النتيجة ${number.format(score)}`,
    ownVote: 'لا يمكنك التصويت على تعليقك.',
    reactionNames: { like: 'إعجاب', love: 'حب', laugh: 'ضحك', wow: 'دهشة', sad: 'حزن' },
    reactionsLabel: 'التفاعلات',
    reactionLabel: (name, count) => `${name}: ${number.format(count)}`,
    addReaction: 'إضافة تفاعل',
    ownReaction: 'لا يمكنك التفاعل مع تعليقك.',
    reactionPicker: 'اختر تفاعلًا',
  },

  report: {
    title: 'الإبلاغ عن هذا التعليق',
    reasonLegend: 'ما المشكلة فيه؟',
    reasons: { spam: 'رسائل مزعجة', abuse: 'إساءة', 'off-topic': 'خارج الموضوع', other: 'سبب آخر' },
    detailsLabel: 'أخبرنا بالمزيد',
    detailsHint: '(مطلوب عند اختيار «سبب آخر»)',
    detailsRequired: 'يُرجى إخبارنا بالمشكلة في هذا التعليق.',
    detailsTooLong: (limit) => `يُرجى ألا يتجاوز النص ${number.format(limit)} حرف.`,
    send: 'إرسال البلاغ',
    sending: 'جارٍ الإرسال…',
    thanks: 'شكرًا على البلاغ. سيطّلع عليه أحد المشرفين.',
  },

  fields: {
    authorName: {
      required: 'يُرجى إدخال اسمك.',
      tooLong: (limit) => `اسمك أطول من ${number.format(limit)} حرف.`,
      invalid: 'يُرجى التحقق من اسمك.',
    },
    authorEmail: {
      required: 'يُرجى إدخال بريدك الإلكتروني.',
      tooLong: (limit) => `بريدك الإلكتروني أطول من ${number.format(limit)} حرف.`,
      invalid: 'يبدو أن عنوان البريد الإلكتروني غير صحيح.',
    },
    body: {
      required: 'يُرجى كتابة تعليق.',
      tooLong: (limit) => `تعليقك أطول من ${number.format(limit)} حرف.`,
      invalid: 'يُرجى التحقق من تعليقك.',
    },
  },
  fieldFallback: 'تعذّر قبول شيء في النموذج. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.',
  unreachable: 'تعذّر الوصول إلى خادم التعليقات. تحقّق من اتصالك وحاول مرة أخرى.',

  errors: {
    VALIDATION_FAILED: 'يُرجى مراجعة النموذج والمحاولة مرة أخرى.',
    INVALID_JSON: 'تعذّر إرسال تعليقك. يُرجى المحاولة مرة أخرى.',
    PAYLOAD_TOO_LARGE: 'النص أطول من أن يُرسل. يُرجى اختصار تعليقك.',
    UNSUPPORTED_MEDIA_TYPE: 'تعذّر إرسال تعليقك. يُرجى المحاولة مرة أخرى.',
    THREAD_NOT_FOUND: 'تعليقات هذه الصفحة غير متاحة. يُرجى إعادة تحميل الصفحة.',
    PARENT_NOT_FOUND: 'التعليق الذي تردّ عليه لم يعد موجودًا.',
    PARENT_IN_OTHER_THREAD: 'التعليق الذي تردّ عليه يخص صفحة أخرى.',
    COMMENT_NOT_FOUND: 'هذا التعليق لم يعد موجودًا.',
    COMMENT_DELETED: 'حُذف هذا التعليق، فلم يعد ممكنًا تعديله أو التصويت عليه.',
    IDENTITY_REQUIRED: 'لم يحتفظ متصفحك بهويتك بوصفك قارئًا. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.',
    NOT_COMMENT_AUTHOR: 'لا يعدّل التعليق إلا كاتبه.',
    EDIT_WINDOW_CLOSED: 'انتهت المهلة المتاحة لتعديل هذا التعليق.',
    SELF_VOTE: 'لا يمكنك التصويت على تعليقك.',
    SELF_REACTION: 'لا يمكنك التفاعل مع تعليقك.',
    REACTIONS_OFF: 'التفاعلات متوقفة على هذا الموقع.',
    INVALID_CURSOR: 'تغيّرت قائمة التعليقات، فأُعيد تحميلها.',
    THREAD_CLOSED: 'أُغلق باب التعليق على هذه الصفحة.',
    AUTHOR_BANNED: ({ until }) =>
      until ? `لا يمكنك التعليق هنا حتى ${dateTime(until)}.` : 'لم يعد بإمكانك التعليق هنا.',
    BANNED_WORD: ({ word }) =>
      word
        ? `لا يقبل هذا الموقع تعليقات تحتوي على «${word}». يُرجى إعادة الصياغة.`
        : 'يحتوي تعليقك على كلمات لا يسمح بها هذا الموقع. يُرجى إعادة صياغته.',
    TOO_MANY_LINKS: ({ maxLinks }) =>
      maxLinks === undefined
        ? 'يحتوي تعليقك على روابط كثيرة. يُرجى حذف بعضها.'
        : `الحد الأقصى للروابط في التعليق ${number.format(maxLinks)}. يُرجى حذف بعضها.`,
    ALREADY_REPORTED: 'سبق أن أبلغت عن هذا التعليق. شكرًا لك.',
    RATE_LIMITED: ({ retryAfterSeconds }) =>
      retryAfterSeconds
        ? `تكرّر ذلك كثيرًا. يُرجى المحاولة بعد ${counted(retryAfterSeconds, { one: 'ثانية واحدة', two: 'ثانيتين', few: '# ثوانٍ', many: '# ثانية', other: '# ثانية' })}.`
        : 'تكرّر ذلك كثيرًا. يُرجى الانتظار قليلًا والمحاولة مرة أخرى.',
    TOO_MANY_CONNECTIONS: 'اتصالات كثيرة من شبكتك.',
    DUPLICATE_COMMENT: 'سبق أن نشرت هذا التعليق.',
    MAIL_LINK_INVALID: 'رابط البريد هذا غير صالح أو انتهت صلاحيته.',
    UNAUTHENTICATED: 'يُرجى تسجيل الدخول والمحاولة مرة أخرى.',
    FORBIDDEN: 'غير مسموح لك بذلك.',
    CSRF_FAILED: 'انتهت صلاحية جلستك. يُرجى إعادة تحميل الصفحة والمحاولة مرة أخرى.',
    LOGIN_FAILED: 'بيانات تسجيل الدخول غير صحيحة.',
    LOGIN_THROTTLED: 'محاولات كثيرة. يُرجى الانتظار قليلًا والمحاولة مرة أخرى.',
    LOGIN_LOCKED: 'محاولات كثيرة. يُرجى المحاولة لاحقًا.',
    ALREADY_IN_STATE: 'تم ذلك من قبل.',
    CANNOT_BAN_MODERATOR: 'لا يمكن حظر مشرف.',
    BAN_NOT_FOUND: 'هذا الحظر لم يعد موجودًا.',
    AUDIT_ENTRY_NOT_FOUND: 'تعذّر العثور على هذا السجل.',
    NOT_RESTORABLE: 'لا يمكن استعادة هذا التعليق.',
    MODERATOR_EXISTS: 'هذا المشرف موجود بالفعل.',
    NOT_FOUND: 'تعذّر العثور على المطلوب.',
    SERVICE_UNAVAILABLE: 'التعليقات غير متاحة مؤقتًا. يُرجى المحاولة بعد قليل.',
    INTERNAL: 'حدث خطأ من جهتنا. يُرجى المحاولة مرة أخرى.',
  },
};
