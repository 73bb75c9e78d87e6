#!/usr/bin/env python3
"""Render hand-written replies (src/*.txt) into heldout/.

This script adds only what a mail client adds: the provider's letter quoted in a
client's style (or unquoted below an Outlook header block / forward header), and
MIME wrapping for .eml. The reply text and the reading are copied verbatim from
the source entry, where they were written by hand together.

Entry format:
  @@@ NNNN lang short-kind
  Q: <style> <letter> [bottom]     style: none gmail-en gmail-de apple-en apple-de tb-en tb-de
                                   outlook-en outlook-de orig-en orig-de pipe-en pipe-de fwd-en fwd-de
                                   letter: first-de first-en fu-de:2,3 fu-en:3 reminder-de ...
  H: ref=RW-12 acct=x@y.example from="Name <a@b>" date=...   (optional)
  U1:/U2:/U3: understood lines for a follow-up (optional)
  X: REASON|words   queueReason explanation in a follow-up (optional)
  E: plain|html|alt|mixed qp|b64|8bit utf-8|iso [auto] [attach=name]   (optional -> .eml)
  S: subject override (optional)
  R: answered | q3 | agent | kind | note
  ---
  body
"""
import base64, hashlib, os, quopri, re, sys
from email.header import Header

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "heldout")

DOMAINS = ["baeckerei-lindner", "kanzlei-brandt", "autohaus-seidel", "praxis-dr-hofer", "moebel-wagner",
           "ib-schaller", "elektro-pohl", "steuer-kraus", "hotel-alpenblick", "weingut-mertens",
           "northwind-parts", "bluegate-media", "harbor-logistics", "oakridge-dental", "pinecrest-legal",
           "zahntechnik-roth", "druckerei-kessler", "brightline-it", "tischlerei-vogt", "sanitaer-busch",
           "kinderarzt-lenz", "mapleton-realty", "greenfield-farms", "atelier-noack", "orion-consult",
           "gemeinde-oberau", "camping-seeblick", "fahrschule-krug", "redwood-analytics", "verlag-sommer"]
SIGS = ["Jana Keller", "Tobias Brenner", "Miriam Sauer", "Lukas Ott"]

