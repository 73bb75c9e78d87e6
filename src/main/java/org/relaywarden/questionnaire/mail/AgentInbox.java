package org.relaywarden.questionnaire.mail;

import org.relaywarden.cases.CaseReference;

/** Outbound port: hands a reply that Relaywarden could not handle to an agent, with the raw text. Never loses it. */
public interface AgentInbox {

    /**
     * @param ref    the case, or {@code null} when the reply matched none
     * @param reason why an agent has to read it (unmatched, unparseable, case not waiting)
     */
    void readReply(CaseReference ref, IncomingReply reply, String reason);
}
