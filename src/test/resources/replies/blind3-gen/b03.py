from render import *

R(1081, 'en', 'follow-up hedge by now', """Hi,

the queue should be empty by now, our admin deleted the stuff on Friday. If there's still anything let me know.

Thanks
Jess

[[Q]]""", ans='1,2', q3=0, style='gmail_en', fu='3', qreason='NO_EVIDENCE', note='"should be empty by now", second-hand')

R(1082, 'de', 'follow-up exim prints nothing', """Guten Tag,

2. Wir haben für alle Postfächer neue Passwörter vergeben, in Exim ein Ratelimit von 60 Mails pro Stunde pro authentifiziertem Benutzer eingerichtet und fail2ban auf die Exim-Authentifizierungsfehler angesetzt.

3. Die Warteschlange auf dem Server habe ich mit "exiqgrep -i | xargs exim -Mrm" geleert. Danach:

root@mail:~# exim -bp
root@mail:~#

Es wird nichts mehr ausgegeben, die Queue ist leer.

Gruß
Ralf Huber

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', fu='2,3', acc='mail.huber-bau.example', note='exim -bp prints nothing, stated as empty')

R(1083, 'en', 'eml apple alternative no cause', """Hi,

2. We changed every password on the server and turned on fail2ban with a 1 week ban time.
3. The Postfix queue on the server is empty - postqueue -p prints "Mail queue is empty".

Sorry for the trouble.

Hannah
""", ans='2,3', q3=1, ext='eml', style='apple_en',
  eml=dict(mode='alt', cte='qp', frm='Hannah Berg <hannah@bluepeak.example>', headers={'X-Mailer': 'Apple Mail (2.3774.200.91.1.1)'}),
  note='Apple Mail multipart/alternative; question 1 skipped')

R(1084, 'de', 'sendmail mailq not empty', """Hallo,

1. Passwort des Kontos einkauf@ per Brute-Force erraten.
2. Passwort geändert und Anmeldung auf das Büronetz beschränkt.
3. Hier die Ausgabe von mailq:

                /var/spool/mqueue (57 requests)
-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------
0B7F2a1c004412     1932 Sun Dec  6 02:10 <einkauf@relay.meyer-gmbh.example>
                 (Deferred: Connection refused by smtp.provider.example.)
                                         <anna.k@web.example>
0B7F2a1d004415     1948 Sun Dec  6 02:10 <einkauf@relay.meyer-gmbh.example>
                                         <t.schulz@gmx.example>
[...]
                Total requests: 57

Gruß
Meyer GmbH, IT

[[Q]]""", ans='1,2', q3=0, style='outlook_de', acc='relay.meyer-gmbh.example', note='Sendmail mailq lists 57 requests, nothing deleted')

R(1085, 'en', 'exim bpc nonzero misread', """Hello,

1. compromised password of support@ (it was on a sticky note photographed in a LinkedIn post, no joke)
2. password changed, staff reminded, fail2ban installed
3. done, I checked:

# exim -bpc
1873

That's how many I deleted I think.

Regards, Owen

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='exim -bpc prints the number still in the queue (1873)')

R(1086, 'de', 'swabian hedge', """Grüß Gott mitanand,

1. S Passwort vom Konto "verkauf" isch halt z'eifach gwä, des hot oiner rausbekomma.
2. Mir hend jetzt a richtigs Passwort und der Schwiegersohn hot so a Sperre eibaut, dass mr nimme so oft probiera ka.
3. D Warteschlang, i glaub die isch jetzt leer, der Schwiegersohn hot do ebbes glöscht.

Mit freundliche Grüß
Gottlieb Häberle
Häberle Obstbau

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='Swabian dialect; q3 "i glaub" hedge, second-hand')

R(1087, 'en', 'terse yes', """1. guessed password
2. changed it, plus fail2ban
3. yes, server queue emptied

[[Q]]""", ans='1,2,3', q3=1, style='gt', note='terse but explicit: "server queue emptied"')

R(1088, 'de', 'no server mixup', """Guten Tag,

wir haben gar keinen eigenen Mailserver, wir nutzen nur Ihr Webmail. Das muss eine Verwechslung sein. Bitte prüfen Sie das nochmal.

Mit freundlichen Grüßen
Ilse Kuhn

[[Q]]""", ans='', q3=0, agent=1, style='outlook_de', note='claims mix-up, answers nothing')

R(1089, 'en', 'follow-up nested quote', """Hello,

> > 2. What exactly have you done to prevent it from happening again?
> > We changed the password.

Sorry, more detail: besides the new password (random, 20 characters) we now
require SMTP AUTH over TLS only, installed fail2ban (postfix-sasl jail, 5
tries / 10 min, 24 h ban), and capped each mailbox at 200 recipients per
hour with a policy service.

Regards
Ines

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='2', note='follow-up for q2 only; nested quote of own earlier answer')