Q = {
 "de": ["1. Was genau war die Ursache für den Spamversand über Ihren Zugang?",
        "2. Was genau haben Sie unternommen, um vergleichbare Vorfälle in Zukunft zu verhindern?",
        "3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Mailservers geleert haben (die Warteschlange des Servers, z. B. \"postqueue -p\" bei Postfix – nicht den Postausgang Ihres Mailprogramms)."],
 "en": ["1. What exactly caused the spam to be sent through your account?",
        "2. What exactly have you done to prevent similar incidents in the future?",
        "3. Please confirm explicitly that you have emptied the mail queue of your mail server (the server's queue, e.g. \"postqueue -p\" on Postfix - not the outbox of your mail program)."],
}
QH = {
 "de": "Wichtig zu Frage 3: Ihr Mailserver hält bereits angenommene Mails in seiner Warteschlange (Queue) und versucht sie nach der Freischaltung erneut zu versenden. Das Löschen eines Benutzerkontos oder das Leeren des Postausgangs Ihres Mailprogramms leert diese Warteschlange nicht. Anzeigen und leeren auf dem Server: Postfix \"postqueue -p\" und \"postsuper -d ALL\", Exim \"exim -bp\" und \"exiqgrep -i | xargs exim -Mrm\", Sendmail \"mailq\".",
 "en": "Important for question 3: your mail server keeps mail it has already accepted in its queue and tries to send it again once sending is enabled. Deleting a user account or emptying the outbox of your mail program does not empty that queue. To show and empty it on the server: Postfix \"postqueue -p\" and \"postsuper -d ALL\", Exim \"exim -bp\" and \"exiqgrep -i | xargs exim -Mrm\", Sendmail \"mailq\".",
}
EXPLAIN = {
 "de": {"OUTBOX": 'Sie schreiben vom Postausgang bzw. den Ordnern Ihres Mailprogramms ("{w}"). Wir meinen etwas anderes: die Warteschlange (Queue) auf Ihrem Mailserver.',
        "DELETED": 'Sie schreiben, dass Mails oder ein Konto gelöscht wurden ("{w}"). Das leert die Warteschlange (Queue) Ihres Mailservers nicht: Dort liegen die bereits angenommenen Mails weiter.',
        "FLUSHED": 'Sie schreiben "{w}": Dieser Befehl versendet die Mails der Warteschlange erneut, er löscht sie nicht. Leeren: Postfix "postsuper -d ALL", Exim "exiqgrep -i | xargs exim -Mrm".',
        "HEDGE": 'Sie schreiben "{w}". Wir brauchen die Gewissheit, dass die Warteschlange leer ist, keine Vermutung.',
        "FUTURE": 'Sie schreiben, dass Sie die Warteschlange noch leeren werden. Bitte antworten Sie uns, sobald es erledigt ist.',
        "LISTING_SHOWS_MAIL": 'Die Ausgabe, die Sie uns geschickt haben, zeigt noch {w} Mail(s) in der Warteschlange. Bitte leeren Sie sie (Postfix: "postsuper -d ALL") und prüfen Sie erneut.',
        "NO_EVIDENCE": 'Aus Ihrer Antwort geht nicht ausdrücklich hervor, dass die Warteschlange Ihres Mailservers geleert ist.',
        "NEED": 'Was wir brauchen: Führen Sie auf Ihrem Mailserver selbst (nicht an Ihrem PC) den Befehl aus, der die Warteschlange anzeigt - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - und schicken Sie uns die Ausgabe mit einer kurzen Bestätigung. Ist die Warteschlange leer, lautet sie bei Postfix "Mail queue is empty" (Exim gibt nichts aus, qmail meldet "messages in queue: 0").',
        "PREV": 'Zu Frage 2: Sie schreiben "{w}" - danke, dass Sie sich darum gekümmert haben. Ein Spamfilter oder Virenscanner schützt aber nur einen Rechner vor eingehenden Mails und Schadprogrammen; er hindert niemanden daran, mit Ihren Zugangsdaten Mails über Ihren Zugang zu versenden. Bitte schreiben Sie uns, was Sie am Zugang oder am Server geändert haben, zum Beispiel ein neues, starkes Passwort, fail2ban gegen das Erraten von Passwörtern, ein Versandlimit, Zwei-Faktor-Anmeldung oder das Stilllegen des missbrauchten Kontos.',
        "Q3": "Zu Frage 3: "},
 "en": {"OUTBOX": 'you wrote about the outbox or the folders of your mail program ("{w}"). We mean something else: the queue on your mail server.',
        "DELETED": 'you wrote that mails or an account were deleted ("{w}"). That does not empty the queue of your mail server: the mail it has already accepted stays there.',
        "FLUSHED": 'you wrote "{w}": that command sends the mail in the queue again, it does not delete it. To empty the queue: Postfix "postsuper -d ALL", Exim "exiqgrep -i | xargs exim -Mrm".',
        "HEDGE": 'you wrote "{w}". We need to be sure that the queue is empty, not a guess.',
        "FUTURE": 'you wrote that you will empty the queue. Please reply once it is done.',
        "LISTING_SHOWS_MAIL": 'the output you sent still shows {w} message(s) in the queue. Please empty it (Postfix: "postsuper -d ALL") and check again.',
        "NO_EVIDENCE": "your answer does not say explicitly that your mail server's queue has been emptied.",
        "NEED": 'What we need: on your mail server itself (not on your PC), run the command that shows the queue - Postfix: "postqueue -p", Exim: "exim -bp", qmail: "qmail-qstat", Sendmail: "mailq" - and send us its output with a short confirmation. For an empty queue Postfix prints "Mail queue is empty" (Exim prints nothing, qmail says "messages in queue: 0").',
        "PREV": 'On question 2: you wrote "{w}" - thank you for taking care of it. A spam filter or virus scanner, however, only protects a computer from incoming mail and malware; it does not stop anyone from sending mail through your account with your login. Please tell us what you changed on the account or the server, for example a new, strong password, fail2ban against password guessing, a sending limit, two-factor login, or shutting down the abused account.',
        "Q3": "On question 3: "},
}

DAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MON_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MON_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def h(n, salt):
    return int(hashlib.sha1(f"{n}{salt}".encode()).hexdigest(), 16)


def params(n, H):
    d = DOMAINS[h(n, "d") % len(DOMAINS)]
    p = {"ref": f"RW-{3 + h(n, 'r') % 948}", "acct": f"{['mail','relay','smtp','server','office'][h(n,'l')%5]}@{d}.example",
         "sig": SIGS[h(n, "s") % len(SIGS)]}
    day = 2 + h(n, "day") % 26
    mon = 1 + h(n, "mon") % 11
    import datetime
    dt = datetime.datetime(2025, mon, day, 8 + h(n, "hh") % 9, h(n, "mm") % 60)
    p["dt"] = dt
    if "from" in H and "acct" not in H:
        p["acct"] = p["acct"].split("@")[0] + "@" + H["from"].split("@")[1]
    p.update(H)
    if "from" not in p:
        loc = p["acct"].split("@")
        p["from"] = f"{['info','it','admin','buero','office','chef'][h(n,'f')%6]}@{loc[1]}"
    return p


def evidence(lang, n):
    s = 800 + h(n, "e1") % 9000
    r = s * (2 + h(n, "e2") % 4)
    c = 3 + h(n, "e3") % 60
    acc = s - 50 - h(n, "e4") % 400
    qn = s - acc
    doms = ["gmail.example", "yahoo.example", "outlook.example", "mail.example", "web.example"]
    if lang == "de":
        return (f"Was wir gesehen haben (letzte 24 Stunden):\n- Eingelieferte Nachrichten: {s} an {r} Empfänger, von {c} Client-Adressen\n"
                f"- Vor der Sperre angenommen: {acc} Nachrichten\n- In Quarantäne: {qn} Nachrichten an {qn*3} Empfänger\n"
                f"- Häufigste Empfängerdomains: {', '.join(doms[:3])}\n")
    return (f"What we saw (last 24 hours):\n- Messages submitted: {s} to {r} recipients, from {c} client addresses\n"
            f"- Accepted before the suspension: {acc} messages\n- In quarantine: {qn} messages to {qn*3} recipients\n"
            f"- Top recipient domains: {', '.join(doms[:3])}\n")


def sigblock(lang, p):
    if lang == "de":
        return f"Ihr Zeichen: {p['ref']}\n\nMit freundlichen Grüßen\n{p['sig']}\nExample Hosting - abuse@provider.example"
    return f"Your reference: {p['ref']}\n\nKind regards\n{p['sig']}\nExample Hosting - abuse@provider.example"


