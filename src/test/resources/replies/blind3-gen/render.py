"""Render helper for the blind reply corpus (corpus4).

Renders the provider's letters (first notice / follow-up) as plain text from the
templates' wording in /work/corpus4/letters/, quotes them as mail clients do, and
writes reply + .reading files. The replies and readings themselves are literal text
in the batch*.py files.
"""
import os, random, re, base64, quopri
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.mime.base import MIMEBase
from email.header import Header
from email import encoders, charset as _cs

BASE = '/work/corpus4'
HELD = BASE + '/heldout'
os.makedirs(HELD, exist_ok=True)

Q = {
 'de': ["1. Was genau hat den Spamversand verursacht?",
        "2. Was genau haben Sie unternommen, um das künftig zu verhindern?",
        "3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers geleert haben (nicht den Postausgang Ihres Mailprogramms)."],
 'en': ["1. What exactly caused the spam?",
        "2. What exactly have you done to prevent it from happening again?",
        "3. Please confirm explicitly that you have emptied the mail queue of your server (not the outbox of your mail program)."],
}
SIGNERS = ['Abuse-Team', 'Jana Köhler', 'Tobias Brandt', 'Mira Osei', 'Lukas Feld', 'Abuse Desk', 'Sven Aaltonen', 'Petra Nowak']
TOPDOM = ['gmail.example', 'web.example', 'gmx.example', 'outlook.example', 'yahoo.example', 't-online.example',
          'mail.example', 'aol.example', 'orange.example', 'libero.example', 'qq.example', 'seznam.example']
RISK = {
 'de': ["Anmeldungen von {n} verschiedenen Client-Adressen in {c} Ländern",
        "Versand an sehr viele verschiedene Empfänger in kurzer Zeit",
        "Absenderadressen, die nicht zu Ihrer Domain passen",
        "Viele Zustellfehler (unbekannte Empfänger)",
        "Anmeldung aus einem Netz, aus dem Sie sonst nie senden"],
 'en': ["Logins from {n} different client addresses in {c} countries",
        "Mail to a very large number of different recipients in a short time",
        "Sender addresses that do not match your domain",
        "Many delivery failures (unknown recipients)",
        "Login from a network you never send from otherwise"],
}
SUBJ_SPAM = ['Ihre Rechnung 4471', 'Payment confirmation #88213', 'Your parcel is waiting', 'Re: Angebot',
             'Urgent: account verification', 'Crypto opportunity', 'DHL Zustellbenachrichtigung', 'Invoice overdue',
             'Gewinnbenachrichtigung', 'Meeting request', 'Password expiry notice', 'New voicemail']

TSV = []  # follow-up lines


def rng(num):
    return random.Random(num * 7919 + 13)


def ip(r):
    return r.choice(['192.0.2.', '198.51.100.', '203.0.113.']) + str(r.randint(2, 250))


