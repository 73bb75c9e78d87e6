#!/usr/bin/env python3
"""Assemble the hand-written replies in src/batch*.txt into heldout/.
The script only renders the provider's letter (as the customer received it) and quotes it
the way the named mail client would; every reply text and every reading is hand-written
in the batch files."""
import base64, quopri, random, re, sys, glob, os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'heldout')

Q = {
 'de': ['1. Was genau war die Ursache für den Spamversand über Ihren Zugang?', '2. Was genau haben Sie unternommen, um vergleichbare Vorfälle in Zukunft zu verhindern?', '3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Mailservers geleert haben (die Warteschlange des Servers, z. B. "postqueue -p" bei Postfix – nicht den Postausgang Ihres Mailprogramms).'],
 'en': ['1. What exactly caused the spam to be sent through your account?', '2. What exactly have you done to prevent similar incidents in the future?', '3. Please confirm explicitly that you have emptied the mail queue of your mail server (the server\'s queue, e.g. "postqueue -p" on Postfix - not the outbox of your mail program).'],
}
WD_DE = ['Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.', 'So.']
WD_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
WDL_DE = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag']
WDL_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

def letter(lang, typ, ref, acct, rnd, missing=None, u=None, explain=None, comment=None, url=True):
    d = rnd.randint(1, 7)          # December 2026: the 1st is a Tuesday
    wd = (d + 0) % 7               # 1 Dec 2026 -> Tue (index 1)
    h, m = rnd.randint(8, 17), rnd.randint(0, 59)
    subm = rnd.randint(300, 9000); rec = subm * rnd.randint(3, 40); cl = rnd.randint(1, 60)
    acc = rnd.randint(20, 900); quar = rnd.randint(5, 4000); qrec = quar * rnd.randint(2, 30)
    doms = rnd.sample(['gmail.example', 'yahoo.example', 'outlook.example', 'web.example', 'gmx.example', 't-online.example', 'mail.example', 'aol.example'], 3)
    ips = ['%d.%d.%d.%d' % (rnd.choice([45, 77, 91, 103, 141, 185, 193, 212]), rnd.randint(1, 254), rnd.randint(1, 254), rnd.randint(1, 254)) for _ in range(3)]
    logs = []
    for i, ip in enumerate(ips):
        t = '2026-12-%02d %02d:%02d:%02d' % (d if d > 1 else 1, rnd.randint(0, 7), rnd.randint(0, 59), rnd.randint(0, 59))
        n = rnd.randint(20, 99)
        logs.append((t, ip, n, 'submission/smtpd[%d]: %s: client=unknown[%s], sasl_method=LOGIN, sasl_username=%s' % (rnd.randint(1000, 65000), ''.join(rnd.choice('0123456789ABCDEF') for _ in range(10)), ip, acct)))
    sig = 'Abuse-Team' if lang == 'de' else 'Abuse Team'
    L = []
    if lang == 'de':
        ev = ["Was wir gesehen haben (letzte 24 Stunden):",
              f"- Eingelieferte Nachrichten: {subm} an {rec} Empfänger, von {cl} {'Client-Adresse' if cl == 1 else 'Client-Adressen'}",
              f"- Vor der Sperre angenommen: {acc} Nachrichten",
              f"- In Quarantäne: {quar} Nachrichten an {qrec} Empfänger",
              f"- Häufigste Empfängerdomains: {', '.join(doms)}", "",
              "Woran wir es erkannt haben:",
              "- Anmeldungen von vielen verschiedenen Adressen im Ausland",
              "- sehr viele Empfänger pro Nachricht", "",
              "Auszug aus unseren Logs (Zeit, Client-Adresse, Empfänger, Logzeile):"]
        for t, ip, n, txt in logs:
            ev += [f"* {t} | {ip} | {n} Empfänger", f"  {txt}"]
        ans = ["So können Sie antworten:"]
        if url:
            ans += [f"- am einfachsten auf dieser Seite (der Link gilt nur für diesen Fall und bis zum {d+7:02d}.12.2026):",
                    f"  https://abuse.provider.example/f/{ref.lower()}-{rnd.randint(100000,999999)}"]
        ans += ["- oder als Antwort auf diese Mail (an abuse@provider.example). Schreiben Sie bitte die Nummer vor jede Antwort (1., 2., 3.)."]
        qh = 'Wichtig zu Frage 3: Ihr Mailserver hält bereits angenommene Mails in seiner Warteschlange (Queue) und versucht sie nach der Freischaltung erneut zu versenden. Das Löschen eines Benutzerkontos oder das Leeren des Postausgangs Ihres Mailprogramms leert diese Warteschlange nicht. Anzeigen und leeren auf dem Server: Postfix "postqueue -p" und "postsuper -d ALL", Exim "exim -bp" und "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".'
        signature = [f"Ihr Zeichen: {ref}", "", "Mit freundlichen Grüßen", sig, "Example Hosting - abuse@provider.example"]
        if typ == 'first':
            subj = f"[{ref}] Relaying für {acct} gesperrt: Spamversand über Ihren Zugang"
            L = ["Guten Tag,", "", f"über Ihren Zugang {acct} wurde in großer Zahl Spam über unsere Mailserver verschickt. Wir haben das Relaying (den Versand) für diesen Zugang gesperrt. Der Abruf Ihrer Mails funktioniert weiterhin. Die noch nicht zugestellten Mails haben wir in Quarantäne genommen.", ""] + ev + ["", "Damit wir den Versand wieder freischalten können, beantworten Sie bitte alle drei Fragen, jede mit ihrer Nummer:", ""] + Q['de'] + [""] + ans + ["", qh, ""] + signature
        elif typ == 'reminder':
            subj = f"[{ref}] Erinnerung: Versand für {acct} weiterhin gesperrt"
            L = ["Guten Tag,", "", f"der Versand für {acct} ist weiterhin gesperrt, weil uns Ihre Antworten noch nicht vollständig vorliegen. Bitte beantworten Sie alle drei Fragen, jede mit ihrer Nummer:", ""] + Q['de'] + [""] + ans + [""] + signature
        elif typ == 'askagain':
            subj = f"[{ref}] Eine Rückfrage zu Ihren Antworten"
            L = ["Guten Tag,", "", f"wir haben Ihre Antworten geprüft. Bevor wir den Versand für {acct} wieder freischalten können, benötigen wir noch Folgendes:", "", comment, "", "Zur Erinnerung die drei Fragen:", ""] + Q['de'] + [""] + ans + [""] + signature
        elif typ == 'qne':
            subj = f"[{ref}] Die Warteschlange Ihres Mailservers enthält noch Mails"
            L = ["Guten Tag,", "", f"in Ihrer Antwort vom {d-1 if d>1 else 1:02d}.12.2026 haben Sie bestätigt, dass die Warteschlange Ihres Mailservers geleert ist. Der Versand für {acct} ist weiterhin gesperrt, und wir weisen jeden Versandversuch ab - doch seit Ihrer Antwort hat Ihr Server versucht, {quar} verschiedene Mails zu versenden ({quar*3} Versuche, der letzte um {h:02d}:{m:02d}). Seine Warteschlange enthält also noch Mails. Deshalb können wir den Versand noch nicht freischalten: die Mails gingen sofort hinaus.", "",
                 "Bitte sehen Sie auf dem Server selbst (nicht in einem Mailprogramm) nach und leeren Sie die Warteschlange:",
                 '- Postfix: "mailq" oder "postqueue -p" zeigt sie, "postsuper -d ALL" leert sie',
                 '- Exim: "exim -bp" zeigt sie, "exiqgrep -i | xargs exim -Mrm" leert sie',
                 '- qmail: "qmail-qstat" zählt sie, "qmail-qread" listet sie', '- Sendmail: "mailq"', "",
                 "Beantworten Sie uns danach bitte noch einmal die drei Fragen, jede mit ihrer Nummer, und fügen Sie bei Frage 3 die Ausgabe des Warteschlangen-Befehls ein:", ""] + Q['de'] + [""] + ans + [""] + signature
        elif typ == 'followup':
            ms = missing
            subj = f"[{ref}] Es fehlen noch Antworten: {'Fragen' if len(ms) > 1 else 'Frage'} {' und '.join(str(x) for x in ms) if len(ms) < 3 else '1, 2 und 3'}"
            L = ["Guten Tag,", "", f"vielen Dank für Ihre Antwort. Damit wir den Versand für {acct} wieder freischalten können, {'fehlen uns noch die Antworten auf diese Fragen' if len(ms) > 1 else 'fehlt uns noch die Antwort auf diese Frage'}:", ""] + [Q['de'][x-1] for x in ms] + [""]
            if u:
                L += ["So haben wir Ihre bisherige Antwort verstanden:"]
                for n, txt in u:
                    L += ["", f"Zu Frage {n}:"] + ["> " + x for x in txt.split('\\n')]
                L += [""]
            if explain:
                L += [explain] + ([] if not explain.startswith('Zu Frage 3') else ['Was wir brauchen: Führen Sie auf Ihrem Mailserver selbst (nicht an Ihrem PC) den Befehl aus, der die Warteschlange anzeigt - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - und schicken Sie uns die Ausgabe mit einer kurzen Bestätigung. Ist die Warteschlange leer, lautet sie bei Postfix "Mail queue is empty" (Exim gibt nichts aus, qmail meldet "messages in queue: 0").']) + [""]
            L += ans + [""]
            if 3 in ms:
                L += [qh, ""]
            L += signature
    else:
        ev = ["What we saw (last 24 hours):",
              f"- Messages submitted: {subm} to {rec} recipients, from {cl} client {'address' if cl == 1 else 'addresses'}",
              f"- Accepted before the suspension: {acc} messages",
              f"- In quarantine: {quar} messages to {qrec} recipients",
              f"- Top recipient domains: {', '.join(doms)}", "",
              "What gave it away:",
              "- logins from many different addresses abroad",
              "- very many recipients per message", "",
              "Excerpt from our logs (time, client address, recipients, log line):"]
        for t, ip, n, txt in logs:
            ev += [f"* {t} | {ip} | {n} recipients", f"  {txt}"]
        ans = ["How to answer:"]
        if url:
            ans += [f"- most easily on this page (the link works for this case only, until 2026-12-{d+7:02d}):",
                    f"  https://abuse.provider.example/f/{ref.lower()}-{rnd.randint(100000,999999)}"]
        ans += ["- or by replying to this mail (to abuse@provider.example). Please put the number in front of each answer (1., 2., 3.)."]
        qh = 'Important for question 3: your mail server keeps mail it has already accepted in its queue and tries to send it again once sending is enabled. Deleting a user account or emptying the outbox of your mail program does not empty that queue. To show and empty it on the server: Postfix "postqueue -p" and "postsuper -d ALL", Exim "exim -bp" and "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".'
        signature = [f"Your reference: {ref}", "", "Kind regards", sig, "Example Hosting - abuse@provider.example"]
        if typ == 'first':
            subj = f"[{ref}] Relaying suspended for {acct}: spam sent through your account"
            L = ["Hello,", "", f"A large amount of spam was sent through our mail servers with your account {acct}. We have suspended relaying (sending) for this account. Fetching your mail keeps working. The messages not yet delivered have been moved to quarantine.", ""] + ev + ["", "So that we can enable sending again, please answer all three questions, each with its number:", ""] + Q['en'] + [""] + ans + ["", qh, ""] + signature
        elif typ == 'reminder':
            subj = f"[{ref}] Reminder: sending for {acct} is still suspended"
            L = ["Hello,", "", f"Sending for {acct} is still suspended because we do not have all your answers yet. Please answer all three questions, each with its number:", ""] + Q['en'] + [""] + ans + [""] + signature
        elif typ == 'askagain':
            subj = f"[{ref}] A question about your answers"
            L = ["Hello,", "", f"We have reviewed your answers. Before we can enable sending for {acct} again, we need the following:", "", comment, "", "As a reminder, the three questions:", ""] + Q['en'] + [""] + ans + [""] + signature
        elif typ == 'qne':
            subj = f"[{ref}] Your mail server's queue still holds mail"
            L = ["Hello,", "", f"In your answer of 2026-12-{d-1 if d>1 else 1:02d} you confirmed that your mail server's queue was emptied. Sending for {acct} is still suspended, and we refuse every attempt to send - yet since your answer your server has tried to send {quar} different messages ({quar*3} attempts, the last at {h:02d}:{m:02d}). Its queue still holds mail. We therefore cannot enable sending yet: the mail would go out as soon as we did.", "",
                 "Please look at the queue on the server itself (not in a mail program) and empty it:",
                 '- Postfix: "mailq" or "postqueue -p" shows it, "postsuper -d ALL" empties it',
                 '- Exim: "exim -bp" shows it, "exiqgrep -i | xargs exim -Mrm" empties it',
                 '- qmail: "qmail-qstat" counts it, "qmail-qread" lists it', '- Sendmail: "mailq"', "",
                 "Then answer the three questions again, each with its number, and paste the output of the queue command under question 3:", ""] + Q['en'] + [""] + ans + [""] + signature
        elif typ == 'followup':
            ms = missing
            subj = f"[{ref}] Some answers are still missing: {'questions' if len(ms) > 1 else 'question'} {' and '.join(str(x) for x in ms) if len(ms) < 3 else '1, 2 and 3'}"
            L = ["Hello,", "", f"Thank you for your answer. Before we can enable sending for {acct} again, we still need your {'answers to these questions' if len(ms) > 1 else 'answer to this question'}:", ""] + [Q['en'][x-1] for x in ms] + [""]
            if u:
                L += ["This is how we understood your answer so far:"]
                for n, txt in u:
                    L += ["", f"On question {n}:"] + ["> " + x for x in txt.split('\\n')]
                L += [""]
            if explain:
                L += [explain] + ([] if not explain.startswith('On question 3') else ['What we need: on your mail server itself (not on your PC), run the command that shows the queue - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - and send us its output with a short confirmation. For an empty queue Postfix prints "Mail queue is empty" (Exim prints nothing, qmail says "messages in queue: 0").']) + [""]
            L += ans + [""]
            if 3 in ms:
                L += [qh, ""]
            L += signature
    return subj, L, d, h, m

