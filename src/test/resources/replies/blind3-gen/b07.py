from render import *

R(1241, 'en', 'eml html gmail blockquote', """Hi,

1. One of our shared mailboxes (jobs@) had a very weak password and was brute-forced.
2. Password changed and fail2ban is running now.
3. Queue should be clear, our freelancer said he took care of it.

Thanks
Owen

[[Q]]""", ans='1,2', q3=0, ext='eml', style='gmail_en',
  eml=dict(mode='html', cte='qp', frm='Owen Price <owen@northwind-trading.example>'),
  note='HTML-only with blockquote; q3 second-hand "should be clear"')

R(1242, 'de', 'new outlook von block', """Guten Tag,

1. Das Kennwort des Kontos "rezeption" wurde über eine gefälschte Microsoft-Anmeldeseite abgegriffen.
2. Kennwort zurückgesetzt, MFA für alle, Anmeldung am SMTP nur noch für zwei Dienstkonten.
3. Die Warteschlange unseres Mailservers ist leer (postqueue -p: "Mail queue is empty").

Freundliche Grüße
Anke Möller

Von: Example Hosting Abuse <abuse@provider.example>
Gesendet: Montag, 7. Dezember 2026 09:12
An: Anke Möller <a.moeller@praxis-demir.example>
Betreff: [[SUBJ]]

[[Q]]""", ans='1,2,3', q3=1, style='plain', acc='mail.praxis-demir.example', note='new Outlook Von/Gesendet block without separator, letter unquoted')

R(1243, 'en', 'thunderbird inline hacker', """On 12/4/26 10:02, Example Hosting Abuse wrote:
> 1. What exactly caused the spam?

A hacker.

> 2. What exactly have you done to prevent it from happening again?

Changed all passwords, installed fail2ban, limited outbound mail per user.

> 3. Please confirm explicitly that you have emptied the mail queue of your
> server (not the outbox of your mail program).

Confirmed, the server queue is empty (postqueue -p says Mail queue is empty).
""", ans='2,3', q3=1, note='q1 "a hacker"')

