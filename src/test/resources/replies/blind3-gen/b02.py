from render import *

R(1041, 'en', 'follow-up q2 q3 answered', """Hello again,

2. We have now installed fail2ban (jail postfix-sasl, 3 failures = 48h ban) and set smtpd_client_recipient_rate_limit = 200. Also, SMTP AUTH is no longer offered on port 25, only on 587.
3. I ran "postsuper -d ALL" on the mail server this morning. Output of postqueue -p right now:

Mail queue is empty

Regards
Felix

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', fu='2,3', note='follow-up for 2 and 3, both answered')

R(1042, 'de', 'follow-up outbox again', """Hallo,

ich habe nochmal nachgeschaut, der Postausgang ist wirklich leer. Auch im Ordner "Gesendete Elemente" ist nichts mehr von dem Spam drin, das habe ich alles gelöscht. Mehr kann ich nicht machen.

Gruß
Renate Sommer

[[Q]]""", ans='1,2', q3=0, style='outlook_de', fu='3', qreason='OUTBOX', qwords='Postausgang ist leer',
  note='insists on the Outlook outbox again after the explanation')

R(1043, 'en', 'eml alternative disclaimer', """Dear Abuse Team,

Please find our responses below.

1. Root cause: credential stuffing. The password of reception@oakridge-law.example appeared in a third-party breach (LinkedIn-style dump) and had been reused for the mailbox.
2. Remediation: the password was reset and the user enrolled in MFA; SMTP AUTH has been disabled for all mailboxes that do not need it (only the scanner and the practice management software keep it, with app passwords); we added an outbound limit of 300 messages per day per mailbox.
3. We confirm that the queue on our mail server (Postfix on mail.oakridge-law.example) has been emptied. "postqueue -p" returns "Mail queue is empty".

Kind regards,

Eleanor Hart
Practice Manager
Oakridge Law LLP
14 Kingsway, London WC2B 6XX (fictitious)
T +44 20 7946 0102

CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be protected by legal privilege. If you are not the intended recipient, be aware that any disclosure, copying, distribution or use of this e-mail or any attachment is prohibited. If you have received this e-mail in error, please notify us immediately by returning it to the sender and delete this copy from your system. Oakridge Law LLP is a limited liability partnership registered in England and Wales. A list of members is available for inspection at the registered office. We do not accept service of documents by e-mail. Please consider the environment before printing this e-mail.
""", ans='1,2,3', q3=1, ext='eml', style='outlook_en', acc='office@oakridge-law.example',
  eml=dict(mode='alt', cte='qp', frm='Eleanor Hart <e.hart@oakridge-law.example>'),
  note='multipart/alternative with long legal disclaimer after the answers')

R(1044, 'de', 'bar quoting bottom-post', """| Guten Tag,
|
| über Ihren Zugang [[ACC]] wurde in großer Zahl Spam über unsere
| Mailserver verschickt. [...]
|
| 1. Was genau hat den Spamversand verursacht?

Ein Kollege hatte sein Passwort auf einem Post-it am Monitor; eine Reinigungsfirma war in der Woche neu. Ob es daran lag, wissen wir nicht sicher, aber die Anmeldungen begannen genau in der Nacht nach deren erstem Einsatz, und andere Konten sind nicht betroffen.

| 2. Was genau haben Sie unternommen, um das künftig zu verhindern?

Passwort geändert, Zettel weg, Versandlimit pro Stunde eingerichtet, Anmeldung am SMTP nur noch aus unserem Netz.

| 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
| geleert haben (nicht den Postausgang Ihres Mailprogramms).

Bestätigt.
# mailq
Mail queue is empty

-- 
Wolfgang Kuhn
""", ans='1,2,3', q3=1, note='"| " quoting, bottom posting with snipped letter')

R(1045, 'en', 'cpanel whm queue manager', """Hi,

1. A mailbox on one of our cPanel accounts (shop@kiwi-apps.example) had its password leaked through an infected laptop of the shop owner (RedLine stealer found on it).
2. Laptop wiped, password changed, cPHulk brute force protection enabled, and in WHM > Tweak Settings we set "Max hourly emails per domain" to 200.
3. WHM > Email > Mail Queue Manager: I deleted all messages; the page now says "No messages found in the queue". exim -bpc on the shell also returns 0.

Thanks,
Craig

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_en', acc='mail.kiwi-apps.example', note='cPanel/WHM queue manager empty plus exim -bpc 0')

R(1046, 'de', 'virtualmin antivirus q2', """Hallo Abuse,

1. Auf dem Laptop der Chefin war Schadsoftware, die das gespeicherte Mailpasswort ausgelesen hat.
2. Wir haben jetzt einen ordentlichen Virenscanner (ESET) auf allen Rechnern und ClamAV plus SpamAssassin auf dem Server eingeschaltet.
3. In Virtualmin unter Webmin > Servers > Postfix Mail Server > Mail Queue steht "The mail queue is empty". Vorher waren da über 5000 Mails drin, die habe ich alle gelöscht.

Viele Grüße
Nils

[[Q]]""", ans='1,3', q3=1, style='gmail_de', note='q2 only antivirus/spam filter, nothing on the account; password not even changed')

R(1047, 'en', 'mdaemon cause unknown', """Hello,

1. We are not sure how they got the password, it just happened somehow over the weekend.
2. Password changed for all users, MDaemon's "Dynamic Screening" is now blocking IPs after 5 failed logins, and "Require SMTP authentication credentials to match those of the Return-Path" is on.
3. In MDaemon under Queues, the Remote queue and the Retry queue are both empty (0 messages); I deleted 7,912 messages there.

Regards
Olga Mertens

[[Q]]""", ans='2,3', q3=1, style='outlook_en', note='q1 "somehow"; MDaemon queues described empty')

R(1048, 'de', 'hmailserver spamfilter q2', """Hallo,

Ursache: Passwort "Willkommen1" beim Konto bewerbung@, das für eine Stellenanzeige angelegt wurde und dann vergessen wurde.

Maßnahme: Wir haben den Spamschutz von hMailServer eingeschaltet (SURBL, SpamAssassin) und Greylisting aktiviert.

Warteschlange: In hMailServer Administrator unter Status > Delivery queue ist nichts mehr drin, Liste ist leer.

Mfg
Dirk

[[Q]]""", ans='1,3', q3=1, style='tb_de', note='q2 is incoming spam filtering only; the abused account is untouched')

R(1049, 'en', 'kerio connect', """Hi abuse desk,

1. Cause: user "events" had a password that was also used for our Eventbrite account, which was phished.
2. Password changed, Kerio Connect "Block IP addresses suspicious of password guessing attacks" is enabled, and events@ can only send to our own domain now.
3. Kerio Connect admin > Status > Message Queue: 0 messages. I cleared the 2,301 queued messages there before writing this.

Best regards
Tomasz

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', note='Kerio message queue page shows 0')

R(1050, 'de', 'icewarp hedge', """Guten Tag,

1) Das Konto lager@ hatte ein sehr schwaches Kennwort (lager123).
2) Kennwort geändert; im IceWarp haben wir die Intrusion Prevention scharf geschaltet.
3) Die Queue müsste eigentlich leer sein, ich habe im IceWarp-Admin alles gelöscht, was unter "Outgoing" stand, konnte aber noch nicht kontrollieren ob was nachkam.

