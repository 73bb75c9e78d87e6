package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseReference;

/** Outbound port: hands a reply that Relaywarden could not handle to an agent, with the raw text. Never loses it. */
public interface AgentInbox {

    /**
     * @param ref    the case, or {@code null} when the reply matched none
     * @param reason why an agent has to read it (unmatched, unparseable, case not waiting)
     */
    void readReply(CaseReference ref, IncomingReply reply, String reason);

    /**
     * A reply the reader could not place confidently (issue #34): the agent gets the reader's best reading
     * pre-filled and confirms it with one click ({@code POST /api/v1/cases/{id}/replies/{replyId}/confirm-reading})
     * or enters the answers as read ({@code POST /api/v1/cases/{id}/answers}).
     *
     * @param replyId the reply's record, which holds the reading the confirmation submits
     */
    void confirmReading(CaseReference ref, IncomingReply reply, long replyId, ReplyReading reading);

    /** The reading of this reply was confirmed: the agent's task about it is done. */
    void readingConfirmed(String messageId);
}
