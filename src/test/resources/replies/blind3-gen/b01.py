from render import *

R(1001, 'de', 'outlook top-post complete postfix', """Sehr geehrte Damen und Herren,

zu Ihren Fragen:

1. Das Konto buchhaltung@huber-bau.example hatte noch das Passwort aus der Einrichtung (Huber2019!). Das wurde offenbar per Brute-Force erraten, im maillog sehen wir tausende fehlgeschlagene AUTH-Versuche aus verschiedenen Netzen seit letztem Donnerstag.
2. Alle Passwörter neu vergeben (mind. 16 Zeichen, Passwortmanager), fail2ban für postfix-sasl eingerichtet (maxretry 5, bantime 24h), und smtpd_client_message_rate_limit auf 60 pro Stunde gesetzt.
3. Queue auf dem Server mit postsuper -d ALL geleert. Ausgabe danach:

# postqueue -p
Mail queue is empty

Mit freundlichen Grüßen
Andreas Huber
Huber Bau GmbH & Co. KG
Tel. 08031 555-210

""", ans='1,2,3', q3=1, style='outlook_de', acc='mail.huber-bau.example', to='a.huber@huber-bau.example',
  note='textbook answer, empty postqueue listing pasted')

R(1002, 'en', 'gmail top-post outbox confusion', """Hi,

sorry about that. One of our interns clicked a link in a fake Microsoft login email last week and typed her password in, that is how they got in. We changed her password and turned on 2FA for all mailboxes.

Her Outlook outbox is empty now and I deleted all the sent spam from the Sent folder as well.

Thanks,
Rachel

[[Q]]""", ans='1,2', q3=0, style='gmail_en', acc='mail.northwind-trading.example',
  note='q3 is about the Outlook outbox and Sent folder, not the server queue')

R(1003, 'de', 'phone short no cause', """Passwort ist geändert und die Warteschlange auf dem Server habe ich mit postsuper gelöscht, postqueue -p sagt jetzt Mail queue is empty.

Gesendet von meinem iPhone

[[Q]]""", ans='2,3', q3=1, style='apple_de',
  note='no word about the cause; queue explicitly empty per postqueue output')

R(1004, 'en', 'inline-posting exim complete', """Hello,

answers inline.

> 1. What exactly caused the spam?

The mailbox sales@bluepeak.example had a weak password (company name plus
year). Exim's log shows it was guessed from a botnet over about two days,
then used for AUTH LOGIN from 17 addresses.

> 2. What exactly have you done to prevent it from happening again?

New random password (20 chars) for that mailbox and all others, fail2ban
jail for exim authenticator failures, and a ratelimit ACL of 100 messages
per hour per authenticated sender.

> 3. Please confirm explicitly that you have emptied the mail queue of your
> server (not the outbox of your mail program).

Confirmed. I removed everything with exiqgrep -i | xargs exim -Mrm.

root@mx:~# exim -bpc
0

--
Dmitri Volkov, Bluepeak IT
""", ans='1,2,3', q3=1, acc='mail.bluepeak.example', note='exim -bpc count 0 pasted')

R(1005, 'de', 'angry one-liner', """Das ist eine Frechheit, wir zahlen seit 12 Jahren und Sie sperren uns einfach ohne Anruf. Schalten Sie das SOFORT wieder frei!!!

[[Q]]""", ans='', q3=0, agent=1, style='gt', note='only anger and demand, no answer to any question')