def letter(kind, n, p, U, X):
    """returns (subject, text)"""
    name, _, arg = kind.partition(":")
    typ, lang = name.rsplit("-", 1)
    a, ref = p["acct"], p["ref"]
    tag = f"[{ref}]"
    qs = "\n".join(Q[lang])
    if lang == "de":
        ans = "So können Sie antworten:\n- oder als Antwort auf diese Mail (an abuse@provider.example). Schreiben Sie bitte die Nummer vor jede Antwort (1., 2., 3.)."
    else:
        ans = "How to answer:\n- or by replying to this mail (to abuse@provider.example). Please put the number in front of each answer (1., 2., 3.)."
    if typ == "first":
        if lang == "de":
            subj = f"{tag} Relaying für {a} gesperrt: Spamversand über Ihren Zugang"
            t = (f"Guten Tag,\n\nüber Ihren Zugang {a} wurde in großer Zahl Spam über unsere Mailserver verschickt. Wir haben das Relaying (den Versand) für diesen Zugang gesperrt. Der Abruf Ihrer Mails funktioniert weiterhin. Die noch nicht zugestellten Mails haben wir in Quarantäne genommen.\n\n"
                 f"{evidence(lang, n)}\nDamit wir den Versand wieder freischalten können, beantworten Sie bitte alle drei Fragen, jede mit ihrer Nummer:\n\n{qs}\n\n{ans}\n\n{QH[lang]}\n\n{sigblock(lang, p)}")
        else:
            subj = f"{tag} Relaying suspended for {a}: spam sent through your account"
            t = (f"Hello,\n\nA large amount of spam was sent through our mail servers with your account {a}. We have suspended relaying (sending) for this account. Fetching your mail keeps working. The messages not yet delivered have been moved to quarantine.\n\n"
                 f"{evidence(lang, n)}\nSo that we can enable sending again, please answer all three questions, each with its number:\n\n{qs}\n\n{ans}\n\n{QH[lang]}\n\n{sigblock(lang, p)}")
    elif typ == "reminder":
        if lang == "de":
            subj = f"{tag} Erinnerung: Versand für {a} weiterhin gesperrt"
            t = f"Guten Tag,\n\nder Versand für {a} ist weiterhin gesperrt, weil uns Ihre Antworten noch nicht vollständig vorliegen. Bitte beantworten Sie alle drei Fragen, jede mit ihrer Nummer:\n\n{qs}\n\n{ans}\n\n{sigblock(lang, p)}"
        else:
            subj = f"{tag} Reminder: sending for {a} is still suspended"
            t = f"Hello,\n\nSending for {a} is still suspended because we do not have all your answers yet. Please answer all three questions, each with its number:\n\n{qs}\n\n{ans}\n\n{sigblock(lang, p)}"
    elif typ == "fu":
        miss = [int(x) for x in arg.split(",")]
        ml = "\n".join(Q[lang][i - 1] for i in miss)
        nums = " und ".join(map(str, miss)) if lang == "de" else " and ".join(map(str, miss))
        und = ""
        if U:
            und = ("So haben wir Ihre bisherige Antwort verstanden:\n" if lang == "de" else "This is how we understood your answer so far:\n")
            for k in sorted(U):
                und += ("\nZu Frage %s:\n" if lang == "de" else "\nOn question %s:\n") % k
                und += "".join("> " + l + "\n" for l in U[k].split("\n"))
            und += "\n"
        ex = ""
        if X:
            r, _, w = X.partition("|")
            E = EXPLAIN[lang]
            if r == "PREV":
                ex = E["PREV"].format(w=w) + "\n\n"
            else:
                ex = E["Q3"] + E[r].format(w=w) + "\n" + E["NEED"] + "\n\n"
        qh = (QH[lang] + "\n\n") if 3 in miss else ""
        if lang == "de":
            subj = f"{tag} Es fehlen noch Antworten: {'Fragen' if len(miss) > 1 else 'Frage'} {nums}"
            t = (f"Guten Tag,\n\nvielen Dank für Ihre Antwort. Damit wir den Versand für {a} wieder freischalten können, "
                 f"{'fehlen uns noch die Antworten auf diese Fragen' if len(miss) > 1 else 'fehlt uns noch die Antwort auf diese Frage'}:\n\n{ml}\n\n{und}{ex}{ans}\n\n{qh}{sigblock(lang, p)}")
        else:
            subj = f"{tag} Some answers are still missing: {'questions' if len(miss) > 1 else 'question'} {nums}"
            t = (f"Hello,\n\nThank you for your answer. Before we can enable sending for {a} again, we still need your "
                 f"{'answers to these questions' if len(miss) > 1 else 'answer to this question'}:\n\n{ml}\n\n{und}{ex}{ans}\n\n{qh}{sigblock(lang, p)}")
    elif typ == "reenable":
        if lang == "de":
            subj = f"{tag} Freischaltung gescheitert: erneut Spam von {a}"
            t = (f"Guten Tag,\n\nwir hatten den Versand für {a} probeweise wieder freigeschaltet und neue Mails zunächst zurückgehalten. Innerhalb von 40 Sekunden kamen 212 Mails an. Das ist Spam aus der Warteschlange Ihres Mailservers, die offenbar nicht geleert wurde. Keine dieser Mails wurde zugestellt; der Versand ist wieder gesperrt, 212 zurückgehaltene Mails sind in Quarantäne.\n\n"
                 f"Dies war der 1. gescheiterte Freischaltungsversuch.\n\n{QH[lang]}\n\nBitte leeren Sie die Warteschlange Ihres Mailservers und beantworten Sie uns danach noch einmal alle drei Fragen, jede mit ihrer Nummer:\n\n{qs}\n\n{ans}\n\n{sigblock(lang, p)}")
        else:
            subj = f"{tag} Re-enable failed: spam from {a} again"
            t = (f"Hello,\n\nWe had enabled sending for {a} again on trial, holding new mail back at first. Within 40 seconds, 212 messages arrived. This is spam from your mail server's queue, which evidently was not emptied. None of these messages was delivered; sending is suspended again and 212 held messages are in quarantine.\n\n"
                 f"This was failed re-enable attempt number 1.\n\n{QH[lang]}\n\nPlease empty your mail server's queue, then answer all three questions again, each with its number:\n\n{qs}\n\n{ans}\n\n{sigblock(lang, p)}")
    else:
        raise SystemExit(f"{n}: unknown letter {kind}")
    return subj, t


