package org.relaywarden.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;
import org.relaywarden.cases.CaseRecords;
import org.relaywarden.cases.CaseReference;
import org.relaywarden.cases.CaseStage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The stage listener serves the current model and instances still running on an earlier version of it. */
class CaseStageListenerTest {

    static DelegateExecution at(String activity, String event) {
        DelegateExecution e = mock(DelegateExecution.class);
        when(e.getCurrentActivityId()).thenReturn(activity);
        when(e.getEventName()).thenReturn(event);
        when(e.getProcessBusinessKey()).thenReturn("RW-7");
        return e;
    }

    @Test
    void currentAndEarlierModelsEnterTheirStagesAndAnUndeclaredOneFails() throws Exception {
        CaseRecords cases = mock(CaseRecords.class);
        CaseStageListener listener = new CaseStageListener(cases);

        listener.notify(at(RelayRemediation.Elements.STAGED_REENABLE, "start"));
        verify(cases).enterStage(CaseReference.parse("RW-7"), CaseStage.STAGED_REENABLE);
        // an instance started before the staged re-enable became a sub-process: its task carries the listener
        listener.notify(at(RelayRemediation.Elements.START_PROBATION, "end"));
        verify(cases).enterStage(CaseReference.parse("RW-7"), CaseStage.PROBATION);

        CaseRecords untouched = mock(CaseRecords.class);
        assertThatThrownBy(() -> new CaseStageListener(untouched).notify(at("Task_Unknown", "start")))
                .hasMessageContaining("Task_Unknown:start");
        verifyNoInteractions(untouched);
    }
}
