package org.relaywarden.questionnaire;

/** The questionnaire page's form, bound field by field; checked on the server by {@link QuestionnairePage}. */
public class AnswerForm {

    static final int MAX_ANSWER = 10_000;
    static final int MAX_QUEUE_OUTPUT = 20_000;

    private String cause;
    private String prevention;
    private boolean queueEmptied;
    private String queueOutput;

    public String getCause() {
        return cause;
    }

    public void setCause(String cause) {
        this.cause = cause;
    }

    public String getPrevention() {
        return prevention;
    }

    public void setPrevention(String prevention) {
        this.prevention = prevention;
    }

    public boolean isQueueEmptied() {
        return queueEmptied;
    }

    public void setQueueEmptied(boolean queueEmptied) {
        this.queueEmptied = queueEmptied;
    }

    public String getQueueOutput() {
        return queueOutput;
    }

    public void setQueueOutput(String queueOutput) {
        this.queueOutput = queueOutput;
    }

    Answers toAnswers() {
        return new Answers(strip(cause), strip(prevention), queueEmptied, strip(queueOutput));
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }
}
