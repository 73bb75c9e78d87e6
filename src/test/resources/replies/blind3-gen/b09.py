from render import *

R(1321, 'en', 'eml alternative html blockquote', """Hello,

1. The account "careers" was created for a job fair and kept the password "Careers!1". A password-spraying bot found it.
2. The account is deleted, all other passwords were rotated, and Postfix now rejects SASL logins from outside the EU plus fail2ban after 3 failures.
3. We confirm the queue on the server is empty; postqueue -p prints "Mail queue is empty".

Best regards
Nathan Cole

[[Q]]""", ans='1,2,3', q3=1, ext='eml', style='gmail_en',
  eml=dict(mode='alt', cte='qp', frm='Nathan Cole <nathan@harbour-logistics.example>'),
  note='multipart/alternative; HTML part quotes the letter in a blockquote')

R(1322, 'de', 'eml follow-up hedge', """Hallo,

2. Neue Passwörter für alle und fail2ban ist eingerichtet.
3. Die Queue müsste jetzt leer sein, ich habe die Mails gelöscht.

Gruß
Sandra
""", ans='1,2', q3=0, ext='eml', fu='2,3', style='gt',
  eml=dict(mode='plain', cte='qp', frm='Sandra Vogt <sandra@tischlerei-vogt.example>'),
  note='follow-up; q3 "müsste leer sein"')

R(1323, 'en', 'eml html outlook exchange', """""", ans='1,2,3', q3=1, ext='eml',
  eml=dict(mode='html', cte='qp', frm='Richard Stone <r.stone@northwind-trading.example>',
           html="""<html><head><meta charset="utf-8"><style>p.MsoNormal{margin:0}</style></head><body lang="EN-GB">
<div class="WordSection1">
<p class="MsoNormal">Hello,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal"><b>1.</b> The password of <a href="mailto:purchasing@northwind-trading.example">purchasing@northwind-trading.example</a> was captured by a phishing page imitating our document portal.<o:p></o:p></p>
<p class="MsoNormal"><b>2.</b> Password reset, MFA enforced, SMTP AUTH disabled for all users except two service accounts.<o:p></o:p></p>
<p class="MsoNormal"><b>3.</b> All queues on our Exchange server have been emptied; Get-Queue shows MessageCount 0 for every queue.<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Regards,<br>Richard Stone<o:p></o:p></p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b>From:</b> Example Hosting Abuse &lt;abuse@provider.example&gt;<br><b>Sent:</b> 07 December 2026 08:31<br><b>To:</b> it@northwind-trading.example<br><b>Subject:</b> [RW-2210] Relaying suspended for mail.northwind-trading.example: spam sent through your account<o:p></o:p></p>
</div>
<p class="MsoNormal">Hello,</p>
<p class="MsoNormal">A large amount of spam was sent through our mail servers with your account mail.northwind-trading.example. We have suspended relaying (sending) for this account.</p>
<p class="MsoNormal"><b>1. What exactly caused the spam?</b></p>
<p class="MsoNormal"><b>2. What exactly have you done to prevent it from happening again?</b></p>
<p class="MsoNormal"><b>3. Please confirm explicitly that you have emptied the mail queue of your server (not the outbox of your mail program).</b></p>
<p class="MsoNormal">Your reference: RW-2210</p>
</div></body></html>"""),
  note='Outlook HTML-only with the letter below a From/Sent block')

R(1324, 'de', 'eml latin1 base64 outbox', """Guten Tag,

1. Das Kennwort war zu schwach (Vorname + Geburtsjahr).
2. Kennwort geändert, zusätzlich fail2ban auf dem Server.
3. Der Postausgang in Outlook ist geleert, außerdem alle Entwürfe gelöscht.

Mit freundlichen Grüßen
Jürgen Hölzl
""", ans='1,2', q3=0, ext='eml', style='outlook_de',
  eml=dict(mode='plain', cte='b64', charset='iso-8859-1', frm='=?ISO-8859-1?Q?J=FCrgen_H=F6lzl?= <j.hoelzl@alpenhof.example>',
           rawsubj='=?ISO-8859-1?Q?AW:_Sperrung_f=FCr_Ihren_Zugang_-_unsere_Antworten?='),
  note='ISO-8859-1 base64, Q-encoded subject; q3 outbox')