def fmt_date(style, dt):
    wd = dt.weekday()
    if style == "gmail-en":
        return f"On {DAYS_EN[wd][:3]}, {dt.day} {MON_EN[dt.month-1][:3]} 2025 at {dt:%H:%M},"
    if style == "gmail-de":
        return f"Am {DAYS_DE[wd][:2]}., {dt.day}. {MON_DE[dt.month-1]} 2025 um {dt:%H:%M} Uhr"
    return ""


def quote(style, subj, text, p):
    dt = p["dt"]
    frm = "Example Hosting Abuse <abuse@provider.example>"
    if style == "none":
        return None
    gt = "".join(("> " + l if l else ">") + "\n" for l in text.split("\n"))
    if style == "gmail-en":
        return f"{fmt_date(style, dt)} {frm} wrote:\n\n{gt}"
    if style == "gmail-de":
        return f"{fmt_date(style, dt)} schrieb {frm}:\n\n{gt}"
    if style == "apple-en":
        return f"> On {dt.day} {MON_EN[dt.month-1][:3]} 2025, at {dt:%H:%M}, {frm} wrote:\n>\n{gt}"
    if style == "apple-de":
        return f"> Am {dt:%d.%m.%Y} um {dt:%H:%M} schrieb {frm}:\n>\n{gt}"
    if style == "tb-en":
        return f"On {dt.month}/{dt.day}/25 {dt:%H:%M}, Example Hosting Abuse wrote:\n{gt}"
    if style == "tb-de":
        return f"Am {dt:%d.%m.%y} um {dt:%H:%M} schrieb Example Hosting Abuse:\n{gt}"
    if style == "pipe-en":
        return "abuse@provider.example wrote:\n" + "".join("| " + l + "\n" for l in text.split("\n"))
    if style == "pipe-de":
        return "abuse@provider.example schrieb:\n" + "".join("| " + l + "\n" for l in text.split("\n"))
    wd = dt.weekday()
    if style == "outlook-de":
        return (f"________________________________\nVon: Example Hosting Abuse <abuse@provider.example>\nGesendet: {DAYS_DE[wd]}, {dt.day}. {MON_DE[dt.month-1]} 2025 {dt:%H:%M}\n"
                f"An: {p['from']}\nBetreff: {subj}\n\n{text}\n")
    if style == "outlook-en":
        return (f"________________________________\nFrom: Example Hosting Abuse <abuse@provider.example>\nSent: {DAYS_EN[wd]}, {MON_EN[dt.month-1]} {dt.day}, 2025 {dt:%I:%M %p}\n"
                f"To: {p['from']}\nSubject: {subj}\n\n{text}\n")
    if style == "orig-de":
        return (f"-----Ursprüngliche Nachricht-----\nVon: Example Hosting Abuse [mailto:abuse@provider.example]\nGesendet: {DAYS_DE[wd]}, {dt.day}. {MON_DE[dt.month-1]} 2025 {dt:%H:%M}\n"
                f"An: {p['from']}\nBetreff: {subj}\n\n{text}\n")
    if style == "orig-en":
        return (f"-----Original Message-----\nFrom: Example Hosting Abuse [mailto:abuse@provider.example]\nSent: {DAYS_EN[wd]}, {MON_EN[dt.month-1]} {dt.day}, 2025 {dt:%I:%M %p}\n"
                f"To: {p['from']}\nSubject: {subj}\n\n{text}\n")
    if style == "fwd-en":
        return (f"---------- Forwarded message ---------\nFrom: Example Hosting Abuse <abuse@provider.example>\nDate: {DAYS_EN[wd][:3]}, {dt.day} {MON_EN[dt.month-1][:3]} 2025 at {dt:%H:%M}\n"
                f"Subject: {subj}\nTo: <{p['from']}>\n\n\n{text}\n")
    if style == "fwd-de":
        return (f"-------- Weitergeleitete Nachricht --------\nBetreff: \t{subj}\nDatum: \t{dt:%d.%m.%Y %H:%M}\nVon: \tExample Hosting Abuse <abuse@provider.example>\n"
                f"An: \t{p['from']}\n\n\n\n{text}\n")
    raise SystemExit(f"unknown quote style {style}")


