package org.relaywarden.questionnaire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relaywarden.questionnaire.QueueOutput.Verdict.*;

class QueueOutputTest {

    static final String POSTFIX_FULL = """
            -Queue ID-  --Size-- ----Arrival Time---- -Sender/Recipient-------
            4BqF2x1Zk9z5vNC*   2345 Sat Nov 28 21:04:13  spam1@kunde.example
                                                     victim1@gmail.com

            A1B2C3D4E5!        1902 Sat Nov 28 21:04:14  spam2@kunde.example
                                                     victim2@yahoo.com

            -- 4 Kbytes in 2 Requests.
            """;

    @Test
    void postfixListingWithMessagesIsRecognised() {
        assertThat(QueueOutput.read(POSTFIX_FULL)).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 2));
    }

    @Test
    void messageLinesOfPostqueueWithoutTheSummaryAreEnough() {
        assertThat(QueueOutput.read("4BqF2x1Zk9z5vNC   2345 Sat Nov 28 21:04:13  spam1@kunde.example\n").verdict())
                .isEqualTo(LISTS_MESSAGES);
    }

    @Test
    void emptyPostfixQueue() {
        assertThat(QueueOutput.read("Mail queue is empty").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("postqueue: Mail queue is empty\n").verdict()).isEqualTo(EMPTY);
    }

    @Test
    void eximListing() {
        String exim = """
                 25m  2.9K 1tXyZa-000123-Ab <spam@kunde.example>
                           victim@gmail.com

                  3h  1.1K 1tXyZb-00012Z-Cd <spam2@kunde.example>
                           victim2@web.de
                """;
        assertThat(QueueOutput.read(exim)).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 2));
        assertThat(QueueOutput.read("0").verdict()).isEqualTo(EMPTY);
    }

    @Test
    void sendmailListing() {
        assertThat(QueueOutput.read("""
                /var/spool/mqueue (3 requests)
                -----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------
                xAS2104a012345     1234 Sat Nov 28 21:04 <spam@kunde.example>
                                 <victim@gmail.com>
                Total requests: 3
                """)).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 3));
        assertThat(QueueOutput.read("/var/spool/mqueue is empty\n\t\tTotal requests: 0").verdict()).isEqualTo(EMPTY);
    }

    @Test
    void nothingAndProseAreTold() {
        assertThat(QueueOutput.read("  ").verdict()).isEqualTo(NONE);
        assertThat(QueueOutput.read("Ich habe alle Postausgangsordner kontrolliert").verdict()).isEqualTo(UNRECOGNISED);
    }

    @Test
    void qmailCountsAndListingLines() {
        assertThat(QueueOutput.read("messages in queue: 0\nmessages in queue but not yet preprocessed: 0").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("messages in queue: 1432\nmessages in queue but not yet preprocessed: 0"))
                .isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 1432));
        assertThat(QueueOutput.read("root@mx:~# exim -bpc\n0").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.isListingLine("messages in queue but not yet preprocessed: 0")).isTrue();
        assertThat(QueueOutput.isListingLine("root@mx01:~# postqueue -p")).isTrue();
        // the customer's own sentence that names the command is not a listing line
        assertThat(QueueOutput.isListingLine("postqueue -p zeigt noch 3 Mails")).isFalse();
    }

    /** qmail-qstat prints two counters; a queue is empty only when both are zero (issue #34: the one false complete). */
    @Test
    void qmailQstatCountsBothCounters() {
        assertThat(QueueOutput.read("messages in queue: 0\nmessages in queue but not yet preprocessed: 14\n"))
                .isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 14));
        assertThat(QueueOutput.read("# qmail-qstat\nmessages in queue: 0\nmessages in queue but not yet preprocessed: 0\n").verdict())
                .isEqualTo(EMPTY);
    }

    @Test
    void qmailQreadListsMessages() {
        assertThat(QueueOutput.read("""
                [root@mail ~]# /var/qmail/bin/qmail-qread
                7 Dec 2026 02:14:33 GMT  #4456123  2847  <a@kunde.example>
                	remote	anna@example.org
                7 Dec 2026 02:14:35 GMT  #4456124  2851  <a@kunde.example>
                	remote	info@example.com
                """)).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 2));
        assertThat(QueueOutput.isListingLine("[root@mail ~]# /var/qmail/bin/qmail-qread")).isTrue();
    }

    @Test
    void eximCountOfMessages() {
        assertThat(QueueOutput.read("root@mail:~# exim -bpc\n14\n")).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 14));
        assertThat(QueueOutput.read("root@mail:~# exim -bpc\n0\n").verdict()).isEqualTo(EMPTY);
    }

    @Test
    void exchangeGetQueueEveryMessageCountMustBeZero() {
        String table = """
                [PS] C:\\Windows\\system32>Get-Queue

                Identity                      DeliveryType     Status MessageCount Velocity RiskLevel OutboundIPPool NextHopDomain
                --------                      ------------     ------ ------------ -------- --------- -------------- -------------
                EXCH01\\Submission             Undefined        Ready  0            0        Normal    0              Submission
                EXCH01\\Shadow\\4               ShadowRedundancy Ready  %s            0        Normal    0              exch01.local
                EXCH01\\Unreachable            Unreachable      Ready  0            0        Normal    0              Unreachable Domain
                """;
        assertThat(QueueOutput.read(table.formatted("0")).verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read(table.formatted("37"))).isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 37));
        assertThat(QueueOutput.read("Identity : EXCH01\\Submission\nMessageCount : 5\n").verdict()).isEqualTo(LISTS_MESSAGES);
        assertThat(table.formatted("0").lines().filter(l -> !l.isBlank()).allMatch(QueueOutput::isListingLine)).isTrue();
    }

    @Test
    void aCountToldInWordsIsACounter() {
        assertThat(QueueOutput.read("Exim queue purged. exim -bpc now returns 27, those are legit mails").verdict()).isEqualTo(LISTS_MESSAGES);
        assertThat(QueueOutput.read("qmail-qstat zeigt noch 14").verdict()).isEqualTo(LISTS_MESSAGES);
        assertThat(QueueOutput.read("exim -bpc returns 0").verdict()).isNotEqualTo(LISTS_MESSAGES);
    }

    @Test
    void everyOtherCounterOnALineOfItsOwnMustBeZero() {
        assertThat(QueueOutput.read("zimbra@mx:~$ zmqstat\nhold=0\ncorrupt=0\ndeferred=1523\nactive=12\nincoming=0\n"))
                .isEqualTo(new QueueOutput.Reading(LISTS_MESSAGES, 1523));
        assertThat(QueueOutput.read("# exim -bp | exiqsumm\nCount  Volume  Oldest  Newest  Domain\n    0       0      TOTAL\n").verdict())
                .isNotEqualTo(LISTS_MESSAGES);
    }

    @Test
    void theLastOfSeveralListingsCounts() {
        assertThat(QueueOutput.read("mail01:~ # postqueue -p | tail -n 1\n-- 2841 Kbytes in 1137 Requests.\nmail01:~ # postsuper -d ALL\n"
                + "postsuper: Deleted: 1137 messages\nmail01:~ # postqueue -p\nMail queue is empty\n").verdict()).isEqualTo(EMPTY);
    }

    @Test
    void everyCounterToldInALineCounts() {
        assertThat(QueueOutput.read("Remote queue 0, retry queue 23").verdict()).isEqualTo(LISTS_MESSAGES);
        assertThat(QueueOutput.read("exim -bpc => 0").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("# postqueue -p | grep -c '^[0-9A-F]'\n0\n").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("-- 0 Kbytes in 0 Requests.").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("cleared it, but now there are again 12 messages in it").verdict()).isEqualTo(LISTS_MESSAGES);
    }

    @Test
    void theLastListingThatReadsAsOneCounts() {
        assertThat(QueueOutput.read("# exim -bpc\n0\n# exim -bp\n#\n").verdict()).isEqualTo(EMPTY);
        assertThat(QueueOutput.read("$ postqueue -p\nMail queue is empty\n$ exim -bpc\n-bash: exim: command not found\n").verdict())
                .isEqualTo(EMPTY);
    }
}