R(1090, 'de', 'html to text von gesendet unquoted', """Hallo,

1. Ursache: Kennwort des Kontos "druck" (Kopierer) war "druck".
2. Maßnahme: Kennwort geändert, Konto darf nur noch intern versenden.
3. Queue: Die Queue auf dem Server ist leer, "postqueue -p" gibt "Mail queue is empty" aus.

Viele Grüße

Lars Fiedler
Fiedler & Söhne Druckerei
Tel 0351 555 22

*Von:* Example Hosting Abuse <abuse@provider.example>
*Gesendet:* Montag, 7. Dezember 2026 08:14
*An:* technik@fiedler-druck.example
*Betreff:* [[SUBJ]]

[[Q]]""", ans='1,2,3', q3=1, style='plain', note='HTML-to-text with bold Von/Gesendet block, letter unquoted below')

R(1091, 'en', 'outbox and server queue both', """Hi,

1. One of our sales reps installed a cracked copy of some software that included a password stealer. It took his mail credentials.
2. PC wiped, password changed, rule in our Postfix that limits each user to 100 recipients per hour, and fail2ban.
3. I checked both: the Thunderbird outbox on his PC is empty, and the queue on the server itself is empty too (I ran postsuper -d ALL, and postqueue -p now says "Mail queue is empty").

Cheers
Viktor

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='mentions the outbox but also explicitly the server queue')

R(1092, 'de', 'outbox server not found', """Hallo,

1. Passwort wurde wahrscheinlich durch eine Phishing-Mail abgegriffen, die unsere Praktikantin geöffnet hat.
2. Neues Passwort, Schulung durchgeführt.
3. Der Postausgang in Outlook ist leer. Eine Queue auf dem Server habe ich nicht gefunden, ich weiß nicht wo die sein soll.

Gruß
Sandra Lindner

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', note='outbox empty; could not find the server queue')

R(1093, 'en', 'webmin postfix queue page', """Hello,

1. Cause: a user's password ("Summer2024") was guessed by a brute-force bot.
2. Password reset for all users with a new minimum length of 14, fail2ban enabled via Webmin's Fail2Ban module.
3. Webmin > Servers > Postfix Mail Server > Mail Queue: I selected all 6,208 messages and pressed "Delete selected". The page now says "The mail queue is empty".

Best regards,
Kofi Mensah

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='Webmin queue page empty')

R(1094, 'de', 'eml base64 future', """Guten Tag,

1. Das Passwort war vermutlich zu einfach (Name des Hundes + 1).
2. Wir werden die Passwörter demnächst alle ändern.
3. Die Warteschlange wird morgen von unserem Techniker geleert.

Freundliche Grüße
Elke Sommer
""", ans='1', q3=0, ext='eml', style='gt',
  eml=dict(mode='plain', cte='b64', frm='Elke Sommer <elke@weingut-sommer.example>'),
  note='base64 plain; q2 and q3 only announced for later')

R(1095, 'en', 'mailenable windows', """Hello,

1. The account orders@ had the password "orders2020". It was guessed.
2. Changed to a strong password; enabled MailEnable's "Enable automatic IP address blocking for failed login attempts" and restricted SMTP relay to authenticated users from the LAN only.
3. In MailEnable Administration > Servers > localhost > Connectors > SMTP > Queues > Outgoing there were 9,000+ messages; I deleted them. The Outgoing queue now shows 0 messages.

Thanks
George

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', note='MailEnable (Windows) outgoing queue 0')

R(1096, 'de', 'zu frage eins zwei drei words', """Hallo,

Zu Frage eins: Das Konto info@ hatte noch das Passwort, das ein früherer Dienstleister vergeben hatte; dieser Dienstleister hatte einen Sicherheitsvorfall, bei dem Kundendaten abgeflossen sind.

Zu Frage zwei: Alle Passwörter wurden neu gesetzt, der alte Dienstleister hat keinen Zugriff mehr, und wir haben ein Versandlimit pro Postfach eingerichtet.

Zu Frage drei: Ich bestätige, dass die Mailqueue auf unserem Server leer ist. Ausgabe "postqueue -p": Mail queue is empty.

Grüße
Michael

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='questions numbered by words')

R(1097, 'en', 'answers in subject only', """""", ans='1,2,3', q3=1, ext='eml',
  eml=dict(mode='plain', cte='8bit', frm='Alex Turner <alex@kiwi-apps.example>',
           subject='Re: [[REF]] 1) weak pw guessed 2) new pw + fail2ban 3) server queue empty, postqueue -p: Mail queue is empty'),
  note='empty body; answers only in the Subject header')

R(1098, 'de', 'whm filtered by sender', """Hallo,

1. Das Konto info@ auf unserem cPanel-Server wurde über ein unsicheres Passwort übernommen.
2. Passwort geändert, cPHulk aktiviert.
3. Im WHM-Mail-Queue-Manager habe ich nach Absender info@ gefiltert und alle diese Mails gelöscht.

Grüße
Tim

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='deleted only mails of one sender; queue not said to be empty')

R(1099, 'en', 'exchange one queue unreachable', """Hi,

1. Compromised account via password spray (Welcome1!).
2. Account disabled, lockout policy, SMTP AUTH disabled for normal users.
3. Queues emptied on our Exchange:

Identity                DeliveryType             Status      MessageCount NextHopDomain
--------                ------------             ------      ------------ -------------
EXCH\\5                  SmartHostConnectorDel... Ready       0            [smtp.provider.example]
EXCH\\Submission         Undefined                Ready       0            Submission
EXCH\\Unreachable        Unreachable              Ready       45           Unreachable Domain

Best
Carlos

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='Unreachable queue still holds 45')

R(1100, 'de', 'sendmail empty', """Hallo,

1. Brute-Force auf das Konto lager@, Passwort war ein einfaches Wort.
2. Passwort geändert, fail2ban (sendmail-auth) aktiv, Versand nur noch über Port 587 mit TLS.
3. Die Queue unseres Sendmail-Servers ist geleert:

# mailq
/var/spool/mqueue is empty
		Total requests: 0

Gruß
Peter

[[Q]]""", ans='1,2,3', q3=1, style='gt', note='Sendmail empty')

R(1101, 'mix', 'english expat german mix', """Hallo liebe Abuse-Team,

sorry, my German is not so gut.

1. Das password war "London123", I think somebody has guessed it. Very stupid, I know.
2. I will look at the security settings this weekend, mein Kollege hilft mir.
3. The queue on the server is empty, ich habe "postqueue -p" gemacht und es sagt "Mail queue is empty".

Vielen Dank und cheers,
Tom Ashworth

[[Q]]""", ans='1,3', q3=1, style='gmail_de', letter_lang='de', note='mixed; q2 postponed to the weekend')

R(1102, 'en', 'msp ticket logged', """Hello,

Thank you for contacting Harbour IT Managed Services. Your email has been logged as incident INC0012345 and assigned to an engineer. Please do not reply to this message; reference the incident number in any correspondence.

Harbour IT Service Desk

[[Q]]""", ans='', q3=0, agent=1, style='gt', note='managed service provider ticket acknowledgement')

R(1103, 'de', 'long rambling', """Sehr geehrte Damen und Herren,

da bin ich jetzt schon etwas erschrocken, als Ihre Mail kam, weil wir eigentlich immer gedacht haben, dass bei uns alles sicher ist, unser Server läuft seit 2016 und es gab nie Probleme. Ich habe dann gleich unseren Bekannten angerufen, der uns den Server damals eingerichtet hat (Postfix auf einem kleinen Debian-Rechner), und wir haben gestern Abend zusammen drei Stunden davor gesessen.

Herausgekommen ist Folgendes, und ich nummeriere es so, wie Sie es wollten:

1. Der Zugang, über den der Spam ging, war das Konto von meinem Mann (karl@), und der hatte als Passwort tatsächlich seit Jahren den Namen unserer Katze mit Geburtsjahr. Im Log hat man gesehen, dass ab Mittwoch früh tausende Anmeldeversuche kamen, und am Donnerstag um kurz nach drei Uhr nachts hat es dann gepasst. Danach ging es los.

2. Wir haben für alle fünf Konten neue Passwörter gemacht, richtig lange, die stehen jetzt in einem Passwortprogramm. Unser Bekannter hat außerdem fail2ban installiert, damit nach ein paar falschen Versuchen die Adresse gesperrt wird, und er hat eingestellt, dass jedes Konto höchstens 50 Mails pro Stunde schicken kann, das reicht uns dicke.

3. Die Warteschlange auf dem Server hat er mit "postsuper -d ALL" gelöscht, da waren über 20.000 Mails drin. Danach hat er "postqueue -p" eingegeben und es kam "Mail queue is empty". Ich habe heute früh nochmal selbst nachgesehen (er hat mir gezeigt wie), es steht immer noch dasselbe da.

Ich hoffe, das reicht Ihnen so, und entschuldige mich für den Ärger. Wir sind ein kleiner Familienbetrieb und auf die Mails angewiesen.

Mit freundlichen Grüßen
Gisela Berger

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='long and chatty but complete')

R(1104, 'en', 'follow-up hackers q3 listing', """Hello,

1. It was hackers from Russia, the IPs in the log were Russian.
3. Queue emptied:

root@srv:~# postqueue -p
Mail queue is empty

Regards
Igor

[[Q]]""", ans='2,3', q3=1, style='gmail_en', fu='1,3', note='q1 still only "hackers from Russia"; q3 now fine; q2 earlier')

R(1105, 'de', 'follow-up never had queue', """Hallo,

auf unserem Server lag nie etwas in der Warteschlange, die Mails gingen sofort raus bzw. wurden von Ihnen abgewiesen. Ich habe eben nochmal nachgesehen:

# postqueue -p
Mail queue is empty

Gruß
O. Krämer

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', fu='3', qreason='NO_EVIDENCE', note='says nothing was ever queued; empty listing counts')

R(1106, 'en', 'postqueue mail system down', """Hi,

1. weak password on the account "backup" which is used by our NAS to send reports.
2. changed the password, the NAS reports now go via a dedicated account with a random password.
3. I stopped postfix to be safe. postqueue -p says:

postqueue: fatal: Queue report unavailable - mail system is down

so nothing can go out.

Kind regards
Tobias

[[Q]]""", ans='1,2', q3=0, style='tb_en', note='postfix stopped; queue not listed or emptied')

R(1107, 'de', 'postsuper no listing', """Guten Tag,

1. Passwort von kontakt@ wurde durch Ausprobieren herausgefunden.
2. Passwort geändert.
3. Auf dem Server habe ich "postsuper -d ALL" ausgeführt, damit ist die komplette Warteschlange gelöscht.

MfG
W. Roth

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='explicit postsuper -d ALL on the server without a listing')

R(1108, 'en', 'except deferred', """Hello,

1. phishing
2. new password + 2FA
3. The queue is empty except for the deferred messages, which I understand get dropped after 5 days anyway.

Best,
Mia

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='deferred messages left in the queue')

R(1109, 'de', 'reboot as queue clearing', """Hallo,

1. Unser Praktikant hat das Passwort seines Postfachs auf einer Phishing-Seite eingegeben.
2. Passwort geändert und Praktikant belehrt.
3. Wir haben den Server neu gestartet, damit ist die Warteschlange weg.

Gruß
Holger

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='a reboot does not empty the queue')

R(1110, 'en', 'reinstalled server', """Hi,

1. The old server ran an unpatched Zimbra 8.8 and the admin password was weak; someone logged in and created a sending account.
2. We set up a new server (Postfix + Dovecot on Debian 12) with new passwords for everyone, fail2ban, and rate limits. The old VM has been deleted, disk included.
3. The new server's queue is empty:

$ sudo postqueue -p
Mail queue is empty

Regards
Amir

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='old server deleted, new one empty listing')

R(1111, 'de', 'qnap question back', """Hallo,

1. Passwort war "qnap" (Standard), wurde erraten.
2. Passwort geändert, Zugriff aufs QNAP von außen gesperrt.
3. Ich habe im QmailAgent auf dem QNAP geschaut, finde aber keine Warteschlange. Wo ist die?

Gruß
Ulrich

[[Q]]""", ans='1,2', q3=0, style='tb_de', note='q3 is a question back (QNAP)')

R(1112, 'en', 'bottom-post gmail', """[[Q]]

Hello,

1. Our "newsletter" account password was reused from an old Mailchimp login that got phished.
2. Password changed, newsletter now only sent via the ESP, SMTP auth disabled for that account.
3. Server queue purged; postqueue -p shows "Mail queue is empty".

Regards
Nora
""", ans='1,2,3', q3=1, style='gmail_en', note='bottom-posted below the full quote')

R(1113, 'de', 'eml 8bit latin1 outlook outbox paren', """Sehr geehrte Damen und Herren,

1. Ursache war ein zu einfaches Kennwort beim Konto rezeption@.
2. Kennwort geändert und fail2ban eingerichtet.
3. Mailqueue wurde geleert (Outlook Postausgang).

Mit freundlichen Grüßen
Günther Maier
Hotel Alpenhof
""", ans='1,2', q3=0, ext='eml', style='outlook_de', acc='mail.alpenhof.example',
  eml=dict(mode='alt', cte='8bit', charset='iso-8859-1', frm='=?iso-8859-1?q?G=FCnther_Maier?= <gm@alpenhof.example>'),
  note='says "Mailqueue geleert" but in parentheses Outlook outbox; 8bit ISO-8859-1 alternative')

R(1114, 'en', 'one-liner two answers', """Password changed. Queue on the server cleared. Please unlock.

[[Q]]""", ans='2,3', q3=1, style='apple_en', note='no cause; queue on the server explicitly cleared')

R(1115, 'de', 'kerio mailbox emptied', """Hallo,

1. Kennwort des Benutzers "azubi" wurde erraten.
2. Neues Kennwort, Kerio sperrt jetzt IPs nach 5 Fehlversuchen.
3. Ich habe das Postfach des Benutzers "azubi" komplett geleert, auch Gesendete Objekte.

Gruß
Kerstin

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='emptied the user mailbox, not the Kerio message queue')

R(1116, 'en', 'vague everything', """Hello,

we don't really know what happened, the server was working fine. We will look into it with our IT company. The queue will be checked by them next week.

Kind regards,
Sarah

[[Q]]""", ans='', q3=0, style='gmail_en', note='attempts but answers nothing: unknown cause, looking into it, queue next week')

R(1117, 'de', 'cause hackers', """Hallo,

1. Unbekannt, wahrscheinlich Hacker.
2. Alle Passwörter geändert, fail2ban installiert, SMTP nur noch mit TLS.
3. Queue mit postsuper -d ALL gelöscht, postqueue -p zeigt Mail queue is empty.

Gruß
Uwe

[[Q]]""", ans='2,3', q3=1, style='tb_de', note='q1 "unknown, probably hackers"')

R(1118, 'en', 'two servers both checked', """Hello,

1. The password of helpdesk@ was found by brute force; it was short.
2. New password, fail2ban and a 100/h limit on both relays.
3. We have two Postfix servers that relay through you (mx1 and mx2). I emptied both queues with postsuper -d ALL:

mx1:~# postqueue -p
Mail queue is empty
mx2:~# postqueue -p
Mail queue is empty

Regards
Eva

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', note='two relaying servers, both empty')

R(1119, 'de', 'zimbra admin console', """Hallo,

1. Das Konto marketing@ wurde über eine Phishing-Mail kompromittiert (gefälschte Zimbra-Login-Seite).
2. Passwort zurückgesetzt, 2FA für alle Zimbra-Konten verpflichtend, Versandlimit über die Klasse of Service.
3. In der Zimbra-Admin-Konsole unter Überwachung > Mailwarteschlangen: Deferred, Incoming, Active, Hold und Corrupt stehen alle auf 0.

Viele Grüße
Kathrin

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', acc='zimbra.citrus-media.example', note='Zimbra admin console queues all 0')

R(1120, 'en', 'follow-up q2 antivirus', """Hi,

for question 2: we installed Bitdefender on all office computers and enabled the spam filter on the server.

Thanks
Paul

[[Q]]""", ans='1,3', q3=1, style='outlook_line_en', fu='2', note='antivirus and spam filter do not answer q2')

finish()
