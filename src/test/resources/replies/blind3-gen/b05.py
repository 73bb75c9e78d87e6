from render import *

R(1161, 'en', 'gmail bottom-post trimmed', """On Tue, 1 Dec 2026 at 10:12, Example Hosting Abuse <abuse@provider.example> wrote:
> 1. What exactly caused the spam?

The password of our "office" account was on a list of leaked passwords
(haveibeenpwned shows it in the 2024 "Combolist" dump).

> 2. What exactly have you done to prevent it from happening again?

Nothing yet, I'm waiting for our IT guy.

> 3. Please confirm explicitly that you have emptied the mail queue of your
> server (not the outbox of your mail program).

--
Marcus
""", ans='1', q3=0, note='bottom-posted under trimmed questions; q2 nothing yet, q3 left blank')

R(1162, 'de', 'eml pdf attachment only', """Sehr geehrte Damen und Herren,

anbei unsere Stellungnahme als PDF.

Mit freundlichen Grüßen
Kanzlei Roth
""", ans='', q3=0, agent=1, ext='eml',
  eml=dict(mode='mixed', cte='qp', frm='Kanzlei Roth <info@kanzlei-roth.example>',
           attach=[('Stellungnahme_RW.pdf', 'application/pdf', b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')]),
  note='answers only in an attached PDF; the text answers nothing, a human has to open it')

R(1163, 'en', 'someone got password', """Hi,

1. Someone got hold of our password.
2. We changed it to a long random one and added fail2ban.
3. The queue on our Postfix server is empty now (postsuper -d ALL; postqueue -p: "Mail queue is empty").

Regards
Ellie

[[Q]]""", ans='2,3', q3=1, style='gmail_en', note='q1 "someone got hold of our password" says nothing about how')

R(1164, 'de', 'bar quoting inline', """Hallo,

| 1. Was genau hat den Spamversand verursacht?
Das Kennwort des Kontos "tagung@" war seit einer Veranstaltung 2021 unverändert und stand auf dem ausgedruckten Teilnehmerinfo-Blatt (!). Vermutlich wurde es abfotografiert und weitergegeben.

| 2. Was genau haben Sie unternommen, um das künftig zu verhindern?
Konto stillgelegt, Passwörter für Veranstaltungen nur noch befristet, fail2ban und Versandlimit eingerichtet.

| 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
| geleert haben (nicht den Postausgang Ihres Mailprogramms).
Ja, die Mailqueue des Servers ist geleert:
$ postqueue -p
Mail queue is empty

Beste Grüße
Ute Haas
""", ans='1,2,3', q3=1, note='"| " inline quoting')

R(1165, 'en', 'exchange poison queue', """Hello,

1. Password spray attack against "helpdesk" (password was Password1).
2. Password changed, account lockout after 5 tries, SMTP AUTH disabled for that mailbox.
3. In Exchange Queue Viewer all queues show a message count of 0, except the Poison Message queue, which has 2. I left those because they are in poison anyway.

Best
Nikolai

[[Q]]""", ans='1,2', q3=0, style='outlook_en', note='poison message queue still holds 2')

R(1166, 'de', 'only q3 answered', """Hallo,

die Warteschlange auf unserem Mailserver ist leer, ich habe alles mit postsuper -d ALL gelöscht und danach mit postqueue -p kontrolliert.

Zu den anderen Fragen melde ich mich später.

Gruß
Stephan

[[Q]]""", ans='3', q3=1, style='tb_de', note='only q3; 1 and 2 promised later')

R(1167, 'en', 'yahoo android phone outbox', """i changed the password yesterday and cleared the outbox on my phone. pls unlock asap

Sent from Yahoo Mail on Android

[[Q]]""", ans='2', q3=0, style='gt', note='phone outbox; no cause')

R(1168, 'mix', 'denglisch', """Hi,

1. Root cause war ein compromised Account, das Password wurde im Darknet geleakt (wir haben einen Alert von unserem Security-Tool bekommen).
2. Password reset, MFA enforced, SMTP-Auth nur noch für Service-Accounts, Rate-Limit konfiguriert.
3. Queue auf dem Server gepurged:

postqueue -p
Mail queue is empty

Cheers
Kevin

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', letter_lang='de', note='heavy German/English mix')

R(1169, 'de', 'follow-up understood now', """Hallo,

ah, jetzt verstehe ich, danke für die Erklärung. Unser Dienstleister hat auf dem Server selbst nachgesehen und die Warteschlange gelöscht, hier seine Ausgabe:

root@mail:~# postsuper -d ALL
postsuper: Deleted: 4312 messages
root@mail:~# postqueue -p
Mail queue is empty

Gruß
Renate Sommer

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', fu='3', qreason='OUTBOX', qwords='Postausgang ist leer',
  note='after the outbox explanation, server queue emptied and listed')

R(1170, 'en', 'follow-up only q1', """Hello,

the cause: our office manager used the same password for her mailbox and for a travel booking site that was breached in November.

Regards
Brian

[[Q]]""", ans='1,3', q3=1, style='gmail_en', fu='1,2', note='follow-up for 1 and 2; only q1 answered')

R(1171, 'de', 'follow-up q2 fail2ban now', """Guten Tag,

zusätzlich zum geänderten Passwort haben wir jetzt fail2ban eingerichtet und die SMTP-Anmeldung auf unser Büronetz (VPN) beschränkt.

Grüße
Heinz

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='2', note='follow-up q2 answered')

R(1172, 'en', 'follow-up told you already', """I TOLD YOU ALREADY THE QUEUE IS EMPTY!!! How many times do I have to say it?

[[Q]]""", ans='1,2', q3=0, style='gt', fu='3', qreason='OUTBOX', qwords='I emptied the outbox',
  note='refers back to the earlier outbox claim; no server check')

R(1173, 'de', 'follow-up spamfilter erledigt', """Hallo,

2) Spamfilter ist jetzt eingeschaltet.
3) erledigt

Gruß

[[Q]]""", ans='1', q3=0, style='gmail_de', fu='2,3', note='q2 spam filter; q3 bare "erledigt"')

R(1174, 'en', 'follow-up eml exim', """Hello,

as requested, the output from the server:

root@mx:~# exim -bpc
0
root@mx:~# exim -bp
root@mx:~#

The queue is empty.

Regards
Dmitri
""", ans='1,2,3', q3=1, ext='eml', fu='3', style='gt', qreason='HEDGE', qwords='should be fine now',
  eml=dict(mode='alt', cte='qp', frm='Dmitri Volkov <dmitri@bluepeak.example>'),
  note='follow-up q3 with empty exim output, multipart/alternative')

R(1175, 'de', 'cpanel exim short', """1. PW erraten (zu kurz)
2. neues PW, cPHulk an, max. 100 Mails/h je Domain in WHM
3. Queue auf dem Server (WHM Mail Queue Manager) komplett gelöscht, exim -bpc = 0

VG Tobias

[[Q]]""", ans='1,2,3', q3=1, style='apple_de', note='terse cPanel answer')

R(1176, 'en', 'deleted spool files', """Hello,

1. Password leaked in a breach of a third-party site where the same password was used.
2. Password changed (unique now), fail2ban.
3. I emptied the queue on the server by deleting the files under /var/spool/postfix/deferred and /var/spool/postfix/active, then restarted postfix. postqueue -p now reports "Mail queue is empty".

Kind regards
Arjun

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='deleted spool files by hand; listing empty')

R(1177, 'de', 'spam folder emptied', """Guten Tag,

1. Das Passwort wurde erraten.
2. Passwort geändert.
3. Ich habe den Spam-Ordner und den Papierkorb geleert.

Gruß
Erika

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='q3 emptied spam folder / trash')

R(1178, 'en', 'wrong case billing', """Hi,

regarding invoice 2026-4471, we paid it on 28 November, please check your records. Our bank reference is NWT-8812.

Regards
Accounts Payable

[[Q]]""", ans='', q3=0, agent=1, style='gt', note='about an invoice, not the case')

R(1179, 'de', 'synology firewall vague', """Hallo,

1. Das Kennwort des Benutzers "scan" auf unserer Synology (MailPlus) war zu einfach und wurde erraten.
2. Wir haben die Firewall-Regeln überprüft.
3. MailPlus Server > Warteschlange: keine Daten mehr, vorher waren es 2.900 Mails.

Gruß
Timo

[[Q]]""", ans='1,3', q3=1, style='gmail_de', note='q2 "checked the firewall rules" is no measure; Synology queue empty')

R(1180, 'en', 'postqueue json', """Hi,

1. Brute force against sasl user "shop".
2. New password, fail2ban, and Postfix rate limits (anvil) set to 30 msg/min.
3. Queue purged. Check with JSON output:

# postqueue -j | wc -l
0
# postqueue -p
Mail queue is empty

Regards
Sanjay

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='postqueue -j count 0 and empty listing')

R(1181, 'de', 'phone hedge', """1. Passwort war abgegriffen über Phishing
2. Neues Passwort und 2FA
3. Queue sollte leer sein

Von meinem iPhone gesendet

[[Q]]""", ans='1,2', q3=0, style='apple_de', note='"sollte leer sein"')

R(1182, 'en', 'long incident report', """Dear Abuse Team,

Please find below our incident summary for case [[REF]].

Timeline (CET)
- 04 Dec 22:10  first failed SASL logins for user "events" from 203.0.113.0/24
- 05 Dec 02:37  successful login after ~31,000 attempts
- 05 Dec 02:38 - 06 Dec 07:15  spam submission, ~9,800 messages
- 06 Dec 07:15  relaying suspended by Example Hosting
- 06 Dec 09:30  our on-call admin starts investigation

1. Cause
The account "events" was created for a trade fair in 2023 and kept the password "Events2023". It was guessed by a distributed brute-force attack (the attempts came from 212 addresses, so a per-IP limit alone would not have stopped it).

2. Measures
- account "events" deleted; all remaining 34 accounts got new random passwords
- fail2ban with a global jail plus a per-user login failure alert
- Postfix: smtpd_client_message_rate_limit = 50, submission only with TLS
- quarterly review of unused accounts, owner assigned

3. Queue
We confirm that the mail queue on our server was emptied on 06 Dec 10:05 (postsuper -d ALL, 9,114 messages deleted). Current state:

$ postqueue -p
Mail queue is empty

Kind regards,
Operations Team, Kiwi Apps

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', acc='mail.kiwi-apps.example', note='formal incident report with timeline')

R(1183, 'de', 'exim4 debian', """Hallo,

1) Schwaches Kennwort beim Konto "verein" (Vereinsname + 1).
2) Kennwort ersetzt, fail2ban (exim-Jail) aktiv.
3) Queue auf dem Debian-Server geleert:
# exim4 -bpc
0