def parse(path):
    raw = open(path, encoding="utf-8").read()
    for chunk in raw.split("\n@@@ ")[1:] if not raw.startswith("@@@ ") else ("\n" + raw).split("\n@@@ ")[1:]:
        head, sep, body = chunk.partition("\n---\n")
        if not sep:
            raise SystemExit(f"{path}: no --- in {chunk[:40]}")
        lines = head.split("\n")
        n, lang, kind = lines[0].split()
        e = {"n": int(n), "lang": lang, "kind": kind, "U": {}, "body": body.rstrip("\n") + "\n"}
        for l in lines[1:]:
            if not l.strip():
                continue
            k, _, v = l.partition(":")
            v = v.strip()
            if k in ("U1", "U2", "U3"):
                e["U"][k[1]] = v.replace("\\n", "\n")
            else:
                e[k] = v
        yield e


def hparse(s):
    out = {}
    for m in re.finditer(r'(\w+)=("([^"]*)"|\S+)', s or ""):
        out[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    return out


def enc_header(v, cs):
    try:
        v.encode("ascii")
        return v
    except UnicodeEncodeError:
        return Header(v, cs).encode()


def to_html(txt):
    import html
    out = []
    in_q = False
    for para in re.split(r"\n\s*\n", txt.strip("\n")):
        ls = para.split("\n")
        if all(l.startswith(">") for l in ls):
            inner = "<br>\n".join(html.escape(l[1:].lstrip(" ")) for l in ls)
            out.append(f"<blockquote style=\"margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex\">{inner}</blockquote>")
        else:
            out.append("<p>" + "<br>\n".join(html.escape(l) for l in ls) + "</p>")
    return "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>\n" + "\n".join(out) + "\n</body></html>\n"


def encode_part(data, cte):
    if cte == "qp":
        return "quoted-printable", quopri.encodestring(data).decode("ascii")
    if cte == "b64":
        return "base64", base64.encodebytes(data).decode("ascii")
    return "8bit", data.decode("latin-1")  # raw bytes carried through as latin-1 chars; written back as bytes


def build_eml(e, p, subj, full):
    spec = e["E"].split()
    mode, cte, cs = spec[0], spec[1], spec[2]
    charset = "iso-8859-1" if cs == "iso" else "utf-8"
    extra = [s for s in spec[3:]]
    auto = "auto" in extra
    attach = [s.split("=", 1)[1] for s in extra if s.startswith("attach=")]
    if charset == "iso-8859-1":
        full = full.replace("–", "-").replace("„", '"').replace("“", '"').replace("”", '"').replace("’", "'").replace("…", "...").replace("€", "EUR")
    data = full.encode(charset)
    dt = p["dt"]
    date = f"{DAYS_EN[dt.weekday()][:3]}, {dt.day} {MON_EN[dt.month-1][:3]} 2025 {(dt.hour+1)%24:02d}:{dt.minute:02d}:{(e['n']*7)%60:02d} +0200"
    fromh = p.get("fromname")
    fr = f"{enc_header(fromh, charset)} <{p['from']}>" if fromh else p["from"]
    hdr = [f"From: {fr}", "To: abuse@provider.example", f"Subject: {enc_header(e.get('S') or ('Re: ' + subj), charset)}",
           f"Date: {date}", f"Message-ID: <{h(e['n'],'mid')%10**12}.{e['n']}@{p['from'].split('@')[1]}>",
           f"In-Reply-To: <{p['ref'].lower()}.{h(e['n'],'irt')%10**8}@provider.example>"]
    if auto:
        hdr.append("Auto-Submitted: auto-replied")
        hdr.append("X-Autoreply: yes")
    hdr.append("MIME-Version: 1.0")
    bnd = f"=_part_{h(e['n'],'b')%10**10}"

    def leaf(ctype, payload_bytes, cte_):
        name, body = encode_part(payload_bytes, cte_)
        return [f"Content-Type: {ctype}; charset=\"{charset}\"", f"Content-Transfer-Encoding: {name}", "", body.rstrip("\n")]

    def html_bytes():
        return to_html(full).replace("charset=utf-8", f"charset={charset}").encode(charset)

    lines = []
    if mode == "plain":
        lines = hdr + leaf("text/plain", data, cte)
    elif mode == "html":
        lines = hdr + leaf("text/html", html_bytes(), cte)
    elif mode in ("alt", "mixed"):
        lines = hdr + [f"Content-Type: multipart/{'alternative' if mode == 'alt' else 'mixed'}; boundary=\"{bnd}\"", "",
                       "This is a multi-part message in MIME format.", ""]
        if mode == "alt":
            lines += [f"--{bnd}"] + leaf("text/plain", data, cte) + ["", f"--{bnd}"] + leaf("text/html", html_bytes(), cte) + ["", f"--{bnd}--"]
        else:
            lines += [f"--{bnd}"] + leaf("text/plain", data, cte) + [""]
            for a in attach:
                nm = a
                if nm.endswith(".png") or nm.endswith(".jpg"):
                    blob = hashlib.sha256(nm.encode()).digest() * 40
                    blob = (b"\x89PNG\r\n\x1a\n" if nm.endswith(".png") else b"\xff\xd8\xff\xe0") + blob
                    ct = "image/png" if nm.endswith(".png") else "image/jpeg"
                elif nm.endswith(".pdf"):
                    blob = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + hashlib.sha256(nm.encode()).digest() * 30
                    ct = "application/pdf"
                else:
                    blob = open(os.path.join(ROOT, "src", "attach", nm), "rb").read()
                    ct = "text/plain; charset=\"utf-8\""
                lines += [f"--{bnd}", f"Content-Type: {ct}; name=\"{nm}\"", f"Content-Disposition: attachment; filename=\"{nm}\"",
                          "Content-Transfer-Encoding: base64", "", base64.encodebytes(blob).decode("ascii").rstrip("\n"), ""]
            lines += [f"--{bnd}--"]
    out = "\n".join(lines) + "\n"
    return out.encode("latin-1") if cte == "8bit" else out.encode("ascii", "strict") if all(ord(c) < 128 for c in out) else out.encode("latin-1")


def render(e):
    n = e["n"]
    p = params(n, hparse(e.get("H")))
    qspec = (e.get("Q") or "none first-" + ("de" if e["lang"] == "de" else "en")).split()
    style, lkind = qspec[0], qspec[1]
    bottom = "bottom" in qspec[2:]
    X = e.get("X")
    subj, text = letter(lkind, n, p, e["U"], X)
    qt = quote(style, subj, text, p)
    body = e["body"]
    if qt is None:
        full = body
    elif bottom:
        full = qt.rstrip("\n") + "\n\n" + body
    else:
        full = body.rstrip("\n") + "\n\n" + qt
    fields = [x.strip() for x in e["R"].split("|")]
    if len(fields) != 5:
        raise SystemExit(f"{n}: R needs 5 fields")
    ans, q3, agent, kind, note = fields
    reading = ("# the human reading, written before the parser read this reply\n"
               f"answered={ans}\nq3={q3}\nagent={agent}\nkind={kind}\nnote={note}\n")
    base = f"{n}-{e['lang']}-{e['kind']}"
    if "E" in e:
        with open(os.path.join(OUT, base + ".eml"), "wb") as f:
            f.write(build_eml(e, p, subj, full))
    else:
        with open(os.path.join(OUT, base + ".txt"), "w", encoding="utf-8") as f:
            f.write(full)
    with open(os.path.join(OUT, base + ".reading"), "w", encoding="utf-8") as f:
        f.write(reading)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for path in sys.argv[1:]:
        for e in parse(path):
            render(e)
