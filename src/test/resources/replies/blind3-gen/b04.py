from render import *

R(1121, 'mix', 'follow-up mixed hedge', """Hi,

die Queue sollte jetzt passen, our admin Rafael cleaned it yesterday, I didn't check myself. Falls noch was drin ist, bitte melden.

LG
Jasmin

[[Q]]""", ans='1,2', q3=0, style='gmail_en', letter_lang='en', fu='3', qreason='OUTBOX', qwords='Outbox cleaned',
  note='German/English mix; "sollte passen", not checked by the writer')

R(1122, 'de', 'follow-up plesk how', """Hallo,

zu 2: Wir haben in Plesk für alle Postfächer neue Passwörter gesetzt und unter "Tools & Einstellungen > IP-Adressen sperren (Fail2Ban)" den Schutz eingeschaltet.

zu 3: Wie mache ich das in Plesk? Unter Mail finde ich nur die Postfächer. Wir haben Plesk Obsidian auf Windows.

Grüße
Heike Brandt

[[Q]]""", ans='1,2', q3=0, style='outlook_de', fu='2,3', qreason='QUESTION', note='q2 now answered; q3 is a how-to question')

R(1123, 'en', 'follow-up q1 q2', """Hello,

1) Our accounting software (on a Windows server) stores the SMTP password in plain text in an .ini file, and that server had an exposed RDP port. The attacker got in via RDP and read the file.
2) RDP closed to the internet (VPN only), new SMTP password, the accounting software now uses an app-specific account that can only send to @ourclients list, and we turned on fail2ban for SASL.

Rgds
Henrik

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', fu='1,2', note='follow-up for 1 and 2; q3 answered earlier')

R(1124, 'de', 'follow-up cause github', """Hallo nochmal,

wir haben die Ursache jetzt gefunden: Das SMTP-Passwort stand in einer config.php in einem öffentlichen GitHub-Repository eines freien Entwicklers, der für uns das Kontaktformular gebaut hat. Das Repository ist inzwischen privat, und das Passwort wurde natürlich geändert.

Gruß
Andrea Vogt

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', fu='1', note='follow-up q1: concrete cause found')

R(1125, 'en', 'follow-up after unlock', """Hi,

I'll empty the queue after you unlock us, otherwise I can't test whether the legit mails go out. Please enable sending for an hour or so.

Dave

[[Q]]""", ans='1,2', q3=0, style='gt', fu='3', qreason='FUTURE', note='wants the unlock first; queue not emptied')

R(1126, 'de', 'follow-up two own mails left', """Hallo,

hier die Ausgabe:

-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
2D4E61B0A7      3201 Mon Dec  7 09:15:33  buero@tischlerei-vogt.example
                                         angebot@kunde-schmitt.example

8F0C21E6D2      5410 Mon Dec  7 09:47:02  buero@tischlerei-vogt.example
                                         info@holzhandel-nord.example

-- 9 Kbytes in 2 Requests.

Das sind unsere eigenen Mails von heute früh, kein Spam. Die Spam-Mails sind alle gelöscht.

Gruß
Vogt

[[Q]]""", ans='1,2', q3=0, style='tb_de', fu='3', acc='mail.tischlerei-vogt.example', qreason='NO_EVIDENCE',
  note='two (legitimate) mails still listed')

R(1127, 'en', 'follow-up auto reply', """Hello,

I am currently on parental leave and will not be reading email until February. Your message will not be forwarded.

For IT matters please contact helpdesk@bluepeak.example.

Lukas
""", ans='1', q3=0, agent=1, ext='eml', fu='2,3',
  eml=dict(mode='plain', cte='qp', frm='Lukas Brenner <lukas@bluepeak.example>', subject='Out of Office: [[SUBJ]]',
           headers={'Auto-Submitted': 'auto-replied'}),
  note='auto-reply to the follow-up; only q1 answered earlier')

R(1128, 'mix', 'internal forward then english answer', """Hi abuse team,

below my German colleague asked me, my answers are further down.

-------- Weitergeleitete Nachricht --------
Von: Birgit Kaiser <b.kaiser@mx.techworks.example>
An: Neil Grant <n.grant@techworks.example>
Betreff: WG: Spam-Sperre

Neil, kannst du das bitte beantworten? Die wollen drei Sachen wissen, siehe unten. Danke, Birgit

----

Neil's answers:
1. Cause: the account "buchhaltung" had a password that was in the rockyou list. Brute-forced over two days.
2. Fix: new random password, postfix-sasl jail in fail2ban, smtpd_client_message_rate_limit = 30.
3. The server queue is empty; postsuper -d ALL, then postqueue -p: "Mail queue is empty".

Neil

[[Q]]""", ans='1,2,3', q3=1, style='fwd_de', letter_lang='de', acc='mx.techworks.example', note='German internal forward, English answers')

R(1129, 'de', 'eml log attachment hedge', """Hallo,

im Anhang ein Auszug aus unserem maillog.

1. Man sieht darin, dass das Konto shop@ ab dem 4.12. von vielen IPs aus angemeldet wurde. Das Passwort war leider zu schwach (8 Zeichen, ein Wort).
2. Passwort geändert, fail2ban installiert, Limit 100 Mails pro Stunde.
3. Die Queue ist jetzt leer, glaube ich. Ich hab postsuper -d ALL gemacht, aber die Ausgabe nicht angeschaut.

Gruß
Christian
""", ans='1,2', q3=0, ext='eml',
  eml=dict(mode='mixed', cte='qp', frm='Christian Roth <christian@kanzlei-roth.example>',
           attach=[('maillog-auszug.txt', 'text/plain',
                    "Dec  4 03:12:01 mail postfix/smtpd[22314]: warning: unknown[203.0.113.54]: SASL LOGIN authentication failed: authentication failure\n"
                    "Dec  4 03:12:44 mail postfix/smtpd[22314]: 7C3B2A10F2: client=unknown[203.0.113.54], sasl_method=LOGIN, sasl_username=shop@kanzlei-roth.example\n"
                    "Dec  4 03:12:45 mail postfix/qmgr[1021]: 7C3B2A10F2: from=<shop@kanzlei-roth.example>, size=2210, nrcpt=48 (queue active)\n")]),
  note='q3 "glaube ich", output not looked at; log attached')

R(1130, 'en', 'eml html-only table', """""", ans='1,2,3', q3=1, ext='eml',
  eml=dict(mode='html', cte='qp', frm='Grace Liu <grace@harbour-logistics.example>',
           html="""<html><body><p>Hello,</p>
<table border="1" cellpadding="4">
<tr><th>Question</th><th>Answer</th></tr>
<tr><td>1. Cause</td><td>The password of <b>dispatch@harbour-logistics.example</b> was phished via a fake &quot;shared document&quot; email.</td></tr>
<tr><td>2. Prevention</td><td>Password reset, MFA enforced, SMTP AUTH only for two service accounts, outbound limit 200/day.</td></tr>
<tr><td>3. Queue</td><td>The queue of our mail server is empty. <code>postqueue -p</code> &rarr; <i>Mail queue is empty</i></td></tr>
</table>
<p>Regards,<br>Grace Liu<br>Harbour Logistics</p></body></html>"""),
  note='HTML-only with answers in a table')

R(1131, 'de', 'q2 delegated provider', """Hallo,

Frage 1 - Das Passwort von info@ wurde von einem Bot erraten, es war "Info2020".

Frage 3 - Queue ist auf dem Server geleert, postqueue -p meldet "Mail queue is empty".

Frage 2 - Dazu kann ich nichts sagen, das macht unser IT-Dienstleister, den habe ich gebeten sich darum zu kümmern.

Gruß
Sven

[[Q]]""", ans='1,3', q3=1, style='gmail_de', note='q2 delegated to the IT provider')

R(1132, 'en', 'delete or send question', """Hello,

1. Password of user "frontdesk" was guessed (it was "frontdesk1").
2. Password changed to something strong; frontdesk can only log in from the office now.
3. Quick question before I do this: there are about 300 messages in the queue, but some are real invoices to our customers from this morning. Should I delete everything, or can I keep those? How do I tell them apart?

Thanks
Maya

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='queue not emptied; asks which messages to keep')

R(1133, 'de', 'angry but complete', """Guten Tag,

ich finde es unmöglich, dass Sie einfach ohne Vorwarnung sperren, und dann noch am Montag früh, wo wir die ganzen Angebote raus schicken müssen. Aber bitte, hier Ihre Antworten:

1. Das Passwort von einem Mitarbeiter war schwach und wurde erraten.
2. Alle Passwörter sind jetzt neu und lang, und der Server sperrt nach 5 Fehlversuchen die IP (fail2ban).
3. Die Warteschlange auf dem Server ist gelöscht, postqueue -p sagt "Mail queue is empty".

Und jetzt schalten Sie das bitte umgehend wieder frei. Ich erwarte eine Rückmeldung heute noch.

Fritz Wagner
Geschäftsführer

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='angry tone, all three answered')

R(1134, 'en', 'outlook mobile outbox', """Changed the password already. Outbox and deleted items are empty now.

Get Outlook for iOS

[[Q]]""", ans='2', q3=0, style='outlook_line_en', note='q3 about the outbox; no cause')

R(1135, 'de', 'inline thunderbird typos', """Am 07.12.26 um 08:03 schrieb Example Hosting Abuse:
> 1. Was genau hat den Spamversand verursacht?

Das pasword vom account "kasse" war seit jaren das gleiche und sehr einfach, wurde erraten (im log tausende fehlversuche).

> 2. Was genau haben Sie unternommen, um das künftig zu verhindern?

neues pasword (zufall, 20 zeichen), fail2ban instaliert, ratelimit 50/stunde.

> 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
> geleert haben (nicht den Postausgang Ihres Mailprogramms).

bestätigt, queue am server geleert, postqueue -p sagt Mail queue is empty

grüsse
Jörg
""", ans='1,2,3', q3=1, note='inline under Thunderbird quote, lower-case typos')

R(1136, 'en', 'directadmin queue', """Hi,

1. Weak password on info@ (our company name).
2. Changed password, enabled DirectAdmin brute force monitor (auto-block after 10 failures), and limited each user to 200 emails per day.
3. DirectAdmin > Mail Queue Administration: "There are no messages in the queue". Before, there were 14,000.

Thanks
Ravi

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='DirectAdmin queue page empty')

R(1137, 'de', 'it provider on behalf', """Sehr geehrte Damen und Herren,

wir betreuen als IT-Dienstleister die Firma Autohaus Beck und antworten in deren Auftrag (unser Ticket: #2026-11873).

1. Ursache: Das Konto verkauf@ hatte ein Kennwort, das auch für ein Händlerportal genutzt wurde. Dieses Portal hatte im November einen Datenabfluss; die Zugangsdaten wurden danach gegen den SMTP-Zugang getestet.
2. Maßnahmen: Alle Kennwörter neu vergeben (keine Wiederverwendung), fail2ban, Ratelimit 100/h, Benachrichtigung bei mehr als 20 Fehlanmeldungen.
3. Die Postfix-Warteschlange auf srv-mail wurde vollständig geleert; "postqueue -p" liefert "Mail queue is empty".

Mit freundlichen Grüßen
Nadine Scholz
Scholz IT-Service

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', acc='srv-mail.autohaus-beck.example', note='IT provider answers on behalf of the customer')

R(1138, 'en', 'point one two three exchange behind', """Hello,

Point one: the password of "reception" was guessed, it was seasonal (Winter2025).
Point two: new password policy (15 chars), account lockout after 5 attempts, fail2ban on the relay.
Point three: the queue on our Postfix relay is empty (postqueue -p: Mail queue is empty). I haven't looked at the Exchange server behind the relay yet, it might still hold some.

Regards
Anders

[[Q]]""", ans='1,2', q3=0, style='outlook_en', note='relay empty, Exchange behind it not checked')

R(1139, 'de', 'sophos spool error', """Hallo,

1. Kennwort "kopierer" vom Kopierer-Konto wurde erraten.
2. Konto gelöscht, Kopierer sendet jetzt ohne Anmeldung nur intern.
3. In der UTM unter E-Mail-Schutz > Mail-Manager > SMTP-Spool: Warteschlange 0 Mails, unter "Fehler" stehen noch 312 Mails, die gehen ja nicht raus.

Gruß
Florian

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='Sophos spool still has 312 in Error')

R(1140, 'en', 'axigen webadmin', """Hi,

1. Compromised password: the user had typed it into a fake "Axigen session expired" page.
2. Password changed, the Axigen webmail now requires 2FA, and we set a sending limit per account.
3. In Axigen WebAdmin > Services > Processing/Delivery queue, I removed all messages; queue shows 0 messages now.

Regards
Selin

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='Axigen queue 0')

R(1141, 'de', 'call me please', """Guten Tag,

ich verstehe ehrlich gesagt nicht, was Sie von mir wollen. Können Sie mich bitte anrufen? 0171 5550123, am besten nach 16 Uhr.

Danke
Monika Huber

[[Q]]""", ans='', q3=0, agent=1, style='gmail_de', note='asks for a phone call only')

R(1142, 'en', 'autoresponder helpdesk', """Thank you for your message. Our support team has received it and will get back to you within 24 hours.

This is an automatically generated message.
""", ans='', q3=0, agent=1, ext='eml',
  eml=dict(mode='plain', cte='8bit', frm='Kiwi Apps Support <support@kiwi-apps.example>', subject='[Auto] We received your message',
           headers={'Auto-Submitted': 'auto-generated', 'X-Autoreply': 'yes'}),
  note='auto-generated acknowledgement')

R(1143, 'de', 'html to text nbsp gmail', """Hallo,

1.  Passwort war schwach → erraten (Brute Force).
2.  Neues Passwort + fail2ban + Limit 60 Mails/Std.
3.  Mailqueue auf dem Server geleert (postsuper -d ALL), postqueue -p:
    „Mail queue is empty“.

Grüße, Tanja

Am Mo., 7. Dez. 2026 um 08:44 Uhr schrieb Example Hosting Abuse <
abuse@provider.example>:

[[Q]]""", ans='1,2,3', q3=1, style='gt', note='HTML-to-text with odd wrapping of the Gmail header')

R(1144, 'en', 'spanish speaker', """Hello,

1. The password of the account "ventas" was very easy (ventas2024), some robot discover it.
2. I put a new password very long and I install fail2ban, also I limit to 100 emails for hour.
3. I clean the queue of the server with postsuper -d ALL, now the server queue no have messages: "Mail queue is empty".

Thank you very much and sorry.
Javier Morales

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='non-native English (Spanish speaker), complete')

R(1145, 'de', 'russian speaker thunderbird', """Guten Tag,

1. Passwort ist gestohlen von Virus auf Computer von Buchhalterin.
2. Computer ist neu installiert, Passwort ist neu.
3. Ich habe Queue leer gemacht in Thunderbird, da war viele Briefe in Postausgang.

Mit freundlichen Grüßen
Olga Iwanowa

[[Q]]""", ans='1,2', q3=0, style='tb_de', note='non-native German; "Queue" in Thunderbird = outbox')

R(1146, 'en', 'q2 asked it', """Hi,

1. The password was weak (6 letters) and got guessed.
2. We have asked our IT company to make sure this can't happen again.
3. Server queue: deleted everything, postqueue -p prints "Mail queue is empty".

Kind regards
Fiona

[[Q]]""", ans='1,3', q3=1, style='outlook_line_en', note='q2 only "asked our IT company"')

R(1147, 'de', 'mailer-daemon left', """Hallo,

1. Kennwort per Phishing abgegriffen (gefälschte DHL-Mail).
2. Kennwort geändert, 2FA im Webmail.
3. Die Spam-Mails sind aus der Queue gelöscht. Drin sind nur noch ca. 80 Unzustellbarkeitsberichte vom MAILER-DAEMON an die gefälschten Absender, die lasse ich auslaufen.

Gruß
Dennis

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='bounces left in the queue')

R(1148, 'en', 'inline initials', """Hello,

answers inline marked [JS].

[[Q]]

--
Jamie Scott
""", ans='1,2,3', q3=1, style='outlook_en', ins={1: '[JS] A former contractor still had the password of the admin mailbox; we found logins from his old VPN provider. Account locked.',
  2: '[JS] All passwords rotated, contractor access removed, fail2ban + 100/h limit on the relay.',
  3: '[JS] Confirmed: Postfix queue on the server purged, postqueue -p says "Mail queue is empty".'},
  note='answers inserted into the unquoted Outlook letter, marked [JS]')

R(1149, 'de', 'we dont know how q2 q3', """Hallo,

leider wissen wir nicht genau, wie das passiert ist. Das Passwort haben wir geändert und die Warteschlange auf dem Server geleert, postqueue -p zeigt Mail queue is empty.

Mit freundlichen Grüßen
Karin

[[Q]]""", ans='2,3', q3=1, style='outlook_line_de', note='no numbering; cause unknown')

R(1150, 'en', 'all non-answers', """1. no idea
2. we are monitoring
3. I'll check tomorrow

[[Q]]""", ans='', q3=0, style='gt', note='answers all three but none is an answer; a human has nothing to accept, agent=no because it attempts')

R(1151, 'de', 'eml latin1 base64 encoded subject', """Sehr geehrte Damen und Herren,

1. Ursache: Ein ehemaliger Mitarbeiter hatte noch ein aktives Konto (h.krause@), dessen Passwort er bei seinem neuen Arbeitgeber (?) offenbar weitergegeben bzw. an anderer Stelle wiederverwendet hat.
2. Das Konto wurde deaktiviert; künftig werden Konten am letzten Arbeitstag gesperrt (Checkliste Personalabteilung). Zusätzlich fail2ban und Versandlimit.
3. Die Warteschlange des Mailservers wurde geleert und ist leer (postqueue -p: "Mail queue is empty").

Mit freundlichen Grüßen
Bärbel Krüger
Personalabteilung / IT
""", ans='1,2,3', q3=1, ext='eml', style='outlook_de',
  eml=dict(mode='plain', cte='b64', charset='iso-8859-1', frm='=?iso-8859-1?B?QuRyYmVsIEty/Gdlcg==?= <b.krueger@stadtwerke-au.example>',
           rawsubj='AW: =?iso-8859-1?B?U3BlcnJ1bmcgZvxyIElocmVuIFp1Z2FuZw==?='),
  note='ISO-8859-1 base64 body, B-encoded subject and From')

R(1152, 'en', 'follow-up exim empty', """On question 3:

[root@mail ~]# exim -bp
[root@mail ~]# exim -bpc
0

Queue on the server is empty.

Tim

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='3', qreason='NO_EVIDENCE', note='follow-up q3, exim listing empty and count 0')

R(1153, 'de', 'follow-up deleted account', """Hallo,

die Queue ist gelöscht, wir haben das betroffene Konto komplett entfernt, da kann also nichts mehr drin sein.

Gruß
Schneider

[[Q]]""", ans='1,2', q3=0, style='outlook_de', fu='3', qreason='DELETED', qwords='Konto gelöscht',
  note='again: account deleted, not the queue')

R(1154, 'en', 'follow-up q2 answered', """Hi,

we changed the password again (the first change didn't go through because of a sync issue with our directory), it's now 24 random characters. We also set smtpd_client_message_rate_limit = 50 and enabled fail2ban.

Thanks,
Ola

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', fu='2', password=True, note='follow-up q2 (password had not changed); now answered')

R(1155, 'de', 'follow-up abwesenheit', """Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 18.12. nicht im Büro. Ihre Nachricht wird nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte an zentrale@huber-bau.example.

Mit freundlichen Grüßen
Andreas Huber
""", ans='', q3=0, agent=1, ext='eml', fu='1,2,3',
  eml=dict(mode='plain', cte='qp', frm='Andreas Huber <a.huber@huber-bau.example>',
           subject='Abwesenheitsnotiz: [[SUBJ]]', headers={'Auto-Submitted': 'auto-replied'}),
  note='out-of-office to a follow-up that listed all three')

R(1156, 'en', 'follow-up flush plan', """Hi,

2. We disabled the compromised account and the others now have 2FA.
3. I will flush the queue this evening.

Robin

[[Q]]""", ans='1,2', q3=0, style='tb_en', fu='2,3', note='q3 future ("will flush", flush also wrong)')

R(1157, 'mix', 'follow-up german admin english qmail', """Hello,

sorry for the delay, hier die Ausgabe vom Server:

$ sudo /var/qmail/bin/qmail-qstat
messages in queue: 0
messages in queue but not yet preprocessed: 0

So the queue is empty now. Schöne Grüße,
Dieter

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', letter_lang='en', fu='3', note='mixed; qmail counters 0')

R(1158, 'de', 'mailq on own mac', """Hallo,

1. Passwort zu einfach.
2. Passwort geändert und fail2ban installiert (macht unser Bekannter).
3. Ich habe auf meinem MacBook im Terminal "mailq" eingegeben, da kommt "Mail queue is empty". Also ist alles leer.

Gruß
Bernd

[[Q]]""", ans='1,2', q3=0, style='apple_de', note='ran mailq on his own MacBook, not on the server')

R(1159, 'en', 'partially deleted', """Hello,

1. Dictionary password on the account "admin" (!).
2. Renamed the account, strong password, fail2ban.
3. I deleted most of it. postqueue -p | tail -1 now gives:
-- 512 Kbytes in 240 Requests.
Still working on the rest.

Regards
Pete

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='240 requests still queued')

R(1160, 'de', 'config and logs', """Hallo,

1. Brute-Force auf das Konto support@. Im Log sieht man es sehr schön:

Dec  5 01:44:12 mail postfix/smtpd[9981]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
Dec  5 01:44:13 mail postfix/smtpd[9981]: warning: unknown[198.51.100.23]: SASL LOGIN authentication failed: UGFzc3dvcmQ6
[... ca. 12.000 Zeilen ...]
Dec  5 03:02:57 mail postfix/smtpd[10442]: 5A1F3B22C1: client=unknown[198.51.100.23], sasl_method=LOGIN, sasl_username=support@relay.meyer-gmbh.example

2. fail2ban eingerichtet:

[postfix-sasl]
enabled  = true
port     = smtp,submission,submissions
filter   = postfix[mode=auth]
maxretry = 3
bantime  = 86400

Außerdem neues Passwort (25 Zeichen) und smtpd_client_message_rate_limit = 60.

3. postsuper -d ALL, danach:
# postqueue -p
Mail queue is empty

Gruß
Kai Meyer

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', acc='relay.meyer-gmbh.example', note='log lines and fail2ban config pasted')

finish()