Gruß
Werner

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', acc='mail.schuetzenverein-au.example', note='Debian exim4 -bpc 0')

R(1184, 'en', 'domino mail.box', """Hi,

1. An HCL Domino user's internet password was guessed (no lockout configured).
2. Internet password lockout enabled (5 attempts), new passwords for all, SMTP auth only for the two scanner accounts.
3. The server's mail.box is empty - "show server" reports 0 pending mail messages and 0 dead messages; I deleted the ~7,000 dead and pending ones.

Regards
Hugo

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', note='HCL Domino mail.box empty')

R(1185, 'de', 'q2 considering 2fa', """Guten Tag,

1. Ein Mitarbeiter hat sein Kennwort auf einer Phishing-Seite eingegeben.
2. Wir prüfen gerade, ob wir eine Zwei-Faktor-Anmeldung einführen.
3. Die Mailqueue auf dem Server ist geleert (postqueue -p: Mail queue is empty).

Gruß
Julia

[[Q]]""", ans='1,3', q3=1, style='outlook_line_de', note='q2 only considering 2FA; password change not mentioned')

R(1186, 'en', 'after holiday', """Hello,

1. Phishing (fake invoice with a login link).
2. Password changed and 2FA enabled for webmail.
3. Our IT person is on holiday, she will empty the server queue when she is back on Monday.

Regards
Alice

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='q3 after holiday')