def evidence(lang, r, account):
    sub = r.randint(300, 48000)
    rcp = sub * r.randint(1, 4) + r.randint(0, 99)
    cl = r.randint(1, 40)
    acc = r.randint(10, min(sub, 4000))
    quar = sub - acc
    refused = r.choice([None, r.randint(1, 9000)])
    doms = r.sample(TOPDOM, r.randint(2, 4))
    reasons = r.sample(RISK[lang], r.randint(1, 3))
    reasons = [x.format(n=cl, c=r.randint(2, 15)) for x in reasons]
    L = []
    if lang == 'de':
        L.append("Was wir gesehen haben (letzte 24 Stunden):")
        L.append(f"- Eingelieferte Nachrichten: {sub} an {rcp} Empfänger, von {cl} {'Client-Adresse' if cl == 1 else 'Client-Adressen'}")
        if refused:
            L.append(f"- Abgewiesen, weil der Versand gesperrt war: {refused} {'Versuch' if refused == 1 else 'Versuche'}")
        L.append(f"- Vor der Sperre angenommen: {acc} Nachrichten")
        L.append(f"- In Quarantäne: {quar} Nachrichten an {quar * 2 + 7} Empfänger")
        L.append(f"- Häufigste Empfängerdomains: {', '.join(doms)}")
        L.append("")
        L.append("Woran wir es erkannt haben:")
        L += ['- ' + x for x in reasons]
    else:
        L.append("What we saw (last 24 hours):")
        L.append(f"- Messages submitted: {sub} to {rcp} recipients, from {cl} client {'address' if cl == 1 else 'addresses'}")
        if refused:
            L.append(f"- Refused because sending was suspended: {refused} {'attempt' if refused == 1 else 'attempts'}")
        L.append(f"- Accepted before the suspension: {acc} messages")
        L.append(f"- In quarantine: {quar} messages to {quar * 2 + 7} recipients")
        L.append(f"- Top recipient domains: {', '.join(doms)}")
        L.append("")
        L.append("What gave it away:")
        L += ['- ' + x for x in reasons]
    if r.random() < 0.5:
        c = r.randint(1, 60)
        s = r.choice(SUBJ_SPAM)
        if lang == 'de':
            L.append(f"Beschwerden: {c} Empfänger bei {r.choice(TOPDOM)} {'hat' if c == 1 else 'haben'} Ihre Mail als Spam gemeldet, z. B. mit dem Betreff \"{s}\".")
        else:
            L.append(f"Complaints: {c} {'recipient' if c == 1 else 'recipients'} at {r.choice(TOPDOM)} reported your mail as spam, e.g. subject \"{s}\".")
    L.append("")
    L.append("Auszug aus unseren Logs (Zeit, Client-Adresse, Empfänger, Logzeile):" if lang == 'de'
             else "Excerpt from our logs (time, client address, recipients, log line):")
    user = account if '@' in account else ('info@' + account.split('.', 1)[-1] if '.' in account else account)
    for i in range(r.randint(1, 3)):
        h, m, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
        cip = ip(r)
        n = r.randint(1, 50)
        qid = ''.join(r.choice('0123456789ABCDEF') for _ in range(10))
        pid = r.randint(1000, 65000)
        txt = r.choice([
            f"postfix/smtpd[{pid}]: {qid}: client=unknown[{cip}], sasl_method=LOGIN, sasl_username={user}",
            f"postfix/smtpd[{pid}]: {qid}: client=unknown[{cip}], sasl_method=PLAIN, sasl_username={user}",
            f"postfix/cleanup[{pid}]: {qid}: message-id=<{qid.lower()}@{r.choice(['localhost', 'mail.example', user.split('@')[-1]])}>",
        ])
        L.append(f"* 2026-12-0{r.randint(1, 6)} {h:02d}:{m:02d}:{s:02d} | {cip} | {n} {'Empfänger' if lang == 'de' else ('recipient' if n == 1 else 'recipients')}")
        L.append("  " + txt)
    return L


UNDERSTOOD_DE = ["Das Passwort war zu einfach und wurde erraten.", "Ein Mitarbeiter hat auf eine Phishing-Mail geantwortet.",
                 "Wir wissen es nicht genau.", "Das alte Konto eines ausgeschiedenen Mitarbeiters wurde missbraucht.",
                 "Ein Trojaner auf einem Büro-PC.", "Passwort geändert."]
UNDERSTOOD_EN = ["The password was weak and was guessed.", "A staff member entered the password on a phishing page.",
                 "We are not sure.", "An old account of a former employee was abused.",
                 "Malware on one of the office PCs.", "Password changed."]