R(1325, 'en', 'eml attachment nonempty', """Hi,

1. The password of "billing" was guessed (short dictionary word).
2. New 20-character password, fail2ban.
3. Queue output attached.

Regards
Dylan
""", ans='1,2', q3=0, ext='eml',
  eml=dict(mode='mixed', cte='8bit', frm='Dylan Hughes <dylan@bluepeak.example>',
           attach=[('mailq.txt', 'text/plain', "-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------\n"
                    "5D2A1C0F44      1996 Sun Dec  6 05:11:09  billing@mail.bluepeak.example\n                                         r.kowalski@seznam.example\n\n"
                    "6E3B2D1A55      2004 Sun Dec  6 05:11:10  billing@mail.bluepeak.example\n                                         t.nguyen@gmail.example\n\n"
                    "-- 4 Kbytes in 5 Requests.\n")]),
  note='no statement in text; attached listing still shows 5 requests')

R(1326, 'de', 'eml follow-up auto-reply', """Sehr geehrte Damen und Herren,

vielen Dank für Ihre E-Mail. Unser Büro ist vom 21.12. bis 06.01. geschlossen. Ihre Nachricht wird nach unserer Rückkehr bearbeitet.

Mit freundlichen Grüßen
Ihr Team der Fahrschule Kern
""", ans='1,2', q3=0, agent=1, ext='eml', fu='3',
  eml=dict(mode='plain', cte='qp', frm='Fahrschule Kern <postmaster@fahrschule-kern.example>',
           subject='Automatische Antwort: [[SUBJ]]', headers={'Auto-Submitted': 'auto-replied', 'X-Autoreply': 'yes'}),
  note='auto-reply to a follow-up that listed q3')

R(1327, 'mix', 'eml alternative mixed', """Hallo / Hello,

1. Ursache: password reuse, das Passwort von "info" war auch bei einem Forum im Einsatz, das gehackt wurde.
2. Maßnahmen: new password (unique), fail2ban, rate limit 100/h.
3. Queue: auf dem Server geleert, "postqueue -p" says "Mail queue is empty".

Grüße / regards
Katrin Novak
""", ans='1,2,3', q3=1, ext='eml', style='outlook_line_de', letter_lang='de',
  eml=dict(mode='alt', cte='qp', frm='Katrin Novak <k.novak@citrus-media.example>'),
  note='bilingual answers in multipart/alternative')

R(1328, 'en', 'eml iphone plain', """Password was phished. Working on the rest, will write again tonight.

Sent from my iPhone
""", ans='1', q3=0, ext='eml', style='apple_en',
  eml=dict(mode='plain', cte='qp', frm='Chris Doyle <chris@greenleaf-dental.example>', headers={'X-Mailer': 'iPhone Mail (22B91)'}),
  note='phone; only cause')

R(1329, 'de', 'eml html outlook postfix', """""", ans='1,2,3', q3=1, ext='eml',
  eml=dict(mode='html', cte='qp', frm='Martina Eder <m.eder@praxis-demir.example>',
           html="""<html><body style="font-family:Calibri,sans-serif">
<p>Guten Tag,</p>
<p>1. Das Kennwort des Kontos <b>anmeldung@</b> wurde von einem Infostealer auf dem Empfangs-PC ausgelesen (Fund unseres Virenscanners vom 3.12.).</p>
<p>2. PC neu installiert, Kennwort geändert, Zwei-Faktor im Webmail, Versandgrenze 100 Mails/Stunde.</p>
<p>3. Die Postfix-Queue auf dem Server ist geleert, <tt>postqueue -p</tt> ergibt &bdquo;Mail queue is empty&ldquo;.</p>
<p>Mit freundlichen Grüßen<br>Martina Eder<br>Praxis Dr. Demir</p>
<hr>
<p><b>Von:</b> Example Hosting Abuse &lt;abuse@provider.example&gt;<br><b>Gesendet:</b> Montag, 7. Dezember 2026 08:55<br><b>An:</b> anmeldung@praxis-demir.example<br><b>Betreff:</b> [RW-1502] Relaying für mail.praxis-demir.example gesperrt: Spamversand über Ihren Zugang</p>
<p>Guten Tag,</p><p>über Ihren Zugang mail.praxis-demir.example wurde in großer Zahl Spam über unsere Mailserver verschickt. [...]</p>
<p><b>1. Was genau hat den Spamversand verursacht?</b><br><b>2. Was genau haben Sie unternommen, um das künftig zu verhindern?</b><br><b>3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers geleert haben (nicht den Postausgang Ihres Mailprogramms).</b></p>
</body></html>"""),
  note='HTML-only Outlook with German letter below')

