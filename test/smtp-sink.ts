import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that keeps what arrives, parsed (tests: never a mocked transport). */
export interface SmtpSink {
  url: string;
  messages: ParsedMail[];
  /** Addresses the server refuses at RCPT TO, with the SMTP code (550: the mailbox does not exist, a bounce; 451: try later). */
  refuse: Map<string, number>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { delayMs?: number } = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const refuse = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refuse.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const error = Object.assign(new Error(code >= 500 ? "Buzón inexistente" : "Inténtelo más tarde"), { responseCode: code });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          // A slower server (delayMs) keeps a message in flight longer: a kill can land there.
          setTimeout(() => callback(), options.delayMs ?? 0);
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