def quote(style, lang, typ, ref, acct, rnd, opts):
    subj, L, d, h, m = letter(lang, typ, ref, acct, rnd, opts.get('missing'), opts.get('u'), opts.get('explain'), opts.get('comment'), opts.get('url', True))
    wd = d % 7  # 1 Dec 2026 is Tuesday -> index 1
    frm = 'Example Hosting Abuse-Team <abuse@provider.example>' if lang == 'de' else 'Example Hosting Abuse Team <abuse@provider.example>'
    to = opts.get('to', acct if '@' in acct else 'postmaster@' + acct.split('.', 1)[-1] if '.' in acct else 'info@kunde.example')
    gt = lambda lines, p='> ': [(p + x).rstrip() if x else p.rstrip() for x in lines]
    s = style
    if s == 'gmail-en':
        return [f"On {WD_EN[wd]}, {d} Dec 2026 at {h:02d}:{m:02d}, {frm} wrote:"] + gt(L)
    if s == 'gmail-de':
        return [f"Am {WD_DE[wd]}, {d}. Dez. 2026 um {h:02d}:{m:02d} Uhr schrieb {frm}:"] + gt(L)
    if s == 'tb-de':
        return [f"Am {d:02d}.12.26 um {h:02d}:{m:02d} schrieb Example Hosting Abuse-Team:"] + gt(L)
    if s == 'tb-en':
        return [f"On 12/{d:02d}/26 {h:02d}:{m:02d}, Example Hosting Abuse Team wrote:"] + gt(L)
    if s == 'apple-en':
        return [f"> On {d} Dec 2026, at {h:02d}:{m:02d}, {frm} wrote:", ">"] + gt(L)
    if s == 'apple-de':
        return [f"> Am {d:02d}.12.2026 um {h:02d}:{m:02d} schrieb {frm}:", ">"] + gt(L)
    if s == 'ios-de':
        return [f"Am {d:02d}.12.2026 um {h:02d}:{m:02d} schrieb abuse@provider.example:", ""] + gt(L)
    if s == 'ios-en':
        return [f"On {d} Dec 2026, at {h:02d}:{m:02d}, abuse@provider.example wrote:", ""] + gt(L)
    if s == 'android-de':
        return ["-------- Ursprüngliche Nachricht --------", f"Von: {frm}", f"Datum: {d:02d}.12.26 {h:02d}:{m:02d} (GMT+01:00)", f"An: {to}", f"Betreff: {subj}", ""] + L
    if s == 'android-en':
        return ["-------- Original message --------", f"From: {frm}", f"Date: 12/{d}/26 {h}:{m:02d} PM (GMT+01:00)", f"To: {to}", f"Subject: {subj}", ""] + L
    if s == 'ol-de':
        return ["-----Ursprüngliche Nachricht-----", f"Von: {frm}", f"Gesendet: {WDL_DE[wd]}, {d}. Dezember 2026 {h:02d}:{m:02d}", f"An: {to}", f"Betreff: {subj}", ""] + L
    if s == 'ol-en':
        return ["-----Original Message-----", f"From: {frm}", f"Sent: {WDL_EN[wd]}, December {d}, 2026 {h}:{m:02d} PM", f"To: {to}", f"Subject: {subj}", ""] + L
    if s == 'ol365-de':
        return ["________________________________", f"Von: {frm}", f"Gesendet: {WDL_DE[wd]}, {d}. Dezember 2026 {h:02d}:{m:02d}", f"An: {to}", f"Betreff: {subj}", ""] + L
    if s == 'ol365-en':
        return ["________________________________", f"From: {frm}", f"Sent: {WDL_EN[wd]}, {d} December 2026 {h:02d}:{m:02d}", f"To: {to}", f"Subject: {subj}", ""] + L
    if s == 'fwd-de':
        return ["---------- Weitergeleitete Nachricht ---------", f"Von: {frm}", f"Date: {WD_DE[wd]}, {d}. Dez. 2026 um {h:02d}:{m:02d} Uhr", f"Subject: {subj}", f"To: {to}", ""] + L
    if s == 'fwd-en':
        return ["---------- Forwarded message ---------", f"From: {frm}", f"Date: {WD_EN[wd]}, {d} Dec 2026 at {h:02d}:{m:02d}", f"Subject: {subj}", f"To: {to}", ""] + L
    if s == 'pipe':
        return [f"{frm} schrieb am {d:02d}.12.2026 {h:02d}:{m:02d}:" if lang == 'de' else f"{frm} wrote on 2026-12-{d:02d} {h:02d}:{m:02d}:"] + gt(L, '| ')
    if s == 'bare':
        return gt(L)
    if s == 'gt-gt':   # customer quoting a quote (second round)
        return gt(gt(L))
    if s == 'subject':
        return [subj]
    if s == 'date':
        return [f"{WD_EN[wd]}, {d} Dec 2026 {h:02d}:{m:02d}:{rnd.randint(10,59)} +0100"]
    raise SystemExit('unknown style ' + s)