R(1187, 'mix', 'english with german quotes outbox', """> 1. Was genau hat den Spamversand verursacht?

A virus on the reception PC stole the saved passwords.

> 2. Was genau haben Sie unternommen, um das künftig zu verhindern?

PC reinstalled, all passwords changed, no more saved passwords in the mail client.

> 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
> geleert haben (nicht den Postausgang Ihres Mailprogramms).

Postausgang ist leer, I checked on every PC.

Best
Jonathan
""", ans='1,2', q3=0, letter_lang='de', note='English answers under German quoted questions; q3 outbox')

R(1188, 'de', 'postfix stopped', """Hallo,

1. Passwort von buero@ war zu schwach.
2. Passwort geändert.
3. Wir haben den Postfix-Dienst vorsichtshalber gestoppt, es kann also nichts mehr rausgehen.

Gruß
Jan

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='postfix stopped; queue intact')

R(1189, 'en', 'no server access', """Hi,

I don't have access to the server, it is run by a friend of the previous owner and I can't reach him. What should I do?

Lisa

[[Q]]""", ans='', q3=0, agent=1, style='outlook_line_en', note='no access; question back only')

R(1190, 'de', 'password reuse complete', """Guten Tag,

1. Passwort-Wiederverwendung: Das Kennwort des Postfachs bestellung@ wurde auch bei einem Online-Shop verwendet, dessen Kundendaten im Oktober veröffentlicht wurden.
2. Kennwort geändert (einmalig, 20 Zeichen), Zwei-Faktor für Webmail, fail2ban und ein Versandlimit von 200 Mails am Tag.
3. Die Queue unseres Mailservers ist leer, geprüft mit "postqueue -p" (Ausgabe: Mail queue is empty).

Freundliche Grüße
Melanie Krause

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='standard complete')