def letter(lang, kind, ref, account, r, missing=None, qreason=None, qwords=None, understood=None, password=False,
           url=False):
    """Return (subject, lines) of the provider's letter as plain text."""
    tag = f"[{ref}]"
    signer = r.choice(SIGNERS)
    L = []
    if kind == 'first':
        if lang == 'de':
            subj = f"{tag} Relaying für {account} gesperrt: Spamversand über Ihren Zugang"
            L += ["Guten Tag,", "",
                  f"über Ihren Zugang {account} wurde in großer Zahl Spam über unsere Mailserver verschickt. Wir haben das Relaying (den Versand) für diesen Zugang gesperrt. Der Abruf Ihrer Mails funktioniert weiterhin. Die noch nicht zugestellten Mails haben wir in Quarantäne genommen.", ""]
            L += evidence(lang, r, account)
            L += ["", "Damit wir den Versand wieder freischalten können, beantworten Sie bitte alle drei Fragen, jede mit ihrer Nummer:", ""]
            L += Q['de'] + [""]
        else:
            subj = f"{tag} Relaying suspended for {account}: spam sent through your account"
            L += ["Hello,", "",
                  f"A large amount of spam was sent through our mail servers with your account {account}. We have suspended relaying (sending) for this account. Fetching your mail keeps working. The messages not yet delivered have been moved to quarantine.", ""]
            L += evidence(lang, r, account)
            L += ["", "So that we can enable sending again, please answer all three questions, each with its number:", ""]
            L += Q['en'] + [""]
    else:
        miss = missing
        nums = [int(x) for x in miss]
        if lang == 'de':
            mn = ' und '.join(str(n) for n in nums) if len(nums) <= 2 else ', '.join(map(str, nums[:-1])) + ' und ' + str(nums[-1])
            subj = f"{tag} Es fehlen noch Antworten: {'Fragen' if len(nums) > 1 else 'Frage'} {mn}"
            L += ["Guten Tag,", "",
                  f"vielen Dank für Ihre Antwort. Damit wir den Versand für {account} wieder freischalten können, {'fehlen uns noch die Antworten auf diese Fragen' if len(nums) > 1 else 'fehlt uns noch die Antwort auf diese Frage'}:", ""]
            L += [Q['de'][n - 1] for n in nums] + [""]
        else:
            mn = ' and '.join(str(n) for n in nums) if len(nums) <= 2 else ', '.join(map(str, nums[:-1])) + ' and ' + str(nums[-1])
            subj = f"{tag} Some answers are still missing: {'questions' if len(nums) > 1 else 'question'} {mn}"
            L += ["Hello,", "",
                  f"Thank you for your answer. Before we can enable sending for {account} again, we still need your {'answers to these questions' if len(nums) > 1 else 'answer to this question'}:", ""]
            L += [Q['en'][n - 1] for n in nums] + [""]
        done = [n for n in (1, 2, 3) if n not in nums]
        if done:
            pool = UNDERSTOOD_DE if lang == 'de' else UNDERSTOOD_EN
            L.append("So haben wir Ihre bisherige Antwort verstanden:" if lang == 'de' else "This is how we understood your answer so far:")
            for n in done:
                L += ["", (f"Zu Frage {n}:" if lang == 'de' else f"On question {n}:")]
                txt = (understood or {}).get(n) or (pool[r.randint(0, 1)] if n == 1 else (pool[5] if n == 2 else
                       ("Die Queue ist leer." if lang == 'de' else "The queue is empty.")))
                L += ["> " + x for x in txt.split('\n')]
            L.append("")
        if 3 in nums:
            qr = qreason or r.choice(['OUTBOX', 'NO_EVIDENCE', 'HEDGE', 'FUTURE', 'DELETED', None])
            dq = {'OUTBOX': ('Postausgang ist leer', 'outbox is empty'), 'DELETED': ('Konto gelöscht', 'deleted the account'),
                  'HEDGE': ('sollte leer sein', 'should be empty'), 'FLUSHED': ('postqueue -f', 'postqueue -f'),
                  'LISTING_SHOWS_MAIL': ('12', '12')}.get(qr, ('', ''))
            qw = qwords or dq[0 if lang == 'de' else 1]
            if qr:
                if lang == 'de':
                    t = {'OUTBOX': f'Sie schreiben vom Postausgang bzw. den Ordnern Ihres Mailprogramms ("{qw}"). Wir meinen etwas anderes: die Warteschlange (Queue) auf Ihrem Mailserver.',
                         'DELETED': f'Sie schreiben, dass Mails oder ein Konto gelöscht wurden ("{qw}"). Das leert die Warteschlange (Queue) Ihres Mailservers nicht: Dort liegen die bereits angenommenen Mails weiter.',
                         'HEDGE': f'Sie schreiben "{qw}". Wir brauchen die Gewissheit, dass die Warteschlange leer ist, keine Vermutung.',
                         'FUTURE': 'Sie schreiben, dass Sie die Warteschlange noch leeren werden. Bitte antworten Sie uns, sobald es erledigt ist.',
                         'QUESTION': 'Gern erklären wir es: Die Mailqueue ist die Warteschlange Ihres Mailservers, in der er angenommene Mails bis zum Versand aufbewahrt - nicht der Postausgang Ihres Mailprogramms.',
                         'FLUSHED': f'Sie schreiben "{qw}": Dieser Befehl versendet die Mails der Warteschlange erneut, er löscht sie nicht. Leeren: Postfix "postsuper -d ALL", Exim "exiqgrep -i | xargs exim -Mrm".',
                         'LISTING_SHOWS_MAIL': f'Die Ausgabe, die Sie uns geschickt haben, zeigt noch {qw} Mail(s) in der Warteschlange. Bitte leeren Sie sie (Postfix: "postsuper -d ALL") und prüfen Sie erneut.',
                         'NO_EVIDENCE': 'Aus Ihrer Antwort geht nicht ausdrücklich hervor, dass die Warteschlange Ihres Mailservers geleert ist.'}[qr]
                    L.append("Zu Frage 3: " + t)
                    L.append('Was wir brauchen: Führen Sie auf Ihrem Mailserver selbst (nicht an Ihrem PC) den Befehl aus, der die Warteschlange anzeigt - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - und schicken Sie uns die Ausgabe mit einer kurzen Bestätigung. Ist die Warteschlange leer, lautet sie bei Postfix "Mail queue is empty" (Exim gibt nichts aus, qmail meldet "messages in queue: 0").')
                else:
                    t = {'OUTBOX': f'you wrote about the outbox or the folders of your mail program ("{qw}"). We mean something else: the queue on your mail server.',
                         'DELETED': f'you wrote that mails or an account were deleted ("{qw}"). That does not empty the queue of your mail server: the mail it has already accepted stays there.',
                         'HEDGE': f'you wrote "{qw}". We need to be sure that the queue is empty, not a guess.',
                         'FUTURE': 'you wrote that you will empty the queue. Please reply once it is done.',
                         'QUESTION': 'we are glad to explain: the mail queue is where your mail server keeps mail it has accepted until it is sent - not the outbox of your mail program.',
                         'FLUSHED': f'you wrote "{qw}": that command sends the mail in the queue again, it does not delete it. To empty the queue: Postfix "postsuper -d ALL", Exim "exiqgrep -i | xargs exim -Mrm".',
                         'LISTING_SHOWS_MAIL': f'the output you sent still shows {qw} message(s) in the queue. Please empty it (Postfix: "postsuper -d ALL") and check again.',
                         'NO_EVIDENCE': "your answer does not say explicitly that your mail server's queue has been emptied."}[qr]
                    L.append("On question 3: " + t)
                    L.append('What we need: on your mail server itself (not on your PC), run the command that shows the queue - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - and send us its output with a short confirmation. For an empty queue Postfix prints "Mail queue is empty" (Exim prints nothing, qmail says "messages in queue: 0").')
                L.append("")
        if password:
            if lang == 'de':
                L.append(f"Zum Passwort von {account}: Es ist noch dasselbe Passwort wie bei der Sperre des Versands am 0{r.randint(1,6)}.12.2026. Wer den Spam verschickt hat, hat sich mit genau diesem Passwort angemeldet; es funktioniert für ihn also weiterhin. Wir können den Versand erst wieder freischalten, wenn das Konto ein neues Passwort hat. Bitte vergeben Sie für {account} ein neues, starkes Passwort (das Sie nirgends sonst verwenden) und geben Sie uns Bescheid.")
            else:
                L.append(f"About the password of {account}: it is still the password it had when we suspended sending on 2026-12-0{r.randint(1,6)}. Whoever sent the spam logged in with exactly this password, so it still works for them: we can enable sending again only once the account has a new one. Please set a new, strong password for {account} (not used anywhere else) and tell us when it is done.")
            L.append("")
    # answer block
    if lang == 'de':
        L.append("So können Sie antworten:")
        if url:
            L += [f"- am einfachsten auf dieser Seite (der Link gilt nur für diesen Fall und bis zum 1{r.randint(0,9)}.12.2026):",
                  f"  https://abuse.provider.example/q/{ref.lower()}-{r.randint(100000, 999999):x}"]
        L.append("- oder als Antwort auf diese Mail (an abuse@provider.example). Schreiben Sie bitte die Nummer vor jede Antwort (1., 2., 3.).")
    else:
        L.append("How to answer:")
        if url:
            L += [f"- most easily on this page (the link works for this case only, until 2026-12-1{r.randint(0,9)}):",
                  f"  https://abuse.provider.example/q/{ref.lower()}-{r.randint(100000, 999999):x}"]
        L.append("- or by replying to this mail (to abuse@provider.example). Please put the number in front of each answer (1., 2., 3.).")
    L.append("")
    if kind == 'first' or (missing and '3' in [str(x) for x in missing]):
        if lang == 'de':
            L.append('Wichtig zu Frage 3: Ihr Mailserver hält bereits angenommene Mails in seiner Warteschlange (Queue) und versucht sie nach der Freischaltung erneut zu versenden. Das Löschen eines Benutzerkontos oder das Leeren des Postausgangs Ihres Mailprogramms leert diese Warteschlange nicht. Anzeigen und leeren auf dem Server: Postfix "postqueue -p" und "postsuper -d ALL", Exim "exim -bp" und "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".')
        else:
            L.append('Important for question 3: your mail server keeps mail it has already accepted in its queue and tries to send it again once sending is enabled. Deleting a user account or emptying the outbox of your mail program does not empty that queue. To show and empty it on the server: Postfix "postqueue -p" and "postsuper -d ALL", Exim "exim -bp" and "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".')
        L.append("")
    if lang == 'de':
        L += [f"Ihr Zeichen: {ref}", "", "Mit freundlichen Grüßen", signer, "Example Hosting - abuse@provider.example"]
    else:
        L += [f"Your reference: {ref}", "", "Kind regards", signer, "Example Hosting - abuse@provider.example"]
    return subj, L