R(1006, 'en', 'follow-up q3 postfix empty', """Hi,

here is the output from the mail server itself, as requested:

mail:~ # postqueue -p
Mail queue is empty

So yes, the server queue is empty. We ran postsuper -d ALL yesterday evening.

Best,
Tom Keller

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', fu='3', qreason='OUTBOX', qwords='Outlook outbox is cleared',
  note='follow-up asked only q3; empty listing plus explicit yes')

R(1007, 'de', 'follow-up future queue', """Hallo,

zu 2: fail2ban ist jetzt installiert und aktiv, außerdem haben alle Benutzer neue Passwörter bekommen.

zu 3: die Queue leere ich heute Abend nach Feierabend, vorher komme ich nicht an den Server ran.

Gruß
M. Vogt

[[Q]]""", ans='1,2', q3=0, style='tb_de', fu='2,3', acc='mail.tischlerei-vogt.example',
  note='q3 is only announced for tonight')

R(1008, 'en', 'qmail-qstat empty', """Good morning,

1. The account newsletter@ on our qmail box still had a password that a former web agency knew; it was also in an old config file on their FTP, which was breached. Someone used it for SMTP AUTH.
2. We disabled the newsletter account entirely, changed every other password, and restricted SMTP AUTH to our office IP range with tcpserver rules.
3. Queue purged on the server. Output now:

# /var/qmail/bin/qmail-qstat
messages in queue: 0
messages in queue but not yet preprocessed: 0

Regards
Jonas Lindqvist
""", ans='1,2,3', q3=1, style='tb_en', acc='mail.kiwi-apps.example', note='qmail-qstat shows both counters 0')

R(1009, 'en', 'qmail-qstat not empty', """Hello abuse team,

1) The password of shop@ was reused on a webshop that was hacked (we got a haveibeenpwned notice).
2) The password has been changed to a long random one and we no longer reuse passwords.
3) Here is our queue, I hope this is what you need:

messages in queue: 214
messages in queue but not yet preprocessed: 0

Please unlock us as soon as possible, our invoices are stuck.

Greetings, Pieter

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en',
  note='qmail-qstat shows 214 messages still in the queue')

R(1010, 'de', 'exchange get-queue empty', """Guten Tag Herr/Frau Abuse-Team,

1. Ursache war das Postfach scanner@brandl-steuer.example, das der Multifunktionsdrucker benutzt. Das Passwort war "Scanner1" und war seit der Installation 2017 nie geändert worden. Im Exchange-Protokoll sehen wir Authentifizierungen von ausländischen IPs.
2. Das Konto darf sich nicht mehr per SMTP AUTH anmelden, der Scanner sendet jetzt über einen anonymen Connector, der nur die IP des Druckers annimmt. Alle anderen Konten müssen ihr Passwort ändern, die Kennwortrichtlinie ist auf 14 Zeichen gesetzt.
3. Die Warteschlangen des Exchange-Servers wurden geleert (Nachrichten entfernt ohne Unzustellbarkeitsbericht). Aktueller Stand:

[PS] C:\\Windows\\system32>Get-Queue

Identity                  DeliveryType Status MessageCount Velocity RiskLevel OutboundIPPool NextHopDomain
--------                  ------------ ------ ------------ -------- --------- -------------- -------------
EXCH01\\3                  SmartHost... Ready  0            0        Normal    0              [smtp.provider.example]
EXCH01\\Submission         Undefined    Ready  0            0        Normal    0              Submission
EXCH01\\Shadow\\4           ShadowRed... Ready  0            0        Normal    0              exch02.brandl-steuer.example

Mit freundlichen Grüßen

i.A. Sabine Ertl
Brandl Steuerberatung
""", ans='1,2,3', q3=1, style='outlook_de', acc='exch01.brandl-steuer.example', note='Get-Queue table, all MessageCount 0')

