from render import *

R(1281, 'de', 'follow-up qmail nonzero', """Hallo,

hier die Ausgabe wie gewünscht:

messages in queue: 1311
messages in queue but not yet preprocessed: 0

Ich weiß nicht, wie ich die lösche. Können Sie helfen?

Gruß
Hauke

[[Q]]""", ans='1,2', q3=0, style='tb_de', fu='3', qreason='NO_EVIDENCE', note='qmail still 1311 in queue; asks how to delete')

R(1282, 'en', 'follow-up outbox all pcs', """Hello,

2. All passwords are changed and we now have fail2ban on the server.
3. I went to every PC and cleared the outbox in Outlook. Nothing is waiting anywhere.

Regards
Barbara

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', fu='2,3', note='q3 outboxes on all PCs')

R(1283, 'de', 'follow-up hacker q3 ok', """Hallo,

1. Es waren Hacker, die IPs kamen aus Asien.
3. Warteschlange geleert, postqueue -p: Mail queue is empty.

Gruß
Marco

[[Q]]""", ans='2,3', q3=1, style='gmail_de', fu='1,3', note='q1 still only "hackers from Asia"')

R(1284, 'en', 'follow-up q1 q2 only', """Hi,

1. The password for "admin" was guessed - it was the default from our NAS setup.
2. Changed it, and the NAS no longer exposes the mail service to the internet.
3. (will send the queue output tomorrow)

Regards
Ken

[[Q]]""", ans='1,2', q3=0, style='gmail_en', fu='1,2,3', note='follow-up listing all three; q3 promised for tomorrow')

R(1285, 'de', 'follow-up eml queue txt attachment', """Hallo,

die Warteschlange auf dem Mailserver ist leer. Die Ausgabe von postqueue -p habe ich als Textdatei angehängt.

Gruß
Sebastian Ruf
""", ans='1,2,3', q3=1, ext='eml', fu='3',
  eml=dict(mode='mixed', cte='qp', frm='Sebastian Ruf <s.ruf@autohaus-beck.example>', subject='AW: [[SUBJ]]',
           attach=[('postqueue.txt', 'text/plain', "root@srv-mail:~# postqueue -p\nMail queue is empty\n")]),
  note='follow-up q3; statement in text, listing in a text attachment')

R(1286, 'en', 'exim short', """1) Brute-forced password on user "demo".
2) Account "demo" removed; exim ratelimit + fail2ban.
3) Server queue emptied: exim -bpc -> 0.

--
Arun

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='terse Exim, complete')

R(1287, 'de', 'exchange only submission shown', """Hallo,

1. Kennwort per Phishing abgegriffen.
2. Kennwort zurückgesetzt, MFA.
3. Die Queue ist leer:

Identity          DeliveryType Status MessageCount
--------          ------------ ------ ------------
EX01\\Submission   Undefined    Ready  0

Gruß
Hans

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='only the Submission queue shown; delivery queues not listed')

R(1288, 'en', 'which machine question', """Hello,

1. Password was guessed, it was "letmein".
2. Changed it, and installed fail2ban.
3. Do you want the mailq output from the server or from my laptop? My laptop says "Mail queue is empty". I don't know how to log into the server.

Thanks
Harry

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='mailq from his laptop; cannot reach the server')

R(1289, 'de', 'deleted items', """Guten Tag,

1. Passwort war zu einfach.
2. Passwort geändert.
3. Den Ordner "Gelöschte Elemente" und den Postausgang haben wir geleert.

Gruß
Gabi

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='Deleted Items and outbox')

R(1290, 'en', 'postmulti instances', """Hi,

1. SASL brute force against "alerts" (8-char password).
2. Password changed; postfix-sasl jail; alerts@ now only allowed from the monitoring host.
3. We run two Postfix instances; both queues are empty:

# postmulti -x postqueue -p
Mail queue is empty
Mail queue is empty

Regards
Georg

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='postmulti, both instances empty')