def wrap_long(lines, width=76):
    import textwrap
    out = []
    for l in lines:
        if len(l) > width and not l.startswith(('*', '  ')):
            ind = '  ' if l.startswith('- ') else ''
            out += textwrap.wrap(l, width, subsequent_indent=ind, break_on_hyphens=False) or ['']
        else:
            out.append(l)
    return out


DAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']
DAYS_DE = ['Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.']
DAYS_DE_LONG = ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag']


def quote(style, subj, lines, r, to='', wrap=True):
    """Quote the letter in a client style. Returns text."""
    import datetime
    d = r.choice([1, 2, 3, 4, 7])
    hh, mm = r.randint(7, 19), r.randint(0, 59)
    wd = datetime.date(2026, 12, d).weekday()
    frm = 'Example Hosting Abuse <abuse@provider.example>'
    body = wrap_long(lines) if wrap else lines
    gt = lambda ls, p='> ': '\n'.join((p + l) if l else p.rstrip() for l in ls)
    if style == 'gt':
        return gt(body)
    if style == 'bar':
        return gt(body, '| ')
    if style == 'gmail_en':
        return f"On {DAYS_EN[wd]}, {d} Dec 2026 at {hh}:{mm:02d}, {frm} wrote:\n\n" + gt(body)
    if style == 'gmail_de':
        return f"Am {DAYS_DE[wd]}, {d}. Dez. 2026 um {hh}:{mm:02d} Uhr schrieb {frm}:\n\n" + gt(body)
    if style == 'apple_en':
        return f"> On {d} Dec 2026, at {hh}:{mm:02d}, {frm} wrote:\n> \n" + gt(body)
    if style == 'apple_de':
        return f"> Am 0{d}.12.2026 um {hh}:{mm:02d} schrieb {frm}:\n> \n" + gt(body)
    if style == 'tb_de':
        return f"Am 0{d}.12.26 um {hh}:{mm:02d} schrieb Example Hosting Abuse:\n" + gt(body)
    if style == 'tb_en':
        return f"On 12/{d}/26 {hh}:{mm:02d}, Example Hosting Abuse wrote:\n" + gt(body)
    if style == 'outlook_en':
        return (f"-----Original Message-----\nFrom: Example Hosting Abuse <abuse@provider.example>\n"
                f"Sent: {['Monday','Tuesday','Wednesday','Thursday','Friday'][wd]}, December {d}, 2026 {hh % 12 or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}\n"
                f"To: {to or 'info@customer.example'}\nSubject: {subj}\n\n" + '\n'.join(lines))
    if style == 'outlook_de':
        return (f"-----Ursprüngliche Nachricht-----\nVon: Example Hosting Abuse <abuse@provider.example>\n"
                f"Gesendet: {DAYS_DE_LONG[wd]}, {d}. Dezember 2026 {hh:02d}:{mm:02d}\n"
                f"An: {to or 'info@kunde.example'}\nBetreff: {subj}\n\n" + '\n'.join(lines))
    if style == 'outlook_line_en':
        return (f"________________________________\nFrom: Example Hosting Abuse <abuse@provider.example>\n"
                f"Sent: {['Monday','Tuesday','Wednesday','Thursday','Friday'][wd]}, December {d}, 2026 {hh}:{mm:02d}\n"
                f"To: {to or 'it@customer.example'}\nSubject: {subj}\n\n" + '\n'.join(lines))
    if style == 'outlook_line_de':
        return (f"________________________________\nVon: Example Hosting Abuse <abuse@provider.example>\n"
                f"Gesendet: {DAYS_DE_LONG[wd]}, {d}. Dezember 2026 {hh:02d}:{mm:02d}\n"
                f"An: {to or 'buero@kunde.example'}\nBetreff: {subj}\n\n" + '\n'.join(lines))
    if style == 'fwd_en':
        return (f"---------- Forwarded message ---------\nFrom: {frm}\nDate: {DAYS_EN[wd]}, {d} Dec 2026 at {hh}:{mm:02d}\n"
                f"Subject: {subj}\nTo: <{to or 'office@customer.example'}>\n\n" + '\n'.join(body))
    if style == 'fwd_de':
        return (f"-------- Weitergeleitete Nachricht --------\nBetreff: \t{subj}\nDatum: \t{DAYS_DE[wd]} 0{d}.12.2026 {hh}:{mm:02d}\n"
                f"Von: \t{frm}\nAn: \t{to or 'info@kunde.example'}\n\n" + '\n'.join(body))
    if style == 'roundcube_de':
        return f"Am 2026-12-0{d} {hh:02d}:{mm:02d}, schrieb Example Hosting Abuse:\n" + gt(body)
    if style == 'roundcube_en':
        return f"On 2026-12-0{d} {hh:02d}:{mm:02d}, Example Hosting Abuse wrote:\n" + gt(body)
    if style == 'outlook_mac_de':
        return (f"Von: Example Hosting Abuse <abuse@provider.example>\nDatum: {DAYS_DE_LONG[wd]}, {d}. Dezember 2026 um {hh:02d}:{mm:02d}\n"
                f"An: {to or 'info@kunde.example'}\nBetreff: {subj}\n\n" + gt(body))
    if style == 'k9_de':
        return f"Am {d}. Dezember 2026 {hh:02d}:{mm:02d}:{r.randint(10,59)} MEZ schrieb Example Hosting Abuse <abuse@provider.example>:\n" + gt(body)
    if style == 'notes_en':
        return (f"\n\n\nFrom:\tExample Hosting Abuse <abuse@provider.example>\nTo:\t{to or 'admin@customer.example'}\n"
                f"Date:\t12/0{d}/2026 {hh:02d}:{mm:02d}\nSubject:\t{subj}\n\n" + '\n'.join(lines))
    if style == 'plain':
        return '\n'.join(body)
    raise ValueError(style)