def parse_opts(s):
    opts = {}
    for m in re.finditer(r'(\w+)=((?:\d:)?"(?:[^"\\]|\\.)*"|\S+)', s):
        k, v = m.group(1), m.group(2)
        num = None
        if re.match(r'\d:"', v):
            num, v = v[0], v[2:]
        if v.startswith('"'):
            v = v[1:-1].replace('\\"', '"')
        if k == 'missing':
            opts[k] = [int(x) for x in v.split(',')]
        elif k == 'u':
            opts.setdefault('u', []).append((num, v))
        elif k == 'url':
            opts[k] = v != 'no'
        else:
            opts[k] = v
    return opts

def encode_blocks(text):
    def qp(m):
        cs, body = m.group(1), m.group(2)
        return quopri.encodestring(body.encode(cs).replace(b'\n', b'\r\n') if False else body.encode(cs), quotetabs=False).decode('ascii')
    def b64(m):
        cs, body = m.group(1), m.group(2)
        raw = base64.b64encode(body.encode(cs)).decode('ascii')
        return '\n'.join(raw[i:i+76] for i in range(0, len(raw), 76))
    def ew(m):  # encoded-word
        cs, enc, body = m.group(1), m.group(2), m.group(3)
        if enc == 'B':
            return '=?%s?B?%s?=' % (cs, base64.b64encode(body.encode(cs)).decode())
        q = ''.join(c if (c.isalnum() and ord(c) < 128) else ('_' if c == ' ' else ''.join('=%02X' % b for b in c.encode(cs))) for c in body)
        return '=?%s?Q?%s?=' % (cs, q)
    text = re.sub(r'<<qp:([\w-]+)\n(.*?)\n>>', qp, text, flags=re.S)
    text = re.sub(r'<<b64:([\w-]+)\n(.*?)\n>>', b64, text, flags=re.S)
    text = re.sub(r'<<ew:([\w-]+):([BQ]):(.*?)>>', ew, text)
    return text

