#!/usr/bin/env python3
"""Render hand-written replies (src/*.txt) into heldout/. Only the quoted letter is rendered here;
every reply text and reading was composed by hand in src/."""
import os, re, sys, base64, quopri
from email.utils import formatdate
D = os.path.dirname(os.path.abspath(__file__))
QS = {l: open(f"{D}/letters/{l}/questions.txt", encoding="utf-8").read().strip().split("\n") for l in ("de", "en")}
QH = {"de": 'Wichtig zu Frage 3: Ihr Mailserver hält bereits angenommene Mails in seiner Warteschlange (Queue) und versucht sie nach der Freischaltung erneut zu versenden. Das Löschen eines Benutzerkontos oder das Leeren des Postausgangs Ihres Mailprogramms leert diese Warteschlange nicht. Anzeigen und leeren auf dem Server: Postfix "postqueue -p" und "postsuper -d ALL", Exim "exim -bp" und "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".',
      "en": 'Important for question 3: your mail server keeps mail it has already accepted in its queue and tries to send it again once sending is enabled. Deleting a user account or emptying the outbox of your mail program does not empty that queue. To show and empty it on the server: Postfix "postqueue -p" and "postsuper -d ALL", Exim "exim -bp" and "exiqgrep -i | xargs exim -Mrm", Sendmail "mailq".'}
def first(lang, ref, acct, n):
    a, b, c = 1200 + n * 37 % 9000, 3000 + n * 91 % 40000, 2 + n % 17
    ip = f"203.0.113.{n % 250 + 1}"
    if lang == "de":
        subj = f"[{ref}] Relaying für {acct} gesperrt: Spamversand über Ihren Zugang"
        t = f"""Guten Tag,

über Ihren Zugang {acct} wurde in großer Zahl Spam über unsere Mailserver verschickt. Wir haben das Relaying (den Versand) für diesen Zugang gesperrt. Der Abruf Ihrer Mails funktioniert weiterhin. Die noch nicht zugestellten Mails haben wir in Quarantäne genommen.

Was wir gesehen haben (letzte 24 Stunden):
- Eingelieferte Nachrichten: {a} an {b} Empfänger, von {c} Client-Adressen
- Vor der Sperre angenommen: {a - 40} Nachrichten
- In Quarantäne: {n % 300 + 12} Nachrichten an {n % 900 + 40} Empfänger

Auszug aus unseren Logs (Zeit, Client-Adresse, Empfänger, Logzeile):
* 2026-12-07 03:1{n%10}:44 | {ip} | 48 Empfänger
  sasl_method=LOGIN, sasl_username={acct}

Damit wir den Versand wieder freischalten können, beantworten Sie bitte alle drei Fragen, jede mit ihrer Nummer:

{chr(10).join(QS['de'])}

So können Sie antworten:
- oder als Antwort auf diese Mail (an abuse@provider.example). Schreiben Sie bitte die Nummer vor jede Antwort (1., 2., 3.).

{QH['de']}

Ihr Zeichen: {ref}

Mit freundlichen Grüßen
Abuse-Team
Example Hosting - abuse@provider.example"""
    else:
        subj = f"[{ref}] Relaying suspended for {acct}: spam sent through your account"
        t = f"""Hello,

A large amount of spam was sent through our mail servers with your account {acct}. We have suspended relaying (sending) for this account. Fetching your mail keeps working. The messages not yet delivered have been moved to quarantine.

What we saw (last 24 hours):
- Messages submitted: {a} to {b} recipients, from {c} client addresses
- Accepted before the suspension: {a - 40} messages
- In quarantine: {n % 300 + 12} messages to {n % 900 + 40} recipients

Excerpt from our logs (time, client address, recipients, log line):
* 2026-12-07 03:1{n%10}:44 | {ip} | 48 recipients
  sasl_method=LOGIN, sasl_username={acct}

So that we can enable sending again, please answer all three questions, each with its number:

{chr(10).join(QS['en'])}

How to answer:
- or by replying to this mail (to abuse@provider.example). Please put the number in front of each answer (1., 2., 3.).

{QH['en']}

Your reference: {ref}

Kind regards
Abuse Team
Example Hosting - abuse@provider.example"""
    return subj, t