ALL = {}
VERDICT = {'complete', 'incomplete', 'confirmed', 'unconfirmed', 'ok', 'only', 'empty', 'nonempty', 'nonzero', 'leer'}


def R(num, lang, kind, body, ans='', q3=0, agent=0, note='', style=None, fu=None, ref=None, acc=None,
      ext='txt', eml=None, qreason=None, qwords=None, understood=None, password=False, url=False, to='',
      letter_lang=None, short=None, ins=None):
    """Write one reply and its reading.

    body: literal reply text; [[Q]] = quoted letter in `style`; if no [[Q]] and style given, the quote is appended
    (top-posting, one blank line between). [[REF]] / [[ACC]] / [[SUBJ]] are substituted.
    fu: None for first notice, or string like '2,3' = questions the follow-up listed.
    """
    assert num not in ALL, num
    r = rng(num)
    ref = ref or f"RW-{r.randint(3, 9999)}"
    if not acc and eml and '@' in eml.get('frm', ''):
        dom = eml['frm'].rsplit('@', 1)[1].rstrip('>').strip()
        base = dom.split('.')[0]
        cands = [a for a in ACCS if base in a]
        acc = cands[0] if cands else 'mail.' + dom
    acc = acc or r.choice(ACCS)
    ll = letter_lang or ('de' if lang == 'de' else 'en' if lang == 'en' else r.choice(['de', 'en']))
    missing = [int(x) for x in fu.split(',')] if fu else None
    subj, lines = letter(ll, 'follow' if fu else 'first', ref, acc, r, missing=missing, qreason=qreason, qwords=qwords,
                         understood=understood, password=password, url=url)
    text = body.strip('\n') + '\n'
    if style:
        qt = quote(style, subj, lines, r, to=to)
        if ins:
            ql = qt.split('\n')
            for n in sorted(ins, reverse=True):
                key = Q[ll][n - 1][:25]
                idx = [i for i, l in enumerate(ql) if key in l][0]
                j = idx + 1
                while j < len(ql) and ql[j].strip() not in ('', '>', '|') and not re.match(r'^[>| ]*[123]\. ', ql[j]):
                    j += 1
                ql[j:j] = ins[n].split('\n')
            qt = '\n'.join(ql)
        if '[[Q]]' in text:
            text = text.replace('[[Q]]', qt)
        else:
            text = text.rstrip('\n') + '\n\n' + qt + '\n'
    else:
        text = text.replace('[[Q]]\n', '').replace('[[Q]]', '')
    text = text.replace('[[REF]]', ref).replace('[[ACC]]', acc).replace('[[SUBJ]]', subj)
    toks = [w for w in re.split(r'[^a-z0-9]+', kind.lower()) if w]
    words, skip = [], False
    for w in toks:
        if skip:
            skip = False
            continue
        if w in ('no', 'not'):
            skip = True
            continue
        if w not in VERDICT:
            words.append(w)
    sk = short or '-'.join(words)[:28].strip('-')
    stem = f"{num}-{lang}-{sk}"
    if eml is not None:
        data = make_eml(text, eml, subj, ref, acc, lang, r)
        with open(f"{HELD}/{stem}.eml", 'wb') as f:
            f.write(data)
    else:
        with open(f"{HELD}/{stem}.txt", 'w', encoding='utf-8') as f:
            f.write(text)
    assert q3 in (0, 1)
    a = ','.join(sorted(set(x for x in ans.replace(' ', '').split(',') if x)))
    if q3:
        assert '3' in a, (num, 'q3 confirmed but 3 not answered')
    if agent:
        earlier = {str(n) for n in (1, 2, 3) if fu and str(n) not in fu.split(',')}
        assert set(x for x in a.split(',') if x) <= earlier, (num, 'agent=yes but answered')
    if fu:
        for n in (1, 2, 3):
            if str(n) not in fu.split(','):
                assert str(n) in a, (num, 'follow-up: unlisted question must count as answered', n)
    note = note.replace('\n', ' ').strip()
    rd = ("# the human reading, written before the parser read this reply\n"
          f"answered={a}\nq3={'confirmed' if q3 else 'not-confirmed'}\nagent={'yes' if agent else 'no'}\n"
          f"kind={kind}\nnote={note}\n")
    with open(f"{HELD}/{stem}.reading", 'w', encoding='utf-8') as f:
        f.write(rd)
    ALL[num] = stem
    if fu:
        TSV.append((num, stem, fu))
    return stem