R(1011, 'de', 'exchange get-queue not empty', """Hallo,

1. Phishing-Mail an die Buchhaltung, Mitarbeiterin hat ihr Kennwort auf einer falschen OWA-Seite eingegeben.
2. Kennwort zurückgesetzt, MFA für OWA aktiviert, Mitarbeiterin geschult.
3. Hier die Warteschlangen:

Identity        DeliveryType          Status MessageCount NextHopDomain
--------        ------------          ------ ------------ -------------
EX2019\\7        SmartHostConnector... Retry  3872         [smtp.provider.example]
EX2019\\Submission Undefined          Ready  0            Submission

Die Submission-Queue ist also leer.

Grüße
Patrick Sommer
IT / Weingut Sommer

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', acc='mail.weingut-sommer.example',
  note='points at the empty Submission queue, but the smarthost queue still holds 3872 messages')

R(1012, 'mix', 'german customer english answer', """Hello Abuse-Team,

sorry my English, I answer in english because our admin is from Portugal and reads with.

1. Das Passwort von info@ war zu schwach, "info123". A bot has find it.
2. We have now made a new password with 18 signs and the fail2ban is installed from our admin (Rui).
3. The queue on the server is cleaned, Rui has made "postsuper -d ALL" and then "postqueue -p" says: Mail queue is empty

Viele Grüße / best regards
Claudia Brenner

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', letter_lang='de', note='mixed German/English, empty postqueue output quoted in prose')

R(1013, 'en', 'auto-reply out of office', """Thank you for your email. I am out of the office until 4 January 2027 with no access to email.

For urgent matters please contact our office at office@harbour-logistics.example or call +44 20 7946 0018.

Kind regards,
Graham Whitfield
""", ans='', q3=0, agent=1, ext='eml',
  eml=dict(frm='Graham Whitfield <g.whitfield@harbour-logistics.example>', subject='Automatic reply: [[REF]]',
           headers={'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'Precedence': 'auto_reply'},
           msgdom='harbour-logistics.example'),
  note='out-of-office auto reply, Auto-Submitted header')

R(1014, 'de', 'question back what is a queue', """Guten Tag,

also das Passwort war wohl "Sommer2024", das hat mein Sohn damals eingerichtet, ist mir jetzt auch klar dass das nicht gut war.

Was ist denn eine Queue? Ich habe nur Outlook auf dem Rechner und den kleinen Server im Keller, den der Sohn aufgesetzt hat. Muss ich da was machen? Mein Sohn ist erst am Wochenende wieder da.

MfG
Erwin Lindner

[[Q]]""", ans='1', q3=0, style='outlook_de', acc='office@zahnarzt-lindner.example',
  note='cause given; q2 nothing; asks what a queue is')

R(1015, 'en', 'plesk how-to question', """Hi there,

1. We think it was the contact form mailbox (forms@oakridge-law.example). Password was the same as the WordPress admin, and the WordPress site got hacked through an old plugin.
2. Changed the mailbox password, removed the plugin, updated WordPress, enabled Plesk's fail2ban jails.
3. How do I do that on Plesk? I see "Mail Server Settings" but nothing called queue. We're on Plesk Obsidian on Ubuntu.

Thanks for your patience,
Lena

[[Q]]""", ans='1,2', q3=0, style='gmail_en', acc='office@oakridge-law.example',
  note='q3 is a how-to question; q1 answered despite "we think" since a concrete cause is named')

R(1016, 'de', 'eml qp iso-8859-1 complete', """Sehr geehrte Damen und Herren,

anbei unsere Antworten zum Fall [[REF]]:

1. Auslöser war ein Trojaner (Emotet-Variante) auf dem Empfangs-PC. Der hat die in Thunderbird gespeicherten Zugangsdaten ausgelesen; der Versand lief danach direkt über unseren Mailserver mit SMTP-AUTH.
2. Der PC wurde neu aufgesetzt, alle Kennwörter geändert, Thunderbird speichert keine Passwörter mehr im Klartext (Hauptpasswort gesetzt). Auf dem Server ist ein Limit von 200 Mails pro Tag und Konto aktiv.
3. Die Warteschlange auf dem Server (Postfix) ist geleert, "postqueue -p" meldet "Mail queue is empty".

Mit freundlichen Grüßen
Jürgen Weiß
Fotostudio Weiß, Gräfelfing
""", ans='1,2,3', q3=1, ext='eml', acc='nas.fotostudio-weiss.example',
  eml=dict(frm='=?ISO-8859-1?Q?J=FCrgen_Wei=DF?= <j.weiss@fotostudio-weiss.example>', charset='iso-8859-1', cte='qp',
           mode='plain', subject='AW: Sperrung Relaying - Antworten zu Ihren Fragen (Wei\u00df)'),
  note='ISO-8859-1 quoted-printable plain text, encoded-word From and Subject')

R(1017, 'en', 'long rambling hedge', """Hello,

I'm the owner of the company, we are a small family-run import business and honestly I'm not a computer person so please bear with me. Our server was set up about eight years ago by a guy who has since moved to Spain and we've been kind of running it ourselves since, which I now realise was maybe not the best idea. When your email came in on Monday my daughter, who studies computer science, came over and we spent the whole evening looking at it.

What she found (I'm copying from her notes) is that somebody logged into the account orders@rossi-import.example using the correct password, from lots of different countries. The password was "Rossi1987" which is my birth year and our name, so I guess it was easy to guess, especially since it's the same pattern I use for other things, and one of those other things (an old forum for vintage car parts) sent me an email last year saying they were hacked. So probably they got it from there and tried it on our mail.

After that she changed all the passwords on the server to long random ones that are now in a password manager I have on my phone. She also installed something called fail2ban that blocks people who try wrong passwords too often, and she set a limit on how many emails each account can send per hour. She said it's 50. We also deleted two old accounts of people who don't work here anymore.

About the queue, she ran a command and deleted the messages that were stuck there, I think it should be empty now but she had to leave for the train before we could check again and I don't know how to look myself. She says she'll check on Sunday when she's back.

We really need the email working again, we have customers waiting on quotes. Thank you for your understanding and sorry for the trouble.

Marco Rossi
Rossi Import S.r.l. - German branch

[[Q]]""", ans='1,2', q3=0, style='gt', acc='mail.rossi-import.example',
  note='q3 hedged ("I think it should be empty"), not rechecked')

R(1018, 'de', 'swiss german complete', """Grüezi

Besten Dank für die Meldung. Unsere Antworten:

1. Das Passwort vom Konto sekretariat@ wurde durch eine Phishing-Mail abgegriffen ("Ihr Postfach ist voll"), die Mitarbeiterin hat es auf der gefälschten Seite eingegeben.
2. Passwort geändert, Zwei-Faktor-Anmeldung für Webmail eingeschaltet, SMTP-Versand nur noch aus dem Büronetz erlaubt. Zudem haben wir eine Schulung zum Thema Phishing gemacht.
3. Die Mailwarteschlange auf unserem Server haben wir gelöscht. Kontrolle mit mailq: "Mail queue is empty".

Freundliche Grüsse

Beat Gasser
Gasser Treuhand AG, Zug

[[Q]]""", ans='1,2,3', q3=1, style='outlook_de', note='Swiss German (ss, Grüezi); mailq shows empty')

R(1019, 'en', 'forwarded to IT guy', """Hi,

I have forwarded this to our IT contractor Mark (mark@techworks.example), he looks after the server and will reply to you directly. I don't know anything about these things myself.

Thanks
Julie

[[Q]]""", ans='', q3=0, agent=1, style='gmail_en', acc='mx.techworks.example', note='only says it was passed on to the IT contractor')

R(1020, 'en', 'IT contractor answers sendmail', """Hello,

I'm the external admin for Greenleaf Dental, Julie forwarded your notice.

1. Cause: the reception account (frontdesk@) had a dictionary password. The maillog shows ~40k failed AUTH attempts followed by a successful one from 198.51.100.77 on Thursday night; from then on it relayed spam.
2. Prevention: all passwords reset to random 20-char strings, AUTH now only over port 587 with TLS, fail2ban watching sendmail auth failures, and the frontdesk account can no longer send outside our own domain.
3. The server queue is empty. I removed the spool files and checked:

[root@mx ~]# mailq
/var/spool/mqueue is empty
                Total requests: 0

Regards,
Mark Dunne
TechWorks IT Services
""", ans='1,2,3', q3=1, style='tb_en', acc='mx.greenleaf-dental.example', note='Sendmail mailq shows empty spool')

R(1021, 'de', 'bavarian dialect complete', """Servus,

oiso, des war so:

1. Des Passwort vom Stammtisch-Konto war "1234", des hod da Sepp vor Jahren so eigstellt. Des hod oana erratn.
2. Jetz hom ma a gscheids Passwort, 20 Zeichn, und da Neffe hod des fail2ban draufgmacht, des sperrt de Deppen aus, de wos rumprobiern.
3. De Warteschlang aufm Server is laar. Da Neffe hod postsuper -d ALL gmacht und dann postqueue -p, do stehd jetz "Mail queue is empty".

Pfiad eich
Schorsch Brandl
Schützenverein Au

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', acc='mail.schuetzenverein-au.example', note='Bavarian dialect; empty listing described')

R(1022, 'en', 'hedge think empty', """1. Brute force on a weak password (user: test, password: test - a leftover from setup).
2. Deleted the test account, installed fail2ban.
3. I think the queue is empty now, I deleted what I found.

Sent from my Galaxy

[[Q]]""", ans='1,2', q3=0, style='gmail_en', note='q3 hedged "I think"')

R(1023, 'de', 'hacker cause q2 q3 ok', """Guten Tag,

1. Wir wurden gehackt, von wem und wie wissen wir nicht.
2. Alle Passwörter wurden geändert, SMTP-AUTH geht nur noch über Port 587 mit TLS, fail2ban ist aktiv.
3. postsuper -d ALL ausgeführt, danach zeigt postqueue -p "Mail queue is empty". Die Warteschlange des Servers ist leer.

MfG
Kai Meyer

[[Q]]""", ans='2,3', q3=1, style='outlook_line_de', acc='relay.meyer-gmbh.example',
  note='q1 only "we were hacked, we do not know how"')

R(1024, 'en', 'postqueue listing not empty', """Hi,

1. Compromised password on invoices@ (reused on another site).
2. Password changed, SASL limited to 50 recipients per message, fail2ban.
3. Queue is cleared, see below:

-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
4F2C81A0D3*     2214 Sun Dec  6 03:12:44  invoices@harbour-logistics.example
                                         kim.lee@yahoo.example

7A11B2C4E9      2231 Sun Dec  6 03:12:47  invoices@harbour-logistics.example
                                         (connect to smtp.provider.example[192.0.2.25]:587: Connection refused)
                                         a.moreau@orange.example

9C0E44F812!     1980 Sun Dec  6 03:13:02  invoices@harbour-logistics.example
                                         zhang.wei@qq.example

-- 6 Kbytes in 3 Requests.

Regards, Oliver

[[Q]]""", ans='1,2', q3=0, style='gt', acc='relay@harbour-logistics.example',
  note='claims cleared but the pasted postqueue -p still lists 3 requests')

R(1025, 'de', 'answers out of order', """Hallo,

zuerst das Wichtigste: Die Mailqueue auf dem Server (Postfix) ist leer, ich habe sie gerade mit postsuper -d ALL gelöscht und mit mailq kontrolliert (Mail queue is empty). Das ist Punkt 3.

Zu 2: Neues Passwort, 2FA im Webmailer, und ein Sendelimit von 100 Mails/Stunde pro Konto.

Zu 1: Das Passwort von kasse@ stand auf einem Zettel am Kassenbildschirm, ein ehemaliger Aushilfsmitarbeiter hat es vermutlich mitgenommen bzw. weitergegeben. Die Anmeldungen kamen jedenfalls alle von einem VPN-Anbieter.

Grüße
Ina Kern

[[Q]]""", ans='1,2,3', q3=1, style='gmail_de', acc='postmaster@fahrschule-kern.example', note='order 3, 2, 1')

R(1026, 'en', 'headings on own line', """Hello,

Cause
The SMTP password of the account "scanner" on our Synology NAS (MailPlus) was the default from the setup wizard. Someone found it by brute force.

Prevention
Account disabled, all other passwords changed, auto block enabled in DSM (10 failed logins in 5 minutes), SMTP auth restricted to LAN.

Queue
MailPlus Server > Mail Queue now shows "No data". I deleted all 3,114 queued items there before.

Regards
Hiroshi Tanaka

[[Q]]""", ans='1,2,3', q3=1, style='gmail_en', acc='nas.fotostudio-weiss.example',
  note='headings instead of numbers; Synology panel queue page empty')

R(1027, 'de', 'prose no numbering', """Guten Morgen,

der Spam ist über das Konto von unserem Azubi rausgegangen, der hat sein Passwort auch für ein Gaming-Forum benutzt, das letzten Monat gehackt wurde. Wir haben ihm ein neues Passwort gegeben, ihm erklärt warum man das nicht macht, und auf dem Server fail2ban sowie eine Begrenzung auf 30 Mails pro Stunde pro Benutzer eingerichtet. Die Warteschlange des Mailservers habe ich anschließend komplett gelöscht; "exim -bp" gibt keine Zeile mehr aus.

Danke und Gruß
Henrik Vogt

[[Q]]""", ans='1,2,3', q3=1, style='tb_de', note='no numbering, all three in one paragraph; exim -bp prints nothing')

R(1028, 'en', 'q2 monitoring only', """Hi team,

1. Phishing. The user entered credentials on a page that looked like our webmail.
2. We will look into it and monitor the logs more closely going forward.
3. Queue emptied on the server:

# exim -bpc
0

Cheers
Sam

[[Q]]""", ans='1,3', q3=1, style='gmail_en', note='q2 only "will look into it / monitor"')

R(1029, 'de', 'html to text', """Sehr geehrtes Abuse-Team,

**1\\. Ursache:**
Das Passwort des Kontos *info@alpenhof.example* wurde durch Ausprobieren (Brute-Force) herausgefunden. Es war ein sechsstelliges Wort aus dem Wörterbuch.

**2\\. Maßnahmen:**

  * Neues Passwort mit 24 Zeichen
  * fail2ban aktiv (5 Fehlversuche → 1 Tag Sperre)
  * Versandlimit 100 Mails/Stunde

**3\\. Mailqueue:**
Die Queue auf dem Server ist geleert. Ausgabe von `postqueue -p`: _Mail queue is empty_

Mit freundlichen Grüßen

Theresa Gruber
Hotel Alpenhof ****
[cid:image001.png@01DB4A2C.5E8F1A30]

| Tel.: +43 512 555 0 | Web: <https://alpenhof.example> |

""", ans='1,2,3', q3=1, acc='mail.alpenhof.example', note='HTML converted to text (markdown-ish), Austrian hotel')

R(1030, 'en', 'eml html-only base64 outbox', """Hello,

1. Our receptionist's PC had a virus that stole the saved password.
2. We cleaned the PC with Malwarebytes and changed the password.
3. I deleted everything from the Outbox and the Sent Items in Outlook, there were more than 2000 emails, now it's all empty.

Thank you
Anna""", ans='1,2', q3=0, ext='eml',
  eml=dict(mode='html', cte='b64', frm='Anna Petrova <anna@citrus-media.example>'),
  note='HTML-only base64; q3 describes Outlook Outbox/Sent Items')

R(1031, 'de', 'wrong recipient invoice', """Hallo Frau Schmitt,

anbei wie besprochen die korrigierte Rechnung Nr. 2026-1187. Bitte an die Buchhaltung weitergeben.

Gruß
Tom

[[Q]]""", ans='', q3=0, agent=1, style='gt', note='reply sent to the wrong recipient (an invoice), nothing about the case')

R(1032, 'en', 'ticket system ack', """[Ticket #48213] Your request has been received

Dear sender,

This is an automated confirmation that your message has been received by the Northwind Trading service desk. A member of our team will respond within 2 business days.

Please keep the ticket number in the subject line of any further correspondence.

Northwind Trading Service Desk
""", ans='', q3=0, agent=1, style='gt', acc='mail.northwind-trading.example', note='automatic ticket acknowledgement')

R(1033, 'de', 'second server unchecked', """Hallo zusammen,

1. Das Kennwort des Kontos vertrieb@ wurde per Phishing abgegriffen.
2. Kennwort geändert, alle Mitarbeiter informiert, Anmeldung nur noch mit App-Passwort.
3. Auf unserem Hauptserver mx1 habe ich die Postfix-Queue geleert, postqueue -p zeigt "Mail queue is empty". Auf dem zweiten Server (mx2, Backup-MX, der ebenfalls über Sie verschickt) bin ich noch nicht dazu gekommen, das mache ich morgen.

Grüße
Stefan Au

[[Q]]""", ans='1,2', q3=0, style='outlook_line_de', acc='mx1.stadtwerke-au.example',
  note='second relaying server not checked yet')

R(1034, 'en', 'sophos utm panel queue', """Hello,

1. Password of the account "copier" on our Sophos UTM SMTP relay was guessed (it was 8 characters, all lowercase).
2. Deleted the copier account, the copier now uses the internal relay without authentication restricted to its IP. Enabled the UTM "Block password guessing" option.
3. In the UTM WebAdmin under Email Protection > Mail Manager > SMTP Spool, the spool was showing 8,413 messages; I selected all and deleted them. The Spool tab is empty now (0 entries in Waiting, 0 in Error).

BR
Niklas

[[Q]]""", ans='1,2,3', q3=1, style='outlook_en', note='Sophos UTM SMTP spool described as empty in panel')

R(1035, 'de', 'follow-up q1 we dont know', """Hallo,

zu Frage 1: Das wissen wir leider wirklich nicht, wir haben alles durchgeschaut und nichts gefunden.

Gruß K. Roth

[[Q]]""", ans='2,3', q3=1, style='gt', fu='1', acc='info@kanzlei-roth.example',
  note='follow-up asked only q1; "we do not know" does not answer it; 2 and 3 answered earlier')

R(1036, 'en', 'zimbra zmqstat', """Hi,

1) An employee's Zimbra password was phished (fake "mailbox quota" email).
2) Password reset, Zimbra 2FA enforced for all, and we added a per-account send limit via policyd.
3) Server queue purged with postsuper as the zimbra user. Check:

zimbra@zimbra:~$ /opt/zimbra/libexec/zmqstat
hold=0
corrupt=0
deferred=0
active=0
incoming=0

-- 
Ahmed Karimi | Citrus Media
""", ans='1,2,3', q3=1, style='tb_en', acc='zimbra.citrus-media.example', note='Zimbra zmqstat all zero')

R(1037, 'de', 'plea queue after unlock', """Sehr geehrte Damen und Herren,

1. Ein altes Konto (praktikant2021@) hatte noch ein Standardpasswort.
2. Das Konto ist gelöscht, alle anderen Passwörter sind erneuert.
3. Die Warteschlange leeren wir, sobald Sie uns wieder freigeschaltet haben, vorher können wir nicht sehen, was drin ist.

Bitte schalten Sie uns schnell frei, wir sind eine Arztpraxis und brauchen die Mail dringend!

Mit freundlichen Grüßen
Dr. med. S. Demir

[[Q]]""", ans='1,2', q3=0, style='outlook_de', acc='mail.praxis-demir.example', note='q3 deferred until after the unlock')

R(1038, 'en', 'mailq one left', """Hello,

1. The SASL password of accounts@ was brute-forced.
2. Changed, plus fail2ban.
3. I deleted the spam from the queue. Only one legitimate message left, that's our invoice to a customer, please let that one through:

-Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
B71D02A44E      1843 Mon Dec  7 08:41:10  accounts@mail.kiwi-apps.example
                                         billing@customer-one.example

-- 2 Kbytes in 1 Request.

Thanks,
Priya

[[Q]]""", ans='1,2', q3=0, style='gmail_en', acc='mail.kiwi-apps.example', note='queue still holds one message (said to be legitimate)')

R(1039, 'mix', 'german boss english admin inline', """Hi, I'm answering for Mr. Beck, our admin here - Herr Beck, siehe unten.

> 1. Was genau hat den Spamversand verursacht?

Leaked credentials: the user werkstatt@ had the same password as his private Dropbox, which appeared in a dump.

> 2. Was genau haben Sie unternommen, um das künftig zu verhindern?

New password, rate limit 100/h on the Postfix submission port, fail2ban.

> 3. Bitte bestätigen Sie ausdrücklich, dass Sie die Mailqueue Ihres Servers
> geleert haben (nicht den Postausgang Ihres Mailprogramms).

Yes, the server queue is empty now (postqueue -p: "Mail queue is empty").

Herr Beck: bitte einfach so abschicken, passt.

Luis Ferreira
""", ans='1,2,3', q3=1, acc='srv-mail.autohaus-beck.example', note='German letter answered inline in English with German asides')

R(1040, 'en', 'bounces left in queue', """Hi,

1. Weak password on a test account (test/test123) that should have been deleted years ago.
2. Test account removed. We now enforce 12+ character passwords and have fail2ban running.
3. All spam removed from the server queue. What's left are about 40 bounce messages from MAILER-DAEMON that keep retrying, I didn't touch those since they're not spam.

Regards
Ben

[[Q]]""", ans='1,2', q3=0, style='outlook_line_en', note='bounces (~40) left in the server queue')

finish()