R(1291, 'de', 'exchange no queue claim', """Hallo,

1. Kennwort durch Phishing abgegriffen.
2. Kennwort geändert, Mitarbeiter geschult.
3. Unser Server hat keine Queue, wir benutzen Exchange.

Gruß
Simone

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', note='wrongly claims Exchange has no queue')

R(1292, 'en', 'see attached missing', """See attached.

[[Q]]""", ans='', q3=0, agent=1, style='gmail_en', note='"see attached" but nothing attached')

R(1293, 'de', 'sophos complete', """Guten Tag,

1. Der Benutzer "scanner" auf unserer Sophos UTM hatte das Kennwort "scanner".
2. Benutzer gelöscht, Scanner nutzt jetzt das interne Relay ohne Anmeldung, nur von seiner IP.
3. UTM > E-Mail-Schutz > Mail-Manager > SMTP-Spool: Warteschlange leer, Fehler leer (0 / 0).

Gruß
Florian

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='Sophos spool 0/0')

R(1294, 'en', 'user mistake vague', """Hello,

1. A user made a mistake.
2. We changed the password of that user.
3. The mail queue on the server is empty, postqueue -p says so.

Regards
Tim

[[Q]]""", ans='2,3', q3=1, style='tb_en', note='q1 "a user made a mistake" says nothing about how')

R(1295, 'de', 'gmail bottom-post', """[[Q]]

Hallo,

1. Über das Kontaktformular unserer Website (altes PHP-Skript mit hinterlegtem SMTP-Passwort) konnte jeder beliebige Mails verschicken; das Skript wurde ausgenutzt und hat sich mit unserem Konto angemeldet.
2. Skript entfernt, neues Formular ohne gespeichertes Passwort (lokales sendmail), SMTP-Passwort geändert.
3. Queue auf dem Server: geleert, postqueue -p meldet "Mail queue is empty".

Gruß
Till
""", ans='1,2,3', q3=1, style='gmail_de', note='bottom-posted')

R(1296, 'en', 'outlook mobile hedge', """Password was phished, reset it and enabled MFA. Queue's empty I believe.

Get Outlook for Android

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='"I believe"')

R(1297, 'mix', 'alternating languages', """Hallo,

1. The cause: das Konto "praxis" hatte ein sehr altes Passwort, which was leaked in 2021.
2. Wir haben noch nichts geändert, we wait for our IT guy.
3. Queue am Server ist leer (postqueue -p: Mail queue is empty).

Grüße
Nina

[[Q]]""", ans='1,3', q3=1, style='gmail_en', letter_lang='en', note='alternating languages; q2 nothing done yet')

R(1298, 'de', 'html table to text', """Guten Tag,

| Frage | Antwort |
|---|---|
| 1. Ursache | Kennwort des Kontos "vertrieb" wurde von einem Infostealer auf einem Außendienst-Laptop ausgelesen |
| 2. Maßnahmen | Laptop neu aufgesetzt, Kennwort geändert, MFA, Limit 100 Mails/h |
| 3. Warteschlange | Auf dem Server geleert; `postqueue -p`: Mail queue is empty |

Mit freundlichen Grüßen
Jens Adler

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='HTML table converted to markdown table')

R(1299, 'en', 'plesk mailer-daemon left', """Hi,

1. Compromised password (reused).
2. New unique password + Plesk fail2ban.
3. Plesk still shows 12 messages in the mail queue, all from MAILER-DAEMON. The spam itself is gone.

Regards
Amy

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='12 bounces still queued')

R(1300, 'de', 'queue expires itself', """Hallo,

1. Passwort erraten.
2. Neues Passwort und fail2ban.
3. Die Queue wird ja automatisch nach 5 Tagen geleert, das sollte also bald erledigt sein.

Gruß
Uwe

[[Q]]""", ans='1,2', q3=0, style='tb_de', note='waits for queue expiry')

R(1301, 'en', 'wrong recipient lunch', """Sure, 12:30 at the Thai place works for me. See you there!

J.

[[Q]]""", ans='', q3=0, agent=1, style='gmail_en', note='misaddressed personal reply')

R(1302, 'de', 'mdaemon complete', """Guten Tag,

1. Das Kennwort des Kontos "empfang" war "Empfang1" und wurde erraten.
2. Neues Kennwort, MDaemon Dynamic Screening (Sperre nach 3 Fehlversuchen), Versand für "empfang" nur noch intern.
3. MDaemon > Warteschlangen: Remote-Warteschlange 0, Wiederholungs-Warteschlange 0, Fehler-Warteschlange 0. Ich habe alle 5.600 Nachrichten gelöscht.

Gruß
Dagmar

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='MDaemon all queues 0')