def follow(lang, ref, acct, openq):
    miss = [QS[lang][int(q) - 1] for q in openq]
    nums = " und ".join(openq) if lang == "de" else " and ".join(openq)
    if lang == "de":
        pl = len(openq) > 1
        subj = f"[{ref}] Es fehlen noch Antworten: {'Fragen' if pl else 'Frage'} {nums}"
        t = f"""Guten Tag,

vielen Dank für Ihre Antwort. Damit wir den Versand für {acct} wieder freischalten können, {'fehlen uns noch die Antworten auf diese Fragen' if pl else 'fehlt uns noch die Antwort auf diese Frage'}:

{chr(10).join(miss)}

So können Sie antworten:
- oder als Antwort auf diese Mail (an abuse@provider.example). Schreiben Sie bitte die Nummer vor jede Antwort (1., 2., 3.).
""" + (f"\n{QH['de']}\n" if "3" in openq else "") + f"""
Ihr Zeichen: {ref}

Mit freundlichen Grüßen
Abuse-Team
Example Hosting - abuse@provider.example"""
    else:
        pl = len(openq) > 1
        subj = f"[{ref}] Some answers are still missing: {'questions' if pl else 'question'} {nums}"
        t = f"""Hello,

Thank you for your answer. Before we can enable sending for {acct} again, we still need your {'answers to these questions' if pl else 'answer to this question'}:

{chr(10).join(miss)}

How to answer:
- or by replying to this mail (to abuse@provider.example). Please put the number in front of each answer (1., 2., 3.).
""" + (f"\n{QH['en']}\n" if "3" in openq else "") + f"""
Your reference: {ref}

Kind regards
Abuse Team
Example Hosting - abuse@provider.example"""
    return subj, t
HEAD = {
 "gmail-de": "Am Mo., 7. Dez. 2026 um 09:41 Uhr schrieb Example Hosting Abuse <abuse@provider.example>:",
 "gmail-en": "On Mon, Dec 7, 2026 at 9:41 AM Example Hosting Abuse <abuse@provider.example> wrote:",
 "tb-de": "Am 07.12.2026 um 09:41 schrieb Example Hosting Abuse:",
 "tb-en": "On 07/12/2026 09:41, Example Hosting Abuse wrote:",
 "apple-de": "Am 07.12.2026 um 09:41 schrieb Example Hosting Abuse <abuse@provider.example>:",
 "apple-en": "On 7 Dec 2026, at 09:41, Example Hosting Abuse <abuse@provider.example> wrote:",
 "ios-de": "Von meinem iPhone gesendet\n\n> Am 07.12.2026 um 09:41 schrieb Example Hosting Abuse <abuse@provider.example>:\n>",
 "android-en": "Sent from my Galaxy\n\n\n-------- Original message --------\nFrom: Example Hosting Abuse <abuse@provider.example>\nDate: 12/7/26 09:41 (GMT+01:00)\nTo: {to}\nSubject: {subj}\n",
}
def quote(style, subj, letter, to):
    if style in ("none", ""): return ""
    if style == "outlook-de":
        return f"-----Ursprüngliche Nachricht-----\nVon: Example Hosting Abuse <abuse@provider.example>\nGesendet: Montag, 7. Dezember 2026 09:41\nAn: {to}\nBetreff: {subj}\n\n{letter}"
    if style == "outlook-en":
        return f"________________________________\nFrom: Example Hosting Abuse <abuse@provider.example>\nSent: Monday, December 7, 2026 9:41 AM\nTo: {to}\nSubject: {subj}\n\n{letter}"
    if style == "outlook2-de":
        return f"________________________________\nVon: Example Hosting Abuse <abuse@provider.example>\nGesendet: Montag, 7. Dezember 2026 09:41\nAn: {to}\nBetreff: {subj}\n\n{letter}"
    if style == "android-en":
        return HEAD[style].format(to=to, subj=subj) + "\n" + letter
    if style == "pipe":
        return "Example Hosting Abuse schrieb am 07.12.2026 09:41:\n" + "\n".join("| " + l if l else "|" for l in letter.split("\n"))
    h = HEAD[style]
    return h + "\n" + "\n".join("> " + l if l else ">" for l in letter.split("\n"))