ACCS = ['mail.huber-bau.example', 'info@kanzlei-roth.example', 'smtp-k40213', 'relay.meyer-gmbh.example',
        'office@zahnarzt-lindner.example', 'k-88321', 'mx1.stadtwerke-au.example', 'mail.weingut-sommer.example',
        'postmaster@fahrschule-kern.example', 'srv-mail.autohaus-beck.example', 'exch01.brandl-steuer.example',
        'mail.northwind-trading.example', 'relay@harbour-logistics.example', 'smtp-c19077', 'mx.greenleaf-dental.example',
        'mail.bluepeak.example', 'office@oakridge-law.example', 'nas.fotostudio-weiss.example', 'mail.tischlerei-vogt.example',
        'mail.praxis-demir.example', 'zimbra.citrus-media.example', 'k-10233', 'mail.alpenhof.example', 'mail.kiwi-apps.example',
        'relay-5512', 'mail.rossi-import.example', 'mx.techworks.example', 'mail.schuetzenverein-au.example']


def html_of(text):
    import html
    out = []
    paras = text.split('\n\n')
    for p in paras:
        ls = p.split('\n')
        if any(l for l in ls) and all(l.startswith('>') for l in ls if l):
            inner = '\n'.join(l[1:].lstrip(' ') if l.startswith('>') else l for l in ls)
            out.append('<blockquote type="cite" style="border-left:2px solid #ccc;padding-left:8px">'
                       + html_of(inner) + '</blockquote>')
        else:
            out.append('<p>' + '<br>\n'.join(html.escape(l) for l in ls) + '</p>')
    return '\n'.join(out)


