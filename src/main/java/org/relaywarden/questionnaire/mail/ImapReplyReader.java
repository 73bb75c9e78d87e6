package org.relaywarden.questionnaire.mail;

import org.relaywarden.cluster.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the customers' replies from the abuse mailbox ({@code relaywarden.imap.*}): each mail is handed to
 * {@link ReplyProcessor}, then moved to the processed folder (a mail whose move was lost is recognised by its
 * Message-ID). A reply is never refused: one that cannot be processed now stays and is read again.
 */
@Component
class ImapReplyReader extends ImapMailboxReader {

    private static final Logger log = LoggerFactory.getLogger(ImapReplyReader.class);

    ImapReplyReader(ImapSettings settings, ReplyProcessor processor, Leadership leadership) {
        super("replies", settings, null, mail -> {
            ReplyProcessor.Outcome outcome = processor.process(MimeReplies.read(mail));
            log.info("reply {} from the abuse mailbox: {}", mail.getMessageID(), outcome);
            return Disposition.PROCESSED;
        }, leadership);
    }
}
