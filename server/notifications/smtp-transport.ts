// Owns handing a composed mail to an SMTP server (nodemailer), and telling a refusal for good from one to retry.
import nodemailer from 'nodemailer';
import type { ComposedMail } from './mail-composer';

/** Sends one message; throws a SendFailure when it could not. */
export interface MailTransport {
  send(mail: ComposedMail): Promise<void>;
  close(): void;
}

export class SendFailure extends Error {
  constructor(
    message: string,
    /** A 5xx answer: the server will never take this message, so it is not retried. */
    readonly isPermanent: boolean,
  ) {
    super(message);
    this.name = 'SendFailure';
  }
}

export function createSmtpTransport(url: string): MailTransport {
  // nodemailer's own timeouts (connection 2 min, socket 10 min) stay within the worker's lease.
  const transporter = nodemailer.createTransport(url);
  return {
    async send(mail) {
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
        });
      } catch (err) {
        const code = (err as { responseCode?: unknown }).responseCode;
        const message = (err as Error).message ?? String(err);
        throw new SendFailure(message.slice(0, 500), typeof code === 'number' && code >= 500 && code < 600);
      }
    },
    close() {
      transporter.close();
    },
  };
}