Gruß aus Kassel
Frank Oster

[[Q]]""", ans='1,2', q3=0, style='outlook_de', note='"müsste eigentlich leer sein", not rechecked')

R(1051, 'en', 'postqueue flush', """Hello

1. The password of marketing@ was guessed, it was "Marketing2023".
2. Strong passwords now and fail2ban is in place.
3. I flushed the queue with postqueue -f so it's clean now.

Regards,
Ahmed

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='"flushed with postqueue -f" re-sends, does not delete')

R(1052, 'de', 'm365 hybrid exchange', """Guten Tag,

1. Ein Benutzer (Postfach m.kraus@) hat im Oktober sein M365-Kennwort auf einer Phishing-Seite eingegeben. Da unser On-Premises-Exchange im Hybridbetrieb SMTP-AUTH mit denselben AD-Anmeldedaten annimmt und über Ihren Smarthost versendet, konnte der Angreifer darüber Spam verschicken.
2. Kennwort zurückgesetzt, Sitzungen widerrufen, Conditional Access mit MFA für alle Benutzer, SMTP-AUTH auf dem Client Frontend Connector des Exchange nur noch für zwei Dienstkonten, und ein Transportregel-Limit auf 500 Empfänger pro Tag.
3. Die Warteschlangen auf dem Exchange-Server sind leer. Get-Queue zeigt bei allen Warteschlangen MessageCount 0, auch beim Smarthost-Connector zu Ihnen.

Freundliche Grüße
Markus Kraus
IT-Leitung

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', acc='exch01.brandl-steuer.example', note='M365 hybrid; Get-Queue all 0 described')

R(1053, 'de', 'bare done', """Erledigt. Bitte wieder freischalten.

Von meinem Samsung Galaxy Smartphone gesendet.

[[Q]]""", ans='', q3=0, agent=1, style='gmail_de', note='a bare "erledigt" answers none of the questions')

R(1054, 'de', 'long signature disclaimer', """Sehr geehrte Damen und Herren,

vielen Dank für Ihren Hinweis. Nachfolgend unsere Stellungnahme:

Zu 1.: Ursache war ein kompromittiertes Kennwort des Funktionspostfachs poststelle@. Die Zugangsdaten wurden nach unserer Analyse durch eine Schadsoftware (Infostealer) auf einem privaten Endgerät einer Mitarbeiterin abgegriffen, das für den Webmail-Zugriff genutzt wurde.

Zu 2.: Das Kennwort wurde geändert, private Endgeräte sind für den Webmail-Zugriff gesperrt (Zugriff nur noch über VPN), auf dem Mailserver ist fail2ban aktiv und der authentifizierte Versand ist auf 150 Nachrichten pro Stunde begrenzt.

Zu 3.: Wir bestätigen ausdrücklich, dass die Warteschlange unseres Mailservers (Postfix, mx1.stadtwerke-au.example) vollständig geleert wurde. Die Ausgabe von "postqueue -p" lautet "Mail queue is empty".

Mit freundlichen Grüßen
im Auftrag

Dipl.-Inf. Carola Weidner
Stabsstelle IT
Stadtwerke Au GmbH
Industriestraße 4, 84072 Au (fiktiv)
Telefon: 08752 555-0 | Fax: 08752 555-99

Stadtwerke Au GmbH - Sitz: Au - Registergericht: Landshut HRB 0000
Geschäftsführer: Dr. Albert Zehetmair - Aufsichtsratsvorsitzender: Bürgermeister Hans Huber

Diese E-Mail enthält vertrauliche und/oder rechtlich geschützte Informationen. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail. Das unerlaubte Kopieren sowie die unbefugte Weitergabe dieser E-Mail sind nicht gestattet. Informationen zum Datenschutz finden Sie unter https://stadtwerke-au.example/datenschutz.

This e-mail may contain confidential and/or privileged information. If you are not the intended recipient (or have received this e-mail in error) please notify the sender immediately and destroy this e-mail. Any unauthorised copying, disclosure or distribution of the material in this e-mail is strictly forbidden.

[[Q]]""", ans='1,2,3', q3=1, style='outlook_line_de', acc='mx1.stadtwerke-au.example', note='formal, "Zu 1.:" numbering, long bilingual disclaimer')

R(1055, 'en', 'non-native english', """Respected Sir/Madam,

Greetings of the day. Kindly find the answers of your questions.

1. The spam was happened because the password of the id accounts@ was very simple and somebody has cracked the same by trying many times.
2. We have changed the password of all the ids with strong one and installed fail2ban which is blocking the IP after 5 wrong attempts. Also we have restricted 100 mails per hour per id.
3. We hereby confirm that the mail queue of our server is emptied. The output of command mailq is "Mail queue is empty".

Kindly do the needful and enable the relaying at the earliest.

Thanks & Regards
Rajesh Kumar
System Administrator

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', note='Indian English phrasing')

R(1056, 'de', 'non-native german outbox', """Hallo,

1. Das Passwort war zu leicht, war "Bursa1453".
2. Ich habe neue Passwort gemacht mit viele Zeichen und Zahlen.
3. Ich habe alle Mails gelöscht in Outlook, Postausgang und Gesendete, jetzt ist alles leer. Bitte machen Sie wieder auf, ich brauche für Arbeit.

Danke
Mehmet Yılmaz
Yılmaz Transporte

[[Q]]""", ans='1,2', q3=0, style='gmail_de', note='non-native German; q3 is the Outlook outbox')

R(1057, 'en', 'regarding headings exim frozen', """Hi,

Regarding the cause: an old mailbox (jobs@) from a recruitment campaign in 2022 still existed with its original password "Jobs2022!". It was brute-forced.

Regarding prevention: the mailbox is deleted, we audited all accounts (removed 11 unused ones), and the exim ACL now rate-limits authenticated senders to 60 messages per hour.

Regarding the queue: I removed the spam. What remains:

root@mail:~# exim -bp
 4d  2.1K 1t9XyZ-000Abc-7Q <> *** frozen ***
          jobs@mail.bluepeak.example

 4d  2.3K 1t9Xz0-000Abd-2L <> *** frozen ***
          jobs@mail.bluepeak.example

Only two frozen bounces, so effectively empty.

Cheers,
Dan

[[Q]]""", ans='1,2', q3=0, style='gt', acc='mail.bluepeak.example', note='exim -bp still lists two frozen bounces; "effectively empty"')

R(1058, 'de', 'erstens zweitens drittens', """Guten Tag,

erstens: Die Ursache war ein erratenes Passwort beim Konto werkstatt@. Es bestand nur aus dem Firmennamen und der Hausnummer.

zweitens: Wir haben das Passwort durch ein zufälliges mit 20 Zeichen ersetzt, fail2ban installiert und den Versand auf 50 Mails pro Stunde und Konto begrenzt.

drittens: Die Mailqueue unseres Postfix ist leer, postqueue -p zeigt "Mail queue is empty". Gelöscht habe ich sie mit postsuper -d ALL.

Mit freundlichen Grüßen
Gerhard Beck

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', acc='srv-mail.autohaus-beck.example', note='numbering by words (erstens, zweitens, drittens)')

R(1059, 'en', 'follow-up all three', """Hi,

sorry, my first reply was only "please unlock", I didn't read your mail properly. Here are the real answers:

1 - our contact@ mailbox password was found through brute force, it was a dictionary word
2 - new 16+ char password, fail2ban installed, SMTP auth only from our two office IPs
3 - server queue deleted completely (postsuper -d ALL), postqueue -p now prints "Mail queue is empty"

Thanks
Leo

[[Q]]""", ans='1,2,3', q3=1, style='tb_en', fu='1,2,3', note='follow-up listing all three; now all answered')

R(1060, 'de', 'follow-up q2 monitoring', """Guten Tag,

wir beobachten jetzt täglich die Logdateien und schauen, ob wieder etwas Auffälliges passiert.

Gruß
Kanzlei Roth

[[Q]]""", ans='1,3', q3=1, style='outlook_de', fu='2', acc='info@kanzlei-roth.example', note='follow-up asked q2; log watching only is not a preventive measure; 1,3 earlier')

R(1061, 'en', 'iphone autocorrect typos', """1. Pass word was gussed, it was our dogs name lol
2. Chnaged it to a long one and turned on fail too ban (fail2ban)
3. Emptied the que on the sever with postsuper, postqueue -p says mail que is empty

Sent from my iPhone

[[Q]]""", ans='1,2,3', q3=1, style='apple_en', note='autocorrect/typos; still explicit')

R(1062, 'de', 'wrong recipient web designer', """Hi Lisa,

kannst du bitte auf der Website noch die neuen Öffnungszeiten eintragen? Mo-Fr 8-17 Uhr, Sa 9-12 Uhr. Und das Logo im Footer ist immer noch das alte.

Danke dir!
Petra

[[Q]]""", ans='', q3=0, agent=1, style='gmail_de', note='meant for the web designer, nothing about the case')

R(1063, 'en', 'question back gmail user', """Hello,

I don't understand this email. We don't have a mail server, we just use Gmail on our phones and laptops. What is the queue you are talking about and how do I empty it? Is this a scam?

Brian

[[Q]]""", ans='', q3=0, agent=1, style='gmail_en', note='confused questions only, no answer attempt')

R(1064, 'en', 'eml mixed screenshot only', """Hello,

1. Brute force against the SMTP login of info@ (weak password).
2. Changed the password and enabled fail2ban.
3. See attached screenshot.

Kind regards
Sophie
""", ans='1,2', q3=0, ext='eml',
  eml=dict(mode='mixed', cte='8bit', frm='Sophie Laurent <sophie@greenleaf-dental.example>',
           attach=[('queue.png', 'image/png', b'\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82')]),
  note='q3 only "see attached screenshot", no statement in text')

R(1065, 'de', 'eml screenshot with statement', """Hallo,

1. Ein Mitarbeiter hat sein Passwort auf einer gefälschten Paketdienst-Seite eingegeben.
2. Neues Passwort, 2FA im Webmail, Versandlimit von 100 Mails/h.
3. Die Mailqueue in Plesk (Tools & Einstellungen > Mailserver-Einstellungen > Mail-Warteschlange) ist leer, siehe Screenshot im Anhang: "Die Mail-Warteschlange ist leer."

Grüße
Jan Köster
""", ans='1,2,3', q3=1, ext='eml',
  eml=dict(mode='mixed', inner='alt', cte='qp', frm='Jan =?utf-8?q?K=C3=B6ster?= <jan@tischlerei-vogt.example>',
           attach=[('Bildschirmfoto 2026-12-07 um 10.12.44.png', 'image/png', b'\x89PNG\r\n\x1a\n' + b'\x00' * 64)]),
  note='Plesk queue page empty stated in text, screenshot attached')

R(1066, 'en', 'qmail-qread not empty', """Hi,

1. Leaked password, reused on a site that was breached.
2. Password changed.
3. Cleaned up the queue. Current qmail-qread:

6 Dec 2026 22:14:03 GMT  #1048812  1882  <billing@rossi-import.example>
	remote	j.doe@aol.example
6 Dec 2026 22:14:05 GMT  #1048815  1879  <billing@rossi-import.example>
	remote	m.rossi@libero.example
6 Dec 2026 22:14:09 GMT  #1048820  1901  <billing@rossi-import.example>
	remote	pierre.m@orange.example

Regards

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', acc='mail.rossi-import.example', note='qmail-qread still lists three remote deliveries')

R(1067, 'de', 'qmail empty both', """Moin,

1. Das Passwort von info@ wurde per Brute-Force geknackt (7 Zeichen, nur Kleinbuchstaben).
2. Passwort geändert (22 Zeichen), SMTP-AUTH nur noch per TLS, fail2ban auf die qmail-smtpd-Logs angesetzt.
3. Queue auf dem qmail-Server gelöscht. Kontrolle:

# qmail-qstat
messages in queue: 0
messages in queue but not yet preprocessed: 0
# qmail-qread
#

Gruß von der Küste
Hauke Petersen

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', note='qmail-qstat both 0, qmail-qread empty; northern German greeting')

R(1068, 'en', 'only 3 and 1', """Hi,

The mail queue on our server is empty now - I ran postsuper -d ALL and postqueue -p reports "Mail queue is empty".

The cause was an old employee account that nobody had disabled; its password had never been changed since 2019.

Best
Martin

[[Q]]""", ans='1,3', q3=1, style='gmail_en', note='q3 and q1 answered, nothing about prevention')

R(1069, 'de', 'exim frozen not empty', """Hallo,

1. Schwaches Passwort beim Konto test@ (noch aus der Testphase).
2. Konto test@ gelöscht, fail2ban eingerichtet.
3. Queue geleert, nur noch das hier drin:

mail:~# exim -bp
26h  4.5K 1t8QaP-0003kE-Lm <> *** frozen ***
          test@mail.alpenhof.example

Das ist nur ein Bounce, der geht eh nicht raus.

LG
Stefan

[[Q]]""", ans='1,2', q3=0, style='gt', acc='mail.alpenhof.example', note='one frozen bounce still listed')

R(1070, 'en', 'will do tonight', """Hi,

1. Phished password (fake DocuSign page).
2. Password reset + MFA on webmail, SMTP auth limited to the office IP.
3. Will empty the queue tonight after business hours, the server is in use during the day.

Thanks, Chloe

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='q3 promised for tonight')

R(1071, 'de', 'phone short complete', """1 pw war viel zu einfach
2 neues pw 20 zeichen + fail2ban drauf
3 queue am server mit postsuper -d ALL gelöscht, postqueue -p: Mail queue is empty

Gesendet von meinem Huawei

[[Q]]""", ans='1,2,3', q3=1, style='apple_de', note='terse phone reply but complete')

R(1072, 'en', 'html to text outlook', """Hi,



1.       The cause was a compromised password on the account ap@northwind-trading.example – we believe via a phishing email impersonating our bank.

2.       We reset the password, enabled MFA and blocked legacy authentication.

3.       We have deleted all messages in the mail queue on our Exchange server (Queue Viewer shows no messages in any queue).



Kind regards,



*James O’Neill*

IT Manager | Northwind Trading Ltd.

[image: Northwind logo]

*From:* Example Hosting Abuse <abuse@provider.example>
*Sent:* Monday, December 7, 2026 9:02 AM
*To:* it@northwind-trading.example
*Subject:* [[SUBJ]]

[[Q]]""", ans='1,2,3', q3=1, style='plain', acc='mail.northwind-trading.example', note='HTML-to-text Outlook reply with starred header block; Exchange Queue Viewer empty')

R(1073, 'de', 'plesk mail queue', """Hallo,

1. Das Postfach newsletter@ auf unserem Plesk-Server hatte ein Passwort, das bei einem Datenleck eines Newsletter-Dienstleisters veröffentlicht wurde.
2. Passwort neu gesetzt, in Plesk "IP Address Banning (Fail2Ban)" mit der plesk-postfix-Jail eingeschaltet und das Limit für ausgehende Mails auf 100 pro Stunde und Postfach gestellt.
3. Unter Tools & Einstellungen > Mailserver-Einstellungen > Mail-Warteschlange waren 11.402 Nachrichten, alle gelöscht. Dort steht jetzt: 0 Nachrichten.

Grüße
Sabrina

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', note='Plesk queue page shows 0')

R(1074, 'en', 'deleted account as queue', """Hello,

1. The account promo@ was compromised, its password was "promo".
2. We deleted that account completely.
3. Since the account is deleted, all its emails are gone too, so nothing can be sent any more.

Regards
Nadia

[[Q]]""", ans='1,2', q3=0, style='tb_en', note='q3: deleting the account does not empty the server queue; q2 (deleting the abused account) counts')

R(1075, 'mix', 'half german half english', """Hallo,

zu 1: Das Passwort vom Konto rezeption@ wurde durch Brute-Force erraten, es war viel zu kurz.

For 2 and 3 I let our English-speaking admin answer:
2. New password (24 chars random), fail2ban jail "postfix-sasl" active, rate limit 100/h.
3. Confirmed: server queue emptied with postsuper -d ALL; postqueue -p -> "Mail queue is empty".

Danke & thanks
Sandra / Kevin

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='first answer in German, rest in English')

R(1076, 'de', 'exchange get-message empty', """Hallo Team,

zu 1) Über einen Passwort-Spray-Angriff wurde das Konto "sekretariat" erraten (Kennwort "Dezember2025!").
zu 2) Kennwortrichtlinie verschärft (mind. 14 Zeichen), Kontosperre nach 5 Fehlversuchen, SMTP-AUTH für alle Konten außer zwei Diensten abgeschaltet.
zu 3) Alle Warteschlangen auf dem Exchange-Server sind geleert:

[PS] C:\\>Get-Queue | Get-Message
[PS] C:\\>

(keine Nachrichten mehr vorhanden)

Gruß
Thomas Brandl

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', acc='exch01.brandl-steuer.example', note='Get-Queue | Get-Message returns nothing, stated as no messages left')

R(1077, 'en', 'forward with admin internal', """Hi,

see below from our admin, hope that answers everything.

Kate

---------- Forwarded message ---------
From: Raj Patel <raj@techworks.example>
Date: Mon, 7 Dec 2026 at 11:48
Subject: Re: spam thing
To: Kate Morgan <kate@techworks.example>

Kate,

here's what you can tell them:
- cause: the "printer" account's SMTP password was the default one, it got brute-forced
- fix: account disabled, printer now uses an internal relay, fail2ban on the server
- queue: I wiped the server's Postfix queue, postqueue -p says "Mail queue is empty"

Raj

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', acc='mx.techworks.example', note='customer forwards admin internal mail with the answers')

R(1078, 'de', 'austrian antivirus q2', """Grüß Gott,

1. Beim Konto office@ war ein Virus am Rechner, der das Passwort ausgelesen hat.
2. Wir haben den Virenscanner aktualisiert und einen kompletten Scan gemacht, der Rechner ist jetzt sauber.
3. Die Warteschlange am Mailserver haben wir gelöscht, "mailq" zeigt "Mail queue is empty".

Liebe Grüße aus Graz
Maria Pichler

[[Q]]""", ans='1,3', q3=1, style='gmail_de', note='Austrian; q2 only virus scan, password not changed')

R(1079, 'en', 'angry partial', """This is ridiculous. Your servers are obviously insecure if someone can just send spam through them, and now WE get punished for it?

Yes we changed the password, obviously. And there is no "queue", we use Outlook like everyone else. I've been a customer for 9 years and I expect better.

Unlock the account today or I'm moving to another provider.

D. Hargreaves

[[Q]]""", ans='2', q3=0, style='outlook_en', note='angry; q1 blames the provider; password changed counts for q2; denies a queue exists')

R(1080, 'de', 'follow-up second server nas', """Hallo,

die Warteschlange auf dem Hauptserver ist jetzt leer (postqueue -p: Mail queue is empty).

Allerdings läuft auf unserem NAS im Keller auch noch ein Postfix, der die Scans verschickt und ebenfalls über Ihren Zugang geht. Da komme ich erst nächste Woche dran, weil ich das Passwort fürs NAS nicht habe.

Gruß
Jens

[[Q]]""", ans='1,2', q3=0, style='gmail_de', fu='3', qreason='HEDGE', qwords='sollte leer sein', note='main server empty, second relaying server (NAS) not checked')

finish()