R(1303, 'en', 'virtualmin empty', """Hi,

1. The password of "office" was found by brute force.
2. New password, fail2ban jail enabled in Virtualmin, limit of 100 emails per hour per mailbox.
3. No mail left in the queue on the server - Virtualmin > Webmin > Postfix Mail Server > Mail Queue shows "Mail queue is empty".

Regards
Kate

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='Virtualmin queue empty')

R(1304, 'de', 'exim three active', """Hallo,

1. Schwaches Passwort beim Konto "info".
2. Passwort geändert.
3. Queue bereinigt:

# exim -bp
 2m  1.8K 1tCxAa-0002Qq-Kk <info@mail.alpenhof.example>
          x.y@libero.example
 2m  1.8K 1tCxAb-0002Qr-Lm <info@mail.alpenhof.example>
          a.b@seznam.example
 3m  1.9K 1tCxAc-0002Qs-Mn <info@mail.alpenhof.example>
          c.d@qq.example

Gruß
Stefan

[[Q]]""", ans='1,2', q3=0, style='gt', acc='mail.alpenhof.example', note='exim -bp still lists three messages')

R(1305, 'en', 'german writing english outlook', """Dear Sirs,

1. The password from our account was to easy, it was the company name.
2. We have made a new password with many signs and the admin has installed the fail2ban.
3. The Outlook ist now empty, there are no more mails inside from the spam.

With friendly greetings
Herbert Maier

[[Q]]""", ans='1,2', q3=0, style='outlook_en', note='non-native English; q3 Outlook')

R(1306, 'de', 'tail empty', """Hallo,

1. Passwort über Brute-Force gefunden (Konto "buchung").
2. Neues Passwort, fail2ban, Limit 80/h.
3. Queue gelöscht:
# postsuper -d ALL
postsuper: Deleted: 7731 messages
# postqueue -p | tail -n 1
Mail queue is empty

Gruß
Till

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', note='postsuper deleted count, listing empty')

R(1307, 'en', 'follow-up q2 fail2ban', """Hi,

2. We installed fail2ban with the postfix-sasl jail and set a rate limit of 50 messages per hour per user.

Rob

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='2', note='follow-up q2 answered')

R(1308, 'de', 'follow-up one request left', """Hallo,

jetzt ist fast alles weg:

-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
C4A91E0B22      2875 Mon Dec  7 11:02:41  info@mail.weingut-sommer.example
                                         bestellung@getraenke-nord.example

-- 3 Kbytes in 1 Request.

Gruß
Elke

[[Q]]""", ans='1,2', q3=0, style='gmail_de', acc='mail.weingut-sommer.example', fu='3', note='one request still queued')

R(1309, 'en', 'bar inline q2 missing', """| 1. What exactly caused the spam?

Leaked password of "sales" (appeared in a breach list).

| 2. What exactly have you done to prevent it from happening again?

We are still discussing this internally.

| 3. Please confirm explicitly that you have emptied the mail queue of your
| server (not the outbox of your mail program).

Confirmed: the server queue is empty (postqueue -p: "Mail queue is empty").
""", ans='1,3', q3=1, note='"| " inline; q2 still under discussion')

R(1310, 'de', 'ucs kopano question', """Hallo,

1. Das Kennwort des Benutzers "azubi2" war das Initialkennwort und wurde erraten.
2. Benutzer deaktiviert, Kennwortrichtlinie im UCS verschärft.
3. Wir haben Univention Corporate Server mit Kopano. Wie leere ich da die Warteschlange? In der Oberfläche finde ich nichts.

Gruß
Lars

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='q3 how-to question (UCS)')

R(1311, 'en', 'axigen hedge', """Hello,

1. User's password was the same as on LinkedIn (breached).
2. New password and 2FA on webmail.
3. Cleared the Axigen queue, I think there might still be some in retry but it should be fine.

Regards
Serkan

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='"might still be some in retry"')

R(1312, 'de', 'short no cause', """Erledigt:
1 keine Ahnung
2 PW neu + fail2ban
3 Queue am Server leer (postqueue -p)

[[Q]]""", ans='2,3', q3=1, style='apple_de', note='q1 "keine Ahnung"')

R(1313, 'en', 'ticket acknowledgement', """Hello,

Your request (#RQ-99812) has been received and is being reviewed by our support staff.

To add additional comments, reply to this email.

Oakridge Law IT Helpdesk
""", ans='', q3=0, agent=1, ext='eml',
  eml=dict(mode='alt', cte='qp', frm='Oakridge IT Helpdesk <helpdesk@oakridge-law.example>', subject='[#RQ-99812] Re: [[SUBJ]]',
           headers={'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All'}),
  note='helpdesk ticket auto-acknowledgement')

R(1314, 'de', 'follow-up password only', """Hallo,

1. Das Passwort.
2. Neues Passwort ist gesetzt (16 Zeichen).

Gruß

[[Q]]""", ans='2,3', q3=1, style='gt', fu='1,2', note='q1 just "das Passwort", no explanation')

R(1315, 'en', 'reverse order hedge', """Hi,

3 - I think the queue is empty now.
2 - New password for everyone.

Cheers
Finn

[[Q]]""", ans='2', q3=0, style='gmail_en', note='reverse order; q3 hedged; no cause')

R(1316, 'de', 'eml exchange angehalten', """Guten Tag,

1. Ein Mitarbeiter hat sein Kennwort für ein privates Gewinnspiel-Portal benutzt, das gehackt wurde.
2. Kennwort geändert, Kennwortrichtlinie verschärft.
3. Die Warteschlange im Exchange haben wir angehalten.

Mit freundlichen Grüßen

Thomas Brandl
Brandl Steuerberatung
""", ans='1,2', q3=0, ext='eml', style='outlook_de', acc='exch01.brandl-steuer.example',
  eml=dict(mode='alt', cte='qp', frm='Thomas Brandl <t.brandl@brandl-steuer.example>'),
  note='Exchange queue suspended, not emptied')

R(1317, 'en', 'own domain kept', """Hello,

1. Brute force on "newsletter".
2. Account removed, fail2ban.
3. I deleted all messages from the server queue except the ones addressed to our own domain.

Regards
Marta

[[Q]]""", ans='1,2', q3=0, style='tb_en', note='some messages kept in the queue')

R(1318, 'mix', 'one-liner mixed', """Alles erledigt - password changed, queue on the server is empty (postqueue -p: Mail queue is empty).

[[Q]]""", ans='2,3', q3=1, style='gmail_de', letter_lang='de', note='one-liner mixed; no cause')

R(1319, 'de', 'looks empty', """Hallo,

1. Kennwort zu einfach, Brute-Force.
2. Kennwort geändert, fail2ban.
3. Sieht leer aus, soweit ich das beurteilen kann.

Gruß
Ines

[[Q]]""", ans='1,2', q3=0, style='tb_de', note='"sieht leer aus, soweit ich das beurteilen kann"')

R(1320, 'en', 'long complete', """Dear Example Hosting,

thank you for stopping this quickly, and apologies for the trouble it caused on your side.

1. Cause. Our Postfix server authenticates users against our Active Directory. The account "svc-backup" is a service account whose password had not been changed since 2018 and which was, as it turned out, allowed to use SMTP AUTH. Its password appeared in an old runbook that a former IT contractor had stored in a public Pastebin. The spammer logged in with it from several cloud hosting addresses starting 5 December 01:12 UTC.

2. Prevention. svc-backup can no longer log in to SMTP (we created a separate group "smtp-senders", and only members of it may authenticate); its password has been changed; all service account passwords are being rotated; fail2ban bans after five failures; and Postfix now limits authenticated senders to 100 recipients per hour. We asked Pastebin to remove the paste.

3. Queue. The mail queue on our server has been emptied (postsuper -d ALL, 21,407 messages). Output now:

# postqueue -p
Mail queue is empty

Kind regards,
Stephen Clarke
Head of IT

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='long, complete')

finish()