def make_eml(text, o, subj, ref, acc, lang, r):
    """o: dict(frm, to, date, subject(optional raw), mode: plain|html|alt|mixed, cte: qp|b64|8bit,
    charset, attach:[(name, ctype, bytes/str)], headers:{}, html: literal html override)."""
    cs = o.get('charset', 'utf-8')
    cte = o.get('cte', 'qp')
    mode = o.get('mode', 'plain')
    c = _cs.Charset(cs)
    c.body_encoding = {'qp': _cs.QP, 'b64': _cs.BASE64, '8bit': None}[cte]

    def part(t, sub):
        m = MIMEText('', sub, cs)
        del m['Content-Transfer-Encoding']
        m.set_payload(t, c)
        if cte == '8bit':
            del m['Content-Transfer-Encoding']
            m['Content-Transfer-Encoding'] = '8bit'
        return m
    h = o.get('html') or ('<html><head><meta charset="' + cs + '"></head><body>' + html_of(text) + '</body></html>')
    if mode == 'plain':
        msg = part(text, 'plain')
    elif mode == 'html':
        msg = part(h, 'html')
    elif mode == 'alt':
        msg = MIMEMultipart('alternative')
        msg.attach(part(text, 'plain'))
        msg.attach(part(h, 'html'))
    elif mode == 'mixed':
        msg = MIMEMultipart('mixed')
        if o.get('inner') == 'alt':
            a = MIMEMultipart('alternative')
            a.attach(part(text, 'plain'))
            a.attach(part(h, 'html'))
            msg.attach(a)
        else:
            msg.attach(part(text, 'plain'))
        for name, ctype, content in o.get('attach', []):
            mt, st = ctype.split('/')
            if mt == 'text':
                p = MIMEText(content, st, 'utf-8')
            else:
                p = MIMEBase(mt, st)
                p.set_payload(content if isinstance(content, bytes) else content.encode())
                encoders.encode_base64(p)
            p.add_header('Content-Disposition', 'attachment', filename=name)
            msg.attach(p)
    s = (o.get('subject') or '').replace('[[REF]]', ref).replace('[[ACC]]', acc).replace('[[SUBJ]]', subj) or ('Re: ' + subj if lang != 'de' else (r.choice(['AW: ', 'Re: ', 'AW: ', 'Aw: ']) + subj))
    msg['From'] = o.get('frm', 'Kunde <info@kunde.example>')
    msg['To'] = o.get('to', 'abuse@provider.example')
    msg['Subject'] = Header(s, (cs if cs != 'us-ascii' else 'utf-8') if not all(ord(ch) < 128 for ch in s) else 'us-ascii',
                            header_name='Subject').encode() if not o.get('rawsubj') else o['rawsubj']
    import datetime
    dd = r.choice([1, 2, 3, 4, 7])
    msg['Date'] = o.get('date', f"{DAYS_EN[datetime.date(2026, 12, dd).weekday()]}, 0{dd} Dec 2026 {r.randint(7,20):02d}:{r.randint(0,59):02d}:{r.randint(0,59):02d} +0100")
    msg['Message-ID'] = f"<{r.randint(10**9, 10**10)}.{r.randint(1000,9999)}@{o.get('msgdom', 'kunde.example')}>"
    msg['In-Reply-To'] = f"<{ref.lower()}.{r.randint(1000,9999)}@provider.example>"
    if 'MIME-Version' not in msg:
        msg['MIME-Version'] = '1.0'
    for k, v in o.get('headers', {}).items():
        msg[k] = v
    return msg.as_bytes()


def finish():
    path = BASE + '/followup-open.tsv'
    existing = {}
    if os.path.exists(path):
        for l in open(path, encoding='utf-8'):
            if l.startswith('#') or not l.strip():
                continue
            st, op = l.rstrip('\n').split('\t')
            existing[st] = op
    for num, stem, fu in TSV:
        existing[stem] = 'open=' + fu
    with open(path, 'w', encoding='utf-8') as f:
        f.write("# file stem<TAB>open=questions the follow-up letter listed (the others count as answered earlier)\n")
        for st in sorted(existing):
            f.write(f"{st}\t{existing[st]}\n")