R(1330, 'en', 'eml it person after forward', """Hi,

Paula forwarded your notice to me, I look after their server.

1. The mailbox "frontoffice" had a seven-letter lowercase password; brute-forced over ~36 hours (visible in mail.log).
2. Strong unique passwords for all 9 mailboxes, fail2ban (postfix-sasl, dovecot), submission requires TLS, 60 msgs/hour cap.
3. Queue on the server purged (postsuper -d ALL) and verified: "Mail queue is empty".

Regards
Gareth Lewis
Lewis IT
""", ans='1,2,3', q3=1, ext='eml', style='fwd_en',
  eml=dict(mode='plain', cte='8bit', frm='Gareth Lewis <gareth@lewis-it.example>'),
  note='external IT person answers after a forward; forwarded letter below')

R(1331, 'de', 'follow-up exim mailq nothing', """Hallo,

auf dem Server (Exim) ausgeführt:

root@mx:~# mailq
root@mx:~# exim -bpc
0

Die Warteschlange ist also leer.

Gruß
Henning

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', fu='3', qreason='NO_EVIDENCE', note='Exim mailq prints nothing, count 0')

R(1332, 'en', 'follow-up monitor', """Hi,

1. Phishing - the user entered his password on a fake Microsoft page.
2. We will monitor the account closely.

Regards
Luke

[[Q]]""", ans='1,3', q3=1, style='gmail_en', fu='1,2', note='q2 monitoring only')

R(1333, 'de', 'follow-up q2 answered', """Hallo,

das Passwort ist jetzt geändert (20 Zeichen), das Konto darf nur noch aus unserem Büronetz senden, und fail2ban läuft.

Gruß
Wiebke

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', fu='2', note='follow-up q2 answered')

R(1334, 'en', 'follow-up wrong box', """Hello,

on our web server postqueue -p says "Mail queue is empty". The mail server is a separate machine, I don't have the login for that one yet.

Regards
Jon

[[Q]]""", ans='1,2', q3=0, style='gt', fu='3', note='checked the web server, not the mail server')

R(1335, 'de', 'berlin angry', """Ick gloob et ja nich! Passwort is jeändert, wat wollt ihr denn noch? Macht det endlich wieder uff, wir ham 'nen Laden zu führ'n!

[[Q]]""", ans='2', q3=0, style='gmail_de', note='Berlin dialect, angry; only password changed')

R(1336, 'en', 'exchange remove-message', """Hello,

1. Compromised credentials of "warehouse" (password reused from a supplier portal that leaked).
2. Password reset, SMTP AUTH disabled for that mailbox, account lockout policy, per-user send limit via transport rule.
3. Removed all messages from the Exchange queues:

[PS] C:\\> Get-Queue | Get-Message | Remove-Message -WithNDR $false -Confirm:$false
[PS] C:\\> Get-Queue | ft Identity,MessageCount

Identity              MessageCount
--------              ------------
EXCH\\Submission                  0
EXCH\\2                           0

Regards
Hamid

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='Remove-Message then all 0')

R(1337, 'de', 'stolen vague', """Hallo,

1. Das Passwort wurde gestohlen.
2. Neues Passwort, fail2ban, Versandlimit.
3. Queue am Server geleert, postqueue -p: Mail queue is empty.

Gruß
Falk

[[Q]]""", ans='2,3', q3=1, style='gmail_de', note='q1 "stolen" without how')

R(1338, 'en', 'sendmail no q2', """Hello,

1. The password of "reports" was guessed, it was "reports".
3. Sendmail queue on the server is empty:

# mailq
/var/spool/mqueue is empty
                Total requests: 0

Regards
Grant

[[Q]]""", ans='1,3', q3=1, style='tb_en', note='question 2 skipped')

R(1339, 'de', 'plesk vague cause', """Hallo,

1. Keine Ahnung, irgendwie ist jemand an das Passwort gekommen.
2. Passwort geändert, Fail2Ban in Plesk eingeschaltet.
3. Plesk > Mail-Warteschlange: 0 Nachrichten.

Gruß
Oskar

[[Q]]""", ans='2,3', q3=1, style='outlook_de', note='q1 "irgendwie"')

R(1340, 'en', 'outlook file info outbox', """Hello,

1. The cause was a phishing email.
2. We changed the password and enabled MFA.
3. I emptied the queue in Outlook (File > Info > there were 300 items waiting in the Outbox).

Thanks
Irene

[[Q]]""", ans='1,2', q3=0, style='outlook_en', note='"queue" in Outlook = outbox')

R(1341, 'de', 'bare mailqueue geleert', """Hallo,

1. Das Passwort war zu einfach und wurde erraten.
2. Neues Passwort, fail2ban.
3. Mailqueue wurde geleert.

Gruß
Anton

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', note='"Mailqueue wurde geleert" without a listing; uses the server term, no outbox; read as confirmed')

R(1342, 'en', 'probably empty', """Hi,

1. Weak password on "info" (brute force).
2. Changed it, fail2ban.
3. Probably empty by now, I deleted a lot.

Mark

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='"probably empty"')

R(1343, 'de', 'short complete listing', """1. Schwaches Passwort (erraten).
2. Passwort geändert.
3.
# postqueue -p
Mail queue is empty

[[Q]]""", ans='1,2,3', q3=1, style='gt', note='bare listing as the q3 answer')

R(1344, 'en', 'safe to delete question', """Hello,

1. The account password was leaked in a breach of another service where it was reused.
2. New unique password and fail2ban.
3. Is it safe to delete everything in the queue? Will our customers' emails be lost? There are around 2,000 messages.

Thanks
Rosa

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='asks before deleting; queue still full')

R(1345, 'de', 'auto forwarded notice', """Ihre Nachricht wurde an den zuständigen Mitarbeiter weitergeleitet. Sie erhalten in Kürze eine Antwort.

Stadtwerke Au GmbH
""", ans='', q3=0, agent=1, style='gt', note='automatic forwarding notice')

R(1346, 'en', 'grep count empty', """Hi,

1. Brute-force on "support" (password was 8 lowercase letters).
2. New password, fail2ban, 100/h limit.
3. Server queue emptied:

# mailq | grep -c '^[0-9A-F]'
0
# mailq
Mail queue is empty

Regards
Bruno

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='grep count and empty listing')

R(1347, 'de', 'duerfte leer sein', """Hallo,

1. Phishing-Mail, Mitarbeiterin hat ihr Kennwort eingegeben.
2. Kennwort geändert, MFA.
3. Die Queue dürfte inzwischen leer sein.

Gruß
Kai

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='"dürfte leer sein"')

R(1348, 'en', 'maybe a virus', """Hello,

1. Not sure, maybe a virus.
2. Password changed and fail2ban installed.
3. Server queue is empty (postqueue -p).

Regards
Ted

[[Q]]""", ans='2,3', q3=1, style='tb_en', note='q1 guess without substance')

R(1349, 'de', 'zimbra complete', """Hallo,

1. Zimbra-Kennwort von "einkauf" per Phishing abgegriffen.
2. Kennwort zurückgesetzt, 2FA, Versandlimit in der COS.
3. Warteschlange geleert:

zimbra@mail:~$ /opt/zimbra/libexec/zmqstat
hold=0
corrupt=0
deferred=0
active=0
incoming=0

Gruß
Eva

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='Zimbra all 0')

R(1350, 'en', 'synology complete', """Hi,

1. The DSM user "mail-scan" had a weak password and was brute-forced.
2. User deleted, auto block enabled, SMTP only from the LAN.
3. MailPlus Server > Queue: empty ("No data"), after deleting 4,005 messages.

Regards
Yuki

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='Synology queue empty')

R(1351, 'de', 'inline arrows in unquoted letter', """Hallo,

Antworten unten mit --> markiert.

[[Q]]
""", ans='1,2,3', q3=1, style='outlook_de',
  ins={1: '--> Kennwort "Start123" beim Konto "messe" (seit der Messe 2023 unverändert), erraten.',
       2: '--> Konto "messe" gelöscht, fail2ban, Versandlimit 100/h für alle.',
       3: '--> Die Queue auf dem Server ist leer, postqueue -p: Mail queue is empty.'},
  note='answers inserted into the unquoted Outlook letter with arrows')

R(1352, 'mix', 'english answers in german letter', """Hi, answers below in English, sorry.

[[Q]]
""", ans='1,2', q3=0, style='outlook_line_de', letter_lang='de',
  ins={1: '>>> The password of "presse" was reused on a news portal that was hacked.',
       2: '>>> New password, fail2ban.',
       3: '>>> Outbox is clear now.'},
  note='English answers inserted into the German letter; q3 outbox')

R(1353, 'de', 'follow-up 2 3 complete', """Guten Tag,

2. Wir haben fail2ban eingerichtet und das Versandlimit auf 60 Mails pro Stunde gesetzt; zudem hat jedes Konto ein neues Passwort.
3. Die Warteschlange auf dem Server ist leer:

# postqueue -p
Mail queue is empty

Gruß
Albert

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', fu='2,3', note='follow-up 2 and 3 answered')

R(1354, 'en', 'follow-up exim removed', """Hello,

we emptied it with exiqgrep -i | xargs exim -Mrm, and exim -bpc now prints 0.

Regards
Liam

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='3', qreason='FLUSHED', qwords='exim -qff', note='follow-up after a flush; now removed and count 0')

R(1355, 'de', 'nein noch nicht', """Hallo,

1. Passwort erraten.
2. Neues Passwort.
3. Nein, noch nicht, wir wissen nicht wie.

Gruß
Jens

[[Q]]""", ans='1,2', q3=0, style='tb_de', note='q3 explicitly not done')

R(1356, 'en', 'long headings order', """Dear team,

Queue first, since that's what matters for unlocking: the Postfix queue on our server has been purged. "postqueue -p" now returns "Mail queue is empty". I checked again this morning after the night's cron jobs; still empty.

How it happened: our marketing intern's account ("intern2") used the password "Welcome2026", which we hand out as the initial password and which she was supposed to change on first login. She never logged in to webmail, so the prompt never appeared. A spraying bot found it on Saturday.

What we changed: initial passwords are now random and expire after 24 hours, every mailbox got a new password, fail2ban bans after 5 failures, and outbound mail is capped at 100 recipients per hour per user. The intern2 account is disabled until she's back.

Regards,
Oliver Grant

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='no numbers; queue first, then cause, then measures')

R(1357, 'de', 'single ids deleted', """Hallo,

1. Passwort per Phishing abgegriffen.
2. Passwort geändert, 2FA.
3. Ich habe die Queue durchgesehen und die Spam-Mails einzeln gelöscht (postsuper -d mit der Queue-ID), bestimmt 200 Stück.

Gruß
Tanja

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='deleted individual messages; final state not stated')

R(1358, 'en', 'hmailserver no cause', """Hi,

2. New passwords, hMailServer auto-ban after 3 failures, SMTP auth only from our IP range.
3. hMailServer Administrator > Status > Delivery queue: cleared, 0 messages.

Thanks
Julian

[[Q]]""", ans='2,3', q3=1, style='outlook_en', note='question 1 skipped')

R(1359, 'de', 'sophos hedge', """Hallo,

1. Kennwort des Kontos "drucker" war "drucker".
2. Konto gelöscht.
3. Im Sophos-Spool sollte nichts mehr sein.

Gruß
Ben

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='"sollte nichts mehr sein"')

R(1360, 'en', 'unknown cause queue ok', """Hello,

1. Unknown.
2. New password for the affected account.
3. Mail queue on the server is empty (postqueue -p: "Mail queue is empty").

Regards
Ivy

[[Q]]""", ans='2,3', q3=1, style='tb_en', note='cause unknown')

finish()