def main():
    out = f"{D}/heldout"; fu = []
    for fn in sorted(os.listdir(f"{D}/src")):
        txt = open(f"{D}/src/{fn}", encoding="utf-8").read()
        for blk in re.split(r"^=== ", txt, flags=re.M)[1:]:
            head, body = blk.split("\n---\n", 1)
            hl = head.split("\n"); stem = hl[0].strip(); meta = {}
            for l in hl[1:]:
                if ":" in l: k, v = l.split(":", 1); meta[k.strip()] = v.strip()
            n = int(stem[:4]); lang = meta.get("letter", "de"); ref = meta.get("ref", f"RW-{n % 947 + 3}")
            acct = meta.get("acct", "kunde@example.example")
            if "open" in meta:
                subj, letter = follow(lang, ref, acct, meta["open"].split(",")); fu.append((stem, meta["open"]))
            else: subj, letter = first(lang, ref, acct, n)
            def qrep(m):
                i = int(m.group(2)); l = m.group(1) or lang
                return "> " + QS[l][i - 1]
            body = re.sub(r"\{Q(de|en)?(\d)\}", qrep, body.rstrip("\n"))
            q = quote(meta.get("quote", "none"), subj, letter, acct)
            if "{QUOTE}" in body: body = body.replace("{QUOTE}", q)
            elif q: body = body + "\n\n" + q
            body += "\n"
            r = meta["reading"].split("|")
            reading = "# the human reading, written before the parser read this reply\n" + "\n".join(r) + "\n"
            ext = "txt"
            if "eml" in meta:
                ext = "eml"; body = eml(meta, body, subj, acct, n)
            enc = "utf-8"
            if meta.get("eml") == "plain-latin1":
                enc = "latin-1"; body = body.replace("\u2013", "-").replace("\u201e", '"').replace("\u201c", '"')
            open(f"{out}/{stem}.{ext}", "w", encoding=enc, newline="").write(body)
            open(f"{out}/{stem}.reading", "w", encoding="utf-8").write(reading)
    with open(f"{D}/followup-open.tsv", "w") as f:
        f.write("# file stem\topen=questions the follow-up listed\n")
        for s, o in fu: f.write(f"{s}\topen={o}\n")
def eml(meta, body, subj, acct, n):
    kind = meta["eml"]; frm = meta.get("from", acct)
    sj = meta.get("subject", "Re: " + subj)
    if not sj.isascii():
        from email.header import Header
        sj = Header(sj, "utf-8").encode()
    hdr = f"From: {frm}\nTo: Example Hosting Abuse <abuse@provider.example>\nSubject: {sj}\nDate: Tue, 8 Dec 2026 0{n%9}:1{n%6}:0{n%10} +0100\nMessage-ID: <{n}.{n*7}@{acct.split('@')[-1]}>\nMIME-Version: 1.0\n" + meta.get("extra", "").replace("\\n", "\n") + ("\n" if meta.get("extra") else "")
    if kind == "plain-qp":
        return hdr + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + quopri.encodestring(body.encode()).decode()
    if kind == "plain-latin1":
        return hdr + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n" + body
    if kind == "plain-b64":
        b = base64.encodebytes(body.encode()).decode()
        return hdr + "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n" + b
    if kind == "html":
        return hdr + "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" + quopri.encodestring(body.encode()).decode()
    if kind == "alt":
        txt, html = body.split("\n@@HTML@@\n")
        return hdr + 'Content-Type: multipart/alternative; boundary="b1x"\n\n--b1x\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' + txt + '\n--b1x\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n' + quopri.encodestring(html.encode()).decode() + "\n--b1x--\n"
    if kind == "mixed":
        txt, att = body.split("\n@@ATT@@\n")
        name, content = att.split("\n", 1)
        return hdr + 'Content-Type: multipart/mixed; boundary="m2y"\n\n--m2y\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n' + txt + f'\n--m2y\nContent-Type: text/plain; name="{name}"\nContent-Disposition: attachment; filename="{name}"\nContent-Transfer-Encoding: base64\n\n' + base64.encodebytes(content.encode()).decode() + "--m2y--\n"
    raise SystemExit(kind)
main()
