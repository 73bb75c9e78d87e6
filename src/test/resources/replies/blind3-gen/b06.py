from render import *

R(1201, 'de', 'roundcube exim', """Hallo,

1. Das Passwort des Kontos "webshop" war in der Konfiguration eines alten Onlineshops gespeichert, der über eine bekannte Lücke (veraltetes Plugin) ausgelesen wurde.
2. Shop abgeschaltet, Passwort geändert, Exim-Ratelimit 50/h für authentifizierte Absender, fail2ban.
3. Warteschlange auf dem Server geleert:

~# exim -bpc
0

Grüße aus Leipzig
Conny

[[Q]]""", ans='1,2,3', q3=1, style='roundcube_de', note='Roundcube quote header; exim count 0')

R(1202, 'en', 'lotus notes quote unknown cause', """Hello,

1. Unknown. We have not been able to find out how the password was obtained.
2. Password changed, account lockout after 5 attempts, SMTP only over TLS.
3. The queue on our server is empty (postqueue -p: "Mail queue is empty").

Regards
Hans Peters
""", ans='2,3', q3=1, style='notes_en', note='Notes-style header block; cause unknown')

R(1203, 'de', 'outlook mac apple outbox', """Hallo,

1. Das Passwort war zu einfach.
2. Wir haben ein neues Passwort.
3. Die Warteschlange in Apple Mail („Ausgang“) ist leer, da ist nichts mehr drin.

Gruß
Tina

[[Q]]""", ans='1,2', q3=0, style='outlook_mac_de', note='Apple Mail "Ausgang" = outbox')