def main():
    files = sorted(glob.glob(os.path.join(HERE, 'batch*.txt')))
    os.makedirs(OUT, exist_ok=True)
    fu = []
    seen = set()
    for f in files:
        chunks = re.split(r'^=== ', open(f, encoding='utf-8').read(), flags=re.M)[1:]
        for ch in chunks:
            head, _, rest = ch.partition('\n')
            num, lang, kind, ext = head.split()
            assert num not in seen, num
            seen.add(num)
            rnd = random.Random(int(num))
            lines = rest.split('\n')
            R = None; F = None; Lspec = None; body = []
            for ln in lines:
                if ln.startswith('@R '): R = ln[3:]
                elif ln.startswith('@F '): F = ln[3:].strip()
                elif ln.startswith('@L '): Lspec = ln[3:]
                else: body.append(ln)
            while body and body[-1] == '': body.pop()
            text = '\n'.join(body) + '\n'
            if Lspec:
                parts = Lspec.split(None, 2)
                llang, typ = parts[0], parts[1]
                opts = parse_opts(parts[2] if len(parts) > 2 else '')
                ref = opts.get('ref', 'RW-%d' % rnd.randint(3, 950))
                acct = opts.get('acct', 'kd%05d' % rnd.randint(10000, 99999))
                def rep(m):
                    r2 = random.Random(int(num))
                    return '\n'.join(quote(m.group(1), llang, typ, ref, acct, r2, opts))
                text = re.sub(r'\{\{Q:([\w-]+)\}\}', rep, text)
                text = text.replace('{{REF}}', ref).replace('{{ACCT}}', acct)
            assert '{{' not in text, (num, 'marker left')
            if ext == 'eml':
                text = encode_blocks(text)
            stem = f'{num}-{lang}-{kind}'
            with open(os.path.join(OUT, stem + '.' + ext), 'w', encoding='utf-8', newline='\n') as o:
                o.write(text)
            a, q3, ag, k, note = [x.strip() for x in R.split('|', 4)]
            q3 = {'c': 'confirmed', 'n': 'not-confirmed'}[q3]
            ag = {'y': 'yes', 'n': 'no'}[ag]
            with open(os.path.join(OUT, stem + '.reading'), 'w', encoding='utf-8') as o:
                o.write('# the human reading, written before the parser read this reply\n')
                o.write(f'answered={a}\nq3={q3}\nagent={ag}\nkind={k}\nnote={note}\n')
            if F:
                fu.append((stem, F))
    with open(os.path.join(HERE, '..', 'followup-open.tsv'), 'w') as o:
        o.write('# file stem\topen=questions the follow-up listed\n')
        for s, F in fu:
            o.write(f'{s}\topen={F}\n')
    print(len(seen), 'replies,', len(fu), 'follow-ups')

import shutil; shutil.rmtree(OUT, ignore_errors=True)
main()