R(1191, 'en', 'eml qp long lines', """Hello Example Hosting abuse team, thank you for the detailed notice and the log excerpt, it made it easy for us to find the problem.

1. The account that was abused is noreply@greenleaf-dental.example, which our appointment reminder software uses. The vendor of that software had a data breach in November and the SMTP credentials of all customers were exposed, including ours.
2. We rotated the credentials, the appointment software now uses an app password that only allows sending to patients' addresses through a restricted submission port, and we added fail2ban and an outbound limit of 500 per day.
3. The mail queue on the server has been emptied: postqueue -p reports "Mail queue is empty".

Best wishes,
Dr. Amelia Grant
""", ans='1,2,3', q3=1, ext='eml', style='gmail_en',
  eml=dict(mode='alt', cte='qp', frm='Amelia Grant <amelia@greenleaf-dental.example>'),
  note='quoted-printable with long lines and soft breaks')

R(1192, 'de', 'eml html outlook ausgang', """Hallo,

1. Der Rechner von Frau Klein war mit einem Trojaner infiziert.
2. Rechner neu aufgesetzt, Kennwort geändert.
3. Den Ausgangsordner in Outlook haben wir geleert.

Gruß
Markus Klein
""", ans='1,2', q3=0, ext='eml', style='outlook_de',
  eml=dict(mode='html', cte='qp', frm='Markus Klein <m.klein@fahrschule-kern.example>'),
  note='HTML-only; q3 Outlook outbox')

R(1193, 'en', 'cc not responsible', """Hi,

I'm only on CC here, I'm the accountant, not responsible for the server. Please remove me from this thread.

Thanks
Victoria

[[Q]]""", ans='', q3=0, agent=1, style='gmail_en', note='cc recipient asks to be removed')

R(1194, 'de', 'inline forgot q2', """> 1. Was genau hat den Spamversand verursacht?
Schwaches Passwort bei einem Testkonto.
>
> 2. Was genau haben Sie unternommen, um das künftig zu verhindern?
>
> 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
> geleert haben (nicht den Postausgang Ihres Mailprogramms).
Bestätigt, Server-Queue ist leer (postqueue -p -> Mail queue is empty).

Gruß K.
""", ans='1,3', q3=1, note='inline, q2 left empty')

R(1195, 'en', 'bare confirmed to 3', """3. Confirmed.

[[Q]]""", ans='3', q3=1, style='gt', note='only "3. Confirmed." under the explicit server-queue question; read as confirmation of q3')

R(1196, 'de', 'abc lettering', """Guten Tag,

a) Ursache: Das Konto "info" hatte ein Passwort aus sechs Ziffern, das per Brute-Force gefunden wurde.
b) Maßnahmen: neues 20-stelliges Passwort, fail2ban, SMTP-Anmeldung nur über Port 587/TLS.
c) Die Mailqueue auf dem Server ist geleert; "mailq" zeigt "Mail queue is empty".

MfG
Horst Lehmann

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='answers lettered a) b) c)')

R(1197, 'en', 'roman numerals hedge', """Hello,

I. The cause was a guessed password on the "info" account.
II. We changed all passwords and installed fail2ban.
III. As far as I can tell the queue is empty now.

Regards
Simon

[[Q]]""", ans='1,2', q3=0, style='tb_en', note='roman numerals; q3 "as far as I can tell"')

R(1198, 'de', 'sendmail mailq leer', """Hallo,

1. Das Kennwort von "vertrieb" stand in einem Skript auf einem öffentlich erreichbaren Webserver.
2. Skript entfernt, Kennwort geändert, Zugang nur noch vom Webserver mit eigenem, eingeschränktem Konto.
3. Queue per "mailq" geprüft: "/var/spool/mqueue is empty". Vorher mit rm die qf/df-Dateien gelöscht.

Gruß
Armin

[[Q]]""", ans='1,2,3', q3=1, style='gt', note='Sendmail mqueue empty')

R(1199, 'en', 'follow-up password really changed', """Hi,

the password for the account has now really been changed, the first time I changed it only in the mail client and not on the server, sorry. The new one is 22 random characters, and fail2ban is running.

Regards
Neil

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', fu='2', password=True, note='follow-up q2 after the password had not changed')

R(1200, 'de', 'follow-up unknown cause queue ok', """Hallo,

1. Das wissen wir leider weiterhin nicht, im Log finden wir nichts Auffälliges.
3. Die Queue ist jetzt leer: postqueue -p -> Mail queue is empty

Gruß
Bernd

[[Q]]""", ans='2,3', q3=1, style='tb_de', fu='1,3', note='q1 still unknown; q3 now confirmed')

finish()
