package org.relaywarden.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard needs from the process engine (an outbound port: only the process package knows the
 * engine): the open tasks for a person, and which process instance runs which case.
 */
public interface WaitingWork {

    /** An open task for a person, on the case {@code caseRef} ({@code RW-<n>}). */
    record PersonTask(String caseRef, String task, Instant since) {
    }

    /** The open user tasks of running remediations. */
    List<PersonTask> openPersonTasks();

    /** Case reference ({@code RW-<n>}) to the id of its running process instance. */
    Map<String, String> runningInstances();
}