R(1244, 'de', 'follow-up plesk empty', """Hallo,

danke für die Erklärung. Ich habe jetzt in Plesk unter Tools & Einstellungen > Mailserver-Einstellungen > Mail-Warteschlange nachgesehen: Da waren noch 2.480 Mails, die habe ich alle gelöscht. Jetzt steht dort "Die Mail-Warteschlange ist leer".

Viele Grüße
Heike Brandt

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', fu='3', qreason='QUESTION', note='follow-up q3, Plesk queue emptied')

R(1245, 'en', 'follow-up considering mfa', """Hi,

we're considering MFA for all users and will decide next month.

Regards
Jake

[[Q]]""", ans='1,3', q3=1, style='gmail_en', fu='2', note='q2 only under consideration')

R(1246, 'de', 'follow-up 1 2 complete', """Guten Tag,

1. Es war ein Passwort-Spray-Angriff: Das Kennwort "Herbst2025!" passte beim Konto "technik".
2. Kennwortrichtlinie (mind. 14 Zeichen, keine Jahreszeiten/Jahreszahlen), fail2ban, Limit 100 Mails/h pro Konto.

Gruß
Peter Lang

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', fu='1,2', note='follow-up 1 and 2 answered')

R(1247, 'en', 'follow-up backup mx pending', """Hi,

main server:

$ postqueue -p
Mail queue is empty

On the backup MX there are still about 40 mails, I'll delete those tomorrow.

Sven

[[Q]]""", ans='1,2', q3=0, style='gt', fu='3', note='backup MX still holds ~40 mails')

R(1248, 'de', 'follow-up already answered', """Wir haben doch schon alles beantwortet! Lesen Sie unsere Mail nochmal.

[[Q]]""", ans='1', q3=0, agent=1, style='outlook_de', fu='2,3', note='insists it was all answered; no new content')

R(1249, 'mix', 'mixed complete', """Hallo Abuse-Team, hello,

1. Ursache: a phishing mail ("Ihr Postfach wird gelöscht"), die Kollegin hat ihr Passwort eingegeben.
2. Passwort geändert, MFA aktiviert, and we limited outgoing mails to 150 per day.
3. Server queue: geleert, postqueue -p -> "Mail queue is empty".

Best, Grüße
Rebecca

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', letter_lang='de', note='German/English mix, complete')

R(1250, 'en', 'phone typos hedge', """1 password was guesed (to short)
2 changd it + fail2ban
3 queue shud be empty now, deleted it last nite

Sent from my iPhone

[[Q]]""", ans='1,2', q3=0, style='apple_en', note='typos; "shud be empty"')

R(1251, 'de', 'eml latin1 8bit plain', """Sehr geehrte Damen und Herren,

1. Ursache: schwaches Kennwort des Kontos "grüße@" (das Konto für Weihnachtsgrüße, Kennwort "Weihnachten").
2. Konto gelöscht, übrige Kennwörter erneuert, fail2ban eingerichtet.
3. Warteschlange des Servers geleert; "postqueue -p" gibt "Mail queue is empty" aus.

Mit freundlichen Grüßen
Jörg Müßig
""", ans='1,2,3', q3=1, ext='eml', style='outlook_de',
  eml=dict(mode='plain', cte='8bit', charset='iso-8859-1', frm='=?iso-8859-1?q?J=F6rg_M=FC=DFig?= <jm@weingut-sommer.example>'),
  note='ISO-8859-1 8bit')

R(1252, 'en', 'exchange transport service', """Hello,

1. Password spray hit the account "training" (Spring2025!).
2. Account disabled; fine-grained password policy; SMTP AUTH disabled org-wide except the scanner.
3. All queues empty:

[PS] C:\\> Get-TransportService | Get-Queue | Select Identity,Status,MessageCount

Identity            Status MessageCount
--------            ------ ------------
EXCH01\\Submission   Ready             0
EXCH01\\Shadow\\3     Ready             0
EXCH01\\4            Ready             0
EXCH02\\Submission   Ready             0

Regards
Peter

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', note='Exchange queues all 0 on two servers')

R(1253, 'de', 'gobd question', """Guten Tag,

1. Ein Mitarbeiter hat sein Passwort auf einer Phishing-Seite eingegeben.
2. Passwort geändert und MFA eingeschaltet.
3. Dürfen wir die Mails in der Warteschlange einfach löschen? Wir haben Aufbewahrungspflichten (GoBD). Bitte um kurze Rückmeldung, dann leeren wir sie.

Mit freundlichen Grüßen
Steuerbüro Fink

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', note='asks whether deleting is allowed before emptying')

R(1254, 'en', 'rambling sent folder webmail', """Hello there,

So I got your email this morning and first I want to say sorry, we had no idea this was going on. Our little bakery has been using this email server for years, my nephew set it up, and it never gave any problems. When I read your email I called him and he came over at lunch.

He found that the account orders@ had the password "bread" (I know, I know). He says somebody from outside just tried lots of passwords until it worked. He changed all the passwords now to long ones, and he put in something that blocks people who try too often.

Then I went into the webmail myself and deleted all the spam in the Sent folder, there were thousands of them, it took forever because you can only select 200 at a time. So that should all be gone now.

Please let us send again, Christmas orders are coming in!

Best wishes from the bakery
Martha

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='deleted the Sent folder in webmail, not the server queue')

R(1255, 'de', 'postsuper requeue', """Hallo,

1. Kennwort des Kontos "marketing" war ein Wort aus dem Wörterbuch und wurde erraten.
2. Kennwort geändert, fail2ban aktiv.
3. Warteschlange mit "postsuper -r ALL" bereinigt.

Gruß
Oliver

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='postsuper -r requeues, does not delete')

R(1256, 'en', 'no idea but queue', """Hello,

1. No idea how this happened.
2. We changed the password of every account and turned on the built-in brute-force protection.
3. I ran mailq on the server: "Mail queue is empty".

Regards
Chris

[[Q]]""", ans='2,3', q3=1, style='tb_en', note='q1 unknown')

R(1257, 'de', 'vorarlberg dialect', """Griaß di,

1. S'Passwort vom Konto "hof" isch viel z'eifach gsi, des hend's errota.
2. Mir hend jetzt a langs Passwort und an Schutz, der noch a paar Fehlversuech d'Adress sperrt (fail2ban).
3. D'Warteschlange am Server isch laar, mit "postqueue -p" kunnt "Mail queue is empty".

Schöne Grüeß
Elmar

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='Vorarlberg dialect, complete')

R(1258, 'en', 'see previous email', """Point 3: The Postfix queue on our server is empty, postqueue -p gives "Mail queue is empty".
Points 1 and 2: see our previous email.

Regards
Emma

[[Q]]""", ans='3', q3=1, style='outlook_line_en', note='refers to a previous email for 1 and 2, but this is a reply to the first notice; nothing new on 1 and 2')

R(1259, 'de', 'exim one frozen leer claimed', """Hallo,

1. Passwort vom Konto "team" erraten.
2. Neues Passwort + Ratelimit.
3. Die Queue ist leer:

# exim -bp
47h  1.9K 1tBxYz-0001Ab-Cd <> *** frozen ***
          team@mail.kiwi-apps.example

Gruß
Sebastian

[[Q]]""", ans='1,2', q3=0, style='tb_de', acc='mail.kiwi-apps.example', note='claims empty but listing shows a frozen message')

R(1260, 'en', 'cpanel complete', """Hi,

1. Weak password on the mailbox "bookings" (brute force visible in /var/log/exim_mainlog).
2. Password changed, cPHulk enabled, max emails per hour per domain set to 150.
3. WHM > Mail Queue Manager: emptied, shows "0 results". exim -bpc returns 0.

Regards
Noah

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='cPanel complete')

R(1261, 'de', 'redirect to provider', """Guten Tag,

bitte wenden Sie sich an unseren IT-Dienstleister: support@it-meyer.example, Tel. 0911 555 200. Der kümmert sich um den Server.

Mit freundlichen Grüßen
Meyer GmbH

[[Q]]""", ans='', q3=0, agent=1, style='outlook_de', acc='relay.meyer-gmbh.example', note='redirects to the IT provider')

R(1262, 'en', 'm365 hybrid complete', """Hello,

1. The user's Microsoft 365 password was phished. In our hybrid setup the on-premises Exchange accepts SMTP AUTH with the same AD credentials and relays outbound mail through you.
2. Password reset, sessions revoked, MFA enforced through Conditional Access, SMTP AUTH on the on-prem receive connector restricted to the scanner subnet.
3. The on-prem Exchange queues are empty (Get-Queue shows MessageCount 0 for every queue). Exchange Online doesn't route through you.

Kind regards
Laura

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='hybrid; on-prem queues 0')

R(1263, 'de', 'antivirus firewall q2', """Hallo,

1. Trojaner auf dem Rechner der Sekretärin hat das Passwort ausgelesen.
2. Neuer Virenscanner und eine bessere Firewall für das Büro.
3. Die Warteschlange des Mailservers ist geleert, postqueue -p zeigt "Mail queue is empty".

Gruß
Dr. Weiß

[[Q]]""", ans='1,3', q3=1, style='outlook_de', note='q2: antivirus/firewall only, password not changed')

R(1264, 'en', 'contact form smtp question', """Hi,

we think it was our website contact form, it uses the mail account to send. What exactly is SMTP AUTH? And how do I see the queue, we only have a website with WordPress on our server?

Thanks
Jenny

[[Q]]""", ans='1', q3=0, style='gmail_en', note='cause named (contact form using the account); q2 nothing; q3 questions back')

R(1265, 'de', 'inline antwort markers', """> 1. Was genau hat den Spamversand verursacht?
[Antwort] Das Kennwort des Kontos "gast" (WLAN-Gastkonto, das auch Mail senden durfte) hing im Besprechungsraum aus.

> 2. Was genau haben Sie unternommen, um das künftig zu verhindern?
[Antwort] Konto "gast" gelöscht, fail2ban, alle anderen Kennwörter erneuert.

> 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
> geleert haben (nicht den Postausgang Ihres Mailprogramms).
[Antwort] Ja, bestätigt: Die Mailqueue auf dem Server ist leer (postqueue -p: Mail queue is empty).

Gruß
B. Keller
""", ans='1,2,3', q3=1, note='inline with [Antwort] markers')

R(1266, 'en', 'zimbra deferred left', """Hello,

1. Phished Zimbra password.
2. Reset + 2FA.
3. Cleaned up the queue:

zimbra@mail:~$ /opt/zimbra/libexec/zmqstat
hold=0
corrupt=0
deferred=12
active=0
incoming=0

Regards
Ali

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='zmqstat deferred=12')

R(1267, 'de', 'follow-up deleted zero', """Hallo,

auf dem Server ausgeführt:

# postsuper -d ALL
postsuper: Deleted: 0 messages
# postqueue -p
Mail queue is empty

Die Queue ist leer, es war auch vorher schon nichts mehr drin.

Gruß
Lutz

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='3', qreason='NO_EVIDENCE', note='deleted 0 messages; listing empty')

R(1268, 'en', 'follow-up cause former employee', """Hello,

we found it: the password of the "info" mailbox was known to a former employee who left on bad terms in October. The logins came from his home ISP first, then from abroad. We have informed our lawyer.

Regards
Claire

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', fu='1', note='follow-up q1 answered')

R(1269, 'de', 'follow-up antivirus again', """Hallo,

wir haben jetzt auf allen Rechnern einen Virenscanner installiert.

Gruß

[[Q]]""", ans='1,3', q3=1, style='outlook_de', fu='2', note='q2 again only antivirus')

R(1270, 'en', 'mailbox not monitored', """This mailbox is no longer monitored. Please send all enquiries to hello@bluepeak.example.
""", ans='', q3=0, agent=1, ext='eml',
  eml=dict(mode='plain', cte='8bit', frm='Bluepeak <old-info@bluepeak.example>', subject='Auto: [[SUBJ]]',
           headers={'Auto-Submitted': 'auto-replied'}),
  note='unmonitored mailbox auto-reply')

R(1271, 'de', 'zu frage zwei drei only', """Hallo,

zu Frage zwei: neues Kennwort mit 18 Zeichen, fail2ban aktiv.
Zu Frage drei: Die Warteschlange auf unserem Server ist leer (postqueue -p: Mail queue is empty).

Gruß
Ralf

[[Q]]""", ans='2,3', q3=1, style='gmail_de', note='question one skipped')

R(1272, 'en', 'sendmail both queues empty', """Hello,

1. The mailbox "quotes" had a password that was also used on an old supplier portal that leaked.
2. Unique new password, sendmail AUTH only on 587/TLS, fail2ban.
3. Both sendmail queues are empty:

# mailq -Ac
/var/spool/clientmqueue is empty
		Total requests: 0
# mailq
/var/spool/mqueue is empty
		Total requests: 0

Regards
Walter

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='Sendmail MSP and MTA queues empty')

R(1273, 'de', 'iphone complete', """1. Passwort per Phishing abgegriffen
2. Neues PW, 2FA, Limit
3. Mailqueue am Server geleert, mailq: Mail queue is empty

Gruß Tim

Von meinem iPhone gesendet

[[Q]]""", ans='1,2,3', q3=1, style='apple_de', note='short iPhone, complete')

R(1274, 'en', 'eml base64 emoji outbox', """Hi!

1. Weak password 😬 (our dog's name)
2. New password + fail2ban ✅
3. Outbox is empty ✅

Cheers
Zoe
""", ans='1,2', q3=0, ext='eml', style='gmail_en',
  eml=dict(mode='alt', cte='b64', frm='Zoe Park <zoe@kiwi-apps.example>'),
  note='base64 with emoji; q3 outbox')

R(1275, 'mix', 'follow-up mixed hedge', """Hi,

2. Fail2ban ist installiert, and passwords are changed.
3. The queue, ich glaube, it is empty now. Will check later.

LG Marco

[[Q]]""", ans='1,2', q3=0, style='gmail_en', letter_lang='en', fu='2,3', note='mixed; q3 "ich glaube", will check later')

R(1276, 'de', 'moving to provider', """Guten Tag,

wir haben beschlossen, den eigenen Mailserver abzuschalten und unsere Postfächer zu Ihnen umzuziehen. Bis dahin bleibt der Server aus.

Gruß
Familie Lindner

[[Q]]""", ans='2', q3=0, style='outlook_de', note='shutting the server down/moving counts for q2; no cause; queue not emptied')

R(1277, 'en', 'qmail complete', """Hello,

1. Password of "sales" guessed by brute force.
2. New password, SMTP AUTH restricted to TLS and to our VPN range.
3. Queue removed on the server:

$ qmail-qstat
messages in queue: 0
messages in queue but not yet preprocessed: 0

Regards
Jan

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='qmail both 0')

R(1278, 'de', 'server not outlook emphasized', """Hallo,

1. Passwort war zu kurz (6 Zeichen), wurde erraten.
2. Neues Passwort (20 Zeichen), fail2ban, Versandlimit.
3. Die Mailqueue ist leer - am SERVER, nicht in Outlook! Geprüft mit postqueue -p: "Mail queue is empty".

Gruß
Karsten

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', note='stresses server, not Outlook')

R(1279, 'en', 'unsubscribe misfire', """Please unsubscribe me from this list.

[[Q]]""", ans='', q3=0, agent=1, style='gt', note='treats the notice as a newsletter')

R(1280, 'de', 'long complete', """Sehr geehrte Damen und Herren,

vielen Dank für die ausführliche Information und den Logauszug, das hat uns bei der Suche sehr geholfen.

1. Ursache
Der Spam wurde über das Konto "service@" verschickt. Dieses Konto nutzt unsere Warenwirtschaft, um Auftragsbestätigungen zu versenden. Das Kennwort war in der Warenwirtschaft im Klartext gespeichert, und die Datenbank der Warenwirtschaft war durch eine Fehlkonfiguration unseres Dienstleisters von außen erreichbar (Port 1433 offen). In den Logs der Datenbank sehen wir Zugriffe von fremden Adressen ab dem 2. Dezember.

2. Maßnahmen
- Port 1433 geschlossen, Datenbank nur noch intern erreichbar
- Kennwort von "service@" geändert, alle anderen Kennwörter ebenfalls
- "service@" darf nur noch von der IP des Warenwirtschaftsservers aus senden
- fail2ban und ein Versandlimit von 300 Mails pro Tag

3. Warteschlange
Die Warteschlange unseres Postfix-Servers wurde mit "postsuper -d ALL" geleert (13.882 Mails gelöscht). "postqueue -p" zeigt jetzt "Mail queue is empty".

Mit freundlichen Grüßen
Dirk Albrecht
Albrecht Versandhandel

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='long, detailed, complete')

finish()