R(1204, 'en', 'proton mobile', """1. leaked pw (reused on a forum)
2. new unique pw + fail2ban on the box
3. postfix queue on the server wiped, postqueue -p = Mail queue is empty

Sent from Proton Mail mobile

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='terse mobile reply, complete')

R(1205, 'mix', 'follow-up mixed complete', """Hallo,

2. We have now enabled fail2ban and set a Sendelimit of 100 Mails pro Stunde.
3. Queue ist leer, checked on the server: "Mail queue is empty".

Danke, cheers
Mareike

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', letter_lang='de', fu='2,3', note='German/English within sentences')

R(1206, 'de', 'postfix hold queue', """Guten Tag,

1. Kennwort des Kontos "lager" wurde per Brute-Force ermittelt.
2. Kennwort geändert, fail2ban.
3. Die Spam-Mails habe ich alle auf "hold" gesetzt (postsuper -h ALL), damit gehen sie nicht mehr raus:

-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
A1B2C3D4E5!     2011 Sat Dec  5 23:01:12  lager@mail.huber-bau.example
                                         j.smith@gmail.example
B2C3D4E5F6!     2014 Sat Dec  5 23:01:13  lager@mail.huber-bau.example
                                         m.garcia@outlook.example
[...]
-- 4120 Kbytes in 1988 Requests.

Gruß
Huber Bau IT

[[Q]]""", ans='1,2', q3=0, style='outlook_de', acc='mail.huber-bau.example', note='mails put on hold, 1988 requests still in the queue')

R(1207, 'en', 'qmail preprocessed nonzero', """Hi,

1. Password guessed (it was "qwerty123").
2. Changed password and limited SMTP auth to our LAN.
3. Queue check:

messages in queue: 0
messages in queue but not yet preprocessed: 17

So the queue is empty.

Regards
Martin

[[Q]]""", ans='1,2', q3=0, style='tb_en', note='qmail: 17 not yet preprocessed')

R(1208, 'de', 'exchange suspended', """Hallo,

1. Phishing (gefälschte SharePoint-Freigabe).
2. Kennwort zurückgesetzt, MFA aktiviert.
3. Die Warteschlange haben wir angehalten, damit nichts mehr rausgeht:

Identity      DeliveryType              Status     MessageCount
--------      ------------              ------     ------------
EX01\\12       SmartHostConnectorDelivery Suspended  1204
EX01\\Submission Undefined              Ready      0

Gruß
Ralf

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', note='queue suspended with 1204 messages, not emptied')

R(1209, 'en', 'only q3 postfix mailq', """Hello,

We are monitoring the situation.

The queue on the mail server:

$ mailq
Mail queue is empty

Regards
Dev team

[[Q]]""", ans='3', q3=1, style='gmail_en', note='no cause; monitoring only; empty listing')

R(1210, 'de', 'follow-up cause detailed', """Guten Tag,

wir haben die Ursache gefunden: Auf dem Laptop unseres Außendienstmitarbeiters lief eine gefälschte "PDF-Reader"-Software, die gespeicherte Zugangsdaten aus dem Browser und aus Outlook ausgelesen hat (Infostealer, von unserem Virenscanner nachträglich als "Lumma" erkannt). Darüber kam das Passwort für vertrieb2@ in fremde Hände.

Mit freundlichen Grüßen
Frank Oster

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', fu='1', note='follow-up q1 with a concrete cause')

R(1211, 'en', 'follow-up mx2 decommissioned', """Hi,

mx1, the only server that relays through you:

mx1:~$ sudo postqueue -p
Mail queue is empty

(mx2 from the old setup was decommissioned last year, it no longer exists.)

Regards
Omar

[[Q]]""", ans='1,2,3', q3=1, style='gt', fu='3', qreason='NO_EVIDENCE', note='empty listing; says the second server no longer exists')

R(1212, 'de', 'follow-up q2 commissioned', """Hallo,

wir haben unseren IT-Dienstleister beauftragt, den Server abzusichern. Der meldet sich nächste Woche mit den Details.

Gruß
Petra

[[Q]]""", ans='1,3', q3=1, style='gmail_de', fu='2', note='q2 delegated/announced only')

R(1213, 'en', 'follow-up call request', """Hi,

can someone call me please? +44 161 496 0123. Easier to explain on the phone.

Thanks
Gary

[[Q]]""", ans='1', q3=0, agent=1, style='gmail_en', fu='2,3', note='follow-up 2 and 3; only asks for a call')

R(1214, 'de', 'follow-up flush again', """Hallo,

die Queue habe ich jetzt nochmal mit postqueue -f geleert.

Gruß
Nico

[[Q]]""", ans='1,2', q3=0, style='tb_de', fu='3', qreason='FLUSHED', qwords='postqueue -f', note='flushed again; that re-sends, does not delete')

R(1215, 'en', 'angry password only', """Password changed. Now unlock us or we cancel the contract.

[[Q]]""", ans='2', q3=0, style='outlook_line_en', note='short and angry; only q2')

R(1216, 'de', 'webmin german ui', """Hallo,

1. Das Konto "kasse" hatte noch das Startpasswort "Kasse2022".
2. Passwort geändert, Webmin-Modul Fail2Ban eingerichtet (postfix-sasl), Limit 60 Mails pro Stunde.
3. In Webmin unter Server > Postfix-Konfiguration > Mail-Warteschlange habe ich alle 3.217 Nachrichten gelöscht. Dort steht jetzt: "Die Mail-Warteschlange ist leer."

Gruß
Tom

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='Webmin queue page (German UI) empty')

R(1217, 'en', 'mdaemon bad queue', """Hi,

1. Compromised password (reused from an old Dropbox account).
2. New password, Dynamic Screening locks after 3 failures.
3. MDaemon: the Remote queue is 0 now. The Bad queue still has 318 messages, but those are undeliverable anyway.

Regards
Ingrid

[[Q]]""", ans='1,2', q3=0, style='outlook_en', note='MDaemon Bad queue still holds 318')

R(1218, 'de', 'hmailserver complete', """Hallo,

1. Passwort des Kontos "info" wurde erraten (7 Zeichen).
2. Neues Passwort, in hMailServer "Auto-ban" aktiviert (3 Fehlversuche, 1 Tag), SMTP-Anmeldung nur noch aus dem LAN und über VPN.
3. hMailServer Administrator > Status > Delivery queue: Ich habe "Clear" geklickt, die Liste ist jetzt leer (0 Nachrichten).

Grüße
Dirk

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', note='hMailServer delivery queue cleared, 0')

R(1219, 'en', 'outbox and queue both i think', """Hi,

1. The password was on a phishing page, our receptionist typed it in.
2. Changed it and told everyone about phishing.
3. I'm not sure what the difference between the outbox and the queue is, but I think both are empty.

Sorry!
Kelly

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='q3 "I think both are empty", confused')

R(1220, 'de', 'eml inline logo complete', """Guten Tag,

1. Ursache: Ein Mitarbeiter hat sein Kennwort für eine Jobbörse und für den Mailzugang gleich gewählt, die Jobbörse hatte einen Datenabfluss.
2. Kennwort geändert, Richtlinie gegen Wiederverwendung, Versandbegrenzung 100/h, fail2ban.
3. Die Warteschlange unseres Mailservers ist geleert: postqueue -p ergibt "Mail queue is empty".

Mit freundlichen Grüßen
Sarah Weber
Weber Logistik
""", ans='1,2,3', q3=1, ext='eml', style='outlook_line_de',
  eml=dict(mode='mixed', inner='alt', cte='qp', frm='Sarah Weber <s.weber@weber-logistik.example>',
           attach=[('image001.png', 'image/png', b'\x89PNG\r\n\x1a\n' + b'\x00\x01' * 40)]),
  note='multipart/mixed with signature logo attachment')

R(1221, 'en', 'pretty sure', """Hi,

pretty sure the queue is empty now, we ran the delete command. The cause was a weak password on test@, which we deleted, and we've set up fail2ban.

Thanks
Rob

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='q3 "pretty sure"')

R(1222, 'de', 'disclaimer details later', """Sehr geehrte Damen und Herren,

zu 1.: Nach unseren bisherigen Erkenntnissen wurde das Kennwort des Kontos "empfang" durch eine Phishing-Mail abgegriffen.
zu 2. und 3.: Details folgen, sobald unser Dienstleister die Analyse abgeschlossen hat.

Mit freundlichen Grüßen

Dr. Klaus Fendt
Fendt & Partner Rechtsanwälte mbB

---
Diese Nachricht ist vertraulich und kann dem Berufsgeheimnis unterliegen. Sollten Sie nicht der vorgesehene Empfänger sein, unterrichten Sie bitte den Absender und löschen Sie diese Nachricht. Jede Form der Weitergabe ist unzulässig. Fendt & Partner Rechtsanwälte mbB, Sitz München, AG München PR 0000.

[[Q]]""", ans='1', q3=0, style='outlook_de', note='2 and 3 deferred; disclaimer')

R(1223, 'en', 'regarding 1 2 3 mailq', """Hello,

Regarding 1: weak password on the account sales@ (brute-forced).
Regarding 2: new strong password, fail2ban, limit of 80 recipients/hour.
Regarding 3: server queue emptied with postsuper -d ALL; mailq now says "Mail queue is empty".

Kind regards
Ethan

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', note='"Regarding N:" numbering')

R(1224, 'de', 'plesk three own left', """Hallo,

1. Passwort von "info" war geleakt (bei einem Datenleck eines Shops).
2. Passwort geändert, Fail2Ban in Plesk aktiviert.
3. In Plesk unter Mail-Warteschlange stehen nur noch 3 Nachrichten, das sind unsere eigenen Rechnungen von heute Morgen. Den Spam habe ich gelöscht.

Gruß
Heiko

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='three mails left in the Plesk queue')

R(1225, 'en', 'hoster confirms forwarded', """Hi,

our server is managed by SysCare Ltd, here is their confirmation:

> Hi Anna, we have purged the mail queue on mail.harbour-logistics.example.
> postqueue -p now returns "Mail queue is empty". We also rotated the SMTP
> password of the account 'dispatch' and enabled fail2ban. - Colin, SysCare

The cause on our side: the dispatch password was shared with a temp worker via WhatsApp and was later used from abroad.

Regards
Anna

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', acc='relay@harbour-logistics.example', note='managed service confirmation quoted inside the reply')

R(1226, 'mix', 'austrian english fragments', """Servus,

1. Das Passwort war leider "Graz2020", quite embarrassing.
2. We will think about a better password policy, der Chef entscheidet das nächste Woche.
3. Die Warteschlange am Server is leer, postqueue -p sagt "Mail queue is empty".

Liebe Grüße / kind regards
Lukas

[[Q]]""", ans='1,3', q3=1, style='gmail_de', letter_lang='de', note='mixed; q2 postponed (password not even changed)')

R(1227, 'de', 'vague security hole', """Guten Tag,

1. Wir vermuten ein Sicherheitsloch im Server.
2. Alle Updates wurden eingespielt und alle Passwörter geändert.
3. Die Warteschlange auf dem Server ist geleert, postqueue -p meldet "Mail queue is empty".

Gruß
Robert

[[Q]]""", ans='2,3', q3=1, style='outlook_line_de', note='q1 only a vague suspicion')

R(1228, 'en', 'sendmail msp vs mta', """Hello,

1. The password of the account "orders" was guessed.
2. New password and auth only via TLS on 587.
3. The client queue is empty:

/var/spool/clientmqueue is empty
                Total requests: 0
                /var/spool/mqueue (12 requests)
-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------
0B8Lx1Hq011205     2043 Sun Dec  6 04:22 <orders@mail.rossi-import.example>
                                         <p.lang@aol.example>
[...]
                Total requests: 12

Regards
Paolo

[[Q]]""", ans='1,2', q3=0, style='gt', acc='mail.rossi-import.example', note='Sendmail MSP queue empty but MTA queue has 12')

R(1229, 'de', 'erstens zweitens no third', """Hallo,

erstens war das Kennwort schwach ("Hallo123"), zweitens haben wir es durch ein langes ersetzt und fail2ban installiert.

Gruß
Sabine

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='nothing on q3')

R(1230, 'en', 'ipad short', """1 phished password 2 reset + MFA 3 server queue emptied, mailq: Mail queue is empty

Sent from my iPad

[[Q]]""", ans='1,2,3', q3=1, style='apple_en', note='one-line iPad reply, complete')

R(1231, 'de', 'internal forward misaddressed', """Hi Thomas,

kannst du dir das mal anschauen? Ich verstehe nur Bahnhof. Die wollen irgendwas mit einer Queue.

Danke
Birgit

[[Q]]""", ans='', q3=0, agent=1, style='outlook_line_de', note='internal forward sent to abuse by mistake')

R(1232, 'en', 'labels same line', """Cause: the "copier" account's password was the manufacturer default.
Fix: account disabled, copier uses an internal IP-restricted relay, fail2ban.
Queue: emptied on the server, postqueue -p shows "Mail queue is empty".

-- 
Ola Nordmann, IT

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='labels on the same line')

R(1233, 'de', 'bavarian hedge', """Griaß God,

1. Des Passwort war z'leicht.
2. A neis Passwort hob i gmacht.
3. De Warteschlang miassad jetz laar sei, hod da Bua gsogt.

Pfiat Eana
Resi Huber

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='Bavarian; q3 "miassad ... sei" hedge, second-hand')

R(1234, 'en', 'yes to all', """Yes to all three questions.

[[Q]]""", ans='', q3=0, style='gt', note='blanket yes; does not say what caused it, what was done, or confirm the server queue explicitly')

R(1235, 'de', 'html to text zu', """Hallo zusammen,

**Zu 1:** Kennwort des Kontos *office@* wurde per Brute-Force erraten.

**Zu 2:** Neues Kennwort (20 Zeichen), fail2ban, Versandlimit.

**Zu 3:** Mailqueue auf dem Server geleert – `postqueue -p` → „Mail queue is empty“.

Viele Grüße
Anja

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='HTML-to-text with bold labels')

R(1236, 'en', 'eml french speaker latin1', """Hello,

1. The password of the account "comptabilite" was stolen with a phishing e-mail, the employee has entered it in a false site.
2. We have changed the password, activated the double authentication, and limited the sending to 100 e-mails by hour.
3. The queue of the server is emptied: the command "postqueue -p" answers "Mail queue is empty".

Best regards,
Hélène Dubois
""", ans='1,2,3', q3=1, ext='eml', style='gt',
  eml=dict(mode='plain', cte='qp', charset='iso-8859-1', frm='=?iso-8859-1?q?H=E9l=E8ne_Dubois?= <helene@rossi-import.example>'),
  note='French speaker, ISO-8859-1')

R(1237, 'de', 'follow-up both vague', """Hallo,

1. Wie gesagt, wir haben keine Ahnung, wie das passieren konnte.
2. Wir passen jetzt besser auf.

Gruß

[[Q]]""", ans='3', q3=1, style='tb_de', fu='1,2', note='follow-up 1 and 2, both still unanswered')

R(1238, 'en', 'exim entries legit', """Hello,

1. The mailbox "hr" had a weak password.
2. Changed it; fail2ban.
3. Only legit mail left in the queue:

root@mail:~# exim -bp
 5m  3.1K 1tAbCd-0004Xy-Q1 <hr@mail.bluepeak.example>
          candidate1@gmail.example

12m  2.8K 1tAbEf-0004Za-R7 <accounts@mail.bluepeak.example>
          supplier@orange.example

Regards
Fatima

[[Q]]""", ans='1,2', q3=0, style='gmail_en', acc='mail.bluepeak.example', note='exim -bp lists two messages')

R(1239, 'de', 'kerio complete', """Guten Tag,

1. Das Kennwort des Benutzers "bewerbung" stand in einer alten Stellenanzeige (!) als Teil eines Beispiel-Zugangs.
2. Benutzer gelöscht, alle anderen Kennwörter erneuert, Kerio blockiert nun IPs nach 5 Fehlversuchen.
3. Kerio Connect > Status > Nachrichtenwarteschlange: 0 Nachrichten.

Gruß
Lena

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='Kerio queue 0')

R(1240, 'mix', 'follow-up all three mixed', """Hi zusammen,

sorry, erste Antwort war Quatsch.

1. Cause: Passwort-Reuse, das PW vom Konto "support" war auch im alten Ticketsystem, das geleakt wurde.
2. New random password, fail2ban, rate limit 100/h.
3. Server queue: postsuper -d ALL, dann postqueue -p -> Mail queue is empty.

Danke!
Max

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', letter_lang='en', fu='1,2,3', note='mixed; all three answered after a follow-up listing all')

finish()
